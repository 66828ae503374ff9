import type { ContactHistoryStore } from '../connectors/odoo/contact-history-store.js';
import type { Logger } from '../logging/logger.js';
import {
  followUpContactNotes,
  type HistoryNote,
  outgoingMessageNotes,
} from '../rules/customer-care/contact-history.js';
import { shiftOdooDatetime } from '../rules/local-time.js';

const OVERLAP_SECONDS = 60;

export interface ContactHistoryReport {
  followUps: number;
  messages: number;
  posted: number;
}

/**
 * Writes each contact with a customer on the customer's chatter (SOP CRM Tahap 2): follow-up
 * results, bookings and done services, WhatsApp messages sent. Reads what changed since its
 * watermark and posts keyed notes; the watermark moves only once every page is written, so a run
 * killed midway reads the same changes again and posts only what is missing.
 */
export async function writeContactHistory(
  store: ContactHistoryStore,
  logger: Logger,
  options: { timeZone: string },
): Promise<ContactHistoryReport> {
  const report: ContactHistoryReport = { followUps: 0, messages: 0, posted: 0 };
  const mark = (await store.watermark())?.writeDate ?? null;
  // Odoo stamps write_date at a transaction's start: one that committed after the last run read
  // may carry an earlier stamp. A minute's overlap reads it; the notes are keyed.
  const since = mark === null ? null : shiftOdooDatetime(mark, -OVERLAP_SECONDS);
  let newest = mark ?? '';
  const post = async (notes: HistoryNote[]) => {
    report.posted += await store.post(notes);
  };
  for await (const page of store.followUps(since)) {
    report.followUps += page.length;
    await post(page.flatMap((followUp) => followUpContactNotes(followUp, options.timeZone)));
    for (const row of page) if (row.writeDate > newest) newest = row.writeDate;
  }
  for await (const page of store.sentMessages(since)) {
    report.messages += page.length;
    await post(page.flatMap((message) => outgoingMessageNotes(message, options.timeZone)));
    for (const row of page) if (row.writeDate > newest) newest = row.writeDate;
  }
  if (newest && newest !== mark) await store.saveWatermark({ writeDate: newest });
  if (report.posted > 0) logger.info(report, 'contact history written on the customers’ chatter');
  return report;
}
