import type { OdooClient } from '../connectors/odoo/client.js';
import {
  type Branch,
  FollowUpStore,
  type NewFollowUp,
  type UnitForFollowUp,
} from '../connectors/odoo/followup-store.js';
import type { Logger } from '../logging/logger.js';
import { activityNote, activitySummary } from '../rules/followup/activity-text.js';
import { assignAdmins } from '../rules/followup/assign.js';
import { addDays, type WorkCalendar, workCalendar } from '../rules/followup/calendar.js';
import {
  planSchedule,
  type ScheduleAction,
  type SchedulePolicy,
  SOP_POLICY,
} from '../rules/followup/schedule.js';

export interface ScheduleRequest {
  /** The dealer's date to schedule for. */
  date: string;
  dryRun: boolean;
  timeZone: string;
  policy?: SchedulePolicy;
}

export interface ScheduleReport {
  date: string;
  dryRun: boolean;
  unitsRead: number;
  followUpsCreated: number;
  activitiesCreated: number;
  followUpsClosed: number;
  /** What was (or, in a dry run, would be) done, in plan order. */
  actions: ScheduleAction[];
  /** Follow-ups Odoo refused, with its message. */
  refused: Array<{ key: string; error: string }>;
}

const CLOSE_FEEDBACK = {
  kpb_done: 'KPB sudah dilakukan (data A2 / servis selesai).',
  no_response: 'Tidak ada respons setelah FU3: KPB ditutup sesuai SOP.',
} as const;

/** How far back a purchase can still have a KPB window open: FU3 of KPB 4 plus the grace and a month of slack. */
function earliestPurchase(date: string, policy: SchedulePolicy): string {
  return addDays(date, -(policy.offsets[4].fu3 + policy.noResponseGraceDays + 31));
}

/**
 * The scheduling job: read units and their follow-ups → plan with the SOP
 * schedule (per branch calendar) → create the follow-ups and their activities,
 * close what a done KPB or an unanswered FU3 ends. Keyed by unit, KPB and
 * stage: a re-run, or a run after a kill, creates nothing twice and completes
 * what is missing (a follow-up whose activity was not yet made gets it).
 */
export async function scheduleFollowUps(
  client: OdooClient,
  logger: Logger,
  request: ScheduleRequest,
): Promise<ScheduleReport> {
  const policy = request.policy ?? SOP_POLICY;
  const store = new FollowUpStore(client);
  const report: ScheduleReport = {
    date: request.date,
    dryRun: request.dryRun,
    unitsRead: 0,
    followUpsCreated: 0,
    activitiesCreated: 0,
    followUpsClosed: 0,
    actions: [],
    refused: [],
  };
  const branches = new Map((await store.branches()).map((branch) => [branch.id, branch]));
  const adminsByBranch = new Map([...branches.values()].map((branch) => [branch.id, branch.crmAdminIds]));
  const calendars = new Map<number | null, WorkCalendar>();
  const calendarOf = async (branch: Branch | undefined): Promise<WorkCalendar> => {
    const id = branch?.calendarId ?? null;
    let calendar = calendars.get(id);
    if (!calendar) {
      calendar =
        id === null
          ? workCalendar()
          : await store.calendar(
              id,
              addDays(request.date, -400),
              addDays(request.date, 60),
              request.timeZone,
            );
      calendars.set(id, calendar);
    }
    return calendar;
  };
  const load = await store.openLoad();

  for await (const units of store.units(earliestPurchase(request.date, policy))) {
    report.unitsRead += units.length;
    const existing = await store.followUpsOf(units.map((unit) => unit.unitId));
    const byBranch = new Map<number | null, UnitForFollowUp[]>();
    for (const unit of units) byBranch.set(unit.branchId, [...(byBranch.get(unit.branchId) ?? []), unit]);
    const actions: ScheduleAction[] = [];
    for (const [branchId, group] of byBranch) {
      const calendar = await calendarOf(branchId === null ? undefined : branches.get(branchId));
      actions.push(...planSchedule(group, existing, request.date, policy, calendar));
    }
    report.actions.push(...actions);
    const unitById = new Map(units.map((unit) => [unit.unitId, unit]));
    const creates = actions.flatMap((action) => (action.action === 'create' ? [action] : []));
    const assigned = assignAdmins(
      creates.map((action) => ({ key: action.key, branchId: unitById.get(action.unitId)?.branchId ?? null })),
      adminsByBranch,
      load,
    );
    for (const admin of assigned.values()) if (admin) load.set(admin, (load.get(admin) ?? 0) + 1);
    const closes = actions.flatMap((action) => (action.action === 'close' ? [action] : []));
    if (request.dryRun) {
      report.followUpsCreated += creates.length;
      report.activitiesCreated += creates.length;
      report.followUpsClosed += closes.length;
      continue;
    }

    // A follow-up belongs to its unit's owner and branch.
    const ofUnit = (unitId: number) => {
      const unit = unitById.get(unitId);
      return { unitId, partnerId: unit?.partnerId ?? null, branchId: unit?.branchId ?? null };
    };
    const rows: NewFollowUp[] = creates.map((action) => ({
      ...ofUnit(action.unitId),
      kpb: action.kpb,
      stage: action.stage,
      channel: action.channel,
      dueDate: action.dueDate,
      adminId: assigned.get(action.key) ?? null,
    }));
    const created = await store.createFollowUps(rows);
    for (const outcome of created) {
      if (outcome.error)
        report.refused.push({ key: creates[outcome.index]?.key ?? '', error: outcome.error });
    }
    report.followUpsCreated += created.filter((outcome) => outcome.id !== undefined).length;

    const closing = new Set(closes.map((action) => action.followUpId));
    // Every open follow-up needs its activity: the new ones, and any a killed run left without.
    const open = [
      ...created.flatMap((outcome) => {
        const row = rows[outcome.index];
        return outcome.id !== undefined && row ? [{ id: outcome.id, ...row }] : [];
      }),
      ...existing
        .filter((followUp) => followUp.state === 'todo' && !closing.has(followUp.id))
        .map((followUp) => ({
          id: followUp.id,
          ...ofUnit(followUp.unitId),
          kpb: followUp.kpb,
          stage: followUp.stage,
          dueDate: followUp.dueDate,
          adminId: followUp.adminId,
        })),
    ];
    const haveActivity = await store.withActivity(open.map((followUp) => followUp.id));
    const missing = open.filter((followUp) => !haveActivity.has(followUp.id));
    const partners = await store.partners([
      ...new Set(missing.flatMap((followUp) => (followUp.partnerId ? [followUp.partnerId] : []))),
    ]);
    report.activitiesCreated += await store.createActivities(
      missing.map((followUp) => {
        const unit = unitById.get(followUp.unitId);
        const partner = followUp.partnerId ? partners.get(followUp.partnerId) : undefined;
        const facts = {
          kpb: followUp.kpb,
          stage: followUp.stage,
          dueDate: followUp.dueDate,
          customerName: partner?.name ?? null,
          phone: partner?.phone ?? null,
          modelName: unit?.modelName ?? null,
          engineNumber: unit?.engineNumber ?? '',
          purchaseDate: unit?.purchaseDate ?? '',
        };
        return {
          followUpId: followUp.id,
          stage: followUp.stage,
          userId: followUp.adminId,
          dueDate: followUp.dueDate,
          summary: activitySummary(facts),
          note: activityNote(facts),
        };
      }),
    );
    if (closes.length > 0) {
      await store.close(
        closes.map((action) => ({
          followUpId: action.followUpId,
          state: action.state,
          feedback: CLOSE_FEEDBACK[action.reason],
          ...(action.doneDate ? { doneDate: action.doneDate } : {}),
        })),
      );
      report.followUpsClosed += closes.length;
    }
  }
  logger.info(
    {
      date: request.date,
      dryRun: request.dryRun,
      units: report.unitsRead,
      created: report.followUpsCreated,
      activities: report.activitiesCreated,
      closed: report.followUpsClosed,
    },
    'follow-ups scheduled',
  );
  return report;
}
