import { describe, expect, it } from 'vitest';
import { workCalendar } from './calendar.js';
import {
  DEFAULT_REMINDER_POLICY,
  planReminders,
  type ReminderCustomer,
  type ReminderPolicy,
  type ReminderUnit,
  type StoredReminder,
} from './reminders.js';

// Every day works: the dates below are the rule's own, not a calendar's.
const everyDay = () => workCalendar({ workingWeekdays: [0, 1, 2, 3, 4, 5, 6] });
const NO_KM: ReminderPolicy = { ...DEFAULT_REMINDER_POLICY, intervalKm: null };

const UNIT: ReminderUnit = {
  unitId: 11,
  engineNumber: 'JM31E1234567',
  modelName: 'BeAT',
  branchId: 3,
  purchaseDate: '2025-01-05',
  kpb4Date: '2025-12-01',
  lastKm: null,
  lastKmDate: null,
};

const customer = (over: Partial<ReminderCustomer> = {}): ReminderCustomer => ({
  partnerId: 1,
  segment: 'active',
  lastService: '2026-01-10',
  kpbOpen: false,
  units: [UNIT],
  ...over,
});

const stored = (over: Partial<StoredReminder> = {}): StoredReminder => ({
  id: 100,
  partnerId: 1,
  unitId: 11,
  stage: 'service',
  state: 'todo',
  result: null,
  dueDate: '2026-03-10',
  lastService: '2026-01-10',
  ...over,
});

const plan = (
  customers: ReminderCustomer[],
  today: string,
  reminders: StoredReminder[] = [],
  policy: ReminderPolicy = NO_KM,
) => planReminders(customers, reminders, today, policy, everyDay);

describe('planReminders: when a regular-service reminder is made', () => {
  it.each([
    ['the day before the interval', '2026-03-09', null],
    ['the interval’s day (2 months after the last service)', '2026-03-10', '2026-03-10'],
    ['within the grace of that day', '2026-03-20', '2026-03-10'],
    ['first seen long after: asked today, once', '2026-04-30', '2026-04-30'],
    ['two intervals on: the second reminder', '2026-05-10', '2026-05-10'],
  ])('%s (%s) → %s', (_, today, due) => {
    const actions = plan([customer()], today);
    expect(actions.map((a) => (a.action === 'create' ? a.dueDate : a.action))).toEqual(due ? [due] : []);
  });

  it.each([
    [
      'still within its KPB window (bought 8 months ago, no KPB 4)',
      { kpb4Date: null, purchaseDate: '2025-05-10' },
      0,
    ],
    ['KPB 4 done', { kpb4Date: '2025-12-01' }, 1],
    ['no KPB 4 recorded, bought over a year ago', { kpb4Date: null, purchaseDate: '2025-03-09' }, 1],
  ] as const)('a unit %s', (_, unit, count) => {
    const units = [{ ...UNIT, ...unit }];
    expect(plan([customer({ units })], '2026-03-10')).toHaveLength(count);
  });

  it.each([
    ['Aktif', 'active', 'service'],
    ['Loyal', 'loyal', 'service'],
    ['Berisiko', 'at_risk', 'winback'],
    ['Hilang', 'lost', null],
    ['Belum Pernah Servis', 'never_serviced', null],
    ['not segmented yet', null, null],
  ] as const)('a customer %s gets %s', (_, segment, stage) => {
    const actions = plan([customer({ segment })], '2026-03-10');
    expect(actions.map((a) => (a.action === 'create' ? a.stage : a.action))).toEqual(stage ? [stage] : []);
  });

  it('none while a KPB follow-up of the customer is open, nor without any service', () => {
    expect(plan([customer({ kpbOpen: true })], '2026-03-10')).toEqual([]);
    expect(plan([customer({ lastService: null })], '2026-03-10')).toEqual([]);
  });

  it('a customer with two units: one reminder, for the unit bought last', () => {
    const older = UNIT;
    const newer = { ...older, unitId: 12, purchaseDate: '2025-02-01', kpb4Date: '2026-01-10' };
    const actions = plan([customer({ units: [older, newer] })], '2026-03-10');
    expect(actions).toEqual([expect.objectContaining({ action: 'create', unitId: 12, partnerId: 1 })]);
  });

  it('by the odometer when the unit reaches the interval’s kilometres sooner than the months', () => {
    const fast = customer({
      units: [{ ...UNIT, lastKm: 12_000, lastKmDate: '2025-11-01' }],
    });
    // 12,000 km in 300 days = 40 km/day: 2,000 km in 50 days, before the 2 months.
    const actions = plan([fast], '2026-03-01', [], DEFAULT_REMINDER_POLICY);
    expect(actions).toEqual([expect.objectContaining({ action: 'create', dueDate: '2026-03-01' })]);
    expect(plan([fast], '2026-02-28', [], DEFAULT_REMINDER_POLICY)).toEqual([]);
    // Without the odometer the same customer waits for the months.
    expect(plan([fast], '2026-03-01')).toEqual([]);
  });

  it('moves a due day that falls on a closed day to the next working day', () => {
    const closedOnTheTenth = () => workCalendar({ holidays: ['2026-03-10'] });
    const actions = planReminders([customer()], [], '2026-03-10', NO_KM, closedOnTheTenth);
    expect(actions).toEqual([expect.objectContaining({ dueDate: '2026-03-11' })]);
  });
});

describe('planReminders: once, and closing', () => {
  it('a reminder made is not made again, whatever its state', () => {
    for (const state of ['todo', 'contacted', 'closed', 'done'] as const)
      expect(plan([customer()], '2026-03-15', [stored({ state })])).toEqual([]);
  });

  it('a reminder asked late (due today) still counts as that interval’s', () => {
    expect(plan([customer()], '2026-05-01', [stored({ dueDate: '2026-04-30', state: 'closed' })])).toEqual(
      [],
    );
  });

  it.each([
    [
      'serviced after it was counted from: closed',
      stored(),
      { lastService: '2026-03-12' },
      '2026-03-13',
      'closed',
      'serviced',
    ],
    [
      'serviced while booked: done',
      stored({ state: 'booked' }),
      { lastService: '2026-03-12' },
      '2026-03-13',
      'done',
      'serviced',
    ],
    ['no answer, grace passed', stored(), {}, '2026-03-25', 'closed', 'no_response'],
    [
      'contacted with a refusal, grace passed',
      stored({ state: 'contacted', result: 'refused_time' }),
      {},
      '2026-03-25',
      'closed',
      'no_response',
    ],
    [
      'booked, no service an interval later',
      stored({ state: 'booked' }),
      {},
      '2026-05-11',
      'closed',
      'stale',
    ],
  ] as const)('%s', (_, reminder, who, today, state, reason) => {
    const actions = plan([customer(who)], today, [reminder]);
    expect(actions[0]).toMatchObject({ action: 'close', followUpId: 100, state, reason });
  });

  it('an open reminder within its grace keeps the customer from a second', () => {
    expect(plan([customer()], '2026-03-24', [stored()])).toEqual([]);
    expect(plan([customer({ segment: 'at_risk' })], '2026-03-24', [stored()])).toEqual([]);
  });

  it('a done service starts the next cycle from it', () => {
    const actions = plan([customer({ lastService: '2026-03-12' })], '2026-05-12', [
      stored({ state: 'done' }),
    ]);
    expect(actions).toEqual([
      expect.objectContaining({
        action: 'create',
        stage: 'service',
        dueDate: '2026-05-12',
        lastService: '2026-03-12',
      }),
    ]);
  });

  it('one win-back per lapse: closed unanswered, it is not made again until the customer comes back and lapses again', () => {
    const lapsed = customer({ segment: 'at_risk', lastService: '2025-01-10' });
    const first = plan([lapsed], '2026-01-12');
    expect(first).toEqual([
      expect.objectContaining({
        action: 'create',
        stage: 'winback',
        dueDate: '2026-01-12',
        key: 'partner1_winback_2025-01-10_2026-01-12',
      }),
    ]);
    const winBack = stored({
      stage: 'winback',
      dueDate: '2026-01-12',
      lastService: '2025-01-10',
      state: 'closed',
    });
    expect(plan([lapsed], '2026-06-01', [winBack])).toEqual([]);
    const again = customer({ segment: 'at_risk', lastService: '2026-02-01' });
    expect(plan([again], '2027-02-02', [winBack])).toEqual([
      expect.objectContaining({ stage: 'winback', lastService: '2026-02-01' }),
    ]);
  });

  it('win-back off: a Berisiko customer gets nothing', () => {
    expect(plan([customer({ segment: 'at_risk' })], '2026-03-10', [], { ...NO_KM, winBack: false })).toEqual(
      [],
    );
  });
});
