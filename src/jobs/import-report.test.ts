import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { memoryStores } from '../../test/support/memory-stores.js';
import { openReport } from '../connectors/reports/open-report.js';
import { isReportFileError } from '../connectors/reports/report-errors.js';
import { writeCsv } from '../connectors/reports/report-writers.js';
import { isDefaultBranchError } from './default-branch.js';
import type { ImportStores } from './import-cdb.js';
import type { PortalKind } from './import-pipeline.js';
import { importReport } from './import-report.js';
import { type SampleFiles, writeSample } from './sample.js';

const TODAY = '2026-11-23';
const columns = loadConfig({ env: { ODOO_URL: 'http://odoo.test', ODOO_DB: 'x', ODOO_API_KEY: 'k' } }).import;
let folder: string;
let xlsx: SampleFiles;
let csv: SampleFiles;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'h23-import-job-'));
  // A high dirty share puts every kind of bad row in a small file.
  xlsx = await writeSample({
    units: 600,
    out: join(folder, 'xlsx'),
    seed: 11,
    today: TODAY,
    format: 'xlsx',
    dirtyShare: 0.2,
  });
  csv = await writeSample({
    units: 600,
    out: join(folder, 'csv'),
    seed: 11,
    today: TODAY,
    format: 'csv',
    dirtyShare: 0.2,
    csvEncoding: 'windows-1252',
  });
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function runIn(
  stores: ImportStores,
  path: string,
  kind: PortalKind,
  chunkSize = 64,
  keepRows?: number,
) {
  return importReport(stores, {
    source: await openReport(path),
    kind,
    today: TODAY,
    dryRun: false,
    chunkSize,
    cdbColumns: columns.cdbColumns,
    a2Columns: columns.a2Columns,
    ...(keepRows === undefined ? {} : { keepRows }),
  });
}

// A CDB import applies the rows its check kept, or reads the file a second time when it kept
// too many (keepRows 0: always): both ways must end the same.
const MODES = [
  ['rows kept by the check', undefined],
  ['a second read', 0],
] as const;

const run = (stores: ImportStores, path: string, kind: PortalKind, chunkSize = 64) =>
  runIn(stores, path, kind, chunkSize);

describe.each([
  ['xlsx', ...MODES[0]],
  ['xlsx', ...MODES[1]],
  ['csv', ...MODES[0]],
  ['csv', ...MODES[1]],
] as const)('importing the sample %s, applying %s', (format, _, keepRows) => {
  const files = () => (format === 'xlsx' ? xlsx : csv);
  const run = (stores: ImportStores, path: string, kind: PortalKind) =>
    runIn(stores, path, kind, 64, keepRows);

  it('creates one unit per clean engine number and one owner per person, and quarantines exactly the dirty rows', async () => {
    const { expected, cdb } = files();
    for (const kind of Object.keys(expected.cdbDirt))
      expect(expected.cdbDirt[kind as keyof typeof expected.cdbDirt], kind).toBeGreaterThan(0);
    const stores = memoryStores();
    const summary = await run(stores, cdb, 'cdb');
    expect(stores.units.rows.size).toBe(expected.units);
    expect(stores.owners.rows.size).toBe(expected.owners);
    expect(summary.counts.rows).toBe(expected.cdbRows);
    expect(summary.counts.quarantined).toBe(expected.cdbQuarantined);
    expect(summary.counts.applied + summary.counts.unchanged + summary.counts.quarantined).toBe(
      expected.cdbRows,
    );
    const codes = (code: string) => summary.issues.filter((issue) => issue.code === code).length;
    expect(codes('engine_missing')).toBe(expected.cdbDirt.engine_missing);
    expect(codes('engine_malformed')).toBe(expected.cdbDirt.engine_malformed);
    expect(codes('purchase_date_future')).toBe(expected.cdbDirt.purchase_date_future);
    expect(codes('purchase_date_not_in_calendar')).toBe(expected.cdbDirt.purchase_date_not_in_calendar);
    expect(codes('duplicate_conflict')).toBe(2 * expected.cdbDirt.duplicate_conflict);
    expect(codes('owner_name_missing')).toBe(expected.cdbDirt.owner_name_missing);
    for (const issue of summary.issues) {
      expect(issue.row).toBeGreaterThan(4);
      if (issue.code !== 'duplicate_conflict' && issue.code !== 'odoo_refused')
        expect(issue.column).toMatch(/\([A-K]\)$/);
    }
  });

  it('a second import of the same file writes nothing', async () => {
    const stores = memoryStores();
    await run(stores, files().cdb, 'cdb');
    const writes = stores.units.writeCalls + stores.owners.writeCalls;
    const again = await run(stores, files().cdb, 'cdb');
    expect(stores.units.writeCalls + stores.owners.writeCalls).toBe(writes);
    expect(again.counts.applied).toBe(0);
    expect(
      again.counts.unitsCreated +
        again.counts.unitsUpdated +
        again.counts.ownersCreated +
        again.counts.ownersUpdated,
    ).toBe(0);
  });

  it('A2 sets the KPB dates on known units and quarantines unknown engines and impossible dates', async () => {
    const { expected, cdb, a2 } = files();
    const stores = memoryStores();
    await run(stores, cdb, 'cdb');
    const summary = await run(stores, a2, 'a2');
    const dates = [...stores.units.rows.values()].reduce(
      (sum, unit) =>
        sum + ['kpb1Date', 'kpb2Date', 'kpb3Date', 'kpb4Date'].filter((field) => unit.values[field]).length,
      0,
    );
    expect(dates).toBe(expected.kpbDates);
    expect(summary.counts.quarantined).toBe(expected.a2Quarantined);
    const codes = new Set(summary.issues.map((issue) => issue.code));
    expect([...codes].sort()).toEqual([
      'kpb_before_purchase',
      'kpb_date_future',
      'kpb_date_not_in_calendar',
      'unknown_engine',
    ]);
    const again = await run(stores, a2, 'a2');
    expect(again.counts.applied).toBe(0);
  });
});

describe.each(
  MODES,
)('killed at any point, applying %s, a re-run completes the import exactly', (_, keepRows) => {
  const run = (stores: ImportStores, path: string, kind: PortalKind, chunkSize: number) =>
    runIn(stores, path, kind, chunkSize, keepRows);

  it('leaves the same units and owners as an uninterrupted run, whichever write call the kill hit', async () => {
    const whole = memoryStores();
    await run(whole, xlsx.cdb, 'cdb', 100);
    const totalWrites = whole.units.writeCalls + whole.owners.writeCalls;
    expect(totalWrites).toBeGreaterThan(6);
    const snapshot = (stores: ImportStores & ReturnType<typeof memoryStores>) => ({
      units: [...stores.units.rows.entries()]
        .map(([key, row]) => [key, { ...row.values, partnerId: undefined }])
        .sort(),
      owners: [...stores.owners.rows.entries()].map(([key, row]) => [key, row.values]).sort(),
      links: [...stores.units.rows.values()].filter((row) => row.values.partnerId).length,
    });
    for (let killAt = 0; killAt < totalWrites; killAt += 1) {
      const stores = memoryStores({ writesLeft: killAt });
      await expect(run(stores, xlsx.cdb, 'cdb', 100)).rejects.toThrow(/simulated kill/);
      stores.killSwitch.writesLeft = Number.POSITIVE_INFINITY;
      await run(stores, xlsx.cdb, 'cdb', 100);
      expect(snapshot(stores), `killed at write ${killAt}`).toEqual(snapshot(whole));
    }
    // Dozens of imports: seconds on a busy machine.
  }, 60_000);
});

describe('files that cannot be imported leave the stores untouched', () => {
  it('a truncated xlsx fails before any write', async () => {
    const bytes = await readFile(xlsx.cdb);
    const cut = join(folder, 'cut.xlsx');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    const stores = memoryStores();
    const error = await run(stores, cut, 'cdb').catch((caught: unknown) => caught);
    expect(isReportFileError(error) && error.problem).toBe('truncated');
    expect(stores.units.writeCalls + stores.owners.writeCalls).toBe(0);
  });

  it('a file without the required columns says which are missing, in Indonesian for the PIC', async () => {
    const path = join(folder, 'wrong.csv');
    await writeCsv(path, [
      ['Nama', 'Alamat'],
      ['Budi', 'Jl. X'],
    ]);
    const error = await run(memoryStores(), path, 'cdb').catch((caught: unknown) => caught);
    expect(isReportFileError(error) && error.problem).toBe('no_header');
    expect(isReportFileError(error) && error.messageId).toMatch(
      /Kolom wajib untuk laporan CDB tidak ada: "No Mesin", "Tgl Beli"/,
    );
  });

  it('a row split by a stray separator is quarantined as malformed, the rest imported', async () => {
    const path = join(folder, 'stray.csv');
    await writeCsv(path, [
      ['No Mesin', 'Nama', 'No HP', 'Tgl Beli'],
      ['JM31E1234567', 'Budi', '081234567890', '01/02/2025'],
      ['JM41E1234567', 'Ani', '081234567891', '01/02/2025', 'sisa kolom'],
    ]);
    const stores = memoryStores();
    const summary = await run(stores, path, 'cdb');
    expect(stores.units.rows.size).toBe(1);
    expect(summary.issues).toEqual([
      expect.objectContaining({ row: 3, code: 'row_malformed', value: 'sisa kolom' }),
    ]);
  });

  it('a row Odoo refuses is quarantined with Odoo’s message; its neighbours go in', async () => {
    const path = join(folder, 'refused.csv');
    await writeCsv(path, [
      ['No Mesin', 'Nama', 'No HP', 'Tgl Beli'],
      ['JM31E1234567', 'Budi', '081234567890', '01/02/2025'],
      ['JM41E1234567', 'Ani', '081234567891', '01/02/2025'],
    ]);
    const stores = memoryStores();
    stores.units.refuse.set('JM41E1234567', 'ValidationError: Tipe Motor wajib diisi');
    const summary = await run(stores, path, 'cdb');
    expect(stores.units.rows.size).toBe(1);
    expect(summary.counts.quarantined).toBe(1);
    expect(summary.issues).toEqual([
      expect.objectContaining({
        row: 3,
        code: 'odoo_refused',
        detail: 'unit: ValidationError: Tipe Motor wajib diisi',
      }),
    ]);
  });
});

describe('owners Odoo had before the bridge', () => {
  it('a partner holding the HP (any field, any spelling) under a matching name is adopted: its key written, no twin; a re-run writes nothing', async () => {
    const stores = memoryStores();
    stores.owners.unkeyed.push(
      {
        id: 500,
        name: 'IBU Wulan Dari',
        phones: ['021 5550101', '0812-9000-0017'],
        values: { name: 'IBU Wulan Dari', phone: '0812-9000-0017', street: null, city: null, key: null },
      },
      {
        id: 501,
        name: 'Joko Susilo',
        phones: ['+6281290000018'],
        values: { name: 'Joko Susilo', phone: '+6281290000018', street: null, city: null, key: null },
      },
    );
    const path = join(folder, 'adopt.csv');
    await writeFile(
      path,
      [
        'No Mesin;Nama Konsumen;No HP;Alamat;Kota;Tgl Beli',
        'JMADOPT0001;WULANDARI;+6281290000017;Jl. Mawar 1;Bekasi;05/11/2026',
        'JMADOPT0002;Rudi Hartono;0812 9000 0018;Jl. Mawar 2;Bekasi;06/11/2026',
        '',
      ].join('\r\n'),
    );
    const first = await run(stores, path, 'cdb');
    expect(first.counts).toMatchObject({ unitsCreated: 2, ownersCreated: 1 });
    const adopted = stores.owners.rows.get('+6281290000017|wulandari');
    expect(adopted).toMatchObject({
      id: 500,
      values: { key: '+6281290000017|wulandari', street: 'Jl. Mawar 1' },
    });
    expect(stores.units.rows.get('JMADOPT0001')?.values.partnerId).toBe(500);
    // Joko shares Rudi's phone but not his name: someone else, left alone.
    expect(stores.owners.unkeyed.map((partner) => partner.id)).toEqual([501]);
    expect(stores.owners.rows.get('+6281290000018|rudi hartono')?.id).not.toBe(501);

    const writes = stores.units.writeCalls + stores.owners.writeCalls;
    const again = await run(stores, path, 'cdb');
    expect(again.counts).toMatchObject({ applied: 0, ownersCreated: 0, ownersUpdated: 0 });
    expect(stores.units.writeCalls + stores.owners.writeCalls).toBe(writes);
  });
});

describe('units whose dealer code no branch carries (issue 19)', () => {
  const runWith = async (stores: ImportStores, defaultBranch?: string) =>
    importReport(stores, {
      source: await openReport(xlsx.cdb),
      kind: 'cdb',
      today: TODAY,
      dryRun: false,
      chunkSize: 100,
      cdbColumns: columns.cdbColumns,
      a2Columns: columns.a2Columns,
      ...(defaultBranch ? { defaultBranch } : {}),
    });
  const byCode = (stores: ReturnType<typeof memoryStores>) => {
    const counts: Record<string, number> = {};
    for (const row of stores.units.rows.values())
      if (!row.values.branch) {
        const code = String(row.values.dealerCode ?? '');
        counts[code] = (counts[code] ?? 0) + 1;
      }
    return counts;
  };

  it('are counted by dealer code and keep their code; a re-import once the branch exists places them', async () => {
    const stores = memoryStores();
    const before = await runWith(stores);
    const total = Object.values(before.unknownDealerCodes).reduce((sum, n) => sum + n, 0);
    expect(total).toBe(xlsx.expected.units);
    expect(before.unknownDealerCodes).toEqual(byCode(stores));
    expect(Object.keys(before.unknownDealerCodes).sort()).toEqual(['AHS01', 'AHS02', 'AHS03']);

    stores.units.branches.set('AHS01', 1).set('AHS02', 2);
    const after = await runWith(stores);
    expect(Object.keys(after.unknownDealerCodes)).toEqual(['AHS03']);
    expect(after.unknownDealerCodes.AHS03).toBe(before.unknownDealerCodes.AHS03);
    const placed = [...stores.units.rows.values()].filter((row) => row.values.branch);
    expect(placed.length).toBe(
      (before.unknownDealerCodes.AHS01 ?? 0) + (before.unknownDealerCodes.AHS02 ?? 0),
    );
    for (const row of placed) expect(row.values.branch).toBe(row.values.dealerCode === 'AHS01' ? 1 : 2);
  });

  it('a default branch takes the units no branch’s dealer code names', async () => {
    const stores = memoryStores();
    stores.units.branches.set('AHS01', 1);
    const summary = await runWith(stores, 'AHS01');
    expect(summary.unknownDealerCodes).toEqual({});
    expect([...stores.units.rows.values()].every((row) => row.values.branch === 1)).toBe(true);
  });

  it('a default branch no branch carries stops the import before any write', async () => {
    const stores = memoryStores();
    stores.units.branches.set('AHS01', 1);
    const error = await runWith(stores, 'AHS9').catch((caught: unknown) => caught);
    expect(isDefaultBranchError(error)).toBe(true);
    expect((error as Error).message).toBe(
      'import.defaultBranch (IMPORT_DEFAULT_BRANCH) is "AHS9", but no branch in Odoo has that dealer code (known: AHS01): give the branch that Kode Dealer in Odoo (CRM H23 → Konfigurasi → Cabang), or correct the setting',
    );
    expect(stores.units.writeCalls + stores.owners.writeCalls).toBe(0);
  });
});
