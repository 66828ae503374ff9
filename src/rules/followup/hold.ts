import { pickAdmin } from './assign.js';

/**
 * No follow-up without a branch and a CRM admin. Pure: which units without a
 * branch can be linked to one now (their CDB dealer code, or the dealer's
 * default branch), which units the schedule holds and why, and how follow-ups
 * made before their branch or admin existed are completed.
 */

export interface BranchSetup {
  id: number;
  name: string;
  /** Upper case, as the CDB import compares it; null when the branch has none. */
  dealerCode: string | null;
  crmAdminIds: readonly number[];
}

export interface PlacedUnit {
  unitId: number;
  branchId: number | null;
  /** The CDB's dealer code for the unit, upper case; null when unknown. */
  dealerCode: string | null;
}

export type HoldReason =
  | { reason: 'no_branch'; dealerCode: string | null }
  | { reason: 'no_admin'; branchId: number };

export interface Placement {
  /** Units without a branch that now have one: their dealer code's, or the default branch. */
  links: Array<{ unitId: number; branchId: number }>;
  /** Units that get no follow-up until their branch is set up, with the reason. */
  held: Map<number, HoldReason>;
}

export interface BranchIndex {
  byId: ReadonlyMap<number, BranchSetup>;
  byDealerCode: ReadonlyMap<string, number>;
}

export function indexBranches(branches: readonly BranchSetup[]): BranchIndex {
  const byDealerCode = new Map<string, number>();
  // Two branches with one code: the lowest id, whatever the order Odoo answers in.
  for (const branch of [...branches].sort((a, b) => b.id - a.id))
    if (branch.dealerCode) byDealerCode.set(branch.dealerCode, branch.id);
  return { byId: new Map(branches.map((branch) => [branch.id, branch])), byDealerCode };
}

/**
 * Where each unit stands: a unit without a branch whose dealer code a branch
 * now carries is linked to it (or, with none, to `defaultBranchId`); a unit
 * still without one, or in a branch without a CRM admin, is held.
 */
export function placeUnits(
  units: readonly PlacedUnit[],
  branches: BranchIndex,
  defaultBranchId: number | null,
): Placement {
  const links: Placement['links'] = [];
  const held = new Map<number, HoldReason>();
  for (const unit of units) {
    let branchId = unit.branchId;
    if (branchId === null) {
      branchId =
        (unit.dealerCode ? branches.byDealerCode.get(unit.dealerCode) : undefined) ?? defaultBranchId;
      if (branchId !== null) links.push({ unitId: unit.unitId, branchId });
    }
    if (branchId === null) held.set(unit.unitId, { reason: 'no_branch', dealerCode: unit.dealerCode });
    else if ((branches.byId.get(branchId)?.crmAdminIds.length ?? 0) === 0)
      held.set(unit.unitId, { reason: 'no_admin', branchId });
  }
  return { links, held };
}

export interface HeldSummary {
  /** Units in the schedule's window that get no follow-up until their branch is set up. */
  units: number;
  /** Follow-ups due now that were not made for them (the first run after the fix makes them). */
  followUps: number;
  /** By dealer code (null: the CDB named none), most units first. */
  noBranch: Array<{ dealerCode: string | null; units: number; followUps: number }>;
  /** Branches without a CRM admin, most units first. */
  noAdmin: Array<{ branchId: number; branch: string; units: number; followUps: number }>;
}

/** Held units counted page by page, summed up at the end. */
export class HeldTally {
  private readonly noBranch = new Map<string | null, { units: number; followUps: number }>();
  private readonly noAdmin = new Map<number, { units: number; followUps: number }>();

  /** `heldCreates`: per held unit, the follow-ups the schedule would have made today. */
  add(held: ReadonlyMap<number, HoldReason>, heldCreates: ReadonlyMap<number, number>): void {
    for (const [unitId, why] of held) {
      const bucket =
        why.reason === 'no_branch'
          ? getOrAdd(this.noBranch, why.dealerCode)
          : getOrAdd(this.noAdmin, why.branchId);
      bucket.units += 1;
      bucket.followUps += heldCreates.get(unitId) ?? 0;
    }
  }

  summary(branches: BranchIndex): HeldSummary {
    const byUnits = (a: { units: number }, b: { units: number }) => b.units - a.units;
    const noBranch = [...this.noBranch].map(([dealerCode, counts]) => ({ dealerCode, ...counts }));
    noBranch.sort((a, b) => byUnits(a, b) || (a.dealerCode ?? '').localeCompare(b.dealerCode ?? ''));
    const noAdmin = [...this.noAdmin].map(([branchId, counts]) => ({
      branchId,
      branch: branches.byId.get(branchId)?.name ?? `#${branchId}`,
      ...counts,
    }));
    noAdmin.sort((a, b) => byUnits(a, b) || a.branchId - b.branchId);
    const all = [...noBranch, ...noAdmin];
    return {
      units: all.reduce((sum, row) => sum + row.units, 0),
      followUps: all.reduce((sum, row) => sum + row.followUps, 0),
      noBranch,
      noAdmin,
    };
  }
}

function getOrAdd<K>(
  map: Map<K, { units: number; followUps: number }>,
  key: K,
): { units: number; followUps: number } {
  let bucket = map.get(key);
  if (!bucket) {
    bucket = { units: 0, followUps: 0 };
    map.set(key, bucket);
  }
  return bucket;
}

/** An open follow-up (to do) as the repair sees it. */
export interface OpenFollowUp {
  id: number;
  branchId: number | null;
  adminId: number | null;
  /** Its unit's branch now. */
  unitBranchId: number | null;
  /** Its open KPB activities and whom they are assigned to. */
  activities: ReadonlyArray<{ id: number; userId: number | null }>;
}

export interface FollowUpRepair {
  followUpId: number;
  branchId?: number;
  adminId?: number;
  /** Open activities to hand to `adminId`. */
  activityIds: number[];
}

/**
 * Follow-ups made before their branch or CRM admin existed, completed: the
 * unit's branch, and an admin of that branch by open load (as new follow-ups
 * get theirs), whose is then the activity. An activity already with one of the
 * branch's admins names the admin (an admin took it by hand, or a run was cut
 * off after handing the activity over): nothing is moved twice. A follow-up
 * with both is left alone, so a re-run plans nothing.
 */
export function planRepairs(
  followUps: readonly OpenFollowUp[],
  adminsByBranch: ReadonlyMap<number, readonly number[]>,
  openLoad: ReadonlyMap<number, number>,
): FollowUpRepair[] {
  const load = new Map(openLoad);
  const repairs: FollowUpRepair[] = [];
  for (const followUp of [...followUps].sort((a, b) => a.id - b.id)) {
    const repair: FollowUpRepair = { followUpId: followUp.id, activityIds: [] };
    const branchId = followUp.branchId ?? followUp.unitBranchId;
    if (followUp.branchId === null && branchId !== null) repair.branchId = branchId;
    const admins = branchId === null ? [] : (adminsByBranch.get(branchId) ?? []);
    if (followUp.adminId === null && admins.length > 0) {
      const taken = followUp.activities.find(
        (activity) => activity.userId !== null && admins.includes(activity.userId),
      )?.userId;
      const admin = taken ?? (pickAdmin(admins, load) as number);
      load.set(admin, (load.get(admin) ?? 0) + 1);
      repair.adminId = admin;
      repair.activityIds = followUp.activities
        .filter((activity) => activity.userId !== admin)
        .map((activity) => activity.id);
    }
    if (repair.branchId !== undefined || repair.adminId !== undefined) repairs.push(repair);
  }
  return repairs;
}
