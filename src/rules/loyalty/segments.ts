/**
 * Customer segments from service history (SOP Customer Relationship Management, seed 002, stage 4
 * "Program Loyalitas": "Identifikasi pelanggan potensial dan loyal berdasarkan data"; issue 15).
 *
 * A customer's visits are the days their motorcycles were serviced here (a WOR, an A2 KPB date, a
 * done service), counted once per day whatever records name it; from the customer's units
 * together (two motorcycles, one customer). As of `today` (dealer date):
 * - *Loyal*: serviced in the last 12 months and at least `loyalVisits` visits in the last 24;
 * - *Aktif*: serviced in the last 12 months;
 * - *Berisiko*: last service 12 to 24 months ago;
 * - *Hilang*: last service more than 24 months ago;
 * - *Belum Pernah Servis*: bought here, never serviced.
 * "In the last 12 months" includes the day 12 months ago (serviced on 2025-03-15, as of
 * 2026-03-15: Aktif; a day later: Berisiko); "more than 24 months" starts the day after 24
 * months ago. Visits after `today` are not counted (a date typed wrong, a future booking).
 *
 * Recency, frequency and monetary scores 1–5, for marketing's filters: recency by months since
 * the last visit, frequency by visits in 24 months (both by the policy's thresholds), monetary
 * by quintile of spend among the customers whose spend is known (null when it is not).
 */
import { addMonths } from '../day-count.js';

export type Segment = 'loyal' | 'active' | 'at_risk' | 'lost' | 'never_serviced';

export const SEGMENT_LABELS: Readonly<Record<Segment, string>> = {
  loyal: 'Loyal',
  active: 'Aktif',
  at_risk: 'Berisiko',
  lost: 'Hilang',
  never_serviced: 'Belum Pernah Servis',
};

export interface SegmentPolicy {
  /** Serviced within this many months: active (seed reading: 12). */
  activeMonths: number;
  /** Last service longer ago than this: lost (24). */
  lostAfterMonths: number;
  /** Visits within `loyalWindowMonths` that make an active customer loyal. */
  loyalVisits: number;
  loyalWindowMonths: number;
  /** Recency score 5, 4, 3, 2 when the last visit is within these months (ascending); else 1. */
  recencyMonths: readonly [number, number, number, number];
  /** Frequency score 2, 3, 4, 5 from these visits in `loyalWindowMonths` (ascending); else 1. */
  frequencyVisits: readonly [number, number, number, number];
}

export const DEFAULT_SEGMENT_POLICY: SegmentPolicy = {
  activeMonths: 12,
  lostAfterMonths: 24,
  loyalVisits: 4,
  loyalWindowMonths: 24,
  recencyMonths: [3, 6, 12, 24],
  frequencyVisits: [2, 4, 6, 8],
};

export interface ServiceHistory {
  partnerId: number;
  /** Purchase dates of the customer's units bought here (`YYYY-MM-DD`). */
  purchases: readonly string[];
  /** Service dates, any source, duplicates allowed. */
  visits: readonly string[];
  /** What the customer spent (invoices), when the dealer's Odoo knows it. */
  spend: number | null;
}

export interface CustomerSegment {
  partnerId: number;
  segment: Segment;
  lastVisit: string | null;
  /** Distinct visit days within the loyal window. */
  recentVisits: number;
  recency: number;
  frequency: number;
  monetary: number | null;
}

/** The policy checked: thresholds ascending, windows positive. */
export function segmentPolicy(overrides: Partial<SegmentPolicy> = {}): SegmentPolicy {
  const policy = { ...DEFAULT_SEGMENT_POLICY, ...overrides };
  const positive = (name: string, value: number) => {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`Expected ${name} to be a whole number >= 1, got ${value}`);
  };
  positive('activeMonths', policy.activeMonths);
  positive('lostAfterMonths', policy.lostAfterMonths);
  positive('loyalVisits', policy.loyalVisits);
  positive('loyalWindowMonths', policy.loyalWindowMonths);
  if (policy.lostAfterMonths < policy.activeMonths) {
    throw new RangeError(
      `Expected lostAfterMonths (${policy.lostAfterMonths}) to be at least activeMonths (${policy.activeMonths})`,
    );
  }
  for (const [name, steps] of [
    ['recencyMonths', policy.recencyMonths],
    ['frequencyVisits', policy.frequencyVisits],
  ] as const) {
    steps.forEach((step, index) => {
      positive(`${name}[${index}]`, step);
      if (index > 0 && step <= (steps[index - 1] ?? 0))
        throw new RangeError(`Expected ${name} to rise, got ${steps.join(', ')}`);
    });
  }
  return policy;
}

/**
 * Every customer with a unit bought here or a visit, segmented and scored as of `today`.
 * Customers with neither are left out (not customers of the workshop).
 */
export function segmentCustomers(
  histories: readonly ServiceHistory[],
  today: string,
  policy: SegmentPolicy = DEFAULT_SEGMENT_POLICY,
): CustomerSegment[] {
  const activeFrom = addMonths(today, -policy.activeMonths);
  const lostBefore = addMonths(today, -policy.lostAfterMonths);
  const windowFrom = addMonths(today, -policy.loyalWindowMonths);
  const recencyFrom = policy.recencyMonths.map((months) => addMonths(today, -months));
  const monetary = monetaryScores(histories);
  const segments: CustomerSegment[] = [];
  for (const history of histories) {
    let last: string | null = null;
    const recent = new Set<string>();
    for (const visit of history.visits) {
      if (visit > today) continue;
      if (last === null || visit > last) last = visit;
      if (visit >= windowFrom) recent.add(visit);
    }
    if (last === null && history.purchases.length === 0) continue;
    const segment: Segment =
      last === null
        ? 'never_serviced'
        : last >= activeFrom
          ? recent.size >= policy.loyalVisits
            ? 'loyal'
            : 'active'
          : last >= lostBefore
            ? 'at_risk'
            : 'lost';
    segments.push({
      partnerId: history.partnerId,
      segment,
      lastVisit: last,
      recentVisits: recent.size,
      recency: last === null ? 1 : stepScore(recencyFrom.map((from) => last >= from)),
      frequency: 1 + policy.frequencyVisits.filter((visits) => recent.size >= visits).length,
      monetary: monetary.get(history.partnerId) ?? null,
    });
  }
  return segments;
}

/** 5 when within the first step, 4 the second, …, 1 beyond the last. */
function stepScore(within: readonly boolean[]): number {
  const index = within.indexOf(true);
  return index === -1 ? 1 : 5 - index;
}

/**
 * Quintiles of known spend: the top fifth scores 5, the bottom fifth 1; equal spends score
 * alike (the lowest rank of their tie), so a customer never outscores another who spent as much.
 */
function monetaryScores(histories: readonly ServiceHistory[]): Map<number, number> {
  const known = histories
    .filter((history) => history.spend !== null && Number.isFinite(history.spend))
    .map((history) => ({ partnerId: history.partnerId, spend: history.spend as number }))
    .sort((a, b) => a.spend - b.spend);
  const scores = new Map<number, number>();
  let tieStart = 0;
  known.forEach((customer, rank) => {
    if (rank > 0 && customer.spend !== known[rank - 1]?.spend) tieStart = rank;
    scores.set(customer.partnerId, 1 + Math.min(4, Math.floor((5 * tieStart) / known.length)));
  });
  return scores;
}

export interface SegmentChange {
  partnerId: number;
  from: Segment | null;
  to: Segment;
}

/** The customers whose segment differs from the one stored (null: segmented for the first time). */
export function segmentChanges(
  stored: ReadonlyMap<number, Segment>,
  current: readonly CustomerSegment[],
): SegmentChange[] {
  return current.flatMap((customer) => {
    const from = stored.get(customer.partnerId) ?? null;
    return from === customer.segment ? [] : [{ partnerId: customer.partnerId, from, to: customer.segment }];
  });
}
