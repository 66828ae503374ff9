import type { SummaryBranch, SummaryMail } from '../../src/connectors/odoo/summary-store.js';
import type { DailySummaryStore } from '../../src/jobs/daily-summaries.js';
import { type DailySummary, type FollowUpFacts, summaryKey } from '../../src/rules/followup/summary.js';
import type { CurrentRecord, PlainValue } from '../../src/rules/record-plan.js';

export interface MemorySummaryLine {
  id: number;
  date: string;
  branchId: number | null;
  adminId: number | null;
  values: Record<string, PlainValue>;
  sentAt: string | null;
}

export interface MemoryMail extends SummaryMail {
  summaryId: number;
}

/**
 * The summary side of Odoo in memory: the follow-ups' facts, the summary
 * lines, branches, users and the mail queue. Write calls are counted as
 * `SummaryStore` makes them (one create, one load, then per mail a create and
 * the sent mark) and fail once the kill switch's budget is spent, as a killed
 * process would. Lines of a branch in `refuseBranch` are refused at create,
 * the others made (as `client.create` isolates a refused row).
 */
export class MemorySummaryStore implements DailySummaryStore {
  readonly factRows: FollowUpFacts[] = [];
  readonly lines = new Map<number, MemorySummaryLine>();
  readonly branchRows: SummaryBranch[] = [];
  readonly userRows = new Map<number, { name: string; email: string | null }>();
  readonly mails: MemoryMail[] = [];
  readonly refuseBranch = new Set<number>();
  writeCalls = 0;
  private nextId = 500;

  constructor(readonly killSwitch: { writesLeft: number } = { writesLeft: Number.POSITIVE_INFINITY }) {}

  private guard(): void {
    if (this.killSwitch.writesLeft <= 0) throw new Error('connection lost (simulated kill)');
    this.killSwitch.writesLeft -= 1;
    this.writeCalls += 1;
  }

  /** A line already in place, as a run earlier in the day left it (no write counted). */
  seedLine(line: Omit<MemorySummaryLine, 'id'>): MemorySummaryLine {
    const stored = { ...line, id: this.nextId++ };
    this.lines.set(stored.id, stored);
    return stored;
  }

  async facts(date: string): Promise<FollowUpFacts[]> {
    return this.factRows
      .filter(
        (f) => f.dueDate === date || f.contactedOn === date || f.doneDate === date || f.bookingDate === date,
      )
      .map((f) => ({ ...f }));
  }

  async existing(date: string): Promise<Map<string, CurrentRecord & { sentAt: string | null }>> {
    return new Map(
      [...this.lines.values()]
        .filter((line) => line.date === date)
        .map((line) => [summaryKey(line), { id: line.id, values: { ...line.values }, sentAt: line.sentAt }]),
    );
  }

  async create(lines: readonly DailySummary[]): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    if (lines.length === 0) return ids;
    this.guard();
    for (const line of lines) {
      if (line.branchId !== null && this.refuseBranch.has(line.branchId)) continue;
      const { date, branchId, adminId, ...values } = line;
      ids.set(summaryKey(line), this.seedLine({ date, branchId, adminId, values, sentAt: null }).id);
    }
    return ids;
  }

  async update(
    rows: ReadonlyArray<{ id: number; values: Readonly<Record<string, PlainValue>> }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    this.guard();
    for (const row of rows) {
      const line = this.lines.get(row.id);
      if (line) Object.assign(line.values, row.values);
    }
  }

  async branches(): Promise<SummaryBranch[]> {
    return this.branchRows.map((branch) => ({ ...branch }));
  }

  async users(ids: readonly number[]): Promise<Map<number, { name: string; email: string | null }>> {
    return new Map(
      ids.flatMap((id) => {
        const user = this.userRows.get(id);
        return user ? [[id, { ...user }] as const] : [];
      }),
    );
  }

  /** As the Odoo store: a mail already queued for the summary is not queued again; then the sent mark. */
  async send(summaryId: number, mail: SummaryMail, now: Date): Promise<void> {
    if (!this.mails.some((queued) => queued.summaryId === summaryId)) {
      this.guard();
      this.mails.push({ ...mail, summaryId });
    }
    this.guard();
    const line = this.lines.get(summaryId);
    if (line) line.sentAt = now.toISOString();
  }

  /** What the database holds, keyed by date, branch and admin rather than by id. */
  snapshot(): { lines: string[]; mails: string[] } {
    const keyOf = (id: number) => {
      const line = this.lines.get(id);
      return line ? `${line.date} ${summaryKey(line)}` : `missing ${id}`;
    };
    return {
      lines: [...this.lines.values()]
        .map((line) => `${keyOf(line.id)} ${JSON.stringify(line.values)} sent ${line.sentAt ?? '-'}`)
        .sort(),
      mails: this.mails
        .map((mail) => `${keyOf(mail.summaryId)} to ${mail.to} cc ${mail.cc ?? '-'} ${mail.subject}`)
        .sort(),
    };
  }
}
