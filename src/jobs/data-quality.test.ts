import { describe, expect, it } from 'vitest';
import { FakeTransport } from '../../test/support/fake-transport.js';
import { MemoryQualityStore } from '../../test/support/memory-quality-store.js';
import { OdooClient } from '../connectors/odoo/client.js';
import { OdooError } from '../connectors/odoo/errors.js';
import type { RpcCall } from '../connectors/odoo/transport.js';
import { silentLogger } from '../logging/logger.js';
import type { QualityCounts } from '../rules/quality/quality.js';
import { measureDataQuality, runDataQuality } from './data-quality.js';

const DATE = '2026-11-23';

/**
 * Just enough of Odoo for the job: branches, grouped counts set by the test,
 * and an `x_h23_data_quality` table answering search_read, create and load.
 */
class QualityOdoo {
  readonly branches = [
    { id: 1, x_name: 'Bogor', x_active: true },
    { id: 2, x_name: 'Sukabumi', x_active: true },
  ];
  /** Customers per branch id (`false`: no branch); every unit count follows it, WOR counts are 0. */
  customers = new Map<number | false, number>([
    [1, 10],
    [2, 4],
  ]);
  readonly records: Array<Record<string, unknown> & { id: number }> = [];
  /** Branches whose record Odoo refuses to create. */
  readonly refuseBranch = new Set<number>();
  writes = 0;

  handle = (call: RpcCall): unknown => {
    const { model, method, kwargs } = call;
    if (model === 'x_h23_branch' && method === 'search_read') return this.branches;
    if (method === 'formatted_read_group') {
      if (model === 'x_h23_wor') return [];
      return [...this.customers].map(([branch, count]) => ({
        x_branch_id: branch === false ? false : [branch, `Cabang ${branch}`],
        __count: count,
      }));
    }
    if (model !== 'x_h23_data_quality') throw new Error(`unexpected ${model}.${method}`);
    if (method === 'search_read') {
      const found = this.records.filter((record) => matches(record, (kwargs.domain as unknown[]) ?? []));
      if (kwargs.order === 'x_date desc, id')
        found.sort((a, b) => String(b.x_date).localeCompare(String(a.x_date)) || a.id - b.id);
      return found
        .slice(0, (kwargs.limit as number | undefined) ?? found.length)
        .map((record) => ({ ...record }));
    }
    if (method === 'write') {
      const [ids, values] = call.args as [number[], Record<string, unknown>];
      this.writes += 1;
      for (const record of this.records.filter((row) => ids.includes(row.id))) Object.assign(record, values);
      return true;
    }
    if (method === 'fields_get') {
      return Object.fromEntries(
        (kwargs.allfields as string[]).map((name) => [
          name,
          { type: name === 'x_valid_rate' ? 'float' : 'integer', string: name },
        ]),
      );
    }
    if (method === 'create') {
      const values = call.args[0] as Array<Record<string, unknown>>;
      if (values.some((row) => this.refuseBranch.has(row.x_branch_id as number))) {
        throw new OdooError({ code: 'validation', message: 'Cabang tidak valid' });
      }
      this.writes += 1;
      return values.map((row) => {
        const id = this.records.length + 100;
        this.records.push({ id, ...row });
        return id;
      });
    }
    if (method === 'load') {
      this.writes += 1;
      const columns = kwargs.fields as string[];
      const ids = (kwargs.data as string[][]).map((cells) => {
        const record = this.records.find((row) => String(row.id) === cells[0]);
        columns.slice(1).forEach((column, index) => {
          if (record) record[column] = Number(cells[index + 1]);
        });
        return record?.id;
      });
      return { ids, messages: [] };
    }
    throw new Error(`unexpected ${model}.${method}`);
  };
}

/** The domains the job sends: `=` leaves, ANDed, or two ORed by a leading '|'. */
function matches(record: Record<string, unknown>, domain: readonly unknown[]): boolean {
  const leaf = (term: unknown) => {
    const [field, , value] = term as [string, string, unknown];
    return (record[field] ?? false) === value;
  };
  if (domain[0] === '|') return leaf(domain[1]) || leaf(domain[2]);
  return domain.every(leaf);
}

function clientOver(odoo: QualityOdoo) {
  return OdooClient.over(
    new FakeTransport(odoo.handle),
    { uid: 2, version: { version: '19.0', major: 19, minor: 0, edition: 'community' }, db: 'test' },
    { maxInFlight: 4, retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 }, context: {} },
    silentLogger(),
  );
}

describe('runDataQuality', () => {
  it('creates a record per branch, then a re-run writes nothing, then a changed count updates only its record', async () => {
    const odoo = new QualityOdoo();
    const client = clientOver(odoo);
    const first = await runDataQuality(client, silentLogger(), { date: DATE });
    expect([first.created, first.updated, first.unchanged]).toEqual([2, 0, 0]);
    expect(odoo.records.map((record) => [record.x_date, record.x_branch_id, record.x_customers])).toEqual([
      [DATE, 1, 10],
      [DATE, 2, 4],
    ]);
    expect(first.rows.map((row) => [row.branchName, row.recordId, row.written])).toEqual([
      ['Bogor', 100, 'created'],
      ['Sukabumi', 101, 'created'],
    ]);
    expect(first.total).toMatchObject({ customers: 14, completeRecords: 14, validRate: 100 });

    const writes = odoo.writes;
    const again = await runDataQuality(client, silentLogger(), { date: DATE });
    expect([again.created, again.updated, again.unchanged]).toEqual([0, 0, 2]);
    expect(odoo.writes).toBe(writes);

    odoo.customers.set(2, 5);
    odoo.customers.set(false, 3);
    const third = await runDataQuality(client, silentLogger(), { date: DATE });
    expect(third.rows.map((row) => [row.branchName, row.customers, row.written])).toEqual([
      ['Bogor', 10, 'unchanged'],
      ['Sukabumi', 5, 'updated'],
      ['Tanpa Cabang', 3, 'created'],
    ]);
    expect(odoo.records.find((record) => record.x_branch_id === 2)?.x_customers).toBe(5);
    expect(odoo.records.find((record) => record.x_branch_id === false)?.x_customers).toBe(3);
  });

  it('flags the newest date’s records as latest (the reports’ default filter), whatever date a run is for', async () => {
    const odoo = new QualityOdoo();
    const client = clientOver(odoo);
    const latestOf = () =>
      odoo.records
        .filter((record) => record.x_latest === true)
        .map((record) => [record.x_date, record.x_branch_id]);
    const first = await runDataQuality(client, silentLogger(), { date: DATE });
    expect(first.latest).toEqual({ date: DATE, flagged: 2, unflagged: 0 });
    expect(latestOf()).toEqual([
      [DATE, 1],
      [DATE, 2],
    ]);
    // A catch-up for an earlier date: its records are not the latest.
    const catchUp = await runDataQuality(client, silentLogger(), { date: '2026-11-20' });
    expect(catchUp.latest).toEqual({ date: DATE, flagged: 0, unflagged: 0 });
    const next = await runDataQuality(client, silentLogger(), { date: '2026-11-24' });
    expect(next.latest).toEqual({ date: '2026-11-24', flagged: 2, unflagged: 2 });
    expect(latestOf()).toEqual([
      ['2026-11-24', 1],
      ['2026-11-24', 2],
    ]);
    const writes = odoo.writes;
    expect((await runDataQuality(client, silentLogger(), { date: '2026-11-24' })).latest.flagged).toBe(0);
    expect(odoo.writes).toBe(writes);
  });

  it('a record Odoo refuses is reported with its branch; the others are written', async () => {
    const odoo = new QualityOdoo();
    odoo.refuseBranch.add(2);
    const report = await runDataQuality(clientOver(odoo), silentLogger(), { date: DATE });
    expect(report.created).toBe(1);
    expect(report.refused).toEqual([{ branch: 'Sukabumi', error: 'Cabang tidak valid' }]);
    expect(report.rows.map((row) => [row.branchName, row.written, row.recordId])).toEqual([
      ['Bogor', 'created', 100],
      ['Sukabumi', 'refused', null],
    ]);
  });
});

describe('measureDataQuality over a memory store', () => {
  const BRANCHES = [
    { id: 1, name: 'Bogor', active: true },
    { id: 2, name: 'Sukabumi', active: true },
    { id: 3, name: 'Cianjur (tutup)', active: false },
  ];
  function store(killSwitch = { writesLeft: Number.POSITIVE_INFINITY }) {
    const memory = new MemoryQualityStore(killSwitch);
    memory.branchList = BRANCHES.map((branch) => ({ ...branch }));
    memory.countsByBranch = new Map<number | null, Partial<QualityCounts>>([
      [1, { customers: 10, validMobile: 8, completeAddress: 7, withPurchaseDate: 9, completeRecords: 6 }],
      [2, { customers: 4, validMobile: 4, completeRecords: 2, worTotal: 5, worMatched: 3, worReview: 2 }],
      [null, { customers: 3 }],
    ]);
    return memory;
  }
  const measure = (memory: MemoryQualityStore, date = DATE) =>
    measureDataQuality(memory, silentLogger(), { date });
  const state = (memory: MemoryQualityStore) =>
    memory.records
      .map((record) => ({
        date: record.date,
        branch: record.branch,
        latest: record.latest,
        ...record.values,
      }))
      .sort((a, b) => a.date.localeCompare(b.date) || (a.branch ?? 0) - (b.branch ?? 0));

  /** Two days, the second with changed counts: creates, updates and both latest writes. */
  async function twoDays(memory: MemoryQualityStore) {
    await measure(memory, '2026-11-22');
    memory.countsByBranch.set(2, { customers: 5, validMobile: 5, completeRecords: 3 });
    await measure(memory, DATE);
    memory.countsByBranch.set(1, { customers: 11, validMobile: 9, completeRecords: 7 });
    await measure(memory, DATE);
  }

  it('a refused record is reported and the others written; once Odoo takes it, a re-run writes only that one', async () => {
    const memory = store();
    memory.refuse.set(2, 'Cabang tidak valid');
    const first = await measure(memory);
    expect(first.refused).toEqual([{ branch: 'Sukabumi', error: 'Cabang tidak valid' }]);
    expect(first.rows.map((row) => [row.branchName, row.written])).toEqual([
      ['Bogor', 'created'],
      ['Sukabumi', 'refused'],
      ['Tanpa Cabang', 'created'],
    ]);
    memory.refuse.clear();
    const second = await measure(memory);
    expect([second.created, second.updated, second.unchanged]).toEqual([1, 0, 2]);
    expect(state(memory).map((row) => [row.branch, row.customers, row.latest])).toEqual([
      [null, 3, true],
      [1, 10, true],
      [2, 4, true],
    ]);
    const writes = memory.writeCalls;
    await measure(memory);
    expect(memory.writeCalls).toBe(writes);
  });

  it('killed at any write, a re-run ends as an uninterrupted run', async () => {
    const reference = store();
    await twoDays(reference);
    const total = reference.writeCalls;
    expect(total).toBeGreaterThanOrEqual(5);
    for (let killAt = 0; killAt < total; killAt += 1) {
      const memory = store({ writesLeft: killAt });
      await expect(twoDays(memory), `kill at write ${killAt}`).rejects.toThrow('simulated kill');
      memory.killSwitch.writesLeft = Number.POSITIVE_INFINITY;
      // The runs that had not happened yet run as the schedule would run them: the same sequence again.
      memory.countsByBranch = store().countsByBranch;
      await twoDays(memory);
      expect(state(memory), `kill at write ${killAt}`).toEqual(state(reference));
    }
  });
});
