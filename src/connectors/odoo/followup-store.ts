import { ACTIVITY_TYPES } from '../../module/activity-types.js';
import { BRANCH, FOLLOWUP, KPB_SELECTION, UNIT, WOR } from '../../module/models.js';
import { dealerCodeKey } from '../../rules/dealer-code.js';
import { type WorkCalendar, workCalendarOf } from '../../rules/followup/calendar.js';
import type { ReminderStage } from '../../rules/followup/reminders.js';
import type {
  Channel,
  ExistingFollowUp,
  FollowUpResult,
  FollowUpState,
  Kpb,
  Stage,
} from '../../rules/followup/schedule.js';
import type { ParameterSource } from '../../rules/whatsapp/message-text.js';
import { ActivityStore } from './activity-store.js';
import { groupWrites, type RecordUpdate } from './batching.js';
import { readBranchCalendar } from './calendar-store.js';
import type { OdooClient } from './client.js';
import { groupedCount } from './grouped-count.js';
import { readCustomers } from './partner-consent.js';
import { linkId } from './read-values.js';
import { decodeRecord, encodeValues, fieldNames, type RecordOf, type ValuesOf } from './schema-codec.js';
import { approvedFirstContactTemplate } from './whatsapp-template-store.js';

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
  /** The branch works cuti bersama days (national holidays stay closed). */
  worksCutiBersama?: boolean;
  /** What FU1's WhatsApp names for booking. */
  phone?: string | null;
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

/** A follow-up of any kind as written: a KPB one, or a reminder after KPB 4 (no KPB). */
export interface FollowUpRow extends Omit<NewFollowUp, 'kpb' | 'stage'> {
  kpb: Kpb | null;
  stage: Stage | ReminderStage;
  /** A reminder's: the last service it counts from. */
  lastService?: string;
}

export interface ActivityToCreate {
  followUpId: number;
  stage: Stage;
  userId: number | null;
  dueDate: string;
  summary: string;
  note: string;
}

/** Bulk fixes leave no trace in the chatter. */
const QUIET = { tracking_disable: true, mail_notrack: true } as const;

const STAGE_ACTIVITY: Readonly<Record<Stage | ReminderStage, string>> = {
  fu1: ACTIVITY_TYPES.kpbFu1,
  fu2: ACTIVITY_TYPES.kpbFu2,
  fu3: ACTIVITY_TYPES.kpbFu3,
  service: ACTIVITY_TYPES.serviceReminder,
  winback: ACTIVITY_TYPES.winBack,
};
/** The contact activity of each stage: what a follow-up asks its admin for. */
const CONTACT_ACTIVITIES = Object.values(STAGE_ACTIVITY);

const UNIT_READ = [
  'engineNumber',
  'modelName',
  'purchaseDate',
  'branch',
  'dealerCode',
  'partnerId',
  'kpb1Date',
  'kpb2Date',
  'kpb3Date',
  'kpb4Date',
] as const;
const KPB_DONE = { 1: 'kpb1Date', 2: 'kpb2Date', 3: 'kpb3Date', 4: 'kpb4Date' } as const;
/** WOR service types of a KPB visit (`kpb1`–`kpb4`, as the WOR model's selection declares them). */
const KPB_SERVICE_TYPES: Readonly<Record<string, Kpb>> = Object.fromEntries(
  KPB_SELECTION.map(([value]) => [`kpb${value}`, Number(value) as Kpb]),
);
const FOLLOWUP_READ = [
  'unitId',
  'kpb',
  'stage',
  'state',
  'result',
  'dueDate',
  'adminId',
  'branch',
  'contactedOn',
] as const;
const BRANCH_READ = ['name', 'dealerCode', 'crmAdminIds', 'calendarId', 'worksCutiBersama', 'phone'] as const;

function toUnit(record: RecordOf<typeof UNIT, (typeof UNIT_READ)[number]>): UnitForFollowUp {
  const kpbDone: Partial<Record<Kpb, string>> = {};
  for (const kpb of [1, 2, 3, 4] as const) {
    const done = record[KPB_DONE[kpb]];
    if (done) kpbDone[kpb] = done;
  }
  return {
    unitId: record.id,
    engineNumber: record.engineNumber ?? '',
    modelName: record.modelName,
    purchaseDate: String(record.purchaseDate),
    branchId: record.branch,
    dealerCode: dealerCodeKey(record.dealerCode),
    partnerId: record.partnerId,
    kpbDone,
  };
}

/** A follow-up the SOP ends: its final state, the reason its activity is marked done with. */
export interface FollowUpClosing {
  followUpId: number;
  /** `contacted` with a result: the contact ended (no answer to FU1's WhatsApp), the follow-up goes on. */
  state: 'done' | 'closed' | 'contacted';
  feedback: string;
  doneDate?: string;
  result?: FollowUpResult;
}

export class FollowUpStore {
  private readonly activities: ActivityStore;

  constructor(private readonly client: OdooClient) {
    this.activities = new ActivityStore(client, FOLLOWUP, CONTACT_ACTIVITIES);
  }

  /** Units bought on or after `since` (older ones are past their last KPB window), page by page. */
  async *units(since: string, pageSize = 5000): AsyncGenerator<UnitForFollowUp[]> {
    for await (const page of this.client.searchPages(
      UNIT.model,
      [[UNIT.f.purchaseDate, '>=', since]],
      fieldNames(UNIT, UNIT_READ),
      { pageSize },
    )) {
      const units = page.map((record) => toUnit(decodeRecord(UNIT, UNIT_READ, record)));
      await this.addWorkshopVisits(units);
      yield units;
    }
  }

  /**
   * A KPB service registered at the workshop (a WOR with that KPB as service
   * type) counts as done on its visit date, before the A2 report says so.
   */
  private async addWorkshopVisits(units: UnitForFollowUp[]): Promise<void> {
    const read = ['unitId', 'serviceType', 'visitDate'] as const;
    const visits = await this.client.searchRead(
      WOR.model,
      [
        [WOR.f.unitId, 'in', units.map((unit) => unit.unitId)],
        [WOR.f.serviceType, 'in', Object.keys(KPB_SERVICE_TYPES)],
        [WOR.f.visitDate, '!=', false],
      ],
      fieldNames(WOR, read),
      { idsOnly: true, order: WOR.f.visitDate },
    );
    const byId = new Map(units.map((unit) => [unit.unitId, unit]));
    for (const record of visits) {
      const visit = decodeRecord(WOR, read, record);
      const unit = byId.get(visit.unitId ?? 0);
      const kpb = KPB_SERVICE_TYPES[visit.serviceType ?? ''];
      if (unit && kpb && visit.visitDate && !unit.kpbDone[kpb]) unit.kpbDone[kpb] = visit.visitDate;
    }
  }

  async followUpsOf(unitIds: readonly number[]): Promise<StoredFollowUp[]> {
    if (unitIds.length === 0) return [];
    const records = await this.client.searchRead(
      FOLLOWUP.model,
      // KPB follow-ups only: a reminder after KPB 4 has no KPB (see reminder-store.ts).
      [
        [FOLLOWUP.f.unitId, 'in', [...unitIds]],
        [FOLLOWUP.f.kpb, '!=', false],
      ],
      fieldNames(FOLLOWUP, FOLLOWUP_READ),
      { idsOnly: true },
    );
    return records.map((record) => {
      const followUp = decodeRecord(FOLLOWUP, FOLLOWUP_READ, record);
      return {
        id: followUp.id,
        unitId: followUp.unitId ?? 0,
        kpb: Number(followUp.kpb) as Kpb,
        stage: followUp.stage as Stage,
        state: (followUp.state ?? 'todo') as FollowUpState,
        result: followUp.result as FollowUpResult | null,
        dueDate: String(followUp.dueDate),
        contactedOn: followUp.contactedOn,
        adminId: followUp.adminId,
        branchId: followUp.branch,
      };
    });
  }

  /** Open follow-ups per admin: the load the next ones are shared by. */
  async openLoad(): Promise<Map<number, number>> {
    const records = await this.client.searchRead(
      FOLLOWUP.model,
      [
        [FOLLOWUP.f.state, 'in', ['todo', 'contacted']],
        [FOLLOWUP.f.adminId, '!=', false],
      ],
      fieldNames(FOLLOWUP, ['adminId']),
      { idsOnly: true },
    );
    const load = new Map<number, number>();
    for (const record of records) {
      const admin = decodeRecord(FOLLOWUP, ['adminId'], record).adminId;
      if (admin) load.set(admin, (load.get(admin) ?? 0) + 1);
    }
    return load;
  }

  async branches(): Promise<Branch[]> {
    const records = await this.client.searchRead(BRANCH.model, [], fieldNames(BRANCH, BRANCH_READ), {
      idsOnly: true,
    });
    return records.map((record) => {
      const branch = decodeRecord(BRANCH, BRANCH_READ, record);
      return {
        id: branch.id,
        name: branch.name ?? '',
        dealerCode: dealerCodeKey(branch.dealerCode),
        crmAdminIds: branch.crmAdminIds,
        calendarId: branch.calendarId,
        worksCutiBersama: branch.worksCutiBersama === true,
        phone: branch.phone,
      };
    });
  }

  /** Gives units without a branch their branch: one write per branch. */
  async linkUnits(rows: ReadonlyArray<{ unitId: number; branchId: number }>): Promise<void> {
    await this.writeGrouped(
      UNIT,
      rows.map((row) => ({ id: row.unitId, values: { branch: row.branchId } })),
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
          ...(row.branchId ? { branch: row.branchId } : {}),
          ...(row.adminId ? { adminId: row.adminId } : {}),
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
  private async writeGrouped<S extends typeof UNIT | typeof FOLLOWUP>(
    schema: S,
    updates: readonly RecordUpdate<ValuesOf<S>>[],
    context?: Record<string, unknown>,
  ): Promise<void> {
    for (const group of groupWrites(updates)) {
      await this.client.call(
        schema.model,
        'write',
        [group.ids, encodeValues(schema, group.values)],
        {},
        context ? { context } : {},
      );
    }
  }

  /** The open KPB activities (of a stage's type) of these follow-ups, with their assignees. */
  async openActivities(
    followUpIds: readonly number[],
  ): Promise<Array<{ id: number; followUpId: number; userId: number | null }>> {
    const open = await this.activities.open(followUpIds, { types: CONTACT_ACTIVITIES });
    return open.map((activity) => ({ id: activity.id, followUpId: activity.resId, userId: activity.userId }));
  }

  /** Hands activities to another user, one write per user, without mailing the new assignee. */
  async reassignActivities(rows: ReadonlyArray<{ activityId: number; userId: number }>): Promise<number> {
    await this.activities.reassign(rows.map((row) => ({ id: row.activityId, userId: row.userId })));
    return rows.length;
  }

  /**
   * What doctor reports of the setup: units of the schedule's window without a
   * branch (by dealer code) and per branch, and open follow-ups without a
   * branch or an admin. Grouped counts: a few calls whatever the number of units.
   */
  async setupCounts(since: string): Promise<SetupCounts> {
    const window = [[UNIT.f.purchaseDate, '>=', since]];
    const [withoutBranch, byBranch, openWithoutBranch, openWithoutAdmin] = await Promise.all([
      groupedCount(this.client, UNIT.model, [...window, [UNIT.f.branch, '=', false]], UNIT.f.dealerCode),
      groupedCount(this.client, UNIT.model, [...window, [UNIT.f.branch, '!=', false]], UNIT.f.branch),
      this.client.searchCount(FOLLOWUP.model, [
        [FOLLOWUP.f.state, '=', 'todo'],
        [FOLLOWUP.f.branch, '=', false],
      ]),
      this.client.searchCount(FOLLOWUP.model, [
        [FOLLOWUP.f.state, '=', 'todo'],
        [FOLLOWUP.f.adminId, '=', false],
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

  /** A branch's working days from its calendar and the company's holidays (see calendar-store). */
  async calendar(
    calendarId: number | null,
    from: string,
    to: string,
    options: { timeZone: string; worksCutiBersama: boolean },
  ): Promise<WorkCalendar> {
    return workCalendarOf(await readBranchCalendar(this.client, calendarId, from, to), options);
  }

  async partners(
    ids: readonly number[],
  ): Promise<Map<number, { name: string | null; phone: string | null; optedOut: boolean }>> {
    return readCustomers(this.client, ids);
  }

  /** The approved FU1 WhatsApp template's text and what fills it (see the WhatsApp outbox store). */
  async firstContactText(): Promise<{ body: string; sources: ParameterSource[] } | null> {
    const template = await approvedFirstContactTemplate(this.client);
    return template ? { body: template.body, sources: template.sources } : null;
  }

  async createFollowUps(
    rows: readonly FollowUpRow[],
  ): Promise<Array<{ index: number; id?: number; error?: string }>> {
    const outcomes = await this.client.create(
      FOLLOWUP.model,
      rows.map((row) =>
        encodeValues(FOLLOWUP, {
          unitId: row.unitId,
          partnerId: row.partnerId,
          branch: row.branchId,
          kpb: row.kpb === null ? null : String(row.kpb),
          stage: row.stage,
          channel: row.channel,
          dueDate: row.dueDate,
          ...(row.lastService ? { lastService: row.lastService } : {}),
          state: 'todo',
          adminId: row.adminId,
        }),
      ),
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

  /** Follow-ups among these that already have a follow-up activity (open or done). */
  async withActivity(followUpIds: readonly number[]): Promise<Set<number>> {
    const found = await this.activities.open(followUpIds, { types: CONTACT_ACTIVITIES, done: true });
    return new Set(found.map((activity) => activity.resId));
  }

  async createActivities(
    rows: ReadonlyArray<Omit<ActivityToCreate, 'stage'> & { stage: Stage | ReminderStage }>,
  ): Promise<number> {
    const outcomes = await this.activities.create(
      rows.map((row) => ({
        resId: row.followUpId,
        type: STAGE_ACTIVITY[row.stage],
        userId: row.userId,
        summary: row.summary,
        note: row.note,
        deadline: row.dueDate,
      })),
      { chunkSize: 1000 },
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
    const activities = await this.activities.open(rows.map((row) => row.followUpId));
    const feedbackOf = new Map(rows.map((row) => [row.followUpId, row.feedback]));
    await this.activities.markDone(
      activities.map((activity) => ({ id: activity.id, feedback: feedbackOf.get(activity.resId) ?? '' })),
    );
    // One write per distinct state and done date: the done date records booking → done service.
    await this.writeGrouped(
      FOLLOWUP,
      rows.map((row) => ({
        id: row.followUpId,
        values: {
          state: row.state,
          ...(row.doneDate ? { doneDate: row.doneDate } : {}),
          ...(row.result ? { result: row.result } : {}),
        },
      })),
    );
  }
}
