import { describe, expect, it } from 'vitest';
import { KeyCensus } from './key-census.js';
import type { Layout } from './layout.js';
import type { CellValue } from './normalize.js';
import {
  desiredPraWo,
  parsePraWoRow,
  parseServiceType,
  planPraWos,
  praWoConflictIssue,
  type WorField,
} from './wor.js';

const HEADERS = [
  'No WO',
  'Tanggal',
  'Kode Dealer',
  'No Mesin',
  'Nama Pembawa',
  'No HP',
  'Alamat',
  'No Rangka',
  'Tipe Motor',
  'Jenis Servis',
];
const FIELDS: WorField[] = [
  'woNumber',
  'visitDate',
  'dealerCode',
  'engineNumber',
  'carrierName',
  'carrierPhone',
  'carrierAddress',
  'frameNumber',
  'modelName',
  'serviceType',
];
const LAYOUT: Layout<WorField> = {
  headerRow: 2,
  headers: HEADERS,
  columns: Object.fromEntries(FIELDS.map((field, index) => [field, index])) as Layout<WorField>['columns'],
};
const TODAY = '2026-11-23';
const GOOD: CellValue[] = [
  ' wo/ahs01/0012 ',
  '20/11/2026',
  'ahs01',
  'JM31E-1234567',
  'IBU SITI RAHAYU',
  '0812-3456-7890',
  'Jl. Mawar  3',
  'MH1JM3112NK123456',
  'BeAT',
  'KPB 2',
];

function row(changes: Partial<Record<WorField, CellValue>>): CellValue[] {
  return FIELDS.map((field, index) => (field in changes ? (changes[field] ?? null) : (GOOD[index] ?? null)));
}

describe('parsePraWoRow', () => {
  it('a clean row becomes a paper WOR keyed by branch and WO number', () => {
    const { record, issues } = parsePraWoRow(5, GOOD, LAYOUT, TODAY);
    expect(issues).toEqual([]);
    expect(record).toMatchObject({
      row: 5,
      key: 'pra-wo:AHS01:WO/AHS01/0012',
      name: 'WO/AHS01/0012',
      values: {
        woNumber: 'WO/AHS01/0012',
        visitDate: '2026-11-20',
        dealerCode: 'AHS01',
        engineNumber: 'JM31E1234567',
        carrierName: 'Ibu Siti Rahayu',
        carrierPhone: '+6281234567890',
        carrierAddress: 'Jl. Mawar 3',
        frameNumber: 'MH1JM3112NK123456',
        modelName: 'BeAT',
        serviceType: 'kpb2',
      },
    });
  });

  it('reads the optional Service Advisor column; without it the values (and fingerprint) stay as before', () => {
    const withAdvisor: Layout<WorField> = {
      ...LAYOUT,
      headers: [...HEADERS, 'SA'],
      columns: { ...LAYOUT.columns, advisor: HEADERS.length },
    };
    const named = parsePraWoRow(5, [...GOOD, '  Budi   Santoso '], withAdvisor, TODAY).record;
    expect(named?.values.advisor).toBe('Budi Santoso');
    expect(named && desiredPraWo(named, new Map())).toMatchObject({ advisor: 'Budi Santoso' });
    const blank = parsePraWoRow(5, [...GOOD, ''], withAdvisor, TODAY).record;
    const without = parsePraWoRow(5, GOOD, LAYOUT, TODAY).record;
    expect(blank?.values).not.toHaveProperty('advisor');
    expect(blank?.fingerprint).toBe(without?.fingerprint);
    expect(named?.fingerprint).not.toBe(without?.fingerprint);
  });

  it.each<[string, Partial<Record<WorField, CellValue>>, string, string]>([
    [
      'no WO number: branch, date and engine',
      { woNumber: '' },
      'pra-wo:AHS01:2026-11-20:JM31E1234567',
      'PRA-2026-11-20-JM31E1234567',
    ],
    ['no dealer code', { dealerCode: null }, 'pra-wo:none:WO/AHS01/0012', 'WO/AHS01/0012'],
    [
      'neither',
      { dealerCode: '-', woNumber: null },
      'pra-wo:none:2026-11-20:JM31E1234567',
      'PRA-2026-11-20-JM31E1234567',
    ],
    ['a numeric WO number', { woNumber: 1234 }, 'pra-wo:AHS01:1234', '1234'],
  ])('key and name with %s', (_, changes, key, name) => {
    const { record } = parsePraWoRow(5, row(changes), LAYOUT, TODAY);
    expect(record?.key).toBe(key);
    expect(record?.name).toBe(name);
  });

  it('the --branch dealer code places rows that name none; a row’s own code wins', () => {
    expect(parsePraWoRow(5, row({ dealerCode: '' }), LAYOUT, TODAY, 'AHS09').record?.key).toBe(
      'pra-wo:AHS09:WO/AHS01/0012',
    );
    expect(parsePraWoRow(5, GOOD, LAYOUT, TODAY, 'AHS09').record?.values.dealerCode).toBe('AHS01');
  });

  it.each<[string, Partial<Record<WorField, CellValue>>, string, string]>([
    ['no engine number', { engineNumber: ' ' }, 'engine_missing', 'No Mesin (D)'],
    ['no carrier name', { carrierName: '' }, 'carrier_name_missing', 'Nama Pembawa (E)'],
    ['a carrier "name" without letters', { carrierName: '123' }, 'carrier_name_missing', 'Nama Pembawa (E)'],
    ['no visit date', { visitDate: null }, 'visit_date_missing', 'Tanggal (B)'],
    ['an unreadable visit date', { visitDate: 'kemarin' }, 'visit_date_unreadable', 'Tanggal (B)'],
    ['31 February', { visitDate: '31/02/2026' }, 'visit_date_not_in_calendar', 'Tanggal (B)'],
    ['a visit after today', { visitDate: '24/11/2026' }, 'visit_date_future', 'Tanggal (B)'],
  ])('refuses a row with %s', (_, changes, code, column) => {
    const { record, issues } = parsePraWoRow(9, row(changes), LAYOUT, TODAY);
    expect(record).toBeNull();
    expect(issues).toEqual([expect.objectContaining({ row: 9, code, column, severity: 'error' })]);
  });

  it('takes a visit on today itself and an Excel serial date', () => {
    expect(parsePraWoRow(5, row({ visitDate: '23/11/2026' }), LAYOUT, TODAY).record?.values.visitDate).toBe(
      '2026-11-23',
    );
    expect(parsePraWoRow(5, row({ visitDate: 46346 }), LAYOUT, TODAY).record?.values.visitDate).toBe(
      '2026-11-20',
    );
  });

  it.each<[string, Partial<Record<WorField, CellValue>>, string, string, Partial<Record<string, unknown>>]>([
    [
      'a malformed engine number (kept as typed, upper case, for the review)',
      { engineNumber: ' jm31e#12 ' },
      'wor_engine_malformed',
      'No Mesin (D)',
      { engineNumber: 'JM31E#12' },
    ],
    [
      'an invalid phone (kept as typed)',
      { carrierPhone: '0812 345' },
      'carrier_phone_invalid',
      'No HP (F)',
      { carrierPhone: '0812 345' },
    ],
    [
      'a phone Excel turned into 6.28E+12',
      { carrierPhone: '6.28123E+12' },
      'phone_precision_lost',
      'No HP (F)',
      { carrierPhone: '6.28123E+12' },
    ],
    [
      'a malformed frame number (left empty)',
      { frameNumber: 'MH1-123' },
      'frame_malformed',
      'No Rangka (H)',
      { frameNumber: null },
    ],
    [
      'an unknown service type (left empty)',
      { serviceType: 'Ganti oli' },
      'service_type_unknown',
      'Jenis Servis (J)',
      { serviceType: null },
    ],
  ])('takes a row with %s, with a warning', (_, changes, code, column, values) => {
    const { record, issues } = parsePraWoRow(9, row(changes), LAYOUT, TODAY);
    expect(record?.values).toMatchObject(values);
    expect(issues).toEqual([expect.objectContaining({ row: 9, code, column, severity: 'warning' })]);
  });

  it('keeps a malformed engine number in the key of a WOR without WO number', () => {
    const { record } = parsePraWoRow(9, row({ woNumber: null, engineNumber: 'jm31e#12' }), LAYOUT, TODAY);
    expect(record?.key).toBe('pra-wo:AHS01:2026-11-20:JM31E#12');
  });

  it.each<[string, Partial<Record<WorField, CellValue>>, Partial<Record<string, unknown>>]>([
    ['a landline', { carrierPhone: '(021) 555-1234' }, { carrierPhone: '+62215551234' }],
    ['no phone at all', { carrierPhone: '' }, { carrierPhone: null }],
    [
      'no optional columns',
      { carrierAddress: null, modelName: '-', serviceType: null },
      { carrierAddress: null, modelName: null, serviceType: null },
    ],
  ])('takes %s without a warning', (_, changes, values) => {
    const { record, issues } = parsePraWoRow(9, row(changes), LAYOUT, TODAY);
    expect(issues).toEqual([]);
    expect(record?.values).toMatchObject(values);
  });
});

describe('parseServiceType', () => {
  it.each<[CellValue, string | null]>([
    ['KPB 1', 'kpb1'],
    ['KPB1', 'kpb1'],
    ['kpb-2', 'kpb2'],
    ['KPB ke-3', 'kpb3'],
    ['KPB IV', 'kpb4'],
    ['Servis KPB 2', 'kpb2'],
    ['1', 'kpb1'],
    [4, 'kpb4'],
    ['Reguler', 'regular'],
    ['Servis Reguler', 'regular'],
    ['Regular', 'regular'],
    ['SERVICE REGULAR', 'regular'],
    ['', null],
    [null, null],
    ['-', null],
    ['KPB 5', 'unknown'],
    ['KPB', 'unknown'],
    ['Ganti oli', 'unknown'],
  ])('%j → %j', (cell, expected) => {
    expect(parseServiceType(cell)).toBe(expected);
  });
});

describe('the same WOR twice in a file', () => {
  const parse = (at: number, changes: Partial<Record<WorField, CellValue>>) => {
    const record = parsePraWoRow(at, row(changes), LAYOUT, TODAY).record;
    if (!record) throw new Error('row refused');
    return record;
  };

  it('with the same data is applied once; with different data, none of its rows is applied and each names the others', () => {
    const census = new KeyCensus();
    const rows = [
      parse(3, {}),
      parse(4, { carrierName: 'Siti Rahayu ' }),
      parse(5, { woNumber: 'WO/AHS01/0013' }),
      parse(6, { woNumber: 'WO/AHS01/0013', carrierPhone: '0813 1111 2222' }),
      parse(7, { woNumber: 'WO/AHS01/0013', dealerCode: 'AHS02' }),
      parse(8, {}),
    ];
    for (const record of rows) census.note(record.key, record.fingerprint, record.row);
    expect(rows.map((record) => census.decide(record.key, record.row))).toEqual([
      { action: 'conflict', rows: [3, 4, 8] },
      { action: 'conflict', rows: [3, 4, 8] },
      { action: 'conflict', rows: [5, 6] },
      { action: 'conflict', rows: [5, 6] },
      // Another branch's WO 0013 is another WOR.
      { action: 'apply' },
      { action: 'conflict', rows: [3, 4, 8] },
    ]);
    expect(praWoConflictIssue(rows[2] as never, [5, 6], 'No WO (A)')).toEqual({
      row: 5,
      column: 'No WO (A)',
      value: 'WO/AHS01/0013',
      code: 'wo_duplicate_conflict',
      severity: 'error',
      detail: 'lihat juga baris 6',
    });
  });

  it('identical rows: the first is applied, the others are duplicates of it', () => {
    const census = new KeyCensus();
    const first = parse(3, {});
    const again = parse(9, {});
    census.note(first.key, first.fingerprint, first.row);
    census.note(again.key, again.fingerprint, again.row);
    expect(census.decide(first.key, 3)).toEqual({ action: 'apply' });
    expect(census.decide(again.key, 9)).toEqual({ action: 'duplicate', of: 3 });
  });
});

describe('planPraWos', () => {
  const record = parsePraWoRow(5, GOOD, LAYOUT, TODAY).record;
  if (!record) throw new Error('row refused');
  const branches = new Map([['AHS01', 7]]);

  it('creates a paper WOR with its branch', () => {
    expect(desiredPraWo(record, branches)).toEqual({
      name: 'WO/AHS01/0012',
      source: 'paper',
      visitDate: '2026-11-20',
      branch: 7,
      engineNumber: 'JM31E1234567',
      carrierName: 'Ibu Siti Rahayu',
      carrierPhone: '+6281234567890',
      carrierAddress: 'Jl. Mawar 3',
      frameNumber: 'MH1JM3112NK123456',
      modelName: 'BeAT',
      serviceType: 'kpb2',
    });
    const plan = planPraWos([record], new Map(), branches, 'Kode Dealer (C)');
    expect(plan.issues).toEqual([]);
    expect(plan.actions).toEqual([
      { action: 'create', key: 'pra-wo:AHS01:WO/AHS01/0012', values: desiredPraWo(record, branches) },
    ]);
  });

  it('updates only what changed, leaves what the reconciliation wrote alone, and never erases with an empty cell', () => {
    const current = new Map([
      [
        record.key,
        {
          id: 41,
          values: {
            ...desiredPraWo(record, branches),
            carrierPhone: '+6281299998888',
            modelName: 'Vario 125',
          },
        },
      ],
    ]);
    const noModel = parsePraWoRow(5, row({ modelName: null }), LAYOUT, TODAY).record;
    if (!noModel) throw new Error('row refused');
    expect(planPraWos([noModel], current, branches).actions).toEqual([
      {
        action: 'update',
        key: record.key,
        id: 41,
        values: { carrierPhone: '+6281234567890' },
        before: { carrierPhone: '+6281299998888' },
      },
    ]);
    const same = new Map([[record.key, { id: 41, values: desiredPraWo(record, branches) }]]);
    expect(planPraWos([record], same, branches).actions).toEqual([
      { action: 'unchanged', key: record.key, id: 41 },
    ]);
  });

  it('warns of a dealer code no branch carries and writes the WOR without branch', () => {
    const plan = planPraWos([record], new Map(), new Map(), 'Kode Dealer (C)');
    expect(plan.issues).toEqual([
      {
        row: 5,
        column: 'Kode Dealer (C)',
        value: 'AHS01',
        code: 'dealer_code_unknown',
        severity: 'warning',
      },
    ]);
    const [action] = plan.actions;
    expect(action?.action === 'create' && 'branch' in action.values).toBe(false);
  });
});
