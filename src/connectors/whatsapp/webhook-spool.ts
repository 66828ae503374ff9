import { mkdirSync, readdirSync } from 'node:fs';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * WhatsApp webhook bodies kept on disk between Meta's POST and their
 * processing: Meta gets its 200 at once (it retries slow or failed answers),
 * and a body acknowledged is never lost, even if the daemon dies before
 * writing it to Odoo. Each accepted body is one line of `pending.jsonl`,
 * synced to disk before the answer. `take` moves the pending file aside
 * (new bodies go to a fresh one) and `done` removes it once processed; what a
 * crash left aside is taken again first. Processing is idempotent, so a body
 * processed twice changes nothing.
 */
export interface SpooledBody {
  /** Unix milliseconds of arrival. */
  receivedAt: number;
  body: unknown;
}

export interface SpoolBatch {
  bodies: SpooledBody[];
  /** Lines that could not be read (a line cut by a crash while it was written). */
  unreadable: number;
  done(): Promise<void>;
}

const PENDING = 'pending.jsonl';
/** Two takes in one millisecond (of any spool in this process) must not name their files alike: a rename would replace the first. */
let takes = 0;

export class WebhookSpool {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly directory: string) {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
  }

  /** Appends a verified body; resolves once it is on disk. Appends are serialised. */
  append(body: unknown, receivedAt = Date.now()): Promise<void> {
    // A leading new line too: a line a crash cut short never swallows the next one.
    const line = `\n${JSON.stringify({ receivedAt, body } satisfies SpooledBody)}\n`;
    const write = this.writing.then(async () => {
      const file = await open(join(this.directory, PENDING), 'a', 0o600);
      try {
        await file.write(line);
        await file.datasync();
      } finally {
        await file.close();
      }
    });
    this.writing = write.catch(() => undefined);
    return write;
  }

  /** Keeps a body Odoo refused, with why, in `refused.jsonl` beside the queue, for IT to look at. */
  async setAside(entry: SpooledBody, reason: string): Promise<void> {
    const file = await open(join(this.directory, 'refused.jsonl'), 'a', 0o600);
    try {
      await file.write(`\n${JSON.stringify({ ...entry, reason, setAsideAt: Date.now() })}\n`);
      await file.datasync();
    } finally {
      await file.close();
    }
  }

  /** Every body not yet processed, oldest first, or null when there is none. */
  async take(): Promise<SpoolBatch | null> {
    // In the append chain: no append opens the pending file while it is moved aside.
    const moved = this.writing.then(() => this.moveAside());
    this.writing = moved.catch(() => undefined);
    await moved;
    return this.read();
  }

  private async moveAside(): Promise<void> {
    const pending = join(this.directory, PENDING);
    try {
      takes += 1;
      const stamp = `${Date.now()}`.padStart(15, '0');
      await rename(
        pending,
        join(this.directory, `taken-${stamp}-${process.pid}-${String(takes).padStart(6, '0')}.jsonl`),
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  private async read(): Promise<SpoolBatch | null> {
    const files = readdirSync(this.directory)
      .filter((name) => name.startsWith('taken-') && name.endsWith('.jsonl'))
      // Zero-padded stamps: names sort by arrival.
      .sort()
      .map((name) => join(this.directory, name));
    if (files.length === 0) return null;
    const bodies: SpooledBody[] = [];
    let unreadable = 0;
    for (const file of files) {
      for (const line of (await readFile(file, 'utf8')).split('\n')) {
        if (!line.trim()) continue;
        try {
          bodies.push(JSON.parse(line) as SpooledBody);
        } catch {
          unreadable += 1;
        }
      }
    }
    return {
      bodies,
      unreadable,
      done: async () => {
        for (const file of files) await unlink(file).catch(() => undefined);
      },
    };
  }
}
