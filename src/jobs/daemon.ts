import type { Server } from 'node:http';
import { hostname } from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from '../../config/schema.js';
import { startHealthServer } from '../connectors/health/server.js';
import type { OdooClient } from '../connectors/odoo/client.js';
import { OdooComplaintStore } from '../connectors/odoo/complaint-store.js';
import { OdooContactHistoryStore } from '../connectors/odoo/contact-history-store.js';
import { OdooDedupeStore } from '../connectors/odoo/dedupe-store.js';
import { ImportBatchStore } from '../connectors/odoo/import-batch-store.js';
import { OdooKpiStore } from '../connectors/odoo/kpi-store.js';
import { OdooLeadStore } from '../connectors/odoo/lead-store.js';
import { type LeaseResult, LeaseStore } from '../connectors/odoo/lease-store.js';
import { OdooLoyaltyStore } from '../connectors/odoo/loyalty-store.js';
import { OdooNoticeStore } from '../connectors/odoo/notice-store.js';
import { OdooReminderStore } from '../connectors/odoo/reminder-store.js';
import { OdooSegmentStore } from '../connectors/odoo/segment-store.js';
import { OdooSurveyStore } from '../connectors/odoo/survey-store.js';
import { installedAddons } from '../connectors/odoo/webhook-rule-store.js';
import type { Logger } from '../logging/logger.js';
import { CRM_ADDON } from '../module/odoo-models.js';
import { auditDuplicatesRequestOf, runAuditIfDue } from './audit-duplicates.js';
import { instantOfDealerDate, runComplaints } from './complaints.js';
import { writeContactHistory } from './contact-history.js';
import { DaemonMetrics } from './daemon-metrics.js';
import { runDailySummaries } from './daily-summaries.js';
import { runDataQuality } from './data-quality.js';
import { dealerToday } from './dealer-today.js';
import { greetContacts } from './greetings.js';
import { type BatchOutcome, runPendingBatches } from './import-run.js';
import { JobTrigger } from './job-trigger.js';
import { kpiRequestOf, runKpi } from './kpi.js';
import { leadsRequestOf, runLeads } from './leads.js';
import { loyaltyRequestOf, runLoyalty } from './loyalty.js';
import { noticeAnnouncer } from './loyalty-notices.js';
import { processOutcomes } from './process-outcomes.js';
import { reconcileWors } from './reconcile-wors.js';
import { scheduleFollowUps } from './schedule-followups.js';
import { runSegments, segmentsRequestOf } from './segments.js';
import { remindersRequestOf, runReminders } from './service-reminders.js';
import { runSurveys, surveyNoticeSender, surveysRequestOf } from './surveys.js';
import { whatsAppDaemon } from './whatsapp-daemon.js';

export interface DaemonJob {
  name: string;
  cron: string;
  /** Runs the job as of a dealer date; idempotent, so a repeated or interrupted run is harmless. */
  run(date: string): Promise<unknown>;
  /**
   * Jobs to run soon after a run of this one, from its result: the daemon asks
   * the trigger for them (debounced, never beside a run of theirs). A catch-up
   * or `--once` runs every job in order anyway and asks for nothing.
   */
  next?(result: unknown): readonly string[];
}

/**
 * After the pending imports: the KPB schedule for today once a batch wrote
 * rows, so that new units get their due follow-ups (and A2 dates close KPBs)
 * in minutes rather than at the next `daemon.scheduleCron`.
 */
export function jobsAfterImport(outcomes: readonly BatchOutcome[], importedElsewhere = 0): string[] {
  const wrote = outcomes.some(
    (outcome) => outcome.state === 'done' && (outcome.summary?.counts.applied ?? 0) > 0,
  );
  return wrote || importedElsewhere > 0 ? ['schedule'] : [];
}

/** The import job's result: the uploaded batches it ran, and portal imports others ran since its last run. */
export interface ImportJobResult {
  batches: BatchOutcome[];
  /** CDB/A2 imports the command line ran (recorded as batches) since the job last looked. */
  importedElsewhere: number;
}

/** The jobs, in the order a catch-up or `--once` runs them: imports first, since they feed the schedule. */
export function daemonJobs(
  client: OdooClient,
  logger: Logger,
  config: Config,
  whatsapp: readonly DaemonJob[] = config.whatsapp.mode === 'api'
    ? whatsAppDaemon(client, logger, config).jobs
    : [],
): DaemonJob[] {
  // A start (or `--once`) runs every job in order, the schedule included: what was imported
  // before it needs no chained schedule.
  let lookedAt = new Date();
  const store = () => new OdooLoyaltyStore(client);
  // Enrolments and upgrades go out as customer notices (WhatsApp through the outbox when the API sends it).
  const loyaltyAnnouncer = (date: string) =>
    noticeAnnouncer(
      new OdooNoticeStore(client, config.odoo.tz, config.whatsapp.mode === 'api'),
      store(),
      logger,
      date,
    );
  return [
    {
      name: 'import',
      cron: config.daemon.importCron,
      // Pra WO batches: their WORs are reconciled at once (the WOR job's watermark skips what the bridge itself corrected).
      run: async (date): Promise<ImportJobResult> => {
        const since = lookedAt;
        lookedAt = new Date();
        const batches = await runPendingBatches(client, logger, config.import, date, {
          afterWor: (worIds) =>
            reconcileWors(client, logger, { config: config.wor, timeZone: config.odoo.tz, worIds }),
        });
        return { batches, importedElsewhere: await new ImportBatchStore(client).portalImportsSince(since) };
      },
      next: (result) => {
        const { batches, importedElsewhere } = result as ImportJobResult;
        return jobsAfterImport(batches, importedElsewhere);
      },
    },
    {
      // WORs before the schedule: a KPB registered at the workshop ends its follow-ups.
      name: 'wor',
      cron: config.daemon.worCron,
      run: () => reconcileWors(client, logger, { config: config.wor, timeZone: config.odoo.tz }),
    },
    {
      name: 'schedule',
      cron: config.daemon.scheduleCron,
      run: (date) =>
        scheduleFollowUps(client, logger, {
          date,
          dryRun: false,
          timeZone: config.odoo.tz,
          whatsApp: config.whatsapp.mode,
          ...(config.import.defaultBranch ? { defaultBranch: config.import.defaultBranch } : {}),
        }),
    },
    // Replies first, then the day's FU1 blast: both after the schedule made today's FU1s.
    ...whatsapp,
    {
      name: 'outcomes',
      cron: config.daemon.outcomesCron,
      run: (date) => processOutcomes(client, logger, { date, dryRun: false }),
    },
    {
      name: 'summaries',
      cron: config.daemon.summariesCron,
      run: (date) =>
        runDailySummaries(client, logger, { date, now: new Date(), timeZone: config.odoo.tz, dryRun: false }),
    },
    {
      // After the outcomes: a follow-up just recorded as disappointed opens its complaint.
      name: 'care',
      cron: config.daemon.careCron,
      // The two parts run whatever the other does: a refused note must not hold back an escalation.
      run: async (date) => {
        const [history, complaints] = await Promise.allSettled([
          writeContactHistory(new OdooContactHistoryStore(client), logger, { timeZone: config.odoo.tz }),
          runComplaints(new OdooComplaintStore(client), logger, {
            now: instantOfDealerDate(date, config.odoo.tz),
            timeZone: config.odoo.tz,
            levels: config.complaints.serviceLevels,
          }),
        ]);
        if (history.status === 'rejected') throw history.reason;
        if (complaints.status === 'rejected') throw complaints.reason;
        return { history: history.value, complaints: complaints.value };
      },
    },
    {
      name: 'kpi',
      cron: config.daemon.kpiCron,
      run: (date) =>
        runKpi(
          new OdooKpiStore(client, config.odoo.tz),
          logger,
          kpiRequestOf(config, instantOfDealerDate(date, config.odoo.tz)),
        ),
    },
    {
      // Nightly: the day's WORs are in; the segments are as of the dealer date.
      name: 'segments',
      cron: config.daemon.segmentsCron,
      run: (date) => runSegments(new OdooSegmentStore(client), logger, segmentsRequestOf(config, date)),
      // The loyalty programme reads the segments just stored.
      next: () => (config.loyalty.enabled ? ['loyalty'] : []),
    },
    {
      // After the segments (chained, and on its own cron): tiers from the segments stored tonight.
      name: 'loyalty',
      cron: config.daemon.loyaltyCron,
      run: async (date) =>
        config.loyalty.enabled
          ? runLoyalty(store(), logger, loyaltyRequestOf(config, date), loyaltyAnnouncer(date))
          : { skipped: 'loyalty.enabled is false' },
    },
    {
      // The leads pipeline lives in Odoo's CRM: a dealer without it has no leads to check.
      name: 'leads',
      cron: config.daemon.leadsCron,
      run: async (date) =>
        (await installedAddons(client, [CRM_ADDON])).has(CRM_ADDON)
          ? runLeads(new OdooLeadStore(client), logger, leadsRequestOf(config, date))
          : { skipped: 'Odoo CRM is not installed' },
    },
    {
      // On a holiday of greetings.occasions only; any other day it reads nothing.
      name: 'greetings',
      cron: config.daemon.greetingsCron,
      run: (date) => greetContacts(client, logger, config, date),
    },
    {
      // After the segments: a customer turned Berisiko tonight gets the win-back in the morning.
      name: 'reminders',
      cron: config.daemon.remindersCron,
      run: (date) => runReminders(new OdooReminderStore(client), logger, remindersRequestOf(config, date)),
    },
    {
      // Every six months (SOP LD-6), when due: a start after downtime still audits once.
      name: 'audit',
      cron: config.daemon.auditCron,
      run: (date) =>
        runAuditIfDue(
          new OdooDedupeStore(client),
          logger,
          auditDuplicatesRequestOf(config, date, Date.now()),
          config.audit.intervalMonths,
        ),
    },
    {
      // After the day's WORs and follow-ups: done services get their survey; detractors their
      // complaint, which the next care run gives an officer's activity and its deadlines.
      name: 'surveys',
      cron: config.daemon.surveysCron,
      run: (date) =>
        runSurveys(
          new OdooSurveyStore(client),
          logger,
          surveysRequestOf(config, date),
          surveyNoticeSender(
            new OdooNoticeStore(client, config.odoo.tz, config.whatsapp.mode === 'api'),
            logger,
            date,
          ),
        ),
    },
    {
      name: 'quality',
      cron: config.daemon.qualityCron,
      run: (date) => runDataQuality(client, logger, { date }),
    },
  ];
}

export const LEASE_KEY = 'daemon_lease';

/** Webhook calls within this long of the first become one run (an import in Odoo edits many WORs at once). */
export const WEBHOOK_DEBOUNCE_MS = 2000;

export function leaseHolderName(): string {
  return `${hostname()}:${process.pid}`;
}

export interface JobOutcome {
  job: string;
  ok: boolean;
  seconds: number;
  result?: unknown;
  error?: string;
}

async function runJob(job: DaemonJob, date: string, logger: Logger): Promise<JobOutcome> {
  const started = performance.now();
  try {
    const result = await job.run(date);
    return { job: job.name, ok: true, seconds: (performance.now() - started) / 1000, result };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.error({ job: job.name, date, err: message }, 'job failed');
    return { job: job.name, ok: false, seconds: (performance.now() - started) / 1000, error: message };
  }
}

/**
 * Every job once, as of `date`, under the lease (waiting up to one lease
 * length for a running daemon to let go): for operators, catch-ups and tests.
 */
export async function runOnce(
  client: OdooClient,
  logger: Logger,
  config: Config,
  date: string,
): Promise<JobOutcome[]> {
  const lease = new LeaseStore(client, LEASE_KEY);
  const me = leaseHolderName();
  const ttlMs = config.daemon.leaseSeconds * 1000;
  const deadline = Date.now() + ttlMs + 5000;
  let held: LeaseResult = await lease.acquire(me, ttlMs);
  if (!held.held) {
    // Said at once: the wait below lasts up to a lease length (a daemon that died lets go then).
    logger.warn(
      {
        holder: held.holder,
        until: held.until ? new Date(held.until).toISOString() : null,
        waitSeconds: Math.round((deadline - Date.now()) / 1000),
      },
      'another h23-bridge holds the lease: waiting for it to let go (stop the daemon to run now)',
    );
  }
  while (!held.held && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    held = await lease.acquire(me, ttlMs);
  }
  if (!held.held) {
    throw new Error(
      `another h23-bridge (${held.holder}) holds the lease until ${held.until ? new Date(held.until).toISOString() : '?'}; not running`,
    );
  }
  try {
    const outcomes: JobOutcome[] = [];
    for (const job of daemonJobs(client, logger, config)) outcomes.push(await runJob(job, date, logger));
    return outcomes;
  } finally {
    await lease.release(me).catch(() => undefined);
  }
}

export interface DaemonHandle {
  server: Server;
  stop(): Promise<void>;
}

/**
 * The daemon: holds the lease (renewed every third of its length), runs each
 * job on its cron in the dealer's time zone (never two runs of one job at
 * once), catches up with every job when it takes the lease (after downtime, or
 * from a daemon that died), and serves `/healthz` and `/metrics`. A second
 * daemon on the same database stands by until the lease lapses. `jobs`: the
 * daemon's own unless a test gives others.
 */
export async function startDaemon(
  client: OdooClient,
  logger: Logger,
  config: Config,
  given?: readonly DaemonJob[],
): Promise<DaemonHandle> {
  const whatsapp = config.whatsapp.mode === 'api' ? whatsAppDaemon(client, logger, config) : null;
  // Jobs a test gives run with the WhatsApp ones (whose webhook they serve) when the mode is api.
  const jobs = given
    ? [...given, ...(whatsapp?.jobs ?? [])]
    : daemonJobs(client, logger, config, whatsapp?.jobs ?? []);
  const me = leaseHolderName();
  const ttlMs = config.daemon.leaseSeconds * 1000;
  const lease = new LeaseStore(client, LEASE_KEY);
  const metrics = new DaemonMetrics();
  const busy = new Set<string>();
  const state = {
    startedAt: new Date().toISOString(),
    lease: { held: false, holder: null, until: null } as LeaseResult,
    leaseCheckedAt: 0,
    lastErrors: {} as Record<string, string>,
  };
  const today = () => dealerToday(config.odoo.tz);

  /** `chain`: ask for the jobs the run's result calls for (not in a catch-up, which runs them all). */
  const execute = async (job: DaemonJob, chain = true): Promise<void> => {
    if (!state.lease.held || busy.has(job.name)) {
      metrics.recordRun(job.name, 'skipped', 0, Date.now());
      return;
    }
    busy.add(job.name);
    const callsBefore = client.calls;
    try {
      const outcome = await runJob(job, today(), logger);
      metrics.recordRun(job.name, outcome.ok ? 'ok' : 'failed', outcome.seconds, Date.now());
      if (outcome.error) state.lastErrors[job.name] = outcome.error;
      else delete state.lastErrors[job.name];
      const next = outcome.ok && chain ? (job.next?.(outcome.result) ?? []) : [];
      for (const name of next) {
        logger.info({ job: job.name, next: name }, 'running a job its result calls for');
        trigger.triggerJob(name);
      }
    } finally {
      metrics.odooCalls += client.calls - callsBefore;
      busy.delete(job.name);
    }
  };

  const keepLease = async (): Promise<void> => {
    const wasHeld = state.lease.held;
    try {
      state.lease = await lease.acquire(me, ttlMs);
      state.leaseCheckedAt = Date.now();
    } catch (error) {
      logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'lease check failed');
      // Without news from Odoo, stop writing once our lease may have lapsed.
      if (state.lease.until !== null && state.lease.until <= Date.now())
        state.lease = { ...state.lease, held: false };
    }
    metrics.leaseHeld = state.lease.held;
    if (state.lease.held && !wasHeld) {
      logger.info({ holder: me }, 'lease taken: catching up with every job');
      for (const job of jobs) await execute(job, false);
    } else if (!state.lease.held && wasHeld) {
      logger.warn({ holder: state.lease.holder }, 'lease lost: standing by');
    }
  };

  // Odoo's webhook rule (`h23-bridge webhook install`) asks for a job at once; the cron stays the fallback.
  const trigger = new JobTrigger({
    has: (name) => jobs.some((job) => job.name === name),
    isActive: () => state.lease.held,
    isBusy: (name) => busy.has(name),
    run: async (name) => {
      const job = jobs.find((candidate) => candidate.name === name);
      if (job) await execute(job);
    },
    debounceMs: WEBHOOK_DEBOUNCE_MS,
  });

  const server = await startHealthServer(config.daemon.host, config.daemon.port, {
    health: () => ({
      ok: Date.now() - state.leaseCheckedAt < 2 * ttlMs,
      role: state.lease.held ? 'active' : 'standby',
      holder: state.lease.holder,
      leaseUntil: state.lease.until ? new Date(state.lease.until).toISOString() : null,
      startedAt: state.startedAt,
      busy: [...busy],
      lastSuccess: Object.fromEntries(
        jobs.map((job) => {
          const at = metrics.lastSuccessOf(job.name);
          return [job.name, at ? new Date(at * 1000).toISOString() : null];
        }),
      ),
      lastErrors: state.lastErrors,
      // The way to Odoo: an outage shows while the client rides it out, and how long it lasted after.
      odoo: client.link.report(),
    }),
    metrics: () => metrics.render(),
    webhook: {
      token: config.daemon.webhookToken,
      knows: (name) => jobs.some((job) => job.name === name),
      trigger: (name) => trigger.triggerJob(name),
      record: (job, result) => metrics.recordWebhook(job, result),
      logger,
    },
    ...(whatsapp
      ? {
          whatsapp: whatsapp.endpoint(
            () => state.lease.held,
            (name) => trigger.triggerJob(name),
            (result) => metrics.recordWebhook('whatsapp', result),
          ),
        }
      : {}),
  });

  await keepLease();
  const renew = setInterval(() => void keepLease(), Math.max(1000, Math.floor(ttlMs / 3)));
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(job.cron, () => execute(job), {
      timezone: config.odoo.tz,
      noOverlap: true,
      name: job.name,
    }),
  );
  logger.info({ port: config.daemon.port, role: state.lease.held ? 'active' : 'standby' }, 'daemon started');

  return {
    server,
    stop: async () => {
      clearInterval(renew);
      trigger.stop();
      for (const task of tasks) await task.stop();
      await lease.release(me).catch(() => undefined);
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
