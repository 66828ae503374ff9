import type {
  ActivityToCreate,
  Branch,
  FollowUpClosing,
  NewFollowUp,
  SetupCounts,
  StoredFollowUp,
  UnitForFollowUp,
} from '../../src/connectors/odoo/followup-store.js';
import type { SetupStore } from '../../src/jobs/doctor-setup.js';
import type { ScheduleStore } from '../../src/jobs/schedule-followups.js';
import { type WorkCalendar, workCalendarOf } from '../../src/rules/followup/calendar.js';
import type { Stage } from '../../src/rules/followup/schedule.js';
import type { ParameterSource } from '../../src/rules/whatsapp/message-text.js';
import type { ClosedSpan } from '../../src/rules/working-time.js';

export interface MemoryFollowUp extends StoredFollowUp {
  partnerId: number | null;
  channel: string;
  doneDate?: string;
}

export interface MemoryActivity {
  id: number;
  followUpId: number;
  stage: Stage;
  userId: number;
  dueDate: string;
  summary: string;
  note?: string;
  /** Marked done (Odoo's `action_feedback`): kept, inactive, with the feedback. */
  active: boolean;
  feedback?: string;
}

/**
 * The follow-up side of Odoo in memory, for the scheduling job and doctor's
 * setup check: units, branches, follow-ups, their activities and partners.
 * Write calls are counted as the Odoo store makes them (one per group of
 * identical values) and, like `MemoryRecords`, fail once the kill switch's
 * budget is spent, as a killed process would. Reads hand out copies: the job
 * may change what it read without touching the "database".
 */
export class MemoryFollowUpStore implements ScheduleStore, SetupStore {
  readonly branchRows: Branch[] = [];
  readonly unitRows = new Map<number, UnitForFollowUp>();
  readonly followUps = new Map<number, MemoryFollowUp>();
  readonly activities = new Map<number, MemoryActivity>();
  readonly partnerRows = new Map<number, { name: string | null; phone: string | null; optedOut?: boolean }>();
  /** The dealer's FU1 WhatsApp template; null: the built-in text. */
  firstContact: { body: string; sources: ParameterSource[] } | null = null;
  /** Odoo 17/18 give an activity created without a user to its creator, the bridge user (19 leaves it unassigned). */
  readonly bridgeUserId = 2;
  pageSize = 1000;
  writeCalls = 0;
  private nextId = 1000;

  constructor(readonly killSwitch: { writesLeft: number } = { writesLeft: Number.POSITIVE_INFINITY }) {}

  private guard(): void {
    if (this.killSwitch.writesLeft <= 0) throw new Error('connection lost (simulated kill)');
    this.killSwitch.writesLeft -= 1;
    this.writeCalls += 1;
  }

  private newId(): number {
    this.nextId += 1;
    return this.nextId;
  }

  /** Puts records in place as a test's starting point (no write counted). */
  seedFollowUp(values: Omit<MemoryFollowUp, 'id'>): MemoryFollowUp {
    const followUp = { ...values, id: this.newId() };
    this.followUps.set(followUp.id, followUp);
    return followUp;
  }

  seedActivity(values: Omit<MemoryActivity, 'id'>): MemoryActivity {
    const activity = { ...values, id: this.newId() };
    this.activities.set(activity.id, activity);
    return activity;
  }

  async branches(): Promise<Branch[]> {
    return this.branchRows.map((branch) => ({ ...branch, crmAdminIds: [...branch.crmAdminIds] }));
  }

  /** The company's global leaves (holidays, cuti bersama), as `holidays load` writes them. */
  readonly closed: ClosedSpan[] = [];

  async calendar(
    _calendarId: number | null,
    _from: string,
    _to: string,
    options: { timeZone: string; worksCutiBersama: boolean },
  ): Promise<WorkCalendar> {
    return workCalendarOf({ attendance: [], closed: this.closed }, options);
  }

  async openLoad(): Promise<Map<number, number>> {
    const load = new Map<number, number>();
    for (const followUp of this.followUps.values()) {
      if ((followUp.state === 'todo' || followUp.state === 'contacted') && followUp.adminId)
        load.set(followUp.adminId, (load.get(followUp.adminId) ?? 0) + 1);
    }
    return load;
  }

  async *units(since: string): AsyncGenerator<UnitForFollowUp[]> {
    const all = [...this.unitRows.values()]
      .filter((unit) => unit.purchaseDate >= since)
      .sort((a, b) => a.unitId - b.unitId);
    for (let start = 0; start < all.length; start += this.pageSize)
      yield all
        .slice(start, start + this.pageSize)
        .map((unit) => ({ ...unit, kpbDone: { ...unit.kpbDone } }));
  }

  async followUpsOf(unitIds: readonly number[]): Promise<StoredFollowUp[]> {
    const wanted = new Set(unitIds);
    return [...this.followUps.values()]
      .filter((followUp) => wanted.has(followUp.unitId))
      .map(({ partnerId: _partner, channel: _channel, doneDate: _done, ...followUp }) => ({ ...followUp }));
  }

  async linkUnits(rows: ReadonlyArray<{ unitId: number; branchId: number }>): Promise<void> {
    for (const [branchId, ids] of groups(
      rows,
      (row) => row.branchId,
      (row) => row.unitId,
    )) {
      this.guard();
      for (const id of ids) {
        const unit = this.unitRows.get(id);
        if (unit) unit.branchId = branchId;
      }
    }
  }

  async openActivities(
    followUpIds: readonly number[],
  ): Promise<Array<{ id: number; followUpId: number; userId: number | null }>> {
    const wanted = new Set(followUpIds);
    return [...this.activities.values()]
      .filter((activity) => activity.active && wanted.has(activity.followUpId))
      .map((activity) => ({ id: activity.id, followUpId: activity.followUpId, userId: activity.userId }));
  }

  async reassignActivities(rows: ReadonlyArray<{ activityId: number; userId: number }>): Promise<number> {
    for (const [userId, ids] of groups(
      rows,
      (row) => row.userId,
      (row) => row.activityId,
    )) {
      this.guard();
      for (const id of ids) {
        const activity = this.activities.get(id);
        if (activity) activity.userId = userId;
      }
    }
    return rows.length;
  }

  async repairFollowUps(
    rows: ReadonlyArray<{ followUpId: number; branchId?: number; adminId?: number }>,
  ): Promise<void> {
    const byValues = groups(
      rows,
      (row) => `${row.branchId ?? ''}|${row.adminId ?? ''}`,
      (row) => row.followUpId,
    );
    for (const [key, ids] of byValues) {
      this.guard();
      const [branchId, adminId] = key.split('|');
      for (const id of ids) {
        const followUp = this.followUps.get(id);
        if (!followUp) continue;
        if (branchId) followUp.branchId = Number(branchId);
        if (adminId) followUp.adminId = Number(adminId);
      }
    }
  }

  async createFollowUps(
    rows: readonly NewFollowUp[],
  ): Promise<Array<{ index: number; id?: number; error?: string }>> {
    if (rows.length === 0) return [];
    this.guard();
    return rows.map((row, index) => {
      const followUp = this.seedFollowUp({
        unitId: row.unitId,
        partnerId: row.partnerId,
        branchId: row.branchId,
        kpb: row.kpb,
        stage: row.stage,
        channel: row.channel,
        dueDate: row.dueDate,
        state: 'todo',
        result: null,
        adminId: row.adminId,
      });
      return { index, id: followUp.id };
    });
  }

  async withActivity(followUpIds: readonly number[]): Promise<Set<number>> {
    const wanted = new Set(followUpIds);
    return new Set(
      [...this.activities.values()]
        .filter((activity) => wanted.has(activity.followUpId))
        .map((activity) => activity.followUpId),
    );
  }

  async partners(
    ids: readonly number[],
  ): Promise<Map<number, { name: string | null; phone: string | null; optedOut: boolean }>> {
    return new Map(
      ids.flatMap((id) => {
        const partner = this.partnerRows.get(id);
        return partner ? [[id, { ...partner, optedOut: partner.optedOut ?? false }] as const] : [];
      }),
    );
  }

  async firstContactText(): Promise<{ body: string; sources: ParameterSource[] } | null> {
    return this.firstContact;
  }

  async createActivities(rows: readonly ActivityToCreate[]): Promise<number> {
    if (rows.length === 0) return 0;
    this.guard();
    for (const row of rows)
      this.seedActivity({
        followUpId: row.followUpId,
        stage: row.stage,
        userId: row.userId ?? this.bridgeUserId,
        dueDate: row.dueDate,
        summary: row.summary,
        note: row.note,
        active: true,
      });
    return rows.length;
  }

  /** In the Odoo store's order: the activities marked done first, then the follow-ups' states. */
  async close(rows: readonly FollowUpClosing[]): Promise<void> {
    const feedbackOf = new Map(rows.map((row) => [row.followUpId, row.feedback]));
    const open = [...this.activities.values()].filter(
      (activity) => activity.active && feedbackOf.has(activity.followUpId),
    );
    const byFeedback = groups(
      open,
      (activity) => feedbackOf.get(activity.followUpId) ?? '',
      (activity) => activity.id,
    );
    for (const [feedback, ids] of byFeedback) {
      this.guard();
      for (const id of ids) {
        const activity = this.activities.get(id);
        if (activity) Object.assign(activity, { active: false, feedback });
      }
    }
    const byState = groups(
      rows,
      (row) => `${row.state}|${row.doneDate ?? ''}|${row.result ?? ''}`,
      (row) => row.followUpId,
    );
    for (const [key, ids] of byState) {
      this.guard();
      const [state, doneDate, result] = key.split('|');
      for (const id of ids) {
        const followUp = this.followUps.get(id);
        if (!followUp) continue;
        followUp.state = state as MemoryFollowUp['state'];
        if (doneDate) followUp.doneDate = doneDate;
        if (result) followUp.result = result as MemoryFollowUp['result'];
      }
    }
  }

  async setupCounts(since: string): Promise<SetupCounts> {
    const unitsWithoutBranch = new Map<string | null, number>();
    const unitsByBranch = new Map<number, number>();
    for (const unit of this.unitRows.values()) {
      if (unit.purchaseDate < since) continue;
      if (unit.branchId === null)
        unitsWithoutBranch.set(unit.dealerCode, (unitsWithoutBranch.get(unit.dealerCode) ?? 0) + 1);
      else unitsByBranch.set(unit.branchId, (unitsByBranch.get(unit.branchId) ?? 0) + 1);
    }
    const todo = [...this.followUps.values()].filter((followUp) => followUp.state === 'todo');
    return {
      unitsWithoutBranch,
      unitsByBranch,
      openWithoutBranch: todo.filter((followUp) => followUp.branchId === null).length,
      openWithoutAdmin: todo.filter((followUp) => followUp.adminId === null).length,
    };
  }
}

function groups<Row, Key>(
  rows: readonly Row[],
  keyOf: (row: Row) => Key,
  idOf: (row: Row) => number,
): Map<Key, number[]> {
  const found = new Map<Key, number[]>();
  for (const row of rows) found.set(keyOf(row), [...(found.get(keyOf(row)) ?? []), idOf(row)]);
  return found;
}
