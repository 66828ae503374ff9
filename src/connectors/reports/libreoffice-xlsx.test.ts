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

describe.each(['cdb-1900.xlsx', 'cdb-1904.xlsx'])('LibreOffice-written %s', (file) => {
  it('reads date-formatted cells as the dates the sheet shows, text phones as text', async () => {
    const rows = [];
    for await (const row of readXlsxRows(join(FIXTURES, file))) rows.push(row);
    expect(rows.slice(3).map((row) => row.cells[8])).toEqual(PURCHASES);
    // The apostrophe the CSV's author typed stays: the column was imported as text.
    expect(rows.slice(3).map((row) => row.cells[3])).toEqual([
      '081234567890',
      "'085712345678",
      '6281311112222',
    ]);
  });

  it('imports with every purchase date right', async () => {
    const stores = memoryStores();
    const summary = await importReport(stores, {
      source: await openReport(join(FIXTURES, file)),
      kind: 'cdb',
      today: '2026-12-01',
      dryRun: false,
      chunkSize: 64,
      cdbColumns: columns.cdbColumns,
      a2Columns: columns.a2Columns,
    });
    expect(summary.headerRow).toBe(3);
    expect(summary.counts.quarantined).toBe(0);
    const dates = [...stores.units.rows.values()].map((unit) => unit.values.purchaseDate).sort();
    expect(dates).toEqual([...PURCHASES].sort());
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
