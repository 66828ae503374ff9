import { escapeHtml } from '../html.js';
import { indonesianMonth } from '../indonesian-date.js';
import { indonesianNumber } from '../indonesian-number.js';
import type { EvaluationFigures, EvaluationLine } from './evaluation.js';

/** The monthly satisfaction evaluation e-mailed to the branch head, in Bahasa Indonesia. */

const COLUMNS: ReadonlyArray<readonly [keyof EvaluationFigures, string, boolean]> = [
  ['invitations', 'Undangan', false],
  ['responses', 'Jawaban', false],
  ['responseRate', 'Tingkat respons (%)', true],
  ['csatMean', 'CSAT rata-rata (1–5)', true],
  ['nps', 'NPS', true],
  ['promoters', 'Promoter (9–10)', false],
  ['passives', 'Pasif (7–8)', false],
  ['npsDetractors', 'Detraktor NPS (0–6)', false],
  ['detractors', 'Perlu ditangani', false],
  ['detractorsHandled', 'Sudah ditangani', false],
];

function cell(
  figures: EvaluationFigures,
  key: keyof EvaluationFigures,
  decimal: boolean,
  bold = false,
): string {
  const text = decimal ? indonesianNumber(figures[key], 2) : String(figures[key]);
  return `<td style="text-align:right">${bold ? `<b>${text}</b>` : text}</td>`;
}

export function evaluationMail(
  branchName: string,
  month: string,
  branch: EvaluationFigures,
  lines: ReadonlyArray<{ admin: string; line: EvaluationLine }>,
): { subject: string; body: string } {
  const period = indonesianMonth(month);
  const header = `<tr><th style="text-align:left">Admin</th><th style="text-align:left">SA</th>${COLUMNS.map(([, label]) => `<th>${label}</th>`).join('')}</tr>`;
  const rows = lines
    .map(
      ({ admin, line }) =>
        `<tr><td>${escapeHtml(admin)}</td><td>${escapeHtml(line.advisor ?? '-')}</td>${COLUMNS.map(([key, , decimal]) => cell(line, key, decimal)).join('')}</tr>`,
    )
    .join('');
  const total = `<tr><td colspan="2"><b>Cabang</b></td>${COLUMNS.map(([key, , decimal]) => cell(branch, key, decimal, true)).join('')}</tr>`;
  return {
    subject: `Evaluasi Kepuasan Pelanggan ${branchName} ${period}`,
    body: `<p>Evaluasi kepuasan pelanggan cabang <b>${escapeHtml(branchName)}</b> bulan ${period} (survei setelah servis).</p><table border="1" cellpadding="4" style="border-collapse:collapse">${header}${rows}${total}</table><p>NPS = % promoter − % detraktor. Detraktor (NPS ≤ 6 atau CSAT ≤ 2) dibuatkan keluhan untuk Customer Service; "sudah ditangani" = keluhannya selesai.</p><p>Rincian ada di Odoo: CRM H23 → Survei Kepuasan (pivot dan grafik).</p><p><i>Dikirim otomatis oleh h23-bridge.</i></p>`,
  };
}
