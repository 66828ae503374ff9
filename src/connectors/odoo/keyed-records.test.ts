import { describe, expect, it } from 'vitest';
import { FakeTransport } from '../../../test/support/fake-transport.js';
import { silentLogger } from '../../logging/logger.js';
import { OdooClient } from './client.js';
import { applyRecordActions } from './keyed-records.js';

function clientOver(transport: FakeTransport): OdooClient {
  return OdooClient.over(
    transport,
    { uid: 2, version: { version: '18.0', major: 18, minor: 0, edition: 'community' }, db: 'test' },
    { maxInFlight: 1, retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 }, context: {} },
    silentLogger(),
  );
}

describe('applyRecordActions: creates through load()', () => {
  it('a row never gets an empty cell for a field only its neighbours set (Odoo 18 stored custom fields as store=false)', async () => {
    let nextId = 100;
    const transport = new FakeTransport((call) => {
      const data = call.kwargs.data as unknown[][];
      return { ids: data.map(() => nextId++), messages: [] };
    });
    const rows = new Map<string, Record<string, string | boolean>>([
      ['m.plain', { name: 'x_a', ttype: 'char' }],
      ['m.computed', { name: 'x_b', ttype: 'integer', compute: 'x', store: true }],
      ['m.plain2', { name: 'x_c', ttype: 'char' }],
    ]);
    const outcomes = await applyRecordActions(
      clientOver(transport),
      'ir.model.fields',
      [...rows.keys()].map((key) => ({ action: 'create' as const, key, values: rows.get(key) ?? {} })),
      rows,
      {
        name: { type: 'char', string: 'Name' },
        ttype: { type: 'selection', string: 'Type' },
        compute: { type: 'text', string: 'Compute' },
        store: { type: 'boolean', string: 'Stored' },
      },
    );
    const loads = transport.calls.filter((call) => call.method === 'load');
    expect(loads.map((call) => call.kwargs.fields)).toEqual([
      ['id', 'name', 'ttype'],
      ['id', 'compute', 'name', 'store', 'ttype'],
    ]);
    expect(loads[0]?.kwargs.data).toEqual([
      ['m.plain', 'x_a', 'char'],
      ['m.plain2', 'x_c', 'char'],
    ]);
    // Outcomes keep the input order whatever the grouping.
    expect(outcomes.map((outcome) => [outcome.xmlid, outcome.action])).toEqual([
      ['m.plain', 'create'],
      ['m.computed', 'create'],
      ['m.plain2', 'create'],
    ]);
  });
});
