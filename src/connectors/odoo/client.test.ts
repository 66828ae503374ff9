import { describe, expect, it } from 'vitest';
import { FakeTransport, type Handler } from '../../../test/support/fake-transport.js';
import { silentLogger } from '../../logging/logger.js';
import { chooseProtocol, OdooClient } from './client.js';
import { OdooError } from './errors.js';
import type { ServerVersion } from './transport.js';

const V19: ServerVersion = { version: '19.0', major: 19, minor: 0, edition: 'community' };
const V17: ServerVersion = { version: '17.0', major: 17, minor: 0, edition: 'community' };

function clientOver(handler: Handler, retries = 3, maxInFlight = 4, windowMs = 0) {
  const transport = new FakeTransport(handler);
  const client = OdooClient.over(
    transport,
    { uid: 2, version: V19, db: 'test' },
    {
      maxInFlight,
      retry: { retries, minTimeoutMs: 1, maxTimeoutMs: 4, windowMs },
      context: { lang: 'en_US', tz: 'Asia/Jakarta' },
    },
    silentLogger(),
  );
  return { client, transport };
}

describe('OdooClient.call', () => {
  it('merges the default context with the call’s', async () => {
    const { client, transport } = clientOver(() => []);
    await client.call('res.partner', 'search_read', [], { domain: [] }, { context: { active_test: false } });
    expect(transport.calls[0]?.context).toEqual({ lang: 'en_US', tz: 'Asia/Jakarta', active_test: false });
  });

  it('names the model and method in the error it throws', async () => {
    const { client } = clientOver(() => {
      throw new OdooError({ code: 'access', message: 'no' });
    });
    await expect(client.call('res.partner', 'read', [[1]])).rejects.toMatchObject({
      code: 'access',
      model: 'res.partner',
      method: 'read',
      location: 'res.partner.read',
    });
  });

  it('retries a read after transient failures, then succeeds', async () => {
    let attempts = 0;
    const { client } = clientOver(() => {
      attempts += 1;
      if (attempts < 3)
        throw new OdooError({ code: attempts === 1 ? 'timeout' : 'server', message: 'flaky' });
      return 7;
    });
    await expect(client.searchCount('res.partner', [])).resolves.toBe(7);
    expect(attempts).toBe(3);
    expect(client.calls).toBe(3);
  });

  it('gives up after the configured retries', async () => {
    let attempts = 0;
    const { client } = clientOver(() => {
      attempts += 1;
      throw new OdooError({ code: 'network', message: 'down' });
    }, 2);
    await expect(client.searchCount('res.partner', [])).rejects.toMatchObject({ code: 'network' });
    expect(attempts).toBe(3);
  });

  it('never retries a create that may have reached Odoo', async () => {
    let attempts = 0;
    const { client } = clientOver(() => {
      attempts += 1;
      throw new OdooError({ code: 'timeout', message: 'slow' });
    });
    await expect(client.call('res.partner', 'create', [[{ name: 'x' }]])).rejects.toMatchObject({
      code: 'timeout',
    });
    expect(attempts).toBe(1);
  });

  it('retries a create whose request was never sent', async () => {
    let attempts = 0;
    const { client } = clientOver(() => {
      attempts += 1;
      if (attempts === 1) throw new OdooError({ code: 'network', message: 'refused', notSent: true });
      return [5];
    });
    await expect(client.call('res.partner', 'create', [[{ name: 'x' }]])).resolves.toEqual([5]);
    expect(attempts).toBe(2);
  });

  it('does not retry what the caller must fix', async () => {
    let attempts = 0;
    const { client } = clientOver(() => {
      attempts += 1;
      throw new OdooError({ code: 'validation', message: 'bad' });
    });
    await expect(client.searchCount('res.partner', [])).rejects.toMatchObject({ code: 'validation' });
    expect(attempts).toBe(1);
  });

  it('keeps at most maxInFlight calls in flight', async () => {
    let running = 0;
    let peak = 0;
    const { client } = clientOver(
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 2));
        running -= 1;
        return 1;
      },
      0,
      2,
    );
    await Promise.all(Array.from({ length: 10 }, () => client.searchCount('res.partner', [])));
    expect(peak).toBe(2);
  });
});

describe('OdooClient riding out an outage', () => {
  it('retries past its retries while the window lasts, and marks the link down, then up', async () => {
    const started = Date.now();
    const { client } = clientOver(
      () => {
        if (Date.now() - started < 120)
          throw new OdooError({ code: 'network', message: 'refused', notSent: true });
        return 3;
      },
      1,
      4,
      2000,
    );
    const seen: boolean[] = [];
    const counting = client.searchCount('res.partner', []);
    await new Promise((resolve) => setTimeout(resolve, 40));
    seen.push(client.link.report().reachable);
    await expect(counting).resolves.toBe(3);
    seen.push(client.link.report().reachable);
    expect(seen).toEqual([false, true]);
    expect(client.calls).toBeGreaterThan(2);
    expect(client.link.report().lastOutage?.seconds).toBeGreaterThanOrEqual(0.1);
  });

  it('gives up once the window has passed', async () => {
    const { client } = clientOver(
      () => {
        throw new OdooError({ code: 'server', message: 'HTTP 503' });
      },
      0,
      4,
      60,
    );
    const started = Date.now();
    await expect(client.searchCount('res.partner', [])).rejects.toMatchObject({ code: 'server' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(client.link.report()).toMatchObject({ reachable: false, lastError: { code: 'server' } });
  });

  it('counts an answer of Odoo (a refusal of the data) as reachable', async () => {
    const { client } = clientOver(() => {
      throw new OdooError({ code: 'validation', message: 'bad' });
    });
    await expect(client.searchCount('res.partner', [])).rejects.toMatchObject({ code: 'validation' });
    expect(client.link.report()).toMatchObject({ reachable: true, outages: 0 });
  });
});

describe('OdooClient.create with a key, its reply lost', () => {
  /** An Odoo double: records by key; `loseReplies` replies to creates are lost after the create ran. */
  function keyedOdoo(loseReplies: number, options: { dropBeforeRunning?: boolean } = {}) {
    const records = new Map<string, number>();
    let next = 1;
    let lost = 0;
    const handler: Handler = (call) => {
      if (call.method === 'search_read') {
        const [[, , keys]] = call.kwargs.domain as [[string, string, string[]]];
        return keys.flatMap((key) => (records.has(key) ? [{ id: records.get(key), x_key: key }] : []));
      }
      const rows = call.args[0] as Array<{ x_key: string }>;
      if (lost < loseReplies && options.dropBeforeRunning) {
        lost += 1;
        throw new OdooError({ code: 'network', message: 'socket hang up' });
      }
      if (rows.some((row) => records.has(row.x_key)))
        throw new OdooError({ code: 'validation', message: 'duplicate key' });
      const ids = rows.map((row) => {
        records.set(row.x_key, next);
        return next++;
      });
      if (lost < loseReplies) {
        lost += 1;
        throw new OdooError({ code: 'network', message: 'socket hang up' });
      }
      return ids;
    };
    return { handler, records };
  }
  const rows = ['k1', 'k2', 'k3'].map((key) => ({ x_key: key }));

  it('finds the rows Odoo made before sending any again: no row twice', async () => {
    const odoo = keyedOdoo(1);
    const { client, transport } = clientOver(odoo.handler, 0, 4, 1000);
    const outcomes = await client.create('x_thing', rows, { key: 'x_key' });
    expect(outcomes).toEqual([
      { index: 0, id: 1 },
      { index: 1, id: 2 },
      { index: 2, id: 3 },
    ]);
    expect(transport.calls.map((call) => call.method)).toEqual(['create', 'search_read']);
    expect(odoo.records.size).toBe(3);
  });

  it('sends again what Odoo never made, once it is known not to be there', async () => {
    const odoo = keyedOdoo(2, { dropBeforeRunning: true });
    const { client, transport } = clientOver(odoo.handler, 0, 4, 1000);
    const outcomes = await client.create('x_thing', rows, { key: 'x_key' });
    expect(outcomes.map((outcome) => outcome.id)).toEqual([1, 2, 3]);
    expect(transport.calls.map((call) => call.method)).toEqual([
      'create',
      'search_read',
      'create',
      'search_read',
      'create',
    ]);
  });

  it('without a key, fails the create rather than send it twice', async () => {
    const odoo = keyedOdoo(1);
    const { client, transport } = clientOver(odoo.handler, 3, 4, 1000);
    await expect(client.create('x_thing', rows)).rejects.toMatchObject({ code: 'network' });
    expect(transport.calls.map((call) => call.method)).toEqual(['create']);
    expect(odoo.records.size).toBe(3);
  });

  it('isolates a refused row after a recovery without sending a found row again', async () => {
    const records = new Map<string, number>([['k2', 50]]);
    let next = 1;
    let lost = false;
    const { client } = clientOver(
      (call) => {
        if (call.method === 'search_read') {
          const [[, , keys]] = call.kwargs.domain as [[string, string, string[]]];
          return keys.flatMap((key) =>
            records.has(key) && key !== 'k2' ? [{ id: records.get(key), x_key: key }] : [],
          );
        }
        const batch = call.args[0] as Array<{ x_key: string }>;
        if (!lost) {
          lost = true;
          throw new OdooError({ code: 'timeout', message: 'no reply' });
        }
        if (batch.some((row) => row.x_key === 'bad'))
          throw new OdooError({ code: 'validation', message: 'bad' });
        return batch.map((row) => {
          records.set(row.x_key, next);
          return next++;
        });
      },
      0,
      4,
      1000,
    );
    const outcomes = await client.create('x_thing', [{ x_key: 'k1' }, { x_key: 'bad' }, { x_key: 'k3' }], {
      key: 'x_key',
    });
    expect(outcomes.map((outcome) => (outcome.error ? 'refused' : outcome.id))).toEqual([1, 'refused', 2]);
  });
});

describe('OdooClient.searchPages', () => {
  const records = Array.from({ length: 2345 }, (_, index) => ({ id: (index + 1) * 3, name: `r${index}` }));
  const pageServer: Handler = (call) => {
    const domain = call.kwargs.domain as unknown[];
    const cursor = domain.at(-1) as [string, string, number];
    expect(cursor.slice(0, 2)).toEqual(['id', '>']);
    expect(call.kwargs.order).toBe('id asc');
    const limit = call.kwargs.limit as number;
    return records.filter((record) => record.id > cursor[2]).slice(0, limit);
  };

  it('reads every record once, a page at a time, by id cursor', async () => {
    const { client, transport } = clientOver(pageServer);
    const sizes: number[] = [];
    const ids: number[] = [];
    for await (const page of client.searchPages('res.partner', [['active', '=', true]], ['name'], {
      pageSize: 1000,
    })) {
      sizes.push(page.length);
      ids.push(...page.map((record) => record.id));
    }
    expect(sizes).toEqual([1000, 1000, 345]);
    expect(ids).toEqual(records.map((record) => record.id));
    expect(transport.calls).toHaveLength(3);
    expect(transport.calls[1]?.kwargs.domain).toEqual([
      ['active', '=', true],
      ['id', '>', 3000],
    ]);
  });

  it('asks only for the pages the consumer takes', async () => {
    const { client, transport } = clientOver(pageServer);
    for await (const page of client.searchPages('res.partner', [], ['name'], { pageSize: 100 })) {
      expect(page).toHaveLength(100);
      break;
    }
    expect(transport.calls).toHaveLength(1);
  });

  it('stops after an exactly full last page with one empty read', async () => {
    const { client, transport } = clientOver((call) => {
      const cursor = (call.kwargs.domain as unknown[]).at(-1) as [string, string, number];
      return cursor[2] === 0 ? [{ id: 1 }, { id: 2 }] : [];
    });
    const pages = [];
    for await (const page of client.searchPages('res.partner', [], [], { pageSize: 2 })) pages.push(page);
    expect(pages).toHaveLength(1);
    expect(transport.calls).toHaveLength(2);
  });
});

describe('OdooClient.create', () => {
  it('sends one call per chunk and returns ids in input order', async () => {
    let next = 100;
    const { client, transport } = clientOver((call) => (call.args[0] as unknown[]).map(() => next++));
    const outcomes = await client.create(
      'res.partner',
      Array.from({ length: 5 }, (_, index) => ({ name: `p${index}` })),
      { chunkSize: 2 },
    );
    expect(transport.calls).toHaveLength(3);
    expect(outcomes.map((outcome) => outcome.id)).toEqual([100, 101, 102, 103, 104]);
  });

  it('isolates the rows Odoo refuses by halving the batch, and creates the rest', async () => {
    let next = 1;
    const { client, transport } = clientOver((call) => {
      const rows = call.args[0] as Array<{ name: string }>;
      if (rows.some((row) => row.name.startsWith('bad'))) {
        throw new OdooError({ code: 'validation', message: 'bad row' });
      }
      return rows.map(() => next++);
    });
    const names = ['a', 'b', 'bad1', 'c', 'd', 'e', 'bad2', 'f'];
    const outcomes = await client.create(
      'res.partner',
      names.map((name) => ({ name })),
    );
    expect(outcomes.map((outcome) => (outcome.error ? `x:${outcome.error.code}` : 'ok'))).toEqual([
      'ok',
      'ok',
      'x:validation',
      'ok',
      'ok',
      'ok',
      'x:validation',
      'ok',
    ]);
    // 1 (all) + 2 (halves) + 4 (quarters) + 4 (pairs holding a bad row split) = 11 at most, far from one per row twice.
    expect(transport.calls.length).toBeLessThanOrEqual(11);
  });

  it('lets a connection failure through instead of blaming the rows', async () => {
    const { client } = clientOver(() => {
      throw new OdooError({ code: 'server', message: 'down' });
    }, 0);
    await expect(client.create('res.partner', [{ name: 'a' }, { name: 'b' }])).rejects.toMatchObject({
      code: 'server',
    });
  });
});

describe('OdooClient.write', () => {
  it('writes identical values in one call and reports every update', async () => {
    const { client, transport } = clientOver(() => true);
    const outcomes = await client.write('x_h23_followup', [
      { id: 1, values: { x_state: 'done' } },
      { id: 2, values: { x_state: 'open' } },
      { id: 3, values: { x_state: 'done' } },
    ]);
    expect(transport.calls.map((call) => call.args)).toEqual([
      [[1, 3], { x_state: 'done' }],
      [[2], { x_state: 'open' }],
    ]);
    expect(outcomes).toEqual([
      { index: 0, id: 1 },
      { index: 1, id: 2 },
      { index: 2, id: 3 },
    ]);
  });

  it('pins a refused write on its record', async () => {
    const { client } = clientOver((call) => {
      if ((call.args[0] as number[]).includes(2)) throw new OdooError({ code: 'missing', message: 'gone' });
      return true;
    });
    const outcomes = await client.write('res.partner', [
      { id: 1, values: { name: 'a' } },
      { id: 2, values: { name: 'a' } },
    ]);
    expect(outcomes.map((outcome) => [outcome.id, outcome.error?.code])).toEqual([
      [1, undefined],
      [2, 'missing'],
    ]);
  });
});

describe('chooseProtocol', () => {
  it.each<[string, 'auto' | 'jsonrpc' | 'json2', ServerVersion, boolean, string]>([
    ['auto on 19 with a key', 'auto', V19, true, 'json2'],
    ['auto on 19 with a password', 'auto', V19, false, 'jsonrpc'],
    ['auto on 17 with a key', 'auto', V17, true, 'jsonrpc'],
    ['jsonrpc forced on 19', 'jsonrpc', V19, true, 'jsonrpc'],
    ['json2 on 19 with a key', 'json2', V19, true, 'json2'],
  ])('%s → %s', (_, choice, version, hasKey, expected) => {
    expect(chooseProtocol(choice, version, hasKey)).toBe(expected);
  });

  it('refuses JSON-2 before Odoo 19', () => {
    expect(() => chooseProtocol('json2', V17, true)).toThrow(
      /JSON-2 needs Odoo 19 or later; this server runs Odoo 17.0/,
    );
  });

  it('refuses JSON-2 without an API key', () => {
    expect(() => chooseProtocol('json2', V19, false)).toThrow(/API key/);
  });
});
