import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { silentLogger } from '../../src/logging/logger.js';
import { type FaultKind, FaultProxy } from '../support/fault-proxy.js';

/**
 * The fault proxy in front of a small Odoo double over real HTTP (JSON-2), with the bridge's
 * own client: each fault reaches the client as the failure it stands for, a read rides it out,
 * and a keyed create whose reply was lost is found by its key, never made twice.
 */
describe('the fault proxy between the client and an Odoo double', () => {
  let odoo: Server;
  let proxy: FaultProxy;
  const records = new Map<string, number>();
  let creates = 0;

  beforeAll(async () => {
    nock.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/);
    odoo = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (part: Buffer) => parts.push(part));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(parts).toString() || '{}');
        const json = (value: unknown) =>
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        if (req.url === '/jsonrpc')
          return json({
            jsonrpc: '2.0',
            id: body.id,
            result: { server_version: '19.0', server_version_info: [19, 0, 0, 'final', 0, ''] },
          });
        if (req.url === '/json/2/res.users/context_get') return json({ uid: 2 });
        if (req.url === '/json/2/x_thing/search_count') return json(records.size);
        if (req.url === '/json/2/x_thing/search_read') {
          const keys = body.domain[0][2] as string[];
          return json(
            keys.flatMap((key) => (records.has(key) ? [{ id: records.get(key), x_key: key }] : [])),
          );
        }
        if (req.url === '/json/2/x_thing/create') {
          creates += 1;
          return json(
            (body.vals_list as Array<{ x_key: string }>).map((row) => {
              records.set(row.x_key, records.size + 1);
              return records.size;
            }),
          );
        }
        res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => odoo.listen(0, '127.0.0.1', resolve));
    proxy = await FaultProxy.start(`http://127.0.0.1:${(odoo.address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => odoo.close(resolve));
    nock.disableNetConnect();
  });

  beforeEach(() => {
    proxy.reset();
    records.clear();
    creates = 0;
  });

  const connect = (windowMs: number) =>
    OdooClient.connect(
      {
        url: proxy.url,
        db: 'test',
        apiKey: 'key',
        protocol: 'json2',
        timeoutMs: 1000,
        maxInFlight: 1,
        retry: { retries: 0, minTimeoutMs: 50, maxTimeoutMs: 200, windowMs },
        context: {},
      },
      silentLogger(),
    );

  it('counts the calls by Odoo method', async () => {
    const client = await connect(0);
    await client.searchCount('x_thing', []);
    expect(proxy.counts()).toEqual(
      new Map([
        ['common.version', 1],
        ['res.users.context_get', 1],
        ['x_thing.search_count', 1],
      ]),
    );
    expect(proxy.calls.map((call) => call.write)).toEqual([false, false, false]);
  });

  it.each<[FaultKind, string]>([
    ['refuse', 'network'],
    ['reset-request', 'network'],
    ['reset-response', 'network'],
    ['stall', 'timeout'],
    ['502', 'server'],
    ['503', 'server'],
  ])('%s: without a window the read fails as %s; with one it rides it out', async (kind, code) => {
    const client = await connect(0);
    const read = { match: (call: { model: string }) => call.model === 'x_thing' };
    proxy.arm({ kind, at: 1, forMs: 600, stallMs: 1500, ...read });
    await expect(client.searchCount('x_thing', [])).rejects.toMatchObject({ code });
    proxy.heal();
    const riding = await connect(3000);
    proxy.arm({ kind, at: 1, times: 2, forMs: 600, stallMs: 1500, ...read });
    await expect(riding.searchCount('x_thing', [])).resolves.toBe(0);
    expect(proxy.fired).toBeGreaterThan(0);
    expect(riding.link.report()).toMatchObject({ reachable: true, outages: 1, lastError: { code } });
  });

  it('a refused connection is known never sent: even an unkeyed create goes again', async () => {
    const client = await connect(3000);
    proxy.arm({ kind: 'refuse', at: 1, forMs: 300 });
    await expect(client.create('x_thing', [{ x_key: 'a' }])).resolves.toEqual([{ index: 0, id: 1 }]);
    expect(records.size).toBe(1);
  });

  it.each<FaultKind>([
    'reset-response',
    'stall',
    '502',
  ])('%s on a keyed create: found by its key, sent once, however the reply went', async (kind) => {
    const client = await connect(3000);
    proxy.arm({ kind, at: 1, stallMs: 1500, match: (call) => call.method === 'create' });
    const outcomes = await client.create('x_thing', [{ x_key: 'a' }, { x_key: 'b' }], { key: 'x_key' });
    expect(outcomes.map((outcome) => outcome.id)).toEqual([1, 2]);
    // Odoo made the rows once: the stalled or cut create ran and was found; the 502 never reached
    // Odoo, so the look-up found nothing and the rows went again.
    expect(creates).toBe(1);
    expect(records.size).toBe(2);
  });

  it('an unkeyed create whose reply was lost fails rather than go twice', async () => {
    const client = await connect(3000);
    proxy.arm({ kind: 'reset-response', at: 1, match: (call) => call.method === 'create' });
    await expect(client.create('x_thing', [{ x_key: 'a' }])).rejects.toMatchObject({ code: 'network' });
    expect(creates).toBe(1);
  });
});
