import { isCalendarDate } from './calendar-date.js';
import { addDays } from './day-count.js';
import { odooDatetimeOfLocal, shiftOdooDatetime } from './local-time.js';

/**
 * Indonesia's national holidays and cuti bersama of a year, from the curated data file
 * (`data/holidays/id-<year>.json`, collected from the SKB 3 Menteri of that year). Cuti bersama
 * are flagged: a dealer may choose to work them (the branch's "Buka saat cuti bersama").
 */
export type HolidayKind = 'libur_nasional' | 'cuti_bersama';

export interface Holiday {
  date: string;
  name: string;
  kind: HolidayKind;
}

export interface HolidayYear {
  year: number;
  source: string;
  holidays: Holiday[];
}

/** A refusal located in the file: the entry (1-based) and field, and the value found. */
export interface HolidayFileProblem {
  entry?: number;
  field: string;
  value: unknown;
  message: string;
}

const KINDS: readonly HolidayKind[] = ['libur_nasional', 'cuti_bersama'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The file's holidays for `year`, or every problem found in it (nothing is loaded from a bad file). */
export function parseHolidayYear(
  data: unknown,
  year: number,
): { ok: true; value: HolidayYear } | { ok: false; problems: HolidayFileProblem[] } {
  const problems: HolidayFileProblem[] = [];
  if (!isRecord(data)) {
    return { ok: false, problems: [{ field: '(file)', value: data, message: 'must be a JSON object' }] };
  }
  if (data.year !== year) {
    problems.push({ field: 'year', value: data.year, message: `must be ${year}` });
  }
  if (!Array.isArray(data.holidays)) {
    problems.push({ field: 'holidays', value: data.holidays, message: 'must be a list' });
    return { ok: false, problems };
  }
  const holidays: Holiday[] = [];
  const seen = new Map<string, number>();
  data.holidays.forEach((entry: unknown, index) => {
    const at = index + 1;
    if (!isRecord(entry)) {
      problems.push({ entry: at, field: '(entry)', value: entry, message: 'must be an object' });
      return;
    }
    const { date, name, kind } = entry;
    if (typeof date !== 'string' || !isCalendarDate(date) || !date.startsWith(`${year}-`)) {
      problems.push({
        entry: at,
        field: 'date',
        value: date,
        message: `must be a date of ${year} (YYYY-MM-DD)`,
      });
      return;
    }
    if (typeof name !== 'string' || name.trim() === '') {
      problems.push({ entry: at, field: 'name', value: name, message: 'must name the holiday' });
      return;
    }
    if (!KINDS.includes(kind as HolidayKind)) {
      problems.push({ entry: at, field: 'kind', value: kind, message: `must be one of ${KINDS.join(', ')}` });
      return;
    }
    const twin = seen.get(date);
    if (twin !== undefined) {
      problems.push({ entry: at, field: 'date', value: date, message: `repeats entry ${twin}` });
      return;
    }
    seen.set(date, at);
    holidays.push({ date, name: name.trim(), kind: kind as HolidayKind });
  });
  if (problems.length > 0) return { ok: false, problems };
  holidays.sort((a, b) => a.date.localeCompare(b.date));
  return { ok: true, value: { year, source: typeof data.source === 'string' ? data.source : '', holidays } };
}

/** A company-wide closed day as Odoo keeps it (a global leave: no resource, no calendar). */
export interface HolidayLeave {
  /** Stable key: the kind and the date (`cuti_bersama_2026_03_20`). */
  key: string;
  name: string;
  /** UTC, Odoo's `YYYY-MM-DD HH:MM:SS`: the dealer's local midnight … 23:59:59, as Odoo's own form sets it. */
  dateFrom: string;
  dateTo: string;
  cutiBersama: boolean;
}

export const CUTI_BERSAMA_KEY_PREFIX = 'cuti_bersama_';

export function holidayKey(holiday: Pick<Holiday, 'date' | 'kind'>): string {
  return `${holiday.kind}_${holiday.date.replace(/-/g, '_')}`;
}

/** Whether a key names a holiday of `year` (to find those a corrected file no longer lists). */
export function isHolidayKeyOfYear(key: string, year: number): boolean {
  return KINDS.some((kind) => key.startsWith(`${kind}_${year}_`));
}

export function isCutiBersamaKey(key: string): boolean {
  return key.startsWith(CUTI_BERSAMA_KEY_PREFIX);
}

export function holidayLeaves(holidays: readonly Holiday[], timeZone: string): HolidayLeave[] {
  return holidays.map((holiday) => ({
    key: holidayKey(holiday),
    name: holiday.name,
    dateFrom: odooDatetimeOfLocal(holiday.date, 0, timeZone),
    // One second before the next local midnight, as Odoo's form ends a day (23:59:59).
    dateTo: shiftOdooDatetime(odooDatetimeOfLocal(addDays(holiday.date, 1), 0, timeZone), -1),
    cutiBersama: holiday.kind === 'cuti_bersama',
  }));
}

/** A holiday leave the database holds, by its key. */
export interface StoredHolidayLeave {
  id: number;
  name: string;
  dateFrom: string;
  dateTo: string;
}

export interface HolidayPlan {
  create: HolidayLeave[];
  update: Array<{ id: number; leave: HolidayLeave }>;
  unchanged: number;
  /** Leaves of the year the file no longer lists (a corrected decree): removed. */
  remove: Array<{ key: string; id: number }>;
}

/** What to write so the database holds exactly the file's leaves of the year; a re-run plans nothing. */
export function planHolidayLeaves(
  desired: readonly HolidayLeave[],
  stored: ReadonlyMap<string, StoredHolidayLeave>,
  year: number,
): HolidayPlan {
  const plan: HolidayPlan = { create: [], update: [], unchanged: 0, remove: [] };
  const wanted = new Set(desired.map((leave) => leave.key));
  for (const leave of desired) {
    const current = stored.get(leave.key);
    if (!current) plan.create.push(leave);
    else if (
      current.name !== leave.name ||
      current.dateFrom !== leave.dateFrom ||
      current.dateTo !== leave.dateTo
    )
      plan.update.push({ id: current.id, leave });
    else plan.unchanged += 1;
  }
  for (const [key, current] of stored) {
    if (!wanted.has(key) && isHolidayKeyOfYear(key, year)) plan.remove.push({ key, id: current.id });
  }
  return plan;
}
