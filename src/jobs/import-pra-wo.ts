import type { RawRow } from '../connectors/reports/raw-row.js';
import { KeyCensus } from '../rules/import/key-census.js';
import { type ColumnAliases, columnLabel } from '../rules/import/layout.js';
import {
  type PraWoRecord,
  parsePraWoRow,
  planPraWos,
  praWoConflictIssue,
  WOR_REQUIRED,
  type WorField,
} from '../rules/import/wor.js';
import {
  applyInChunks,
  censusPass,
  findLayout,
  type ImportSummary,
  type KeyedRecords,
  type PipelineRequest,
  RowTally,
  recordsToApply,
  refusedIssue,
  summaryOf,
  writeActions,
} from './import-pipeline.js';

/** Paper WORs in Odoo keyed by their source reference (`PraWoStore`), and the branches by dealer code. */
export interface PraWoStores {
  wors: KeyedRecords;
  branchesByDealerCode(): Promise<Map<string, number>>;
}

export interface PraWoImportRequest extends PipelineRequest {
  columns: ColumnAliases<WorField>;
  /** Dealer code for the rows that name none (`--branch`); must be a branch's. */
  branchCode?: string;
  /** Ids of the WORs each chunk created or changed (not in a dry run): what the reconciliation must look at. */
  onWritten?: (worIds: readonly number[]) => void;
}

/** `--branch` names a dealer code no branch in Odoo carries: nothing is imported. */
export class UnknownBranchError extends Error {
  override readonly name = 'UnknownBranchError';

  constructor(
    readonly dealerCode: string,
    readonly known: readonly string[],
  ) {
    super(
      `no branch in Odoo has dealer code "${dealerCode}"${known.length > 0 ? ` (known: ${known.join(', ')})` : ' (no branch has a dealer code yet)'}`,
    );
  }
}

export function isUnknownBranchError(error: unknown): error is UnknownBranchError {
  return error instanceof UnknownBranchError;
}

/** Refuses a `--branch` dealer code that no branch carries, before anything is written. */
export function checkBranchCode(branchCode: string, branches: ReadonlyMap<string, number>): void {
  if (!branches.has(branchCode)) throw new UnknownBranchError(branchCode, [...branches.keys()].sort());
}

/**
 * Imports a Pra WO batch: read → check (whole file) → plan per chunk against
 * the WORs Odoo holds → write → report, like the portal reports. Each row is a
 * WOR with source `paper`, keyed by `WOR.f.sourceRef`, so a re-run writes nothing
 * twice and an edited row updates its WOR (only the fields that changed).
 * Nothing is written before the whole file has been read once.
 */
export async function importPraWo(stores: PraWoStores, request: PraWoImportRequest): Promise<ImportSummary> {
  const { source } = request;
  const layout = await findLayout(source, request.columns, WOR_REQUIRED, 'wor');
  const branches = await stores.branchesByDealerCode();
  const branchCode = request.branchCode?.trim().toUpperCase() || null;
  if (branchCode) checkBranchCode(branchCode, branches);
  const parse = (row: RawRow) => parsePraWoRow(row.row, row.cells, layout, request.today, branchCode);

  const census = new KeyCensus();
  const total = await censusPass(
    source,
    layout,
    parse,
    (record) => census.note(record.key, record.fingerprint, record.row),
    request.onProgress,
  );

  const tally = new RowTally();
  const unknownDealerCodes: Record<string, number> = {};
  const dealerCodeColumn = columnLabel(layout, 'dealerCode');
  let done = 0;
  const apply = async (records: readonly PraWoRecord[]) => {
    const current = await stores.wors.readByKeys(records.map((record) => record.key));
    const plan = planPraWos(records, current, branches, dealerCodeColumn);
    tally.add(plan.issues);
    for (const issue of plan.issues)
      if (issue.value) unknownDealerCodes[issue.value] = (unknownDealerCodes[issue.value] ?? 0) + 1;
    const result = await writeActions(stores.wors, plan.actions, request.dryRun);
    tally.counts.worsCreated += result.created;
    tally.counts.worsUpdated += result.updated;
    const writtenIds: number[] = [];
    records.forEach((record, index) => {
      const action = plan.actions[index];
      const written = result.written.get(record.key);
      if (written?.error) tally.add([refusedIssue(record.row, written, 'WOR')]);
      else if (action?.action === 'unchanged') tally.counts.unchanged += 1;
      else {
        tally.counts.applied += 1;
        const id = action?.action === 'update' ? action.id : written?.id;
        if (id !== undefined) writtenIds.push(id);
      }
    });
    if (writtenIds.length > 0) request.onWritten?.(writtenIds);
    done += records.length;
    request.onProgress?.({ phase: 'applying', rows: done, total });
  };

  const settle = (record: PraWoRecord) => {
    const decision = census.decide(record.key, record.row);
    if (decision.action !== 'conflict') return decision.action === 'duplicate' ? 'duplicate' : null;
    const column = columnLabel(layout, record.values.woNumber ? 'woNumber' : 'engineNumber');
    return praWoConflictIssue(record, decision.rows, column);
  };
  const skipped = () => {
    done += 1;
  };
  await applyInChunks(
    recordsToApply(source, layout, tally, parse, settle, skipped),
    request.chunkSize,
    apply,
  );
  return summaryOf(
    { source, kind: 'wor', dryRun: request.dryRun },
    layout.headerRow,
    tally,
    unknownDealerCodes,
  );
}
