import type { Command } from 'commander';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { OdooLeadStore } from '../connectors/odoo/lead-store.js';
import { dealerToday } from '../jobs/dealer-today.js';
import { type LeadsReport, leadsRequestOf, runLeads } from '../jobs/leads.js';
import { dryRunOrUnderLease } from './daemon-lease.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { type GlobalOptions, loadRuntime, pastOrToday, writeJson, writeLine } from './runtime.js';

function printLeads(report: LeadsReport): void {
  const would = report.dryRun ? 'would ' : '';
  writeLine(`Leads of the H23 team as of ${report.today}: ${report.leads} lead(s)`);
  writeLine(
    `  ${report.incomplete} incomplete (${would}ask ${report.askedToComplete} salesperson(s), ${report.completed} completed), ${report.withDuplicates} with possible duplicates`,
  );
  writeLine(
    `  ${would}stamp ${report.quotationsStamped} quotation date(s), ${would}remind ${report.staleReminders} lead(s) without progress`,
  );
}

export function registerLeadCommands(program: Command): void {
  program
    .command('leads')
    .description(
      'Check the leads of the H23 sales team (SOP Manajemen Hubungan Pelanggan): missing minimum data (an activity for the salesperson, closed once complete), possible duplicates of customers and open leads, the quotation date, leads without progress (what the daemon does every 10 minutes)',
    )
    .option('--date <YYYY-MM-DD>', 'as of this dealer date (default: today); never a future one')
    .option('--dry-run', 'plan and print, write nothing to Odoo')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { date?: string; dryRun?: boolean; json?: boolean }, command: Command) => {
      const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'leads');
      const today = dealerToday(runtime.config.odoo.tz);
      const date = pastOrToday('--date', options.date, today, runtime.config.odoo.tz);
      const client = await OdooClient.connect(connectionFromConfig(runtime.config.odoo), runtime.logger);
      const dryRun = options.dryRun === true;
      const report = await dryRunOrUnderLease(
        {
          dryRun,
          store: new OdooLeadStore(client),
          // The job itself writes nothing in a dry run.
          dryRunStore: (store) => store,
          client,
          config: runtime.config,
          logger: runtime.logger,
          refusal: (holder) =>
            `the h23-bridge daemon ${holder} holds the lease and checks the leads itself (daemon.leadsCron): not running beside it`,
        },
        (store) => runLeads(store, runtime.logger, leadsRequestOf(runtime.config, date, dryRun)),
      );
      if (options.json) writeJson(report);
      else printLeads(report);
      process.exitCode = EXIT.ok;
    });
}
