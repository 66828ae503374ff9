import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { importFile } from '../../src/jobs/import-run.js';
import { installModule } from '../../src/jobs/module-install.js';
import { writeSample } from '../../src/jobs/sample.js';
import { silentLogger } from '../../src/logging/logger.js';
import { createLiveUser, describeLive, exitOf, removeUnits } from './live-env.js';

const logger = silentLogger();
const TODAY = '2026-11-23';

/** The daemon killed midway through its scheduling run, then run again, ends where an uninterrupted run does. */
describeLive('the daemon killed during a scheduling run, in a real Odoo', (config) => {
  let admin: OdooClient;
  let folder: string;
  const userIds: number[] = [];
  let branchIds: number[] = [];

  const emptyTables = async () => {
    const units = await admin.call<number[]>('x_h23_unit', 'search', [[]]);
    await removeUnits(admin, units);
    const owners = await admin.call<number[]>('res.partner', 'search', [[['x_h23_key', '!=', false]]]);
    await admin.unlink('res.partner', owners, { chunkSize: 5000 });
  };
  const schedule = (killOnceStarted = false) => {
    // The daemon's own entry point: every job once, under the lease (short, so the re-run need not wait long).
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'run', '--once', '--date', TODAY],
      {
        env: { ...process.env, LOG_LEVEL: 'silent', DAEMON_LEASE_SECONDS: '10' },
        stdio: 'ignore',
      },
    );
    return exitOf(
      child,
      killOnceStarted ? async () => (await admin.searchCount('x_h23_followup', [])) > 0 : undefined,
    );
  };
  /** What the schedule made, without ids: follow-ups by unit, KPB, stage, state and due date; activities per follow-up; follow-ups per admin. */
  const snapshot = async () => {
    const rows = await admin.searchRead(
      'x_h23_followup',
      [],
      ['x_unit_id', 'x_kpb', 'x_stage', 'x_state', 'x_due_date', 'x_admin_id'],
      {
        idsOnly: true,
      },
    );
    const activities = await admin.searchRead(
      'mail.activity',
      [['res_model', '=', 'x_h23_followup']],
      ['res_id'],
    );
    const perFollowUp = new Map<number, number>();
    for (const activity of activities)
      perFollowUp.set(Number(activity.res_id), (perFollowUp.get(Number(activity.res_id)) ?? 0) + 1);
    const perAdmin = new Map<number, number>();
    for (const row of rows)
      if (row.x_admin_id)
        perAdmin.set(Number(row.x_admin_id), (perAdmin.get(Number(row.x_admin_id)) ?? 0) + 1);
    return {
      followUps: rows
        .map((row) => `${row.x_unit_id}|${row.x_kpb}|${row.x_stage}|${row.x_state}|${row.x_due_date}`)
        .sort(),
      activitiesPerFollowUp: [...new Set(rows.map((row) => perFollowUp.get(row.id) ?? 0))],
      perAdmin: [...perAdmin.values()].sort((a, b) => a - b),
    };
  };

  beforeAll(async () => {
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    await installModule(admin, logger, { dryRun: false });
    await emptyTables();
    const tag = `${process.pid}${Date.now() % 100000}`;
    for (const n of [1, 2]) {
      const user = await createLiveUser(admin, config, `h23kill${n}${tag}`, [
        'base.group_user',
        'h23_crm.group_crm_admin',
      ]);
      userIds.push(user.id);
    }
    const stale = await admin.call<number[]>('x_h23_branch', 'search', [
      [['x_dealer_code', 'in', ['AHS01', 'AHS02', 'AHS03']]],
    ]);
    await admin.write(
      'x_h23_branch',
      stale.map((id) => ({ id, values: { x_dealer_code: false } })),
    );
    // A branch for each dealer code of the sample, with the same two admins: no unit is held for want of one.
    const branches = await admin.create(
      'x_h23_branch',
      ['AHS01', 'AHS02', 'AHS03'].map((code) => ({
        x_name: `Cabang kill ${code} ${tag}`,
        x_dealer_code: code,
        x_crm_admin_ids: [[6, 0, userIds]],
      })),
    );
    branchIds = branches.map((branch) => branch.id as number);
    folder = await mkdtemp(join(tmpdir(), 'h23-kill-'));
    const sample = await writeSample({ units: 20000, out: folder, seed: 93, today: TODAY, format: 'xlsx' });
    const importConfig = loadConfig({
      env: { ODOO_URL: 'http://odoo.test', ODOO_DB: 'x', ODOO_API_KEY: 'k' },
    }).import;
    await importFile(admin, logger, importConfig, {
      path: sample.cdb,
      kind: 'cdb',
      today: TODAY,
      dryRun: false,
      recordBatch: false,
    });
  }, 300_000);

  afterAll(async () => {
    await emptyTables();
    if (branchIds.length) {
      // `run --once` also wrote the day's summaries for the branch: they hold on to it.
      const summaries = await admin.call<number[]>('x_h23_daily_summary', 'search', [
        [['x_branch_id', 'in', branchIds]],
      ]);
      await admin.unlink('x_h23_daily_summary', summaries);
      // …and its data-quality records.
      const quality = await admin.call<number[]>('x_h23_data_quality', 'search', [
        [['x_branch_id', 'in', branchIds]],
      ]);
      await admin.unlink('x_h23_data_quality', quality);
      await admin.unlink('x_h23_branch', branchIds);
    }
    if (userIds.length)
      await admin.write(
        'res.users',
        userIds.map((id) => ({ id, values: { active: false } })),
      );
    await rm(folder, { recursive: true, force: true });
  });

  it('a re-run after SIGKILL leaves the same follow-ups, one activity each, shared as evenly', async () => {
    expect(await schedule()).toBe(0);
    const uninterrupted = await snapshot();
    expect(uninterrupted.followUps.length).toBeGreaterThan(1000);
    expect(uninterrupted.activitiesPerFollowUp).toEqual([1]);

    let partial = 0;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const followUps = await admin.call<number[]>('x_h23_followup', 'search', [[]]);
      await admin.unlink('x_h23_followup', followUps, { chunkSize: 5000 });
      await schedule(true);
      partial = await admin.searchCount('x_h23_followup', []);
      // The killed run's lease lapses after its 10 s; the next attempt must not spend its time waiting for it.
      await new Promise((resolve) => setTimeout(resolve, 11_000));
      if (partial > 0 && partial < uninterrupted.followUps.length) break;
    }
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(uninterrupted.followUps.length);

    expect(await schedule()).toBe(0);
    const resumed = await snapshot();
    expect(resumed.followUps).toEqual(uninterrupted.followUps);
    expect(resumed.activitiesPerFollowUp).toEqual([1]);
    // The admins' shares may fall differently, but stay as even as in one run.
    const [least, most] = [resumed.perAdmin[0] ?? 0, resumed.perAdmin[resumed.perAdmin.length - 1] ?? 0];
    expect(most - least).toBeLessThanOrEqual(1);
  }, 300_000);
});
