import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportConfig } from '../../config/schema.js';
import type { OdooClient } from '../connectors/odoo/client.js';
import { isOdooError } from '../connectors/odoo/errors.js';
import { type BatchResult, ImportBatchStore } from '../connectors/odoo/import-batch-store.js';
import { OwnerStore, UnitStore } from '../connectors/odoo/unit-store.js';
import { openReport, type ReportSource } from '../connectors/reports/open-report.js';
import { isReportFileError } from '../connectors/reports/report-errors.js';
import type { Logger } from '../logging/logger.js';
import { batchMessage } from '../rules/import/batch-message.js';
import { renderIssueReport } from '../rules/import/issues.js';
import { type ImportProgress, type ImportSummary, importReport, type ReportKind } from './import-report.js';

export interface ImportFileRequest {
  path: string;
  kind: ReportKind;
  today: string;
  dryRun: boolean;
  /** Record the run as an import batch in Odoo (counts and quarantine report); not in a dry run. */
  recordBatch: boolean;
  fileName?: string;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportRun {
  summary: ImportSummary;
  batchId?: number;
  rpcCalls: number;
}

/** The quarantine report of a run, or nothing when every row went in cleanly. */
export function quarantineReport(summary: ImportSummary): { fileName: string; text: string } | undefined {
  if (summary.issues.length === 0) return undefined;
  return {
    fileName: `karantina-${summary.fileName.replace(/\.[^.]+$/, '')}.csv`,
    text: renderIssueReport(summary.fileName, summary.issues),
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
function failureMessage(error: unknown): string {
  if (isReportFileError(error)) return error.messageId;
  if (isOdooError(error))
    return `Gagal: Odoo menolak (${error.message}). Impor dapat diulang; data yang sudah masuk tidak digandakan.`;
  return `Gagal karena kesalahan tak terduga (${error instanceof Error ? error.message : String(error)}). Impor dapat diulang.`;
}

/** One import of an opened report with the configured columns and chunk size. */
function runImport(
  client: OdooClient,
  config: ImportConfig,
  source: ReportSource,
  options: {
    kind: ReportKind;
    today: string;
    dryRun: boolean;
    onProgress?: (progress: ImportProgress) => void;
  },
): Promise<ImportSummary> {
  return importReport(
    { units: new UnitStore(client), owners: new OwnerStore(client) },
    {
      source,
      ...options,
      chunkSize: config.chunkSize,
      cdbColumns: config.cdbColumns,
      a2Columns: config.a2Columns,
    },
  );
}

/** Imports a file from disk; unless a dry run, records it as an import batch in Odoo. */
export async function importFile(
  client: OdooClient,
  logger: Logger,
  config: ImportConfig,
  request: ImportFileRequest,
): Promise<ImportRun> {
  const source = await openReport(request.path, request.fileName);
  const batches = new ImportBatchStore(client);
  const callsBefore = client.calls;
  const batchId =
    request.recordBatch && !request.dryRun
      ? await batches.open(
          `${request.kind.toUpperCase()} ${source.fileName}`,
          request.kind,
          source.fileName,
          new Date(),
        )
      : undefined;
  try {
    const summary = await runImport(client, config, source, {
      kind: request.kind,
      today: request.today,
      dryRun: request.dryRun,
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    });
    if (batchId !== undefined) await batches.finish(batchId, batchResult(summary), new Date());
    logger.info(
      { kind: request.kind, file: source.fileName, counts: summary.counts, batchId },
      'import finished',
    );
    return { summary, ...(batchId === undefined ? {} : { batchId }), rpcCalls: client.calls - callsBefore };
  } catch (error) {
    if (batchId !== undefined) {
      await batches
        .finish(batchId, { state: 'failed', message: failureMessage(error) }, new Date())
        .catch(() => undefined);
    }
    throw error;
  }
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
 * still runs.
 */
export async function runPendingBatches(
  client: OdooClient,
  logger: Logger,
  config: ImportConfig,
  today: string,
): Promise<BatchOutcome[]> {
  const batches = new ImportBatchStore(client);
  const outcomes: BatchOutcome[] = [];
  for (const batch of await batches.pending(new Date())) {
    await batches.start(batch.id, new Date());
    const folder = await mkdtemp(join(tmpdir(), 'h23-import-'));
    try {
      if (batch.kind !== 'cdb' && batch.kind !== 'a2') {
        const message = 'Jenis laporan ini belum dapat diimpor oleh h23-bridge.';
        await batches.finish(batch.id, { state: 'failed', message }, new Date());
        outcomes.push({ id: batch.id, name: batch.name, state: 'failed', error: message });
        continue;
      }
      const path = join(folder, 'upload');
      await writeFile(path, await batches.download(batch.id));
      const source = await openReport(path, batch.fileName);
      const summary = await runImport(client, config, source, { kind: batch.kind, today, dryRun: false });
      await batches.finish(batch.id, batchResult(summary), new Date());
      logger.info({ batchId: batch.id, counts: summary.counts }, 'import batch done');
      outcomes.push({ id: batch.id, name: batch.name, state: 'done', summary });
    } catch (error) {
      const message = failureMessage(error);
      logger.warn(
        { batchId: batch.id, err: error instanceof Error ? error.message : String(error) },
        'import batch failed',
      );
      await batches.finish(batch.id, { state: 'failed', message }, new Date());
      outcomes.push({ id: batch.id, name: batch.name, state: 'failed', error: message });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
  return outcomes;
}
