import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { MemoryRecords } from '../../test/support/memory-stores.js';
import { openReport } from '../connectors/reports/open-report.js';
import { isReportFileError } from '../connectors/reports/report-errors.js';
import { writeCsv, writeXlsx } from '../connectors/reports/report-writers.js';
import { batchMessage } from '../rules/import/batch-message.js';
import { renderIssueReport } from '../rules/import/issues.js';
import type { CellValue } from '../rules/import/normalize.js';
import { importPraWo, isUnknownBranchError, type PraWoStores } from './import-pra-wo.js';

const TODAY = '2026-11-23';
const columns = loadConfig({ env: { ODOO_URL: 'http://odoo.test', ODOO_DB: 'x', ODOO_API_KEY: 'k' } }).import
  .worColumns;

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'h23-pra-wo-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function stores(
  branches: Record<string, number> = { AHS01: 7 },
  killSwitch = { writesLeft: Number.POSITIVE_INFINITY },
): PraWoStores & { wors: MemoryRecords } {
  return {
    wors: new MemoryRecords(killSwitch),
    branchesByDealerCode: async () => new Map(Object.entries(branches)),
  };
}

async function run(
  target: PraWoStores,
  path: string,
  options: { branchCode?: string; dryRun?: boolean; chunkSize?: number; written?: number[] } = {},
) {
  return importPraWo(target, {
    source: await openReport(path),
    today: TODAY,
    dryRun: options.dryRun ?? false,
    chunkSize: options.chunkSize ?? 3,
    columns,
    ...(options.branchCode ? { branchCode: options.branchCode } : {}),
    onWritten: (ids) => options.written?.push(...ids),
  });
}

/** What a workshop admin types: a title and a blank line above the header, dirty rows among clean ones. */
const BATCH: CellValue[][] = [
  ['PRA WO AHASS CIBUBUR - NOVEMBER 2026'],
  [],
  ['No. WO', 'Tgl Servis', 'Kode AHASS', 'Nomor Mesin', 'Nama Pembawa', 'No HP', 'Alamat', 'Tipe', 'KPB'],
  [
    'PWO-0001',
    '20/11/2026',
    'AHS01',
    'JM31E1234567',
    'ANDRÉ WIJAYA',
    '0812 3456 7890',
    'Jl. Mawar 3',
    'BeAT',
    'KPB 1',
  ],
  ['', '20-11-2026', 'AHS01', 'JM41E7654321', 'Siti Rahayu', '', '', 'Vario', 'Reguler'],
  [
    'PWO-0001',
    '20/11/2026',
    'AHS01',
    'JM31E1234567',
    'ANDRÉ WIJAYA',
    '0812 3456 7890',
    'Jl. Mawar 3',
    'BeAT',
    'KPB 1',
  ],
  ['PWO-0002', '21/11/2026', 'AHS01', 'JM51E1111111', 'Budi', '0813 1111 2222', '', 'Scoopy', '2'],
  ['PWO-0002', '21/11/2026', 'AHS01', 'JM51E1111111', 'Budi', '0813 9999 2222', '', 'Scoopy', '2'],
  ['PWO-0003', '21/11/2026', 'AHS01', '', 'Dewi', '', '', '', ''],
  ['PWO-0004', '24/11/2026', 'AHS01', 'JM61E2222222', 'Eko', '', '', '', ''],
  ['PWO-0005', '22/11/2026', 'AHS01', 'jm-31e 12', 'Fajar', '12345', '', '', 'Ganti oli'],
  ['PWO-0006', '22/11/2026', 'AHS99', 'JM71E3333333', 'Gita', '', '', '', 'kpb3'],
];

describe.each([
  ['xlsx', (path: string) => writeXlsx(path, 'Pra WO', BATCH)],
  ['csv (Windows-1252, ;)', (path: string) => writeCsv(path, BATCH, { encoding: 'windows-1252' })],
] as const)('a Pra WO batch as %s', (format, write) => {
  const path = () =>
    join(folder, `batch-${format.slice(0, 4)}.${format.startsWith('xlsx') ? 'xlsx' : 'csv'}`);
  beforeAll(async () => {
    await write(path());
  });

  it('writes one paper WOR per clean row, quarantines what cannot be a WOR and warns of the rest', async () => {
    const target = stores();
    const summary = await run(target, path());
    expect(summary.headerRow).toBe(3);
    expect(summary.kind).toBe('wor');
    expect([...target.wors.rows.keys()].sort()).toEqual([
      'pra-wo:AHS01:2026-11-20:JM41E7654321',
      'pra-wo:AHS01:PWO-0001',
      'pra-wo:AHS01:PWO-0005',
      'pra-wo:AHS99:PWO-0006',
    ]);
    expect(target.wors.rows.get('pra-wo:AHS01:PWO-0001')?.values).toEqual({
      name: 'PWO-0001',
      source: 'paper',
      visitDate: '2026-11-20',
      branch: 7,
      engineNumber: 'JM31E1234567',
      carrierName: 'André Wijaya',
      carrierPhone: '+6281234567890',
      carrierAddress: 'Jl. Mawar 3',
      modelName: 'BeAT',
      serviceType: 'kpb1',
    });
    expect(target.wors.rows.get('pra-wo:AHS01:2026-11-20:JM41E7654321')?.values).toMatchObject({
      name: 'PRA-2026-11-20-JM41E7654321',
      serviceType: 'regular',
    });
    expect(target.wors.rows.get('pra-wo:AHS01:PWO-0005')?.values).toMatchObject({
      engineNumber: 'JM-31E 12',
      carrierPhone: '12345',
    });
    const gita = target.wors.rows.get('pra-wo:AHS99:PWO-0006')?.values;
    expect(gita).toMatchObject({ serviceType: 'kpb3' });
    expect(gita && 'branchId' in gita).toBe(false);

    expect(summary.counts).toMatchObject({
      rows: 9,
      applied: 4,
      unchanged: 1,
      quarantined: 4,
      warned: 2,
      worsCreated: 4,
      worsUpdated: 0,
    });
    expect(summary.unknownDealerCodes).toEqual({ AHS99: 1 });
    const issues = summary.issues.map((issue) => [issue.row, issue.code, issue.column, issue.severity]);
    expect(issues.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [7, 'wo_duplicate_conflict', 'No. WO (A)', 'error'],
      [8, 'wo_duplicate_conflict', 'No. WO (A)', 'error'],
      [9, 'engine_missing', 'Nomor Mesin (D)', 'error'],
      [10, 'visit_date_future', 'Tgl Servis (B)', 'error'],
      [11, 'wor_engine_malformed', 'Nomor Mesin (D)', 'warning'],
      [11, 'carrier_phone_invalid', 'No HP (F)', 'warning'],
      [11, 'service_type_unknown', 'KPB (I)', 'warning'],
      [12, 'dealer_code_unknown', 'Kode AHASS (C)', 'warning'],
    ]);
    expect(summary.issues.find((issue) => issue.row === 7)?.detail).toBe('lihat juga baris 8');
    const report = renderIssueReport('pra-wo.csv', summary.issues);
    expect(report).toContain(
      'pra-wo.csv;7;No. WO (A);PWO-0002;Ditolak;"WOR yang sama muncul lebih dari sekali dengan data berbeda; tidak ada yang diimpor: lihat juga baris 8"',
    );
    expect(report).toContain(
      'pra-wo.csv;10;Tgl Servis (B);24/11/2026;Ditolak;Tanggal kunjungan di masa depan',
    );
  });

  it('killed at any write, a re-run leaves the WORs of an uninterrupted run', async () => {
    const whole = stores({ AHS01: 7, AHS99: 9 });
    await run(whole, path(), { chunkSize: 1 });
    const total = whole.wors.writeCalls;
    expect(total).toBeGreaterThan(3);
    const snapshot = (target: ReturnType<typeof stores>) =>
      [...target.wors.rows].map(([key, row]) => [key, row.values]).sort();
    for (let killAt = 0; killAt < total; killAt += 1) {
      const target = stores({ AHS01: 7, AHS99: 9 }, { writesLeft: killAt });
      await expect(run(target, path(), { chunkSize: 1 })).rejects.toThrow(/simulated kill/);
      target.wors.killSwitch.writesLeft = Number.POSITIVE_INFINITY;
      await run(target, path(), { chunkSize: 1 });
      expect(snapshot(target), `killed at write ${killAt}`).toEqual(snapshot(whole));
    }
  });

  it('a second import of the same file writes nothing', async () => {
    const target = stores();
    await run(target, path());
    const writes = target.wors.writeCalls;
    const again = await run(target, path());
    expect(target.wors.writeCalls).toBe(writes);
    expect(again.counts).toMatchObject({ applied: 0, unchanged: 5, worsCreated: 0, worsUpdated: 0 });
  });
});

describe('a Pra WO batch edited and imported again', () => {
  it('updates only the fields that changed and leaves what the reconciliation wrote', async () => {
    const header = ['No WO', 'Tanggal', 'No Mesin', 'Nama', 'No HP'];
    const first = join(folder, 'edit-1.csv');
    const second = join(folder, 'edit-2.csv');
    await writeCsv(first, [header, ['7', '01/11/2026', 'JM31E1234567', 'Budi', '081234567890']]);
    await writeCsv(second, [header, ['7', '01/11/2026', 'JM31E1234567', 'Budi', '081399998888']]);
    const target = stores();
    const created: number[] = [];
    await run(target, first, { branchCode: 'ahs01', written: created });
    const key = 'pra-wo:AHS01:7';
    const stored = target.wors.rows.get(key);
    if (!stored) throw new Error('not written');
    // What the reconciliation keeps on the WOR is not among the import's fields.
    target.wors.rows.set(key, { id: stored.id, values: { ...stored.values, state: 'matched' } });
    const updated: number[] = [];
    const summary = await run(target, second, { branchCode: 'AHS01', written: updated });
    expect(summary.counts).toMatchObject({ applied: 1, worsUpdated: 1, worsCreated: 0 });
    // The reconciliation is handed the WORs written, created or changed, and no others.
    expect(created).toEqual([stored.id]);
    expect(updated).toEqual([stored.id]);
    const again: number[] = [];
    await run(target, second, { branchCode: 'AHS01', written: again });
    expect(again).toEqual([]);
    expect(target.wors.rows.get(key)?.values).toMatchObject({
      state: 'matched',
      branch: 7,
      carrierPhone: '+6281399998888',
    });
  });
});

describe('what a Pra WO import refuses as a whole', () => {
  it('a --branch no branch carries: nothing read into Odoo', async () => {
    const path = join(folder, 'branch.csv');
    await writeCsv(path, [
      ['Tanggal', 'No Mesin', 'Nama'],
      ['01/11/2026', 'JM31E1234567', 'Budi'],
    ]);
    const target = stores();
    const error = await run(target, path, { branchCode: 'AHS02' }).catch((caught: unknown) => caught);
    expect(isUnknownBranchError(error) && error.message).toMatch(/"AHS02" \(known: AHS01\)/);
    expect(target.wors.writeCalls).toBe(0);
  });

  it('a file without the carrier column says so, in Indonesian', async () => {
    const path = join(folder, 'no-carrier.csv');
    await writeCsv(path, [
      ['Tanggal', 'No Mesin'],
      ['01/11/2026', 'JM31E1234567'],
    ]);
    const error = await run(stores(), path).catch((caught: unknown) => caught);
    expect(isReportFileError(error) && error.messageId).toMatch(
      /Kolom wajib untuk laporan WOR tidak ada: "Nama Pembawa"/,
    );
  });

  it('a dry run plans and writes nothing', async () => {
    const path = join(folder, 'dry.csv');
    await writeCsv(path, [
      ['Tanggal', 'No Mesin', 'Nama'],
      ['01/11/2026', 'JM31E1234567', 'Budi'],
    ]);
    const target = stores();
    const written: number[] = [];
    const summary = await run(target, path, { dryRun: true, written });
    expect(summary.counts).toMatchObject({ applied: 1, worsCreated: 1 });
    expect(target.wors.writeCalls).toBe(0);
    expect(written).toEqual([]);
  });
});

describe('the batch message of a Pra WO import', () => {
  it('counts WORs, not units, in Indonesian', () => {
    const message = batchMessage({
      kind: 'wor',
      rows: 12,
      applied: 9,
      unchanged: 1,
      quarantined: 2,
      warned: 1,
      unitsCreated: 0,
      unitsUpdated: 0,
      ownersCreated: 0,
      ownersUpdated: 0,
      worsCreated: 8,
      worsUpdated: 1,
      unknownDealerCodes: { AHS99: 1 },
    });
    expect(message.split('\n')).toEqual([
      'WOR (Pra WO): 12 baris dibaca; 9 diterapkan, 1 tidak berubah, 2 dikarantina.',
      'WOR: 8 baru, 1 diperbarui.',
      '1 baris diimpor dengan peringatan (mis. nomor HP tidak valid).',
      'Rincian per baris ada di Laporan Karantina (buka dengan Excel).',
      'Kode dealer tanpa cabang di Odoo: AHS99 (1 baris). Isi Kode Dealer pada data Cabang agar WOR masuk ke cabangnya.',
    ]);
  });
});
