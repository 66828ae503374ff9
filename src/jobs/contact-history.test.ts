import { describe, expect, it } from 'vitest';
import type { ContactHistoryStore } from '../connectors/odoo/contact-history-store.js';
import type { Watermark } from '../connectors/odoo/lease-store.js';
import { silentLogger } from '../logging/logger.js';
import type {
  FollowUpContact,
  HistoryNote,
  OutgoingMessage,
} from '../rules/customer-care/contact-history.js';
import { writeContactHistory } from './contact-history.js';

type Row<T> = T & { writeDate: string };

/** Follow-ups, messages and the customer's chatter in memory; writes fail once the budget is spent. */
class MemoryHistory implements ContactHistoryStore {
  mark: Watermark | null = null;
  readonly posted = new Map<string, HistoryNote>();
  constructor(
    readonly followUpRows: Array<Row<FollowUpContact>>,
    readonly messageRows: Array<Row<OutgoingMessage>>,
    readonly killSwitch = { writesLeft: Number.POSITIVE_INFINITY },
    readonly pageSize = 1,
  ) {}
  private spend() {
    if (this.killSwitch.writesLeft <= 0) throw new Error('connection lost (simulated kill)');
    this.killSwitch.writesLeft -= 1;
  }
  async watermark() {
    return this.mark;
  }
  async saveWatermark(watermark: Watermark) {
    this.spend();
    this.mark = watermark;
  }
  private async *pages<T extends { writeDate: string }>(rows: T[], since: string | null) {
    const due = rows.filter((row) => since === null || row.writeDate >= since);
    for (let at = 0; at < due.length; at += this.pageSize) yield due.slice(at, at + this.pageSize);
  }
  followUps(since: string | null) {
    return this.pages(this.followUpRows, since);
  }
  sentMessages(since: string | null) {
    return this.pages(this.messageRows, since);
  }
  async post(notes: readonly HistoryNote[]) {
    const todo = notes.filter((note) => !this.posted.has(note.key));
    for (const note of todo) {
      this.spend();
      this.posted.set(note.key, note);
    }
    return todo.length;
  }
}

const followUp = (id: number, writeDate: string, values: Partial<FollowUpContact>): Row<FollowUpContact> => ({
  id,
  partnerId: 501,
  reference: `KPB 1 FU1 - JM${id}`,
  kpb: '1',
  stageLabel: 'FU1',
  channelLabel: 'WA Blast',
  result: null,
  resultLabel: null,
  feedback: null,
  bookingAt: null,
  bookingKindLabel: null,
  doneDate: null,
  changedAt: null,
  writeDate,
  ...values,
});

const rows = () => ({
  followUps: [
    followUp(1, '2026-03-02 01:00:00', {
      result: 'booked',
      resultLabel: 'Bersedia booking',
      bookingAt: 1773021600000,
    }),
    followUp(2, '2026-03-02 02:00:00', { result: 'no_response', resultLabel: 'Tidak merespons' }),
    followUp(3, '2026-03-03 02:00:00', { doneDate: '2026-03-09' }),
  ],
  messages: [
    {
      id: 8,
      partnerId: 501,
      followUpReference: 'KPB 1 FU1 - JM2',
      body: 'Halo',
      sentAt: 1772413200000,
      writeDate: '2026-03-02 01:30:00',
    },
  ],
});

describe('writeContactHistory', () => {
  it('writes each contact once and moves its watermark to the newest change', async () => {
    const { followUps, messages } = rows();
    const store = new MemoryHistory(followUps, messages);
    const report = await writeContactHistory(store, silentLogger(), { timeZone: 'Asia/Jakarta' });
    expect(report).toEqual({ followUps: 3, messages: 1, posted: 5 });
    expect(store.mark).toEqual({ writeDate: '2026-03-03 02:00:00' });
    expect((await writeContactHistory(store, silentLogger(), { timeZone: 'Asia/Jakarta' })).posted).toBe(0);
    // A later change to a follow-up (its result recorded again) reads it again: a new result is a new line.
    followUps[1] = {
      ...(followUps[1] as Row<FollowUpContact>),
      result: 'booked',
      writeDate: '2026-03-04 01:00:00',
    };
    expect((await writeContactHistory(store, silentLogger(), { timeZone: 'Asia/Jakarta' })).posted).toBe(1);
  });

  it('killed at any write, a re-run ends with every line once', async () => {
    const reference = new MemoryHistory(rows().followUps, rows().messages);
    await writeContactHistory(reference, silentLogger(), { timeZone: 'Asia/Jakarta' });
    for (let budget = 0; budget < 7; budget += 1) {
      const killSwitch = { writesLeft: budget };
      const { followUps, messages } = rows();
      const store = new MemoryHistory(followUps, messages, killSwitch);
      await writeContactHistory(store, silentLogger(), { timeZone: 'Asia/Jakarta' }).catch(() => undefined);
      killSwitch.writesLeft = Number.POSITIVE_INFINITY;
      await writeContactHistory(store, silentLogger(), { timeZone: 'Asia/Jakarta' });
      expect([...store.posted.keys()].sort(), `killed after ${budget} write(s)`).toEqual(
        [...reference.posted.keys()].sort(),
      );
      expect(store.mark).toEqual(reference.mark);
    }
  });
});
