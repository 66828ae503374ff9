import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { CsvError, parse } from 'csv-parse';
import { columnLetter } from '../../rules/import/layout.js';
import type { RawRow } from './raw-row.js';
import { isReportFileError, ReportFileError } from './report-errors.js';
import { preview, type ReportLimits, reportLimits } from './report-limits.js';
import { detectDelimiter, type TextEncoding } from './sniff.js';

/**
 * Streams the rows of a CSV file in its own encoding: decoded chunk by chunk
 * (a character cut between chunks is kept for the next) and parsed with
 * quoting, so memory holds one chunk and one row at a time. Row numbers count
 * records, as Excel numbers its rows. A row is refused, with its number, past
 * Excel's limits of columns and characters per cell, or past `maxRowChars`
 * (checked on the raw line too, separators included, before the parser holds
 * it); a quote never closed is refused with the row it opened in.
 */
export async function* readCsvRows(
  path: string,
  encoding: TextEncoding,
  sample: string,
  options: { fileName?: string; limits?: Partial<ReportLimits> } = {},
): AsyncGenerator<RawRow, void, undefined> {
  const file = options.fileName ?? basename(path);
  const limits = reportLimits(options.limits);
  const parser = parse({
    delimiter: detectDelimiter(sample),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    trim: false,
    bom: true,
    max_record_size: limits.maxRowChars,
  });
  const refuse = (row: number, message: string, column?: number) =>
    new ReportFileError('over_limit', file, message, undefined, {
      row,
      ...(column === undefined ? {} : { column: columnLetter(column) }),
    });
  const decoder = new TextDecoder(encoding);
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  // Set when a line runs past `maxRowChars` (counted across chunks, separators included, so
  // that a line of a million separators is never split): the rows before it are read, then
  // the file is refused at it.
  let longLine = false;
  const feed = (async () => {
    let lineChars = 0;
    try {
      for await (const chunk of source) {
        const text = decoder.decode(chunk as Buffer, { stream: true });
        const newline = text.lastIndexOf('\n');
        lineChars = newline < 0 ? lineChars + text.length : text.length - newline - 1;
        if (lineChars > limits.maxRowChars) {
          longLine = true;
          if (newline >= 0) parser.write(text.slice(0, newline + 1));
          parser.end();
          return;
        }
        // Closed too when the reader stops early (the header search reads 25 rows): the feed ends with it.
        if (!parser.write(text))
          await new Promise((resolve) => {
            parser.once('drain', resolve);
            parser.once('close', resolve);
          });
        if (parser.destroyed) return;
      }
      const rest = decoder.decode();
      if (rest) parser.write(rest);
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    } finally {
      source.destroy();
    }
  })();
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      if (record.length > limits.maxColumns)
        throw refuse(
          row,
          `${record.length.toLocaleString('en-US')} columns, past Excel's last column, XFD (${limits.maxColumns.toLocaleString('en-US')})`,
        );
      record.forEach((cell, column) => {
        if (cell.length > limits.maxCellChars)
          throw refuse(
            row,
            `a cell of more than ${limits.maxCellChars.toLocaleString('en-US')} characters (Excel's limit), beginning ${preview(cell)}`,
            column,
          );
      });
      yield { row, cells: record };
    }
  } catch (error) {
    // A quote left open where the long line was cut off is the long line's fault.
    if (longLine) throw refuse(row + 1, longLineMessage(limits));
    throw parserFailure(error, file, parser.info.records + 1, limits);
  } finally {
    parser.destroy();
    source.destroy();
  }
  await feed;
  if (longLine) throw refuse(row + 1, longLineMessage(limits));
}

function longLineMessage(limits: ReportLimits): string {
  return `a line of more than ${limits.maxRowChars.toLocaleString('en-US')} characters`;
}

/** csv-parse's errors as refusals of the file, at the row being read. */
function parserFailure(error: unknown, file: string, row: number, limits: ReportLimits): unknown {
  if (isReportFileError(error) || !(error instanceof CsvError)) return error;
  if (error.code === 'CSV_MAX_RECORD_SIZE')
    return new ReportFileError(
      'over_limit',
      file,
      `a row of more than ${limits.maxRowChars.toLocaleString('en-US')} characters`,
      undefined,
      { row },
    );
  if (error.code === 'CSV_QUOTE_NOT_CLOSED')
    return new ReportFileError(
      'malformed',
      file,
      'a quote (") opened in this row is never closed',
      'Tanda kutip (") yang dibuka di baris ini tidak pernah ditutup.',
      { row },
    );
  return new ReportFileError('malformed', file, `the CSV cannot be read (${error.code})`, undefined, { row });
}
