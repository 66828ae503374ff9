import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { isReportFileError } from './report-errors.js';
import { excelPrecision, parseMergeRef, readXlsxRows } from './xlsx-reader.js';

/**
 * Workbooks as other writers lay them out, written part by part: the part names a writer
 * chooses (found through the relationships), several sheets, inline strings, ISO date cells,
 * numbers printed with the double's noise, merged ranges.
 */
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'h23-xlsx-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

async function workbook(name: string, sheets: Record<string, string>): Promise<string> {
  const path = join(folder, name);
  const zip = new yazl.ZipFile();
  const names = Object.keys(sheets);
  zip.addBuffer(
    Buffer.from(
      `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${names
        .map((sheet, at) => `<sheet name="${sheet}" sheetId="${at + 1}" r:id="rId${at + 7}"/>`)
        .join('')}</sheets></workbook>`,
    ),
    'xl/workbook.xml',
  );
  // Parts named as another writer might: found only through the relationships.
  zip.addBuffer(
    Buffer.from(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${names
        .map(
          (_, at) =>
            `<Relationship Id="rId${at + 7}" Type="${REL}/worksheet" Target="/xl/data/lembar${at + 1}.xml"/>`,
        )
        .join('')}</Relationships>`,
    ),
    'xl/_rels/workbook.xml.rels',
  );
  names.forEach((sheet, at) => {
    zip.addBuffer(
      Buffer.from(`<?xml version="1.0"?><worksheet xmlns="${MAIN}">${sheets[sheet]}</worksheet>`),
      `xl/data/lembar${at + 1}.xml`,
    );
  });
  zip.end();
  const output = createWriteStream(path);
  zip.outputStream.pipe(output);
  await finished(output);
  return path;
}

async function rowsOf(path: string, sheet?: string) {
  const rows = [];
  for await (const row of readXlsxRows(path, sheet ? { sheet } : {})) rows.push(row.cells);
  return rows;
}

describe('cells as other writers type them', () => {
  it('text of digits stays text (inline, formula text); a number printed with noise reads as Excel shows it', async () => {
    const path = await workbook('types.xlsx', {
      Data: `<sheetData><row r="1">
        <c r="A1" t="inlineStr"><is><t>081234567890</t></is></c>
        <c r="B1" t="str"><v>0012345</v></c>
        <c r="C1"><v>6.2812345678900011E+12</v></c>
        <c r="D1"><v>8.1234567890000015E+10</v></c>
        <c r="E1"><v>0.30000000000000004</v></c>
        <c r="F1" t="d"><v>2025-08-18T00:00:00Z</v></c>
        <c r="G1" t="d"><v>2025-08-18T09:30:00</v></c>
      </row></sheetData>`,
    });
    expect(await rowsOf(path)).toEqual([
      ['081234567890', '0012345', 6281234567890, 81234567890, 0.3, '2025-08-18', '2025-08-18 09:30:00'],
    ]);
  });
});

describe('the sheet to read', () => {
  const sheets = {
    Petunjuk: '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>baca saya</t></is></c></row></sheetData>',
    Data: '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>No Mesin</t></is></c></row></sheetData>',
  };

  it('is the first by default, or the one named (import.sheet), wherever its part is', async () => {
    const path = await workbook('sheets.xlsx', sheets);
    expect(await rowsOf(path)).toEqual([['baca saya']]);
    expect(await rowsOf(path, 'Data')).toEqual([['No Mesin']]);
  });

  it('a name the workbook does not have fails with the sheets it has, in Indonesian for the PIC', async () => {
    const path = await workbook('sheets-missing.xlsx', sheets);
    const error = await rowsOf(path, 'CDB').catch((caught: unknown) => caught);
    expect(isReportFileError(error) && error.problem).toBe('no_sheet');
    expect(isReportFileError(error) && error.messageId).toBe(
      'Berkas Excel tidak berisi lembar kerja. Lembar kerja "CDB" (pengaturan import.sheet) tidak ada; lembar yang ada: "Petunjuk", "Data".',
    );
  });
});

describe('merged ranges', () => {
  it('fill every cell of the range with its top-left value, across rows and columns, also with a prefix', async () => {
    const path = await workbook('merged.xlsx', {
      Data: `<sheetData>
        <row r="1"><c r="A1" t="inlineStr"><is><t>No Mesin</t></is></c><c r="B1" t="inlineStr"><is><t>Pemilik</t></is></c><c r="C1"/></row>
        <row r="2"><c r="B2" t="inlineStr"><is><t>Nama</t></is></c><c r="C2" t="inlineStr"><is><t>No HP</t></is></c></row>
        <row r="3"><c r="A3" t="inlineStr"><is><t>JM11E1002003</t></is></c><c r="B3" t="inlineStr"><is><t>Sari</t></is></c></row>
      </sheetData><x:mergeCells xmlns:x="${MAIN}" count="2"><x:mergeCell ref="A1:A2"/><mergeCell ref="B1:C1"/></x:mergeCells>`,
    });
    expect(await rowsOf(path)).toEqual([
      ['No Mesin', 'Pemilik', 'Pemilik'],
      ['No Mesin', 'Nama', 'No HP'],
      ['JM11E1002003', 'Sari'],
    ]);
  });

  it.each([
    ['A1:B2', { top: 1, left: 0, bottom: 2, right: 1 }],
    ['c3:c5', { top: 3, left: 2, bottom: 5, right: 2 }],
    ['AA10:AB10', { top: 10, left: 26, bottom: 10, right: 27 }],
    // A whole-width title is cut to 256 columns.
    ['A1:XFD1', { top: 1, left: 0, bottom: 1, right: 255 }],
    ['A1:A1', null],
    ['B2:A1', null],
    ['A1', null],
  ])('parseMergeRef(%s)', (ref, expected) => {
    expect(parseMergeRef(ref)).toEqual(expected);
  });
});

describe('excelPrecision', () => {
  it.each([
    [Number('6.2812345678900011E+12'), 6281234567890],
    [Number('8.1234567890000015E+10'), 81234567890],
    [0.1 + 0.2, 0.3],
    [12345.6, 12345.6],
    [81234567890, 81234567890],
    [45887.5, 45887.5],
  ])('%s → %s', (value, expected) => {
    expect(excelPrecision(value)).toBe(expected);
  });
});
