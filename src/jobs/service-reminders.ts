import type { Config } from '../../config/schema.js';
import type {
  NewReminder,
  ReminderActivity,
  ReminderCandidate,
  ReminderStore,
} from '../connectors/odoo/reminder-store.js';
import type { Logger } from '../logging/logger.js';
import { reminderNote, reminderSummary } from '../rules/followup/activity-text.js';
import { assignAdmins } from '../rules/followup/assign.js';
import { addDays, type WorkCalendar, workCalendar } from '../rules/followup/calendar.js';
import {
  planReminders,
  type ReminderAction,
  type ReminderPolicy,
  type ReminderStage,
} from '../rules/followup/reminders.js';

export type { ReminderStore };

export interface RemindersRequest {
  /** The dealer date. */
  today: string;
  timeZone: string;
  policy: ReminderPolicy;
  dryRun: boolean;
}

export interface RemindersReport {
  today: string;
  dryRun: boolean;
  customers: number;
  created: Record<ReminderStage, number>;
  closed: Record<'serviced' | 'no_response' | 'stale', number>;
  activities: number;
  /** Not made: the customer asked not to be contacted. */
  optedOut: number;
  /** Not made until their branch exists and has a CRM admin. */
  held: number;
  refused: Array<{ key: string; error: string }>;
}

/** What the admin reads on a reminder's activity when it ends. */
const CLOSE_FEEDBACK = {
  serviced: 'Pelanggan sudah servis: pengingat selesai.',
  no_response:
    'Tidak ada hasil sampai batas waktu: pengingat ditutup, pengingat berikutnya menyusul sesuai jadwal.',
  stale: 'Booking tidak datang dan servis tidak tercatat: pengingat ditutup, pengingat berikutnya menyusul.',
} as const;

export function remindersRequestOf(
  config: Pick<Config, 'reminders' | 'odoo'>,
  today: string,
  dryRun = false,
): RemindersRequest {
  const { reminders } = config;
  return {
    today,
    timeZone: config.odoo.tz,
    dryRun,
    policy: {
      intervalMonths: reminders.intervalMonths,
      intervalKm: reminders.intervalKm > 0 ? reminders.intervalKm : null,
      noResponseGraceDays: reminders.noResponseGraceDays,
      winBack: reminders.winBack,
      moveToWorkingDay: true,
    },
  };
}

/**
 * Reminders after KPB 4 and win-backs: read the customers the nightly segments put in Aktif,
 * Loyal or Berisiko with their units and reminders → plan (`planReminders`) → create the
 * follow-ups, each with the branch's CRM admin of least open load, then their activities, then
 * close what a service or the grace ended. A re-run, or a run after a kill, makes nothing twice:
 * a reminder is known by its customer, stage, the service it counts from and its day, and an
 * open one without its activity gets it on the next run.
 */
export async function runReminders(
  store: ReminderStore,
  logger: Logger,
  request: RemindersRequest,
): Promise<RemindersReport> {
  const report: RemindersReport = {
    today: request.today,
    dryRun: request.dryRun,
    customers: 0,
    created: { service: 0, winback: 0 },
    closed: { serviced: 0, no_response: 0, stale: 0 },
    activities: 0,
    optedOut: 0,
    held: 0,
    refused: [],
  };
  const branches = new Map((await store.branches()).map((branch) => [branch.id, branch]));
  // Branches often share a calendar: each one read once.
  const byCalendar = new Map<string, Promise<WorkCalendar>>();
  const calendars = new Map<number | null, WorkCalendar>();
  const fallback = workCalendar();
  for (const branch of branches.values()) {
    const worksCutiBersama = branch.worksCutiBersama === true;
    const key = `${branch.calendarId}:${worksCutiBersama}`;
    if (!byCalendar.has(key))
      byCalendar.set(
        key,
        store.calendar(branch.calendarId, addDays(request.today, -7), addDays(request.today, 60), {
          timeZone: request.timeZone,
          worksCutiBersama,
        }),
      );
    calendars.set(branch.id, await (byCalendar.get(key) as Promise<WorkCalendar>));
  }
  const calendarOf = (branchId: number | null) => calendars.get(branchId) ?? fallback;
  const adminsByBranch = new Map([...branches.values()].map((branch) => [branch.id, branch.crmAdminIds]));
  const load = await store.openLoad();

  for await (const page of store.customers()) {
    report.customers += page.length;
    const byPartner = new Map(page.map((customer) => [customer.partnerId, customer]));
    const stored = await store.remindersOf(page.map((customer) => customer.partnerId));
    const actions = planReminders(page, stored, request.today, request.policy, calendarOf);
    const creates: Array<Extract<ReminderAction, { action: 'create' }>> = [];
    for (const action of actions) {
      if (action.action !== 'create') continue;
      if (byPartner.get(action.partnerId)?.optedOut) report.optedOut += 1;
      else if (action.branchId === null || (adminsByBranch.get(action.branchId) ?? []).length === 0)
        report.held += 1;
      else creates.push(action);
    }
    const closes = actions.flatMap((action) => (action.action === 'close' ? [action] : []));
    if (request.dryRun) {
      for (const action of creates) report.created[action.stage] += 1;
      for (const action of closes) report.closed[action.reason] += 1;
      continue;
    }

    const assigned = assignAdmins(
      creates.map((action) => ({ key: action.key, branchId: action.branchId })),
      adminsByBranch,
      load,
    );
    for (const admin of assigned.values()) if (admin) load.set(admin, (load.get(admin) ?? 0) + 1);
    const rows: NewReminder[] = creates.map((action) => ({
      unitId: action.unitId,
      partnerId: action.partnerId,
      branchId: action.branchId,
      stage: action.stage,
      dueDate: action.dueDate,
      lastService: action.lastService,
      adminId: assigned.get(action.key) ?? null,
    }));
    const made = rows.length > 0 ? await store.createReminders(rows) : [];
    for (const outcome of made) {
      const action = creates[outcome.index];
      if (outcome.error) report.refused.push({ key: action?.key ?? '', error: outcome.error });
      else if (action) report.created[action.stage] += 1;
    }

    // Every open reminder with an admin needs its activity: the new ones, and any a killed run left without.
    const closing = new Set(closes.map((action) => action.followUpId));
    const open = [
      ...made.flatMap((outcome) => {
        const row = rows[outcome.index];
        return outcome.id !== undefined && row ? [{ id: outcome.id, ...row }] : [];
      }),
      ...stored
        .filter((reminder) => reminder.state === 'todo' && !closing.has(reminder.id))
        .map((reminder) => ({
          id: reminder.id,
          unitId: reminder.unitId,
          partnerId: reminder.partnerId,
          stage: reminder.stage,
          dueDate: reminder.dueDate,
          lastService: reminder.lastService ?? '',
          adminId: reminder.adminId,
        })),
    ].filter((reminder) => reminder.adminId !== null);
    if (open.length > 0) {
      const have = await store.withActivity(open.map((reminder) => reminder.id));
      const missing = open.filter((reminder) => !have.has(reminder.id));
      const phones = await store.phones([...new Set(missing.map((reminder) => reminder.partnerId))]);
      const activities: ReminderActivity[] = missing.map((reminder) => {
        const customer = byPartner.get(reminder.partnerId) as ReminderCandidate | undefined;
        const unit = customer?.units.find((candidate) => candidate.unitId === reminder.unitId);
        const facts = {
          stage: reminder.stage,
          dueDate: reminder.dueDate,
          lastService: reminder.lastService,
          customerName: customer?.name ?? null,
          phone: phones.get(reminder.partnerId)?.phone ?? null,
          modelName: unit?.modelName ?? null,
          engineNumber: unit?.engineNumber ?? '',
        };
        return {
          followUpId: reminder.id,
          stage: reminder.stage,
          userId: reminder.adminId,
          dueDate: reminder.dueDate,
          summary: reminderSummary(facts),
          note: reminderNote(facts),
        };
      });
      if (activities.length > 0) report.activities += await store.createActivities(activities);
    }

    if (closes.length > 0) {
      await store.close(
        closes.map((action) => ({
          followUpId: action.followUpId,
          state: action.state,
          feedback: CLOSE_FEEDBACK[action.reason],
          ...(action.doneDate ? { doneDate: action.doneDate } : {}),
        })),
      );
      for (const action of closes) report.closed[action.reason] += 1;
    }
  }
  logger.info(
    {
      today: request.today,
      dryRun: request.dryRun,
      customers: report.customers,
      created: report.created,
      closed: report.closed,
      activities: report.activities,
      optedOut: report.optedOut,
      held: report.held,
      refused: report.refused.length,
    },
    'service reminders and win-backs',
  );
  return report;
}
