/**
 * The loyalty programme (SOP Customer Relationship Management, seed 002, stage 4: "Menyusun
 * program loyalitas seperti diskon, reward, atau membership … Memantau partisipasi dan
 * efektivitas program loyalitas"; issue 15; SPEC CRM-4): who is a member and at which tier, from
 * the segment the segments job stored and the customer's visits (and spend where the dealer
 * invoices in Odoo), as of `today` (dealer date).
 *
 * Qualifying tier (default policy):
 * - *Platinum*: Loyal and at least `platinumVisits` (8) visits in the window (24 months), or
 *   Loyal with spend of at least `platinumSpend` (Rp 5.000.000) in the window where spend is known;
 * - *Gold*: Loyal (the segments' at least 4 visits in 24 months, serviced within 12);
 * - *Silver*: Aktif with at least `silverVisits` (2) visits in the window;
 * - none otherwise (Aktif with one visit, Berisiko, Hilang, Belum Pernah Servis).
 * Visits are distinct days, `today` included, within the window (the day `windowMonths` ago
 * included, as the segments count them).
 *
 * A member's life:
 * - *enrolment*: a customer who qualifies and has no membership is enrolled on `today` at the
 *   tier they qualify for. The enrolment date is recorded once and never changes: a re-run, a
 *   lapse and a reinstatement keep it.
 * - *upgrade*: at once, on the first night the customer qualifies for a higher tier.
 * - *downgrade*: only after the customer has qualified for less than their tier for
 *   `downgradeAfterDays` (90) days in a row (a member is not demoted for one slow quarter); they
 *   then go to the tier they qualify for that day. A member never drops below Silver while active:
 *   a Berisiko member keeps Silver (win-back is the follow-ups' job), so the floor is Silver.
 * - *lapse*: the night a member's segment turns Hilang (or they are no longer a customer: no
 *   segment), at once: state lapsed, the tier kept for the record.
 * - *reinstatement*: a lapsed member who qualifies again is active again at the tier they
 *   qualify for, with their first enrolment date.
 *
 * Effectiveness: for a member enrolled on E, with N = `effectMonths` (6), visits before are the
 * distinct visit days d with E − N months < d ≤ E (the visit that earned the enrolment, on E,
 * came before it: the nightly run enrols after the day's WORs); visits after are those with
 * E < d ≤ E + N months, counted once E + N months ≤ today (the window has passed) and then kept.
 * A member enrolled less than N months ago is not measured yet. Lapsed members stay measured:
 * leaving them out would count only the members the programme kept.
 */
import { addDays, addMonths } from '../day-count.js';
import type { Segment } from './segments.js';

export type Tier = 'silver' | 'gold' | 'platinum';
export type MemberState = 'active' | 'lapsed';

export const TIER_LABELS: Readonly<Record<Tier, string>> = {
  silver: 'Silver',
  gold: 'Gold',
  platinum: 'Platinum',
};

const RANK: Readonly<Record<Tier, number>> = { silver: 1, gold: 2, platinum: 3 };

export interface LoyaltyPolicy {
  /** The months visits and spend count in: the segments' loyal window (24). */
  windowMonths: number;
  /** Silver: an Aktif (or Loyal) customer with at least this many visits in the window. */
  silverVisits: number;
  /** Platinum: a Loyal customer with at least this many visits in the window. */
  platinumVisits: number;
  /** Platinum too: a Loyal customer who spent at least this much (Rp) in the window; null: by visits only. */
  platinumSpend: number | null;
  /** A member who qualifies for less than their tier this many days in a row is downgraded. */
  downgradeAfterDays: number;
  /** Months before and after enrolment in which visits are compared. */
  effectMonths: number;
}

export const DEFAULT_LOYALTY_POLICY: LoyaltyPolicy = {
  windowMonths: 24,
  silverVisits: 2,
  platinumVisits: 8,
  platinumSpend: 5_000_000,
  downgradeAfterDays: 90,
  effectMonths: 6,
};

/** The policy checked: whole positive numbers, Platinum above Silver. */
export function loyaltyPolicy(overrides: Partial<LoyaltyPolicy> = {}): LoyaltyPolicy {
  const policy = { ...DEFAULT_LOYALTY_POLICY, ...overrides };
  const whole = (name: string, value: number, min: number) => {
    if (!Number.isInteger(value) || value < min)
      throw new RangeError(`Expected ${name} to be a whole number >= ${min}, got ${value}`);
  };
  whole('windowMonths', policy.windowMonths, 1);
  whole('silverVisits', policy.silverVisits, 1);
  whole('platinumVisits', policy.platinumVisits, 1);
  whole('downgradeAfterDays', policy.downgradeAfterDays, 0);
  whole('effectMonths', policy.effectMonths, 1);
  if (policy.platinumVisits <= policy.silverVisits)
    throw new RangeError(
      `Expected platinumVisits (${policy.platinumVisits}) to be above silverVisits (${policy.silverVisits})`,
    );
  if (policy.platinumSpend !== null && !(policy.platinumSpend > 0))
    throw new RangeError(`Expected platinumSpend to be above 0 or null, got ${policy.platinumSpend}`);
  return policy;
}

/** A customer as the programme sees them: the stored segment, their visits and spend, their branch. */
export interface LoyaltyCustomer {
  partnerId: number;
  /** The segment the segments job stored (null: not segmented, no longer a customer). */
  segment: Segment | null;
  /** Visit days, any source, duplicates allowed. */
  visits: readonly string[];
  /** Spend in the window, when the dealer invoices in Odoo. */
  spend: number | null;
  branchId: number | null;
}

export interface Membership {
  partnerId: number;
  tier: Tier;
  state: MemberState;
  /** The first enrolment; never changes. */
  enrolledOn: string;
  /** The last enrolment, upgrade, downgrade or reinstatement. */
  tierSince: string;
  /** Since when the member qualifies for less than their tier (null: not below). */
  belowSince: string | null;
  lapsedOn: string | null;
  branchId: number | null;
  /** Visit days in the N months up to the enrolment. */
  visitsBefore: number;
  /** Visit days in the N months after it; null until they have passed. */
  visitsAfter: number | null;
}

export type MemberEvent = 'enrolled' | 'upgraded' | 'downgraded' | 'lapsed' | 'reinstated';

/** Distinct visit days d with from < d ≤ to. */
export function visitsBetween(visits: readonly string[], from: string, to: string): number {
  let count = 0;
  // A customer has a handful of visits: comparing with the earlier ones beats a Set per customer
  // (the nightly run asks this of every customer, 200,000 at a large dealer).
  for (let index = 0; index < visits.length; index += 1) {
    const visit = visits[index] as string;
    if (visit <= from || visit > to) continue;
    let seen = false;
    for (let before = 0; before < index && !seen; before += 1) seen = visits[before] === visit;
    if (!seen) count += 1;
  }
  return count;
}

/**
 * One night of the programme: its date and policy, and the dates its decisions compare with,
 * computed once for every customer of the night (the day before the visits' window, the start
 * of the "before" months; the end of each enrolment date's "after" months as they are asked).
 */
export interface LoyaltyNight {
  today: string;
  policy: LoyaltyPolicy;
  beforeWindow: string;
  effectFrom: string;
  effectEnd: Map<string, string>;
}

export function loyaltyNight(today: string, policy: LoyaltyPolicy): LoyaltyNight {
  return {
    today,
    policy,
    // The window as the segments count it: the day `windowMonths` ago included.
    beforeWindow: addDays(addMonths(today, -policy.windowMonths), -1),
    effectFrom: addMonths(today, -policy.effectMonths),
    effectEnd: new Map(),
  };
}

function effectEndOf(night: LoyaltyNight, enrolledOn: string): string {
  let end = night.effectEnd.get(enrolledOn);
  if (end === undefined) {
    end = addMonths(enrolledOn, night.policy.effectMonths);
    night.effectEnd.set(enrolledOn, end);
  }
  return end;
}

/** The tier a customer qualifies for on the night, or null. */
export function qualifyingTier(customer: LoyaltyCustomer, night: LoyaltyNight): Tier | null {
  if (customer.segment !== 'loyal' && customer.segment !== 'active') return null;
  const { policy } = night;
  const visits = visitsBetween(customer.visits, night.beforeWindow, night.today);
  if (customer.segment === 'loyal') {
    const spent =
      policy.platinumSpend !== null && customer.spend !== null && customer.spend >= policy.platinumSpend;
    return visits >= policy.platinumVisits || spent ? 'platinum' : 'gold';
  }
  return visits >= policy.silverVisits ? 'silver' : null;
}

/** Whether the member leaves the programme tonight: Hilang, or no longer a customer. */
function lapses(customer: LoyaltyCustomer | undefined): boolean {
  return !customer || customer.segment === null || customer.segment === 'lost';
}

/**
 * A membership on the night (`loyaltyNight(today, policy)`): what the customer's segment, visits
 * and spend say of the stored one (undefined: not a member). Returns the membership (null: still none) and the event, if any;
 * the same inputs on the same day give the same answer, so a re-run changes nothing.
 */
export function nextMembership(
  customer: LoyaltyCustomer | undefined,
  member: Membership | undefined,
  night: LoyaltyNight,
): { member: Membership | null; event: MemberEvent | null } {
  const { today, policy } = night;
  const qualifies = customer && !lapses(customer) ? qualifyingTier(customer, night) : null;
  if (!member) {
    if (!customer || qualifies === null) return { member: null, event: null };
    return {
      member: {
        partnerId: customer.partnerId,
        tier: qualifies,
        state: 'active',
        enrolledOn: today,
        tierSince: today,
        belowSince: null,
        lapsedOn: null,
        branchId: customer.branchId,
        visitsBefore: visitsBetween(customer.visits, night.effectFrom, today),
        // At least a month to go before the "after" months have passed.
        visitsAfter: null,
      },
      event: 'enrolled',
    };
  }
  const next: Membership = { ...member };
  if (customer && customer.branchId !== null) next.branchId = customer.branchId;
  if (next.visitsAfter === null) next.visitsAfter = measured(customer, next.enrolledOn, night);
  let event: MemberEvent | null = null;
  if (member.state === 'lapsed') {
    if (qualifies !== null) {
      Object.assign(next, {
        state: 'active',
        tier: qualifies,
        tierSince: today,
        lapsedOn: null,
        belowSince: null,
      });
      event = 'reinstated';
    }
  } else if (lapses(customer)) {
    Object.assign(next, { state: 'lapsed', lapsedOn: today, belowSince: null });
    event = 'lapsed';
  } else {
    const target = qualifies ?? 'silver';
    if (RANK[target] > RANK[member.tier]) {
      Object.assign(next, { tier: target, tierSince: today, belowSince: null });
      event = 'upgraded';
    } else if (RANK[target] === RANK[member.tier]) {
      next.belowSince = null;
    } else {
      const since = member.belowSince ?? today;
      if (today >= addDays(since, policy.downgradeAfterDays)) {
        Object.assign(next, { tier: target, tierSince: today, belowSince: null });
        event = 'downgraded';
      } else next.belowSince = since;
    }
  }
  return { member: next, event };
}

/** Visits after an enrolment on `enrolledOn`, once its N months have passed; else null. */
function measured(
  customer: LoyaltyCustomer | undefined,
  enrolledOn: string,
  night: LoyaltyNight,
): number | null {
  const end = effectEndOf(night, enrolledOn);
  if (end > night.today) return null;
  return customer ? visitsBetween(customer.visits, enrolledOn, end) : 0;
}

/** The tier the customer has not been told of yet: their first (enrolment) or a higher one (upgrade). */
export function tierToAnnounce(member: Membership, announced: Tier | null): Tier | null {
  if (member.state !== 'active') return null;
  if (announced !== null && RANK[announced] >= RANK[member.tier]) return null;
  return member.tier;
}

/** The programme's month for one branch (null: all branches), as the month's latest run counts it. */
export interface LoyaltyMonthFigures {
  branchId: number | null;
  /** Active members tonight, and per tier. */
  members: number;
  silver: number;
  gold: number;
  platinum: number;
  /** Active members with a visit this month (its first day to `today`). */
  membersServiced: number;
  /** Segmented customers who are not active members (lapsed members included). */
  nonMembers: number;
  nonMembersServiced: number;
  /** Enrolled (first time) this month; lapsed this month. */
  enrolled: number;
  lapsed: number;
  /** Members (any state) enrolled at least N months ago, and their visits before and after. */
  measured: number;
  visitsBefore: number;
  visitsAfter: number;
}

/** Per cent with one decimal; 0 when there is nobody to count. */
export const percent = (part: number, whole: number): number =>
  whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10;

/** Visits per member with two decimals; 0 when nobody is measured. */
export const perMember = (visits: number, members: number): number =>
  members === 0 ? 0 : Math.round((100 * visits) / members) / 100;

/**
 * The month's figures per branch and for all branches: participation (the share of members and
 * of non-members serviced this month) and effectiveness (visits per measured member in the N
 * months before and after enrolment). A member counts at their membership's branch, a
 * non-member at their customer branch; a customer without a branch only in the "all" line.
 */
export function loyaltyMonthFigures(
  customers: readonly LoyaltyCustomer[],
  members: readonly Membership[],
  today: string,
): LoyaltyMonthFigures[] {
  const monthStart = `${today.slice(0, 7)}-01`;
  const lines = new Map<number | 'all', LoyaltyMonthFigures>();
  const line = (branchId: number | null): LoyaltyMonthFigures => {
    const key = branchId ?? 'all';
    let found = lines.get(key);
    if (!found) {
      found = {
        branchId,
        members: 0,
        silver: 0,
        gold: 0,
        platinum: 0,
        membersServiced: 0,
        nonMembers: 0,
        nonMembersServiced: 0,
        enrolled: 0,
        lapsed: 0,
        measured: 0,
        visitsBefore: 0,
        visitsAfter: 0,
      };
      lines.set(key, found);
    }
    return found;
  };
  const serviced = new Set<number>();
  for (const customer of customers)
    if (customer.visits.some((visit) => visit >= monthStart && visit <= today))
      serviced.add(customer.partnerId);
  const active = new Set<number>();
  const all = line(null);
  for (const member of members) {
    const isServiced = serviced.has(member.partnerId);
    for (const figures of member.branchId === null ? [all] : [all, line(member.branchId)]) {
      if (member.state === 'active') {
        figures.members += 1;
        figures[member.tier] += 1;
        if (isServiced) figures.membersServiced += 1;
      }
      if (member.enrolledOn >= monthStart && member.enrolledOn <= today) figures.enrolled += 1;
      if (member.state === 'lapsed' && member.lapsedOn !== null && member.lapsedOn >= monthStart)
        figures.lapsed += 1;
      if (member.visitsAfter !== null) {
        figures.measured += 1;
        figures.visitsBefore += member.visitsBefore;
        figures.visitsAfter += member.visitsAfter;
      }
    }
    if (member.state === 'active') active.add(member.partnerId);
  }
  for (const customer of customers) {
    if (customer.segment === null || active.has(customer.partnerId)) continue;
    const isServiced = serviced.has(customer.partnerId);
    for (const figures of customer.branchId === null ? [all] : [all, line(customer.branchId)]) {
      figures.nonMembers += 1;
      if (isServiced) figures.nonMembersServiced += 1;
    }
  }
  return [...lines.values()];
}
