import { localDate } from '../rules/local-time.js';

/** The dealer's calendar date now, in its time zone: the `today` every job is run as. */
export function dealerToday(timeZone: string, now = new Date()): string {
  return localDate(now, timeZone);
}
