/**
 * One daemon writes per database: it holds a lease in Odoo and renews it; a
 * second daemon on the same database waits until the lease lapses. Pure: the
 * lease as read, who asks and when, in; what to do, out.
 */
export interface LeaseState {
  holder: string | null;
  /** UTC milliseconds. */
  until: number | null;
}

export type LeaseDecision = { take: true; renew: boolean } | { take: false; holder: string; until: number };

export function decideLease(current: LeaseState | null, me: string, now: number): LeaseDecision {
  if (!current?.holder || current.until === null || current.until <= now) return { take: true, renew: false };
  if (current.holder === me) return { take: true, renew: true };
  return { take: false, holder: current.holder, until: current.until };
}
