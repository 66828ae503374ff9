import type { Command } from 'commander';
import { OdooLeadStore } from '../connectors/odoo/lead-store.js';
import {
  type GreetingsReport,
  greetingStores,
  greetingsRequestOf,
  holidaysOfYear,
  runGreetings,
} from '../jobs/greetings.js';
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
  const status = report.statusChanges;
  writeLine(
    `  ${report.wonDeals} won deal(s), ${report.handedOver} handed over (BAST): ${report.projectIncomplete} lacking project data (${would}ask ${report.askedForProject}, ${report.projectsCompleted} completed), ${would}record ${report.projectsRecorded} project(s), ${would}make ${report.recontacts} re-contact activit(ies)`,
  );
  writeLine(
    `  customers ${would}set to Klien: ${status.client}, to Mantan Klien: ${status.past_client}, cleared: ${status.cleared}`,
  );
}

function printGreetings(report: GreetingsReport, dryRun: boolean): void {
  if (!report.holiday) {
    writeLine(`No greeting on ${report.today}: not a holiday of greetings.occasions`);
    return;
  }
  writeLine(`Greetings for ${report.holiday} (${report.today}): ${report.contacts} contact(s)`);
  if (dryRun) return;
  const { whatsapp, email, already, completed, skipped } = report.notices;
  writeLine(
    `  by WhatsApp ${whatsapp}, by e-mail ${email}, greeted before ${already}, completed ${completed}`,
  );
  for (const [reason, count] of Object.entries(skipped)) writeLine(`  not sent (${reason}): ${count}`);
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
  registerDatedJob(program, {
    name: 'greetings',
    description:
      'Holiday greetings and promos (SOP LD-5): on a national holiday of greetings.occasions, every contact with a phone or e-mail gets one greeting per occasion, by WhatsApp template or e-mail, none who opted out (what the daemon does at daemon.greetingsCron)',
    dateHelp: 'as of this dealer date (default: today); never a future one',
    dryRunHelp: 'count the contacts, send nothing',
    cron: 'greetingsCron',
    store: (client, runtime) => greetingStores(client, runtime.config),
    run: (stores, runtime, date, dryRun) =>
      runGreetings(
        stores.contacts,
        stores.notices,
        runtime.logger,
        greetingsRequestOf(
          runtime.config,
          date,
          holidaysOfYear(Number(date.slice(0, 4)), runtime.logger),
          dryRun,
        ),
      ),
    print: printGreetings,
  });
}
