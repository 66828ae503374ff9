import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { MemorySegmentStore } from '../../test/support/memory-segment-store.js';
import { silentLogger } from '../logging/logger.js';
import { DEFAULT_SEGMENT_POLICY, type Segment, segmentCustomers } from '../rules/loyalty/segments.js';
import { runSegments, segmentsRequestOf } from './segments.js';

/**
 * A year of nightly runs over six customers whose visits put them on the rule's edges
 * (12 months: Aktif on the day, Berisiko the day after; 24 months: Berisiko on the day, Hilang
 * the day after), with the default policy (4 visits in 24 months: Loyal).
 */
function scenario(killSwitch?: { writesLeft: number }): MemorySegmentStore {
  const store = new MemorySegmentStore(killSwitch);
  store.units = [
    // 1: serviced 2025-03-15 (KPB 1 and a WOR): Aktif up to 2026-03-15.
    { id: 1, partnerId: 1, purchaseDate: '2025-01-10', kpbDates: ['2025-02-10'], branchId: 10 },
    // 2: bought, never serviced until a WOR on 2026-05-02.
    { id: 2, partnerId: 2, purchaseDate: '2025-06-01', kpbDates: [], branchId: 10 },
    // 3: four visits, the fourth on 2026-01-05: Loyal from then.
    { id: 3, partnerId: 3, purchaseDate: '2025-03-01', kpbDates: ['2025-04-01', '2025-07-01'], branchId: 20 },
    // 6: two motorcycles; the older one's KPB 1 on 2024-02-01 is the last visit; the newer
    // one (branch 20) is the customer's branch.
    { id: 4, partnerId: 6, purchaseDate: '2024-01-01', kpbDates: ['2024-02-01'], branchId: 10 },
    { id: 5, partnerId: 6, purchaseDate: '2025-11-01', kpbDates: [], branchId: 20 },
  ];
  store.wors = [
    { partnerId: 1, visitDate: '2025-03-15' },
    { partnerId: 2, visitDate: '2026-05-02' },
    { partnerId: 3, visitDate: '2025-10-01' },
    { partnerId: 3, visitDate: '2026-01-05' },
    // 4: no unit bought here; last serviced 2024-03-20 (and long before).
    { partnerId: 4, visitDate: '2023-01-01' },
    { partnerId: 4, visitDate: '2024-03-20' },
    // 5: once, before the window the store reads in full: only its grouped last visit counts.
    { partnerId: 5, visitDate: '2022-05-05' },
  ];
  return store;
}

const DATES = [
  '2026-01-01',
  '2026-01-04',
  '2026-01-05',
  '2026-02-01',
  '2026-02-02',
  '2026-03-15',
  '2026-03-16',
  '2026-03-20',
  '2026-03-21',
  '2026-05-01',
  '2026-05-02',
  '2026-08-01',
  '2026-12-31',
] as const;

/** Each customer's segment after the night of each date. */
const EXPECTED: Record<(typeof DATES)[number], Segment[]> = {
  '2026-01-01': ['active', 'never_serviced', 'active', 'at_risk', 'lost', 'at_risk'],
  '2026-01-04': ['active', 'never_serviced', 'active', 'at_risk', 'lost', 'at_risk'],
  '2026-01-05': ['active', 'never_serviced', 'loyal', 'at_risk', 'lost', 'at_risk'],
  '2026-02-01': ['active', 'never_serviced', 'loyal', 'at_risk', 'lost', 'at_risk'],
  '2026-02-02': ['active', 'never_serviced', 'loyal', 'at_risk', 'lost', 'lost'],
  '2026-03-15': ['active', 'never_serviced', 'loyal', 'at_risk', 'lost', 'lost'],
  '2026-03-16': ['at_risk', 'never_serviced', 'loyal', 'at_risk', 'lost', 'lost'],
  '2026-03-20': ['at_risk', 'never_serviced', 'loyal', 'at_risk', 'lost', 'lost'],
  '2026-03-21': ['at_risk', 'never_serviced', 'loyal', 'lost', 'lost', 'lost'],
  '2026-05-01': ['at_risk', 'never_serviced', 'loyal', 'lost', 'lost', 'lost'],
  '2026-05-02': ['at_risk', 'active', 'loyal', 'lost', 'lost', 'lost'],
  '2026-08-01': ['at_risk', 'active', 'loyal', 'lost', 'lost', 'lost'],
  '2026-12-31': ['at_risk', 'active', 'loyal', 'lost', 'lost', 'lost'],
};

const request = (today: string) => ({ today, policy: DEFAULT_SEGMENT_POLICY });

function snapshot(store: MemorySegmentStore) {
  return {
    partners: [...store.partners].sort(([a], [b]) => a - b),
    changes: [...store.changeRows.values()]
      .map(({ id: _id, ...row }) => row)
      .sort((a, b) => (a.key < b.key ? -1 : 1)),
    months: [...store.monthRows.values()]
      .map(({ id: _id, ...row }) => row)
      .sort((a, b) => (a.key < b.key ? -1 : 1)),
  };
}

async function runUntil(store: MemorySegmentStore, last: string): Promise<void> {
  for (const date of DATES) if (date < last) await runSegments(store, silentLogger(), request(date));
}

describe('the segments job over a year of nights', () => {
  it('moves customers between segments as their visits say, on the edge days', async () => {
    const store = scenario();
    for (const date of DATES) {
      await runSegments(store, silentLogger(), request(date));
      const segments = [1, 2, 3, 4, 5, 6].map((id) => store.partners.get(id)?.segment);
      expect(segments, date).toEqual(EXPECTED[date]);
    }
    expect(store.partners.get(1)?.lastService).toBe('2025-03-15');
    expect(store.partners.get(5)?.lastService).toBe('2022-05-05');
    expect(store.partners.get(6)?.lastService).toBe('2024-02-01');
  });

  it('records each change once, on its day, with the branch of the newest unit', async () => {
    const store = scenario();
    for (const date of DATES) await runSegments(store, silentLogger(), request(date));
    const changes = [...store.changeRows.values()]
      .sort((a, b) => (a.date === b.date ? a.partnerId - b.partnerId : a.date < b.date ? -1 : 1))
      .map((row) => [row.key, row.from, row.to, row.branchId]);
    expect(changes).toEqual([
      ['1:2026-01-01', null, 'active', 10],
      ['2:2026-01-01', null, 'never_serviced', 10],
      ['3:2026-01-01', null, 'active', 20],
      ['4:2026-01-01', null, 'at_risk', null],
      ['5:2026-01-01', null, 'lost', null],
      ['6:2026-01-01', null, 'at_risk', 20],
      ['3:2026-01-05', 'active', 'loyal', 20],
      ['6:2026-02-02', 'at_risk', 'lost', 20],
      ['1:2026-03-16', 'active', 'at_risk', 10],
      ['4:2026-03-21', 'at_risk', 'lost', null],
      ['2:2026-05-02', 'never_serviced', 'active', 10],
    ]);
  });

  it("counts each month's customers per segment at the month's latest run, per branch and for all", async () => {
    const store = scenario();
    for (const date of DATES) await runSegments(store, silentLogger(), request(date));
    const march = Object.fromEntries(
      [...store.monthRows.values()]
        .filter((row) => row.month === '2026-03-01')
        .map((row) => [row.key, [row.customers, row.countedOn]]),
    );
    expect(march).toEqual({
      // Customer 1 was Aktif until the 15th: the line went back to 0 on the 16th.
      'all:2026-03:active': [0, '2026-03-16'],
      'all:2026-03:at_risk': [1, '2026-03-21'],
      'all:2026-03:lost': [3, '2026-03-21'],
      'all:2026-03:loyal': [1, '2026-03-15'],
      'all:2026-03:never_serviced': [1, '2026-03-15'],
      '10:2026-03:active': [0, '2026-03-16'],
      '10:2026-03:at_risk': [1, '2026-03-16'],
      '10:2026-03:never_serviced': [1, '2026-03-15'],
      '20:2026-03:loyal': [1, '2026-03-15'],
      '20:2026-03:lost': [1, '2026-03-15'],
    });
    const months = new Set([...store.monthRows.values()].map((row) => row.month));
    expect([...months].sort()).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
      '2026-05-01',
      '2026-08-01',
      '2026-12-01',
    ]);
  });

  it('a re-run of any night writes nothing', async () => {
    const store = scenario();
    for (const date of DATES) {
      await runSegments(store, silentLogger(), request(date));
      const before = snapshot(store);
      const writes = store.writes;
      const again = await runSegments(store, silentLogger(), request(date));
      expect(store.writes, date).toBe(writes);
      expect(snapshot(store)).toEqual(before);
      expect(again).toMatchObject({
        changesCreated: 0,
        changesUpdated: 0,
        partnersWritten: 0,
        monthLinesCreated: 0,
        monthLinesUpdated: 0,
      });
    }
  });

  it('segments as if every visit were read: the window read in full and the last visit before it', async () => {
    const store = scenario();
    for (const date of DATES) {
      const read = await store.histories(date, DEFAULT_SEGMENT_POLICY);
      const full = await scenarioHistoriesInFull(store);
      expect(segmentCustomers(read.histories, date, DEFAULT_SEGMENT_POLICY), date).toEqual(
        segmentCustomers(full, date, DEFAULT_SEGMENT_POLICY),
      );
    }
  });

  it('reports counts per segment and moves', async () => {
    const store = scenario();
    await runUntil(store, '2026-03-16');
    const report = await runSegments(store, silentLogger(), request('2026-03-16'));
    expect(report).toMatchObject({
      customers: 6,
      segments: { loyal: 1, active: 0, at_risk: 2, lost: 2, never_serviced: 1 },
      changes: 1,
      moves: { 'active>at_risk': 1 },
      changesCreated: 1,
      partnersWritten: 1,
      spendKnown: false,
    });
  });
});

async function scenarioHistoriesInFull(store: MemorySegmentStore) {
  const ids = new Set([
    ...store.units.map((unit) => unit.partnerId),
    ...store.wors.map((wor) => wor.partnerId),
  ]);
  return [...ids].map((partnerId) => ({
    partnerId,
    purchases: store.units.flatMap((unit) =>
      unit.partnerId === partnerId && unit.purchaseDate ? [unit.purchaseDate] : [],
    ),
    visits: [
      ...store.units.flatMap((unit) => (unit.partnerId === partnerId ? unit.kpbDates : [])),
      ...store.wors.flatMap((wor) => (wor.partnerId === partnerId ? [wor.visitDate] : [])),
    ],
    spend: null,
  }));
}

describe('the segments job killed at any write', () => {
  for (const date of ['2026-01-01', '2026-03-16', '2026-05-02'] as const) {
    it(`on ${date}, a re-run ends where an uninterrupted run does`, async () => {
      const reference = scenario();
      await runUntil(reference, date);
      const before = reference.writes;
      await runSegments(reference, silentLogger(), request(date));
      const writes = reference.writes - before;
      expect(writes).toBeGreaterThan(0);
      const expected = snapshot(reference);
      for (let budget = 0; budget < writes; budget += 1) {
        const killSwitch = { writesLeft: Number.POSITIVE_INFINITY };
        const memory = scenario(killSwitch);
        await runUntil(memory, date);
        killSwitch.writesLeft = budget;
        await expect(runSegments(memory, silentLogger(), request(date))).rejects.toThrow('killed');
        killSwitch.writesLeft = Number.POSITIVE_INFINITY;
        await runSegments(memory, silentLogger(), request(date));
        expect(snapshot(memory), `killed after ${budget} write(s)`).toEqual(expected);
      }
    });
  }
});

describe('the segments job, spend and former customers', () => {
  it('scores spend where invoices are posted, 0 (unknown) where the dealer does not invoice here', async () => {
    const unknown = scenario();
    await runSegments(unknown, silentLogger(), request('2026-03-16'));
    expect([...unknown.partners.values()].map((values) => values.monetary)).toEqual([0, 0, 0, 0, 0, 0]);
    const known = scenario();
    known.invoices = [
      { partnerId: 3, date: '2026-01-05', amount: 450000 },
      { partnerId: 1, date: '2025-03-15', amount: 150000 },
      // Outside the 24-month window.
      { partnerId: 2, date: '2024-03-15', amount: 9000000 },
    ];
    const report = await runSegments(known, silentLogger(), request('2026-03-16'));
    expect(report.spendKnown).toBe(true);
    expect(known.partners.get(3)?.monetary).toBe(5);
    expect(known.partners.get(1)?.monetary).toBe(4);
    expect(known.partners.get(2)?.monetary).toBe(1);
  });

  it("clears a former customer's segment (their unit sold on, no visit), recording no change", async () => {
    const store = scenario();
    await runSegments(store, silentLogger(), request('2026-03-16'));
    store.units = store.units.filter((unit) => unit.partnerId !== 2);
    const report = await runSegments(store, silentLogger(), request('2026-03-17'));
    expect(report.partnersCleared).toBe(1);
    expect(store.partners.get(2)).toEqual({
      segment: null,
      recency: 0,
      frequency: 0,
      monetary: 0,
      lastService: null,
    });
    expect([...store.changeRows.keys()].filter((key) => key.startsWith('2:'))).toEqual(['2:2026-03-16']);
  });

  it('a customer Odoo refuses is reported; the others are written', async () => {
    const store = scenario();
    store.refusePartners.add(4);
    const report = await runSegments(store, silentLogger(), request('2026-01-01'));
    expect(report.errors).toEqual([{ record: '4', message: 'refused' }]);
    expect(store.partners.has(4)).toBe(false);
    expect(store.partners.size).toBe(5);
  });
});

describe('the segments request from the config', () => {
  it('takes the dealer’s windows and visits (env overrides)', () => {
    const config = loadConfig({
      env: { ODOO_URL: 'http://odoo.test', ODOO_DB: 'x', ODOO_API_KEY: 'k', SEGMENTS_LOYAL_VISITS: '6' },
      cwd: '/nonexistent',
    });
    expect(segmentsRequestOf(config, '2026-03-16').policy).toMatchObject({
      loyalVisits: 6,
      activeMonths: 12,
      lostAfterMonths: 24,
      loyalWindowMonths: 24,
    });
  });
});
