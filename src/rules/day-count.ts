/** Calendar days as plain numbers (days since 1970-01-01, UTC): the one home of day arithmetic. */

export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for an ISO date `YYYY-MM-DD`: a date in four bytes. */
export function dayNumber(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

/** The ISO date of a day number. */
export function isoDateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return isoDateOf(dayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
