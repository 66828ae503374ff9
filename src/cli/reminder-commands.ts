import type { Command } from 'commander';
import { OdooReminderStore } from '../connectors/odoo/reminder-store.js';
import { type RemindersReport, remindersRequestOf, runReminders } from '../jobs/service-reminders.js';
import { registerDatedJob } from './dated-job.js';
import { EXIT } from './exit-codes.js';
import { writeLine } from './runtime.js';

function printReminders(report: RemindersReport): void {
  const would = report.dryRun ? 'would make ' : '';
  writeLine(
    `Reminders after KPB 4 as of ${report.today}: ${report.customers} customer(s) Aktif, Loyal or Berisiko`,
  );
  writeLine(
    `  ${would}${report.created.service} regular-service reminder(s), ${report.created.winback} win-back(s), ${report.activities} activit(y/ies) (Odoo: CRM H23 → Follow Up KPB)`,
  );
  writeLine(
    `  ${report.dryRun ? 'would close ' : 'closed '}${report.closed.serviced} serviced, ${report.closed.no_response} unanswered, ${report.closed.stale} booked but never serviced`,
  );
  if (report.optedOut > 0) writeLine(`  ${report.optedOut} customer(s) asked not to be contacted: none made`);
  if (report.held > 0)
    writeLine(
      `  ${report.held} held: their branch is missing or has no CRM admin (run \`h23-bridge doctor\`)`,
    );
  for (const refusal of report.refused) writeLine(`  ! ${refusal.key}: ${refusal.error}`);
}

export function registerReminderCommands(program: Command): void {
  registerDatedJob(program, {
    name: 'reminders',
    description:
      'Make the regular-service reminders after KPB 4 and the win-back follow-ups of customers turned Berisiko, with their activities; close what a service or the grace ended (what the daemon does every night, after the segments)',
    // A reminder due on a future date would call a customer before their service is due.
    dateHelp: 'as of this dealer date (default: today); never a future one',
    dryRunHelp: 'plan and print, write nothing to Odoo',
    cron: 'remindersCron',
    store: (client) => new OdooReminderStore(client),
    run: (store, runtime, date, dryRun) =>
      runReminders(store, runtime.logger, remindersRequestOf(runtime.config, date, dryRun)),
    print: printReminders,
    exitCode: (report) => (report.refused.length > 0 ? EXIT.odoo : EXIT.ok),
  });
}
