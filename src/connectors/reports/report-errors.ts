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
  | 'no_header'
  /** Past a reader's limit on what a file may hold (zip entries, inflated bytes, ratio, strings). */
  | 'too_large'
  /** A cell, row or sheet past Excel's own limits (columns, characters). */
  | 'over_limit'
  /** XML with a document type declaration: entities are not read (billion laughs, XXE). */
  | 'doctype'
  /** Not well-formed: an XML part that does not parse, a CSV quote never closed. */
  | 'malformed';

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
  too_large:
    'Berkas terlalu besar untuk dibaca atau isinya mengembang tidak wajar (bom zip?). Simpan ulang dari Excel sebagai .xlsx atau CSV, atau bagi menjadi beberapa berkas.',
  over_limit:
    'Ada sel atau baris yang melebihi batas Excel (16.384 kolom, 32.767 karakter per sel). Periksa sel yang disebut, perbaiki, lalu unggah ulang.',
  doctype:
    'Berkas Excel berisi deklarasi DOCTYPE/entitas XML yang tidak pernah ditulis Excel; ditolak demi keamanan. Simpan ulang dari Excel lalu unggah ulang.',
  malformed: 'Isi berkas rusak dan tidak dapat dibaca. Simpan ulang dari Excel lalu unggah ulang.',
};

/**
 * Where in the file the reader stopped: the zip part, the sheet, the row (as the
 * spreadsheet numbers it) and the column letter, as far as known.
 */
export interface ReportLocation {
  part?: string;
  sheet?: string;
  row?: number;
  column?: string;
}

/** `sheet "CDB", row 4, column C`: where to look, in English for logs and the CLI. */
export function describeLocation(where: ReportLocation): string {
  return [
    where.part ? `part ${where.part}` : '',
    where.sheet !== undefined ? `sheet "${where.sheet}"` : '',
    where.row !== undefined ? `row ${where.row}` : '',
    where.column !== undefined ? `column ${where.column}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** `Lembar "CDB", baris 4, kolom C`: the same for the PIC. */
function describeLocationId(where: ReportLocation): string {
  const text = [
    where.sheet !== undefined ? `lembar "${where.sheet}"` : '',
    where.row !== undefined ? `baris ${where.row}` : '',
    where.column !== undefined ? `kolom ${where.column}` : '',
    where.part && where.row === undefined ? `bagian ${where.part}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return text ? `${text.charAt(0).toUpperCase()}${text.slice(1)}` : '';
}

export class ReportFileError extends Error {
  override readonly name = 'ReportFileError';

  constructor(
    readonly problem: ReportFileProblem,
    readonly file: string,
    message: string,
    /** Extra Indonesian detail (e.g. the missing columns). */
    readonly detailId?: string,
    /** Where the reader stopped, for a problem of one place in the file. */
    readonly where?: ReportLocation,
  ) {
    const place = where ? describeLocation(where) : '';
    super(`${file}: ${place ? `${place}: ` : ''}${message}`);
  }

  /** What the PIC reads in Odoo. */
  get messageId(): string {
    const place = this.where ? describeLocationId(this.where) : '';
    return [INDONESIAN[this.problem], place ? `${place}:` : '', this.detailId ?? '']
      .filter(Boolean)
      .join(' ')
      .replace(/:$/, '.');
  }
}

export function isReportFileError(error: unknown): error is ReportFileError {
  return error instanceof ReportFileError;
}
