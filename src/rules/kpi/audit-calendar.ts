/**
 * When the KPI audits of the Customer Relations Officer are due (seed 003, issue 16).
 *
 * The seed: KPI-1 to KPI-4 "Frekuensi Audit: Per Quartal / per 3 bulan dilakukan di minggu
 * pertama awal bulan ke 1,4,7,10", "Untuk pemeriksaan Quartal, semua data siapkan dalam 3 bulan
 * kalender, untuk bisa dilakukan penilaian di minggu pertama bulan berikutnya" (Kuartal 1 =
 * Januari–Maret, assessed in the first week of April; Kuartal 4 in the first week of January);
 * KPI-5 and KPI-6 "Setiap bulan dilakukan di minggu pertama bulan berikutnya", "Untuk pemeriksaan
 * bulanan, semua data disiapkan sampai periode akhir bulan".
 *
 * Read as: the audit week is days 1–7 of the month; each audit is due on the first working day
 * of the branch from the 1st on (1 January is a holiday → 2 January). A closure longer than the
 * week (a long Lebaran) pushes the due day past the 7th: the audit is then due on that day and
 * its window ends there. The job runs daily; to survive a daemon that was down on the due day it
 * asks `auditsDueBy(date)`, the audits whose due day is on or before the date within the window,
 * and creates each once under its key.
 */
import { addDays } from '../day-count.js';
import { nextWorkingDay, type WorkCalendar } from '../followup/calendar.js';
import { monthOf, type Period, quarterOf } from './periods.js';

export type AuditKind = 'quarterly' | 'monthly';

export interface AuditDue {
  kind: AuditKind;
  /** The period audited: the quarter (KPI-1..4) or the month (KPI-5, KPI-6) before the audit month. */
  period: Period;
  /** The first working day of the audit week, `YYYY-MM-DD`. */
  dueOn: string;
  /** The last day it may still be started as due: the 7th, or the due day when that is later. */
  windowEnds: string;
  /** `quarterly:2026-Q1`, `monthly:2026-03`: stable, for the job's keys (with the officer's). */
  key: string;
}

/** The months whose first week holds a quarterly audit (the seed: "bulan ke 1,4,7,10"). */
export const QUARTERLY_AUDIT_MONTHS: ReadonlySet<number> = new Set([1, 4, 7, 10]);
/** "minggu pertama": days 1–7 of the month. */
export const AUDIT_WEEK_DAYS = 7;

/** The audits of a date's month: the monthly audit of the month before, and in months 1, 4, 7, 10 the quarterly audit of the quarter before. */
export function auditsOfMonth(date: string, calendar: WorkCalendar): AuditDue[] {
  const month = monthOf(date);
  const dueOn = nextWorkingDay(month.from, calendar);
  const seventh = addDays(month.from, AUDIT_WEEK_DAYS - 1);
  const windowEnds = dueOn > seventh ? dueOn : seventh;
  const dayBefore = addDays(month.from, -1);
  const audits: AuditDue[] = [];
  if (QUARTERLY_AUDIT_MONTHS.has(Number(month.from.slice(5, 7)))) {
    const period = quarterOf(dayBefore);
    audits.push({ kind: 'quarterly', period, dueOn, windowEnds, key: `quarterly:${period.key}` });
  }
  const period = monthOf(dayBefore);
  audits.push({ kind: 'monthly', period, dueOn, windowEnds, key: `monthly:${period.key}` });
  return audits;
}

/** The audits due exactly on this date (its first working day of the audit week). */
export function auditsDueOn(date: string, calendar: WorkCalendar): AuditDue[] {
  return auditsOfMonth(date, calendar).filter((audit) => audit.dueOn === date);
}

/** The audits due on or before this date and still within their window: what a daily job should make sure exist. */
export function auditsDueBy(date: string, calendar: WorkCalendar): AuditDue[] {
  return auditsOfMonth(date, calendar).filter((audit) => audit.dueOn <= date && date <= audit.windowEnds);
}

/**
 * When a period is assessed and its activities asked: a quarter on its audit's due day (the
 * first working day of its audit week), through that week; a month then too, but not before the
 * re-order window of its last day has closed (KPI-6 counts orders up to `reorderWindowDays` after
 * a follow-up), and then for a week.
 */
export function assessmentOf(
  period: Period,
  calendar: WorkCalendar,
  reorderWindowDays: number,
): { dueOn: string; windowEnds: string } {
  const audit = auditsOfMonth(addDays(period.to, 1), calendar).find(
    (item) => item.kind === (period.kind === 'quarter' ? 'quarterly' : 'monthly'),
  );
  if (!audit) throw new RangeError(`No audit is due after ${period.key}`);
  if (period.kind === 'quarter') return audit;
  const windowClosed = addDays(period.to, reorderWindowDays + 1);
  if (windowClosed <= audit.dueOn) return audit;
  return { dueOn: windowClosed, windowEnds: addDays(windowClosed, AUDIT_WEEK_DAYS - 1) };
}
