/**
 * Time counted in a dealer branch's working hours. Complaint service levels ("acknowledge
 * within 4 working hours", issue 14) and the KPI reply-time audit (issue 16) count only the
 * hours the branch works: not nights, not lunch, not the days it is closed (Sundays, public
 * holidays, cuti bersama unless the branch works them) and not a branch's leave.
 *
 * Odoo knows this as `resource.calendar` (`plan_hours`, `get_work_hours_count`), but those
 * methods cannot be called over RPC: their datetime arguments arrive as strings, not
 * datetimes. So the bridge reads the calendar (attendances and leaves) and counts here.
 *
 * Working time is stepped per working span (a day's attendance cut by closed spans), never
 * per minute, and each day's spans are computed once per calendar and remembered: 100,000
 * complaints or messages cost a few lookups each. Every search looks at most
 * `MAX_LOOKAHEAD_DAYS` ahead, so a calendar without attendance answers null instead of looping.
 */
import { DAY_MS, dayNumber } from './day-count.js';
import { localClock } from './local-time.js';

/**
 * Working hours of one weekday, local time, in hours: [8, 12] is 08:00–12:00.
 * `weekday` is JavaScript's (0 = Sunday); Odoo's `dayofweek` is 0 = Monday, so the reader converts.
 */
export interface AttendanceSpan {
  weekday: number /* 0 = Sunday … 6 = Saturday (JS) */;
  from: number;
  to: number;
}

/** A span the branch is closed, as UTC epoch milliseconds [from, to): a public holiday, a cuti bersama day, a branch leave. */
export interface ClosedSpan {
  from: number;
  to: number;
  cutiBersama?: boolean;
}

/** A half-open span [from, to): local hours in attendance, UTC epoch milliseconds otherwise. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

export interface WorkingTime {
  readonly timeZone: string;
  /** Seven lists (index 0 = Sunday) of the weekday's working hours, sorted and merged. */
  readonly attendance: readonly (readonly Span[])[];
  /** The closed spans that apply (cuti bersama left out when the branch works it), sorted and merged. */
  readonly closed: readonly Span[];
}

/** A year and a few days: Lebaran and cuti bersama close a branch for a week or more, never a year. */
export const MAX_LOOKAHEAD_DAYS = 370;

/**
 * The longest span `workingHoursBetween` counts, about a century: a guard against a garbage
 * instant, not a business limit (the count walks every day in between).
 */
export const MAX_SPAN_DAYS = 36_600;

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** Days remembered per calendar before the memo starts afresh: keeps memory flat on long audits. */
const MEMO_DAYS = 4_096;

/** Odoo's zone for a calendar made by a user without one (a new database's standard calendar). */
const ODOO_DEFAULT_ZONES: ReadonlySet<string> = new Set(['UTC', 'Etc/UTC', 'GMT']);

/**
 * The zone a calendar's hours are read in: its own, unless it is UTC while the dealer's is
 * another. A new Odoo database's "Standard 40 hours/week" is UTC (its creator had no zone), and
 * an Indonesian workshop working 08:00–17:00 UTC (15:00–24:00 WIB) is a setup left as it came,
 * not a fact: read so, every reply time and deadline would be 7 hours off.
 */
export function calendarZone(calendarZone: string | null, dealerZone: string): string {
  if (calendarZone === null || calendarZone === '') return dealerZone;
  return ODOO_DEFAULT_ZONES.has(calendarZone) && !ODOO_DEFAULT_ZONES.has(dealerZone)
    ? dealerZone
    : calendarZone;
}

export function workingTime(options: {
  timeZone: string;
  attendance: readonly AttendanceSpan[];
  closed: readonly ClosedSpan[];
  worksCutiBersama: boolean;
}): WorkingTime {
  // An unknown zone throws Intl's RangeError here, once, rather than in the middle of a count.
  localClock(new Date(0), options.timeZone);
  const byWeekday: Span[][] = [[], [], [], [], [], [], []];
  for (const span of options.attendance) {
    if (!Number.isInteger(span.weekday) || span.weekday < 0 || span.weekday > 6) {
      throw new RangeError(
        `Expected an attendance weekday from 0 (Sunday) to 6 (Saturday), got ${span.weekday}`,
      );
    }
    const from = Math.max(0, span.from);
    const to = Math.min(24, span.to);
    if (from < to) byWeekday[span.weekday]?.push({ from, to });
  }
  const closed = options.closed
    .filter((span) => span.from < span.to && !(options.worksCutiBersama && span.cutiBersama === true))
    .map(({ from, to }) => ({ from, to }));
  return {
    timeZone: options.timeZone,
    attendance: byWeekday.map(merged),
    closed: merged(closed),
  };
}

/** The instant itself when it is inside working time, else the start of the next working span; null when none within MAX_LOOKAHEAD_DAYS (e.g. a calendar with no attendance). */
export function nextWorkingInstant(at: number, time: WorkingTime): number | null {
  requireFinite('at', at);
  const first = spansFrom(at, time).next();
  return first.done ? null : Math.max(at, first.value.span.from);
}

/** The instant N working hours after `at` (counting from the next working instant when `at` is outside working time); null when it cannot be reached within the lookahead. hours may be fractional; 0 gives nextWorkingInstant. */
export function addWorkingHours(at: number, hours: number, time: WorkingTime): number | null {
  requireFinite('at', at);
  if (!Number.isFinite(hours) || hours < 0) {
    throw new RangeError(`Expected a finite number of working hours >= 0, got ${hours}`);
  }
  let remaining = Math.round(hours * HOUR_MS);
  if (remaining === 0) return nextWorkingInstant(at, time);
  for (const { span } of spansFrom(at, time)) {
    const start = Math.max(at, span.from);
    // The end of a span counts as reached: Monday 08:00 + 4 hours is 12:00, not 13:00 after lunch.
    if (remaining <= span.to - start) return start + remaining;
    remaining -= span.to - start;
  }
  return null;
}

/** Working hours between two instants (0 when to <= from). */
export function workingHoursBetween(from: number, to: number, time: WorkingTime): number {
  requireFinite('from', from);
  requireFinite('to', to);
  if (to <= from || time.attendance.every((spans) => spans.length === 0)) return 0;
  if (to - from > MAX_SPAN_DAYS * DAY_MS) {
    throw new RangeError(
      `Expected at most ${MAX_SPAN_DAYS} days between from and to, got ${Math.ceil((to - from) / DAY_MS)}`,
    );
  }
  let total = 0;
  // Local days overlap UTC days by at most a day either side (zones run from UTC-12 to UTC+14).
  const lastDay = Math.floor(to / DAY_MS) + 1;
  for (let day = Math.floor(from / DAY_MS) - 1; day <= lastDay; day += 1) {
    for (const span of localDay(day, time).spans) {
      total += Math.max(0, Math.min(to, span.to) - Math.max(from, span.from));
    }
  }
  return total / HOUR_MS;
}

/**
 * The seed's "1×24 jam": the same local clock time on the next working day after the day work
 * on the message starts (counted from nextWorkingInstant(at)); e.g. a message Saturday 22:00
 * (closed) → counting starts Monday 08:00 → due Tuesday 08:00. null when not reachable.
 *
 * That next day may work other hours (a half-day Saturday, a half-day leave), so the clock time
 * is clamped into its working time: before its first span → that span's start; after its last
 * span → that span's end (Friday 15:00 → Saturday 12:00 when Saturday works till 12:00); in a
 * gap between its spans → the start of the next span, as a message in a gap counts from there.
 */
export function sameTimeNextWorkingDay(at: number, time: WorkingTime): number | null {
  requireFinite('at', at);
  const first = spansFrom(at, time).next();
  if (first.done) return null;
  const { day, span } = first.value;
  const sinceMidnight = wallTimeOfDay(Math.max(at, span.from), day, time);
  const lastDay = Math.floor(at / DAY_MS) + MAX_LOOKAHEAD_DAYS;
  for (let next = day + 1; next <= lastDay; next += 1) {
    const { spans } = localDay(next, time);
    const last = spans[spans.length - 1];
    if (!last) continue;
    const target = instantOfWallTime(next, sinceMidnight, time);
    const within = spans.find((working) => target < working.to);
    return within ? Math.max(target, within.from) : last.to;
  }
  return null;
}

/** The working spans from `at` on, in order, with their local day, each ending after `at`; within the lookahead. */
function* spansFrom(at: number, time: WorkingTime): Generator<{ day: number; span: Span }> {
  if (time.attendance.every((spans) => spans.length === 0)) return;
  // A local day overlaps the UTC days either side at most (zones run from UTC-12 to UTC+14).
  const firstDay = Math.floor(at / DAY_MS) - 1;
  const lastDay = Math.floor(at / DAY_MS) + MAX_LOOKAHEAD_DAYS;
  for (let day = firstDay; day <= lastDay; day += 1) {
    for (const span of localDay(day, time).spans) {
      if (span.to > at) yield { day, span };
    }
  }
}

/** A local day: its working spans (UTC milliseconds) and where it starts and how long it lasts (24 hours unless the clock changes). */
interface LocalDay {
  readonly spans: readonly Span[];
  readonly midnight: number;
  readonly length: number;
}

const memos = new WeakMap<WorkingTime, Map<number, LocalDay>>();

/** Local day `day` (days since 1970-01-01) of the calendar: its attendance cut by the closed spans. Remembered. */
function localDay(day: number, time: WorkingTime): LocalDay {
  let memo = memos.get(time);
  if (!memo) {
    memo = new Map();
    memos.set(time, memo);
  }
  const known = memo.get(day);
  if (known) return known;
  const midnight = instantOfLocal(day, 0, time.timeZone);
  const partial = { spans: [], midnight, length: instantOfLocal(day + 1, 0, time.timeZone) - midnight };
  // Day 0 (1970-01-01) was a Thursday.
  const attendance = time.attendance[modulo(day + 4, 7)] ?? [];
  const spans = attendance.flatMap((hours) =>
    cut(
      {
        from: instantOfWallTime(day, Math.round(hours.from * HOUR_MS), time, partial),
        to: instantOfWallTime(day, Math.round(hours.to * HOUR_MS), time, partial),
      },
      time.closed,
    ),
  );
  const result = { ...partial, spans };
  if (memo.size >= MEMO_DAYS) memo.clear();
  memo.set(day, result);
  return result;
}

/**
 * The instant local day `day` shows `sinceMidnight` milliseconds on the wall clock. A day of 24
 * hours (every day in Indonesia) is its midnight plus that; a day the clock changes asks Intl.
 */
function instantOfWallTime(day: number, sinceMidnight: number, time: WorkingTime, known?: LocalDay): number {
  const { midnight, length } = known ?? localDay(day, time);
  return length === DAY_MS ? midnight + sinceMidnight : instantOfLocal(day, sinceMidnight, time.timeZone);
}

/** The wall-clock time of an instant on its local day `day`, in milliseconds since local midnight. */
function wallTimeOfDay(instant: number, day: number, time: WorkingTime): number {
  const { midnight, length } = localDay(day, time);
  if (length === DAY_MS) return instant - midnight;
  // localClock reads whole minutes; seconds and milliseconds come from the instant (zone offsets are whole minutes).
  const clock = localClock(new Date(instant), time.timeZone);
  return Math.round(clock.hour * 60) * MINUTE_MS + modulo(instant, MINUTE_MS);
}

/** A span minus the closed spans (sorted, merged) it overlaps. */
function cut(span: Span, closed: readonly Span[]): Span[] {
  const pieces: Span[] = [];
  let start = span.from;
  for (let i = firstEndingAfter(closed, span.from); i < closed.length; i += 1) {
    const shut = closed[i];
    if (!shut || shut.from >= span.to) break;
    if (shut.from > start) pieces.push({ from: start, to: shut.from });
    start = Math.max(start, shut.to);
  }
  if (start < span.to) pieces.push({ from: start, to: span.to });
  return pieces;
}

/** The index of the first span (sorted, merged) that ends after `instant`: a binary search. */
function firstEndingAfter(spans: readonly Span[], instant: number): number {
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((spans[middle]?.to ?? Number.POSITIVE_INFINITY) > instant) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Sorted by start, overlapping or touching spans joined. */
function merged(spans: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const span of [...spans].sort((a, b) => a.from - b.from)) {
    const last = out[out.length - 1];
    if (last && span.from <= last.to)
      out[out.length - 1] = { from: last.from, to: Math.max(last.to, span.to) };
    else out.push(span);
  }
  return out;
}

/**
 * The instant a local wall clock in `timeZone` shows `sinceMidnight` milliseconds into local day
 * `day`, found through Intl (the zone's offset at a guess, then at the answer) rather than a
 * fixed offset. Like `odooDatetimeOfLocal`, but in whole milliseconds: that one answers a text
 * cut to the second from a fractional hour. A wall time a clock change skips comes out an hour late.
 */
function instantOfLocal(day: number, sinceMidnight: number, timeZone: string): number {
  const wall = day * DAY_MS + sinceMidnight;
  const guess = wall - offsetAt(wall, timeZone);
  const offset = offsetAt(guess, timeZone);
  return wall - offset;
}

/** How far the zone's wall clock runs ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const clock = localClock(new Date(instant), timeZone);
  const wallMinute = dayNumber(clock.date) * DAY_MS + Math.round(clock.hour * 60) * MINUTE_MS;
  return wallMinute - (instant - modulo(instant, MINUTE_MS));
}

function modulo(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}

function requireFinite(name: string, instant: number): void {
  if (!Number.isFinite(instant))
    throw new RangeError(`Expected ${name} to be a finite instant, got ${instant}`);
}
