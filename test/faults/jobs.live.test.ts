import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import type { OdooConfig } from '../../config/schema.js';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { OdooWhatsAppOutbox } from '../../src/connectors/odoo/whatsapp-outbox-store.js';
import { OdooTemplateStore } from '../../src/connectors/odoo/whatsapp-template-store.js';
import { writeCsv } from '../../src/connectors/reports/report-writers.js';
import { runDailySummaries } from '../../src/jobs/daily-summaries.js';
import { runDataQuality } from '../../src/jobs/data-quality.js';
import { importFile } from '../../src/jobs/import-run.js';
import { installModule } from '../../src/jobs/module-install.js';
import { processOutcomes } from '../../src/jobs/process-outcomes.js';
import { reconcileWors } from '../../src/jobs/reconcile-wors.js';
import { writeSample } from '../../src/jobs/sample.js';
import { scheduleFollowUps } from '../../src/jobs/schedule-followups.js';
import { type BlastSettings, runBlast, SYSTEM_CLOCK } from '../../src/jobs/whatsapp-blast.js';
import { syncTemplates } from '../../src/jobs/whatsapp-templates.js';
import { silentLogger } from '../../src/logging/logger.js';
import { createLiveUser } from '../live/live-env.js';
import { type Fault, type FaultKind, FaultProxy, type SeenCall } from '../support/fault-proxy.js';
import { cloudApiFor, WhatsAppEmulator } from '../support/whatsapp-emulator.js';
import {
  copyDatabase,
  type DatabaseState,
  describeFaults,
  dropDatabase,
  readState,
  stateDifferences,
} from './faults-env.js';

const logger = silentLogger();
const TODAY = '2026-11-23';
const TZ = 'Asia/Jakarta';
const TOKEN = 'faults-test-system-user-token';
const SETTINGS: BlastSettings = {
  messagesPerSecond: 500,
  messagingLimit: null,
  marketingEndpoint: true,
  chunkSize: 250,
};
const { import: importConfig, wor: worConfig } = loadConfig({
  env: { ODOO_URL: 'http://odoo.test', ODOO_DB: 'x', ODOO_API_KEY: 'k' },
});

const KINDS: readonly FaultKind[] = (process.env.FAULTS_KINDS?.split(',') as FaultKind[] | undefined) ?? [
  'refuse',
  'reset-request',
  'reset-response',
  'stall',
  '502',
  '503',
];
const ONLY_JOBS = process.env.FAULTS_JOBS?.split(',');
/** `first call`, `middle write`, `last write` (comma-separated): all three unless named. */
const ONLY_POINTS = process.env.FAULTS_POINTS?.split(',');
/** The client's deadline in these runs; a stall holds a reply back longer. */
const TIMEOUT_MS = 5000;

interface Row {
  job: string;
  kind: FaultKind;
  point: string;
  call: string;
  firstRun: string;
  outcome: 'identical' | 'differs';
  needed: 'rode it out' | 're-run';
  seconds: number;
  detail: string;
}

/**
 * Issue 18, faults on Odoo's side: every job runs through a fault proxy that refuses, resets
 * before Odoo sees the request or after it committed (the lost reply), stalls past the client's
 * deadline, or answers 502/503 as nginx does while Odoo restarts, at the first call, a middle
 * write and the last write. Each faulted run starts from a snapshot of the database taken before
 * the job; once the fault heals (and after a re-run if the first run did not end alike), what
 * the bridge's jobs wrote must equal an uninterrupted run: no duplicate, nothing lost.
 */
describeFaults('each job under each Odoo fault at several points', (liveConfig, pg) => {
  const db = liveConfig.db;
  const snapshotOf = (step: number) => `${db}_fs${step}`;
  let admin: OdooClient;
  let proxy: FaultProxy;
  let emulator: WhatsAppEmulator;
  let folder: string;
  const rows: Row[] = [];
  const adminIds: number[] = [];

  /** The bridge's client through the proxy: short deadline and retry window, so that a case takes seconds. */
  const throughProxy = (): Promise<OdooClient> =>
    OdooClient.connect(
      {
        ...connectionFromConfig({
          ...liveConfig,
          timeoutMs: TIMEOUT_MS,
          retries: 2,
          retryMinMs: 200,
          retryMaxMs: 1500,
          retryWindowMs: 10_000,
        } satisfies OdooConfig),
        url: proxy.url,
      },
      logger,
    );

  const importJob = (kind: 'cdb' | 'a2' | 'wor', file: string) => async (client: OdooClient) => {
    const run = await importFile(client, logger, importConfig, {
      path: join(folder, file),
      kind,
      today: TODAY,
      dryRun: false,
      recordBatch: false,
    });
    const refused = run.summary.issues?.filter((issue) => issue.code === 'odoo_refused').length ?? 0;
    return refused ? `${refused} rows refused` : null;
  };

  /** The jobs of issue 18 in the order they feed each other; `run` says what the run reported as failed, or null. */
  const jobs: Array<{
    name: string;
    before?: () => Promise<void>;
    run: (client: OdooClient) => Promise<string | null>;
  }> = [
    { name: 'import CDB', run: importJob('cdb', 'cdb.csv') },
    { name: 'import A2', run: importJob('a2', 'a2.csv') },
    {
      name: 'Pra WO import',
      before: async () => {
        const units = await admin.searchRead(
          'x_h23_unit',
          [['x_dealer_code', '=', 'AHS01']],
          ['x_engine_number'],
          {
            limit: 6,
            order: 'id',
          },
        );
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
        await writeCsv(join(folder, 'pra-wo.csv'), [
          ['DAFTAR PRA WO'],
          header,
          ...units.map((unit, index) => [
            `PWO-F-${index + 1}`,
            '20/11/2026',
            'AHS01',
            String(unit.x_engine_number),
            `Pembawa ${index + 1}`,
            `0812-3456-70${index + 10}`,
            `Jl. Uji ${index + 1}`,
            'BeAT',
            index % 2 === 0 ? 'KPB 1' : 'Servis Reguler',
          ]),
        ]);
      },
      run: importJob('wor', 'pra-wo.csv'),
    },
    {
      name: 'reconcile',
      run: async (client) => {
        await reconcileWors(client, logger, { config: worConfig, timeZone: TZ });
        return null;
      },
    },
    {
      name: 'schedule',
      run: async (client) => {
        await scheduleFollowUps(client, logger, {
          date: TODAY,
          dryRun: false,
          timeZone: TZ,
          whatsApp: 'api',
        });
        return null;
      },
    },
    {
      name: 'outcomes',
      // The CRM admins' work of the day: a result on six follow-ups.
      before: async () => {
        const followUps = await admin.searchRead('x_h23_followup', [['x_stage', '!=', 'fu1']], ['id'], {
          limit: 6,
          order: 'id',
        });
        const results: Array<Record<string, unknown>> = [
          { x_result: 'booked', x_booking_at: '2026-11-25 02:00:00' },
          { x_result: 'no_response' },
          { x_result: 'unreachable' },
          { x_result: 'refused_distance' },
          { x_result: 'refused_disappointed', x_feedback: 'Antrian terlalu lama' },
          { x_result: 'already_serviced' },
        ];
        for (const [at, row] of followUps.entries())
          await admin.write('x_h23_followup', [{ id: row.id, values: results[at] ?? {} }]);
      },
      run: async (client) => {
        const report = await processOutcomes(client, logger, { date: TODAY, dryRun: false });
        return report.refused.length ? `${report.refused.length} refused` : null;
      },
    },
    {
      name: 'summaries',
      run: async (client) => {
        await runDailySummaries(client, logger, {
          date: TODAY,
          now: new Date(`${TODAY}T10:00:00Z`),
          timeZone: TZ,
          dryRun: false,
        });
        return null;
      },
    },
    {
      name: 'quality',
      run: async (client) => {
        await runDataQuality(client, logger, { date: TODAY });
        return null;
      },
    },
    {
      name: 'WhatsApp blast',
      before: async () => {
        await admin.create('x_h23_wa_template', [
          {
            x_name: 'kpb_fu1_faults',
            x_language: 'id',
            x_purpose: 'fu1',
            x_param_1: 'customer_name',
            x_param_2: 'unit_model',
            x_param_3: 'kpb',
            x_param_4: 'branch_name',
          },
        ]);
        await syncTemplates(
          cloudApiFor(emulator, TOKEN),
          new OdooTemplateStore(admin),
          SYSTEM_CLOCK.now(),
          logger,
        );
      },
      run: async (client) => {
        const result = await runBlast(
          new OdooWhatsAppOutbox(client, TZ),
          cloudApiFor(emulator, TOKEN),
          SETTINGS,
          SYSTEM_CLOCK,
          logger,
          TODAY,
        );
        const unsettled =
          result.failed + result.uncertain + result.interrupted + result.requeued + result.leftQueued;
        return result.stopped
          ? `stopped: ${result.stopped.reason}`
          : unsettled
            ? `${unsettled} not settled`
            : null;
      },
    },
  ];

  /** Odoo's state plus, for the blast, how often Meta was asked to send each message. */
  const stateNow = async (): Promise<DatabaseState> => ({
    ...(await readState(admin)),
    'meta sends': emulator.sent.map((message) => message.callbackData ?? message.to).sort(),
  });

  /**
   * Runs one job through the proxy, a fault armed once the client has connected (so that the
   * calls counted are the job's); the failure it threw or reported, or null.
   */
  const runThroughProxy = async (job: (typeof jobs)[number], fault?: Fault): Promise<string | null> => {
    const client = await throughProxy();
    proxy.reset();
    if (fault) proxy.arm(fault);
    try {
      return await job.run(client);
    } catch (error) {
      return error instanceof Error ? `threw: ${error.message.slice(0, 120)}` : String(error);
    }
  };

  beforeAll(async () => {
    nock.enableNetConnect();
    // The database as it was, given back at the end: the test may run again on it.
    copyDatabase(pg, db, `${db}_fsbase`);
    admin = await OdooClient.connect(connectionFromConfig(liveConfig), logger);
    await installModule(admin, logger, { dryRun: false });
    for (const n of [1, 2]) {
      const user = await createLiveUser(admin, liveConfig, `h23fault${n}`, [
        'base.group_user',
        'h23_crm.group_crm_admin',
      ]);
      adminIds.push(user.id);
    }
    await admin.create(
      'x_h23_branch',
      ['AHS01', 'AHS02', 'AHS03'].map((code) => ({
        x_name: `Cabang ${code}`,
        x_dealer_code: code,
        x_phone: '021-5550123',
        x_crm_admin_ids: [[6, 0, adminIds]],
      })),
    );
    folder = await mkdtemp(join(tmpdir(), 'h23-faults-'));
    await writeSample({ units: 400, out: folder, seed: 18, today: TODAY, format: 'csv' });
    emulator = new WhatsAppEmulator({
      token: TOKEN,
      appSecret: 'faults-app-secret',
      templates: [
        {
          name: 'kpb_fu1_faults',
          language: 'id',
          status: 'APPROVED',
          category: 'UTILITY',
          body: 'Halo {{1}}, motor {{2}} Anda sudah waktunya servis KPB {{3}} di {{4}}.',
        },
      ],
    });
    await emulator.start();
    proxy = await FaultProxy.start(liveConfig.url);
  }, 600_000);

  afterAll(async () => {
    await proxy?.close();
    await emulator?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
    for (let step = 0; step <= jobs.length; step += 1) dropDatabase(pg, snapshotOf(step));
    copyDatabase(pg, `${db}_fsbase`, db);
    dropDatabase(pg, `${db}_fsbase`);
    const table = [
      '| job | fault | point | call hit | first run | end state | needed | s |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows.map(
        (row) =>
          `| ${row.job} | ${row.kind} | ${row.point} | ${row.call} | ${row.firstRun} | ${row.outcome}${row.detail ? ` (${row.detail})` : ''} | ${row.needed} | ${row.seconds} |`,
      ),
    ].join('\n');
    console.log(`\n${table}\n`);
    if (process.env.FAULTS_TABLE) await writeFile(process.env.FAULTS_TABLE, `${table}\n`);
  });

  it('every job ends, once the fault heals, as an uninterrupted run does', async () => {
    for (const [step, job] of jobs.entries()) {
      const phase = performance.now();
      await job.before?.();
      // The state before the job, and the job run uninterrupted through the proxy (its calls counted).
      copyDatabase(pg, db, snapshotOf(step));
      const sentBefore = emulator.sent.length;
      const clean = await runThroughProxy(job);
      expect(clean, `${job.name} uninterrupted`).toBeNull();
      const expected = await stateNow();
      const calls = [...proxy.calls];
      copyDatabase(pg, db, snapshotOf(step + 1));
      console.log(
        `${job.name}: uninterrupted run and snapshots in ${Math.round((performance.now() - phase) / 1000)} s, ${calls.length} calls`,
      );
      if (ONLY_JOBS && !ONLY_JOBS.includes(job.name)) continue;
      const writes = calls.filter((call) => call.write);
      const points: Array<[string, SeenCall | undefined]> = [
        ['first call', calls[0]],
        ['middle write', writes[Math.floor((writes.length - 1) / 2)]],
        ['last write', writes[writes.length - 1]],
      ];
      for (const kind of KINDS) {
        for (const [point, call] of points) {
          if (!call || (ONLY_POINTS && !ONLY_POINTS.includes(point))) continue;
          const started = performance.now();
          copyDatabase(pg, snapshotOf(step), db);
          emulator.sent.splice(sentBefore);
          const first = await runThroughProxy(job, {
            kind,
            at: call.index,
            // Twice in a row: the retry meets the fault again before it heals.
            times: kind === 'stall' ? 1 : 2,
            forMs: 2500,
            stallMs: TIMEOUT_MS + 1500,
          });
          proxy.heal();
          let differences = stateDifferences(expected, await stateNow());
          let needed: Row['needed'] = 'rode it out';
          // A run that reported a failure is run again, as the daemon's next run would.
          if (first || differences.length) {
            const again = await runThroughProxy(job);
            differences = stateDifferences(expected, await stateNow());
            needed = 're-run';
            if (again) differences.unshift(`re-run: ${again}`);
          }
          rows.push({
            job: job.name,
            kind,
            point,
            call: `#${call.index} ${call.model}.${call.method}`,
            firstRun: first ? first.replace(/\|/g, '/') : 'ok',
            outcome: differences.length ? 'differs' : 'identical',
            needed,
            detail: differences.join('; ').replace(/\|/g, '/').slice(0, 400),
            seconds: Math.round((performance.now() - started) / 1000),
          });
          const row = rows[rows.length - 1];
          if (process.env.FAULTS_PROGRESS && row)
            console.log(
              `${row.job} × ${row.kind} × ${row.point}: ${row.outcome}, ${row.needed} (${row.firstRun.slice(0, 80)}) ${row.seconds} s`,
            );
        }
      }
      // The next job starts where this one's uninterrupted run ended.
      copyDatabase(pg, snapshotOf(step + 1), db);
    }
    expect(rows.filter((row) => row.outcome !== 'identical')).toEqual([]);
  }, 3_600_000);
});
