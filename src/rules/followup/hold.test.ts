import { describe, expect, it } from 'vitest';
import {
  type BranchSetup,
  type FollowUpRepair,
  HeldTally,
  type HoldReason,
  indexBranches,
  type OpenFollowUp,
  type PlacedUnit,
  placeUnits,
  planRepairs,
} from './hold.js';

const BRANCHES: BranchSetup[] = [
  { id: 1, name: 'Cabang Pusat', dealerCode: 'AHS01', crmAdminIds: [11, 12] },
  { id: 2, name: 'Cabang Timur', dealerCode: 'AHS02', crmAdminIds: [] },
  { id: 3, name: 'Cabang Tanpa Kode', dealerCode: null, crmAdminIds: [31] },
];
const INDEX = indexBranches(BRANCHES);
const at = (unitId: number, branchId: number | null, dealerCode: string | null): PlacedUnit => ({
  unitId,
  branchId,
  dealerCode,
});

describe('placeUnits', () => {
  it.each<
    [string, PlacedUnit, number | null, Array<{ unitId: number; branchId: number }>, HoldReason | undefined]
  >([
    ['a unit in a branch with admins: scheduled', at(1, 1, 'AHS01'), null, [], undefined],
    [
      'no branch, its dealer code is a branch’s: linked',
      at(1, null, 'AHS01'),
      null,
      [{ unitId: 1, branchId: 1 }],
      undefined,
    ],
    [
      'no branch, unknown code: held by code',
      at(1, null, 'AHS09'),
      null,
      [],
      { reason: 'no_branch', dealerCode: 'AHS09' },
    ],
    ['no branch, no code: held', at(1, null, null), null, [], { reason: 'no_branch', dealerCode: null }],
    [
      'no branch, unknown code, a default branch: linked there',
      at(1, null, 'AHS09'),
      3,
      [{ unitId: 1, branchId: 3 }],
      undefined,
    ],
    [
      'the code wins over the default branch',
      at(1, null, 'AHS01'),
      3,
      [{ unitId: 1, branchId: 1 }],
      undefined,
    ],
    [
      'a branch without CRM admin: held by branch',
      at(1, 2, 'AHS02'),
      null,
      [],
      { reason: 'no_admin', branchId: 2 },
    ],
    [
      'linked to a branch without CRM admin: linked and held',
      at(1, null, 'AHS02'),
      null,
      [{ unitId: 1, branchId: 2 }],
      { reason: 'no_admin', branchId: 2 },
    ],
    [
      'a branch Odoo did not list (archived): held by branch',
      at(1, 9, null),
      null,
      [],
      { reason: 'no_admin', branchId: 9 },
    ],
    ['a branch set in Odoo is kept whatever the code', at(1, 3, 'AHS01'), null, [], undefined],
  ])('%s', (_, unit, defaultBranchId, links, held) => {
    const placement = placeUnits([unit], INDEX, defaultBranchId);
    expect(placement.links).toEqual(links);
    expect(placement.held.get(unit.unitId)).toEqual(held);
  });

  it('two branches with one dealer code: the lowest id, whatever the order Odoo answers in', () => {
    const twins = indexBranches([
      { id: 7, name: 'B', dealerCode: 'X1', crmAdminIds: [1] },
      { id: 4, name: 'A', dealerCode: 'X1', crmAdminIds: [1] },
    ]);
    expect(twins.byDealerCode.get('X1')).toBe(4);
  });
});

describe('HeldTally', () => {
  it('sums pages by dealer code and branch, most units first, with the follow-ups held', () => {
    const tally = new HeldTally();
    tally.add(
      new Map<number, HoldReason>([
        [1, { reason: 'no_branch', dealerCode: 'AHS09' }],
        [2, { reason: 'no_admin', branchId: 2 }],
      ]),
      new Map([[1, 1]]),
    );
    tally.add(
      new Map<number, HoldReason>([
        [3, { reason: 'no_branch', dealerCode: 'AHS09' }],
        [4, { reason: 'no_branch', dealerCode: null }],
      ]),
      new Map([
        [3, 2],
        [4, 1],
      ]),
    );
    expect(tally.summary(INDEX)).toEqual({
      units: 4,
      followUps: 4,
      noBranch: [
        { dealerCode: 'AHS09', units: 2, followUps: 3 },
        { dealerCode: null, units: 1, followUps: 1 },
      ],
      noAdmin: [{ branchId: 2, branch: 'Cabang Timur', units: 1, followUps: 0 }],
    });
  });
});

describe('planRepairs', () => {
  const admins = new Map(BRANCHES.map((branch) => [branch.id, branch.crmAdminIds]));
  const open = (
    id: number,
    branchId: number | null,
    adminId: number | null,
    unitBranchId: number | null,
    activities: OpenFollowUp['activities'] = [],
  ): OpenFollowUp => ({ id, branchId, adminId, unitBranchId, activities });

  it.each<[string, OpenFollowUp[], Map<number, number>, FollowUpRepair[]]>([
    [
      'no branch, no admin: the unit’s branch, its least loaded admin, the activity handed over',
      [open(1, null, null, 1, [{ id: 90, userId: 2 }])],
      new Map([[11, 4]]),
      [{ followUpId: 1, branchId: 1, adminId: 12, activityIds: [90] }],
    ],
    [
      'admins share the orphans by load, lowest id first',
      [open(2, 1, null, 1), open(1, 1, null, 1), open(3, 1, null, 1)],
      new Map(),
      [
        { followUpId: 1, adminId: 11, activityIds: [] },
        { followUpId: 2, adminId: 12, activityIds: [] },
        { followUpId: 3, adminId: 11, activityIds: [] },
      ],
    ],
    [
      'an activity already with an admin of the branch names the admin: nothing moved',
      [open(1, 1, null, 1, [{ id: 90, userId: 12 }])],
      new Map([[12, 9]]),
      [{ followUpId: 1, adminId: 12, activityIds: [] }],
    ],
    [
      'the branch only, when it has no CRM admin yet',
      [open(1, null, null, 2, [{ id: 90, userId: 2 }])],
      new Map(),
      [{ followUpId: 1, branchId: 2, activityIds: [] }],
    ],
    ['the unit still without a branch: nothing', [open(1, null, null, null)], new Map(), []],
    ['a branch and an admin: nothing', [open(1, 1, 11, 1, [{ id: 90, userId: 2 }])], new Map(), []],
    [
      'an admin without the branch: the branch only, the admin’s activity left alone',
      [open(1, null, 11, 1, [{ id: 90, userId: 11 }])],
      new Map(),
      [{ followUpId: 1, branchId: 1, activityIds: [] }],
    ],
    [
      'the follow-up’s own branch counts over the unit’s',
      [open(1, 3, null, 1)],
      new Map(),
      [{ followUpId: 1, adminId: 31, activityIds: [] }],
    ],
  ])('%s', (_, followUps, load, expected) => {
    expect(planRepairs(followUps, admins, load)).toEqual(expected);
  });
});
