import { describe, expect, it } from 'vitest';
import { MemorySummaryStore } from '../../test/support/memory-summary-store.js';
import { silentLogger } from '../logging/logger.js';
import type { FollowUpFacts } from '../rules/followup/summary.js';
import { type SummaryRequest, summarizeWith } from './daily-summaries.js';

const DATE = '2026-03-02';
/** 18:00 in Jakarta: past every branch's end of day (17:00). */
const EVENING = new Date('2026-03-02T11:00:00Z');
/** 10:00 in Jakarta. */
const MORNING = new Date('2026-03-02T03:00:00Z');

const request = (now = EVENING, extra: Partial<SummaryRequest> = {}): SummaryRequest => ({
  date: DATE,
  now,
  timeZone: 'Asia/Jakarta',
  dryRun: false,
  ...extra,
});
const run = (store: MemorySummaryStore, now = EVENING, extra: Partial<SummaryRequest> = {}) =>
  summarizeWith(store, silentLogger(), request(now, extra));

function fact(
  branchId: number | null,
  adminId: number | null,
  extra: Partial<FollowUpFacts> = {},
): FollowUpFacts {
  return {
    branchId,
    adminId,
    dueDate: DATE,
    contactedOn: null,
    result: null,
    state: 'todo',
    offer: null,
    offerAccepted: false,
    bookingDate: null,
    doneDate: null,
    ...extra,
  };
}

/** Three branches: two with a head who has an e-mail address (one with a coordinator), one without a head. */
function scenario(killSwitch?: { writesLeft: number }): MemorySummaryStore {
  const store = new MemorySummaryStore(killSwitch);
  store.branchRows.push(
    { id: 1, name: 'Cabang Pusat', headId: 31, coordinatorId: 32, summaryHour: 17 },
    { id: 2, name: 'Cabang Timur', headId: 41, coordinatorId: null, summaryHour: 17 },
    { id: 3, name: 'Cabang Barat', headId: null, coordinatorId: null, summaryHour: 17 },
  );
  for (const [id, name, email] of [
    [11, 'Admin Satu', null],
    [12, 'Admin Dua', null],
    [21, 'Admin Timur', null],
    [31, 'Kepala Pusat', 'kepala.pusat@example.com'],
    [32, 'Koordinator Area', 'area@example.com'],
    [41, 'Kepala Timur', 'kepala.timur@example.com'],
  ] as const)
    store.userRows.set(id, { name, email });
  store.factRows.push(
    fact(1, 11, { contactedOn: DATE, result: 'booked', state: 'booked', bookingDate: '2026-03-05' }),
    fact(1, 11),
    fact(1, 12, { contactedOn: DATE, result: 'no_response', state: 'contacted' }),
    fact(2, 21, { contactedOn: DATE, result: 'refused_time', state: 'contacted', offer: 'weekend' }),
    fact(3, null),
    // Due another day: not in today's numbers.
    fact(1, 12, { dueDate: '2026-03-01' }),
  );
  return store;
}

/** A run earlier in the day left admin 11's line with the numbers of the morning. */
function withMorningLine(store: MemorySummaryStore): MemorySummaryStore {
  store.seedLine({
    date: DATE,
    branchId: 1,
    adminId: 11,
    values: {
      due: 2,
      contacted: 0,
      responded: 0,
      booked: 0,
      refusedTime: 0,
      refusedDistance: 0,
      refusedDisappointed: 0,
      refusedOtherDealer: 0,
      offerWeekend: 0,
      offerHomeService: 0,
      offerPromo: 0,
      offersAccepted: 0,
      noResponse: 0,
      doneServices: 0,
      conversionRate: 0,
    },
    sentAt: null,
  });
  return store;
}

describe('summarizeWith: one line per admin and per branch, mailed once to the head', () => {
  it('writes the lines, updates the morning one, and mails each head with a known address', async () => {
    const store = withMorningLine(scenario());
    const report = await run(store);
    // Lines: admins 11 and 12 and branch 1, admin 21 and branch 2, branch 3.
    expect([report.lines.length, report.created, report.updated]).toEqual([6, 5, 1]);
    expect(report.mailed).toEqual(['Cabang Pusat', 'Cabang Timur']);
    expect(report.notMailed).toEqual([
      { branch: 'Cabang Barat', reason: 'no branch head with an e-mail address' },
    ]);
    expect(store.mails.map(({ to, cc }) => ({ to, cc }))).toEqual([
      { to: 'kepala.pusat@example.com', cc: 'area@example.com' },
      { to: 'kepala.timur@example.com', cc: null },
    ]);
    const branchLine = [...store.lines.values()].find((line) => line.branchId === 1 && line.adminId === null);
    expect(branchLine?.values).toMatchObject({
      due: 3,
      contacted: 2,
      responded: 1,
      booked: 1,
      noResponse: 1,
    });
    expect(branchLine?.sentAt).toBe(EVENING.toISOString());
    const morning = [...store.lines.values()].find((line) => line.branchId === 1 && line.adminId === 11);
    expect(morning?.values).toMatchObject({ due: 2, contacted: 1, booked: 1 });
    // The mail is the branch line's: sent mark and queue entry on the same record.
    expect(store.mails[0]?.summaryId).toBe(branchLine?.id);
  });

  it('before the end of day it keeps the lines current and mails nothing; the evening run mails', async () => {
    const store = scenario();
    const morning = await run(store, MORNING);
    expect([morning.created, morning.mailed, store.mails.length]).toEqual([6, [], 0]);
    const evening = await run(store);
    expect([evening.created, evening.updated, evening.mailed]).toEqual([
      0,
      0,
      ['Cabang Pusat', 'Cabang Timur'],
    ]);
  });

  it('running again writes nothing and sends nothing twice', async () => {
    const store = withMorningLine(scenario());
    await run(store);
    const before = store.snapshot();
    const writes = store.writeCalls;
    const again = await run(store);
    expect([again.created, again.updated, again.mailed]).toEqual([0, 0, []]);
    expect(store.writeCalls).toBe(writes);
    expect(store.snapshot()).toEqual(before);
    expect(store.mails).toHaveLength(2);
  });

  it('a dry run counts what it would write and writes nothing', async () => {
    const store = withMorningLine(scenario());
    const report = await run(store, EVENING, { dryRun: true });
    expect([report.created, report.updated, report.mailed]).toEqual([5, 1, []]);
    expect(store.writeCalls).toBe(0);
  });
});

describe('summarizeWith: partial failure', () => {
  it('a branch whose line Odoo refuses is not mailed while the others are; the next run makes and mails it, once', async () => {
    const store = scenario();
    store.refuseBranch.add(2);
    const report = await run(store);
    expect(report.mailed).toEqual(['Cabang Pusat']);
    expect(store.mails.map((mail) => mail.to)).toEqual(['kepala.pusat@example.com']);

    store.refuseBranch.clear();
    const next = await run(store);
    expect([next.created, next.mailed]).toEqual([2, ['Cabang Timur']]);
    expect(store.mails.map((mail) => mail.to).sort()).toEqual([
      'kepala.pusat@example.com',
      'kepala.timur@example.com',
    ]);
  });
});

describe('summarizeWith: killed at any write, a re-run ends where an uninterrupted run does', () => {
  it('whichever write call the kill hit, and each mail is queued once', async () => {
    const whole = withMorningLine(scenario());
    await run(whole);
    const expected = whole.snapshot();
    expect(expected.mails).toHaveLength(2);
    // Create, update, then per mailed branch: the mail and the sent mark.
    expect(whole.writeCalls).toBe(6);
    for (let killAt = 0; killAt < whole.writeCalls; killAt += 1) {
      const killSwitch = { writesLeft: killAt };
      const store = withMorningLine(scenario(killSwitch));
      await expect(run(store), `kill at ${killAt}`).rejects.toThrow(/simulated kill/);
      killSwitch.writesLeft = Number.POSITIVE_INFINITY;
      await run(store);
      expect(store.snapshot(), `killed at write ${killAt}`).toEqual(expected);
      expect(store.mails, `killed at write ${killAt}`).toHaveLength(2);
    }
  });
});
