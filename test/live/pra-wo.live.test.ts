import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { writeCsv } from '../../src/connectors/reports/report-writers.js';
import { importFile, runPendingBatches } from '../../src/jobs/import-run.js';
import { installModule } from '../../src/jobs/module-install.js';
import { type ReconcileReport, reconcileWors } from '../../src/jobs/reconcile-wors.js';
import { silentLogger } from '../../src/logging/logger.js';
import type { CellValue } from '../../src/rules/import/normalize.js';
import { createLiveUser, describeLive, removeUnits } from './live-env.js';

const logger = silentLogger();
const TODAY = '2026-11-23';
const { import: importConfig, wor: worConfig } = loadConfig({
  env: { ODOO_URL: 'http://odoo.test', ODOO_DB: 'x', ODOO_API_KEY: 'k' },
});

const WOR_FIELDS = [
  'x_name',
  'x_source',
  'x_source_ref',
  'x_visit_date',
  'x_branch_id',
  'x_engine_number',
  'x_carrier_name',
  'x_carrier_phone',
  'x_carrier_address',
  'x_frame_number',
  'x_model_name',
  'x_service_type',
  'x_state',
  'write_date',
];

describeLive('importing a paper Pra WO batch into a real Odoo', (config) => {
  let admin: OdooClient;
  let bridge: OdooClient;
  let bridgeUserId: number;
  let branchId: number;
  let folder: string;
  const batchIds: number[] = [];
  // Unique per run: the database is shared with other live tests.
  const tag = `${process.pid % 1000}${Date.now() % 100000}`;
  const startedAt = new Date(Date.now() - 60_000).toISOString().replace('T', ' ').slice(0, 19);
  const code = `PW${tag}`;
  const unknownCode = `ZZ${tag}`;
  const digits = String(Date.now()).slice(-7);
  const engines = ['A', 'B', 'C', 'D', 'E'].map((letter) => `JP${letter}E${digits}`);
  const header = [
    'No WO',
    'Tanggal',
    'Kode Dealer',
    'No Mesin',
    'Nama Pembawa',
    'No HP',
    'Alamat',
    'Tipe',
    'Jenis Servis',
  ];
  const rows: CellValue[][] = [
    ['DAFTAR PRA WO BENGKEL UJI'],
    header,
    [
      `PWO-${tag}-1`,
      '20/11/2026',
      code,
      engines[0] ?? '',
      'BPK. AGUS SALIM',
      '0812-3456-7001',
      'Jl. Kenanga 1',
      'BeAT',
      'KPB 1',
    ],
    ['', '21/11/2026', code, engines[1] ?? '', 'Rina', '', '', 'Vario', 'Servis Reguler'],
    [`PWO-${tag}-3`, '21/11/2026', code, '', 'Tanpa Mesin', '', '', '', ''],
    [`PWO-${tag}-4`, '22/11/2026', code, 'jp-12', 'Doni', '0812', '', '', '2'],
    [`PWO-${tag}-5`, '22/11/2026', unknownCode, engines[3] ?? '', 'Eka', '', '', '', ''],
  ];

  const worsOfRun = () =>
    admin.searchRead('x_h23_wor', [['x_source_ref', '=like', `pra-wo:%${tag}%`]], WOR_FIELDS, {
      order: 'x_source_ref',
    });

  /** Daemons of other live tests write per-branch records (summaries, data quality) for every branch, this one too. */
  async function removeBranch(id: number): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      for (const model of ['x_h23_daily_summary', 'x_h23_data_quality']) {
        const ids = await admin.call<number[]>(model, 'search', [[['x_branch_id', '=', id]]]).catch(() => []);
        if (ids.length) await admin.unlink(model, ids);
      }
      try {
        await admin.unlink('x_h23_branch', [id]);
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }

  beforeAll(async () => {
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    await installModule(admin, logger, { dryRun: false });
    const user = await createLiveUser(admin, config, `h23prawo${tag}`, [
      'base.group_user',
      'h23_crm.group_bridge',
    ]);
    bridge = user.client;
    bridgeUserId = user.id;
    const [branch] = await admin.create('x_h23_branch', [
      { x_name: `Cabang Pra WO ${tag}`, x_dealer_code: code },
    ]);
    branchId = branch?.id as number;
    folder = await mkdtemp(join(tmpdir(), 'h23-live-pra-wo-'));
    await writeCsv(join(folder, 'pra-wo.csv'), rows);
  }, 120_000);

  afterAll(async () => {
    if (admin) {
      const idOf = (value: unknown) => (Array.isArray(value) ? [value[0] as number] : []);
      const wors = await admin.searchRead(
        'x_h23_wor',
        [['x_source_ref', '=like', `pra-wo:%${tag}%`]],
        ['x_unit_id', 'x_partner_id', 'x_carrier_partner_id'],
      );
      // The reconciliation made units and people for these WORs: they go too.
      const units = await admin.searchRead(
        'x_h23_unit',
        [['x_engine_number', 'in', engines]],
        ['x_partner_id'],
        { context: { active_test: false } },
      );
      const people = [
        ...wors.flatMap((wor) => [...idOf(wor.x_partner_id), ...idOf(wor.x_carrier_partner_id)]),
        ...units.flatMap((unit) => idOf(unit.x_partner_id)),
      ];
      await admin.unlink(
        'x_h23_wor',
        wors.map((wor) => wor.id),
      );
      const unitIds = new Set([
        ...wors.flatMap((wor) => idOf(wor.x_unit_id)),
        ...units.map((unit) => unit.id),
      ]);
      await removeUnits(admin, [...unitIds]);
      // Only people made during this test: a WOR may also have matched someone older.
      const created = people.length
        ? await admin.call<number[]>('res.partner', 'search', [
            [
              ['id', 'in', [...new Set(people)]],
              ['create_date', '>=', startedAt],
            ],
          ])
        : [];
      if (created.length) await admin.unlink('res.partner', created);
      if (batchIds.length) await admin.unlink('x_h23_import_batch', batchIds);
      if (branchId) await removeBranch(branchId);
      if (bridgeUserId) await admin.write('res.users', [{ id: bridgeUserId, values: { active: false } }]);
    }
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('the bridge user imports the batch: paper WORs keyed by branch and WO number, one row quarantined, warnings kept', async () => {
    const run = await importFile(bridge, logger, importConfig, {
      path: join(folder, 'pra-wo.csv'),
      kind: 'wor',
      today: TODAY,
      dryRun: false,
      recordBatch: true,
    });
    if (run.batchId) batchIds.push(run.batchId);
    expect(run.summary.counts).toMatchObject({
      rows: 5,
      applied: 4,
      quarantined: 1,
      warned: 2,
      worsCreated: 4,
      worsUpdated: 0,
    });
    const wors = await worsOfRun();
    const byRef = new Map(wors.map((wor) => [wor.x_source_ref, wor]));
    expect([...byRef.keys()]).toEqual([
      `pra-wo:${code}:2026-11-21:${engines[1]}`,
      `pra-wo:${code}:PWO-${tag}-1`,
      `pra-wo:${code}:PWO-${tag}-4`,
      `pra-wo:${unknownCode}:PWO-${tag}-5`,
    ]);
    expect(byRef.get(`pra-wo:${code}:PWO-${tag}-1`)).toMatchObject({
      x_name: `PWO-${tag}-1`,
      x_source: 'paper',
      x_visit_date: '2026-11-20',
      x_branch_id: [branchId, `Cabang Pra WO ${tag}`],
      x_engine_number: engines[0],
      x_carrier_name: 'Bpk. Agus Salim',
      x_carrier_phone: '+6281234567001',
      x_carrier_address: 'Jl. Kenanga 1',
      x_model_name: 'BeAT',
      x_service_type: 'kpb1',
      x_frame_number: false,
      x_state: 'new',
    });
    expect(byRef.get(`pra-wo:${code}:2026-11-21:${engines[1]}`)).toMatchObject({
      x_name: `PRA-2026-11-21-${engines[1]}`,
      x_service_type: 'regular',
      x_carrier_phone: false,
    });
    // Kept as typed for the admin's review.
    expect(byRef.get(`pra-wo:${code}:PWO-${tag}-4`)).toMatchObject({
      x_engine_number: 'JP-12',
      x_carrier_phone: '0812',
      x_service_type: 'kpb2',
    });
    expect(byRef.get(`pra-wo:${unknownCode}:PWO-${tag}-5`)).toMatchObject({ x_branch_id: false });
    // Bulk work leaves no chatter on the WORs.
    expect(
      await admin.searchCount('mail.message', [
        ['model', '=', 'x_h23_wor'],
        ['res_id', 'in', wors.map((wor) => wor.id)],
      ]),
    ).toBe(0);

    const [batch] = await admin.read(
      'x_h23_import_batch',
      [run.batchId as number],
      ['x_kind', 'x_state', 'x_rows_total', 'x_rows_quarantined', 'x_quarantine_report', 'x_message'],
    );
    expect(batch).toMatchObject({ x_kind: 'wor', x_state: 'done', x_rows_total: 5, x_rows_quarantined: 1 });
    const report = Buffer.from(String(batch?.x_quarantine_report), 'base64').toString('utf8');
    expect(report).toContain(`pra-wo.csv;5;No Mesin (D);;Ditolak;Nomor mesin kosong`);
    expect(report).toContain('pra-wo.csv;6;No Mesin (D);jp-12;Peringatan;');
    expect(String(batch?.x_message)).toContain('WOR: 4 baru, 0 diperbarui.');
    expect(String(batch?.x_message)).toContain(`Kode dealer tanpa cabang di Odoo: ${unknownCode} (1 baris)`);
  }, 120_000);

  it('a second import of the same file writes nothing', async () => {
    const before = await worsOfRun();
    const run = await importFile(bridge, logger, importConfig, {
      path: join(folder, 'pra-wo.csv'),
      kind: 'wor',
      today: TODAY,
      dryRun: false,
      recordBatch: false,
    });
    expect(run.summary.counts).toMatchObject({ applied: 0, unchanged: 4, worsCreated: 0, worsUpdated: 0 });
    expect((await worsOfRun()).map((wor) => wor.write_date)).toEqual(before.map((wor) => wor.write_date));
  }, 120_000);

  it('the command line with --branch and --no-reconcile: rows without a dealer code go to that branch, a corrected row updates its WOR and leaves the state alone', async () => {
    const first = (await worsOfRun()).find((wor) => wor.x_source_ref === `pra-wo:${code}:PWO-${tag}-1`);
    // As if the reconciliation had matched it.
    await admin.write('x_h23_wor', [{ id: first?.id as number, values: { x_state: 'matched' } }]);
    const path = join(folder, 'koreksi.csv');
    await writeCsv(path, [
      ['No WO', 'Tanggal', 'No Mesin', 'Nama', 'No HP'],
      [`PWO-${tag}-1`, '20/11/2026', engines[0] ?? '', 'BPK. AGUS SALIM', '0813 7777 0001'],
      [`PWO-${tag}-6`, '23/11/2026', engines[2] ?? '', 'Fitri', ''],
      [`PWO-${tag}-7`, '24/11/2026', engines[2] ?? '', 'Fitri', ''],
    ]);
    const cli = (args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        let out = '';
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', ...args], {
          env: { ...process.env, LOG_LEVEL: 'silent' },
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        child.stdout.on('data', (chunk) => {
          out += String(chunk);
        });
        child.on('exit', (exitCode) => resolve({ code: exitCode, out }));
      });
    const base = [path, '--kind', 'wor', '--today', TODAY, '--no-reconcile', '--no-batch', '--json'];
    expect((await cli([...base, '--branch', 'TIDAKADA'])).code).toBe(2);
    const done = await cli([...base, '--branch', code.toLowerCase()]);
    expect(done.code).toBe(8);
    expect(JSON.parse(done.out).summary.counts).toMatchObject({
      applied: 2,
      quarantined: 1,
      worsCreated: 1,
      worsUpdated: 1,
    });
    const byRef = new Map((await worsOfRun()).map((wor) => [wor.x_source_ref, wor]));
    expect(byRef.get(`pra-wo:${code}:PWO-${tag}-1`)).toMatchObject({
      x_carrier_phone: '+6281377770001',
      x_carrier_address: 'Jl. Kenanga 1',
      x_state: 'matched',
    });
    expect(byRef.get(`pra-wo:${code}:PWO-${tag}-6`)).toMatchObject({
      x_branch_id: [branchId, `Cabang Pra WO ${tag}`],
      x_visit_date: '2026-11-23',
    });
    expect(byRef.has(`pra-wo:${code}:PWO-${tag}-7`)).toBe(false);
  }, 120_000);

  it('a WOR batch the PIC uploads in Odoo is processed like the others', async () => {
    const path = join(folder, 'unggah.csv');
    await writeCsv(path, [
      ['Kode AHASS', 'No Pra WO', 'Tgl WO', 'Nomor Mesin', 'Nama Konsumen'],
      [code, `PWO-${tag}-8`, '23/11/2026', engines[3] ?? '', 'Gilang'],
    ]);
    const [created] = await admin.create('x_h23_import_batch', [
      {
        x_name: `Pra WO ${tag}`,
        x_kind: 'wor',
        x_file: (await readFile(path)).toString('base64'),
        x_file_name: 'unggah.csv',
      },
    ]);
    const id = created?.id as number;
    batchIds.push(id);
    const outcomes = await runPendingBatches(bridge, logger, importConfig, TODAY);
    expect(outcomes.find((outcome) => outcome.id === id)).toMatchObject({ state: 'done' });
    const [batch] = await admin.read('x_h23_import_batch', [id], ['x_state', 'x_rows_applied', 'x_message']);
    expect(batch).toMatchObject({ x_state: 'done', x_rows_applied: 1 });
    expect(String(batch?.x_message)).toContain('WOR (Pra WO): 1 baris dibaca');
    const [wor] = await admin.searchRead(
      'x_h23_wor',
      [['x_source_ref', '=', `pra-wo:${code}:PWO-${tag}-8`]],
      ['x_branch_id', 'x_source', 'x_carrier_name'],
    );
    expect(wor).toMatchObject({
      x_branch_id: [branchId, `Cabang Pra WO ${tag}`],
      x_source: 'paper',
      x_carrier_name: 'Gilang',
    });
  }, 120_000);

  it('unless told not to, the WORs the import wrote are reconciled at once', async () => {
    const path = join(folder, 'rekonsiliasi.csv');
    await writeCsv(path, [
      ['No WO', 'Tanggal', 'Kode Dealer', 'No Mesin', 'Nama Pembawa', 'No HP', 'Tipe'],
      [`PWO-${tag}-9`, '23/11/2026', code, engines[4] ?? '', 'Hadi Susanto', '0857 1234 9009', 'Genio'],
    ]);
    const handed: number[][] = [];
    const run = await importFile(bridge, logger, importConfig, {
      path,
      kind: 'wor',
      today: TODAY,
      dryRun: false,
      recordBatch: false,
      afterWrite: (worIds) => {
        handed.push([...worIds]);
        return reconcileWors(bridge, logger, { config: worConfig, worIds });
      },
    });
    const [wor] = await admin.searchRead(
      'x_h23_wor',
      [['x_source_ref', '=', `pra-wo:${code}:PWO-${tag}-9`]],
      ['x_state', 'x_reconciled_key'],
    );
    expect(handed).toEqual([[wor?.id]]);
    expect(run.afterWrite).toMatchObject({ ok: true });
    const report = (run.afterWrite as { result: ReconcileReport }).result;
    expect(report.read).toBe(1);
    expect(report.errors).toEqual([]);
    expect(wor?.x_state).not.toBe('new');
    expect(wor?.x_reconciled_key).toBeTruthy();
    // Nothing new in the file: nothing handed over, nothing reconciled again.
    const again = await importFile(bridge, logger, importConfig, {
      path,
      kind: 'wor',
      today: TODAY,
      dryRun: false,
      recordBatch: false,
      afterWrite: (worIds) => reconcileWors(bridge, logger, { config: worConfig, worIds }),
    });
    expect(again.afterWrite).toBeUndefined();
  }, 120_000);
});
