import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { memoryStores } from '../../test/support/memory-stores.js';
import { fieldNames, fieldPath } from '../connectors/odoo/schema-codec.js';
import { openReport } from '../connectors/reports/open-report.js';
import { UNIT } from '../module/models.js';
import { PARTNER } from '../module/odoo-models.js';
import { desiredCdbUnit } from '../rules/import/plan.js';
import { importCdb } from './import-cdb.js';
import { type SampleFiles, writeSample } from './sample.js';

const TODAY = '2026-11-23';
const config = loadConfig({ env: { ODOO_URL: 'http://odoo.test', ODOO_DB: 'x', ODOO_API_KEY: 'k' } }).import;
let folder: string;
let sample: SampleFiles;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'h23-import-cdb-'));
  sample = await writeSample({
    units: 500,
    out: join(folder, 'sample'),
    seed: 23,
    today: TODAY,
    format: 'csv',
    dirtyShare: 0.1,
  });
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

type Stores = ReturnType<typeof memoryStores>;

/** Records the check may keep: the default, or 0 (the file is read a second time). */
let keepRows: number | undefined;

async function importPath(
  stores: Stores,
  path: string,
  options: { columns?: typeof config.cdbColumns; defaultBranch?: string; keepRows?: number | undefined } = {},
) {
  const keep = 'keepRows' in options ? options.keepRows : keepRows;
  return importCdb(stores, {
    source: await openReport(path),
    today: TODAY,
    dryRun: false,
    chunkSize: 50,
    columns: options.columns ?? config.cdbColumns,
    ...(options.defaultBranch ? { defaultBranch: options.defaultBranch } : {}),
    ...(keep === undefined ? {} : { keepRows: keep }),
  });
}

const HEADER = 'No Mesin;No Rangka;Nama Konsumen;No HP;Alamat;Kota;Tipe Motor;Warna;Tgl Beli;Kode Dealer';
const ROWS = [
  'JMFP00001;MH1JM0001;Budi Santoso;081290001001;Jl. Kenanga 1;Bekasi;BeAT;MERAH;05/11/2026;AHS01',
  'JMFP00002;MH1JM0002;Siti Aminah;081290001002;Jl. Kenanga 2;Bekasi;Vario;HITAM;06/11/2026;AHS01',
  // Budi's second motorcycle, bought later: this row owns Budi's data.
  'JMFP00003;MH1JM0003;Budi Santoso;081290001001;Jl. Melati 9;Bekasi;Scoopy;PUTIH;07/11/2026;AHS01',
  'JMFP00004;MH1JM0004;Ani Lestari;081290001004;Jl. Kenanga 4;Bekasi;PCX;BIRU;08/11/2026;AHS02',
];
const BUDI = '+6281290001001|budi santoso';

async function cdbFile(name: string, rows: readonly string[] = ROWS): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, [HEADER, ...rows, ''].join('\r\n'));
  return path;
}

const writes = (stores: Stores) => stores.units.writeCalls + stores.owners.writeCalls;
const fullReads = (stores: Stores) => stores.units.readCalls + stores.owners.readCalls;

/** Imports once more: it must neither write nor read in full. */
async function expectSettled(stores: Stores, path: string): Promise<void> {
  await expectSettledWith(stores, path, {});
}

async function expectSettledWith(
  stores: Stores,
  path: string,
  options: Parameters<typeof importPath>[2],
): Promise<void> {
  const before = { writes: writes(stores), reads: fullReads(stores) };
  const again = await importPath(stores, path, options);
  expect(again.counts.applied, 'applied on the settled import').toBe(0);
  expect(writes(stores), 'writes on the settled import').toBe(before.writes);
  expect(fullReads(stores), 'full reads on the settled import').toBe(before.reads);
}

describe.each([
  ['rows kept by the check', undefined],
  ['a second read of the file', 0],
] as const)('applying %s', (_, keep) => {
  beforeEach(() => {
    keepRows = keep;
  });

  describe('an unchanged re-import (fingerprints)', () => {
    it('writes nothing and reads only the units’ stamps, one read per 5,000 rows', async () => {
      const stores = memoryStores();
      const first = await importPath(stores, sample.cdb);
      expect(first.counts.unitsCreated).toBe(sample.expected.units);
      const before = { writes: writes(stores), reads: fullReads(stores), stamps: stores.units.stampReads };
      const again = await importPath(stores, sample.cdb);
      expect(writes(stores)).toBe(before.writes);
      expect(fullReads(stores)).toBe(before.reads);
      expect(stores.units.stampReads - before.stamps).toBe(Math.ceil(sample.expected.cdbRows / 5000));
      expect(again.counts).toMatchObject({
        applied: 0,
        unchanged: first.counts.applied + first.counts.unchanged,
        quarantined: first.counts.quarantined,
        unitsCreated: 0,
        unitsUpdated: 0,
        ownersCreated: 0,
        ownersUpdated: 0,
      });
      expect(again.issues).toEqual(first.issues);
      expect(again.unknownDealerCodes).toEqual(first.unknownDealerCodes);
    });

    it('writes a changed unit and a changed owner, and nothing else', async () => {
      const stores = memoryStores();
      await importPath(stores, await cdbFile('base.csv'));
      const changed = [...ROWS];
      changed[1] = (changed[1] as string).replace('HITAM', 'HIJAU');
      changed[2] = (changed[2] as string).replace('Jl. Melati 9', 'Jl. Melati 10');
      const path = await cdbFile('changed.csv', changed);
      const summary = await importPath(stores, path);
      expect(summary.counts).toMatchObject({ applied: 2, unchanged: 2, unitsUpdated: 1, ownersUpdated: 1 });
      expect(stores.units.rows.get('JMFP00002')?.values.color).toBe('HIJAU');
      expect(stores.owners.rows.get(BUDI)?.values.street).toBe('Jl. Melati 10');
      await expectSettled(stores, path);
    });

    it('a row whose owner data another row owns is not read again when that owner changes', async () => {
      const stores = memoryStores();
      await importPath(stores, await cdbFile('owners.csv'));
      // Budi's older unit (row 2) does not own his data: the owner's new street is row 4's business.
      const changed = [...ROWS];
      changed[2] = (changed[2] as string).replace('Jl. Melati 9', 'Jl. Melati 11');
      const path = await cdbFile('owners-changed.csv', changed);
      const summary = await importPath(stores, path);
      expect(summary.counts).toMatchObject({ applied: 1, unitsUpdated: 0, ownersUpdated: 1 });
      await expectSettled(stores, path);
    });
  });

  describe('edits made in Odoo are overwritten by the CDB as without fingerprints', () => {
    it('a unit field a user changed is set back to the CDB’s value', async () => {
      const stores = memoryStores();
      const path = await cdbFile('edit-unit.csv');
      await importPath(stores, path);
      stores.units.edit('JMFP00001', { color: 'UNGU' });
      const summary = await importPath(stores, path);
      expect(summary.counts).toMatchObject({ applied: 1, unitsUpdated: 1 });
      expect(stores.units.rows.get('JMFP00001')?.values.color).toBe('MERAH');
      await expectSettled(stores, path);
    });

    it('a user’s edit of the same value still leads to a full comparison, and no value write', async () => {
      const stores = memoryStores();
      const path = await cdbFile('edit-same.csv');
      await importPath(stores, path);
      stores.units.edit('JMFP00001', { color: 'MERAH' });
      const reads = fullReads(stores);
      const summary = await importPath(stores, path);
      expect(fullReads(stores)).toBeGreaterThan(reads);
      expect(summary.counts).toMatchObject({ applied: 0, unitsUpdated: 0 });
      await expectSettled(stores, path);
    });

    it('an owner a user changed gets the CDB’s data back from the row that owns it', async () => {
      const stores = memoryStores();
      const path = await cdbFile('edit-owner.csv');
      await importPath(stores, path);
      stores.owners.edit(BUDI, { street: 'Jl. Diubah Admin', name: 'Budi S.' });
      const summary = await importPath(stores, path);
      expect(summary.counts).toMatchObject({ applied: 1, ownersUpdated: 1, unitsUpdated: 0 });
      expect(stores.owners.rows.get(BUDI)?.values).toMatchObject({
        street: 'Jl. Melati 9',
        name: 'Budi Santoso',
      });
      await expectSettled(stores, path);
    });

    it('a unit moved to another partner goes back to the CDB’s owner', async () => {
      const stores = memoryStores();
      const path = await cdbFile('relink.csv');
      await importPath(stores, path);
      const siti = stores.owners.rows.get('+6281290001002|siti aminah')?.id as number;
      stores.units.edit('JMFP00001', { partnerId: siti });
      const summary = await importPath(stores, path);
      expect(summary.counts).toMatchObject({ applied: 1, unitsUpdated: 1 });
      expect(stores.units.rows.get('JMFP00001')?.values.partnerId).toBe(stores.owners.rows.get(BUDI)?.id);
      await expectSettled(stores, path);
    });

    it('a unit moved behind the ORM’s back (Odoo’s merge wizard updates links in SQL) is compared in full', async () => {
      const stores = memoryStores();
      const path = await cdbFile('merged.csv');
      await importPath(stores, path);
      const unit = stores.units.rows.get('JMFP00004');
      const siti = stores.owners.rows.get('+6281290001002|siti aminah')?.id as number;
      // Its fingerprints stay: only the live owner check sees it.
      if (unit)
        stores.units.rows.set('JMFP00004', { id: unit.id, values: { ...unit.values, partnerId: siti } });
      const summary = await importPath(stores, path);
      expect(summary.counts).toMatchObject({ applied: 1, unitsUpdated: 1 });
      expect(stores.units.rows.get('JMFP00004')?.values.partnerId).toBe(
        stores.owners.rows.get('+6281290001004|ani lestari')?.id,
      );
    });

    it('a deleted owner is created again and the unit linked to them', async () => {
      const stores = memoryStores();
      const path = await cdbFile('deleted.csv');
      await importPath(stores, path);
      stores.owners.rows.delete('+6281290001004|ani lestari');
      // PostgreSQL empties the link (on delete set null): Odoo recomputes no fingerprint (seen on 19).
      const unit = stores.units.rows.get('JMFP00004');
      if (unit)
        stores.units.rows.set('JMFP00004', { id: unit.id, values: { ...unit.values, partnerId: null } });
      const summary = await importPath(stores, path);
      expect(summary.counts).toMatchObject({ applied: 1, ownersCreated: 1, unitsUpdated: 1 });
      expect(stores.units.rows.get('JMFP00004')?.values.partnerId).toBe(
        stores.owners.rows.get('+6281290001004|ani lestari')?.id,
      );
      await expectSettled(stores, path);
    });

    it('a unit whose owner an admin confirmed keeps that owner and is compared in full, writing nothing', async () => {
      const stores = memoryStores();
      const path = await cdbFile('confirmed.csv');
      await importPath(stores, path);
      const siti = stores.owners.rows.get('+6281290001002|siti aminah')?.id as number;
      stores.units.edit('JMFP00004', { partnerId: siti, ownerConfirmed: true });
      for (let run = 0; run < 2; run += 1) {
        const before = { writes: writes(stores), reads: fullReads(stores) };
        const summary = await importPath(stores, path);
        expect(summary.counts).toMatchObject({ applied: 0, unitsUpdated: 0 });
        expect(stores.units.rows.get('JMFP00004')?.values.partnerId).toBe(siti);
        expect(writes(stores)).toBe(before.writes);
        expect(fullReads(stores)).toBeGreaterThan(before.reads);
      }
    });

    it('an owner whose key a user changed is no longer the unit’s owner: the CDB’s owner is created again', async () => {
      const stores = memoryStores();
      const path = await cdbFile('rekeyed.csv');
      await importPath(stores, path);
      const ani = stores.owners.rows.get('+6281290001004|ani lestari');
      if (!ani) throw new Error('no owner');
      stores.owners.rows.delete('+6281290001004|ani lestari');
      stores.owners.rows.set('diubah', ani);
      stores.owners.edit('diubah', { key: 'diubah' });
      const summary = await importPath(stores, path);
      expect(summary.counts).toMatchObject({ applied: 1, ownersCreated: 1, unitsUpdated: 1 });
      expect(stores.units.rows.get('JMFP00004')?.values.partnerId).toBe(
        stores.owners.rows.get('+6281290001004|ani lestari')?.id,
      );
      await expectSettled(stores, path);
    });
  });

  describe('fingerprints written under other rules or settings', () => {
    it('units imported before fingerprints are compared in full once: only fingerprints are written', async () => {
      const stores = memoryStores();
      const path = await cdbFile('legacy.csv');
      await importPath(stores, path);
      for (const [key, row] of stores.units.rows)
        stores.units.rows.set(key, {
          id: row.id,
          values: { ...row.values, importHash: null, ownerHash: null },
        });
      const owners = stores.owners.writeCalls;
      const summary = await importPath(stores, path);
      expect(summary.counts).toMatchObject({ applied: 0, unchanged: 4, unitsUpdated: 0, ownersUpdated: 0 });
      expect(stores.owners.writeCalls).toBe(owners);
      expect([...stores.units.rows.values()].every((row) => row.values.importHash)).toBe(true);
      await expectSettled(stores, path);
    });

    it('another column mapping changes what it reads, nothing else; another default branch makes every unit compared again', async () => {
      const stores = memoryStores();
      stores.units.branches.set('AHS01', 1);
      const path = await cdbFile('mapping.csv');
      await importPath(stores, path);
      // Another spelling of a header the file does not use: the same values.
      const same = { ...config.cdbColumns, color: [...config.cdbColumns.color, 'Warna Motor'] };
      await expectSettledWith(stores, path, { columns: same });
      // "Tipe Motor" read as the colour: other values, written.
      const other = { ...config.cdbColumns, color: ['Tipe Motor'] };
      const remapped = await importPath(stores, path, { columns: other });
      expect(remapped.counts).toMatchObject({ applied: 4, unitsUpdated: 4 });
      expect(stores.units.rows.get('JMFP00001')?.values.color).toBe('BeAT');
      await importPath(stores, path);
      const reads = fullReads(stores);
      const placed = await importPath(stores, path, { defaultBranch: 'AHS01' });
      expect(fullReads(stores)).toBeGreaterThan(reads);
      // Ani's unit names AHS02, which no branch carries: the default branch takes it.
      expect(placed.counts).toMatchObject({ applied: 1, unitsUpdated: 1 });
      expect(stores.units.rows.get('JMFP00004')?.values.branch).toBe(1);
      await expectSettledWith(stores, path, { defaultBranch: 'AHS01' });
    });

    it('a branch that now carries a unit’s dealer code places it without a user edit', async () => {
      const stores = memoryStores();
      const path = await cdbFile('branch.csv');
      const before = await importPath(stores, path);
      expect(before.unknownDealerCodes).toEqual({ AHS01: 3, AHS02: 1 });
      const settled = await importPath(stores, path);
      expect(settled.unknownDealerCodes).toEqual({ AHS01: 3, AHS02: 1 });
      stores.units.branches.set('AHS02', 7);
      const after = await importPath(stores, path);
      expect(after.counts).toMatchObject({ applied: 1, unitsUpdated: 1 });
      expect(after.unknownDealerCodes).toEqual({ AHS01: 3 });
      expect(stores.units.rows.get('JMFP00004')?.values.branch).toBe(7);
    });
  });
});

describe('the rows kept by the check and a second read of the file', () => {
  it('end the same: the same summary, units and owners, fresh and again', async () => {
    const kept = memoryStores();
    const reread = memoryStores();
    const byRow = (issues: readonly { row: number }[]) => [...issues].sort((x, y) => x.row - y.row);
    for (let run = 0; run < 2; run += 1) {
      const one = await importPath(kept, sample.cdb, { keepRows: undefined });
      const other = await importPath(reread, sample.cdb, { keepRows: 0 });
      expect(one.counts).toEqual(other.counts);
      expect(byRow(one.issues)).toEqual(byRow(other.issues));
      expect(one.unknownDealerCodes).toEqual(other.unknownDealerCodes);
    }
    expect([...kept.units.rows]).toEqual([...reread.units.rows]);
    expect([...kept.owners.rows]).toEqual([...reread.owners.rows]);
  });
});

describe('the fingerprints in Odoo', () => {
  it('Odoo’s unit fingerprint stands for exactly the fields a CDB row sets', () => {
    const record = {
      row: 2,
      unit: {
        engineNumber: 'JMFP00001',
        frameNumber: 'MH1JM0001',
        modelName: 'BeAT',
        color: 'MERAH',
        purchaseDate: '2026-11-05',
        dealerCode: 'AHS01',
        phoneInvalid: false,
        dataIncomplete: false,
      },
      owner: { key: BUDI, name: 'Budi Santoso', phone: '+6281290001001', street: 'Jl. A', city: 'Bekasi' },
      fingerprint: 0,
    };
    const set = Object.keys(desiredCdbUnit(record, new Map([[BUDI, 5]]), new Map([['AHS01', 1]])));
    // The owner's confirmation decides whether the row moves the unit's owner; the owner's key, whether it is the row's.
    const expected = [
      ...fieldNames(UNIT, [...set, 'ownerConfirmed'] as Array<keyof typeof UNIT.fields>),
      fieldPath(UNIT.f.partnerId, PARTNER.f.key),
    ];
    expect(UNIT.fields.importHash.depends.split(',').sort()).toEqual(expected.sort());
  });
});
