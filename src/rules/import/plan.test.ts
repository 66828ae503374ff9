import { describe, expect, it } from 'vitest';
import type { CurrentRecord } from '../record-plan.js';
import { batchMessage, unitsWithoutBranchLine } from './batch-message.js';
import type { CdbRecord, OwnerValues } from './cdb.js';
import { renderIssueReport } from './issues.js';
import { headerKey, locateLayout } from './layout.js';
import {
  adoptUnkeyedOwners,
  CDB_MAPPING_VERSION,
  cdbOwnerFingerprintText,
  cdbUnitFingerprintText,
  planA2Units,
  planCdbUnits,
  planOwners,
  unitsWithoutBranch,
} from './plan.js';

function record(
  row: number,
  engine: string,
  owner: Partial<NonNullable<CdbRecord['owner']>> | null = {},
  unit: Partial<CdbRecord['unit']> = {},
): CdbRecord {
  return {
    row,
    fingerprint: row,
    unit: {
      engineNumber: engine,
      frameNumber: null,
      modelName: 'BeAT',
      color: null,
      purchaseDate: '2025-01-01',
      dealerCode: 'AHS01',
      phoneInvalid: false,
      dataIncomplete: false,
      ...unit,
    },
    owner:
      owner === null
        ? null
        : { key: 'k1', name: 'Budi', phone: '+6281234567890', street: null, city: 'Bekasi', ...owner },
  };
}

describe('locateLayout', () => {
  const aliases = { engineNumber: ['No Mesin', 'Nomor Mesin'], purchaseDate: ['Tgl Beli'], phone: ['No HP'] };
  const required = [['engineNumber'], ['purchaseDate']] as const;

  it('finds the header below title rows, whatever the case and punctuation', () => {
    const found = locateLayout(
      [
        { row: 1, cells: ['LAPORAN CDB'] },
        { row: 2, cells: ['Periode: November 2026'] },
        { row: 4, cells: ['NO.', 'NOMOR_MESIN', 'tgl. beli', 'No HP'] },
      ],
      aliases,
      required,
    );
    expect(found).toEqual({
      ok: true,
      layout: {
        headerRow: 4,
        columns: { engineNumber: 1, purchaseDate: 2, phone: 3 },
        headers: ['NO.', 'NOMOR_MESIN', 'tgl. beli', 'No HP'],
      },
    });
  });

  it('names what is missing from the row that came closest', () => {
    const found = locateLayout([{ row: 1, cells: ['No Mesin', 'Nama'] }], aliases, required);
    expect(found).toEqual({
      ok: false,
      missing: ['purchaseDate'],
      bestRow: 1,
      seenHeaders: ['No Mesin', 'Nama'],
    });
  });

  it.each([
    ['No. Mesin', 'nomesin'],
    ['NO_MESIN', 'nomesin'],
    ['Tgl KPB 1', 'tglkpb1'],
  ])('header key of %j is %j', (header, key) => {
    expect(headerKey(header)).toBe(key);
  });
});

describe('planOwners', () => {
  const owns = (rows: number[]) => (item: CdbRecord) => rows.includes(item.row);

  it.each<[string, CdbRecord[], Map<string, CurrentRecord>, number[], Array<[string, number]>]>([
    [
      'a new owner is created once for two units',
      [record(2, 'E1'), record(3, 'E2')],
      new Map(),
      [3],
      [['create', 3]],
    ],
    [
      'a new owner is created from the first row when the owning row comes later',
      [record(2, 'E1')],
      new Map(),
      [9],
      [['create', 2]],
    ],
    [
      'an existing owner is updated only from the owning row',
      [record(2, 'E1', { city: 'Depok' })],
      new Map([['k1', { id: 7, values: { name: 'Budi', phone: '+6281234567890', city: 'Bekasi' } }]]),
      [9],
      [],
    ],
    [
      'an existing owner already up to date is left alone',
      [record(2, 'E1')],
      new Map([
        [
          'k1',
          { id: 7, values: { name: 'Budi', phone: '+6281234567890', city: 'Bekasi', street: 'Jl. Lama' } },
        ],
      ]),
      [2],
      [['unchanged', 2]],
    ],
  ])('%s', (_, records, current, owning, expected) => {
    expect(
      planOwners(records, current, owns(owning)).map((plan) => [plan.action.action, plan.sourceRow]),
    ).toEqual(expected);
  });

  it('an empty cell never erases what Odoo has', () => {
    const current = new Map([
      [
        'k1',
        { id: 7, values: { name: 'Budi', phone: '+6281234567890', city: 'Bekasi', street: 'Jl. Lama' } },
      ],
    ]);
    const [plan] = planOwners([record(2, 'E1', { street: null })], current, () => true);
    expect(plan?.action.action).toBe('unchanged');
  });
});

describe('planCdbUnits', () => {
  it('links the owner, places the unit in its branch and clears "not in CDB"', () => {
    const [action] = planCdbUnits(
      [record(2, 'E1')],
      new Map([['k1', 7]]),
      new Map(),
      new Map([['AHS01', 3]]),
    );
    expect(action).toEqual({
      action: 'create',
      key: 'E1',
      values: {
        engineNumber: 'E1',
        modelName: 'BeAT',
        purchaseDate: '2025-01-01',
        branch: 3,
        dealerCode: 'AHS01',
        partnerId: 7,
        cdbOwnerKey: 'k1',
        phoneInvalid: false,
        dataIncomplete: false,
        notInCdb: false,
      },
    });
  });

  it('records the CDB owner on a unit whose owner an admin confirmed, without moving the unit to it', () => {
    const current = new Map([
      [
        'E1',
        {
          id: 5,
          values: {
            engineNumber: 'E1',
            modelName: 'BeAT',
            purchaseDate: '2025-01-01',
            branch: 3,
            dealerCode: 'AHS01',
            partnerId: 99,
            cdbOwnerKey: 'old',
            ownerConfirmed: true,
            phoneInvalid: false,
            dataIncomplete: false,
            notInCdb: false,
          },
        },
      ],
    ]);
    const [action] = planCdbUnits([record(2, 'E1')], new Map([['k1', 7]]), current, new Map([['AHS01', 3]]));
    expect(action).toEqual({
      action: 'update',
      key: 'E1',
      id: 5,
      values: { cdbOwnerKey: 'k1' },
      before: { cdbOwnerKey: 'old' },
    });
  });

  it('an unknown dealer code or a missing owner leaves the unit’s branch and owner as they are', () => {
    const current = new Map([
      [
        'E1',
        {
          id: 5,
          values: {
            engineNumber: 'E1',
            modelName: 'BeAT',
            purchaseDate: '2025-01-01',
            branch: 4,
            dealerCode: 'XX9',
            partnerId: 8,
            phoneInvalid: false,
            dataIncomplete: false,
            notInCdb: false,
          },
        },
      ],
    ]);
    const [action] = planCdbUnits(
      [record(2, 'E1', null, { dealerCode: 'XX9' })],
      new Map(),
      current,
      new Map(),
    );
    expect(action).toEqual({ action: 'unchanged', key: 'E1', id: 5 });
  });

  const unitIn = (branchId: number | null, dealerCode: string | null) =>
    new Map([['E1', { id: 5, values: { engineNumber: 'E1', branch: branchId, dealerCode } }]]);
  it.each<[string, string | null, Map<string, CurrentRecord>, number | null, number | null | undefined]>([
    ['a new unit whose code no branch carries goes to the default branch', 'XX9', new Map(), 9, 9],
    ['a new unit without a dealer code goes to the default branch', null, new Map(), 9, 9],
    ['a known code wins over the default branch', 'AHS01', new Map(), 9, 3],
    ['a unit without a branch in Odoo gets the default branch', 'XX9', unitIn(null, 'XX9'), 9, 9],
    ['a branch set in Odoo is kept', 'XX9', unitIn(4, 'XX9'), 9, undefined],
    ['no default branch: the unit stays without one', 'XX9', new Map(), null, undefined],
  ])('%s', (_, dealerCode, current, defaultBranchId, branchId) => {
    const [action] = planCdbUnits(
      [record(2, 'E1', null, { dealerCode })],
      new Map(),
      current,
      new Map([['AHS01', 3]]),
      defaultBranchId,
    );
    const values = action && action.action !== 'unchanged' ? action.values : {};
    expect(values.branch).toBe(branchId);
  });
});

describe('unitsWithoutBranch: the units a CDB import leaves without a branch', () => {
  const records = [
    record(2, 'E1', null, { dealerCode: 'AHS09' }),
    record(3, 'E2', null, { dealerCode: 'AHS09' }),
    record(4, 'E3', null, { dealerCode: null }),
    record(5, 'E4', null, { dealerCode: 'AHS01' }),
    record(6, 'E5', null, { dealerCode: 'AHS09' }),
    record(7, 'E6', null, { dealerCode: 'AHS08' }),
  ];
  // E5 has a branch in Odoo already (set by hand); E6 was refused by Odoo.
  const current = new Map([
    ['E5', { id: 5, values: { engineNumber: 'E5', branch: 4, dealerCode: 'AHS09' } }],
  ]);

  it('counts them by dealer code, leaving out units with a branch and units Odoo refused', () => {
    const actions = planCdbUnits(records, new Map(), current, new Map([['AHS01', 3]]));
    const held = unitsWithoutBranch(records, actions, current, (engine) => engine !== 'E6');
    expect([...held]).toEqual([
      ['AHS09', 2],
      ['', 1],
    ]);
  });

  it('a default branch leaves none', () => {
    const actions = planCdbUnits(records, new Map(), current, new Map([['AHS01', 3]]), 3);
    expect(unitsWithoutBranch(records, actions, current, () => true).size).toBe(0);
  });
});

describe('planA2Units', () => {
  const unit = (engine: string, kpb: Array<[1 | 2 | 3 | 4, string, boolean?]>, rows = [2]) => ({
    engineNumber: engine,
    engineColumn: 'No Mesin (B)',
    rows,
    kpb: new Map(
      kpb.map(([n, date, conflict]) => [
        n,
        { date, rows, column: `Tgl KPB ${n} (C)`, conflict: conflict ?? false },
      ]),
    ),
    km: null,
  });
  const current = new Map([['E1', { id: 5, values: { purchaseDate: '2025-01-01', kpb1Date: null } }]]);

  it.each<[string, ReturnType<typeof unit>, string[], string[]]>([
    ['a KPB date is set', unit('E1', [[1, '2025-02-10']]), ['update'], []],
    ['an unknown engine is quarantined', unit('E9', [[1, '2025-02-10']]), [], ['unknown_engine']],
    ['a KPB before the purchase is refused', unit('E1', [[1, '2024-12-01']]), [], ['kpb_before_purchase']],
    [
      'a conflicting KPB is refused, the others applied',
      unit('E1', [
        [1, '2025-02-10', true],
        [2, '2025-05-01'],
      ]),
      ['update'],
      ['kpb_conflict'],
    ],
  ])('%s', (_, a2, actions, issues) => {
    const plan = planA2Units([a2], current);
    expect(plan.actions.map((action) => action.action)).toEqual(actions);
    expect(plan.issues.map((issue) => issue.code)).toEqual(issues);
  });
});

describe('what the PIC reads', () => {
  it('the quarantine report is ;-separated with a BOM, quotes where needed, and defuses formulas', () => {
    const text = renderIssueReport('cdb.xlsx', [
      { row: 9, column: 'No HP (D)', value: '=HYPERLINK("x")', code: 'phone_invalid', severity: 'warning' },
      { row: 5, column: 'No Mesin (B)', value: 'JM31E#1', code: 'engine_malformed', severity: 'error' },
    ]);
    expect(text.split('\r\n')).toEqual([
      '\uFEFFBerkas;Baris;Kolom;Nilai;Tingkat;Alasan',
      'cdb.xlsx;5;No Mesin (B);JM31E#1;Ditolak;Nomor mesin tidak valid (harus 8–15 huruf/angka, contoh JM31E1234567)',
      `cdb.xlsx;9;No HP (D);"'=HYPERLINK(""x"")";Peringatan;"Nomor HP tidak valid; unit ditandai nomor HP tidak valid"`,
      '',
    ]);
  });

  it('the batch message counts in Indonesian and names dealer codes without a branch', () => {
    const message = batchMessage({
      kind: 'cdb',
      rows: 1250,
      applied: 1200,
      unchanged: 40,
      quarantined: 10,
      warned: 3,
      unitsCreated: 1100,
      unitsUpdated: 100,
      ownersCreated: 1000,
      ownersUpdated: 5,
      unknownDealerCodes: { AHS09: 1200, '': 3, AHS07: 12 },
    });
    expect(message).toContain('CDB: 1.250 baris dibaca; 1.200 diterapkan, 40 tidak berubah, 10 dikarantina.');
    expect(message).toContain(
      '1.215 unit tanpa cabang: kode dealer AHS09 (1.200), kode dealer AHS07 (12), tanpa kode dealer (3) — buat Cabang dengan kode-kode ini (CRM H23 → Konfigurasi → Cabang, isi Kode Dealer dan Admin CRM); isi Cabang pada unit tanpa kode dealer. Unit ini belum mendapat follow up KPB;',
    );
  });

  it.each<[string, Record<string, number>, string | null]>([
    ['every unit has a branch', {}, null],
    [
      'one code',
      { AHS09: 35 },
      '35 unit tanpa cabang: kode dealer AHS09 (35) — buat Cabang dengan kode ini (CRM H23 → Konfigurasi → Cabang, isi Kode Dealer dan Admin CRM). Unit ini belum mendapat follow up KPB; setelah Cabangnya ada, h23-bridge menghubungkan unit dan menjadwalkannya tanpa impor ulang.',
    ],
    [
      'no dealer code only',
      { '': 2 },
      '2 unit tanpa cabang: tanpa kode dealer (2) — isi Cabang pada unit tanpa kode dealer. Unit ini belum mendapat follow up KPB; setelah Cabangnya ada, h23-bridge menghubungkan unit dan menjadwalkannya tanpa impor ulang.',
    ],
  ])('the units without a branch, %s', (_, codes, line) => {
    expect(unitsWithoutBranchLine(codes)).toBe(line);
  });
});

describe('adoptUnkeyedOwners: partners Odoo had before the bridge', () => {
  const wulan = { id: 7, name: 'IBU Wulan Dari', phones: ['021 5550101', '0812-9000-0017'] };
  const joko = { id: 8, name: 'Joko Susilo', phones: ['+6281290000018'] };
  const twinA = { id: 9, name: 'Rudi Hartono', phones: ['081290000019'] };
  const twinB = { id: 10, name: 'Rudi Hartono', phones: ['+62 81290000019'] };
  const owner = (key: string, phone: string | null, name: string) => ({ key, phone, name });

  it.each<[string, ReturnType<typeof owner>[], (typeof wulan)[], Array<[string, number]>]>([
    [
      'the HP in any field, any spelling, a matching name → adopted',
      [owner('+6281290000017|wulandari', '+6281290000017', 'Wulandari')],
      [wulan],
      [['+6281290000017|wulandari', 7]],
    ],
    ['the same phone under another name → someone else', [owner('k', '+6281290000018', 'Rudi')], [joko], []],
    [
      'two partners with the phone and the name → which? none',
      [owner('k', '+6281290000019', 'Rudi Hartono')],
      [twinA, twinB],
      [],
    ],
    ['no phone → never by name alone', [owner('k', null, 'Joko Susilo')], [joko], []],
    [
      'two owners of the file on one partner → neither',
      [owner('k1', '+6281290000018', 'Joko Susilo'), owner('k2', '+6281290000018', 'Joko Susila')],
      [joko],
      [],
    ],
  ])('%s', (_, owners, candidates, expected) => {
    expect([...adoptUnkeyedOwners(owners, candidates)]).toEqual(expected);
  });
});

describe('CDB fingerprint texts', () => {
  const branches = new Map([['AHS01', 1]]);
  const ownerOf = (row: CdbRecord): OwnerValues => {
    if (!row.owner) throw new Error('a row with an owner');
    return row.owner;
  };
  const base = record(5, 'JM1', { street: 'Jl. A' }, { color: 'MERAH', frameNumber: 'MH1' });
  const unitText = (changed: CdbRecord, settings = '') => cdbUnitFingerprintText(changed, branches, settings);

  it('are the same for a row that asks the same, whatever its place in the file', () => {
    expect(unitText({ ...base, row: 99, fingerprint: 1 })).toBe(unitText(base));
    expect(cdbOwnerFingerprintText(ownerOf(record(7, 'JM2', { street: 'Jl. A' })), '')).toBe(
      cdbOwnerFingerprintText(ownerOf(base), ''),
    );
  });

  it.each<[string, CdbRecord]>([
    ['frame number', record(5, 'JM1', { street: 'Jl. A' }, { color: 'MERAH', frameNumber: 'MH2' })],
    ['colour', record(5, 'JM1', { street: 'Jl. A' }, { color: 'HITAM', frameNumber: 'MH1' })],
    ['colour emptied (asks for nothing)', record(5, 'JM1', { street: 'Jl. A' }, { frameNumber: 'MH1' })],
    [
      'dealer code',
      record(5, 'JM1', { street: 'Jl. A' }, { color: 'MERAH', frameNumber: 'MH1', dealerCode: 'AHS02' }),
    ],
    [
      'purchase date',
      record(
        5,
        'JM1',
        { street: 'Jl. A' },
        { color: 'MERAH', frameNumber: 'MH1', purchaseDate: '2025-01-02' },
      ),
    ],
    ['owner key', record(5, 'JM1', { street: 'Jl. A', key: 'k2' }, { color: 'MERAH', frameNumber: 'MH1' })],
    ['no owner', record(5, 'JM1', null, { color: 'MERAH', frameNumber: 'MH1' })],
    [
      'phone flag',
      record(5, 'JM1', { street: 'Jl. A' }, { color: 'MERAH', frameNumber: 'MH1', phoneInvalid: true }),
    ],
  ])('differ when the row asks another %s', (_, changed) => {
    expect(unitText(changed)).not.toBe(unitText(base));
  });

  it('differ when a branch starts to carry the dealer code, or under other settings', () => {
    expect(cdbUnitFingerprintText(base, new Map(), '')).not.toBe(unitText(base));
    expect(unitText(base, '7')).not.toBe(unitText(base));
    expect(unitText(base).startsWith(`${CDB_MAPPING_VERSION}\u0001`)).toBe(true);
  });

  it.each([
    ['name', { name: 'Budi S' }],
    ['phone', { phone: '+6281234567899' }],
    ['street', { street: 'Jl. B' }],
    ['city', { city: 'Bogor' }],
    ['key', { key: 'k9' }],
  ])('of the owner differ when the row asks another %s', (_, owner) => {
    const changed = ownerOf(record(5, 'JM1', { street: 'Jl. A', ...owner }));
    expect(cdbOwnerFingerprintText(changed, '')).not.toBe(cdbOwnerFingerprintText(ownerOf(base), ''));
  });
});
