import { describe, expect, it } from 'vitest';
import { CdbCensus, type CdbField, type CdbRecord, parseCdbRow } from './cdb.js';
import type { Layout } from './layout.js';
import type { CellValue } from './normalize.js';

const HEADERS = [
  'No Mesin',
  'No Rangka',
  'Nama',
  'No HP',
  'Alamat',
  'Kota',
  'Tipe',
  'Warna',
  'Tgl Beli',
  'Kode Dealer',
];
const FIELDS: CdbField[] = [
  'engineNumber',
  'frameNumber',
  'ownerName',
  'phone',
  'address',
  'city',
  'modelName',
  'color',
  'purchaseDate',
  'dealerCode',
];
const LAYOUT: Layout<CdbField> = {
  headerRow: 1,
  headers: HEADERS,
  columns: Object.fromEntries(FIELDS.map((field, index) => [field, index])) as Layout<CdbField>['columns'],
};
const TODAY = '2026-11-23';
const GOOD: CellValue[] = [
  'JM31E-1234567',
  'MH1JM3112NK123456',
  'BPK. BUDI SANTOSO',
  '0812-3456-7890',
  'Jl. Merdeka 5',
  'Bekasi',
  'BeAT',
  'Hitam',
  '17/08/2025',
  'ahs01',
];

function row(changes: Partial<Record<CdbField, CellValue>>): CellValue[] {
  return FIELDS.map((field, index) => (field in changes ? (changes[field] ?? null) : (GOOD[index] ?? null)));
}

describe('parseCdbRow', () => {
  it('a clean row becomes a unit and an owner keyed by phone and name', () => {
    const { record, issues } = parseCdbRow(7, GOOD, LAYOUT, TODAY);
    expect(issues).toEqual([]);
    expect(record?.unit).toEqual({
      engineNumber: 'JM31E1234567',
      frameNumber: 'MH1JM3112NK123456',
      modelName: 'BeAT',
      color: 'Hitam',
      purchaseDate: '2025-08-17',
      dealerCode: 'AHS01',
      phoneInvalid: false,
      dataIncomplete: false,
    });
    expect(record?.owner).toEqual({
      key: '+6281234567890|budi santoso',
      name: 'Bpk. Budi Santoso',
      phone: '+6281234567890',
      street: 'Jl. Merdeka 5',
      city: 'Bekasi',
    });
  });

  it.each<[string, Partial<Record<CdbField, CellValue>>, string, 'error' | 'warning', string]>([
    ['no engine number', { engineNumber: '' }, 'engine_missing', 'error', 'No Mesin (A)'],
    ['a malformed engine number', { engineNumber: 'JM31E#12' }, 'engine_malformed', 'error', 'No Mesin (A)'],
    ['no purchase date', { purchaseDate: null }, 'purchase_date_missing', 'error', 'Tgl Beli (I)'],
    ['31 February', { purchaseDate: '31/02/2025' }, 'purchase_date_not_in_calendar', 'error', 'Tgl Beli (I)'],
    [
      'a purchase after today',
      { purchaseDate: '24/11/2026' },
      'purchase_date_future',
      'error',
      'Tgl Beli (I)',
    ],
    [
      'a purchase before 2000',
      { purchaseDate: '01/01/1999' },
      'purchase_date_too_old',
      'error',
      'Tgl Beli (I)',
    ],
    ['an unreadable date', { purchaseDate: 'besok' }, 'purchase_date_unreadable', 'error', 'Tgl Beli (I)'],
    ['an invalid phone', { phone: '08123' }, 'phone_invalid', 'warning', 'No HP (D)'],
    [
      'a phone Excel turned into 6.28E+12',
      { phone: '6.28123E+12' },
      'phone_precision_lost',
      'warning',
      'No HP (D)',
    ],
    ['no phone', { phone: '' }, 'phone_missing', 'warning', 'No HP (D)'],
    ['no owner name', { ownerName: ' ' }, 'owner_name_missing', 'warning', 'Nama (C)'],
    ['a short frame number', { frameNumber: 'MH1JM31' }, 'frame_malformed', 'warning', 'No Rangka (B)'],
  ])('%s → %s (%s) at %s', (_, changes, code, severity, column) => {
    const { record, issues } = parseCdbRow(9, row(changes), LAYOUT, TODAY);
    expect(issues).toEqual([expect.objectContaining({ row: 9, code, severity, column })]);
    expect(record === null).toBe(severity === 'error');
  });

  it('an owner without a usable phone is keyed by engine number and name, never by name alone', () => {
    const { record } = parseCdbRow(3, row({ phone: '-' }), LAYOUT, TODAY);
    expect(record?.owner?.key).toBe('JM31E1234567|budi santoso');
    expect(record?.unit.phoneInvalid).toBe(true);
  });

  it('a landline is kept but the unit is flagged: WhatsApp needs a mobile', () => {
    const { record } = parseCdbRow(3, row({ phone: '(021) 555-1234' }), LAYOUT, TODAY);
    expect(record?.owner?.phone).toBe('+62215551234');
    expect(record?.unit.phoneInvalid).toBe(true);
  });

  it('missing address or model marks the unit incomplete', () => {
    expect(parseCdbRow(3, row({ address: '' }), LAYOUT, TODAY).record?.unit.dataIncomplete).toBe(true);
    expect(parseCdbRow(3, row({ modelName: '-' }), LAYOUT, TODAY).record?.unit.dataIncomplete).toBe(true);
  });
});

describe('CdbCensus', () => {
  const record = (line: number, changes: Partial<Record<CdbField, CellValue>>): CdbRecord => {
    const parsed = parseCdbRow(line, row(changes), LAYOUT, TODAY).record;
    if (!parsed) throw new Error('fixture row refused');
    return parsed;
  };

  it.each<[string, Array<Partial<Record<CdbField, CellValue>>>, string[]]>([
    ['one row per engine: all applied', [{}, { engineNumber: 'JM41E7654321' }], ['apply', 'apply']],
    ['the same row twice: applied once', [{}, { engineNumber: 'jm31e 1234567' }], ['apply', 'duplicate']],
    ['the same engine with another colour: none applied', [{}, { color: 'Putih' }], ['conflict', 'conflict']],
    [
      'a conflict among three rows taints all three',
      [{}, {}, { purchaseDate: '18/08/2025' }],
      ['conflict', 'conflict', 'conflict'],
    ],
  ])('%s', (_, rows, expected) => {
    const census = new CdbCensus();
    const records = rows.map((changes, index) => record(index + 2, changes));
    for (const item of records) census.note(item);
    expect(records.map((item) => census.decide(item).action)).toEqual(expected);
  });

  it('a conflict names the other rows', () => {
    const census = new CdbCensus();
    const records = [record(2, {}), record(5, { color: 'Putih' })];
    for (const item of records) census.note(item);
    expect(census.decide(records[0] as CdbRecord)).toEqual({ action: 'conflict', rows: [2, 5] });
  });

  it('an owner with two units takes the data of the latest purchase, whatever the row order', () => {
    const older = record(2, {
      engineNumber: 'JM41E7654321',
      purchaseDate: '01/01/2024',
      address: 'Jl. Lama 1',
    });
    const newer = record(3, { purchaseDate: '01/01/2025', address: 'Jl. Baru 2' });
    for (const order of [
      [older, newer],
      [newer, older],
    ]) {
      const census = new CdbCensus();
      for (const item of order) census.note(item);
      expect(census.ownsOwnerData(newer)).toBe(true);
      expect(census.ownsOwnerData(older)).toBe(false);
    }
  });
});
