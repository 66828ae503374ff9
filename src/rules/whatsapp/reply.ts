/**
 * What a customer's WhatsApp reply asks for. Quick-reply buttons carry the
 * payload the template declares (`BOOKING`, `LATER`, `STOP`); typed text is
 * read for the words customers use to opt out (SOP: consent is honoured on
 * every channel, UU PDP) or to ask for a booking.
 */
export type ReplyIntent = 'opt_out' | 'booking' | 'later' | 'message';

export interface ReplyButtons {
  booking: string;
  later: string;
  stop: string;
}

export const DEFAULT_BUTTONS: ReplyButtons = { booking: 'BOOKING', later: 'LATER', stop: 'STOP' };

// Whole-message opt-outs only: "jangan berhenti di bengkel lain" is not one.
const OPT_OUT = new Set([
  'berhenti',
  'stop',
  'unsubscribe',
  'unsub',
  'berhenti langganan',
  'jangan kirim lagi',
  'jangan hubungi saya',
  'stop kirim',
  'stop pesan',
  'hapus nomor saya',
]);
const BOOKING = new Set(['booking', 'book', 'mau booking', 'booking servis', 'ya booking']);
const LATER = new Set(['nanti saja', 'nanti', 'lain kali']);

function normalized(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function replyIntent(
  reply: { text: string | null; buttonPayload: string | null },
  buttons: ReplyButtons = DEFAULT_BUTTONS,
): ReplyIntent {
  if (reply.buttonPayload === buttons.stop) return 'opt_out';
  if (reply.buttonPayload === buttons.booking) return 'booking';
  if (reply.buttonPayload === buttons.later) return 'later';
  const text = normalized(reply.text ?? '');
  if (OPT_OUT.has(text)) return 'opt_out';
  if (BOOKING.has(text)) return 'booking';
  if (LATER.has(text)) return 'later';
  return 'message';
}
