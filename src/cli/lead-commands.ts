import type { Command } from 'commander';
import { OdooLeadStore } from '../connectors/odoo/lead-store.js';
import { type LeadsReport, leadsRequestOf, runLeads } from '../jobs/leads.js';
import { registerDatedJob } from './dated-job.js';
import { writeLine } from './runtime.js';

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
  registerDatedJob(program, {
    name: 'leads',
    description:
      'Check the leads of the H23 sales team (SOP Manajemen Hubungan Pelanggan): missing minimum data (an activity for the salesperson, closed once complete), possible duplicates of customers and open leads, the quotation date, leads without progress (what the daemon does every 10 minutes)',
    dateHelp: 'as of this dealer date (default: today); never a future one',
    dryRunHelp: 'plan and print, write nothing to Odoo',
    cron: 'leadsCron',
    store: (client) => new OdooLeadStore(client),
    run: (store, runtime, date, dryRun) =>
      runLeads(store, runtime.logger, leadsRequestOf(runtime.config, date, dryRun)),
    print: printLeads,
  });
}
