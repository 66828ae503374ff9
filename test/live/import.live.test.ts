import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { importFile, runPendingBatches } from '../../src/jobs/import-run.js';
import { installModule } from '../../src/jobs/module-install.js';
import { type SampleFiles, writeSample } from '../../src/jobs/sample.js';
import { silentLogger } from '../../src/logging/logger.js';
import { createLiveUser, describeLive, exitOf, removeUnits } from './live-env.js';

const logger = silentLogger();
const TODAY = '2026-11-23';
const importConfig = loadConfig({
  env: { ODOO_URL: 'http://odoo.test', ODOO_DB: 'x', ODOO_API_KEY: 'k' },
}).import;

describeLive('importing portal reports into a real Odoo', (config) => {
  let admin: OdooClient;
  let bridge: OdooClient;
  let bridgeUserId: number;
  let folder: string;
  let sample: SampleFiles;

  /** The live database is a throw-away one: every unit and every imported owner goes. */
  async function emptyTables(): Promise<void> {
    const units = await admin.call<number[]>('x_h23_unit', 'search', [[]], {
      context: { active_test: false },
    });
    await removeUnits(admin, units);
    const owners = await admin.call<number[]>('res.partner', 'search', [[['x_h23_key', '!=', false]]], {
      context: { active_test: false },
    });
    await admin.unlink('res.partner', owners, { chunkSize: 5000 });
  }

  const count = (client: OdooClient, model: string, domain: unknown[]) => client.searchCount(model, domain);

  beforeAll(async () => {
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    await installModule(admin, logger, { dryRun: false });
    const login = `h23imp${process.pid}${Date.now() % 100000}`;
    const user = await createLiveUser(admin, config, login, ['base.group_user', 'h23_crm.group_bridge']);
    bridge = user.client;
    bridgeUserId = user.id;
    folder = await mkdtemp(join(tmpdir(), 'h23-live-import-'));
    sample = await writeSample({
      units: 400,
      out: folder,
      seed: 77,
      today: TODAY,
      format: 'xlsx',
      dirtyShare: 0.1,
    });
    await emptyTables();
  }, 120_000);

  afterAll(async () => {
    await emptyTables();
    if (bridgeUserId) await admin.write('res.users', [{ id: bridgeUserId, values: { active: false } }]);
    await rm(folder, { recursive: true, force: true });
  });

  it('the bridge user imports the CDB: one unit per engine, one owner per person, a batch with counts and report', async () => {
    const run = await importFile(bridge, logger, importConfig, {
      path: sample.cdb,
      kind: 'cdb',
      today: TODAY,
      dryRun: false,
      recordBatch: true,
    });
    expect(run.summary.counts.quarantined).toBe(sample.expected.cdbQuarantined);
    expect(await count(admin, 'x_h23_unit', [])).toBe(sample.expected.units);
    expect(await count(admin, 'res.partner', [['x_h23_key', '!=', false]])).toBe(sample.expected.owners);
    // Bulk work leaves no chatter: no "created" notes on the units.
    expect(await count(admin, 'mail.message', [['model', '=', 'x_h23_unit']])).toBe(0);
    const [batch] = await admin.read(
      'x_h23_import_batch',
      [run.batchId as number],
      [
        'x_state',
        'x_rows_total',
        'x_rows_quarantined',
        'x_quarantine_report',
        'x_quarantine_report_name',
        'x_message',
      ],
    );
    expect(batch).toMatchObject({
      x_state: 'done',
      x_rows_total: sample.expected.cdbRows,
      x_rows_quarantined: sample.expected.cdbQuarantined,
      x_quarantine_report_name: 'karantina-cdb.csv',
    });
    const report = Buffer.from(String(batch?.x_quarantine_report), 'base64').toString('utf8');
    expect(report.split('\r\n')[0]).toBe('\uFEFFBerkas;Baris;Kolom;Nilai;Tingkat;Alasan');
    expect(report).toContain('Nomor mesin kosong');
    expect(String(batch?.x_message)).toMatch(/dikarantina/);
  }, 120_000);

  it('a customer Odoo already had (the HP in mobile on 17/18, in phone on 19, no bridge key) is the owner, not a twin', async () => {
    const tag = String(Date.now() % 1_000_000).padStart(6, '0');
    const hp = `+62813${tag}1`;
    const national = `0813${tag}1`;
    const hpField = admin.dialect.partnerMobileField;
    // Typed by hand before the bridge: the HP in national spelling, a landline beside it on 17/18.
    const [typed] = await admin.create('res.partner', [
      {
        name: 'IBU Wulan Dari',
        [hpField]: national,
        ...(hpField === 'mobile' ? { phone: '021 5550101' } : {}),
      },
    ]);
    // The same phone under another name is someone else (a family member): never adopted.
    const [other] = await admin.create('res.partner', [{ name: 'Joko Susilo', [hpField]: `+62813${tag}2` }]);
    const csv = [
      'No Mesin;No Rangka;Nama Konsumen;No HP;Alamat;Kota;Tipe Motor;Tgl Beli',
      `JMLIVE${tag}A;MH1LIVE${tag}A;WULANDARI;${national};Jl. Mawar 1;Bekasi;BeAT;05/11/2026`,
      `JMLIVE${tag}B;MH1LIVE${tag}B;Rudi Hartono;+62813${tag}2;Jl. Mawar 2;Bekasi;Vario 125;06/11/2026`,
    ].join('\r\n');
    const path = join(folder, `adopt-${tag}.csv`);
    await writeFile(path, `${csv}\r\n`, 'utf8');
    try {
      const run = await importFile(bridge, logger, importConfig, {
        path,
        kind: 'cdb',
        today: TODAY,
        dryRun: false,
        recordBatch: false,
      });
      expect(run.summary.counts).toMatchObject({ unitsCreated: 2, ownersCreated: 1 });
      const [adopted] = await admin.read(
        'res.partner',
        [typed?.id as number],
        ['x_h23_key', 'street', hpField],
      );
      expect(adopted).toMatchObject({ x_h23_key: `${hp}|wulandari`, street: 'Jl. Mawar 1', [hpField]: hp });
      const [unitA] = await admin.searchRead(
        'x_h23_unit',
        [['x_engine_number', '=', `JMLIVE${tag}A`]],
        ['x_partner_id'],
      );
      expect(unitA?.x_partner_id).toEqual([typed?.id, expect.any(String)]);
      const [unitB] = await admin.searchRead(
        'x_h23_unit',
        [['x_engine_number', '=', `JMLIVE${tag}B`]],
        ['x_partner_id'],
      );
      expect(unitB?.x_partner_id).not.toEqual(false);
      expect((unitB?.x_partner_id as [number, string])[0]).not.toBe(other?.id);
      // Imported again: the adopted partner is found by its key now; nothing is written.
      const again = await importFile(bridge, logger, importConfig, {
        path,
        kind: 'cdb',
        today: TODAY,
        dryRun: false,
        recordBatch: false,
      });
      expect(again.summary.counts).toMatchObject({ applied: 0, ownersCreated: 0, ownersUpdated: 0 });
    } finally {
      await admin.unlink('res.partner', [other?.id as number]);
    }
  }, 120_000);

  it('a second import of the same file writes nothing', async () => {
    const run = await importFile(bridge, logger, importConfig, {
      path: sample.cdb,
      kind: 'cdb',
      today: TODAY,
      dryRun: false,
      recordBatch: false,
    });
    const c = run.summary.counts;
    expect([c.applied, c.unitsCreated, c.unitsUpdated, c.ownersCreated, c.ownersUpdated]).toEqual([
      0, 0, 0, 0, 0,
    ]);
  }, 120_000);

  it('the A2 report sets the KPB done dates', async () => {
    const run = await importFile(bridge, logger, importConfig, {
      path: sample.a2,
      kind: 'a2',
      today: TODAY,
      dryRun: false,
      recordBatch: false,
    });
    expect(run.summary.counts.quarantined).toBe(sample.expected.a2Quarantined);
    let dates = 0;
    for (const n of [1, 2, 3, 4])
      dates += await count(admin, 'x_h23_unit', [[`x_kpb${n}_date`, '!=', false]]);
    expect(dates).toBe(sample.expected.kpbDates);
  }, 120_000);

  it('batches the PIC uploads in Odoo are picked up: a good file is done, an HTML page posing as .xls fails with the reason', async () => {
    const file = (await readFile(sample.cdb)).toString('base64');
    const html = Buffer.from('<html><body><table><tr><td>No Mesin</td></tr></table></body></html>').toString(
      'base64',
    );
    const created = await admin.create('x_h23_import_batch', [
      { x_name: 'CDB live', x_kind: 'cdb', x_file: file, x_file_name: 'cdb.xlsx' },
      { x_name: 'Salah format', x_kind: 'cdb', x_file: html, x_file_name: 'laporan.xls' },
    ]);
    const ids = created.map((outcome) => outcome.id as number);
    const outcomes = await runPendingBatches(bridge, logger, importConfig, TODAY);
    expect(outcomes.map((outcome) => [outcome.id, outcome.state])).toEqual([
      [ids[0], 'done'],
      [ids[1], 'failed'],
    ]);
    const batches = await admin.read('x_h23_import_batch', ids, ['x_state', 'x_rows_unchanged', 'x_message']);
    expect(batches[0]).toMatchObject({
      x_state: 'done',
      x_rows_unchanged: sample.expected.cdbRows - sample.expected.cdbQuarantined,
    });
    expect(batches[1]).toMatchObject({ x_state: 'failed' });
    expect(String(batches[1]?.x_message)).toMatch(/halaman web \(HTML\)/);
    expect(await runPendingBatches(bridge, logger, importConfig, TODAY)).toEqual([]);
  }, 120_000);

  it('killing the import midway and running it again leaves exactly one unit per engine and one owner per person', async () => {
    await emptyTables();
    const big = await writeSample({
      units: 3000,
      out: join(folder, 'big'),
      seed: 78,
      today: TODAY,
      format: 'xlsx',
    });
    const cli = (killWhenUnitsExist = false) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'src/cli/main.ts',
          'import',
          big.cdb,
          '--kind',
          'cdb',
          '--today',
          TODAY,
          '--no-batch',
        ],
        { env: { ...process.env, IMPORT_CHUNK_SIZE: '500', LOG_LEVEL: 'silent' }, stdio: 'ignore' },
      );
      return exitOf(
        child,
        killWhenUnitsExist ? async () => (await count(admin, 'x_h23_unit', [])) > 0 : undefined,
      );
    };
    // Kill once some, not all, units exist.
    let killedAt = 0;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await cli(true);
      killedAt = await count(admin, 'x_h23_unit', []);
      if (killedAt > 0 && killedAt < big.expected.units) break;
      await emptyTables();
    }
    expect(killedAt).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(big.expected.units);
    expect(await cli()).toBe(8);
    expect(await count(admin, 'x_h23_unit', [])).toBe(big.expected.units);
    expect(await count(admin, 'res.partner', [['x_h23_key', '!=', false]])).toBe(big.expected.owners);
    const engines = await admin.searchRead('x_h23_unit', [], ['x_engine_number']);
    expect(new Set(engines.map((unit) => unit.x_engine_number)).size).toBe(engines.length);
  }, 240_000);
});
