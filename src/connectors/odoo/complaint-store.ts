import { ACTIVITY_TYPES } from '../../module/activity-types.js';
import {
  BRANCH,
  COMPLAINT,
  COMPLAINT_MONTH,
  FOLLOWUP,
  FOLLOWUP_RESULT_SELECTION,
  UNIT,
} from '../../module/models.js';
import { LOG_ACCESS, PARTNER, USERS } from '../../module/odoo-models.js';
import { GROUPS } from '../../module/security.js';
import {
  type ComplaintForMonth,
  emptyMonthStats,
  type MonthStats,
} from '../../rules/complaints/month-stats.js';
import type { ComplaintStage, ComplaintState, Severity } from '../../rules/complaints/service-level.js';
import { instantOfOptionalOdooDatetime as instant, odooDatetimeOfInstant } from '../../rules/local-time.js';
import { ActivityStore, type NewActivity } from './activity-store.js';
import { type BranchCalendarData, readBranchCalendar } from './calendar-store.js';
import type { OdooClient } from './client.js';
import { throwFirstRefusal } from './client.js';
import type { OdooError } from './errors.js';
import { resolveXmlids } from './external-ids.js';
import { KeyedNotes } from './keyed-notes.js';
import { decodeRecord, encodeValues, fieldNames, type ValuesOf, withFields } from './schema-codec.js';
import { groupMembersDomain } from './users.js';

/**
 * What the complaints job reads and writes: complaints, the branches' people and calendars,
 * the follow-ups a complaint is opened from, the complaints' activities and chatter notes.
 * Odoo's model and field names stay here; instants are UTC epoch milliseconds.
 */
export interface StoredComplaint extends ComplaintState {
  reference: string;
  subject: string;
  partnerId: number | null;
  branchId: number | null;
  unitBranchId: number | null;
  userId: number | null;
  /** The stage last written on the customer's chatter. */
  historyStage: string | null;
}

export interface ComplaintBranch {
  id: number;
  name: string;
  calendarId: number | null;
  worksCutiBersama: boolean;
  headId: number | null;
  customerServiceIds: number[];
  crmAdminIds: number[];
}

export type IntakeResult = 'refused_disappointed' | 'refused_other_dealer';

export interface FollowUpForIntake {
  id: number;
  partnerId: number;
  unitId: number | null;
  branchId: number | null;
  kpb: string;
  result: IntakeResult;
  resultLabel: string;
  feedback: string | null;
  /** When the result was recorded (the follow-up's last change): the complaint's receipt. */
  at: number;
}

export interface NewComplaint {
  followUpId: number;
  partnerId: number;
  unitId: number | null;
  branchId: number | null;
  userId: number | null;
  subject: string;
  description: string;
  receivedAt: number;
}

export type ComplaintActivityKind = 'handle' | 'escalation';

export interface ComplaintActivity {
  resId: number;
  kind: ComplaintActivityKind;
  userId: number | null;
  summary: string;
}

export interface NewComplaintActivity {
  resId: number;
  kind: ComplaintActivityKind;
  userId: number;
  summary: string;
  note: string;
  deadline: string;
}

export interface ComplaintNote {
  key: string;
  on: 'complaint' | 'partner';
  resId: number;
  body: string;
}

export type ComplaintValues = Partial<
  Omit<
    StoredComplaint,
    'id' | 'reference' | 'subject' | 'partnerId' | 'unitBranchId' | 'severity' | 'receivedAt'
  >
> & { stageBeforeEscalation?: ComplaintStage };

export interface ComplaintStore {
  branches(): Promise<ComplaintBranch[]>;
  calendar(calendarId: number | null, from: string, to: string): Promise<BranchCalendarData>;
  /** The customer-service managers (the module's group), who receive escalations. */
  managers(): Promise<number[]>;
  /** Follow-ups refused as disappointed or gone to another dealer, changed since `since`, without a complaint yet. */
  followUpsToOpen(since: number): Promise<FollowUpForIntake[]>;
  /** Open complaints per assigned user. */
  openLoad(): Promise<Map<number, number>>;
  createComplaints(rows: readonly NewComplaint[]): Promise<Array<{ followUpId: number; error: OdooError }>>;
  /** Complaints not done, and done ones whose service-level counts are not written yet. */
  complaints(): Promise<StoredComplaint[]>;
  /** The module's activities on these complaints, done ones too. */
  activities(complaintIds: readonly number[]): Promise<ComplaintActivity[]>;
  createActivities(rows: readonly NewComplaintActivity[]): Promise<void>;
  postNotes(notes: readonly ComplaintNote[]): Promise<number>;
  /** Marks the module's open activities on these complaints done, with a feedback. */
  closeActivities(complaintIds: readonly number[], feedback: string): Promise<void>;
  /** Of these complaints (with the stage they were read in), those whose stage has changed since. */
  movedSince(readStages: ReadonlyMap<number, ComplaintStage>): Promise<Set<number>>;
  write(rows: ReadonlyArray<{ id: number; values: ComplaintValues }>): Promise<void>;
  /** Complaints received on or after `since`, as the monthly count reads them. */
  receivedSince(since: number): Promise<ComplaintForMonth[]>;
  /**
   * Writes the monthly lines by key, and zeroes the stored lines from `fromMonth` on that are not
   * among them; returns how many it created or changed.
   */
  writeMonthStats(lines: readonly MonthStats[], fromMonth: string): Promise<number>;
}

export const INTAKE_RESULTS: readonly IntakeResult[] = ['refused_disappointed', 'refused_other_dealer'];

const ACTIVITY_KIND_TYPES: Record<ComplaintActivityKind, string> = {
  handle: ACTIVITY_TYPES.complaintHandle,
  escalation: ACTIVITY_TYPES.complaintEscalation,
};

const COMPLAINT_READ = withFields(COMPLAINT, LOG_ACCESS);
const READ = [
  'name',
  'subject',
  'stage',
  'severity',
  'partnerId',
  'branch',
  'userId',
  'receivedAt',
  'createDate',
  'acknowledgedAt',
  'solvedAt',
  'closedAt',
  'acknowledgeDeadline',
  'solutionDeadline',
  'deadline',
  'overdue',
  'escalatedAcknowledge',
  'escalatedSolution',
  'solved',
  'solvedInTime',
  'reopenCount',
  'reopenedAt',
  'confirmation',
  'historyStage',
  'unitId',
] as const;

const BRANCH_READ = [
  'name',
  'calendarId',
  'worksCutiBersama',
  'headId',
  'customerServiceIds',
  'crmAdminIds',
] as const;
const INTAKE_READ = ['partnerId', 'unitId', 'branch', 'kpb', 'result', 'feedback', 'writeDate'] as const;
const FOLLOWUP_LOGGED = withFields(FOLLOWUP, LOG_ACCESS);

function odooDatetime(at: number | null | undefined): string | null {
  return at === null || at === undefined ? null : odooDatetimeOfInstant(at);
}

const DATETIME_KEYS = [
  'reopenedAt',
  'acknowledgedAt',
  'solvedAt',
  'closedAt',
  'acknowledgeDeadline',
  'solutionDeadline',
  'deadline',
] as const;

export class OdooComplaintStore implements ComplaintStore {
  private readonly activityStore: ActivityStore;
  private readonly notes: KeyedNotes;

  constructor(private readonly client: OdooClient) {
    this.activityStore = new ActivityStore(client, COMPLAINT, Object.values(ACTIVITY_KIND_TYPES));
    this.notes = new KeyedNotes(client);
  }

  async branches(): Promise<ComplaintBranch[]> {
    const records = await this.client.searchRead(BRANCH.model, [], fieldNames(BRANCH, BRANCH_READ));
    return records.map((record) => {
      const branch = decodeRecord(BRANCH, BRANCH_READ, record);
      return {
        id: branch.id,
        name: branch.name ?? '',
        calendarId: branch.calendarId,
        worksCutiBersama: branch.worksCutiBersama === true,
        headId: branch.headId,
        customerServiceIds: branch.customerServiceIds,
        crmAdminIds: branch.crmAdminIds,
      };
    });
  }

  calendar(calendarId: number | null, from: string, to: string): Promise<BranchCalendarData> {
    return readBranchCalendar(this.client, calendarId, from, to);
  }

  async managers(): Promise<number[]> {
    const group = (await resolveXmlids(this.client, [GROUPS.customerServiceManager])).get(
      GROUPS.customerServiceManager,
    );
    if (!group) return [];
    const users = await this.client.call<number[]>(USERS.model, 'search', [
      groupMembersDomain(this.client, group.id),
    ]);
    return [...users].sort((a, b) => a - b);
  }

  async followUpsToOpen(since: number): Promise<FollowUpForIntake[]> {
    const followUps = await this.client.searchRead(
      FOLLOWUP.model,
      [
        [FOLLOWUP.f.result, 'in', [...INTAKE_RESULTS]],
        [FOLLOWUP.f.partnerId, '!=', false],
        [LOG_ACCESS.writeDate.name, '>=', odooDatetimeOfInstant(since)],
      ],
      fieldNames(FOLLOWUP_LOGGED, INTAKE_READ),
    );
    if (followUps.length === 0) return [];
    const opened = await this.client.searchRead(
      COMPLAINT.model,
      [[COMPLAINT.f.followUpId, 'in', followUps.map((record) => record.id)]],
      fieldNames(COMPLAINT, ['followUpId']),
      { context: { active_test: false } },
    );
    const done = new Set(opened.map((record) => decodeRecord(COMPLAINT, ['followUpId'], record).followUpId));
    const labels = new Map<string, string>(FOLLOWUP_RESULT_SELECTION);
    return followUps
      .filter((record) => !done.has(record.id))
      .map((record) => {
        const followUp = decodeRecord(FOLLOWUP_LOGGED, INTAKE_READ, record);
        const result = followUp.result as IntakeResult;
        return {
          id: followUp.id,
          partnerId: followUp.partnerId as number,
          unitId: followUp.unitId,
          branchId: followUp.branch,
          kpb: String(followUp.kpb ?? ''),
          result,
          resultLabel: labels.get(result) ?? result,
          feedback: followUp.feedback,
          at: instant(followUp.writeDate) ?? since,
        };
      });
  }

  async openLoad(): Promise<Map<number, number>> {
    const records = await this.client.searchRead(
      COMPLAINT.model,
      [
        [COMPLAINT.f.stage, '!=', 'done'],
        [COMPLAINT.f.userId, '!=', false],
      ],
      fieldNames(COMPLAINT, ['userId']),
    );
    const load = new Map<number, number>();
    for (const record of records) {
      const user = decodeRecord(COMPLAINT, ['userId'], record).userId;
      if (user !== null) load.set(user, (load.get(user) ?? 0) + 1);
    }
    return load;
  }

  async createComplaints(
    rows: readonly NewComplaint[],
  ): Promise<Array<{ followUpId: number; error: OdooError }>> {
    const outcomes = await this.client.create(
      COMPLAINT.model,
      rows.map((row) =>
        encodeValues(COMPLAINT, {
          followUpId: row.followUpId,
          partnerId: row.partnerId,
          unitId: row.unitId,
          branch: row.branchId,
          userId: row.userId,
          subject: row.subject,
          description: row.description,
          channel: 'followup',
          category: 'staff',
          severity: 'medium',
          receivedAt: odooDatetime(row.receivedAt),
        }),
      ),
    );
    return outcomes.flatMap((outcome) => {
      const row = rows[outcome.index];
      return outcome.error && row ? [{ followUpId: row.followUpId, error: outcome.error }] : [];
    });
  }

  async complaints(): Promise<StoredComplaint[]> {
    const records = await this.client.searchRead(
      COMPLAINT.model,
      // An unset integer is NULL, which 17 does not match with `= 0`.
      [
        '|',
        '|',
        [COMPLAINT.f.stage, '!=', 'done'],
        [COMPLAINT.f.solved, '=', 0],
        [COMPLAINT.f.solved, '=', false],
      ],
      fieldNames(COMPLAINT_READ, READ),
    );
    const unitIds = [
      ...new Set(
        records.map((r) => decodeRecord(COMPLAINT_READ, ['unitId'], r).unitId).filter((id) => id !== null),
      ),
    ] as number[];
    const unitBranch = new Map<number, number | null>();
    if (unitIds.length > 0) {
      for (const unit of await this.client.read(UNIT.model, unitIds, fieldNames(UNIT, ['branch']))) {
        unitBranch.set(unit.id, decodeRecord(UNIT, ['branch'], unit).branch);
      }
    }
    return records.map((record) => {
      const c = decodeRecord(COMPLAINT_READ, READ, record);
      return {
        id: c.id,
        reference: c.name ?? `KEL-${c.id}`,
        subject: c.subject ?? '',
        stage: (c.stage ?? 'received') as ComplaintStage,
        severity: (c.severity ?? 'medium') as Severity,
        partnerId: c.partnerId,
        branchId: c.branch,
        unitBranchId: c.unitId === null ? null : (unitBranch.get(c.unitId) ?? null),
        userId: c.userId,
        receivedAt: instant(c.receivedAt) ?? instant(c.createDate) ?? 0,
        acknowledgedAt: instant(c.acknowledgedAt),
        solvedAt: instant(c.solvedAt),
        closedAt: instant(c.closedAt),
        acknowledgeDeadline: instant(c.acknowledgeDeadline),
        solutionDeadline: instant(c.solutionDeadline),
        deadline: instant(c.deadline),
        overdue: c.overdue === true,
        escalatedAcknowledge: c.escalatedAcknowledge === true,
        escalatedSolution: c.escalatedSolution === true,
        solved: c.solved,
        solvedInTime: c.solvedInTime,
        reopenCount: c.reopenCount,
        reopenedAt: instant(c.reopenedAt),
        confirmation: (c.confirmation ?? null) as StoredComplaint['confirmation'],
        historyStage: c.historyStage,
      };
    });
  }

  async activities(complaintIds: readonly number[]): Promise<ComplaintActivity[]> {
    const kindOf = new Map(Object.entries(ACTIVITY_KIND_TYPES).map(([kind, type]) => [type, kind]));
    const found = await this.activityStore.open(complaintIds, { done: true });
    return found.flatMap((activity) => {
      const kind = activity.type ? kindOf.get(activity.type) : undefined;
      return kind
        ? [
            {
              resId: activity.resId,
              kind: kind as ComplaintActivityKind,
              userId: activity.userId,
              summary: activity.summary,
            },
          ]
        : [];
    });
  }

  async createActivities(rows: readonly NewComplaintActivity[]): Promise<void> {
    const outcomes = await this.activityStore.create(
      rows.map(
        (row): NewActivity => ({
          resId: row.resId,
          type: ACTIVITY_KIND_TYPES[row.kind],
          userId: row.userId,
          summary: row.summary,
          note: row.note,
          deadline: row.deadline,
        }),
      ),
    );
    throwFirstRefusal(outcomes);
  }

  async closeActivities(complaintIds: readonly number[], feedback: string): Promise<void> {
    if (complaintIds.length === 0) return;
    const open = await this.activityStore.open(complaintIds);
    if (open.length > 0)
      await this.activityStore.markDone(open.map((activity) => ({ id: activity.id, feedback })));
  }

  async movedSince(readStages: ReadonlyMap<number, ComplaintStage>): Promise<Set<number>> {
    if (readStages.size === 0) return new Set();
    const now = await this.client.read(
      COMPLAINT.model,
      [...readStages.keys()],
      fieldNames(COMPLAINT, ['stage']),
    );
    return new Set(
      now
        .filter((record) => decodeRecord(COMPLAINT, ['stage'], record).stage !== readStages.get(record.id))
        .map((record) => record.id),
    );
  }

  postNotes(notes: readonly ComplaintNote[]): Promise<number> {
    return this.notes.post(
      notes.map((note) => ({
        key: note.key,
        model: note.on === 'complaint' ? COMPLAINT.model : PARTNER.model,
        resId: note.resId,
        body: note.body,
      })),
    );
  }

  async write(rows: ReadonlyArray<{ id: number; values: ComplaintValues }>): Promise<void> {
    const updates = rows.map((row) => {
      const values: ValuesOf<typeof COMPLAINT> = {};
      for (const [key, value] of Object.entries(row.values)) {
        if (value === undefined) continue;
        (values as Record<string, unknown>)[key === 'branchId' ? 'branch' : key] = (
          DATETIME_KEYS as readonly string[]
        ).includes(key)
          ? odooDatetime(value as number | null)
          : value;
      }
      return { id: row.id, values: encodeValues(COMPLAINT, values) };
    });
    throwFirstRefusal(await this.client.write(COMPLAINT.model, updates));
  }

  async receivedSince(since: number): Promise<ComplaintForMonth[]> {
    const from = odooDatetimeOfInstant(since);
    const keys = [
      'branch',
      'receivedAt',
      'createDate',
      'solved',
      'solvedInTime',
      'escalatedAcknowledge',
      'escalatedSolution',
      'stage',
    ] as const;
    const rows: ComplaintForMonth[] = [];
    for await (const page of this.client.searchPages(
      COMPLAINT.model,
      [
        '|',
        [COMPLAINT.f.receivedAt, '>=', from],
        '&',
        [COMPLAINT.f.receivedAt, '=', false],
        [LOG_ACCESS.createDate.name, '>=', from],
      ],
      fieldNames(COMPLAINT_READ, keys),
    )) {
      for (const record of page) {
        const c = decodeRecord(COMPLAINT_READ, keys, record);
        rows.push({
          branchId: c.branch,
          receivedAt: instant(c.receivedAt) ?? instant(c.createDate) ?? since,
          solved: c.solved === 1,
          solvedInTime: c.solvedInTime === 1,
          escalated: c.escalatedAcknowledge === true || c.escalatedSolution === true,
          closed: c.stage === 'done',
        });
      }
    }
    return rows;
  }

  async writeMonthStats(produced: readonly MonthStats[], fromMonth: string): Promise<number> {
    const keys = [
      'key',
      'month',
      'branch',
      'received',
      'solved',
      'solvedInTime',
      'escalated',
      'closed',
      'open',
      'inTimeShare',
    ] as const;
    const existing = new Map(
      (
        await this.client.searchRead(
          COMPLAINT_MONTH.model,
          [
            '|',
            [COMPLAINT_MONTH.f.key, 'in', produced.map((line) => line.key)],
            [COMPLAINT_MONTH.f.month, '>=', fromMonth],
          ],
          fieldNames(COMPLAINT_MONTH, keys),
        )
      ).map((record) => {
        const line = decodeRecord(COMPLAINT_MONTH, keys, record);
        return [String(line.key), line] as const;
      }),
    );
    const valuesOf = (line: MonthStats) => ({
      key: line.key,
      month: line.month,
      branch: line.branchId,
      received: line.received,
      solved: line.solved,
      solvedInTime: line.solvedInTime,
      escalated: line.escalated,
      closed: line.closed,
      open: line.open,
      inTimeShare: line.inTimeShare,
    });
    const wanted = new Set(produced.map((line) => line.key));
    const zeroed = [...existing.values()]
      .filter((line) => line.key !== null && !wanted.has(line.key))
      .map((line) => emptyMonthStats(String(line.key), String(line.month), line.branch));
    const lines = [...produced, ...zeroed];
    const creates = lines.filter((line) => !existing.has(line.key));
    const updates = lines.flatMap((line) => {
      const current = existing.get(line.key);
      if (!current) return [];
      const wanted = valuesOf(line);
      const same = (Object.keys(wanted) as Array<keyof typeof wanted>).every(
        (key) => current[key] === wanted[key],
      );
      return same ? [] : [{ id: current.id, values: encodeValues(COMPLAINT_MONTH, wanted) }];
    });
    const created = await this.client.create(
      COMPLAINT_MONTH.model,
      creates.map((line) => encodeValues(COMPLAINT_MONTH, valuesOf(line))),
    );
    const written = await this.client.write(COMPLAINT_MONTH.model, updates);
    throwFirstRefusal([...created, ...written]);
    return creates.length + updates.length;
  }
}
