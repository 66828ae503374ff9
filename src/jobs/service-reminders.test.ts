import { describe, expect, it } from 'vitest';
import { MemoryReminderStore } from '../../test/support/memory-reminder-store.js';
import type { ReminderCandidate } from '../connectors/odoo/reminder-store.js';
import { silentLogger } from '../logging/logger.js';
import { DEFAULT_REMINDER_POLICY } from '../rules/followup/reminders.js';
import { runReminders } from './service-reminders.js';

const unit = (unitId: number, purchaseDate = '2025-01-05', kpb4Date: string | null = '2025-12-01') => ({
  unitId,
  engineNumber: `JM31E${unitId}`,
  modelName: 'BeAT',
  branchId: 3,
  purchaseDate,
  kpb4Date,
  lastKm: null,
  lastKmDate: null,
});

const candidate = (partnerId: number, over: Partial<ReminderCandidate> = {}): ReminderCandidate => ({
  partnerId,
  name: `Pelanggan ${partnerId}`,
  segment: 'active',
  lastService: '2026-01-10',
  units: [unit(partnerId * 10)],
  kpbOpen: false,
  optedOut: false,
  ...over,
});

/** Six customers on the rule's cases. */
function dealer(store = new MemoryReminderStore()): MemoryReminderStore {
  store.candidates.push(
    candidate(1),
    candidate(2, { segment: 'at_risk', lastService: '2025-01-20' }),
    candidate(3, { segment: 'lost', lastService: '2023-05-01' }),
    candidate(4, { optedOut: true }),
    candidate(5, { kpbOpen: true }),
    candidate(6, { segment: 'loyal', units: [unit(60), unit(61, '2025-02-01', '2026-01-10')] }),
  );
  return store;
}

const run = (store: MemoryReminderStore, today: string, dryRun = false) =>
  runReminders(store, silentLogger(), {
    today,
    timeZone: 'Asia/Jakarta',
    policy: { ...DEFAULT_REMINDER_POLICY, intervalKm: null },
    dryRun,
  });

describe('runReminders', () => {
  it('makes the reminders and win-backs due, each with its activity for the admin of least load', async () => {
    const store = dealer();
    const report = await run(store, '2026-03-10');
    expect(report).toMatchObject({
      customers: 6,
      created: { service: 2, winback: 1 },
      activities: 3,
      optedOut: 1,
      held: 0,
      refused: [],
    });
    expect(store.reminders.map((r) => [r.partnerId, r.stage, r.dueDate, r.unitId, r.lastService])).toEqual([
      [1, 'service', '2026-03-10', 10, '2026-01-10'],
      [2, 'winback', '2026-03-10', 20, '2025-01-20'],
      [6, 'service', '2026-03-10', 61, '2026-01-10'],
    ]);
    expect(store.activities.map((a) => a.summary)).toEqual([
      'Servis Berkala: Pelanggan 1',
      'Win-back: Pelanggan 2',
      'Servis Berkala: Pelanggan 6',
    ]);
    // Shared by open load, and each activity goes to its reminder's admin.
    expect(store.reminders.map((r) => r.adminId)).toEqual([7, 8, 7]);
    for (const activity of store.activities)
      expect(activity.userId).toBe(store.reminders.find((r) => r.id === activity.followUpId)?.adminId);
  });

  it('a re-run the same day, and the days after, make nothing twice', async () => {
    const store = dealer();
    await run(store, '2026-03-10');
    const again = await run(store, '2026-03-10');
    expect(again).toMatchObject({ created: { service: 0, winback: 0 }, activities: 0 });
    await run(store, '2026-03-12');
    expect(store.reminders).toHaveLength(3);
  });

  it('a dry run writes nothing and says what it would do', async () => {
    const store = dealer();
    const report = await run(store, '2026-03-10', true);
    expect(report.created).toEqual({ service: 2, winback: 1 });
    expect(store.reminders).toEqual([]);
  });

  it('over a year: a service closes its reminder as done, the grace closes the unanswered, the cycle goes on', async () => {
    const store = dealer();
    await run(store, '2026-03-10');
    // Customer 1 books and comes on 14 March; customers 2 (the win-back) and 6 never answer.
    const first = store.reminders.find((r) => r.partnerId === 1);
    if (first) first.state = 'booked';
    const one = store.candidates.find((c) => c.partnerId === 1);
    if (one) one.lastService = '2026-03-14';
    const after = await run(store, '2026-03-25');
    expect(after.closed).toEqual({ serviced: 1, no_response: 2, stale: 0 });
    expect(store.reminders.find((r) => r.partnerId === 1)).toMatchObject({
      state: 'done',
      doneDate: '2026-03-14',
      feedback: 'Pelanggan sudah servis: pengingat selesai.',
    });
    expect(store.activities.filter((a) => a.done).map((a) => a.summary)).toEqual([
      'Servis Berkala: Pelanggan 1',
      'Win-back: Pelanggan 2',
      'Servis Berkala: Pelanggan 6',
    ]);
    // Two months after each one's last service, the next reminders.
    await run(store, '2026-05-10');
    await run(store, '2026-05-14');
    expect(
      store.reminders
        .filter((r) => r.stage === 'service')
        .map((r) => [r.partnerId, r.dueDate, r.lastService]),
    ).toEqual([
      [1, '2026-03-10', '2026-01-10'],
      [6, '2026-03-10', '2026-01-10'],
      [6, '2026-05-11', '2026-01-10'],
      [1, '2026-05-14', '2026-03-14'],
    ]);
  });

  it('a branch without CRM admins holds the reminders until it has one', async () => {
    const store = dealer();
    store.admins = [];
    const held = await run(store, '2026-03-10');
    expect(held).toMatchObject({ held: 3, created: { service: 0, winback: 0 } });
    store.admins = [7];
    const later = await run(store, '2026-03-11');
    expect(later.created).toEqual({ service: 2, winback: 1 });
  });

  it('whichever write the kill hit, the re-run ends as an uninterrupted run', async () => {
    const whole = dealer();
    await run(whole, '2026-03-10');
    await run(whole, '2026-03-25');
    const expected = whole.snapshot();
    for (let writesLeft = 0; ; writesLeft += 1) {
      const killSwitch = { writesLeft };
      const store = dealer(new MemoryReminderStore(killSwitch));
      let killed = false;
      try {
        await run(store, '2026-03-10');
        await run(store, '2026-03-25');
      } catch {
        killed = true;
      }
      killSwitch.writesLeft = Number.POSITIVE_INFINITY;
      await run(store, '2026-03-10');
      await run(store, '2026-03-25');
      expect(store.snapshot()).toEqual(expected);
      if (!killed) break;
    }
  });
});
