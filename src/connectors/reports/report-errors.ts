/**
 * Why a report file cannot be read at all (as opposed to a bad row, which is
 * quarantined). Each carries an English message for logs and an Indonesian one
 * for the PIC, shown on the import batch in Odoo.
 */
export type ReportFileProblem =
  | 'not_found'
  | 'empty'
  | 'legacy_xls'
  | 'html_disguised'
  | 'binary'
  | 'truncated'
  | 'no_sheet'
  | 'no_header';

const INDONESIAN: Readonly<Record<ReportFileProblem, string>> = {
  not_found: 'Berkas tidak ditemukan.',
  empty: 'Berkas kosong.',
  legacy_xls:
    'Berkas berformat Excel lama (.xls). Buka di Excel lalu simpan sebagai "Excel Workbook (.xlsx)" atau "CSV UTF-8", kemudian unggah ulang.',
  html_disguised:
    'Berkas ini halaman web (HTML) yang diberi nama .xls, bukan lembar kerja Excel. Buka di Excel lalu simpan sebagai .xlsx atau CSV, kemudian unggah ulang.',
  binary: 'Berkas bukan CSV atau Excel yang dapat dibaca (isi biner atau rusak).',
  truncated: 'Berkas Excel rusak atau terpotong (unduhan tidak selesai?). Unduh ulang dari portal.',
  no_sheet: 'Berkas Excel tidak berisi lembar kerja.',
  no_header: 'Judul kolom tidak ditemukan.',
};

export class ReportFileError extends Error {
  override readonly name = 'ReportFileError';

  constructor(
    readonly problem: ReportFileProblem,
    readonly file: string,
    message: string,
    /** Extra Indonesian detail (e.g. the missing columns). */
    readonly detailId?: string,
  ) {
    super(`${file}: ${message}`);
  }

  /** What the PIC reads in Odoo. */
  get messageId(): string {
    return this.detailId ? `${INDONESIAN[this.problem]} ${this.detailId}` : INDONESIAN[this.problem];
  }
}

export function isReportFileError(error: unknown): error is ReportFileError {
  return error instanceof ReportFileError;
}
