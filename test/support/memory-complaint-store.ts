import type { BranchCalendarData } from '../../src/connectors/odoo/calendar-store.js';
import type {
  ComplaintActivity,
  ComplaintBranch,
  ComplaintNote,
  ComplaintStore,
  ComplaintValues,
  FollowUpForIntake,
  NewComplaint,
  NewComplaintActivity,
  StoredComplaint,
} from '../../src/connectors/odoo/complaint-store.js';
import type { OdooError } from '../../src/connectors/odoo/errors.js';
import {
  type ComplaintForMonth,
  emptyMonthStats,
  type MonthStats,
} from '../../src/rules/complaints/month-stats.js';
import type { ClosedSpan } from '../../src/rules/working-time.js';

/**
 * Complaints, their activities and notes in memory, for the complaints job. Writes fail once the
 * kill switch's budget is spent, as a killed process would; reads hand out copies.
 */
export class MemoryComplaintStore implements ComplaintStore {
  readonly branchRows: ComplaintBranch[] = [];
  readonly closed: ClosedSpan[] = [];
  managerIds: number[] = [];
  readonly followUps: Array<FollowUpForIntake & { hasComplaint?: boolean }> = [];
  readonly rows = new Map<number, StoredComplaint & { followUpId?: number; description?: string }>();
  readonly activityRows: Array<NewComplaintActivity> = [];
  readonly notes = new Map<string, ComplaintNote>();
  readonly months = new Map<string, MonthStats>();
  private nextId = 100;

  constructor(readonly killSwitch: { writesLeft: number } = { writesLeft: Number.POSITIVE_INFINITY }) {}

  private spend(): void {
    if (this.killSwitch.writesLeft <= 0) throw new Error('connection lost (simulated kill)');
    this.killSwitch.writesLeft -= 1;
  }

  seed(values: Partial<StoredComplaint> & Pick<StoredComplaint, 'receivedAt'>): StoredComplaint {
    this.nextId += 1;
    const row: StoredComplaint = {
      id: this.nextId,
      reference: `KEL-${String(this.nextId).padStart(5, '0')}`,
      subject: 'Rem bunyi',
      stage: 'received',
      severity: 'medium',
      partnerId: 501,
      branchId: 1,
      unitBranchId: null,
      userId: null,
      acknowledgedAt: null,
      solvedAt: null,
      closedAt: null,
      acknowledgeDeadline: null,
      solutionDeadline: null,
      deadline: null,
      overdue: false,
      escalatedAcknowledge: false,
      escalatedSolution: false,
      solved: 0,
      solvedInTime: 0,
      reopenCount: 0,
      reopenedAt: null,
      confirmation: null,
      historyStage: null,
      ...values,
    };
    this.rows.set(row.id, row);
    return row;
  }

  async branches(): Promise<ComplaintBranch[]> {
    return this.branchRows.map((branch) => ({
      ...branch,
      customerServiceIds: [...branch.customerServiceIds],
    }));
  }

  async calendar(): Promise<BranchCalendarData> {
    return { timeZone: null, attendance: [], closed: [...this.closed] };
  }

  async managers(): Promise<number[]> {
    return [...this.managerIds];
  }

  async followUpsToOpen(since: number): Promise<FollowUpForIntake[]> {
    const opened = new Set([...this.rows.values()].map((row) => row.followUpId));
    return this.followUps
      .filter((followUp) => !opened.has(followUp.id) && followUp.at >= since)
      .map((followUp) => ({ ...followUp }));
  }

  async openLoad(): Promise<Map<number, number>> {
    const load = new Map<number, number>();
    for (const row of this.rows.values())
      if (row.stage !== 'done' && row.userId !== null) load.set(row.userId, (load.get(row.userId) ?? 0) + 1);
    return load;
  }

  async createComplaints(
    rows: readonly NewComplaint[],
  ): Promise<Array<{ followUpId: number; error: OdooError }>> {
    this.spend();
    for (const row of rows) {
      const created = this.seed({
        receivedAt: row.receivedAt,
        subject: row.subject,
        partnerId: row.partnerId,
        branchId: row.branchId,
        userId: row.userId,
      });
      this.rows.set(created.id, { ...created, followUpId: row.followUpId, description: row.description });
    }
    return [];
  }

  async complaints(): Promise<StoredComplaint[]> {
    return [...this.rows.values()]
      .filter((row) => row.stage !== 'done' || row.solved === 0 || row.historyStage !== 'done')
      .map(({ followUpId: _f, description: _d, ...row }) => ({ ...row }));
  }

  async activities(complaintIds: readonly number[]): Promise<ComplaintActivity[]> {
    const wanted = new Set(complaintIds);
    return this.activityRows
      .filter((row) => wanted.has(row.resId))
      .map((row) => ({ resId: row.resId, kind: row.kind, userId: row.userId, summary: row.summary }));
  }

  async createActivities(rows: readonly NewComplaintActivity[]): Promise<void> {
    if (rows.length === 0) return;
    this.spend();
    this.activityRows.push(...rows.map((row) => ({ ...row })));
  }

  async postNotes(notes: readonly ComplaintNote[]): Promise<number> {
    const todo = notes.filter((note) => !this.notes.has(note.key));
    if (todo.length === 0) return 0;
    this.spend();
    for (const note of todo) this.notes.set(note.key, { ...note });
    return todo.length;
  }

  async write(rows: ReadonlyArray<{ id: number; values: ComplaintValues }>): Promise<void> {
    for (const row of rows) {
      this.spend();
      const current = this.rows.get(row.id);
      if (current) this.rows.set(row.id, { ...current, ...row.values });
    }
  }

  async receivedSince(since: number): Promise<ComplaintForMonth[]> {
    return [...this.rows.values()]
      .filter((row) => row.receivedAt >= since)
      .map((row) => ({
        branchId: row.branchId,
        receivedAt: row.receivedAt,
        solved: row.solved === 1,
        solvedInTime: row.solvedInTime === 1,
        escalated: row.escalatedAcknowledge || row.escalatedSolution,
        closed: row.stage === 'done',
      }));
  }

  async writeMonthStats(produced: readonly MonthStats[], fromMonth: string): Promise<number> {
    const wanted = new Set(produced.map((line) => line.key));
    const zeroed = [...this.months.values()]
      .filter((line) => line.month >= fromMonth && !wanted.has(line.key))
      .map((line) => emptyMonthStats(line.key, line.month, line.branchId));
    const lines = [...produced, ...zeroed];
    const changed = lines.filter(
      (line) => JSON.stringify(this.months.get(line.key)) !== JSON.stringify(line),
    );
    for (const line of changed) {
      this.spend();
      this.months.set(line.key, { ...line });
    }
    return changed.length;
  }

  /** Stages changed behind the job's back (another user), by complaint id. */
  readonly movedBehind = new Map<number, StoredComplaint['stage']>();
  readonly closedActivities: number[] = [];

  async closeActivities(complaintIds: readonly number[]): Promise<void> {
    const ids = new Set(complaintIds);
    const open = this.activityRows.filter(
      (row) => ids.has(row.resId) && !this.closedActivities.includes(this.activityRows.indexOf(row)),
    );
    if (open.length === 0) return;
    this.spend();
    for (const row of open) this.closedActivities.push(this.activityRows.indexOf(row));
  }

  async movedSince(readStages: ReadonlyMap<number, StoredComplaint['stage']>): Promise<Set<number>> {
    for (const [id, stage] of this.movedBehind) {
      const row = this.rows.get(id);
      if (row) this.rows.set(id, { ...row, stage });
    }
    this.movedBehind.clear();
    return new Set(
      [...readStages].filter(([id, stage]) => this.rows.get(id)?.stage !== stage).map(([id]) => id),
    );
  }
}
