import type {
  ComplaintBranch,
  ComplaintNote,
  ComplaintStore,
  ComplaintValues,
  NewComplaintActivity,
  StoredComplaint,
} from '../connectors/odoo/complaint-store.js';
import type { Logger } from '../logging/logger.js';
import {
  escalationNote,
  escalationSummary,
  intakeDescription,
  intakeSubject,
  STAGE_LABELS,
} from '../rules/complaints/complaint-text.js';
import { monthStats } from '../rules/complaints/month-stats.js';
import {
  type ComplaintDecision,
  decideComplaint,
  type ServiceLevels,
} from '../rules/complaints/service-level.js';
import { addDays, DAY_MS } from '../rules/day-count.js';
import { assignAdmins } from '../rules/followup/assign.js';
import { MONDAY_TO_SATURDAY_HOURS } from '../rules/followup/calendar.js';
import { escapeHtml } from '../rules/html.js';
import { instantOfOdooDatetime, localDate, odooDatetimeOfLocal } from '../rules/local-time.js';
import { calendarZone, type WorkingTime, workingTime } from '../rules/working-time.js';

export interface ComplaintsRequest {
  now: number;
  /** The dealer's time zone (a calendar's own zone wins for its branch). */
  timeZone: string;
  levels: ServiceLevels;
}

export interface ComplaintsReport {
  opened: number;
  openFailed: Array<{ followUpId: number; error: string }>;
  checked: number;
  updated: number;
  escalated: Array<{ id: number; reference: string; late: string[] }>;
  activities: number;
  notes: number;
  /** Monthly service-level lines created or changed (this month's and last month's). */
  monthLines: number;
}

/**
 * The instant a run for a dealer date stands for: now when the date is today; the end of that
 * day otherwise (a catch-up or `run --once --date` for a past or simulated day).
 */
export function instantOfDealerDate(date: string, timeZone: string, clock: Date = new Date()): number {
  if (localDate(clock, timeZone) === date) return clock.getTime();
  return instantOfOdooDatetime(odooDatetimeOfLocal(date, 23.99, timeZone));
}

/** The monthly service-level lines kept current: a year. */
const MONTHS_RECOUNTED = 12;

/** How far back a follow-up's "disappointed" result opens a complaint. */
export const INTAKE_WINDOW_DAYS = 14;

const CLOSED_FEEDBACK = 'Keluhan selesai: pelanggan menyatakan puas.';

/** How far past now the calendar is read: a deadline further out than this is not counted. */
const CALENDAR_AHEAD_DAYS = 90;

/**
 * Customer care, stage 3 (SOP CRM): opens a complaint for each follow-up refused as disappointed
 * or gone to another dealer, gives each open complaint its service-level deadlines in the
 * branch's working hours, escalates the late ones once, gives the assigned officer an activity,
 * and writes each stage on the customer's chatter. Every write is keyed: a re-run, or a run
 * killed at any point, ends as one uninterrupted run does.
 */
export async function runComplaints(
  store: ComplaintStore,
  logger: Logger,
  request: ComplaintsRequest,
): Promise<ComplaintsReport> {
  const report: ComplaintsReport = {
    opened: 0,
    openFailed: [],
    checked: 0,
    updated: 0,
    escalated: [],
    activities: 0,
    notes: 0,
    monthLines: 0,
  };
  const branches = new Map((await store.branches()).map((branch) => [branch.id, branch]));
  await openFromFollowUps(store, branches, request, report);

  const complaints = await store.complaints();
  report.checked = complaints.length;
  const readStage = new Map(complaints.map((complaint) => [complaint.id, complaint.stage]));
  if (complaints.length === 0) {
    report.monthLines = await refreshMonths(store, request);
    return report;
  }
  const timeOf = await workingTimes(store, complaints, branches, request);
  const managers = await store.managers();
  const existing = await store.activities(complaints.map((complaint) => complaint.id));
  const hasActivity = new Set(existing.map((a) => `${a.resId}:${a.kind}:${a.userId}:${a.summary}`));
  const handled = new Set(existing.filter((a) => a.kind === 'handle').map((a) => `${a.resId}:${a.userId}`));

  const today = localDate(new Date(request.now), request.timeZone);
  const notes: ComplaintNote[] = [];
  const activities: NewComplaintActivity[] = [];
  const writes: Array<{ id: number; values: ComplaintValues }> = [];
  const closed: number[] = [];
  for (const complaint of complaints) {
    const branchId = complaint.branchId ?? complaint.unitBranchId;
    const branch = branchId === null ? undefined : branches.get(branchId);
    const decision = decideComplaint(complaint, request.levels, timeOf(branch), request.now);
    const values: ComplaintValues = { ...decision.values };
    if (complaint.branchId === null && branchId !== null) values.branchId = branchId;
    const stage = values.stage ?? complaint.stage;
    if (decision.escalation) {
      escalate(complaint, decision, branch, managers, request, today, notes, activities, hasActivity);
      report.escalated.push({
        id: complaint.id,
        reference: complaint.reference,
        late: decision.escalation.late,
      });
    }
    if (
      complaint.userId !== null &&
      stage !== 'done' &&
      !handled.has(`${complaint.id}:${complaint.userId}`)
    ) {
      activities.push({
        resId: complaint.id,
        kind: 'handle',
        userId: complaint.userId,
        summary: `Tangani keluhan ${complaint.reference}`,
        note: `<p>${escapeHtml(complaint.subject)}</p><p>Hubungi pelanggan, catat analisis dan solusi, lalu minta konfirmasinya.</p>`,
        deadline: localDate(
          new Date(values.acknowledgeDeadline ?? complaint.acknowledgeDeadline ?? request.now),
          request.timeZone,
        ),
      });
    }
    if (complaint.partnerId !== null) {
      notes.push({
        key: `h23-complaint-${complaint.id}-${stage}-${values.reopenCount ?? complaint.reopenCount}:partner`,
        on: 'partner',
        resId: complaint.partnerId,
        body: `<p>Keluhan ${escapeHtml(complaint.reference)} (${escapeHtml(complaint.subject)}): ${STAGE_LABELS[stage]}</p>`,
      });
    }
    // Written with the note's stage: a closed complaint is read until its closing is noted.
    if (complaint.historyStage !== stage) values.historyStage = stage;
    if (stage === 'done') closed.push(complaint.id);
    if (Object.keys(values).length > 0) writes.push({ id: complaint.id, values });
  }
  // Notes and activities before the writes that mark a complaint escalated: a run killed between
  // them escalates again on the next run, and finds its notes and activities already there.
  report.notes = await store.postNotes(notes);
  await store.createActivities(activities);
  report.activities = activities.length;
  // The officer's and the escalation's activities end with the complaint.
  await store.closeActivities(closed, CLOSED_FEEDBACK);
  // A stage the user moved since the read is theirs: an escalation planned on the old one waits.
  const moved = await store.movedSince(
    new Map(
      writes
        .filter((row) => row.values.stage === 'escalated')
        .map((row) => [row.id, readStage.get(row.id) ?? 'received']),
    ),
  );
  const applied = writes.filter((row) => !moved.has(row.id));
  await store.write(applied);
  report.updated = applied.length;
  report.escalated = report.escalated.filter((row) => !moved.has(row.id));
  report.monthLines = await refreshMonths(store, request);
  logger.info(
    {
      opened: report.opened,
      checked: report.checked,
      updated: report.updated,
      escalated: report.escalated.length,
      activities: report.activities,
      notes: report.notes,
    },
    'complaints checked',
  );
  return report;
}

/**
 * The lines of the last twelve months, recounted from every complaint received in them (one
 * solved today may have been received months ago); a line no complaint produces any more
 * (moved to another branch, deleted) is zeroed.
 */
async function refreshMonths(store: ComplaintStore, request: ComplaintsRequest): Promise<number> {
  const today = localDate(new Date(request.now), request.timeZone);
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const first = new Date(Date.UTC(year, month - 1 - (MONTHS_RECOUNTED - 1), 1)).toISOString().slice(0, 10);
  const since = instantOfOdooDatetime(odooDatetimeOfLocal(first, 0, request.timeZone));
  return store.writeMonthStats(monthStats(await store.receivedSince(since), request.timeZone), first);
}

async function openFromFollowUps(
  store: ComplaintStore,
  branches: ReadonlyMap<number, ComplaintBranch>,
  request: ComplaintsRequest,
  report: ComplaintsReport,
): Promise<void> {
  // Results recorded in the last two weeks: a first run does not turn a dealer's whole history
  // into complaints received today.
  const followUps = await store.followUpsToOpen(request.now - INTAKE_WINDOW_DAYS * DAY_MS);
  if (followUps.length === 0) return;
  // A branch without customer service gives its complaints to its CRM admins, who made the call.
  const officers = new Map(
    [...branches.values()].map((branch) => [
      branch.id,
      branch.customerServiceIds.length > 0 ? branch.customerServiceIds : branch.crmAdminIds,
    ]),
  );
  const assigned = assignAdmins(
    followUps.map((followUp) => ({ key: String(followUp.id), branchId: followUp.branchId })),
    officers,
    await store.openLoad(),
  );
  const failed = await store.createComplaints(
    followUps.map((followUp) => ({
      followUpId: followUp.id,
      partnerId: followUp.partnerId,
      unitId: followUp.unitId,
      branchId: followUp.branchId,
      userId: assigned.get(String(followUp.id)) ?? null,
      subject: intakeSubject(followUp.result, followUp.kpb),
      description: intakeDescription(followUp.feedback, followUp.resultLabel),
      receivedAt: followUp.at,
    })),
  );
  report.opened = followUps.length - failed.length;
  report.openFailed = failed.map((failure) => ({
    followUpId: failure.followUpId,
    error: failure.error.message,
  }));
}

function escalate(
  complaint: StoredComplaint,
  decision: ComplaintDecision,
  branch: ComplaintBranch | undefined,
  managers: readonly number[],
  request: ComplaintsRequest,
  today: string,
  notes: ComplaintNote[],
  activities: NewComplaintActivity[],
  hasActivity: ReadonlySet<string>,
): void {
  const escalation = decision.escalation;
  if (!escalation) return;
  const facts = {
    reference: complaint.reference,
    subject: complaint.subject,
    escalation,
    timeZone: request.timeZone,
  };
  const note = escalationNote(facts);
  notes.push({
    key: `h23-complaint-${complaint.id}-late-${escalation.late.join('-')}`,
    on: 'complaint',
    resId: complaint.id,
    body: note,
  });
  const summary = escalationSummary(facts);
  const people = [
    ...new Set([branch?.headId ?? null, ...managers].filter((id): id is number => id !== null)),
  ];
  for (const userId of people) {
    if (hasActivity.has(`${complaint.id}:escalation:${userId}:${summary}`)) continue;
    activities.push({ resId: complaint.id, kind: 'escalation', userId, summary, note, deadline: today });
  }
}

async function workingTimes(
  store: ComplaintStore,
  complaints: readonly StoredComplaint[],
  branches: ReadonlyMap<number, ComplaintBranch>,
  request: ComplaintsRequest,
): Promise<(branch: ComplaintBranch | undefined) => WorkingTime> {
  const oldest = Math.min(...complaints.map((complaint) => complaint.receivedAt));
  const from = addDays(localDate(new Date(oldest), request.timeZone), -1);
  const to = addDays(localDate(new Date(request.now), request.timeZone), CALENDAR_AHEAD_DAYS);
  const cache = new Map<string, WorkingTime>();
  const wanted = new Set<string>();
  for (const complaint of complaints) {
    const id = complaint.branchId ?? complaint.unitBranchId;
    wanted.add(id === null ? 'none' : String(id));
  }
  for (const key of wanted) {
    const branch = key === 'none' ? undefined : branches.get(Number(key));
    const data = await store.calendar(branch?.calendarId ?? null, from, to);
    cache.set(
      key,
      workingTime({
        timeZone: calendarZone(data.timeZone, request.timeZone),
        attendance: data.attendance.length > 0 ? data.attendance : MONDAY_TO_SATURDAY_HOURS,
        closed: data.closed,
        worksCutiBersama: branch?.worksCutiBersama === true,
      }),
    );
  }
  return (branch) =>
    cache.get(branch ? String(branch.id) : 'none') ?? (cache.values().next().value as WorkingTime);
}
