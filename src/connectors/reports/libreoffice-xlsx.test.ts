import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/load.js';
import { memoryStores } from '../../../test/support/memory-stores.js';
import { importReport } from '../../jobs/import-report.js';
import { openReport } from './open-report.js';
import { dateStyleIndexes, isDateFormat, readXlsxRows } from './xlsx-reader.js';

/**
 * Workbooks written by a real third-party writer: LibreOffice Calc 7 headless converting
 * test/fixtures/libreoffice/cdb.csv (the portal's CDB layout, two title rows), once as
 * it saves by default (1900 date system) and once with the document's null date set to
 * 1904-01-01 (date1904="true"): see test/fixtures/libreoffice/README.md.
 */
const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/libreoffice');
const columns = loadConfig({ env: { ODOO_URL: 'http://odoo.test', ODOO_DB: 'x', ODOO_API_KEY: 'k' } }).import;
const PURCHASES = ['2025-08-18', '2024-02-29', '2022-03-01'];

async function rowsOf(file: string) {
  const rows = [];
  for await (const row of readXlsxRows(join(FIXTURES, file))) rows.push(row);
  return rows;
}

async function importCdb(file: string, branches: Record<string, number> = {}) {
  const stores = memoryStores();
  for (const [code, id] of Object.entries(branches)) stores.units.branches.set(code, id);
  const summary = await importReport(stores, {
    source: await openReport(join(FIXTURES, file)),
    kind: 'cdb',
    today: '2026-12-01',
    dryRun: false,
    chunkSize: 64,
    cdbColumns: columns.cdbColumns,
    a2Columns: columns.a2Columns,
  });
  return { stores, summary };
}

describe.each(['cdb-1900.xlsx', 'cdb-1904.xlsx'])('LibreOffice-written %s', (file) => {
  it('reads date-formatted cells as the dates the sheet shows, text phones as text', async () => {
    const rows = await rowsOf(file);
    expect(rows.slice(3).map((row) => row.cells[8])).toEqual(PURCHASES);
    // The apostrophe the CSV's author typed stays: the column was imported as text.
    expect(rows.slice(3).map((row) => row.cells[3])).toEqual([
      '081234567890',
      "'085712345678",
      '6281311112222',
    ]);
  });

  it('imports with every purchase date right', async () => {
    const { stores, summary } = await importCdb(file);
    expect(summary.headerRow).toBe(3);
    expect(summary.counts.quarantined).toBe(0);
    const dates = [...stores.units.rows.values()].map((unit) => unit.values.purchaseDate).sort();
    expect(dates).toEqual([...PURCHASES].sort());
  });
});

describe.each([1900, 1904])('LibreOffice-written CDB and A2 in the %i date system', (system) => {
  it('import end to end with every purchase and KPB date right', async () => {
    const { stores } = await importCdb(`cdb-${system}.xlsx`);
    const summary = await importReport(stores, {
      source: await openReport(join(FIXTURES, `a2-${system}.xlsx`)),
      kind: 'a2',
      today: '2026-12-01',
      dryRun: false,
      chunkSize: 64,
      cdbColumns: columns.cdbColumns,
      a2Columns: columns.a2Columns,
    });
    expect(summary.counts).toMatchObject({ rows: 4, quarantined: 0, applied: 4 });
    const dates = [...stores.units.rows].map(([engine, { values }]) => [
      engine,
      values.purchaseDate,
      values.kpb1Date,
      values.kpb2Date ?? null,
      values.lastKm,
    ]);
    expect(dates.sort()).toEqual([
      ['JBK1E1234567', '2025-08-18', '2025-09-18', '2025-12-29', 4100],
      ['JM11E1002003', '2022-03-01', '2022-12-31', null, 1500],
      ['KC56E8895266', '2024-02-29', '2024-03-01', null, 950],
    ]);
  });
});

describe('a LibreOffice-written header with merged cells (cdb-merged-header.xlsx)', () => {
  // A1:J1 the title; A2:A3 and B2:B3 headers over two rows; C2:D2, E2:F2 and I2:J2 group
  // headers over the columns named in row 3; G2:H3 over two columns and two rows. Row 3 is
  // the header row: it alone names Tgl Beli, and No Mesin only through the merge.
  it('gives each cell of a merged range the range’s value', async () => {
    const rows = await rowsOf('cdb-merged-header.xlsx');
    expect(rows[1]?.cells).toEqual([
      'No Mesin',
      'No Rangka',
      'Pemilik',
      'Pemilik',
      'Domisili',
      'Domisili',
      'Tipe Motor',
      'Tipe Motor',
      'Pembelian',
      'Pembelian',
    ]);
    expect(rows[2]?.cells).toEqual([
      'No Mesin',
      'No Rangka',
      'Nama Konsumen',
      'No HP',
      'Alamat',
      'Kota/Kabupaten',
      'Tipe Motor',
      'Tipe Motor',
      'Tgl Beli',
      'Kode Dealer',
    ]);
    // The title fills its row; data rows are not merged and read as written.
    expect(new Set(rows[0]?.cells)).toEqual(new Set(['LAPORAN CUSTOMER DATABASE (CDB) - AHASS']));
    expect(rows[3]?.cells[0]).toBe('JBK1E1234567');
  });

  it('imports: the header row is found through the merged cells, every unit and date right', async () => {
    const { stores, summary } = await importCdb('cdb-merged-header.xlsx');
    expect(summary.headerRow).toBe(3);
    expect(summary.counts.quarantined).toBe(0);
    expect(
      [...stores.units.rows.entries()].map(([engine, unit]) => [engine, unit.values.purchaseDate]).sort(),
    ).toEqual([
      ['JBK1E1234567', '2025-08-18'],
      ['KC56E8895266', '2024-02-29'],
    ]);
    expect([...stores.owners.rows.values()].map((owner) => owner.values.phone).sort()).toEqual([
      '+6281234567890',
      '+6285712345678',
    ]);
  });
});

describe('LibreOffice-written numbers and numbers stored as text (cdb-numbers.xlsx)', () => {
  it('reads a numeric cell as its number, and text of digits as the text', async () => {
    const rows = await rowsOf('cdb-numbers.xlsx');
    // No HP was left to LibreOffice's detection: numbers where it saw one (the 0 dropped)…
    expect(rows.slice(2).map((row) => row.cells[3])).toEqual([81234567890, 6285712345678, '0813-1111-2222']);
    // …Kode Dealer imported as text: the leading zeros stay.
    expect(rows.slice(2).map((row) => row.cells[9])).toEqual(['07712', '00123', '07712']);
  });

  it('imports: phones from numeric cells are whole, digit-only dealer codes place their units', async () => {
    const { stores, summary } = await importCdb('cdb-numbers.xlsx', { '07712': 1, '00123': 2 });
    expect(summary.counts.quarantined).toBe(0);
    expect(summary.counts.warned).toBe(0);
    expect([...stores.owners.rows.values()].map((owner) => owner.values.phone).sort()).toEqual([
      '+6281234567890',
      '+6281311112222',
      '+6285712345678',
    ]);
    expect(
      [...stores.units.rows.entries()].map(([engine, unit]) => [engine, unit.values.branch]).sort(),
    ).toEqual([
      ['JBK1E1234567', 1],
      ['JM11E1002003', 1],
      ['KC56E8895266', 2],
    ]);
  });
});

describe('isDateFormat', () => {
  it.each([
    ['mm/dd/yy', true],
    ['DD/MM/YYYY', true],
    ['[$-421]dd mmmm yyyy', true],
    ['h:mm AM/PM', true],
    ['General', false],
    ['0.00', false],
    ['#,##0', false],
    ['@', false],
    ['"Tgl" 0', false],
    ['[Red]0', false],
  ])('%s → %s', (code, expected) => {
    expect(isDateFormat(code)).toBe(expected);
  });
});

describe('dateStyleIndexes', () => {
  it('reads format codes as XML writes them: entities decoded, so a unit in quotes is no date', () => {
    const styles = `<styleSheet><numFmts count="3">
      <numFmt numFmtId="164" formatCode="#,##0 &quot;km&quot;"/>
      <numFmt numFmtId="165" formatCode="dd/mm/yyyy"/>
      <numFmt numFmtId="166" formatCode="0 &quot;hari&quot;"/>
    </numFmts><cellXfs count="5">
      <xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/><xf numFmtId="166"/>
    </cellXfs></styleSheet>`;
    expect([...dateStyleIndexes(styles)]).toEqual([2, 3]);
  });
});
