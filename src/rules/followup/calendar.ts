import { addDays, weekday } from '../day-count.js';
import { localDate } from '../local-time.js';
import type { AttendanceSpan, ClosedSpan } from '../working-time.js';
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

/** A leave longer than a year is a data error; no more of it is read. */
const MAX_SPAN_DAYS = 372;

export const MONDAY_TO_SATURDAY: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6]);

/** A branch without a calendar works Monday–Saturday, 08:00–12:00 and 13:00–17:00 (its holidays still close it). */
export const MONDAY_TO_SATURDAY_HOURS: readonly AttendanceSpan[] = [...MONDAY_TO_SATURDAY].flatMap(
  (weekday) => [
    { weekday, from: 8, to: 12 },
    { weekday, from: 13, to: 17 },
  ],
);

export function workCalendar(
  options: { workingWeekdays?: Iterable<number>; holidays?: Iterable<string> } = {},
): WorkCalendar {
  return {
    workingWeekdays: new Set(options.workingWeekdays ?? MONDAY_TO_SATURDAY),
    holidays: new Set(options.holidays ?? []),
  };
}

export { addDays, weekday };

/**
 * A branch's working days from its calendar as Odoo holds it: the weekdays its attendance lines
 * name (Monday–Saturday without a calendar), and every dealer-local date a closed span touches;
 * cuti bersama spans only when the branch does not work them.
 */
export function workCalendarOf(
  calendar: { attendance: readonly AttendanceSpan[]; closed: readonly ClosedSpan[] },
  options: { worksCutiBersama: boolean; timeZone: string },
): WorkCalendar {
  const weekdays = new Set(
    calendar.attendance.filter((line) => line.to > line.from).map((line) => line.weekday),
  );
  const holidays = new Set<string>();
  for (const span of calendar.closed) {
    if (span.cutiBersama && options.worksCutiBersama) continue;
    if (span.to <= span.from) continue;
    const last = localDate(new Date(span.to - 1), options.timeZone);
    let day = localDate(new Date(span.from), options.timeZone);
    for (let step = 0; step < MAX_SPAN_DAYS && day <= last; step += 1) {
      holidays.add(day);
      day = addDays(day, 1);
    }
  }
  return workCalendar({ ...(weekdays.size > 0 ? { workingWeekdays: weekdays } : {}), holidays });
}

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
