import { escapeHtml } from '../html.js';
import type { DailySummary } from './summary.js';

/** The daily summary e-mail to the branch head (area coordinator in copy), in Bahasa Indonesia. */

const ROWS: ReadonlyArray<readonly [keyof DailySummary, string]> = [
  ['due', 'Jatuh tempo hari ini'],
  ['contacted', 'Dihubungi'],
  ['responded', 'Merespons'],
  ['booked', 'Booking'],
  ['refusedTime', 'Menolak: tidak ada waktu'],
  ['refusedDistance', 'Menolak: terlalu jauh'],
  ['refusedDisappointed', 'Menolak: kecewa'],
  ['refusedOtherDealer', 'Menolak: dealer lain'],
  ['offerWeekend', 'Tawaran akhir pekan'],
  ['offerHomeService', 'Tawaran home service'],
  ['offerPromo', 'Tawaran promo'],
  ['offersAccepted', 'Tawaran diterima'],
  ['noResponse', 'Tidak merespons'],
  ['doneServices', 'Servis selesai'],
  ['conversionRate', 'Konversi booking → servis (%)'],
];

export function summaryMail(
  branchName: string,
  date: string,
  branch: DailySummary,
  admins: ReadonlyArray<{ name: string; line: DailySummary }>,
): { subject: string; body: string } {
  const header = [
    '<th style="text-align:left">Ukuran</th>',
    '<th>Cabang</th>',
    ...admins.map((admin) => `<th>${escapeHtml(admin.name)}</th>`),
  ].join('');
  const rows = ROWS.map(
    ([field, label]) =>
      `<tr><td>${label}</td><td style="text-align:right"><b>${branch[field]}</b></td>${admins
        .map((admin) => `<td style="text-align:right">${admin.line[field]}</td>`)
        .join('')}</tr>`,
  ).join('');
  return {
    subject: `Ringkasan Follow Up KPB ${branchName} ${date}`,
    body: `<p>Ringkasan follow up KPB cabang <b>${escapeHtml(branchName)}</b> tanggal ${date}.</p><table border="1" cellpadding="4" style="border-collapse:collapse">${`<tr>${header}</tr>`}${rows}</table><p>Rincian per admin ada di Odoo: CRM H23 → Ringkasan Harian (pivot dan grafik).</p><p><i>Dikirim otomatis oleh h23-bridge.</i></p>`,
  };
}
