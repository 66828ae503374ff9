import type { Offer } from './outcome.js';
import type { FollowUpResult, FollowUpState } from './schedule.js';

/**
 * The day's numbers (SOP FU-5): per admin and per branch, what was due, who was
 * reached, what they said, which offers were made and taken, and how bookings
 * turned into done services. Pure arithmetic over the follow-ups, for one date.
 */

export interface FollowUpFacts {
  branchId: number | null;
  adminId: number | null;
  dueDate: string;
  /** The dealer-local date the result was recorded, if any. */
  contactedOn: string | null;
  result: FollowUpResult | null;
  state: FollowUpState;
  offer: Offer | null;
  offerAccepted: boolean;
  /** The dealer-local date of the booking, if any. */
  bookingDate: string | null;
  doneDate: string | null;
}

export interface DailyCounts {
  due: number;
  contacted: number;
  responded: number;
  booked: number;
  refusedTime: number;
  refusedDistance: number;
  refusedDisappointed: number;
  refusedOtherDealer: number;
  offerWeekend: number;
  offerHomeService: number;
  offerPromo: number;
  offersAccepted: number;
  noResponse: number;
  doneServices: number;
  /** Bookings for this date that became done services, in percent of those bookings (0 when none). */
  conversionRate: number;
}

export interface DailySummary extends DailyCounts {
  date: string;
  branchId: number | null;
  /** Null for the branch's own line (all its admins). */
  adminId: number | null;
}

/** Summary lines are keyed by date, branch and admin (the branch's own line has no admin): this is the key within a date. */
export function summaryKey(line: { branchId: number | null; adminId: number | null }): string {
  return `${line.branchId ?? '-'}:${line.adminId ?? '*'}`;
}

const SILENT: ReadonlySet<FollowUpResult> = new Set(['no_response', 'unreachable', 'wa_failed']);

function emptyCounts(): DailyCounts & { bookingsDue: number; bookingsDone: number } {
  return {
    due: 0,
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
    bookingsDue: 0,
    bookingsDone: 0,
  };
}

function add(counts: ReturnType<typeof emptyCounts>, facts: FollowUpFacts, date: string): void {
  if (facts.dueDate === date) counts.due += 1;
  if (facts.contactedOn === date && facts.result) {
    counts.contacted += 1;
    if (SILENT.has(facts.result)) counts.noResponse += 1;
    else counts.responded += 1;
    if (facts.result === 'booked' || (facts.offerAccepted && facts.bookingDate)) counts.booked += 1;
    if (facts.result === 'refused_time') counts.refusedTime += 1;
    if (facts.result === 'refused_distance') counts.refusedDistance += 1;
    if (facts.result === 'refused_disappointed') counts.refusedDisappointed += 1;
    if (facts.result === 'refused_other_dealer') counts.refusedOtherDealer += 1;
    if (facts.offer === 'weekend') counts.offerWeekend += 1;
    if (facts.offer === 'home_service') counts.offerHomeService += 1;
    if (facts.offer === 'promo') counts.offerPromo += 1;
    if (facts.offerAccepted && facts.offer && facts.offer !== 'none') counts.offersAccepted += 1;
  }
  if (facts.doneDate === date) counts.doneServices += 1;
  if (facts.bookingDate === date) {
    counts.bookingsDue += 1;
    if (facts.doneDate !== null && facts.doneDate <= date) counts.bookingsDone += 1;
  }
}

/**
 * One line per admin of each branch, then one per branch (all its follow-ups, assigned or not);
 * branches and admins in id order. A follow-up without an admin counts on its branch's line
 * only: an admin line of its own would have the branch line's key (no admin) and count it twice.
 */
export function summarizeDay(followUps: readonly FollowUpFacts[], date: string): DailySummary[] {
  const lines = new Map<
    string,
    { branchId: number | null; adminId: number | null; counts: ReturnType<typeof emptyCounts> }
  >();
  const line = (branchId: number | null, adminId: number | null) => {
    const key = summaryKey({ branchId, adminId });
    let found = lines.get(key);
    if (!found) {
      found = { branchId, adminId, counts: emptyCounts() };
      lines.set(key, found);
    }
    return found.counts;
  };
  for (const facts of followUps) {
    if (facts.adminId !== null) add(line(facts.branchId, facts.adminId), facts, date);
    add(line(facts.branchId, null), facts, date);
  }
  const order = (value: number | null) => (value === null ? Number.POSITIVE_INFINITY : value);
  return [...lines.values()]
    .sort((a, b) => order(a.branchId) - order(b.branchId) || order(a.adminId) - order(b.adminId))
    .map(({ branchId, adminId, counts }) => {
      const { bookingsDue, bookingsDone, ...rest } = counts;
      return {
        date,
        branchId,
        adminId,
        ...rest,
        conversionRate: bookingsDue === 0 ? 0 : Math.round((bookingsDone / bookingsDue) * 1000) / 10,
      };
    });
}
