import type { OdooClient } from '../connectors/odoo/client.js';
import {
  type ActivityToCreate,
  type Branch,
  type FollowUpClosing,
  FollowUpStore,
  type NewFollowUp,
  type StoredFollowUp,
  type UnitForFollowUp,
} from '../connectors/odoo/followup-store.js';
import type { Logger } from '../logging/logger.js';
import { type ActivityFacts, activityNote, activitySummary } from '../rules/followup/activity-text.js';
import { assignAdmins } from '../rules/followup/assign.js';
import { addDays, type WorkCalendar } from '../rules/followup/calendar.js';
import {
  type FollowUpRepair,
  type HeldSummary,
  HeldTally,
  indexBranches,
  placeUnits,
  planRepairs,
} from '../rules/followup/hold.js';
import {
  planSchedule,
  type ScheduleAction,
  type SchedulePolicy,
  SOP_POLICY,
} from '../rules/followup/schedule.js';
import { normalizePhone } from '../rules/import/normalize.js';
import {
  clickToChatUrl,
  DEFAULT_FIRST_CONTACT_BODY,
  DEFAULT_FIRST_CONTACT_SOURCES,
  type ParameterSource,
  renderTemplate,
  templateParameters,
} from '../rules/whatsapp/message-text.js';
import { defaultBranchOf } from './default-branch.js';

/**
 * What the scheduling job reads and writes: `FollowUpStore` over Odoo, or
 * memory in tests (test/support/memory-followup-store.ts).
 */
export interface ScheduleStore {
  branches(): Promise<Branch[]>;
  calendar(
    calendarId: number | null,
    from: string,
    to: string,
    options: { timeZone: string; worksCutiBersama: boolean },
  ): Promise<WorkCalendar>;
  /** Open follow-ups (to do, contacted) per admin. */
  openLoad(): Promise<Map<number, number>>;
  /** Units bought on or after `since`, page by page. */
  units(since: string): AsyncIterable<UnitForFollowUp[]>;
  followUpsOf(unitIds: readonly number[]): Promise<StoredFollowUp[]>;
  linkUnits(rows: ReadonlyArray<{ unitId: number; branchId: number }>): Promise<void>;
  openActivities(
    followUpIds: readonly number[],
  ): Promise<Array<{ id: number; followUpId: number; userId: number | null }>>;
  reassignActivities(rows: ReadonlyArray<{ activityId: number; userId: number }>): Promise<number>;
  repairFollowUps(
    rows: ReadonlyArray<{ followUpId: number; branchId?: number; adminId?: number }>,
  ): Promise<void>;
  createFollowUps(
    rows: readonly NewFollowUp[],
  ): Promise<Array<{ index: number; id?: number; error?: string }>>;
  /** Follow-ups among these that already have a KPB activity (open or done). */
  withActivity(followUpIds: readonly number[]): Promise<Set<number>>;
  partners(
    ids: readonly number[],
  ): Promise<Map<number, { name: string | null; phone: string | null; optedOut: boolean }>>;
  /** The FU1 WhatsApp text the dealer approved (its body and what fills it), or null for the built-in one. */
  firstContactText(): Promise<{ body: string; sources: ParameterSource[] } | null>;
  createActivities(rows: readonly ActivityToCreate[]): Promise<number>;
  close(rows: readonly FollowUpClosing[]): Promise<void>;
}

export interface ScheduleRequest {
  /** The dealer's date to schedule for. */
  date: string;
  dryRun: boolean;
  timeZone: string;
  policy?: SchedulePolicy;
  /** `import.defaultBranch`: the dealer code of the branch units without one go to. */
  defaultBranch?: string;
  /**
   * `whatsapp.mode`: `manual` and `api` put a wa.me link with the FU1 text on FU1's activity
   * (`api`: the bridge sends it, the link is the admin's fallback); `off` (default) neither.
   */
  whatsApp?: 'off' | 'manual' | 'api';
}

export interface ScheduleReport {
  date: string;
  dryRun: boolean;
  unitsRead: number;
  followUpsCreated: number;
  activitiesCreated: number;
  followUpsClosed: number;
  /** Units without a branch given the one their dealer code (or the default branch) names. */
  unitsLinked: number;
  /** Open follow-ups made before their branch or CRM admin existed, given them. */
  followUpsRepaired: number;
  /** Activities of those follow-ups handed to the admin they got. */
  activitiesReassigned: number;
  /** Units that get no follow-up until their branch exists and has a CRM admin. */
  held: HeldSummary;
  /** What was (or, in a dry run, would be) done, in plan order. */
  actions: ScheduleAction[];
  /** Follow-ups Odoo refused, with its message. */
  refused: Array<{ key: string; error: string }>;
  /** Follow-ups not made because their customer asked not to be contacted. */
  optedOut: number;
}

const CLOSE_FEEDBACK = {
  kpb_done: 'KPB sudah dilakukan (data A2 / servis selesai).',
  no_response: 'Tidak ada respons setelah FU3: KPB ditutup sesuai SOP.',
} as const;

/** What FU1's activity says when its WhatsApp was delivered and never answered. */
export const NO_ANSWER_FEEDBACK =
  'WhatsApp FU1 diterima pelanggan tetapi tidak dibalas sampai jadwal FU2: dilanjutkan dengan FU2.';

/** How far back a purchase can still have a KPB window open: FU3 of KPB 4 plus the grace and a month of slack. */
export function earliestPurchase(date: string, policy: SchedulePolicy): string {
  return addDays(date, -(policy.offsets[4].fu3 + policy.noResponseGraceDays + 31));
}

/**
 * The scheduling job: read units and their follow-ups → plan with the SOP
 * schedule (per branch calendar) → create the follow-ups and their activities,
 * close what a done KPB or an unanswered FU3 ends. Keyed by unit, KPB and
 * stage: a re-run, or a run after a kill, creates nothing twice and completes
 * what is missing (a follow-up whose activity was not yet made gets it).
 *
 * No follow-up without a branch and a CRM admin: a unit without a branch is
 * first linked to the one its CDB dealer code (or `defaultBranch`) names; a
 * unit still without one, or in a branch without a CRM admin, is held —
 * counted and named in the report and a warning — and planned normally on the
 * first run after the branch is set up. Open follow-ups made before that get
 * their unit's branch and an admin by open load, with their activity.
 */
export async function scheduleFollowUps(
  client: OdooClient,
  logger: Logger,
  request: ScheduleRequest,
): Promise<ScheduleReport> {
  return scheduleWith(new FollowUpStore(client), logger, request);
}

/** `scheduleFollowUps` over any store. */
export async function scheduleWith(
  store: ScheduleStore,
  logger: Logger,
  request: ScheduleRequest,
): Promise<ScheduleReport> {
  const policy = request.policy ?? SOP_POLICY;
  const report: ScheduleReport = {
    date: request.date,
    dryRun: request.dryRun,
    unitsRead: 0,
    followUpsCreated: 0,
    activitiesCreated: 0,
    followUpsClosed: 0,
    unitsLinked: 0,
    followUpsRepaired: 0,
    activitiesReassigned: 0,
    held: { units: 0, followUps: 0, noBranch: [], noAdmin: [] },
    actions: [],
    refused: [],
    optedOut: 0,
  };
  const branchList = await store.branches();
  const branches = new Map(branchList.map((branch) => [branch.id, branch]));
  const index = indexBranches(branchList);
  // A default branch no branch carries stops the run before anything is written.
  const defaultBranchId = defaultBranchOf(request.defaultBranch, index.byDealerCode);
  const adminsByBranch = new Map([...branches.values()].map((branch) => [branch.id, branch.crmAdminIds]));
  const calendars = new Map<string, WorkCalendar>();
  // Without a branch or a calendar: Monday–Saturday and the company's holidays.
  const calendarOf = async (branch: Branch | undefined): Promise<WorkCalendar> => {
    const id = branch?.calendarId ?? null;
    const worksCutiBersama = branch?.worksCutiBersama === true;
    const key = `${id}:${worksCutiBersama}`;
    let calendar = calendars.get(key);
    if (!calendar) {
      calendar = await store.calendar(id, addDays(request.date, -400), addDays(request.date, 60), {
        timeZone: request.timeZone,
        worksCutiBersama,
      });
      calendars.set(key, calendar);
    }
    return calendar;
  };
  const firstContact =
    request.whatsApp && request.whatsApp !== 'off'
      ? ((await store.firstContactText()) ?? {
          body: DEFAULT_FIRST_CONTACT_BODY,
          sources: DEFAULT_FIRST_CONTACT_SOURCES,
        })
      : null;
  const load = await store.openLoad();
  const held = new HeldTally();
  const bump = (admin: number | null | undefined, by: number) => {
    if (admin) load.set(admin, (load.get(admin) ?? 0) + by);
  };

  for await (const units of store.units(earliestPurchase(request.date, policy))) {
    report.unitsRead += units.length;
    const placement = placeUnits(units, index, defaultBranchId);
    if (placement.links.length > 0) {
      if (!request.dryRun) await store.linkUnits(placement.links);
      report.unitsLinked += placement.links.length;
      const linked = new Map(placement.links.map((link) => [link.unitId, link.branchId]));
      for (const unit of units) unit.branchId = linked.get(unit.unitId) ?? unit.branchId;
    }
    const existing = await store.followUpsOf(units.map((unit) => unit.unitId));
    const byBranch = new Map<number | null, UnitForFollowUp[]>();
    for (const unit of units) byBranch.set(unit.branchId, [...(byBranch.get(unit.branchId) ?? []), unit]);
    const planned: ScheduleAction[] = [];
    for (const [branchId, group] of byBranch) {
      const calendar = await calendarOf(branchId === null ? undefined : branches.get(branchId));
      planned.push(...planSchedule(group, existing, request.date, policy, calendar));
    }
    // A held unit gets no follow-up; what a done KPB ends still closes.
    const heldCreates = new Map<number, number>();
    const actions = planned.filter((action) => {
      if (action.action !== 'create' || !placement.held.has(action.unitId)) return true;
      heldCreates.set(action.unitId, (heldCreates.get(action.unitId) ?? 0) + 1);
      return false;
    });
    held.add(placement.held, heldCreates);
    report.actions.push(...actions);
    const unitById = new Map(units.map((unit) => [unit.unitId, unit]));
    const existingById = new Map(existing.map((followUp) => [followUp.id, followUp]));
    const closes = actions.flatMap((action) => (action.action === 'close' ? [action] : []));
    const unanswered = actions.flatMap((action) => (action.action === 'no_answer' ? [action] : []));
    const closing = new Set(closes.map((action) => action.followUpId));
    // What closes no longer weighs on its admin (as openLoad reads it after the close).
    for (const followUpId of closing) {
      const followUp = existingById.get(followUpId);
      if (followUp && (followUp.state === 'todo' || followUp.state === 'contacted'))
        bump(followUp.adminId, -1);
    }
    const repairs = await planPageRepairs(store, existing, closing, unitById, adminsByBranch, load);
    for (const repair of repairs) bump(repair.adminId, 1);
    // Consent: a customer who asked not to be contacted gets no new follow-up, on any channel.
    const planners = [
      ...new Set(
        actions.flatMap((action) =>
          action.action === 'create' ? [unitById.get(action.unitId)?.partnerId ?? 0].filter(Boolean) : [],
        ),
      ),
    ];
    const customers = await store.partners(planners);
    const creates = actions.flatMap((action) => {
      if (action.action !== 'create') return [];
      const partnerId = unitById.get(action.unitId)?.partnerId;
      if (partnerId && customers.get(partnerId)?.optedOut) {
        report.optedOut += 1;
        return [];
      }
      return [action];
    });
    const assigned = assignAdmins(
      creates.map((action) => ({ key: action.key, branchId: unitById.get(action.unitId)?.branchId ?? null })),
      adminsByBranch,
      load,
    );
    for (const admin of assigned.values()) bump(admin, 1);
    const handovers = repairs.flatMap((repair) =>
      repair.adminId === undefined
        ? []
        : repair.activityIds.map((activityId) => ({ activityId, userId: repair.adminId as number })),
    );
    if (request.dryRun) {
      report.followUpsCreated += creates.length;
      report.activitiesCreated += creates.length;
      report.followUpsClosed += closes.length;
      report.followUpsRepaired += repairs.length;
      report.activitiesReassigned += handovers.length;
      continue;
    }

    if (repairs.length > 0) {
      // Activities first: a run cut off between the two finds the admin on the activity (see planRepairs).
      if (handovers.length > 0) report.activitiesReassigned += await store.reassignActivities(handovers);
      await store.repairFollowUps(
        repairs.map(({ followUpId, branchId, adminId }) => ({
          followUpId,
          ...(branchId === undefined ? {} : { branchId }),
          ...(adminId === undefined ? {} : { adminId }),
        })),
      );
      report.followUpsRepaired += repairs.length;
      for (const repair of repairs) {
        const followUp = existingById.get(repair.followUpId);
        if (!followUp) continue;
        followUp.branchId = repair.branchId ?? followUp.branchId;
        followUp.adminId = repair.adminId ?? followUp.adminId;
      }
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

    // Every open follow-up with an admin needs its activity: the new ones, and any a killed run
    // left without. One still without an admin gets its activity once its repair gives it one.
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
    ].filter((followUp) => followUp.adminId !== null);
    const haveActivity = await store.withActivity(open.map((followUp) => followUp.id));
    const missing = open.filter((followUp) => !haveActivity.has(followUp.id));
    const partners = await store.partners([
      ...new Set(missing.flatMap((followUp) => (followUp.partnerId ? [followUp.partnerId] : []))),
    ]);
    report.activitiesCreated += await store.createActivities(
      missing.map((followUp) => {
        const unit = unitById.get(followUp.unitId);
        const partner = followUp.partnerId ? partners.get(followUp.partnerId) : undefined;
        const facts: ActivityFacts = {
          kpb: followUp.kpb,
          stage: followUp.stage,
          dueDate: followUp.dueDate,
          customerName: partner?.name ?? null,
          phone: partner?.phone ?? null,
          modelName: unit?.modelName ?? null,
          engineNumber: unit?.engineNumber ?? '',
          purchaseDate: unit?.purchaseDate ?? '',
        };
        if (firstContact && followUp.stage === 'fu1') {
          const branch = followUp.branchId === null ? undefined : branches.get(followUp.branchId);
          const mobile = partner?.phone ? normalizePhone(partner.phone) : null;
          const text = renderTemplate(
            firstContact.body,
            templateParameters(firstContact.sources, {
              customerName: facts.customerName,
              modelName: facts.modelName,
              engineNumber: facts.engineNumber,
              kpb: facts.kpb,
              dueDate: facts.dueDate,
              branchName: branch?.name ?? null,
              branchPhone: branch?.phone ?? null,
            }),
          );
          facts.whatsApp = {
            url:
              mobile?.ok && mobile.value.kind === 'mobile' ? clickToChatUrl(mobile.value.e164, text) : null,
            automatic: request.whatsApp === 'api',
          };
        }
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
    if (unanswered.length > 0) {
      await store.close(
        unanswered.map((action) => ({
          followUpId: action.followUpId,
          state: 'contacted' as const,
          result: 'no_response' as const,
          feedback: NO_ANSWER_FEEDBACK,
        })),
      );
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
      report.followUpsClosed += closes.length;
    }
  }
  report.held = held.summary(index);
  logger.info(
    {
      date: request.date,
      dryRun: request.dryRun,
      units: report.unitsRead,
      created: report.followUpsCreated,
      activities: report.activitiesCreated,
      closed: report.followUpsClosed,
      linked: report.unitsLinked,
      repaired: report.followUpsRepaired,
      reassigned: report.activitiesReassigned,
      held: report.held.units,
    },
    'follow-ups scheduled',
  );
  if (report.held.units > 0) {
    logger.warn(
      {
        date: request.date,
        heldUnits: report.held.units,
        heldFollowUps: report.held.followUps,
        noBranch: report.held.noBranch.map((row) => ({ dealerCode: row.dealerCode, units: row.units })),
        noAdmin: report.held.noAdmin.map((row) => ({ branch: row.branch, units: row.units })),
      },
      `units held from KPB follow-ups: ${heldSentence(report.held)}`,
    );
  }
  return report;
}

/** The held units in one line of plain English, for logs and the command line. */
export function heldSentence(held: HeldSummary): string {
  const parts = [
    ...(held.noBranch.length > 0
      ? [
          `no branch for ${held.noBranch
            .map(
              (row) =>
                `${row.dealerCode ? `dealer code ${row.dealerCode}` : 'no dealer code'} (${row.units})`,
            )
            .join(', ')}`,
        ]
      : []),
    ...held.noAdmin.map((row) => `branch "${row.branch}" has no CRM admin (${row.units})`),
  ];
  return `${held.units} unit(s), ${held.followUps} follow-up(s) due now: ${parts.join('; ')}`;
}

/** The to-do follow-ups of a page still without a branch or an admin, and how to complete them. */
async function planPageRepairs(
  store: ScheduleStore,
  existing: readonly StoredFollowUp[],
  closing: ReadonlySet<number>,
  unitById: ReadonlyMap<number, UnitForFollowUp>,
  adminsByBranch: ReadonlyMap<number, readonly number[]>,
  load: ReadonlyMap<number, number>,
): Promise<FollowUpRepair[]> {
  const incomplete = existing.filter(
    (followUp) =>
      followUp.state === 'todo' &&
      !closing.has(followUp.id) &&
      (followUp.branchId === null || followUp.adminId === null),
  );
  if (incomplete.length === 0) return [];
  const withoutAdmin = incomplete
    .filter((followUp) => followUp.adminId === null)
    .map((followUp) => followUp.id);
  const activities = await store.openActivities(withoutAdmin);
  const activitiesOf = new Map<number, Array<{ id: number; userId: number | null }>>();
  for (const activity of activities) {
    const list = activitiesOf.get(activity.followUpId) ?? [];
    list.push({ id: activity.id, userId: activity.userId });
    activitiesOf.set(activity.followUpId, list);
  }
  return planRepairs(
    incomplete.map((followUp) => ({
      id: followUp.id,
      branchId: followUp.branchId,
      adminId: followUp.adminId,
      unitBranchId: unitById.get(followUp.unitId)?.branchId ?? null,
      activities: activitiesOf.get(followUp.id) ?? [],
    })),
    adminsByBranch,
    load,
  );
}
