import type { HolidayStore, HolidayWriteFailure } from '../connectors/odoo/holiday-store.js';
import type { Logger } from '../logging/logger.js';
import {
  type HolidayFileProblem,
  holidayLeaves,
  parseHolidayYear,
  planHolidayLeaves,
} from '../rules/holidays.js';

export interface HolidayLoadReport {
  year: number;
  file: string;
  /** The file was missing or refused: nothing was written. */
  refused?: { message: string; problems: HolidayFileProblem[] };
  dryRun: boolean;
  holidays: number;
  cutiBersama: number;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  failed: HolidayWriteFailure[];
}

export type HolidaySource =
  | { found: true; path: string; data: unknown }
  | { found: false; path: string; message: string };

/**
 * Writes the year's national holidays and cuti bersama into Odoo's global leaves (the company's
 * public holidays, which every working calendar honours), keyed by kind and date: a re-run
 * changes nothing, a corrected file updates or removes only what it corrects.
 */
export async function loadHolidays(
  store: HolidayStore,
  source: HolidaySource,
  options: { year: number; timeZone: string; dryRun: boolean },
  logger: Logger,
): Promise<HolidayLoadReport> {
  const report: HolidayLoadReport = {
    year: options.year,
    file: source.path,
    dryRun: options.dryRun,
    holidays: 0,
    cutiBersama: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    failed: [],
  };
  if (!source.found) {
    report.refused = { message: source.message, problems: [] };
    return report;
  }
  const parsed = parseHolidayYear(source.data, options.year);
  if (!parsed.ok) {
    report.refused = {
      message: `${source.path} is not a holiday file of ${options.year}`,
      problems: parsed.problems,
    };
    return report;
  }
  const leaves = holidayLeaves(parsed.value.holidays, options.timeZone);
  report.holidays = leaves.length;
  report.cutiBersama = leaves.filter((leave) => leave.cutiBersama).length;
  const plan = planHolidayLeaves(leaves, await store.stored(options.year), options.year);
  report.unchanged = plan.unchanged;
  if (options.dryRun) {
    report.created = plan.create.length;
    report.updated = plan.update.length;
    report.removed = plan.remove.length;
    return report;
  }
  const createFailed = await store.create(plan.create);
  const updateFailed = await store.update(plan.update);
  await store.remove(plan.remove.map((leave) => leave.id));
  report.failed = [...createFailed, ...updateFailed];
  report.created = plan.create.length - createFailed.length;
  report.updated = plan.update.length - updateFailed.length;
  report.removed = plan.remove.length;
  logger.info(
    { year: options.year, created: report.created, updated: report.updated, removed: report.removed },
    'holidays loaded',
  );
  return report;
}

/**
 * At a start with an administrator's login (the first day, `setup`): the holidays of the dealer's
 * year and the next are loaded where the bridge ships them, so calendars close on them from day
 * one. Loaded already, nothing changes; an Odoo refusal is logged, not fatal.
 */
export async function ensureHolidays(
  store: HolidayStore,
  read: (year: number) => HolidaySource,
  options: { today: string; timeZone: string },
  logger: Logger,
): Promise<HolidayLoadReport[]> {
  const year = Number(options.today.slice(0, 4));
  const reports: HolidayLoadReport[] = [];
  for (const each of [year, year + 1]) {
    const source = read(each);
    if (!source.found) continue;
    try {
      reports.push(
        await loadHolidays(store, source, { year: each, timeZone: options.timeZone, dryRun: false }, logger),
      );
    } catch (error) {
      logger.warn(
        { year: each, err: error },
        'holidays not loaded; run `h23-bridge holidays load` as an administrator',
      );
    }
  }
  return reports;
}
