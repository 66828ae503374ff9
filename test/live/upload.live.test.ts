import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { automationAddonState } from '../../src/connectors/odoo/webhook-rule-store.js';
import { type DaemonHandle, startDaemon } from '../../src/jobs/daemon.js';
import { dealerToday } from '../../src/jobs/dealer-today.js';
import { installModule } from '../../src/jobs/module-install.js';
import { installWebhookRule, parseBaseUrl, removeWebhookRule } from '../../src/jobs/webhook-rule.js';
import { silentLogger } from '../../src/logging/logger.js';
import { addDays } from '../../src/rules/followup/calendar.js';
import { createLiveUser, describeLive, removeUnits } from './live-env.js';

/** Ports of its own: test/live/daemon.live.test.ts uses 19470 and 19471. */
const PORT = 19480;
const TOKEN = `live-upload-${Date.now()}-0123456789abcdef`;
const BATCH = 'x_h23_import_batch';
const logger = silentLogger();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `dd/mm/yyyy`, as the portal writes dates. */
const portalDate = (iso: string) => iso.split('-').reverse().join('/');

/**
 * What a PIC does in Odoo — a new import batch with only the kind and the file
 * (base64 in the binary field, as the form sends it), no name — in front of a
 * daemon running in this process: the batch is named, waits as "Menunggu
 * Diproses", is imported (at once through the webhook rule when
 * `base_automation` is installed, else on the one-minute poll), and its units
 * have their due follow-ups within two minutes of the save. Replacing the file
 * of a processed batch imports it again.
 */
describeLive('an import batch uploaded in a real Odoo', () => {
  const tag = String(Date.now() % 100000).padStart(5, '0');
  const dealerCode = `U${tag}`;
  let config: Config;
  let admin: OdooClient;
  let pic: OdooClient;
  let daemon: DaemonHandle | undefined;
  let addon = 'unknown';
  let crmAdminId = 0;
  let branchId = 0;
  const userIds: number[] = [];
  const batchIds: number[] = [];
  const engines: string[] = [];

  const today = () => dealerToday(config.odoo.tz);
  /** A CDB with units bought 35 days ago: their KPB 1 first follow-up (day 30) is due. */
  const cdb = (units: number) => {
    const purchase = portalDate(addDays(today(), -35));
    const rows = [
      ['No Mesin', 'No Rangka', 'Nama Konsumen', 'No HP', 'Alamat', 'Tipe Motor', 'Tgl Beli', 'Kode Dealer'],
    ];
    for (let at = 1; at <= units; at += 1) {
      const engine = `JMU1E${tag}${String(at).padStart(2, '0')}`;
      if (!engines.includes(engine)) engines.push(engine);
      rows.push([
        engine,
        '',
        `Pelanggan Unggah ${tag} ${at}`,
        `0813${tag}${String(at).padStart(3, '0')}`,
        `Jl. Unggah ${at}`,
        'BeAT',
        purchase,
        dealerCode,
      ]);
    }
    return Buffer.from(`${rows.map((row) => row.join(',')).join('\r\n')}\r\n`, 'utf8').toString('base64');
  };
  const batchOf = async (id: number): Promise<Record<string, unknown>> =>
    (
      await admin.read(BATCH, [id], ['x_name', 'x_state', 'x_rows_total', 'x_rows_applied', 'x_message'])
    )[0] ?? {};
  const unitIds = async () =>
    (await admin.searchRead('x_h23_unit', [['x_engine_number', 'in', engines]], ['id'])).map((row) => row.id);
  const followUps = async () =>
    admin.searchRead(
      'x_h23_followup',
      [['x_unit_id', 'in', await unitIds()]],
      ['x_kpb', 'x_stage', 'x_admin_id'],
    );
  /** Waits until the batch is processed and `units` units have a follow-up; the seconds it took. */
  const processed = async (id: number, units: number, started: number) => {
    for (;;) {
      const batch = await batchOf(id);
      const due = await followUps();
      if ((batch.x_state === 'done' || batch.x_state === 'failed') && due.length >= units) break;
      if (Date.now() - started > 150_000) break;
      await sleep(1000);
    }
    return (Date.now() - started) / 1000;
  };

  beforeAll(async () => {
    config = loadConfig({
      env: {
        ...process.env,
        DAEMON_HOST: '127.0.0.1',
        DAEMON_PORT: String(PORT),
        DAEMON_LEASE_SECONDS: '30',
        H23_WEBHOOK_TOKEN: TOKEN,
      },
    });
    admin = await OdooClient.connect(connectionFromConfig(config.odoo), logger);
    await installModule(admin, logger, { dryRun: false });
    const crm = await createLiveUser(admin, config.odoo, `h23upc${tag}`, [
      'base.group_user',
      'h23_crm.group_crm_admin',
    ]);
    const picUser = await createLiveUser(admin, config.odoo, `h23upp${tag}`, [
      'base.group_user',
      'h23_crm.group_pic_crm',
    ]);
    crmAdminId = crm.id;
    pic = picUser.client;
    userIds.push(crm.id, picUser.id);
    const [branch] = await admin.create('x_h23_branch', [
      { x_name: `Cabang Unggah ${tag}`, x_dealer_code: dealerCode, x_crm_admin_ids: [[6, 0, [crm.id]]] },
    ]);
    branchId = branch?.id as number;
    addon = await automationAddonState(admin);
    if (addon === 'installed') {
      const installed = await installWebhookRule(admin, logger, {
        baseUrl: parseBaseUrl(`http://127.0.0.1:${PORT}`),
        token: TOKEN,
        wor: config.wor,
        odooUrl: config.odoo.url,
      });
      expect(installed.rules.map((rule) => rule.url)).toContain(
        `http://127.0.0.1:${PORT}/webhook/import?token=***`,
      );
    } else {
      console.warn(
        `base_automation is ${addon} in ${config.odoo.db}: the upload is taken by the one-minute poll, not pushed`,
      );
    }
    daemon = await startDaemon(admin, logger, config);
    // The daemon took the lease and caught up with every job before the PIC saves anything.
    const health = (await (await fetch(`http://127.0.0.1:${PORT}/healthz`)).json()) as { role: string };
    expect(health.role).toBe('active');
  }, 240_000);

  afterAll(async () => {
    await daemon?.stop();
    if (!admin) return;
    if (addon === 'installed')
      await removeWebhookRule(admin, logger, { wor: config.wor }).catch(() => undefined);
    const units = await unitIds().catch(() => []);
    const owners = units.length
      ? (await admin.read('x_h23_unit', units, ['x_partner_id'])).flatMap((unit) =>
          Array.isArray(unit.x_partner_id) ? [unit.x_partner_id[0] as number] : [],
        )
      : [];
    await removeUnits(admin, units).catch(() => undefined);
    if (owners.length) await admin.unlink('res.partner', owners).catch(() => undefined);
    if (batchIds.length) await admin.unlink(BATCH, batchIds).catch(() => undefined);
    if (branchId) await admin.unlink('x_h23_branch', [branchId]).catch(() => undefined);
    if (userIds.length)
      await admin.write(
        'res.users',
        userIds.map((id) => ({ id, values: { active: false } })),
      );
  }, 120_000);

  it('the form asks for the file, not for a name', async () => {
    const fields = await pic.call<Record<string, { required: boolean; string: string }>>(
      BATCH,
      'fields_get',
      [['x_name', 'x_file', 'x_kind']],
      { attributes: ['required', 'string'] },
    );
    expect(fields.x_name?.required).toBe(false);
    expect(fields.x_file).toEqual({ required: true, string: 'Berkas Laporan' });
    expect(fields.x_kind?.required).toBe(true);
  });

  it('a CDB the PIC saves without a name is named, waits, and its units have their follow-ups within two minutes', async () => {
    const saved = Date.now();
    const [created] = await pic.create(BATCH, [
      { x_kind: 'cdb', x_file: cdb(3), x_file_name: `cdb-unggah-${tag}.csv` },
    ]);
    expect(created?.error).toBeUndefined();
    const id = created?.id as number;
    batchIds.push(id);
    const first = await batchOf(id);
    expect(first.x_name).toBe(`CDB cdb-unggah-${tag}.csv ${portalDate(today())}`);
    // Saved, not yet taken (or already taken, on a quick machine).
    expect(['queued', 'running', 'done']).toContain(first.x_state);

    const seconds = await processed(id, 3, saved);
    const batch = await batchOf(id);
    expect(batch.x_state, String(batch.x_message)).toBe('done');
    expect(batch).toMatchObject({ x_rows_total: 3, x_rows_applied: 3 });
    const due = await followUps();
    expect(due).toHaveLength(3);
    for (const followUp of due) {
      expect(followUp).toMatchObject({ x_kpb: '1', x_stage: 'fu1' });
      expect((followUp.x_admin_id as [number, string])[0]).toBe(crmAdminId);
    }
    expect(seconds).toBeLessThan(120);
    if (addon === 'installed') {
      // Pushed: well before the next poll could have taken it.
      const metrics = await (await fetch(`http://127.0.0.1:${PORT}/metrics`)).text();
      expect(metrics).toMatch(/h23_webhook_calls_total\{job="import",result="queued"\} [1-9]/);
      expect(seconds).toBeLessThan(45);
    }
    console.info(
      `upload → follow-ups in ${seconds.toFixed(1)} s (${addon === 'installed' ? 'webhook' : 'poll'})`,
    );
  }, 180_000);

  it('a new file on the processed batch puts it back in the queue and imports it again', async () => {
    const [id] = batchIds as [number];
    const replaced = Date.now();
    await pic.write(BATCH, [{ id, values: { x_file: cdb(4), x_file_name: `cdb-unggah-${tag}-b.csv` } }]);
    expect(['queued', 'running', 'done']).toContain((await batchOf(id)).x_state);
    const seconds = await processed(id, 4, replaced);
    const batch = await batchOf(id);
    expect(batch.x_state, String(batch.x_message)).toBe('done');
    expect(batch).toMatchObject({
      x_name: `CDB cdb-unggah-${tag}-b.csv ${portalDate(today())}`,
      x_rows_total: 4,
    });
    // Only the new unit was written; the three before were already there.
    expect(batch.x_rows_applied).toBe(1);
    expect(await followUps()).toHaveLength(4);
    expect(seconds).toBeLessThan(120);
  }, 180_000);
});
