import type { OdooClient } from '../connectors/odoo/client.js';
import { type SummaryBranch, type SummaryMail, SummaryStore } from '../connectors/odoo/summary-store.js';
import type { Logger } from '../logging/logger.js';
import {
  type DailySummary,
  type FollowUpFacts,
  summarizeDay,
  summaryKey,
} from '../rules/followup/summary.js';
import { summaryMail } from '../rules/followup/summary-mail.js';
import { localClock } from '../rules/local-time.js';
import { type CurrentRecord, type PlainValue, planRecords } from '../rules/record-plan.js';

/**
 * What the summary job reads and writes: `SummaryStore` over Odoo, or memory
 * in tests (test/support/memory-summary-store.ts).
 */
export interface DailySummaryStore {
  /** Follow-ups that count on the date: due, contacted, done, or booked for that day. */
  facts(date: string, timeZone: string): Promise<FollowUpFacts[]>;
  /** The date's summary lines by `summaryKey`, with when each was mailed. */
  existing(date: string): Promise<Map<string, CurrentRecord & { sentAt: string | null }>>;
  /** Ids of the lines made, by `summaryKey` (a refused line is absent). */
  create(lines: readonly DailySummary[]): Promise<Map<string, number>>;
  update(rows: ReadonlyArray<{ id: number; values: Readonly<Record<string, PlainValue>> }>): Promise<void>;
  branches(): Promise<SummaryBranch[]>;
  users(ids: readonly number[]): Promise<Map<number, { name: string; email: string | null }>>;
  /** Queues the summary's mail unless one is queued already, then marks the summary sent. */
  send(summaryId: number, mail: SummaryMail, now: Date): Promise<void>;
}

export interface SummaryRequest {
  /** The dealer date summarised. */
  date: string;
  /** Now, to decide whether a branch's end of day has come. */
  now: Date;
  timeZone: string;
  dryRun: boolean;
}

export interface SummaryReport {
  date: string;
  dryRun: boolean;
  lines: DailySummary[];
  created: number;
  updated: number;
  mailed: string[];
  /** Branches whose summary could not be mailed, and why. */
  notMailed: Array<{ branch: string; reason: string }>;
}

/**
 * The daily summary (SOP FU-5): one summary line per admin and per
 * branch for the date, kept up to date through the day (keyed by date, branch
 * and admin), and, once the branch's end of day has come, e-mailed through
 * Odoo to the branch head with the area coordinator in copy, once.
 */
export async function runDailySummaries(
  client: OdooClient,
  logger: Logger,
  request: SummaryRequest,
): Promise<SummaryReport> {
  return summarizeWith(new SummaryStore(client), logger, request);
}

/** `runDailySummaries` over any store. */
export async function summarizeWith(
  store: DailySummaryStore,
  logger: Logger,
  request: SummaryRequest,
): Promise<SummaryReport> {
  const lines = summarizeDay(await store.facts(request.date, request.timeZone), request.date);
  const existing = await store.existing(request.date);
  const actions = planRecords(
    lines.map((line) => {
      const { date: _date, branchId: _branch, adminId: _admin, ...counts } = line;
      return { key: summaryKey(line), values: counts };
    }),
    existing,
  );
  const report: SummaryReport = {
    date: request.date,
    dryRun: request.dryRun,
    lines,
    created: 0,
    updated: 0,
    mailed: [],
    notMailed: [],
  };
  const creates = lines.filter((_, index) => actions[index]?.action === 'create');
  const updates = actions.flatMap((action) => (action.action === 'update' ? [action] : []));
  report.created = creates.length;
  report.updated = updates.length;
  if (request.dryRun) return report;
  const ids = new Map<string, number>([...existing].map(([key, record]) => [key, record.id]));
  for (const [key, id] of await store.create(creates)) ids.set(key, id);
  await store.update(updates);

  const clock = localClock(request.now, request.timeZone);
  const branches = await store.branches();
  const users = await store.users([
    ...new Set(
      [
        ...branches.flatMap((branch) => [branch.headId, branch.coordinatorId]),
        ...lines.map((line) => line.adminId),
      ].filter((id): id is number => id !== null),
    ),
  ]);
  for (const branch of branches) {
    const branchLine = lines.find((line) => line.branchId === branch.id && line.adminId === null);
    const summaryId = ids.get(summaryKey({ branchId: branch.id, adminId: null }));
    if (!branchLine || summaryId === undefined || existing.get(summaryKey(branchLine))?.sentAt) continue;
    const endOfDay =
      request.date < clock.date || (request.date === clock.date && clock.hour >= branch.summaryHour);
    if (!endOfDay) continue;
    const head = branch.headId ? users.get(branch.headId) : undefined;
    if (!head?.email) {
      report.notMailed.push({ branch: branch.name, reason: 'no branch head with an e-mail address' });
      continue;
    }
    const coordinator = branch.coordinatorId ? users.get(branch.coordinatorId) : undefined;
    const admins = lines
      .filter((line) => line.branchId === branch.id && line.adminId !== null)
      .map((line) => ({ name: users.get(line.adminId as number)?.name ?? `Admin ${line.adminId}`, line }));
    const mail = summaryMail(branch.name, request.date, branchLine, admins);
    await store.send(summaryId, { to: head.email, cc: coordinator?.email ?? null, ...mail }, request.now);
    report.mailed.push(branch.name);
  }
  logger.info(
    {
      date: request.date,
      lines: lines.length,
      created: report.created,
      updated: report.updated,
      mailed: report.mailed.length,
    },
    'daily summaries',
  );
  return report;
}
