import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { readCsvRows } from './csv-reader.js';
import type { RawRow } from './raw-row.js';
import { ReportFileError } from './report-errors.js';
import type { ReportLimits } from './report-limits.js';
import { detectEncoding, detectFormat, type TextEncoding } from './sniff.js';
import { readXlsxRows } from './xlsx-reader.js';

export interface ReportSource {
  path: string;
  fileName: string;
  format: 'xlsx' | 'csv';
  /** For CSV: the encoding found. */
  encoding?: TextEncoding;
  bytes: number;
  /** A fresh pass over the rows each call: imports read a file twice rather than hold it. */
  rows(): AsyncGenerator<RawRow, void, undefined>;
}

const SNIFF_BYTES = 64 * 1024;

/**
 * Opens a portal report whatever Windows did to it: XLSX, or CSV in UTF-8 (with
 * or without BOM), UTF-16 or Windows-1252. Legacy `.xls`, HTML saved as `.xls`,
 * and binary garbage are refused with a message saying what to do. `sheet`:
 * the worksheet of a workbook to read (by name; the first by default). Both readers stop at the
 * limits of `report-limits.ts` (`limits` replaces some, for tests), and every refusal names
 * `fileName` with the place in the file.
 */
export async function openReport(
  path: string,
  fileName = basename(path),
  options: { sheet?: string; limits?: Partial<ReportLimits> } = {},
): Promise<ReportSource> {
  const size = await stat(path).then(
    (info) => info.size,
    () => {
      throw new ReportFileError('not_found', fileName, 'file not found');
    },
  );
  const handle = await open(path, 'r');
  const head = Buffer.alloc(Math.min(SNIFF_BYTES, size));
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  switch (detectFormat(head)) {
    case 'empty':
      throw new ReportFileError('empty', fileName, 'the file is empty');
    case 'legacy_xls':
      throw new ReportFileError(
        'legacy_xls',
        fileName,
        'legacy Excel 97-2003 (.xls) is not read: save as .xlsx or CSV',
      );
    case 'html':
      throw new ReportFileError(
        'html_disguised',
        fileName,
        'this is an HTML page named like a spreadsheet: save as .xlsx or CSV',
      );
    case 'binary':
      throw new ReportFileError('binary', fileName, 'binary content: neither CSV text nor an xlsx workbook');
    case 'xlsx':
      return {
        path,
        fileName,
        format: 'xlsx',
        bytes: size,
        rows: () => readXlsxRows(path, { ...options, fileName }),
      };
    case 'text': {
      const encoding = detectEncoding(head);
      const sample = new TextDecoder(encoding).decode(head);
      return {
        path,
        fileName,
        format: 'csv',
        encoding,
        bytes: size,
        rows: () =>
          readCsvRows(path, encoding, sample, {
            fileName,
            ...(options.limits ? { limits: options.limits } : {}),
          }),
      };
    }
  }
}
