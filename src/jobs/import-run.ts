import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportConfig } from '../../config/schema.js';
import type { OdooClient } from '../connectors/odoo/client.js';
import { isOdooError } from '../connectors/odoo/errors.js';
import {
  type BatchResult,
  type ImportBatches,
  ImportBatchStore,
} from '../connectors/odoo/import-batch-store.js';
import { PraWoStore } from '../connectors/odoo/pra-wo-store.js';
import { OwnerStore, UnitStore } from '../connectors/odoo/unit-store.js';
import { openReport, type ReportSource } from '../connectors/reports/open-report.js';
import { isReportFileError } from '../connectors/reports/report-errors.js';
import type { Logger } from '../logging/logger.js';
import { batchMessage } from '../rules/import/batch-message.js';
import { renderIssueReport } from '../rules/import/issues.js';
import { isDefaultBranchError } from './default-branch.js';
import type { ImportStores } from './import-cdb.js';
import { type ImportProgress, type ImportSummary, PhaseClock, type ReportKind } from './import-pipeline.js';
import { checkBranchCode, importPraWo, type PraWoStores } from './import-pra-wo.js';
import { importReport } from './import-report.js';

export interface ImportFileRequest {
  path: string;
  kind: ReportKind;
  today: string;
  dryRun: boolean;
  /** Record the run as an import batch in Odoo (counts and quarantine report); not in a dry run. */
  recordBatch: boolean;
  fileName?: string;
  /** WOR (Pra WO) only: the dealer code of the rows that name none (`--branch`). */
  branchCode?: string;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Runs once the rows are written (not in a dry run), when some WOR was
   * created or changed: for `wor`, the CLI passes the WOR reconciliation of
   * those WORs here, so that they are matched at once. (By watermark alone it
   * would skip a reconciled WOR the bridge user itself corrected.)
   */
  afterWrite?: (worIds: readonly number[]) => Promise<unknown>;
}

/** What `afterWrite` did: its result, or why it failed (the import itself stands). */
export type AfterWriteOutcome = { ok: true; result: unknown } | { ok: false; error: string };

export interface ImportRun {
  summary: ImportSummary;
  batchId?: number;
  rpcCalls: number;
  /** Seconds spent in each phase of the import (CDB: check, stamps, compare, read, adopt, write, apply). */
  phases?: Record<string, number>;
  afterWrite?: AfterWriteOutcome;
}

/** The quarantine report of a run, or nothing when every row went in cleanly. */
export function quarantineReport(summary: ImportSummary): { fileName: string; text: string } | undefined {
  if (summary.issues.length === 0) return undefined;
  return {
    fileName: `karantina-${summary.fileName.replace(/\.[^.]+$/, '')}.csv`,
    text: renderIssueReport(summary.fileName, summary.issues, summary.issuesNotListed),
  };
}

function batchResult(summary: ImportSummary): BatchResult {
  const report = quarantineReport(summary);
  return {
    state: 'done',
    rows: {
      total: summary.counts.rows,
      applied: summary.counts.applied,
      unchanged: summary.counts.unchanged,
      quarantined: summary.counts.quarantined,
    },
    ...(report ? { report } : {}),
    message: batchMessage({
      kind: summary.kind,
      ...summary.counts,
      unknownDealerCodes: summary.unknownDealerCodes,
    }),
  };
}

/** A failure that ends a batch, said so that the PIC knows what to do. */
export function failureMessage(error: unknown): string {
  if (isReportFileError(error)) return error.messageId;
  if (isDefaultBranchError(error))
    return `Gagal: cabang bawaan (pengaturan import.defaultBranch) berkode "${error.dealerCode}", tetapi tidak ada Cabang dengan Kode Dealer itu. Isi Kode Dealer cabang tersebut di CRM H23 → Konfigurasi → Cabang (atau minta IT membetulkan pengaturannya), lalu unggah ulang berkas ini.`;
  if (isOdooError(error))
    return `Gagal: Odoo menolak (${error.message}). Impor dapat diulang; data yang sudah masuk tidak digandakan.`;
  return `Gagal karena kesalahan tak terduga (${error instanceof Error ? error.message : String(error)}). Impor dapat diulang.`;
}

/**
 * What an import run reads and writes: the batches, the units and owners of the
 * portal's reports, the paper WORs. Over Odoo from {@link importRunStores};
 * memory stores in tests.
 */
export interface ImportRunStores {
  batches: ImportBatches;
  report: ImportStores;
  praWo: PraWoStores;
}

/** The run's stores over Odoo. */
export function importRunStores(client: OdooClient): ImportRunStores {
  const units = new UnitStore(client);
  return {
    batches: new ImportBatchStore(client),
    report: { units, owners: new OwnerStore(client) },
    praWo: { wors: new PraWoStore(client), branchesByDealerCode: () => units.branchesByDealerCode() },
  };
}

/** The report at `path` with the configured sheet (XLSX). */
function openConfigured(config: ImportConfig, path: string, fileName?: string): Promise<ReportSource> {
  return openReport(path, fileName, config.sheet ? { sheet: config.sheet } : {});
}

/** One import of an opened report with the configured columns and chunk size. */
function runImport(
  stores: ImportRunStores,
  config: ImportConfig,
  source: ReportSource,
  options: {
    kind: ReportKind;
    today: string;
    dryRun: boolean;
    branchCode?: string;
    onProgress?: (progress: ImportProgress) => void;
    /** WOR only: the ids of the WORs created or changed, chunk by chunk. */
    onWritten?: (worIds: readonly number[]) => void;
    phases?: PhaseClock;
  },
): Promise<ImportSummary> {
  const { kind, branchCode, onWritten, ...rest } = options;
  if (kind === 'wor') {
    return importPraWo(stores.praWo, {
      source,
      ...rest,
      ...(branchCode ? { branchCode } : {}),
      ...(onWritten ? { onWritten } : {}),
      chunkSize: config.chunkSize,
      columns: config.worColumns,
    });
  }
  return importReport(stores.report, {
    source,
    kind,
    ...rest,
    chunkSize: config.chunkSize,
    cdbColumns: config.cdbColumns,
    a2Columns: config.a2Columns,
    ...(config.defaultBranch ? { defaultBranch: config.defaultBranch } : {}),
  });
}

/** Runs `afterWrite`; a failure is logged and reported, never undoes the import. */
async function runAfterWrite(
  afterWrite: (worIds: readonly number[]) => Promise<unknown>,
  worIds: readonly number[],
  logger: Logger,
  context: Record<string, unknown>,
): Promise<AfterWriteOutcome> {
  try {
    return { ok: true, result: await afterWrite(worIds) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.warn({ ...context, err: message }, 'after-import step failed');
    return { ok: false, error: message };
  }
}

/** Imports a file from disk; unless a dry run, records it as an import batch in Odoo. */
export async function importFile(
  client: OdooClient,
  logger: Logger,
  config: ImportConfig,
  request: ImportFileRequest,
): Promise<ImportRun> {
  const callsBefore = client.calls;
  const run = await importFileWith(importRunStores(client), logger, config, request);
  run.rpcCalls = client.calls - callsBefore;
  return run;
}

/** {@link importFile} over given stores (`rpcCalls` left at 0: only a client counts them). */
export async function importFileWith(
  stores: ImportRunStores,
  logger: Logger,
  config: ImportConfig,
  request: ImportFileRequest,
  now: () => Date = () => new Date(),
): Promise<ImportRun> {
  const source = await openConfigured(config, request.path, request.fileName);
  const { batches } = stores;
  // A mistyped --branch is refused before a batch is opened or a row read.
  if (request.kind === 'wor' && request.branchCode)
    checkBranchCode(request.branchCode.trim().toUpperCase(), await stores.praWo.branchesByDealerCode());
  let run: ImportRun;
  const writtenIds: number[] = [];
  const phases = new PhaseClock();
  const batchId =
    request.recordBatch && !request.dryRun
      ? await batches.open(
          `${request.kind.toUpperCase()} ${source.fileName}`,
          request.kind,
          source.fileName,
          now(),
        )
      : undefined;
  try {
    const summary = await runImport(stores, config, source, {
      kind: request.kind,
      today: request.today,
      dryRun: request.dryRun,
      ...(request.branchCode ? { branchCode: request.branchCode } : {}),
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
      onWritten: (ids) => writtenIds.push(...ids),
      phases,
    });
    if (batchId !== undefined) await batches.finish(batchId, batchResult(summary), now());
    logger.info(
      { kind: request.kind, file: source.fileName, counts: summary.counts, batchId },
      'import finished',
    );
    logger.debug({ kind: request.kind, seconds: phases.seconds() }, 'import phases');
    run = {
      summary,
      ...(batchId === undefined ? {} : { batchId }),
      rpcCalls: 0,
      phases: phases.seconds(),
    };
  } catch (error) {
    if (batchId !== undefined) {
      await batches
        .finish(batchId, { state: 'failed', message: failureMessage(error) }, now())
        .catch(() => undefined);
    }
    throw error;
  }
  // WOR reconciliation (src/jobs/reconcile-wors.ts) when the CLI passes it: after the batch is
  // recorded, so that a failure there leaves the import on record as done.
  if (request.afterWrite && !request.dryRun && writtenIds.length > 0) {
    run.afterWrite = await runAfterWrite(request.afterWrite, writtenIds, logger, {
      kind: request.kind,
      file: source.fileName,
    });
  }
  return run;
}

export interface BatchOutcome {
  id: number;
  name: string;
  state: 'done' | 'failed';
  summary?: ImportSummary;
  error?: string;
}

/**
 * Processes the batches the PIC uploaded in Odoo, oldest first: downloads the
 * file, imports it, and writes counts, quarantine report and state back. A
 * file that cannot be read fails its batch with the reason; the next batch
 * still runs. Once WOR (Pra WO) batches created or changed WORs, `afterWor`
 * runs once at the end with their ids (the WOR reconciliation).
 */
export async function runPendingBatches(
  client: OdooClient,
  logger: Logger,
  config: ImportConfig,
  today: string,
  options: { afterWor?: (worIds: readonly number[]) => Promise<unknown> } = {},
): Promise<BatchOutcome[]> {
  return processPendingBatches(importRunStores(client), logger, config, today, options);
}

/** {@link runPendingBatches} over given stores; `now` is the clock of the batches' times. */
export async function processPendingBatches(
  stores: ImportRunStores,
  logger: Logger,
  config: ImportConfig,
  today: string,
  options: {
    afterWor?: (worIds: readonly number[]) => Promise<unknown>;
    now?: () => Date;
  } = {},
): Promise<BatchOutcome[]> {
  const { batches } = stores;
  const now = options.now ?? (() => new Date());
  const outcomes: BatchOutcome[] = [];
  const worIds: number[] = [];
  for (const batch of await batches.pending(now())) {
    await batches.start(batch.id, now());
    const folder = await mkdtemp(join(tmpdir(), 'h23-import-'));
    try {
      if (batch.kind !== 'cdb' && batch.kind !== 'a2' && batch.kind !== 'wor') {
        const message = 'Jenis laporan ini belum dapat diimpor oleh h23-bridge.';
        await batches.finish(batch.id, { state: 'failed', message }, now());
        outcomes.push({ id: batch.id, name: batch.name, state: 'failed', error: message });
        continue;
      }
      const path = join(folder, 'upload');
      await writeFile(path, await batches.download(batch.id));
      const source = await openConfigured(config, path, batch.fileName);
      const summary = await runImport(stores, config, source, {
        kind: batch.kind,
        today,
        dryRun: false,
        onWritten: (ids) => worIds.push(...ids),
      });
      await batches.finish(batch.id, batchResult(summary), now());
      logger.info({ batchId: batch.id, counts: summary.counts }, 'import batch done');
      outcomes.push({ id: batch.id, name: batch.name, state: 'done', summary });
    } catch (error) {
      const message = failureMessage(error);
      logger.warn(
        { batchId: batch.id, err: error instanceof Error ? error.message : String(error) },
        'import batch failed',
      );
      await batches.finish(batch.id, { state: 'failed', message }, now());
      outcomes.push({ id: batch.id, name: batch.name, state: 'failed', error: message });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
  if (worIds.length > 0 && options.afterWor)
    await runAfterWrite(options.afterWor, worIds, logger, { kind: 'wor', batches: outcomes.length });
  return outcomes;
}
