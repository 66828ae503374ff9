import type { Command } from 'commander';
import { readHolidayFile } from '../connectors/data/holiday-file.js';
import { addressInUse } from '../connectors/health/server.js';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { OdooHolidayStore } from '../connectors/odoo/holiday-store.js';
import { isAdministrator } from '../connectors/odoo/identity.js';
import { runOnce, startDaemon } from '../jobs/daemon.js';
import { connectWhenUp, ensureExtension } from '../jobs/daemon-start.js';
import { dealerToday } from '../jobs/dealer-today.js';
import { ensureHolidays } from '../jobs/load-holidays.js';
import { validateWorSource, WorSourceError } from '../jobs/reconcile-wors.js';
import type { ScheduleReport } from '../jobs/schedule-followups.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { heldLines } from './followup-commands.js';
import { CliExit, checkedDate, type GlobalOptions, loadRuntime, writeJson, writeLine } from './runtime.js';

export function registerDaemonCommand(program: Command): void {
  program
    .command('run')
    .description(
      'Run the bridge: imports, KPB scheduling and outcome processing on their schedules, with /healthz and /metrics; --once runs every job once and stops',
    )
    .option('--once', 'run every job once, then stop')
    .option('--date <date>', 'with --once: the dealer date (YYYY-MM-DD) to run as; default today in odoo.tz')
    .option('--json', 'with --once: print the outcome of each job as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { once?: boolean; date?: string; json?: boolean }, command: Command) => {
      if (options.date !== undefined && !options.once)
        throw new CliExit(EXIT.usage, '--date goes with --once (the daemon always runs as of today)');
      checkedDate('--date', options.date);
      const runtime = loadRuntime(
        command.optsWithGlobals<GlobalOptions>(),
        options.once ? 'run-once' : 'daemon',
      );
      const connection = connectionFromConfig(runtime.config.odoo);
      const { host, port } = runtime.config.daemon;
      const inUse = options.once ? null : await addressInUse(host, port);
      if (inUse)
        throw new CliExit(
          EXIT.usage,
          `cannot serve /healthz on ${host}:${port} (${inUse}): another h23-bridge daemon probably runs on this machine already (one per database is enough; a standby belongs on another machine). Stop it, or give this one another daemon.port (DAEMON_PORT)`,
        );
      // A service waits for an Odoo that is not up yet; a one-off run says so at once.
      let stopping = false;
      const stopWaiting = () => {
        stopping = true;
      };
      process.once('SIGTERM', stopWaiting);
      process.once('SIGINT', stopWaiting);
      const client = options.once
        ? await OdooClient.connect(connection, runtime.logger)
        : await connectWhenUp(connection, runtime.logger, () => stopping);
      process.off('SIGTERM', stopWaiting);
      process.off('SIGINT', stopWaiting);
      const extension = await ensureExtension(client, runtime.logger);
      if (extension === 'missing' || extension === 'outdated') {
        throw new CliExit(
          EXIT.odoo,
          `${extension === 'missing' ? 'the h23_crm extension is not installed in this database' : 'the h23_crm extension in this database is older than this bridge'}: run \`npx h23-bridge install\` once with an Odoo administrator’s login and API key (ODOO_USER=admin ODOO_API_KEY=…), or start the bridge once with them`,
        );
      }
      if (await isAdministrator(client))
        await ensureHolidays(
          new OdooHolidayStore(client),
          (year) => readHolidayFile(year),
          { today: options.date ?? dealerToday(runtime.config.odoo.tz), timeZone: runtime.config.odoo.tz },
          runtime.logger,
        );
      // A dealer WOR model named in the config is checked against Odoo before any job runs.
      try {
        await validateWorSource(client, runtime.config.wor);
      } catch (error) {
        if (error instanceof WorSourceError) throw new CliExit(EXIT.usage, error.message);
        throw error;
      }
      if (options.once) {
        const date = options.date ?? dealerToday(runtime.config.odoo.tz);
        let outcomes: Awaited<ReturnType<typeof runOnce>>;
        try {
          outcomes = await runOnce(client, runtime.logger, runtime.config, date);
        } catch (error) {
          throw new CliExit(EXIT.odoo, error instanceof Error ? error.message : String(error));
        }
        if (options.json) writeJson({ date, outcomes });
        else {
          writeLine(`Every job once as of ${date}:`);
          for (const outcome of outcomes) {
            writeLine(
              `  ${outcome.ok ? '✔' : '✘'} ${outcome.job.padEnd(9)} ${outcome.seconds.toFixed(1)} s${outcome.error ? `: ${outcome.error}` : ''}`,
            );
            // Units the schedule held (no branch, no CRM admin) are said here too, with the fix.
            if (outcome.ok && outcome.job === 'schedule')
              for (const line of heldLines(outcome.result as ScheduleReport)) writeLine(`  ${line}`);
          }
        }
        process.exitCode = outcomes.every((outcome) => outcome.ok) ? EXIT.ok : EXIT.odoo;
        return;
      }
      const daemon = await startDaemon(client, runtime.logger, runtime.config);
      writeLine(
        `h23-bridge running; health on http://${runtime.config.daemon.host}:${runtime.config.daemon.port}/healthz`,
      );
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          runtime.logger.info({ signal }, 'stopping: the running jobs finish, the lease is released');
          void daemon.stop().then(() => {
            runtime.logger.info({ signal }, 'stopped');
            resolve();
          });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
