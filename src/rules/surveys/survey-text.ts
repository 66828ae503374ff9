import { escapeHtml } from '../html.js';
import { indonesianDate } from '../indonesian-date.js';
import type { SurveyScores } from './scores.js';

/** What customers and customer service read of the surveys, in Bahasa Indonesia. */

export function invitationEmail(
  customerName: string | null,
  branchName: string | null,
  visitDate: string,
  link: string,
): { subject: string; bodyHtml: string } {
  const where = branchName ? ` di ${escapeHtml(branchName)}` : '';
  return {
    subject: 'Bagaimana servis motor Anda? Mohon isi survei singkat',
    bodyHtml: `<p>Halo ${escapeHtml(customerName ?? 'Pelanggan')},</p><p>Terima kasih telah melakukan servis${where} pada ${indonesianDate(visitDate)}. Mohon luangkan satu menit untuk menilai pelayanan kami:</p><p><a href="${escapeHtml(link)}">Isi survei kepuasan</a></p><p>Jawaban Anda membantu kami memperbaiki pelayanan.</p>`,
  };
}

export function detractorSubject(scores: SurveyScores): string {
  const parts = [
    scores.nps !== null ? `NPS ${scores.nps}` : null,
    scores.csat !== null ? `CSAT ${scores.csat}` : null,
  ].filter(Boolean);
  return `Survei kepuasan: pelanggan tidak puas (${parts.join(', ')})`;
}

export function detractorDescription(
  scores: SurveyScores,
  visitDate: string,
  workOrder: string | null,
): string {
  return [
    `Pelanggan menjawab survei kepuasan setelah servis ${indonesianDate(visitDate)}${workOrder ? ` (WO ${workOrder})` : ''}.`,
    `Kepuasan (CSAT, 1–5): ${scores.csat ?? 'tidak dijawab'}.`,
    `Kemungkinan merekomendasikan (NPS, 0–10): ${scores.nps ?? 'tidak dijawab'}.`,
    `Komentar: ${scores.comment ?? '-'}`,
    'Hubungi pelanggan, cari akar masalahnya dan sampaikan solusi (SOP CRM Tahap 3).',
  ].join('\n');
}
