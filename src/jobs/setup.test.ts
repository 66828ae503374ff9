import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import type { BranchSetup } from '../connectors/odoo/branch-setup-store.js';
import { dealerCodesInCdb, leftToDo } from './setup.js';

const staffed: BranchSetup = {
  id: 1,
  name: 'AHASS Sudirman',
  dealerCode: '07123',
  crmAdminIds: [5],
  workshopAdminIds: [6],
  headId: 7,
  areaCoordinatorId: 8,
  calendarId: 1,
};

describe('leftToDo', () => {
  it.each([
    {
      case: 'no branch at all',
      branches: [],
      expected: [/^Create the branches: CRM H23 → Konfigurasi → Cabang/],
    },
    { case: 'a fully staffed branch', branches: [staffed], expected: [] },
    {
      case: 'a branch without CRM admin and head',
      branches: [{ ...staffed, crmAdminIds: [], headId: null }],
      expected: [
        /^Cabang "AHASS Sudirman" \(07123\): set Admin CRM \(who gets the KPB follow-ups; until set, they are held\); Kepala Cabang/,
        /^Give each of those people the matching group/,
      ],
    },
    {
      case: 'a branch without dealer code',
      branches: [{ ...staffed, dealerCode: null, calendarId: null }],
      expected: [/no Kode Dealer: units cannot be placed in it\): set Kalender Kerja/, /^Give each/],
    },
  ])('$case', ({ branches, expected }) => {
    const todo = leftToDo(branches);
    expect(todo).toHaveLength(expected.length);
    for (const [index, pattern] of expected.entries()) expect(todo[index]).toMatch(pattern);
  });
});

describe('dealerCodesInCdb', () => {
  const aliases = loadConfig({ env: { ODOO_URL: 'http://odoo.test', ODOO_DB: 'x', ODOO_API_KEY: 'k' } })
    .import.cdbColumns;

  it('counts the rows of each dealer code below the header, codes in upper case, blanks skipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'h23-cdb-'));
    const file = join(dir, 'cdb.csv');
    writeFileSync(
      file,
      [
        'Laporan CDB Periode November 2026',
        'No Mesin;Nama Konsumen;Tgl Beli;Kode Dealer',
        'JBK1E1234567;Budi;01/11/2026;07123',
        'JBK1E1234568;Sari;02/11/2026; ahs-9 ',
        'JBK1E1234569;Joko;03/11/2026;07123',
        'JBK1E1234570;Rina;03/11/2026;',
      ].join('\r\n'),
    );
    expect(await dealerCodesInCdb(file, aliases)).toEqual([
      { dealerCode: '07123', rows: 2 },
      { dealerCode: 'AHS-9', rows: 1 },
    ]);
  });
});
