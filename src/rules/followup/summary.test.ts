import { describe, expect, it } from 'vitest';
import { type FollowUpFacts, summarizeDay } from './summary.js';

const DAY = '2026-11-23';
const fact = (facts: Partial<FollowUpFacts>): FollowUpFacts => ({
  branchId: 1,
  adminId: 10,
  dueDate: DAY,
  contactedOn: null,
  result: null,
  state: 'todo',
  offer: null,
  offerAccepted: false,
  bookingDate: null,
  doneDate: null,
  ...facts,
});

describe('summarizeDay', () => {
  const followUps = [
    fact({ contactedOn: DAY, result: 'booked', state: 'booked', bookingDate: '2026-11-28' }),
    fact({
      contactedOn: DAY,
      result: 'refused_time',
      offer: 'weekend',
      offerAccepted: true,
      bookingDate: '2026-11-29',
      state: 'booked',
    }),
    fact({ contactedOn: DAY, result: 'refused_distance', offer: 'home_service' }),
    fact({ contactedOn: DAY, result: 'refused_other_dealer' }),
    fact({ contactedOn: DAY, result: 'no_response' }),
    fact({ contactedOn: DAY, result: 'unreachable', adminId: 11 }),
    fact({
      dueDate: '2026-11-20',
      contactedOn: '2026-11-20',
      result: 'booked',
      bookingDate: DAY,
      doneDate: DAY,
      state: 'done',
    }),
    fact({
      dueDate: '2026-11-19',
      contactedOn: '2026-11-19',
      result: 'booked',
      bookingDate: DAY,
      state: 'booked',
      adminId: 11,
    }),
    fact({ adminId: 11 }),
    fact({ branchId: 2, adminId: 20, dueDate: '2026-11-24' }),
  ];
  const lines = summarizeDay(followUps, DAY);
  const lineOf = (branchId: number, adminId: number | null) =>
    lines.find((item) => item.branchId === branchId && item.adminId === adminId);

  it('one line per admin and one per branch', () => {
    expect(lines.map((item) => [item.branchId, item.adminId])).toEqual([
      [1, 10],
      [1, 11],
      [1, null],
      [2, 20],
      [2, null],
    ]);
  });

  it.each<[string, number, number | null, Record<string, number>]>([
    [
      'admin 10',
      1,
      10,
      {
        due: 5,
        contacted: 5,
        responded: 4,
        booked: 2,
        refusedTime: 1,
        refusedDistance: 1,
        refusedOtherDealer: 1,
        offerWeekend: 1,
        offerHomeService: 1,
        offersAccepted: 1,
        noResponse: 1,
        doneServices: 1,
        conversionRate: 100,
      },
    ],
    [
      'admin 11',
      1,
      11,
      { due: 2, contacted: 1, responded: 0, noResponse: 1, doneServices: 0, conversionRate: 0 },
    ],
    [
      'branch 1',
      1,
      null,
      { due: 7, contacted: 6, responded: 4, noResponse: 2, doneServices: 1, conversionRate: 50 },
    ],
    ['branch 2 (nothing due today)', 2, null, { due: 0, contacted: 0, conversionRate: 0 }],
  ])('%s', (_, branchId, adminId, expected) => {
    expect(lineOf(branchId, adminId)).toMatchObject(expected);
  });

  it('a branch line adds up its admins', () => {
    const branch = lineOf(1, null);
    const admins = lines.filter((item) => item.branchId === 1 && item.adminId !== null);
    for (const field of ['due', 'contacted', 'responded', 'booked', 'noResponse', 'doneServices'] as const) {
      expect(branch?.[field]).toBe(admins.reduce((sum, item) => sum + item[field], 0));
    }
  });
});

// Regression: 35 follow-ups without an admin showed "Jatuh Tempo 70" on their branch's line.
describe('summarizeDay: a follow-up counts once on each line it belongs to', () => {
  const three = (facts: Partial<FollowUpFacts>) => [fact(facts), fact(facts), fact(facts)];
  it.each<[string, FollowUpFacts[], Array<[number | null, number | null, number]>]>([
    ['no admin, in branch 1: the branch line only', three({ adminId: null }), [[1, null, 3]]],
    ['no branch, no admin: one branchless line', three({ branchId: null, adminId: null }), [[null, null, 3]]],
    [
      'no branch, admin 10: the admin’s line and the branchless line',
      three({ branchId: null }),
      [
        [null, 10, 3],
        [null, null, 3],
      ],
    ],
    [
      'admin 10 and unassigned in branch 1: the branch line counts both',
      [...three({}), fact({ adminId: null })],
      [
        [1, 10, 3],
        [1, null, 4],
      ],
    ],
  ])('%s', (_, followUps, expected) => {
    const lines = summarizeDay(followUps, DAY);
    expect(lines.map((line) => [line.branchId, line.adminId, line.due])).toEqual(expected);
    // One line per key (branch, admin), the key the job stores them under.
    const keys = lines.map((line) => `${line.branchId}:${line.adminId}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
