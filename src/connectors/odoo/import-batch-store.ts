import { IMPORT_BATCH } from '../../module/models.js';
import type { OdooClient } from './client.js';
import { toOdooDatetime } from './field-values.js';
import { decodeRecord, encodeValues, fieldNames } from './schema-codec.js';

const MODEL = IMPORT_BATCH.model;
const F = IMPORT_BATCH.f;

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

/** The import batches a run reads and writes: `ImportBatchStore` over Odoo, memory in tests. */
export interface ImportBatches {
  pending(now: Date): Promise<PendingBatch[]>;
  download(id: number): Promise<Buffer>;
  open(name: string, kind: BatchKind, fileName: string, now: Date): Promise<number>;
  start(id: number, now: Date): Promise<void>;
  finish(id: number, result: BatchResult, now: Date): Promise<void>;
}

/** Import batches (`IMPORT_BATCH`): the PIC's uploads, and the record of every import run. */
export class ImportBatchStore implements ImportBatches {
  constructor(private readonly client: OdooClient) {}

  /**
   * Saved with a file and not yet processed (`queued`, a new batch's state and a re-uploaded
   * one's; `draft` or none from earlier versions of the module), or cut off. Read every minute by
   * the daemon: one search, and never the files themselves.
   */
  async pending(now: Date): Promise<PendingBatch[]> {
    const staleBefore = toOdooDatetime(new Date(now.getTime() - STALE_RUN_MS));
    const keys = ['name', 'kind', 'fileName'] as const;
    const records = await this.client.searchRead(
      MODEL,
      [
        [F.file, '!=', false],
        '|',
        [F.state, 'in', [false, 'draft', 'queued']],
        '&',
        [F.state, '=', 'running'],
        [F.startedAt, '<', staleBefore],
      ],
      fieldNames(IMPORT_BATCH, keys),
      { order: 'id' },
    );
    return records.map((raw) => {
      const record = decodeRecord(IMPORT_BATCH, keys, raw);
      return {
        id: record.id,
        name: record.name ?? `Impor ${record.id}`,
        kind: record.kind as BatchKind,
        fileName: record.fileName ?? `impor-${record.id}`,
      };
    });
  }

  async download(id: number): Promise<Buffer> {
    const [record] = await this.client.read(MODEL, [id], [F.file]);
    const content = record?.[F.file];
    return Buffer.from(typeof content === 'string' ? content : '', 'base64');
  }

  /**
   * A batch for an import started from the command line, so that every import is on record in
   * Odoo. A command-line run of the same kind and file that was cut off (killed, its batch left
   * running: such a batch has no file, the daemon never takes it) is continued in its batch
   * rather than beside it: a kill and a re-run are one import on record, not a batch forever
   * "running" and another.
   */
  async open(name: string, kind: BatchKind, fileName: string, now: Date): Promise<number> {
    const [cutOff] = await this.client.searchRead(
      MODEL,
      [
        [F.kind, '=', kind],
        [F.fileName, '=', fileName],
        [F.state, '=', 'running'],
        [F.file, '=', false],
      ],
      ['id'],
      { order: 'id desc', limit: 1 },
    );
    if (cutOff) {
      await this.start(cutOff.id, now);
      return cutOff.id;
    }
    const [outcome] = await this.client.create(MODEL, [
      encodeValues(IMPORT_BATCH, {
        name,
        kind,
        fileName,
        state: 'running',
        startedAt: toOdooDatetime(now) || null,
      }),
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
      [F.state, '=', 'done'],
      [F.kind, 'in', ['cdb', 'a2']],
      [F.rowsApplied, '>', 0],
      [F.finishedAt, '>=', toOdooDatetime(since)],
    ]);
  }

  async start(id: number, now: Date): Promise<void> {
    await this.client.call(MODEL, 'write', [
      [id],
      encodeValues(IMPORT_BATCH, {
        state: 'running',
        startedAt: toOdooDatetime(now) || null,
        finishedAt: null,
        message: null,
      }),
    ]);
  }

  async finish(id: number, result: BatchResult, now: Date): Promise<void> {
    const values = encodeValues(IMPORT_BATCH, {
      state: result.state,
      finishedAt: toOdooDatetime(now) || null,
      message: result.message,
      quarantineReport: result.report ? Buffer.from(result.report.text, 'utf8').toString('base64') : null,
      quarantineReportName: result.report?.fileName ?? null,
      ...(result.rows
        ? {
            rowsTotal: result.rows.total,
            rowsApplied: result.rows.applied,
            rowsUnchanged: result.rows.unchanged,
            rowsQuarantined: result.rows.quarantined,
          }
        : {}),
    });
    await this.client.call(MODEL, 'write', [[id], values]);
  }
}
