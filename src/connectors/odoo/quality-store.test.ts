import { describe, expect, it } from 'vitest';
import { FakeTransport, type Handler } from '../../../test/support/fake-transport.js';
import { silentLogger } from '../../logging/logger.js';
import { OdooClient } from './client.js';
import { dialectFor } from './dialect.js';
import { OdooError } from './errors.js';
import { QualityStore, qualityMetrics } from './quality-store.js';
import type { ServerVersion } from './transport.js';

const V19: ServerVersion = { version: '19.0', major: 19, minor: 0, edition: 'community' };
const V17: ServerVersion = { version: '17.0', major: 17, minor: 0, edition: 'community' };

function storeOver(handler: Handler, version = V19) {
  const transport = new FakeTransport(handler);
  const client = OdooClient.over(
    transport,
    { uid: 2, version, db: 'test' },
    { maxInFlight: 4, retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 }, context: {} },
    silentLogger(),
  );
  return { store: new QualityStore(client, silentLogger()), transport };
}

/** Grouped answers as Odoo gives them: `[id, name]` or false per branch, and `__count`. */
const GROUPS: Record<string, Array<[number | false, number]>> = {
  customers: [
    [1, 10],
    [2, 4],
    [false, 3],
  ],
  validMobile: [
    [1, 8],
    [false, 1],
  ],
  worTotal: [[2, 5]],
};

describe('QualityStore.counts', () => {
  const metrics = [17, 19].flatMap((major) => qualityMetrics('2026-11-23', dialectFor(major)));
  const metricOf = (domain: unknown) =>
    metrics.find((metric) => JSON.stringify(metric.domain) === JSON.stringify(domain))?.name ?? '?';

  it('on Odoo 19, one formatted_read_group per count, grouped by branch, merged per branch', async () => {
    const { store, transport } = storeOver((call) =>
      (GROUPS[metricOf(call.kwargs.domain)] ?? []).map(([branch, count]) => ({
        x_branch_id: branch === false ? false : [branch, `Cabang ${branch}`],
        __count: count,
        __extra_domain: [],
      })),
    );
    const result = await store.counts('2026-11-23', [1, 2]);
    expect(result.method).toBe('grouped');
    expect(Object.fromEntries(result.counts)).toEqual({
      1: { customers: 10, validMobile: 8 },
      2: { customers: 4, worTotal: 5 },
      null: { customers: 3, validMobile: 1 },
    });
    expect(transport.calls).toHaveLength(9);
    expect(new Set(transport.calls.map((call) => call.method))).toEqual(new Set(['formatted_read_group']));
    expect(transport.calls[0]?.kwargs).toEqual({
      domain: [['x_partner_id', '!=', false]],
      groupby: ['x_branch_id'],
      aggregates: ['__count'],
    });
  });

  it('on Odoo 14–18, read_group with lazy=false (whose count is __count)', async () => {
    const { store, transport } = storeOver(
      (call) =>
        (GROUPS[metricOf(call.kwargs.domain)] ?? []).map(([branch, count]) => ({
          x_branch_id: branch === false ? false : [branch, `Cabang ${branch}`],
          __count: count,
        })),
      V17,
    );
    const result = await store.counts('2026-11-23', [1, 2]);
    expect(result.counts.get(1)).toEqual({ customers: 10, validMobile: 8 });
    expect(transport.calls.map((call) => call.method)).toEqual(Array(9).fill('read_group'));
    expect(transport.calls[0]?.kwargs).toMatchObject({ groupby: ['x_branch_id'], lazy: false });
  });

  it('when the server refuses the grouped read, counts with search_count per count and branch (no branch too)', async () => {
    const { store, transport } = storeOver((call) => {
      if (call.method === 'formatted_read_group') {
        throw new OdooError({ code: 'protocol', message: "no method 'formatted_read_group'" });
      }
      const branchTerm = (call.kwargs.domain as unknown[]).at(-1) as [string, string, number | false];
      const rest = (call.kwargs.domain as unknown[]).slice(0, -1);
      const branch = branchTerm[2] === false ? false : branchTerm[2];
      return GROUPS[metricOf(rest)]?.find(([id]) => id === branch)?.[1] ?? 0;
    });
    const result = await store.counts('2026-11-23', [1, 2]);
    expect(result.method).toBe('search_count');
    expect(Object.fromEntries(result.counts)).toEqual({
      1: { customers: 10, validMobile: 8 },
      2: { customers: 4, worTotal: 5 },
      null: { customers: 3, validMobile: 1 },
    });
    const counts = transport.calls.filter((call) => call.method === 'search_count');
    expect(counts).toHaveLength(9 * 3);
    expect(counts.map((call) => (call.kwargs.domain as unknown[]).at(-1))).toContainEqual([
      'x_branch_id',
      '=',
      false,
    ]);
  });

  it('an access error is not worked around: it stops the count', async () => {
    const { store, transport } = storeOver(() => {
      throw new OdooError({ code: 'access', message: 'not allowed to read x_h23_unit' });
    });
    await expect(store.counts('2026-11-23', [1])).rejects.toMatchObject({ code: 'access' });
    expect(transport.calls.some((call) => call.method === 'search_count')).toBe(false);
  });
});

describe('qualityMetrics', () => {
  it.each([
    ['customers', 'x_h23_unit', [['x_partner_id', '!=', false]]],
    [
      'completeRecords',
      'x_h23_unit',
      [
        ['x_partner_id', '!=', false],
        ['x_partner_id.phone', '=like', '+628%'],
        ['x_partner_id.street', '!=', false],
        ['x_partner_id.city', '!=', false],
        ['x_purchase_date', '!=', false],
      ],
    ],
    [
      'worMatched',
      'x_h23_wor',
      [
        ['x_visit_date', '=', '2026-11-23'],
        ['x_state', '=', 'matched'],
        ['x_resolution', 'in', ['owner', 'carrier', 'reviewed']],
      ],
    ],
    [
      'worCreated',
      'x_h23_wor',
      [
        ['x_visit_date', '=', '2026-11-23'],
        ['x_resolution', '=', 'created'],
      ],
    ],
    [
      'worReview',
      'x_h23_wor',
      [
        ['x_visit_date', '=', '2026-11-23'],
        ['x_state', '=', 'review'],
      ],
    ],
  ])('%s counts %s where %j', (name, model, domain) => {
    expect(qualityMetrics('2026-11-23', dialectFor(19)).find((metric) => metric.name === name)).toEqual({
      name,
      model,
      domain,
    });
  });

  it('res.partner.mobile exists on 17 and 18: a valid mobile is +628… in mobile or phone there', () => {
    for (const major of [17, 18]) {
      expect(
        qualityMetrics('2026-11-23', dialectFor(major)).find((m) => m.name === 'validMobile')?.domain,
      ).toEqual([
        ['x_partner_id', '!=', false],
        '|',
        ['x_partner_id.phone', '=like', '+628%'],
        ['x_partner_id.mobile', '=like', '+628%'],
      ]);
    }
  });
});
