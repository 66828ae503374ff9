import { describe, expect, it } from 'vitest';
import {
  type DoneFollowUp,
  planInvitations,
  type Reach,
  type Visit,
  visitsOf,
  type WorVisit,
} from './invitations.js';

const wor = (
  worId: number,
  visitDate: string,
  partnerId: number | null,
  extra: Partial<WorVisit> = {},
): WorVisit => ({
  worId,
  visitDate,
  partnerId,
  unitId: worId * 10,
  branchId: 1,
  advisor: null,
  ...extra,
});

const followUp = (
  followUpId: number,
  doneDate: string,
  unitId: number,
  extra: Partial<DoneFollowUp> = {},
): DoneFollowUp => ({
  followUpId,
  doneDate,
  partnerId: 7,
  unitId,
  branchId: 1,
  adminId: 55,
  ...extra,
});

describe('visitsOf', () => {
  it('joins a done follow-up to the WOR of its unit within the match days, else makes it a visit', () => {
    const visits = visitsOf(
      [wor(1, '2026-11-10', 7, { advisor: ' Budi ' }), wor(2, '2026-11-10', 8)],
      [followUp(31, '2026-11-12', 10), followUp(32, '2026-11-20', 20), followUp(33, '2026-11-10', 99)],
      new Map([[1, 66]]),
    );
    expect(visits.map((v) => [v.key, v.followUpId, v.adminId, v.advisor])).toEqual([
      ['wor:1', 31, 55, 'Budi'],
      // 10 days apart: not the same service. The branch's admin answers for the WOR.
      ['wor:2', null, 66, null],
      ['fu:32', 32, 55, null],
      ['fu:33', 33, 55, null],
    ]);
  });

  it('joins a follow-up to one WOR only, the closest', () => {
    const visits = visitsOf(
      [wor(1, '2026-11-08', 7, { unitId: 10 }), wor(2, '2026-11-11', 7, { unitId: 10 })],
      [followUp(31, '2026-11-10', 10)],
      new Map(),
    );
    expect(visits.map((v) => [v.key, v.followUpId])).toEqual([
      ['wor:1', null],
      ['wor:2', 31],
    ]);
  });
});

const visit = (key: string, visitDate: string, partnerId: number | null): Visit => ({
  key,
  worId: null,
  followUpId: null,
  partnerId,
  unitId: null,
  branchId: 1,
  adminId: null,
  advisor: null,
  visitDate,
});

describe('planInvitations', () => {
  const reach = new Map<number, Reach>([
    [1, { reachable: true, optedOut: false }],
    [2, { reachable: false, optedOut: false }],
    [3, { reachable: true, optedOut: true }],
  ]);
  const today = '2026-11-20';

  it.each<[string, Visit, string[], string | null]>([
    ['a visit today', visit('wor:1', today, 1), [], null],
    ['a visit exactly maxAgeDays ago', visit('wor:1', '2026-11-13', 1), [], null],
    ['a visit a day older', visit('wor:1', '2026-11-12', 1), [], 'too_old'],
    ['a visit tomorrow', visit('wor:1', '2026-11-21', 1), [], 'future'],
    ['no customer', visit('wor:1', today, null), [], 'no_customer'],
    ['no phone nor e-mail', visit('wor:1', today, 2), [], 'unreachable'],
    ['a customer who opted out', visit('wor:1', today, 3), [], 'opted_out'],
    ['a partner unknown to the reach map', visit('wor:1', today, 4), [], 'unreachable'],
    ['already invited', visit('wor:1', today, 1), ['wor:1'], 'invited'],
  ])('%s', (_, v, invited, reason) => {
    const plan = planInvitations([v], new Set(invited), new Set(), reach, today);
    expect(plan.invite.map((i) => i.key)).toEqual(reason ? [] : [v.key]);
    expect(plan.skipped).toEqual(reason ? [{ key: v.key, reason }] : []);
  });

  it('asks a customer with two visits on one day once, also across runs', () => {
    const plan = planInvitations(
      [visit('wor:1', today, 1), visit('wor:2', today, 1), visit('wor:3', '2026-11-19', 1)],
      new Set(),
      new Set(),
      reach,
      today,
    );
    expect(plan.invite.map((i) => i.key)).toEqual(['wor:1', 'wor:3']);
    expect(plan.skipped).toEqual([{ key: 'wor:2', reason: 'same_day' }]);
    const later = planInvitations(
      [visit('wor:4', today, 1)],
      new Set(['wor:1']),
      new Set([`1:${today}`]),
      reach,
      today,
    );
    expect(later.skipped).toEqual([{ key: 'wor:4', reason: 'same_day' }]);
  });
});
