import { addDays, weekday } from '../day-count.js';
/**
 * A branch's working days: the weekdays it works and the days it does not
 * (public holidays and cuti bersama, read by the bridge from the leaves of the
 * branch's `resource.calendar`). Pure data; dates are ISO `YYYY-MM-DD`.
 */
export interface WorkCalendar {
  /** 0 = Sunday … 6 = Saturday. Indonesian workshops usually work Monday to Saturday. */
  workingWeekdays: ReadonlySet<number>;
  holidays: ReadonlySet<string>;
}

export const MONDAY_TO_SATURDAY: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6]);

export function workCalendar(
  options: { workingWeekdays?: Iterable<number>; holidays?: Iterable<string> } = {},
): WorkCalendar {
  return {
    workingWeekdays: new Set(options.workingWeekdays ?? MONDAY_TO_SATURDAY),
    holidays: new Set(options.holidays ?? []),
  };
}

export { addDays, weekday };

export function isWorkingDay(date: string, calendar: WorkCalendar): boolean {
  return calendar.workingWeekdays.has(weekday(date)) && !calendar.holidays.has(date);
}

/** Lebaran and cuti bersama can close a workshop for over a week; a month is the limit of looking ahead. */
const MAX_CLOSED_RUN = 31;

/** The date itself when the branch works that day, else the next day it does (at most a month later). */
export function nextWorkingDay(date: string, calendar: WorkCalendar): string {
  let day = date;
  for (let step = 0; step < MAX_CLOSED_RUN; step += 1) {
    if (isWorkingDay(day, calendar)) return day;
    day = addDays(day, 1);
  }
  return date;
}
