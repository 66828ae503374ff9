import type {
  BatchKind,
  BatchResult,
  ImportBatches,
  PendingBatch,
} from '../../src/connectors/odoo/import-batch-store.js';

/** A batch as Odoo keeps it (`x_h23_import_batch`), in the bridge's terms. */
export interface MemoryBatch {
  id: number;
  name: string;
  kind: BatchKind;
  fileName: string;
  file: Buffer | null;
  state: 'draft' | 'queued' | 'running' | 'done' | 'failed' | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  message: string | null;
  rows: BatchResult['rows'] | null;
  report: BatchResult['report'] | null;
}

/** What the store takes as cut off: a run started this long ago that never finished (ImportBatchStore's). */
const STALE_RUN_MS = 30 * 60 * 1000;

/**
 * Import batches in memory: the PIC's uploads (`upload`, `reupload`: a new file queues the
 * batch again, as the module's computed state does) and the bridge's writes, which share the
 * kill switch of the import's stores: once its budget of write calls is spent, every write throws.
 */
export class MemoryImportBatches implements ImportBatches {
  readonly batches = new Map<number, MemoryBatch>();
  private nextId = 1;
  writeCalls = 0;

  constructor(readonly killSwitch: { writesLeft: number } = { writesLeft: Number.POSITIVE_INFINITY }) {}

  private guard(): void {
    if (this.killSwitch.writesLeft <= 0) throw new Error('connection lost (simulated kill)');
    this.killSwitch.writesLeft -= 1;
    this.writeCalls += 1;
  }

  private batch(id: number): MemoryBatch {
    const batch = this.batches.get(id);
    if (!batch) throw new Error(`no import batch ${id}`);
    return batch;
  }

  /** What the PIC does in Odoo: a new batch with a kind and a file, queued. */
  upload(kind: BatchKind, fileName: string, file: Buffer, state: MemoryBatch['state'] = 'queued'): number {
    const id = this.nextId++;
    this.batches.set(id, {
      id,
      name: `${kind.toUpperCase()} ${fileName}`,
      kind,
      fileName,
      file,
      state,
      startedAt: null,
      finishedAt: null,
      message: null,
      rows: null,
      report: null,
    });
    return id;
  }

  /** A new file on a batch puts it back in the queue. */
  reupload(id: number, file: Buffer): void {
    Object.assign(this.batch(id), { file, state: 'queued' });
  }

  async pending(now: Date): Promise<PendingBatch[]> {
    const staleBefore = now.getTime() - STALE_RUN_MS;
    return [...this.batches.values()]
      .filter(
        (batch) =>
          batch.file !== null &&
          (batch.state === null ||
            batch.state === 'draft' ||
            batch.state === 'queued' ||
            (batch.state === 'running' && (batch.startedAt?.getTime() ?? 0) < staleBefore)),
      )
      .sort((a, b) => a.id - b.id)
      .map((batch) => ({ id: batch.id, name: batch.name, kind: batch.kind, fileName: batch.fileName }));
  }

  async download(id: number): Promise<Buffer> {
    return this.batch(id).file ?? Buffer.alloc(0);
  }

  async open(name: string, kind: BatchKind, fileName: string, now: Date): Promise<number> {
    const cutOff = [...this.batches.values()]
      .filter(
        (batch) =>
          batch.kind === kind &&
          batch.fileName === fileName &&
          batch.state === 'running' &&
          batch.file === null,
      )
      .sort((a, b) => b.id - a.id)[0];
    if (cutOff) {
      await this.start(cutOff.id, now);
      return cutOff.id;
    }
    this.guard();
    const id = this.upload(kind, fileName, Buffer.alloc(0), 'running');
    Object.assign(this.batch(id), { name, file: null, startedAt: now });
    return id;
  }

  async start(id: number, now: Date): Promise<void> {
    this.guard();
    Object.assign(this.batch(id), { state: 'running', startedAt: now, finishedAt: null, message: null });
  }

  async finish(id: number, result: BatchResult, now: Date): Promise<void> {
    this.guard();
    Object.assign(this.batch(id), {
      state: result.state,
      finishedAt: now,
      message: result.message,
      report: result.report ?? null,
      ...(result.rows ? { rows: result.rows } : {}),
    });
  }
}
