import { addDays, dayNumber } from '../day-count.js';

/**
 * Which workshop visits are due a satisfaction survey invitation (SOP CRM Tahap 5, issue 15).
 *
 * A visit is a done service: a WOR reconciled to a customer, or a KPB follow-up that reached
 * `done` with no WOR of its unit near its done date (the same service seen twice is one visit).
 * One invitation per visit, keyed by the WOR (`wor:<id>`) or the follow-up (`fu:<id>`), ever.
 */

/** A WOR reconciled to a customer, as the rule reads it. */
export interface WorVisit {
  worId: number;
  visitDate: string;
  /** The person who brought the unit (the carrier's contact, else the owner): they saw the service. */
  partnerId: number | null;
  unitId: number | null;
  branchId: number | null;
  /** The service advisor's name from the Pra WO (`SA`), if any. */
  advisor: string | null;
}

/** A KPB follow-up in state `done`. */
export interface DoneFollowUp {
  followUpId: number;
  doneDate: string;
  partnerId: number | null;
  unitId: number | null;
  branchId: number | null;
  adminId: number | null;
}

/** What the rule knows of a customer to reach: any phone or e-mail, and consent. */
export interface Reach {
  reachable: boolean;
  optedOut: boolean;
}

export interface Visit {
  key: string;
  worId: number | null;
  followUpId: number | null;
  partnerId: number | null;
  unitId: number | null;
  branchId: number | null;
  adminId: number | null;
  advisor: string | null;
  visitDate: string;
}

export type SkipReason =
  | 'invited'
  | 'no_customer'
  | 'unreachable'
  | 'opted_out'
  | 'same_day'
  | 'too_old'
  | 'future';

export interface InvitationPlan {
  invite: Visit[];
  skipped: Array<{ key: string; reason: SkipReason }>;
}

export interface InvitationPolicy {
  /** A visit older than this many days gets no invitation (a first run does not ask last year's customers). */
  maxAgeDays: number;
  /** A follow-up done within this many days of a WOR of its unit is that WOR's visit. */
  matchDays: number;
}

export const DEFAULT_INVITATION_POLICY: InvitationPolicy = { maxAgeDays: 7, matchDays: 3 };

export const worVisitKey = (worId: number): string => `wor:${worId}`;
export const followUpVisitKey = (followUpId: number): string => `fu:${followUpId}`;

function daysBetween(a: string, b: string): number {
  return Math.abs(dayNumber(a) - dayNumber(b));
}

/**
 * The visits: every WOR, with the done follow-up of its unit closest in date (its admin, and the
 * follow-up the answers are written onto); each done follow-up left over is a visit of its own.
 * A follow-up joins at most one WOR, the closest in date.
 */
export function visitsOf(
  wors: readonly WorVisit[],
  followUps: readonly DoneFollowUp[],
  branchAdmin: ReadonlyMap<number, number>,
  policy: Pick<InvitationPolicy, 'matchDays'> = DEFAULT_INVITATION_POLICY,
): Visit[] {
  const byUnit = new Map<number, DoneFollowUp[]>();
  for (const followUp of followUps) {
    if (followUp.unitId === null) continue;
    byUnit.set(followUp.unitId, [...(byUnit.get(followUp.unitId) ?? []), followUp]);
  }
  // Closest pairs first, so that a follow-up goes to the WOR nearest its done date.
  const pairs = wors.flatMap((wor) =>
    (wor.unitId === null ? [] : (byUnit.get(wor.unitId) ?? []))
      .map((followUp) => ({ wor, followUp, distance: daysBetween(followUp.doneDate, wor.visitDate) }))
      .filter((pair) => pair.distance <= policy.matchDays),
  );
  pairs.sort(
    (a, b) =>
      a.distance - b.distance || a.wor.worId - b.wor.worId || a.followUp.followUpId - b.followUp.followUpId,
  );
  const joined = new Set<number>();
  const ofWor = new Map<number, DoneFollowUp>();
  for (const { wor, followUp } of pairs) {
    if (joined.has(followUp.followUpId) || ofWor.has(wor.worId)) continue;
    joined.add(followUp.followUpId);
    ofWor.set(wor.worId, followUp);
  }
  const admin = (adminId: number | null, branchId: number | null) =>
    adminId ?? (branchId === null ? null : (branchAdmin.get(branchId) ?? null));
  const visits: Visit[] = [];
  for (const wor of [...wors].sort((a, b) => a.worId - b.worId)) {
    const followUp = ofWor.get(wor.worId);
    visits.push({
      key: worVisitKey(wor.worId),
      worId: wor.worId,
      followUpId: followUp?.followUpId ?? null,
      partnerId: wor.partnerId ?? followUp?.partnerId ?? null,
      unitId: wor.unitId,
      branchId: wor.branchId ?? followUp?.branchId ?? null,
      adminId: admin(followUp?.adminId ?? null, wor.branchId ?? followUp?.branchId ?? null),
      advisor: wor.advisor?.trim() || null,
      visitDate: wor.visitDate,
    });
  }
  for (const followUp of [...followUps].sort((a, b) => a.followUpId - b.followUpId)) {
    if (joined.has(followUp.followUpId)) continue;
    visits.push({
      key: followUpVisitKey(followUp.followUpId),
      worId: null,
      followUpId: followUp.followUpId,
      partnerId: followUp.partnerId,
      unitId: followUp.unitId,
      branchId: followUp.branchId,
      adminId: admin(followUp.adminId, followUp.branchId),
      advisor: null,
      visitDate: followUp.doneDate,
    });
  }
  return visits;
}

/**
 * The invitations to make today: visits of the last `maxAgeDays` days not invited yet, of a
 * customer the bridge may and can reach. A customer with two visits on one day (two units) is
 * asked once: the first visit (WOR before follow-up, then by id) carries the invitation.
 * `invitedDays` are the `<partner>:<date>` pairs already invited (a run before this one).
 */
export function planInvitations(
  visits: readonly Visit[],
  invited: ReadonlySet<string>,
  invitedDays: ReadonlySet<string>,
  reach: ReadonlyMap<number, Reach>,
  today: string,
  policy: InvitationPolicy = DEFAULT_INVITATION_POLICY,
): InvitationPlan {
  const plan: InvitationPlan = { invite: [], skipped: [] };
  const days = new Set(invitedDays);
  const oldest = addDays(today, -policy.maxAgeDays);
  for (const visit of visits) {
    const skip = (reason: SkipReason) => plan.skipped.push({ key: visit.key, reason });
    if (invited.has(visit.key)) skip('invited');
    else if (visit.visitDate > today) skip('future');
    else if (visit.visitDate < oldest) skip('too_old');
    else if (visit.partnerId === null) skip('no_customer');
    else if (reach.get(visit.partnerId)?.optedOut) skip('opted_out');
    else if (!reach.get(visit.partnerId)?.reachable) skip('unreachable');
    else if (days.has(`${visit.partnerId}:${visit.visitDate}`)) skip('same_day');
    else {
      days.add(`${visit.partnerId}:${visit.visitDate}`);
      plan.invite.push(visit);
    }
  }
  return plan;
}
