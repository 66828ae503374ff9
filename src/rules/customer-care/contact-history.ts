import { localDateTime } from '../complaints/complaint-text.js';
import { escapeHtml } from '../html.js';
import { indonesianDate } from '../indonesian-date.js';

/**
 * The customer's contact history (SOP CRM Tahap 2): every contact the dealer had with a customer,
 * written once on the customer's chatter, in Bahasa Indonesia, with the record it belongs to.
 * Each line has a stable key, so a re-run writes nothing twice; complaints write their stages
 * themselves (the complaints job), WhatsApp replies theirs (the WhatsApp job).
 */
export interface FollowUpContact {
  id: number;
  partnerId: number | null;
  reference: string;
  kpb: string;
  stageLabel: string;
  channelLabel: string;
  result: string | null;
  resultLabel: string | null;
  feedback: string | null;
  /** UTC epoch milliseconds. */
  bookingAt: number | null;
  bookingKindLabel: string | null;
  doneDate: string | null;
  /** When the follow-up was last changed (its result recorded), UTC epoch ms. */
  changedAt: number | null;
}

export interface OutgoingMessage {
  id: number;
  partnerId: number | null;
  followUpReference: string | null;
  body: string | null;
  /** UTC epoch milliseconds; null until WhatsApp accepted it. */
  sentAt: number | null;
}

export interface HistoryNote {
  key: string;
  partnerId: number;
  /** HTML. */
  body: string;
  /** When the contact happened (UTC epoch ms): the chatter line's date, so lines stand in the order of events. */
  at: number | null;
}

export function followUpContactNotes(followUp: FollowUpContact, timeZone: string): HistoryNote[] {
  if (followUp.partnerId === null) return [];
  const partnerId = followUp.partnerId;
  const what = `Follow up KPB ${escapeHtml(followUp.kpb)} ${escapeHtml(followUp.stageLabel)} (${escapeHtml(followUp.channelLabel)})`;
  const notes: HistoryNote[] = [];
  if (followUp.result) {
    const feedback = followUp.feedback?.trim() ? ` Tanggapan: ${escapeHtml(followUp.feedback.trim())}` : '';
    notes.push({
      key: `h23-followup-${followUp.id}-result-${followUp.result}:partner`,
      partnerId,
      body: `<p>${what}: ${escapeHtml(followUp.resultLabel ?? followUp.result)}.${feedback}</p>`,
      at: followUp.changedAt,
    });
  }
  if (followUp.bookingAt !== null) {
    const kind = followUp.bookingKindLabel ? ` (${escapeHtml(followUp.bookingKindLabel)})` : '';
    notes.push({
      key: `h23-followup-${followUp.id}-booking-${followUp.bookingAt}:partner`,
      partnerId,
      body: `<p>Booking servis KPB ${escapeHtml(followUp.kpb)}${kind}: ${localDateTime(followUp.bookingAt, timeZone)}.</p>`,
      // Booked when the result was recorded; the service's own time is in the text.
      at: followUp.changedAt,
    });
  }
  if (followUp.doneDate) {
    notes.push({
      key: `h23-followup-${followUp.id}-done-${followUp.doneDate}:partner`,
      partnerId,
      body: `<p>Servis KPB ${escapeHtml(followUp.kpb)} selesai pada ${indonesianDate(followUp.doneDate)}.</p>`,
      at: followUp.changedAt,
    });
  }
  return notes;
}

export function outgoingMessageNotes(message: OutgoingMessage, timeZone: string): HistoryNote[] {
  if (message.partnerId === null || message.sentAt === null) return [];
  const about = message.followUpReference ? ` (${escapeHtml(message.followUpReference)})` : '';
  const text = message.body?.trim() ? `: “${escapeHtml(message.body.trim())}”` : '';
  return [
    {
      key: `h23-wa-${message.id}-sent:partner`,
      partnerId: message.partnerId,
      body: `<p>WhatsApp terkirim${about} pada ${localDateTime(message.sentAt, timeZone)}${text}</p>`,
      at: message.sentAt,
    },
  ];
}
