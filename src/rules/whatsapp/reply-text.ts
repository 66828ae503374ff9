import { escapeHtml } from '../html.js';
import type { ReplyIntent } from './reply.js';

/** What the admin reads of a customer's WhatsApp reply, in Bahasa Indonesia (SOP 4.2.5: answer and book). */

export const REPLY_ACTIVITY_SUMMARY = 'Balas WhatsApp pelanggan dan tawarkan booking';

/** What FU1's activity says when WhatsApp settled it, so the admin sends nothing by hand. */
export const FIRST_CONTACT_FEEDBACK = {
  reached: 'WhatsApp FU1 terkirim otomatis dan diterima pelanggan (h23-bridge).',
  failed: 'WhatsApp FU1 gagal terkirim: FU2 lewat telepon dijadwalkan.',
  answered: 'Pelanggan membalas WhatsApp FU1: lihat aktivitas "Balas WhatsApp pelanggan".',
} as const;

export const OPTED_OUT_FEEDBACK =
  'Pelanggan meminta tidak dihubungi lagi (membalas "Berhenti"): follow up dihentikan.';

const INTENT_TEXT: Readonly<Record<ReplyIntent, string>> = {
  booking: 'Pelanggan ingin booking: hubungi dan catat jadwal booking di follow up ini.',
  later: 'Pelanggan menjawab "nanti saja": tawarkan jadwal lain sesuai SOP dan catat hasilnya.',
  opt_out: 'Pelanggan meminta tidak dihubungi lagi.',
  message: 'Pelanggan membalas pesan WhatsApp FU1: balas dan tawarkan booking servis.',
};

/**
 * The note of the admin's activity and the chatter line: the reply as written and what to do.
 * `key` is kept in the markup (not shown) so that the same reply is recognised when it comes again.
 */
export function replyActivityNote(text: string | null, intent: ReplyIntent, key: string): string {
  return [
    `<p data-h23-key="${escapeHtml(key)}"><b>Balasan WhatsApp:</b> ${escapeHtml(text ?? '(tanpa teks)')}</p>`,
    `<p>${INTENT_TEXT[intent]}</p>`,
  ].join('');
}
