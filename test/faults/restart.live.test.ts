import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { importFile } from '../../src/jobs/import-run.js';
import { installModule } from '../../src/jobs/module-install.js';
import { writeSample } from '../../src/jobs/sample.js';
import { silentLogger } from '../../src/logging/logger.js';
import { copyDatabase, dropDatabase, faultsOdoo } from './faults-env.js';

const logger = silentLogger();
const TODAY = '2026-11-23';
const UNITS = Number(process.env.FAULTS_RESTART_UNITS ?? 30_000);
const { import: importConfig } = loadConfig({
  env: { ODOO_URL: 'http://odoo.test', ODOO_DB: 'x', ODOO_API_KEY: 'k' },
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Odoo restarted for real: `ODOO_STOP_COMMAND` and `ODOO_START_COMMAND` (shell commands) stop
 * and start the Odoo server behind ODOO_URL, a server of the test's own (never one others use).
 */
function restartCommands(): { stop: string; start: string } | { skip: string } {
  const stop = process.env.ODOO_STOP_COMMAND;
  const start = process.env.ODOO_START_COMMAND;
  if (stop && start) return { stop, start };
  const skip =
    'Odoo restart tests skipped: set ODOO_STOP_COMMAND and ODOO_START_COMMAND to shell commands that stop and start the Odoo server behind ODOO_URL (a server of the test’s own)';
  console.warn(skip);
  return { skip };
}

/** Runs a shell command without blocking the event loop (the import under test goes on meanwhile). */
async function shell(command: string): Promise<void> {
  const child = spawn('sh', ['-c', command], { stdio: 'ignore' });
  const status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (status !== 0) throw new Error(`"${command}" exited ${status}`);
}

/** Polls `ready` every 200 ms for up to `seconds`. */
async function until(ready: () => Promise<boolean>, seconds: number): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return true;
    await sleep(200);
  }
  return false;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const env = faultsOdoo();
const commands = restartCommands();
const skip = 'skip' in env ? env.skip : 'skip' in commands ? commands.skip : null;

describe('Odoo restarted under a running import and a running daemon', () => {
  if (skip || 'skip' in env || 'skip' in commands) {
    it.skip(skip ?? '', () => {});
    return;
  }
  const { config, pg } = env;
  const db = config.db;
  let admin: OdooClient;
  let folder: string;
  const reachable = async () => {
    const probe = await OdooClient.connect(
      { ...connectionFromConfig(config), retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 } },
      logger,
    );
    return (await probe.searchCount('res.users', [])) > 0;
  };
  /** Stops Odoo after `afterMs`, starts it `downMs` later; resolves with when it was stopped and answered again. */
  const restartOdoo = async (afterMs: number, downMs: number) => {
    await sleep(afterMs);
    const stoppedAt = Date.now();
    await shell(commands.stop);
    await sleep(downMs);
    const startedAt = Date.now();
    await shell(commands.start);
    expect(await until(reachable, 120)).toBe(true);
    return { stoppedAt, startedAt, answeringAt: Date.now() };
  };

  beforeAll(async () => {
    copyDatabase(pg, db, `${db}_rsbase`);
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    await installModule(admin, logger, { dryRun: false });
    await admin.create(
      'x_h23_branch',
      ['AHS01', 'AHS02', 'AHS03'].map((code) => ({ x_name: `Cabang ${code}`, x_dealer_code: code })),
    );
    copyDatabase(pg, db, `${db}_rs0`);
    folder = await mkdtemp(join(tmpdir(), 'h23-restart-'));
    await writeSample({ units: UNITS, out: folder, seed: 30, today: TODAY, format: 'csv' });
  }, 600_000);

  afterAll(async () => {
    // Odoo is left running whatever happened.
    if (!(await reachable().catch(() => false))) await shell(commands.start);
    await until(reachable, 120);
    copyDatabase(pg, `${db}_rsbase`, db);
    dropDatabase(pg, `${db}_rsbase`);
    dropDatabase(pg, `${db}_rs0`);
    if (folder) await rm(folder, { recursive: true, force: true });
  }, 300_000);

  const unitsAndOwners = async () => {
    const units = await admin.searchRead('x_h23_unit', [], ['x_engine_number'], {
      context: { active_test: false },
    });
    const engines = units.map((unit) => String(unit.x_engine_number));
    return {
      units: units.length,
      distinctEngines: new Set(engines).size,
      owners: await admin.searchCount('res.partner', [['x_h23_key', '!=', false]], {
        context: { active_test: false },
      }),
    };
  };
  const runImport = async () => {
    const client = await OdooClient.connect(connectionFromConfig(config), logger);
    return importFile(client, logger, importConfig, {
      path: join(folder, 'cdb.csv'),
      kind: 'cdb',
      today: TODAY,
      dryRun: false,
      recordBatch: false,
    });
  };

  it(`an import of ${UNITS} units rides out Odoo stopped 15 s in and started 11 s later, exactly`, async () => {
    const cleanStarted = Date.now();
    const clean = await runImport();
    const cleanSeconds = (Date.now() - cleanStarted) / 1000;
    const cleanState = await unitsAndOwners();
    copyDatabase(pg, `${db}_rs0`, db);
    admin = await OdooClient.connect(connectionFromConfig(config), logger);

    const started = Date.now();
    const [run, restart] = await Promise.all([runImport(), restartOdoo(15_000, 11_000)]);
    const seconds = (Date.now() - started) / 1000;
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    const state = await unitsAndOwners();
    console.log(
      `restart under import: clean run ${cleanSeconds.toFixed(1)} s; Odoo stopped at ${((restart.stoppedAt - started) / 1000).toFixed(1)} s, started ${((restart.startedAt - restart.stoppedAt) / 1000).toFixed(1)} s later, answering again ${((restart.answeringAt - restart.stoppedAt) / 1000).toFixed(1)} s after the stop; the run ended after ${seconds.toFixed(1)} s; counts ${JSON.stringify(run.summary.counts)} (clean ${JSON.stringify(clean.summary.counts)}); in Odoo ${JSON.stringify(state)} (clean ${JSON.stringify(cleanState)})`,
    );
    expect(restart.stoppedAt - started).toBeLessThan(seconds * 1000);
    expect(run.summary.counts).toEqual(clean.summary.counts);
    expect(state).toEqual(cleanState);
    expect(state.distinctEngines).toBe(state.units);
  }, 900_000);

  it('a running daemon shows the outage in /healthz, then the recovery, and its jobs complete on retry', async () => {
    copyDatabase(pg, `${db}_rs0`, db);
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    // A small import for the jobs to work on.
    const small = join(folder, 'small');
    const sample = await writeSample({ units: 300, out: small, seed: 31, today: TODAY, format: 'csv' });
    await importFile(admin, logger, importConfig, {
      path: sample.cdb,
      kind: 'cdb',
      today: TODAY,
      dryRun: false,
      recordBatch: false,
    });
    const port = await freePort();
    const every = '*/10 * * * * *';
    const never = '0 0 1 1 *';
    const configFile = join(folder, 'daemon.json');
    await writeFile(
      configFile,
      JSON.stringify({
        daemon: {
          port,
          leaseSeconds: 15,
          ...Object.fromEntries(
            ['importCron', 'worCron', 'scheduleCron', 'outcomesCron', 'summariesCron', 'qualityCron'].map(
              (key) => [key, every],
            ),
          ),
          ...Object.fromEntries(
            [
              'careCron',
              'kpiCron',
              'leadsCron',
              'remindersCron',
              'segmentsCron',
              'loyaltyCron',
              'auditCron',
              'surveysCron',
            ].map((key) => [key, never]),
          ),
        },
      }),
    );
    const daemon: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'run', '--config', configFile],
      {
        env: { ...process.env, LOG_LEVEL: 'warn' },
        stdio: 'ignore',
      },
    );
    type Health = {
      lastSuccess: Record<string, string | null>;
      lastErrors: Record<string, string>;
      odoo: {
        reachable: boolean;
        downSince: string | null;
        lastError: { at: string; code: string } | null;
        lastOutage: { from: string; to: string; seconds: number } | null;
      };
    };
    const health = async (): Promise<Health> =>
      (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Health;
    const watched = ['import', 'wor', 'schedule', 'outcomes', 'summaries', 'quality'];
    try {
      // The catch-up: every job once.
      expect(
        await until(async () => {
          const h = await health();
          return watched.every((job) => h.lastSuccess[job]);
        }, 300),
      ).toBe(true);
      const seen: Health[] = [];
      let stopWatching = false;
      const watching = (async () => {
        for (;;) {
          const now = await health().catch(() => null);
          if (now) seen.push(now);
          if (seen.length > 1000) return;
          await sleep(500);
          if (stopWatching) return;
        }
      })();
      const restart = await restartOdoo(2_000, 11_000);
      // Every job runs again (every 10 s) after Odoo is back, and ends well.
      const recovered = await until(async () => {
        const h = await health();
        return (
          h.odoo.reachable &&
          h.odoo.lastOutage !== null &&
          watched.every(
            (job) => h.lastSuccess[job] && Date.parse(h.lastSuccess[job] as string) > restart.answeringAt,
          ) &&
          Object.keys(h.lastErrors).length === 0
        );
      }, 180);
      stopWatching = true;
      await watching;
      const last = await health();
      const down = seen.filter((h) => !h.odoo.reachable);
      console.log(
        `restart under the daemon: Odoo down ${((restart.answeringAt - restart.stoppedAt) / 1000).toFixed(1)} s; /healthz showed it unreachable ${down.length} times (first: ${JSON.stringify(down[0]?.odoo)}); then ${JSON.stringify(last.odoo)}; errors during the outage: ${JSON.stringify([...new Set(seen.flatMap((h) => Object.keys(h.lastErrors)))])}`,
      );
      expect(down.length).toBeGreaterThan(0);
      expect(down[0]?.odoo.lastError?.code).toMatch(/network|timeout|server/);
      expect(recovered).toBe(true);
      expect(last.odoo.lastOutage?.seconds).toBeGreaterThan(5);
    } finally {
      daemon.kill('SIGTERM');
      await new Promise((resolve) => daemon.once('exit', resolve));
    }
  }, 900_000);
});
