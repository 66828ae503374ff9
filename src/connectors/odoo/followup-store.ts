import { ACTIVITY_TYPES } from '../../module/activity-types.js';
import { BRANCH as BRANCH_SPEC, FOLLOWUP as FOLLOWUP_SPEC, UNIT as UNIT_SPEC } from '../../module/models.js';
import { dealerCodeKey } from '../../rules/dealer-code.js';
import type { WorkCalendar } from '../../rules/followup/calendar.js';
import { workCalendar } from '../../rules/followup/calendar.js';
import type {
  Channel,
  ExistingFollowUp,
  FollowUpResult,
  FollowUpState,
  Kpb,
  Stage,
} from '../../rules/followup/schedule.js';
import { localDate } from '../../rules/local-time.js';
import { groupWrites, type RecordUpdate } from './batching.js';
import type { OdooClient, OdooRecord } from './client.js';
import { resolveXmlids } from './external-ids.js';
import { groupedCount } from './grouped-count.js';
import { PARTNER_MODEL, partnerPhonesOf } from './partner-phones.js';
import { linkId, textOrNull } from './read-values.js';

/**
 * What the follow-up jobs read from Odoo and write back: units due for
 * follow-up with their owners, the follow-ups and their activities, the
 * branches' admins and working calendars. Odoo's model and field names stay here.
 */

export interface UnitForFollowUp {
  unitId: number;
  engineNumber: string;
  modelName: string | null;
  purchaseDate: string;
  branchId: number | null;
  /** The CDB's dealer code, upper case: the branch a unit without one is linked to once it exists. */
  dealerCode: string | null;
  partnerId: number | null;
  kpbDone: Partial<Record<Kpb, string>>;
}

export interface Branch {
  id: number;
  name: string;
  /** Upper case; null when the branch has none. */
  dealerCode: string | null;
  crmAdminIds: number[];
  calendarId: number | null;
}

/** A follow-up as the schedule reads it: the plan's view, and who and where it belongs to. */
export interface StoredFollowUp extends ExistingFollowUp {
  adminId: number | null;
  branchId: number | null;
}

/** What doctor counts to say which units the schedule holds (see `SetupStore` in src/jobs/doctor-setup.ts). */
export interface SetupCounts {
  /** Units bought since the date and without a branch, by dealer code (null: none). */
  unitsWithoutBranch: Map<string | null, number>;
  /** Units bought since the date, per branch. */
  unitsByBranch: Map<number, number>;
  /** Open follow-ups (to do) without a branch, and without an admin. */
  openWithoutBranch: number;
  openWithoutAdmin: number;
}

export interface NewFollowUp {
  unitId: number;
  partnerId: number | null;
  branchId: number | null;
  kpb: Kpb;
  stage: Stage;
  channel: Channel;
  dueDate: string;
  adminId: number | null;
}

export interface ActivityToCreate {
  followUpId: number;
  stage: Stage;
  userId: number | null;
  dueDate: string;
  summary: string;
  note: string;
}

const FOLLOWUP = FOLLOWUP_SPEC.model;
const UNIT = UNIT_SPEC.model;
const BRANCH = BRANCH_SPEC.model;
/** Bulk fixes leave no trace in the chatter. */
const QUIET = { tracking_disable: true, mail_notrack: true } as const;

const FOLLOWUP_MODEL_XMLID = 'h23_crm.model_x_h23_followup';
const STAGE_ACTIVITY: Readonly<Record<Stage, string>> = {
  fu1: ACTIVITY_TYPES.kpbFu1,
  fu2: ACTIVITY_TYPES.kpbFu2,
  fu3: ACTIVITY_TYPES.kpbFu3,
};

function toUnit(record: OdooRecord): UnitForFollowUp {
  const kpbDone: Partial<Record<Kpb, string>> = {};
  for (const kpb of [1, 2, 3, 4] as const) {
    const done = textOrNull(record[`x_kpb${kpb}_date`]);
    if (done) kpbDone[kpb] = done;
  }
  return {
    unitId: record.id,
    engineNumber: String(record.x_engine_number ?? ''),
    modelName: textOrNull(record.x_model_name),
    purchaseDate: String(record.x_purchase_date),
    branchId: linkId(record.x_branch_id),
    dealerCode: dealerCodeKey(record.x_dealer_code),
    partnerId: linkId(record.x_partner_id),
    kpbDone,
  };
}

/** A follow-up the SOP ends: its final state, the reason its activity is marked done with. */
export interface FollowUpClosing {
  followUpId: number;
  state: 'done' | 'closed';
  feedback: string;
  doneDate?: string;
}

export class FollowUpStore {
  private moduleIds: { model: number; types: Map<Stage, number> } | null = null;

  constructor(private readonly client: OdooClient) {}

  /** Units bought on or after `since` (older ones are past their last KPB window), page by page. */
  async *units(since: string, pageSize = 5000): AsyncGenerator<UnitForFollowUp[]> {
    const fields = [
      'x_engine_number',
      'x_model_name',
      'x_purchase_date',
      'x_branch_id',
      'x_dealer_code',
      'x_partner_id',
      'x_kpb1_date',
      'x_kpb2_date',
      'x_kpb3_date',
      'x_kpb4_date',
    ];
    for await (const page of this.client.searchPages(UNIT, [['x_purchase_date', '>=', since]], fields, {
      pageSize,
    })) {
      const units = page.map(toUnit);
      await this.addWorkshopVisits(units);
      yield units;
    }
  }

  /**
   * A KPB service registered at the workshop (a WOR with that KPB as service
   * type) counts as done on its visit date, before the A2 report says so.
   */
  private async addWorkshopVisits(units: UnitForFollowUp[]): Promise<void> {
    const visits = await this.client.searchRead(
      'x_h23_wor',
      [
        ['x_unit_id', 'in', units.map((unit) => unit.unitId)],
        ['x_service_type', 'in', ['kpb1', 'kpb2', 'kpb3', 'kpb4']],
        ['x_visit_date', '!=', false],
      ],
      ['x_unit_id', 'x_service_type', 'x_visit_date'],
      { idsOnly: true, order: 'x_visit_date' },
    );
    const byId = new Map(units.map((unit) => [unit.unitId, unit]));
    for (const visit of visits) {
      const unit = byId.get(linkId(visit.x_unit_id) ?? 0);
      const kpb = Number(String(visit.x_service_type).slice(3)) as Kpb;
      const date = textOrNull(visit.x_visit_date);
      if (unit && date && !unit.kpbDone[kpb]) unit.kpbDone[kpb] = date;
    }
  }

  async followUpsOf(unitIds: readonly number[]): Promise<StoredFollowUp[]> {
    if (unitIds.length === 0) return [];
    const records = await this.client.searchRead(
      FOLLOWUP,
      [['x_unit_id', 'in', [...unitIds]]],
      ['x_unit_id', 'x_kpb', 'x_stage', 'x_state', 'x_result', 'x_due_date', 'x_admin_id', 'x_branch_id'],
      { idsOnly: true },
    );
    return records.map((record) => ({
      id: record.id,
      unitId: linkId(record.x_unit_id) ?? 0,
      kpb: Number(record.x_kpb) as Kpb,
      stage: record.x_stage as Stage,
      state: (textOrNull(record.x_state) ?? 'todo') as FollowUpState,
      result: textOrNull(record.x_result) as FollowUpResult | null,
      dueDate: String(record.x_due_date),
      adminId: linkId(record.x_admin_id),
      branchId: linkId(record.x_branch_id),
    }));
  }

  /** Open follow-ups per admin: the load the next ones are shared by. */
  async openLoad(): Promise<Map<number, number>> {
    const records = await this.client.searchRead(
      FOLLOWUP,
      [
        ['x_state', 'in', ['todo', 'contacted']],
        ['x_admin_id', '!=', false],
      ],
      ['x_admin_id'],
      {
        idsOnly: true,
      },
    );
    const load = new Map<number, number>();
    for (const record of records) {
      const admin = linkId(record.x_admin_id);
      if (admin) load.set(admin, (load.get(admin) ?? 0) + 1);
    }
    return load;
  }

  async branches(): Promise<Branch[]> {
    const records = await this.client.searchRead(
      BRANCH,
      [],
      ['x_name', 'x_dealer_code', 'x_crm_admin_ids', 'x_calendar_id'],
      { idsOnly: true },
    );
    return records.map((record) => ({
      id: record.id,
      name: String(record.x_name ?? ''),
      dealerCode: dealerCodeKey(record.x_dealer_code),
      crmAdminIds: Array.isArray(record.x_crm_admin_ids) ? (record.x_crm_admin_ids as number[]) : [],
      calendarId: linkId(record.x_calendar_id),
    }));
  }

  /** Gives units without a branch their branch: one write per branch. */
  async linkUnits(rows: ReadonlyArray<{ unitId: number; branchId: number }>): Promise<void> {
    await this.writeGrouped(
      UNIT,
      rows.map((row) => ({ id: row.unitId, values: { x_branch_id: row.branchId } })),
      QUIET,
    );
  }

  /** Sets the missing branch or admin on follow-ups: one write per distinct pair of values. */
  async repairFollowUps(
    rows: ReadonlyArray<{ followUpId: number; branchId?: number; adminId?: number }>,
  ): Promise<void> {
    await this.writeGrouped(
      FOLLOWUP,
      rows.map((row) => ({
        id: row.followUpId,
        values: {
          ...(row.branchId ? { x_branch_id: row.branchId } : {}),
          ...(row.adminId ? { x_admin_id: row.adminId } : {}),
        },
      })),
      QUIET,
    );
  }

  /**
   * One `write(ids, values)` per set of identical values, in first-seen order. Unlike
   * `client.write`, which isolates refused records, a refusal throws: these writes repair
   * what the next run would otherwise find again, so the run stops and says so.
   */
  private async writeGrouped(
    model: string,
    updates: readonly RecordUpdate[],
    context?: Record<string, unknown>,
  ): Promise<void> {
    for (const group of groupWrites(updates)) {
      await this.client.call(model, 'write', [group.ids, group.values], {}, context ? { context } : {});
    }
  }

  /** The open KPB activities (of a stage's type) of these follow-ups, with their assignees. */
  async openActivities(
    followUpIds: readonly number[],
  ): Promise<Array<{ id: number; followUpId: number; userId: number | null }>> {
    if (followUpIds.length === 0) return [];
    const types = [...(await this.refs()).types.values()];
    const records = await this.client.searchRead(
      'mail.activity',
      [
        ['res_model', '=', FOLLOWUP],
        ['res_id', 'in', [...followUpIds]],
        ['activity_type_id', 'in', types],
      ],
      ['res_id', 'user_id'],
    );
    return records.map((record) => ({
      id: record.id,
      followUpId: Number(record.res_id),
      userId: linkId(record.user_id),
    }));
  }

  /**
   * Hands activities to another user, one write per user. `mail_activity_quick_update`
   * keeps Odoo from mailing each new assignee (mail.activity.write calls
   * `action_notify` without it; addons/mail/models/mail_activity.py, 17–19).
   */
  async reassignActivities(rows: ReadonlyArray<{ activityId: number; userId: number }>): Promise<number> {
    await this.writeGrouped(
      'mail.activity',
      rows.map((row) => ({ id: row.activityId, values: { user_id: row.userId } })),
      { mail_activity_quick_update: true },
    );
    return rows.length;
  }

  /**
   * What doctor reports of the setup: units of the schedule's window without a
   * branch (by dealer code) and per branch, and open follow-ups without a
   * branch or an admin. Grouped counts: a few calls whatever the number of units.
   */
  async setupCounts(since: string): Promise<SetupCounts> {
    const window = [['x_purchase_date', '>=', since]];
    const [withoutBranch, byBranch, openWithoutBranch, openWithoutAdmin] = await Promise.all([
      groupedCount(this.client, UNIT, [...window, ['x_branch_id', '=', false]], 'x_dealer_code'),
      groupedCount(this.client, UNIT, [...window, ['x_branch_id', '!=', false]], 'x_branch_id'),
      this.client.searchCount(FOLLOWUP, [
        ['x_state', '=', 'todo'],
        ['x_branch_id', '=', false],
      ]),
      this.client.searchCount(FOLLOWUP, [
        ['x_state', '=', 'todo'],
        ['x_admin_id', '=', false],
      ]),
    ]);
    const unitsWithoutBranch = new Map<string | null, number>();
    for (const [value, count] of withoutBranch) {
      const code = dealerCodeKey(value);
      unitsWithoutBranch.set(code, (unitsWithoutBranch.get(code) ?? 0) + count);
    }
    const unitsByBranch = new Map<number, number>();
    for (const [value, count] of byBranch) {
      const id = linkId(value);
      if (id !== null) unitsByBranch.set(id, (unitsByBranch.get(id) ?? 0) + count);
    }
    return { unitsWithoutBranch, unitsByBranch, openWithoutBranch, openWithoutAdmin };
  }

  /**
   * A working calendar from Odoo: the weekdays of its attendances, and every
   * dealer-local date touched by a leave of the calendar or a global leave
   * (public holidays, cuti bersama) between `from` and `to`.
   */
  async calendar(
    calendarId: number | null,
    from: string,
    to: string,
    timeZone: string,
  ): Promise<WorkCalendar> {
    if (calendarId === null) return workCalendar();
    const attendances = await this.client.searchRead(
      'resource.calendar.attendance',
      [['calendar_id', '=', calendarId]],
      ['dayofweek'],
    );
    // Odoo counts weekdays from Monday = 0; JavaScript from Sunday = 0.
    const weekdays = new Set(attendances.map((attendance) => (Number(attendance.dayofweek) + 1) % 7));
    const leaves = await this.client.searchRead(
      'resource.calendar.leaves',
      [
        ['resource_id', '=', false],
        '|',
        ['calendar_id', '=', calendarId],
        ['calendar_id', '=', false],
        ['date_to', '>=', `${from} 00:00:00`],
        ['date_from', '<=', `${to} 23:59:59`],
      ],
      ['date_from', 'date_to'],
    );
    const holidays = new Set<string>();
    for (const leave of leaves) {
      const start = Date.parse(`${String(leave.date_from).replace(' ', 'T')}Z`);
      const end = Date.parse(`${String(leave.date_to).replace(' ', 'T')}Z`);
      for (let at = start; at <= end; at += 86_400_000) holidays.add(localDate(new Date(at), timeZone));
      holidays.add(localDate(new Date(end), timeZone));
    }
    return workCalendar({ ...(weekdays.size > 0 ? { workingWeekdays: weekdays } : {}), holidays });
  }

  async partners(
    ids: readonly number[],
  ): Promise<Map<number, { name: string | null; phone: string | null }>> {
    const dialect = this.client.dialect;
    const records =
      ids.length === 0
        ? []
        : await this.client.read(PARTNER_MODEL, [...ids], ['name', ...dialect.partnerPhoneFields]);
    return new Map(
      records.map((record) => [
        record.id,
        { name: textOrNull(record.name), phone: partnerPhonesOf(dialect, record).primary },
      ]),
    );
  }

  async createFollowUps(
    rows: readonly NewFollowUp[],
  ): Promise<Array<{ index: number; id?: number; error?: string }>> {
    const outcomes = await this.client.create(
      FOLLOWUP,
      rows.map((row) => ({
        x_unit_id: row.unitId,
        x_partner_id: row.partnerId ?? false,
        x_branch_id: row.branchId ?? false,
        x_kpb: String(row.kpb),
        x_stage: row.stage,
        x_channel: row.channel,
        x_due_date: row.dueDate,
        x_state: 'todo',
        x_admin_id: row.adminId ?? false,
      })),
      {
        chunkSize: 1000,
        context: { tracking_disable: true, mail_create_nolog: true, mail_create_nosubscribe: true },
      },
    );
    return outcomes.map((outcome) => ({
      index: outcome.index,
      ...(outcome.id === undefined ? {} : { id: outcome.id }),
      ...(outcome.error ? { error: outcome.error.message } : {}),
    }));
  }

  /** The follow-up model and the activity type of each stage, in one `ir.model.data` read. */
  private async refs(): Promise<{ model: number; types: Map<Stage, number> }> {
    if (!this.moduleIds) {
      const found = await resolveXmlids(this.client, [
        FOLLOWUP_MODEL_XMLID,
        ...Object.values(STAGE_ACTIVITY),
      ]);
      const idOf = (xmlid: string): number => {
        const record = found.get(xmlid);
        if (!record) throw new Error(`${xmlid} is missing: run h23-bridge install`);
        return record.id;
      };
      this.moduleIds = {
        model: idOf(FOLLOWUP_MODEL_XMLID),
        types: new Map(
          (Object.entries(STAGE_ACTIVITY) as Array<[Stage, string]>).map(([stage, xmlid]) => [
            stage,
            idOf(xmlid),
          ]),
        ),
      };
    }
    return this.moduleIds;
  }

  /** Follow-ups among these that already have a follow-up activity (open or done). */
  async withActivity(followUpIds: readonly number[]): Promise<Set<number>> {
    if (followUpIds.length === 0) return new Set();
    const types = [...(await this.refs()).types.values()];
    const records = await this.client.searchRead(
      'mail.activity',
      [
        ['res_model', '=', FOLLOWUP],
        ['res_id', 'in', [...followUpIds]],
        ['activity_type_id', 'in', types],
      ],
      ['res_id'],
      { context: { active_test: false } },
    );
    return new Set(records.map((record) => Number(record.res_id)));
  }

  async createActivities(rows: readonly ActivityToCreate[]): Promise<number> {
    if (rows.length === 0) return 0;
    const { types, model: modelId } = await this.refs();
    const outcomes = await this.client.create(
      'mail.activity',
      rows.map((row) => ({
        res_model_id: modelId,
        res_id: row.followUpId,
        activity_type_id: types.get(row.stage),
        summary: row.summary,
        note: row.note,
        date_deadline: row.dueDate,
        ...(row.userId ? { user_id: row.userId } : {}),
      })),
      { chunkSize: 1000, context: { mail_activity_quick_update: true } },
    );
    return outcomes.filter((outcome) => outcome.id !== undefined).length;
  }

  /**
   * Closes follow-ups and marks their open activities done with the reason, in
   * Indonesian. The activities first: a run cut off between the two finds the
   * follow-up still open and closes it then, where the other order would leave
   * its activity open for good (a closed follow-up is not planned again).
   */
  async close(rows: readonly FollowUpClosing[]): Promise<void> {
    const activities = await this.client.searchRead(
      'mail.activity',
      [
        ['res_model', '=', FOLLOWUP],
        ['res_id', 'in', rows.map((row) => row.followUpId)],
      ],
      ['res_id'],
    );
    const feedbackOf = new Map(rows.map((row) => [row.followUpId, row.feedback]));
    const byFeedback = groupWrites(
      activities.map((activity) => ({
        id: activity.id,
        values: feedbackOf.get(Number(activity.res_id)) ?? '',
      })),
    );
    for (const { ids, values: feedback } of byFeedback) {
      await this.client.call('mail.activity', 'action_feedback', [ids], { feedback });
    }
    // One write per distinct state and done date: the done date records booking → done service.
    await this.writeGrouped(
      FOLLOWUP,
      rows.map((row) => ({
        id: row.followUpId,
        values: { x_state: row.state, ...(row.doneDate ? { x_done_date: row.doneDate } : {}) },
      })),
    );
  }
}
