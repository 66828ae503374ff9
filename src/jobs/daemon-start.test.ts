import { describe, expect, it } from 'vitest';
import { FakeTransport } from '../../test/support/fake-transport.js';
import { OdooClient, type OdooConnection } from '../connectors/odoo/client.js';
import { dialectFor } from '../connectors/odoo/dialect.js';
import { OdooError } from '../connectors/odoo/errors.js';
import type { RpcCall } from '../connectors/odoo/transport.js';
import { createLogger, silentLogger } from '../logging/logger.js';
import { buildModule } from '../module/index.js';
import { connectWhenUp, ensureExtension } from './daemon-start.js';

const connection = { url: 'http://127.0.0.1:8069', db: 'dealer' } as OdooConnection;

function recordingLogger() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'warn', destination: { write: (line: string) => lines.push(line) } });
  return { logger, lines };
}

describe('connectWhenUp: the daemon started before Odoo', () => {
  it('waits for Odoo with a log line per attempt, doubling the wait, then connects', async () => {
    const { logger, lines } = recordingLogger();
    const waits: number[] = [];
    let attempts = 0;
    const client = {} as OdooClient;
    const connected = await connectWhenUp(
      connection,
      logger,
      () => false,
      async (ms) => {
        waits.push(ms);
      },
      async () => {
        attempts += 1;
        if (attempts <= 3)
          throw new OdooError({ code: 'network', message: 'connect ECONNREFUSED 127.0.0.1:8069' });
        return client;
      },
    );
    expect(connected).toBe(client);
    expect(waits).toEqual([2000, 4000, 8000]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('Odoo is not reachable yet: waiting for it');
  });

  it('fails at once on what waiting cannot mend (a refused key), and when stopped', async () => {
    const { logger } = recordingLogger();
    const refuse = async () => {
      throw new OdooError({ code: 'auth', message: 'Access Denied' });
    };
    await expect(
      connectWhenUp(
        connection,
        logger,
        () => false,
        async () => {},
        refuse,
      ),
    ).rejects.toMatchObject({
      code: 'auth',
    });
    const down = async () => {
      throw new OdooError({ code: 'network', message: 'ECONNREFUSED' });
    };
    await expect(
      connectWhenUp(
        connection,
        logger,
        () => true,
        async () => {},
        down,
      ),
    ).rejects.toMatchObject({
      code: 'network',
    });
  });
});

describe('ensureExtension with the bridge user (no right to models and views)', () => {
  /** The bridge user's view of Odoo: not an administrator, may read external IDs. */
  function bridgeView(names: readonly string[], automationAddon = false) {
    const rows = names.map((name, index) => ({
      id: index + 1,
      module: 'h23_crm',
      name,
      model: 'x',
      res_id: index + 1,
    }));
    const handle = (call: RpcCall): unknown => {
      if (call.model === 'res.users' && call.method === 'read') return [{ id: 5, group_ids: [1] }];
      if (call.model === 'ir.module.module' && call.method === 'search_read')
        return automationAddon ? [{ id: 77, name: 'base_automation', state: 'installed' }] : [];
      if (call.model === 'ir.model.data' && call.method === 'search_read') {
        const domain = (call.kwargs.domain ?? []) as Array<[string, string, unknown]>;
        const byName = domain.find((term) => term[0] === 'name');
        if (byName) {
          const wanted = new Set(byName[2] as string[]);
          // base.group_system lies outside h23_crm: the user is in group 1 only.
          return wanted.has('group_system')
            ? [{ id: 900, module: 'base', name: 'group_system', model: 'res.groups', res_id: 2 }]
            : rows.filter((row) => wanted.has(row.name));
        }
        const offset = Number(call.kwargs.offset ?? 0);
        const limit = Number(call.kwargs.limit ?? rows.length);
        return rows.slice(offset, offset + limit);
      }
      throw new Error(`unexpected ${call.model}.${call.method}`);
    };
    return OdooClient.over(
      new FakeTransport(handle),
      { uid: 5, version: { version: '19.0', major: 19, minor: 0, edition: 'community' }, db: 'dealer' },
      { maxInFlight: 1, retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 }, context: {} },
      silentLogger(),
    );
  }
  const declared = [
    ...new Set(buildModule(dialectFor(19)).map((record) => record.xmlid.split('.')[1] as string)),
  ];

  it.each([
    { case: 'every declared record present', names: declared, expected: 'current' },
    {
      case: 'a record of this version missing (bridge upgraded alone)',
      names: declared.slice(1),
      expected: 'outdated',
    },
    { case: 'no extension at all', names: [], expected: 'missing' },
    // Automation Rules installed since: the complaint rules the module declares there are missing.
    {
      case: 'Automation Rules installed, its rules not yet',
      names: declared,
      automation: true,
      expected: 'outdated',
    },
    {
      case: 'Automation Rules installed, its rules too',
      names: [...declared, 'automation_complaint_stage', 'action_complaint_stage_rules'],
      automation: true,
      expected: 'current',
    },
  ])('$case: $expected', async ({ names, expected, automation }) => {
    expect(await ensureExtension(bridgeView(names, automation ?? false), silentLogger())).toBe(expected);
  });
});
