import type { NormalizeFailure } from './normalize.js';

/**
 * What can be wrong with a report row, and how the PIC CRM reads it. Errors
 * keep the row out of Odoo (quarantine); warnings let it in with the problem
 * flagged on the unit. Messages are Bahasa Indonesia: the quarantine report is
 * read by the PIC in Excel.
 */

export type IssueCode =
  | 'row_malformed'
  | 'engine_missing'
  | 'engine_malformed'
  | 'duplicate_conflict'
  | 'purchase_date_missing'
  | 'purchase_date_unreadable'
  | 'purchase_date_not_in_calendar'
  | 'purchase_date_future'
  | 'purchase_date_too_old'
  | 'owner_name_missing'
  | 'phone_missing'
  | 'phone_invalid'
  | 'phone_precision_lost'
  | 'frame_malformed'
  | 'kpb_missing'
  | 'kpb_number_invalid'
  | 'kpb_date_unreadable'
  | 'kpb_date_not_in_calendar'
  | 'kpb_date_future'
  | 'kpb_before_purchase'
  | 'kpb_conflict'
  | 'km_unreadable'
  | 'unknown_engine'
  | 'odoo_refused'
  | 'wor_engine_malformed'
  | 'visit_date_missing'
  | 'visit_date_unreadable'
  | 'visit_date_not_in_calendar'
  | 'visit_date_future'
  | 'carrier_name_missing'
  | 'carrier_phone_invalid'
  | 'service_type_unknown'
  | 'dealer_code_unknown'
  | 'wo_duplicate_conflict';

export type Severity = 'error' | 'warning';

type CheckedValue =
  | 'engine'
  | 'purchase_date'
  | 'kpb_date'
  | 'phone'
  | 'wor_engine'
  | 'visit_date'
  | 'carrier_phone';

/** Why a value failed normalisation, as the issue the report names; anything else is the fallback. */
const FAILURE_CODES: Readonly<
  Record<CheckedValue, { fallback: IssueCode; by: Partial<Record<NormalizeFailure, IssueCode>> }>
> = {
  engine: { fallback: 'engine_malformed', by: { empty: 'engine_missing' } },
  purchase_date: {
    fallback: 'purchase_date_unreadable',
    by: { empty: 'purchase_date_missing', date_not_in_calendar: 'purchase_date_not_in_calendar' },
  },
  kpb_date: { fallback: 'kpb_date_unreadable', by: { date_not_in_calendar: 'kpb_date_not_in_calendar' } },
  phone: {
    fallback: 'phone_invalid',
    by: { empty: 'phone_missing', phone_precision_lost: 'phone_precision_lost' },
  },
  wor_engine: { fallback: 'wor_engine_malformed', by: { empty: 'engine_missing' } },
  visit_date: {
    fallback: 'visit_date_unreadable',
    by: { empty: 'visit_date_missing', date_not_in_calendar: 'visit_date_not_in_calendar' },
  },
  carrier_phone: { fallback: 'carrier_phone_invalid', by: { phone_precision_lost: 'phone_precision_lost' } },
};

export function failureCode(value: CheckedValue, reason: NormalizeFailure): IssueCode {
  const codes = FAILURE_CODES[value];
  return codes.by[reason] ?? codes.fallback;
}

export interface RowIssue {
  /** 1-based row number as the spreadsheet shows it. */
  row: number;
  /** Header text and column letter, e.g. `No HP (F)`; absent for whole-row issues. */
  column?: string;
  value?: string;
  code: IssueCode;
  severity: Severity;
  /** Extra facts for the message: the other rows, Odoo's own words. */
  detail?: string;
}

const MESSAGES: Readonly<Record<IssueCode, string>> = {
  row_malformed: 'Baris rusak: jumlah kolom tidak sesuai dengan judul kolom',
  engine_missing: 'Nomor mesin kosong',
  engine_malformed: 'Nomor mesin tidak valid (harus 8–15 huruf/angka, contoh JM31E1234567)',
  duplicate_conflict: 'Nomor mesin muncul lebih dari sekali dengan data berbeda; tidak ada yang diimpor',
  purchase_date_missing: 'Tanggal beli kosong',
  purchase_date_unreadable: 'Tanggal beli tidak terbaca (contoh format: 17/08/2025 atau 17 Agustus 2025)',
  purchase_date_not_in_calendar: 'Tanggal beli tidak ada di kalender',
  purchase_date_future: 'Tanggal beli di masa depan',
  purchase_date_too_old: 'Tanggal beli sebelum tahun 2000',
  owner_name_missing: 'Nama pemilik kosong; unit diimpor tanpa pemilik',
  phone_missing: 'Nomor HP kosong; unit ditandai nomor HP tidak valid',
  phone_invalid: 'Nomor HP tidak valid; unit ditandai nomor HP tidak valid',
  phone_precision_lost:
    'Nomor HP rusak oleh Excel (format angka ilmiah, digit hilang); perbaiki kolom sebagai Teks',
  frame_malformed: 'Nomor rangka tidak valid (harus 17 karakter); tidak diimpor',
  kpb_missing: 'Tidak ada tanggal KPB di baris ini',
  kpb_number_invalid: 'Nomor KPB tidak valid (harus 1–4)',
  kpb_date_unreadable: 'Tanggal KPB tidak terbaca',
  kpb_date_not_in_calendar: 'Tanggal KPB tidak ada di kalender',
  kpb_date_future: 'Tanggal KPB di masa depan',
  kpb_before_purchase: 'Tanggal KPB sebelum tanggal beli unit',
  kpb_conflict: 'KPB yang sama tercatat dengan tanggal berbeda; tidak ada yang diimpor untuk KPB ini',
  km_unreadable: 'Kilometer tidak terbaca; diabaikan',
  unknown_engine: 'Nomor mesin tidak ditemukan di Odoo (impor CDB terlebih dahulu)',
  odoo_refused: 'Ditolak oleh Odoo',
  wor_engine_malformed:
    'Nomor mesin tidak sesuai format (8–15 huruf/angka, contoh JM31E1234567); WOR tetap diimpor dan ditinjau admin',
  visit_date_missing: 'Tanggal kunjungan kosong',
  visit_date_unreadable: 'Tanggal kunjungan tidak terbaca (contoh format: 17/08/2025 atau 17 Agustus 2025)',
  visit_date_not_in_calendar: 'Tanggal kunjungan tidak ada di kalender',
  visit_date_future: 'Tanggal kunjungan di masa depan',
  carrier_name_missing: 'Nama pembawa kosong',
  carrier_phone_invalid: 'Nomor HP pembawa tidak valid; disimpan apa adanya untuk diperiksa',
  service_type_unknown: 'Jenis servis tidak dikenal (isi KPB 1–4 atau Reguler); dikosongkan',
  dealer_code_unknown: 'Kode dealer tidak ada pada data Cabang di Odoo; WOR diimpor tanpa cabang',
  wo_duplicate_conflict: 'WOR yang sama muncul lebih dari sekali dengan data berbeda; tidak ada yang diimpor',
};

const SEVERITY_LABEL: Readonly<Record<Severity, string>> = { error: 'Ditolak', warning: 'Peringatan' };

export function issueMessage(issue: RowIssue): string {
  const base = MESSAGES[issue.code];
  return issue.detail ? `${base}: ${issue.detail}` : base;
}

export function isError(issue: RowIssue): boolean {
  return issue.severity === 'error';
}

/** Characters past which an issue's value or detail is cut: a message names a value, it does not carry a file. */
export const ISSUE_TEXT_MAX = 100;

function clip(text: string): string {
  return text.length > ISSUE_TEXT_MAX ? `${text.slice(0, ISSUE_TEXT_MAX)}… (${text.length} karakter)` : text;
}

/** The issue with its value and detail cut to {@link ISSUE_TEXT_MAX}: 100,000 rows of 30,000-character cells cost no gigabytes. */
export function clippedIssue(issue: RowIssue): RowIssue {
  const long = (issue.value?.length ?? 0) > ISSUE_TEXT_MAX || (issue.detail?.length ?? 0) > ISSUE_TEXT_MAX;
  if (!long) return issue;
  return {
    ...issue,
    ...(issue.value === undefined ? {} : { value: clip(issue.value) }),
    ...(issue.detail === undefined ? {} : { detail: clip(issue.detail) }),
  };
}

/**
 * Rows named in a message: the first ten, then how many more (`5, 6, …, 14 dan 19.990 baris
 * lain`), without `own` (one of `rows`: the row the message is on). Each of 20,000 rows of a
 * conflict names the others in constant time, not by walking them all.
 */
export function rowList(rows: readonly number[], own?: number): string {
  const shown: number[] = [];
  for (let at = 0; at < rows.length && shown.length < 10; at += 1) {
    if (rows[at] !== own) shown.push(rows[at] as number);
  }
  const others = rows.length - shown.length - (own === undefined ? 0 : 1);
  return others > 0
    ? `${shown.join(', ')} dan ${others.toLocaleString('id-ID')} baris lain`
    : shown.join(', ');
}

/**
 * Text a spreadsheet would take for a formula when it opens the CSV: a leading `=`, `+`, `-`,
 * `@`, tab or carriage return (OWASP, "CSV Injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** CSV cells with quotes doubled; a cell a spreadsheet would run as a formula starts with `'`, so it stays text. */
function csvCell(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Issues kept for the quarantine report: the first 50,000 found (a report of a few megabytes);
 * past them a hostile file of short rows would fill the import's heap with issues, and the
 * PIC has the file to fix anyway. The counts of quarantined and warned rows stay exact.
 */
export const MAX_LISTED_ISSUES = 50_000;

/**
 * The quarantine report: one line per issue, ordered by row, in Indonesian,
 * with `;` separators and a BOM so Excel set to Indonesian opens it as columns;
 * `notListed` issues past {@link MAX_LISTED_ISSUES} are counted on a last line.
 */
export function renderIssueReport(fileName: string, issues: readonly RowIssue[], notListed = 0): string {
  const header = ['Berkas', 'Baris', 'Kolom', 'Nilai', 'Tingkat', 'Alasan'];
  const lines = [...issues]
    .sort((a, b) => a.row - b.row || (a.column ?? '').localeCompare(b.column ?? ''))
    .map((issue) =>
      [
        fileName,
        String(issue.row),
        issue.column ?? '',
        issue.value ?? '',
        SEVERITY_LABEL[issue.severity],
        issueMessage(issue),
      ]
        .map(csvCell)
        .join(';'),
    );
  if (notListed > 0)
    lines.push(
      [
        fileName,
        '',
        '',
        '',
        '',
        `… dan ${notListed.toLocaleString('id-ID')} masalah lain tidak dicantumkan (laporan memuat ${MAX_LISTED_ISSUES.toLocaleString('id-ID')} yang pertama)`,
      ]
        .map(csvCell)
        .join(';'),
    );
  return `\uFEFF${[header.join(';'), ...lines].join('\r\n')}\r\n`;
}
