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

/** CSV cells with quotes doubled; a leading `=`, `+`, `-` or `@` is quoted so Excel does not run it. */
function csvCell(text: string): string {
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The quarantine report: one line per issue, ordered by row, in Indonesian,
 * with `;` separators and a BOM so Excel set to Indonesian opens it as columns.
 */
export function renderIssueReport(fileName: string, issues: readonly RowIssue[]): string {
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
  return `\uFEFF${[header.join(';'), ...lines].join('\r\n')}\r\n`;
}
