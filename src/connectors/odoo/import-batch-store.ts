import { IMPORT_BATCH } from '../../module/models.js';
import type { OdooClient } from './client.js';
import { toOdooDatetime } from './field-values.js';

const MODEL = IMPORT_BATCH.model;

export type BatchKind = 'cdb' | 'a2' | 'wor';

export interface PendingBatch {
  id: number;
  name: string;
  kind: BatchKind;
  fileName: string;
}

export interface BatchResult {
  state: 'done' | 'failed';
  rows?: { total: number; applied: number; unchanged: number; quarantined: number };
  /** CSV text of the quarantine report, attached to the batch. */
  report?: { fileName: string; text: string };
  /** What the PIC reads on the batch, in Bahasa Indonesia. */
  message: string;
}

/** A batch whose run started this long ago and never finished was cut off (crash, kill): it is taken again. */
const STALE_RUN_MS = 30 * 60 * 1000;

/** Import batches (`x_h23_import_batch`): the PIC's uploads, and the record of every import run. */
export class ImportBatchStore {
  constructor(private readonly client: OdooClient) {}

  /**
   * Saved with a file and not yet processed (`queued`, a new batch's state and a re-uploaded
   * one's; `draft` or none from earlier versions of the module), or cut off. Read every minute by
   * the daemon: one search, and never the files themselves.
   */
  async pending(now: Date): Promise<PendingBatch[]> {
    const staleBefore = toOdooDatetime(new Date(now.getTime() - STALE_RUN_MS));
    const records = await this.client.searchRead(
      MODEL,
      [
        ['x_file', '!=', false],
        '|',
        ['x_state', 'in', [false, 'draft', 'queued']],
        '&',
        ['x_state', '=', 'running'],
        ['x_started_at', '<', staleBefore],
      ],
      ['x_name', 'x_kind', 'x_file_name'],
      { order: 'id' },
    );
    return records.map((record) => ({
      id: record.id,
      name: String(record.x_name || `Impor ${record.id}`),
      kind: record.x_kind as BatchKind,
      fileName:
        typeof record.x_file_name === 'string' && record.x_file_name
          ? record.x_file_name
          : `impor-${record.id}`,
    }));
  }

  async download(id: number): Promise<Buffer> {
    const [record] = await this.client.read(MODEL, [id], ['x_file']);
    const content = record?.x_file;
    return Buffer.from(typeof content === 'string' ? content : '', 'base64');
  }

  /** A batch for an import started from the command line, so that every import is on record in Odoo. */
  async open(name: string, kind: BatchKind, fileName: string, now: Date): Promise<number> {
    const [outcome] = await this.client.create(MODEL, [
      {
        x_name: name,
        x_kind: kind,
        x_file_name: fileName,
        x_state: 'running',
        x_started_at: toOdooDatetime(now),
      },
    ]);
    if (!outcome?.id) throw outcome?.error ?? new Error('Odoo created no import batch');
    return outcome.id;
  }

  /**
   * CDB and A2 batches that wrote rows and finished since `since`, whoever ran them (the
   * command line's `import` records its run as a batch too): their units need the schedule.
   */
  async portalImportsSince(since: Date): Promise<number> {
    return this.client.searchCount(MODEL, [
      ['x_state', '=', 'done'],
      ['x_kind', 'in', ['cdb', 'a2']],
      ['x_rows_applied', '>', 0],
      ['x_finished_at', '>=', toOdooDatetime(since)],
    ]);
  }

  async start(id: number, now: Date): Promise<void> {
    await this.client.call(MODEL, 'write', [
      [id],
      { x_state: 'running', x_started_at: toOdooDatetime(now), x_finished_at: false, x_message: false },
    ]);
  }

  async finish(id: number, result: BatchResult, now: Date): Promise<void> {
    const values: Record<string, unknown> = {
      x_state: result.state,
      x_finished_at: toOdooDatetime(now),
      x_message: result.message,
      x_quarantine_report: result.report ? Buffer.from(result.report.text, 'utf8').toString('base64') : false,
      x_quarantine_report_name: result.report?.fileName ?? false,
    };
    if (result.rows) {
      values.x_rows_total = result.rows.total;
      values.x_rows_applied = result.rows.applied;
      values.x_rows_unchanged = result.rows.unchanged;
      values.x_rows_quarantined = result.rows.quarantined;
    }
    await this.client.call(MODEL, 'write', [[id], values]);
  }
}
