import { createWriteStream } from 'node:fs';
import { PassThrough, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';
import { columnLetter } from '../../rules/import/layout.js';
import type { CellValue } from '../../rules/import/normalize.js';

/**
 * Writes report-shaped files the way the portal's users hand them over: XLSX
 * as Excel saves it (all text in the shared-string table) and CSV as Excel on
 * an Indonesian Windows saves it (`;`, UTF-8 with BOM, or Windows-1252).
 */

async function writeChunk(stream: Writable, text: string | Buffer): Promise<void> {
  if (!stream.write(text)) await new Promise((resolve) => stream.once('drain', resolve));
}

function escapeXml(text: string): string {
  return (
    text
      .replace(/[<>&"]/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[char] ?? char)
      // XML 1.0 forbids control characters other than tab, line feed and carriage return.
      .split('')
      .filter((char) => char >= ' ' || char === '\t' || char === '\n' || char === '\r')
      .join('')
  );
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;

function workbookXml(sheetName: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
}

/** Writes rows to an `.xlsx` file, streaming the sheet; text goes to the shared-string table, as Excel does. */
export async function writeXlsx(
  path: string,
  sheetName: string,
  rows: Iterable<readonly CellValue[]>,
): Promise<number> {
  const zip = new yazl.ZipFile();
  const output = createWriteStream(path);
  zip.outputStream.pipe(output);
  zip.addBuffer(Buffer.from(CONTENT_TYPES), '[Content_Types].xml');
  zip.addBuffer(Buffer.from(ROOT_RELS), '_rels/.rels');
  zip.addBuffer(Buffer.from(workbookXml(sheetName)), 'xl/workbook.xml');
  zip.addBuffer(Buffer.from(WORKBOOK_RELS), 'xl/_rels/workbook.xml.rels');
  const sheet = new PassThrough();
  zip.addReadStream(sheet, 'xl/worksheets/sheet1.xml');
  const strings = new Map<string, number>();
  const table: string[] = [];
  const indexOf = (text: string): number => {
    let index = strings.get(text);
    if (index === undefined) {
      index = table.length;
      strings.set(text, index);
      table.push(text);
    }
    return index;
  };
  await writeChunk(
    sheet,
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  );
  let rowNumber = 0;
  let buffered: string[] = [];
  for (const row of rows) {
    rowNumber += 1;
    const cells = row.map((cell, index) => {
      const reference = `${columnLetter(index)}${rowNumber}`;
      if (cell === null || cell === '') return '';
      if (typeof cell === 'number') return `<c r="${reference}"><v>${cell}</v></c>`;
      return `<c r="${reference}" t="s"><v>${indexOf(cell)}</v></c>`;
    });
    buffered.push(`<row r="${rowNumber}">${cells.join('')}</row>`);
    if (buffered.length >= 500) {
      await writeChunk(sheet, buffered.join(''));
      buffered = [];
    }
  }
  await writeChunk(sheet, `${buffered.join('')}</sheetData></worksheet>`);
  sheet.end();
  const shared = [
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${table.length}" uniqueCount="${table.length}">`,
    ...table.map((text) => `<si><t xml:space="preserve">${escapeXml(text)}</t></si>`),
    '</sst>',
  ].join('');
  zip.addBuffer(Buffer.from(shared), 'xl/sharedStrings.xml');
  zip.end();
  await finished(output);
  return rowNumber;
}

export type CsvEncoding = 'utf-8-bom' | 'utf-8' | 'windows-1252' | 'utf-16le';

/** Windows-1252 for the characters Indonesian names use; others become `?`, as Excel does. */
function encode(text: string, encoding: CsvEncoding): Buffer {
  if (encoding === 'utf-16le') return Buffer.from(text, 'utf16le');
  if (encoding !== 'windows-1252') return Buffer.from(text, 'utf8');
  const bytes = Buffer.alloc(text.length);
  let length = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 63;
    bytes[length] = code < 256 && (code < 0x80 || code > 0x9f) ? code : 63;
    length += 1;
  }
  return bytes.subarray(0, length);
}

function csvCell(cell: CellValue, delimiter: string): string {
  if (cell === null) return '';
  const text = String(cell);
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export async function writeCsv(
  path: string,
  rows: Iterable<readonly CellValue[]>,
  options: { delimiter?: ',' | ';' | '\t'; encoding?: CsvEncoding } = {},
): Promise<number> {
  const delimiter = options.delimiter ?? ';';
  const encoding = options.encoding ?? 'utf-8-bom';
  const output = createWriteStream(path);
  if (encoding === 'utf-8-bom') output.write(Buffer.from([0xef, 0xbb, 0xbf]));
  if (encoding === 'utf-16le') output.write(Buffer.from([0xff, 0xfe]));
  let count = 0;
  let buffered: string[] = [];
  for (const row of rows) {
    count += 1;
    buffered.push(`${row.map((cell) => csvCell(cell, delimiter)).join(delimiter)}\r\n`);
    if (buffered.length >= 1000) {
      await writeChunk(output, encode(buffered.join(''), encoding));
      buffered = [];
    }
  }
  output.end(encode(buffered.join(''), encoding));
  await finished(output);
  return count;
}
