import type { OdooClient } from '../connectors/odoo/client.js';
import { type QualityRecords, QualityStore } from '../connectors/odoo/quality-store.js';
import type { Logger } from '../logging/logger.js';
import {
  QUALITY_COUNT_NAMES,
  type QualityRow,
  type QualitySnapshot,
  summarizeQuality,
} from '../rules/quality/quality.js';
import { type PlainValue, planRecords } from '../rules/record-plan.js';

export interface DataQualityRequest {
  /** The dealer date of the record (and of the WORs counted). */
  date: string;
}

export type RowWrite = 'created' | 'updated' | 'unchanged' | 'refused';

export interface DataQualityReport extends QualitySnapshot {
  /** Each branch's row, its record in Odoo (null when it could not be created) and what this run wrote. */
  rows: Array<QualityRow & { recordId: number | null; written: RowWrite }>;
  created: number;
  updated: number;
  unchanged: number;
  /** Records Odoo refused to create or update, by branch. */
  refused: Array<{ branch: string; error: string }>;
  /** How the counts were read: one grouped read per count, or `search_count` per branch (older or restricted servers). */
  countedWith: 'grouped' | 'search_count';
  /** The date the reports open on (the newest recorded), and the records this run flagged or unflagged as latest. */
  latest: { date: string | null; flagged: number; unflagged: number };
}

const keyOf = (branchId: number | null) => (branchId === null ? '-' : String(branchId));

function valuesOf(row: QualityRow): Record<string, PlainValue> {
  const values: Record<string, PlainValue> = { validRate: row.validRate };
  for (const name of QUALITY_COUNT_NAMES) values[name] = row[name];
  return values;
}

/**
 * Data quality (SPEC DB-3): counts the customer records per branch (units with
 * an owner; with a valid mobile, a full address, a purchase date, all three)
 * and the date's WORs by outcome, and keeps one `DATA_QUALITY` per branch
 * and date, keyed by the two: a record is written only when a count changed,
 * so a re-run writes nothing. The customer counts are the database as it
 * stands when the job runs; the WOR counts are those of the date. The newest
 * date's records are flagged latest: the reports open on them.
 */
export async function runDataQuality(
  client: OdooClient,
  logger: Logger,
  request: DataQualityRequest,
): Promise<DataQualityReport> {
  return measureDataQuality(new QualityStore(client, logger), logger, request);
}

/** {@link runDataQuality} over a given store. */
export async function measureDataQuality(
  store: QualityRecords,
  logger: Logger,
  request: DataQualityRequest,
): Promise<DataQualityReport> {
  const branches = await store.branches();
  const [counted, existing] = await Promise.all([
    store.counts(
      request.date,
      branches.map((branch) => branch.id),
    ),
    store.existing(request.date),
  ]);
  const snapshot = summarizeQuality({
    date: request.date,
    branches,
    counts: counted.counts,
    recorded: new Set(existing.keys()),
  });
  const actions = planRecords(
    snapshot.rows.map((row) => ({ key: keyOf(row.branchId), values: valuesOf(row) })),
    new Map([...existing].map(([branchId, record]) => [keyOf(branchId), record])),
  );
  // Per row: its record and what this run did to it.
  const outcomes = actions.map((action) => ({
    recordId: action.action === 'create' ? null : action.id,
    written: (action.action === 'update' ? 'updated' : 'unchanged') as RowWrite,
  }));
  const refused: DataQualityReport['refused'] = [];
  const refuse = (position: number, error: string) => {
    const row = snapshot.rows[position];
    const outcome = outcomes[position];
    if (!row || !outcome) return;
    outcome.written = 'refused';
    refused.push({ branch: row.branchName, error });
  };

  const creates = actions.flatMap((action, position) => (action.action === 'create' ? [position] : []));
  const created = await store.create(
    request.date,
    creates.map((position) => snapshot.rows[position] as QualityRow),
  );
  for (const outcome of created) {
    const position = creates[outcome.index] as number;
    const row = outcomes[position];
    if (outcome.error || outcome.id === undefined) refuse(position, outcome.error ?? 'Odoo returned no id');
    else if (row) Object.assign(row, { recordId: outcome.id, written: 'created' });
  }
  const updates = actions.flatMap((action, position) =>
    action.action === 'update' ? [{ position, id: action.id }] : [],
  );
  const updated = await store.update(
    updates.map(({ position, id }) => ({ id, values: snapshot.rows[position] as QualityRow })),
  );
  for (const outcome of updated) {
    const position = updates[outcome.index]?.position;
    if (outcome.error && position !== undefined) refuse(position, outcome.error);
  }

  const latest = await store.markLatest();

  const count = (written: RowWrite) => outcomes.filter((outcome) => outcome.written === written).length;
  const report: DataQualityReport = {
    ...snapshot,
    rows: snapshot.rows.map((row, position) => ({
      ...row,
      ...(outcomes[position] ?? { recordId: null, written: 'refused' }),
    })),
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    refused,
    countedWith: counted.method,
    latest,
  };
  logger.info(
    {
      date: request.date,
      branches: snapshot.rows.length,
      customers: snapshot.total.customers,
      completeRecords: snapshot.total.completeRecords,
      validRate: snapshot.total.validRate,
      worTotal: snapshot.total.worTotal,
      created: report.created,
      updated: report.updated,
      unchanged: report.unchanged,
      refused: refused.length,
      countedWith: counted.method,
    },
    'data quality',
  );
  return report;
}
