import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip, deflatedRepeat, type ZipEntrySpec } from '../../../test/fuzz/zip.js';
import { openReport } from './open-report.js';
import { isReportFileError, type ReportFileError } from './report-errors.js';
import { REPORT_LIMITS, type ReportLimits } from './report-limits.js';
import { SharedStrings } from './xlsx-reader.js';

/**
 * Each limit of the readers, at its edge: a file just within is read, one just past is
 * refused with the problem and the place (part, sheet, row, column), and the message names
 * the file by the name it was given (an upload sits on disk as `upload`).
 */
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'h23-limits-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

interface Book {
  sheet?: string;
  strings?: string;
  styles?: string;
  workbook?: string;
  rels?: string;
  /** Replaces the sheet's entry (sizes that lie, bombs). */
  sheetEntry?: Omit<ZipEntrySpec, 'name'>;
  extra?: ZipEntrySpec[];
}

function rowsXml(rows: readonly (readonly string[])[]): string {
  return rows
    .map(
      (cells, at) =>
        `<row r="${at + 1}">${cells.map((cell) => `<c t="inlineStr"><is><t>${cell}</t></is></c>`).join('')}</row>`,
    )
    .join('');
}

const HEADER = rowsXml([
  ['No Mesin', 'Tgl Beli'],
  ['JM31E1234567', '17/08/2025'],
]);

function xlsx(book: Book = {}): Buffer {
  const entries: ZipEntrySpec[] = [
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        book.workbook ??
          `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="CDB" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from(
        book.rels ??
          `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      ...(book.sheetEntry ?? {
        data: Buffer.from(
          book.sheet ?? `${XML}<worksheet xmlns="${MAIN}"><sheetData>${HEADER}</sheetData></worksheet>`,
        ),
      }),
    },
    { name: 'xl/sharedStrings.xml', data: Buffer.from(book.strings ?? `${XML}<sst xmlns="${MAIN}"></sst>`) },
    { name: 'xl/styles.xml', data: Buffer.from(book.styles ?? `${XML}<styleSheet xmlns="${MAIN}"/>`) },
    ...(book.extra ?? []),
  ];
  return buildZip(entries);
}

function sheet(rows: string, after = ''): string {
  return `${XML}<worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData>${after}</worksheet>`;
}

let written = 0;
/** Reads a file to the end as an upload named `cdb.xlsx` (or `.csv`): its rows, or the refusal. */
async function readAll(
  bytes: Buffer,
  limits: Partial<ReportLimits> = {},
  name = 'cdb.xlsx',
): Promise<{ rows: Array<Array<string | number | null>>; error: ReportFileError | null }> {
  written += 1;
  const path = join(folder, `upload-${written}`);
  await writeFile(path, bytes);
  const rows: Array<Array<string | number | null>> = [];
  try {
    const source = await openReport(path, name, { limits });
    for await (const row of source.rows()) rows.push(row.cells);
    return { rows, error: null };
  } catch (error) {
    if (!isReportFileError(error)) throw error;
    return { rows, error };
  }
}

const long = (length: number, char = 'A') => char.repeat(length);

describe('xlsx limits', () => {
  it.each([
    {
      name: 'a cell of exactly 32,767 characters is read',
      book: {
        sheet: sheet(`${HEADER}<row r="3"><c r="C3" t="inlineStr"><is><t>${long(32_767)}</t></is></c></row>`),
      },
      refused: null,
    },
    {
      name: 'an inline cell of 32,768 characters: row and column',
      book: {
        sheet: sheet(`${HEADER}<row r="3"><c r="C3" t="inlineStr"><is><t>${long(32_768)}</t></is></c></row>`),
      },
      refused: {
        problem: 'over_limit',
        where: { sheet: 'CDB', row: 3, column: 'C' },
        message: /32,767 characters/,
      },
    },
    {
      name: 'a shared string of 40,000 characters, refused at the cell that uses it',
      book: {
        strings: `<sst xmlns="${MAIN}"><si><t>x</t></si><si><t>${long(40_000, 'é')}</t></si></sst>`,
        sheet: sheet(`${HEADER}<row r="5"><c r="B5" t="s"><v>1</v></c></row>`),
      },
      refused: {
        problem: 'over_limit',
        where: { sheet: 'CDB', row: 5, column: 'B' },
        message: /beginning "éééé/,
      },
    },
    {
      name: 'column XFD, the last, is read',
      book: { sheet: sheet(`${HEADER}<row r="3"><c r="XFD3"><v>1</v></c></row>`) },
      refused: null,
    },
    {
      name: 'column XFE is past Excel’s last',
      book: { sheet: sheet(`${HEADER}<row r="3"><c r="XFE3"><v>1</v></c></row>`) },
      refused: { problem: 'over_limit', where: { sheet: 'CDB', row: 3, column: 'XFE' }, message: /XFD/ },
    },
    {
      name: 'a reference of twenty letters',
      book: { sheet: sheet(`<row r="1"><c r="${long(20, 'Z')}1"><v>1</v></c></row>`) },
      refused: { problem: 'over_limit', where: { row: 1, column: 'ZZZZZZZZ…' }, message: /XFD/ },
    },
    {
      name: 'cells without references counted past the last column',
      book: { sheet: sheet(`<row r="1">${'<c><v>1</v></c>'.repeat(11)}</row>`) },
      limits: { maxColumns: 10 },
      refused: { problem: 'over_limit', where: { row: 1 }, message: /last column/ },
    },
    {
      name: 'row 1,048,576, Excel’s last, is read',
      book: { sheet: sheet(`${HEADER}<row r="1048576"><c r="A1048576"><v>1</v></c></row>`) },
      refused: null,
    },
    {
      name: 'row 1,048,577',
      book: { sheet: sheet(`${HEADER}<row r="1048577"><c r="A1048577"><v>1</v></c></row>`) },
      refused: { problem: 'over_limit', where: { row: 1_048_577 }, message: /last row/ },
    },
    {
      name: 'a row past the row limit',
      book: { sheet: sheet(`${HEADER}${rowsXml([['', '', long(60), long(60)]]).replace('r="1"', 'r="3"')}`) },
      limits: { maxRowChars: 100 },
      refused: { problem: 'over_limit', where: { row: 3 }, message: /a row of more than 100 characters/ },
    },
    {
      name: 'one shared string in every row, past the sheet’s characters',
      book: {
        strings: `<sst xmlns="${MAIN}"><si><t>${long(1000)}</t></si></sst>`,
        sheet: sheet(
          Array.from({ length: 20 }, (_, at) => `<row r="${at + 1}"><c t="s"><v>0</v></c></row>`).join(''),
        ),
      },
      limits: { maxSheetChars: 10_000 },
      refused: { problem: 'too_large', where: { row: 11 }, message: /in all/ },
    },
    {
      name: 'more merged ranges than the limit',
      book: {
        sheet: sheet(
          HEADER,
          `<mergeCells>${Array.from({ length: 6 }, (_, at) => `<mergeCell ref="C${at * 3 + 1}:D${at * 3 + 2}"/>`).join('')}</mergeCells>`,
        ),
      },
      limits: { maxMergedRanges: 5 },
      refused: {
        problem: 'over_limit',
        where: { part: 'xl/worksheets/sheet1.xml' },
        message: /merged ranges/,
      },
    },
    {
      name: 'overlapping merges over the whole width',
      book: {
        sheet: sheet(
          HEADER,
          '<mergeCells><mergeCell ref="A1:J2"/><mergeCell ref="B1:K2"/><mergeCell ref="C1:L2"/></mergeCells>',
        ),
      },
      limits: { maxColumns: 20 },
      refused: { problem: 'over_limit', where: { row: 1 }, message: /overlap/ },
    },
    {
      name: 'a comment of 2 MiB (with < inside) gathered without an event',
      book: {
        sheetEntry: { data: Buffer.from(sheet(`${HEADER}<!--${'<a'.repeat(1 << 20)}-->`)), stored: true },
      },
      refused: { problem: 'over_limit', where: { sheet: 'CDB' }, message: /without a tag/ },
    },
    {
      name: 'a DOCTYPE in the sheet (billion laughs)',
      book: {
        sheet: `${XML}<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet xmlns="${MAIN}"><sheetData><row r="1"><c t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>`,
      },
      refused: { problem: 'doctype', where: { part: 'xl/worksheets/sheet1.xml' }, message: /DOCTYPE/ },
    },
    {
      name: 'an external entity in the shared strings (XXE)',
      book: {
        strings: `${XML}<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><sst xmlns="${MAIN}"><si><t>&xxe;</t></si></sst>`,
      },
      refused: { problem: 'doctype', where: { part: 'xl/sharedStrings.xml' }, message: /DOCTYPE/ },
    },
    {
      name: 'a DOCTYPE in the workbook (read whole, not parsed)',
      book: {
        workbook: `${XML}<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="&xxe;" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      },
      refused: { problem: 'doctype', where: { part: 'xl/workbook.xml' }, message: /DOCTYPE/ },
    },
    {
      name: 'a sheet that is not well-formed',
      book: { sheet: `${XML}<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c>` },
      refused: {
        problem: 'malformed',
        where: { part: 'xl/worksheets/sheet1.xml' },
        message: /not well-formed/,
      },
    },
    {
      name: 'more shared strings than the limit',
      book: { strings: `<sst xmlns="${MAIN}">${'<si><t>x</t></si>'.repeat(11)}</sst>` },
      limits: { maxSharedStrings: 10 },
      refused: { problem: 'too_large', where: { part: 'xl/sharedStrings.xml' }, message: /shared strings/ },
    },
    {
      name: 'shared strings past their characters',
      book: { strings: `<sst xmlns="${MAIN}">${`<si><t>${long(30)}</t></si>`.repeat(4)}</sst>` },
      limits: { maxSharedStringChars: 100 },
      refused: { problem: 'too_large', where: { part: 'xl/sharedStrings.xml' }, message: /100 characters/ },
    },
    {
      name: 'styles past the size of a part read whole',
      book: { styles: `<styleSheet xmlns="${MAIN}">${' '.repeat(2000)}</styleSheet>` },
      limits: { maxWholePartBytes: 1000 },
      refused: {
        problem: 'too_large',
        where: { part: 'xl/styles.xml' },
        message: /declares 2,\d{3} bytes inflated \(at most 1,000 bytes\)/,
      },
    },
  ] as Array<{
    name: string;
    book: Book;
    limits?: Partial<ReportLimits>;
    refused: { problem: string; where: Record<string, unknown>; message: RegExp } | null;
  }>)('$name', async ({ book, limits, refused }) => {
    const { error, rows } = await readAll(xlsx(book), limits);
    if (!refused) {
      expect(error).toBeNull();
      expect(rows.length).toBeGreaterThan(0);
      return;
    }
    expect(error?.problem).toBe(refused.problem);
    expect(error?.where).toMatchObject(refused.where);
    expect(error?.message).toMatch(refused.message);
    expect(error?.message.startsWith('cdb.xlsx: ')).toBe(true);
    expect(error?.messageId).toMatch(/\S/);
    expect(error?.message).not.toMatch(/root:x:0:0/);
  });

  it.each([
    {
      name: 'more entries than the limit',
      bytes: () =>
        xlsx({
          extra: Array.from({ length: 6 }, (_, at) => ({
            name: `xl/media/${at}.bin`,
            data: Buffer.alloc(0),
          })),
        }),
      limits: { maxZipEntries: 10 },
      message: /11 entries/,
      problem: 'too_large',
    },
    {
      name: 'a sheet that declares 4 GiB',
      bytes: () => xlsx({ sheetEntry: { data: Buffer.from(sheet(HEADER)), declaredSize: 0xfffffff0 } }),
      message: /declares 4096 MiB/,
      problem: 'too_large',
    },
    {
      name: 'a sheet that declares 1 KB and inflates to 8 MiB',
      bytes: () =>
        xlsx({
          sheetEntry: {
            deflated: deflatedRepeat(
              `<worksheet xmlns="${MAIN}"><sheetData>${HEADER}`,
              Buffer.alloc(1 << 20, ' '),
              8,
              '</sheetData></worksheet>',
            ),
            declaredSize: 1000,
          },
        }),
      message: /past the size its zip header declares/,
      problem: 'too_large',
    },
    {
      name: 'a zip bomb: 300 MiB of spaces in a sheet of kilobytes, stopped at the ratio',
      bytes: () =>
        xlsx({
          sheetEntry: {
            deflated: deflatedRepeat(
              `<worksheet xmlns="${MAIN}"><sheetData>${HEADER}`,
              Buffer.alloc(1 << 20, ' '),
              300,
              '</sheetData></worksheet>',
            ),
          },
        }),
      message: /more than 100 times/,
      problem: 'too_large',
    },
    {
      name: 'a sheet past the inflated size of a part',
      bytes: () =>
        xlsx({ sheetEntry: { data: Buffer.from(sheet(`${HEADER}${' '.repeat(5000)}`)), stored: true } }),
      limits: { maxPartBytes: 4000 },
      message: /declares/,
      problem: 'too_large',
    },
    {
      name: 'an encrypted entry',
      bytes: () => {
        const bytes = xlsx();
        const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
        bytes.writeUInt16LE(bytes.readUInt16LE(central + 8) | 1, central + 8);
        return bytes;
      },
      message: /encrypted/,
      problem: 'malformed',
    },
  ] as Array<{
    name: string;
    bytes: () => Buffer;
    limits?: Partial<ReportLimits>;
    message: RegExp;
    problem: string;
  }>)('$name', async ({ bytes, limits, message, problem }) => {
    const { error } = await readAll(bytes(), limits);
    expect(error?.problem).toBe(problem);
    expect(error?.message).toMatch(message);
    expect(error?.message.startsWith('cdb.xlsx: ')).toBe(true);
  });

  it('the defaults are Excel’s own limits', () => {
    expect(REPORT_LIMITS).toMatchObject({ maxColumns: 16_384, maxRows: 1_048_576, maxCellChars: 32_767 });
  });

  it('reads parts written in UTF-16 with a byte-order mark', async () => {
    const sheetXml = sheet(HEADER);
    const utf16be = Buffer.from(sheetXml, 'utf16le').swap16();
    const { rows, error } = await readAll(
      xlsx({ sheetEntry: { data: Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]) } }),
    );
    expect(error).toBeNull();
    expect(rows[1]).toEqual(['JM31E1234567', '17/08/2025']);
  });

  it('a formula cell gives its last result, never its formula', async () => {
    const { rows } = await readAll(
      xlsx({
        sheet: sheet(
          `${HEADER}<row r="3"><c r="A3" t="str"><f>HYPERLINK("http://x.invalid","y")</f><v>y</v></c><c r="B3"><f>1+1</f></c></row>`,
        ),
      }),
    );
    expect(rows[2]).toEqual(['y', null]);
  });

  it('a sheet name naming no character (&#x110000;) is no crash', async () => {
    const { error } = await readAll(
      xlsx({
        workbook: `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="&#x110000;" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      }),
    );
    expect(error).toBeNull();
  });

  it.each([
    [1.5, ''],
    [-1, ''],
    [Number.NaN, ''],
    [4096, ''],
    [1, 'b'],
  ])('shared string %s of a table of two is %j', (index, expected) => {
    const strings = new SharedStrings();
    strings.push('a');
    strings.push('b');
    strings.seal();
    expect(strings.get(index)).toBe(expected);
  });
});

describe('CSV limits', () => {
  it.each([
    {
      name: 'a cell of exactly 32,767 characters is read',
      text: `No Mesin;Nama\nJM31E1234567;${long(32_767)}\n`,
      refused: null,
    },
    {
      name: 'a cell of 32,768 characters: row and column',
      text: `No Mesin;Nama\nJM31E1234567;Budi\nJM31E1234568;${long(32_768)}\n`,
      refused: { problem: 'over_limit', where: { row: 3, column: 'B' }, message: /32,767 characters/ },
    },
    {
      name: '16,384 columns are read',
      text: `No Mesin${';'.repeat(16_383)}\n`,
      refused: null,
    },
    {
      name: 'a line of a million separators',
      text: `No Mesin;Nama\nJM31E1234567${';'.repeat(1_000_000)}\n`,
      refused: { problem: 'over_limit', where: { row: 2 }, message: /1,000,001 columns/ },
    },
    {
      name: 'a line past the row limit before it is split (read across chunks)',
      text: `No Mesin;Nama\n${'A;'.repeat(150_000)}`,
      limits: { maxRowChars: 1000, maxCellChars: 100_000 },
      refused: { problem: 'over_limit', where: { row: 2 }, message: /a line of more than 1,000/ },
    },
    {
      name: 'a quoted row past the row limit (lines inside quotes)',
      text: `No Mesin;Nama\n"${'ab\n'.repeat(1000)}"\n`,
      limits: { maxRowChars: 1000, maxCellChars: 100_000 },
      refused: { problem: 'over_limit', where: { row: 2 }, message: /a row of more than 1,000/ },
    },
    {
      name: 'a quote never closed',
      text: 'No Mesin;Nama\nJM31E1234567;Budi\n"JM31E1234568;Ani\n',
      refused: { problem: 'malformed', where: { row: 3 }, message: /never closed/ },
    },
  ] as Array<{
    name: string;
    text: string;
    limits?: Partial<ReportLimits>;
    refused: { problem: string; where: Record<string, unknown>; message: RegExp } | null;
  }>)('$name', async ({ text, limits, refused }) => {
    const { error, rows } = await readAll(Buffer.from(text), limits, 'cdb.csv');
    if (!refused) {
      expect(error).toBeNull();
      expect(rows.length).toBeGreaterThan(0);
      return;
    }
    expect(error?.problem).toBe(refused.problem);
    expect(error?.where).toEqual(refused.where);
    expect(error?.message).toMatch(refused.message);
    expect(error?.message.startsWith('cdb.csv: ')).toBe(true);
  });
});
