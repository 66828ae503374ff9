import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { FollowUpStore } from '../../src/connectors/odoo/followup-store.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { runDoctor } from '../../src/jobs/doctor.js';
import { checkSetup } from '../../src/jobs/doctor-setup.js';
import { importFile } from '../../src/jobs/import-run.js';
import { installModule } from '../../src/jobs/module-install.js';
import { scheduleFollowUps } from '../../src/jobs/schedule-followups.js';
import { silentLogger } from '../../src/logging/logger.js';
import { createLiveUser, describeLive, removeUnits } from './live-env.js';

const logger = silentLogger();
// A Monday: units bought on 2026-01-31 have their KPB 1 FU1 due (+30 days).
const TODAY = '2026-03-02';
const importConfig = loadConfig({
  env: { ODOO_URL: 'http://odoo.test', ODOO_DB: 'x', ODOO_API_KEY: 'k' },
}).import;

/**
 * Issue 19, in a real Odoo: the CDB imported before any branch exists. Its
 * units are held (no follow-up, no activity for nobody) and the import and the
 * schedule say so; once the branch exists with its CRM admin, the next run
 * links and schedules them; follow-ups an earlier version made without branch
 * or admin get both, and their activity goes to the admin.
 */
describeLive('the setup order: units held until their branch exists, in a real Odoo', (config) => {
  let admin: OdooClient;
  let bridge: OdooClient;
  let folder: string;
  const userIds: number[] = [];
  const branchIds: number[] = [];
  let crmAdminId = 0;
  const tag = `${process.pid % 1000}${Date.now() % 100000}`;
  const code = `H${tag}`.slice(0, 10);
  const engines = [`JMH${tag}A`, `JMH${tag}B`, `JMH${tag}C`];

  const run = (date: string) =>
    scheduleFollowUps(bridge, logger, { date, dryRun: false, timeZone: 'Asia/Jakarta' });
  const units = async () =>
    admin.searchRead(
      'x_h23_unit',
      [['x_engine_number', 'in', engines]],
      ['x_engine_number', 'x_branch_id', 'x_dealer_code'],
      { idsOnly: true, order: 'x_engine_number' },
    );
  const followUps = async (domain: unknown[] = []) =>
    admin.searchRead(
      'x_h23_followup',
      domain,
      ['x_unit_id', 'x_stage', 'x_state', 'x_branch_id', 'x_admin_id', 'x_due_date'],
      { idsOnly: true, order: 'id' },
    );
  const activitiesOf = (ids: number[]) =>
    admin.searchRead(
      'mail.activity',
      [
        ['res_model', '=', 'x_h23_followup'],
        ['res_id', 'in', ids],
      ],
      ['res_id', 'user_id'],
      { idsOnly: true },
    );

  beforeAll(async () => {
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    await installModule(admin, logger, { dryRun: false });
    // A throw-away database: the units of other tests would join the schedule.
    await removeUnits(admin, await admin.call<number[]>('x_h23_unit', 'search', [[]]));
    const bridgeUser = await createLiveUser(admin, config, `h23hold${tag}`, [
      'base.group_user',
      'h23_crm.group_bridge',
    ]);
    bridge = bridgeUser.client;
    const crmAdmin = await createLiveUser(admin, config, `h23holdcrm${tag}`, [
      'base.group_user',
      'h23_crm.group_crm_admin',
    ]);
    crmAdminId = crmAdmin.id;
    userIds.push(bridgeUser.id, crmAdmin.id);
    folder = await mkdtemp(join(tmpdir(), 'h23-live-hold-'));
  }, 180_000);

  afterAll(async () => {
    await removeUnits(
      admin,
      (await units()).map((unit) => unit.id),
    ).catch(() => undefined);
    if (branchIds.length) await admin.unlink('x_h23_branch', branchIds).catch(() => undefined);
    if (userIds.length)
      await admin.write(
        'res.users',
        userIds.map((id) => ({ id, values: { active: false } })),
      );
    await rm(folder, { recursive: true, force: true });
  });

  it('a CDB imported before any branch: its units are held, and the import and doctor say so', async () => {
    const path = join(folder, 'cdb.csv');
    await writeFile(
      path,
      [
        'No Mesin;Nama Konsumen;No HP;Alamat;Kota;Tipe Motor;Tgl Beli;Kode Dealer',
        `${engines[0]};Budi Santoso;0812${tag.slice(0, 7)}1;Jl. Mawar 1;Bekasi;BeAT;31/01/2026;${code}`,
        `${engines[1]};Ani Lestari;0812${tag.slice(0, 7)}2;Jl. Mawar 2;Bekasi;Vario 125;31/01/2026;${code.toLowerCase()}`,
        `${engines[2]};Joko Susilo;0812${tag.slice(0, 7)}3;Jl. Mawar 3;Bekasi;BeAT;31/01/2026;`,
        '',
      ].join('\r\n'),
    );
    const imported = await importFile(bridge, logger, importConfig, {
      path,
      kind: 'cdb',
      today: TODAY,
      dryRun: false,
      recordBatch: true,
    });
    expect(imported.summary.counts.unitsCreated).toBe(3);
    expect(imported.summary.unknownDealerCodes).toEqual({ [code]: 2, '': 1 });
    const [batch] = await admin.read('x_h23_import_batch', [imported.batchId as number], ['x_message']);
    expect(String(batch?.x_message)).toContain(
      `3 unit tanpa cabang: kode dealer ${code} (2), tanpa kode dealer (1) — buat Cabang dengan kode ini`,
    );
    expect((await units()).map((unit) => [unit.x_branch_id, unit.x_dealer_code])).toEqual([
      [false, code],
      [false, code],
      [false, false],
    ]);

    const setup = await checkSetup(new FollowUpStore(admin), { today: TODAY });
    expect(setup.status).toBe('warn');
    expect(setup.detail).toContain(`no branch for dealer code ${code} (2), no dealer code (1)`);
    const doctor = await runDoctor(config, logger, new Date(), { setup: {} });
    expect(doctor.checks.find((check) => check.name === 'setup')?.status).toBe('warn');
  }, 120_000);

  it('the schedule holds them: counted and named, no follow-up, no activity', async () => {
    const report = await run(TODAY);
    expect(report.held).toEqual({
      units: 3,
      followUps: 3,
      noBranch: [
        { dealerCode: code, units: 2, followUps: 2 },
        { dealerCode: null, units: 1, followUps: 1 },
      ],
      noAdmin: [],
    });
    expect(report.followUpsCreated).toBe(0);
    expect(await followUps([['x_unit_id', 'in', (await units()).map((unit) => unit.id)]])).toEqual([]);
  }, 60_000);

  it('once the branch exists without a CRM admin they are linked, still held; with one, scheduled', async () => {
    const [branch] = await admin.create('x_h23_branch', [
      { x_name: `Cabang hold ${tag}`, x_dealer_code: code },
    ]);
    branchIds.push(branch?.id as number);
    const linked = await run('2026-03-03');
    expect(linked.unitsLinked).toBe(2);
    expect(linked.held.noAdmin).toEqual([
      { branchId: branch?.id, branch: `Cabang hold ${tag}`, units: 2, followUps: 2 },
    ]);
    expect((await units()).map((unit) => unit.x_branch_id)).toEqual([branch?.id, branch?.id, false]);

    await admin.write('x_h23_branch', [
      { id: branch?.id as number, values: { x_crm_admin_ids: [[6, 0, [crmAdminId]]] } },
    ]);
    const scheduled = await run('2026-03-04');
    expect(scheduled.followUpsCreated).toBe(2);
    expect(scheduled.held.units).toBe(1);
    const made = await followUps([['x_unit_id', 'in', (await units()).map((unit) => unit.id)]]);
    // First seen late (due 03-02): due now, as the rule plans any late unit.
    expect(
      made.map((row) => [row.x_stage, row.x_state, row.x_branch_id, row.x_admin_id, row.x_due_date]),
    ).toEqual([
      ['fu1', 'todo', branch?.id, crmAdminId, '2026-03-04'],
      ['fu1', 'todo', branch?.id, crmAdminId, '2026-03-04'],
    ]);
    const activities = await activitiesOf(made.map((row) => row.id));
    expect(activities.map((activity) => activity.user_id)).toEqual([crmAdminId, crmAdminId]);
    const again = await run('2026-03-04');
    expect([
      again.followUpsCreated,
      again.activitiesCreated,
      again.unitsLinked,
      again.followUpsRepaired,
    ]).toEqual([0, 0, 0, 0]);
  }, 120_000);

  it('follow-ups made without branch or admin (as before this fix) get both, and their activity goes to the admin', async () => {
    const [unit] = await units();
    const branchId = unit?.x_branch_id as number;
    const [engineUnit] = await admin.create('x_h23_unit', [
      {
        x_engine_number: `JMH${tag}D`,
        x_purchase_date: '2026-01-31',
        x_branch_id: branchId,
        x_dealer_code: code,
      },
    ]);
    engines.push(`JMH${tag}D`);
    const model = await admin.searchRead('ir.model', [['model', '=', 'x_h23_followup']], ['id']);
    const [type] = await admin.searchRead(
      'ir.model.data',
      [
        ['module', '=', 'h23_crm'],
        ['name', '=', 'activity_kpb_fu1'],
      ],
      ['res_id'],
    );
    // What an earlier run made: no branch, no admin; the bridge's activity, which Odoo gave the bridge user.
    const [orphan] = await admin.create('x_h23_followup', [
      {
        x_unit_id: engineUnit?.id,
        x_kpb: '1',
        x_stage: 'fu1',
        x_channel: 'wa_blast',
        x_due_date: '2026-03-04',
        x_state: 'todo',
      },
    ]);
    await bridge.create('mail.activity', [
      {
        res_model_id: model[0]?.id,
        res_id: orphan?.id,
        activity_type_id: type?.res_id,
        summary: 'KPB 1 FU1',
        date_deadline: '2026-03-04',
      },
    ]);
    // Odoo 17/18 give an activity made without a user to its creator; 19 leaves it unassigned (user_id no longer required).
    const [before] = await activitiesOf([orphan?.id as number]);
    expect([bridge.uid, false]).toContain(before?.user_id);

    const report = await run('2026-03-04');
    expect([report.followUpsRepaired, report.activitiesReassigned, report.followUpsCreated]).toEqual([
      1, 1, 0,
    ]);
    const [repaired] = await followUps([['id', '=', orphan?.id as number]]);
    expect([repaired?.x_branch_id, repaired?.x_admin_id]).toEqual([branchId, crmAdminId]);
    const activities = await activitiesOf([orphan?.id as number]);
    expect(activities.map((activity) => activity.user_id)).toEqual([crmAdminId]);
    // Handed over quietly: no "you have been assigned" notification per activity.
    expect(
      await admin.searchCount('mail.message', [
        ['model', '=', 'x_h23_followup'],
        ['res_id', '=', orphan?.id as number],
        ['message_type', '=', 'user_notification'],
      ]),
    ).toBe(0);

    const again = await run('2026-03-04');
    expect([again.followUpsRepaired, again.activitiesReassigned, again.activitiesCreated]).toEqual([0, 0, 0]);
  }, 120_000);
});
