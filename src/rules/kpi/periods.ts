/**
 * KPI periods of the Customer Relations Officer scorecard (seed 003, issue 16).
 *
 * The seed: "Definisi Quartal; 3 bulan kalender" — a quarter is three calendar months
 * (Kuartal 1 = Januari, Februari, Maret; …; Kuartal 4 = Oktober, November, Desember), and the
 * monthly KPIs (KPI-5, KPI-6) are counted "sampai periode akhir bulan" (to the month's end).
 * Periods are dealer-local calendar dates (`YYYY-MM-DD`, both ends included); the instants a
 * period spans run from local midnight of its first day to local midnight after its last day,
 * so 23:59 WIB on 31 March is Q1 and 00:00 WIB on 1 April is Q2 (though that is 31 March UTC).
 */
import { isCalendarDate } from '../calendar-date.js';
import { addDays } from '../day-count.js';
import { instantOfOdooDatetime, localDate, odooDatetimeOfLocal } from '../local-time.js';

export type PeriodKind = 'quarter' | 'month';

export interface Period {
  readonly kind: PeriodKind;
  /** `2026-Q1` for a quarter, `2026-03` for a month: stable, sorts in time order within a kind. */
  readonly key: string;
  /** First day, dealer-local `YYYY-MM-DD`. */
  readonly from: string;
  /** Last day (included), dealer-local `YYYY-MM-DD`. */
  readonly to: string;
}

/** The instants a period spans, UTC epoch milliseconds, half-open [from, to). */
export interface PeriodSpan {
  readonly from: number;
  readonly to: number;
}

/** The calendar quarter a date is in: 2026-02-14 → { key: '2026-Q1', from: '2026-01-01', to: '2026-03-31' }. */
export function quarterOf(date: string): Period {
  const { year, month } = yearMonth(date);
  const quarter = Math.floor((month - 1) / 3) + 1;
  const first = (quarter - 1) * 3 + 1;
  return {
    kind: 'quarter',
    key: `${year}-Q${quarter}`,
    from: isoDate(year, first, 1),
    to: lastDayOfMonth(year, first + 2),
  };
}

/** The calendar month a date is in: 2026-03-09 → { key: '2026-03', from: '2026-03-01', to: '2026-03-31' }. */
export function monthOf(date: string): Period {
  const { year, month } = yearMonth(date);
  return {
    kind: 'month',
    key: `${year}-${pad(month)}`,
    from: isoDate(year, month, 1),
    to: lastDayOfMonth(year, month),
  };
}

export function periodOf(kind: PeriodKind, date: string): Period {
  return kind === 'quarter' ? quarterOf(date) : monthOf(date);
}

/** A period from its key (`2026-Q1`, `2026-03`), as a stored scorecard names it. */
export function periodOfKey(key: string): Period {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  if (quarter) return quarterOf(isoDate(Number(quarter[1]), (Number(quarter[2]) - 1) * 3 + 1, 1));
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month && isCalendarDate(`${key}-01`)) return monthOf(`${key}-01`);
  throw new RangeError(`Expected a period key like 2026-Q1 or 2026-03, got ${JSON.stringify(key)}`);
}

/** The quarter before the quarter a period is in: 2026-Q1 → 2025-Q4; the month 2026-05 → 2026-Q1. */
export function previousQuarter(period: Period): Period {
  return quarterOf(addDays(quarterOf(period.from).from, -1));
}

/** The period of the same kind just before: 2026-Q1 → 2025-Q4, 2026-01 → 2025-12. */
export function previousPeriod(period: Period): Period {
  return periodOf(period.kind, addDays(period.from, -1));
}

/** The months of a period, in order (a month gives itself). */
export function monthsOf(period: Period): Period[] {
  const months: Period[] = [];
  for (let month = monthOf(period.from); month.from <= period.to; month = monthOf(addDays(month.to, 1))) {
    months.push(month);
  }
  return months;
}

export function periodContains(period: Period, date: string): boolean {
  requireDate(date);
  return period.from <= date && date <= period.to;
}

/** Local midnight of the first day to local midnight after the last day, in the dealer's zone. */
export function periodSpan(period: Period, timeZone: string): PeriodSpan {
  return { from: localMidnight(period.from, timeZone), to: localMidnight(addDays(period.to, 1), timeZone) };
}

/** The period of a kind an instant falls in, by its dealer-local date. */
export function periodOfInstant(at: number, kind: PeriodKind, timeZone: string): Period {
  if (!Number.isFinite(at)) throw new RangeError(`Expected a finite instant, got ${at}`);
  return periodOf(kind, localDate(new Date(at), timeZone));
}

function localMidnight(date: string, timeZone: string): number {
  return instantOfOdooDatetime(odooDatetimeOfLocal(date, 0, timeZone));
}

function yearMonth(date: string): { year: number; month: number } {
  requireDate(date);
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
}

function requireDate(date: string): void {
  if (!isCalendarDate(date)) {
    throw new RangeError(`Expected a calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
}

function lastDayOfMonth(year: number, month: number): string {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
