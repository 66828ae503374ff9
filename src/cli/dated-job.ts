import type { Command } from 'commander';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { dealerToday } from '../jobs/dealer-today.js';
import { dryRunOrUnderLease } from './daemon-lease.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { type GlobalOptions, loadRuntime, pastOrToday, type Runtime, writeJson } from './runtime.js';

export interface DatedJobOptions {
  date?: string;
  dryRun?: boolean;
  json?: boolean;
}

/**
 * A command that runs one of the daemon's dated jobs once: `--date` (a dealer date, never a
 * future one: what it writes is dated), `--dry-run`, `--json`; under the daemon's lease unless a
 * dry run; the report printed, and an exit code from it.
 */
export function registerDatedJob<S, R>(
  program: Command,
  spec: {
    name: string;
    description: string;
    /** What `--date` means for this job. */
    dateHelp: string;
    dryRunHelp: string;
    store: (client: OdooClient, runtime: Runtime) => S;
    /** The store of a dry run; the store itself when the job writes nothing in a dry run. */
    dryRunStore?: (store: S) => S;
    run: (store: S, runtime: Runtime, date: string, dryRun: boolean) => Promise<R>;
    /** The daemon's cron setting that runs the job, for the refusal beside a running daemon. */
    cron: string;
    print: (report: R, dryRun: boolean) => void;
    exitCode?: (report: R) => number;
  },
): void {
  program
    .command(spec.name)
    .description(spec.description)
    .option('--date <YYYY-MM-DD>', spec.dateHelp)
    .option('--dry-run', spec.dryRunHelp)
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: DatedJobOptions, command: Command) => {
      const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), spec.name);
      const today = dealerToday(runtime.config.odoo.tz);
      const date = pastOrToday('--date', options.date, today, runtime.config.odoo.tz);
      const client = await OdooClient.connect(connectionFromConfig(runtime.config.odoo), runtime.logger);
      const dryRun = options.dryRun === true;
      const report = await dryRunOrUnderLease(
        {
          dryRun,
          store: spec.store(client, runtime),
          dryRunStore: spec.dryRunStore ?? ((store) => store),
          client,
          config: runtime.config,
          logger: runtime.logger,
          refusal: (holder) =>
            `the h23-bridge daemon ${holder} holds the lease and runs ${spec.name} itself (daemon.${spec.cron}): not running beside it`,
        },
        (store) => spec.run(store, runtime, date, dryRun),
      );
      if (options.json) writeJson(report);
      else spec.print(report, dryRun);
      process.exitCode = spec.exitCode ? spec.exitCode(report) : EXIT.ok;
    });
}
