import type { Command } from 'commander';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { OdooReminderStore } from '../connectors/odoo/reminder-store.js';
import { dealerToday } from '../jobs/dealer-today.js';
import { type RemindersReport, remindersRequestOf, runReminders } from '../jobs/service-reminders.js';
import { dryRunOrUnderLease } from './daemon-lease.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { type GlobalOptions, loadRuntime, pastOrToday, writeJson, writeLine } from './runtime.js';

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
  program
    .command('reminders')
    .description(
      'Make the regular-service reminders after KPB 4 and the win-back follow-ups of customers turned Berisiko, with their activities; close what a service or the grace ended (what the daemon does every night, after the segments)',
    )
    .option('--date <YYYY-MM-DD>', 'as of this dealer date (default: today); never a future one')
    .option('--dry-run', 'plan and print, write nothing to Odoo')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { date?: string; dryRun?: boolean; json?: boolean }, command: Command) => {
      const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'reminders');
      const today = dealerToday(runtime.config.odoo.tz);
      // A reminder due on a future date would call a customer before their service is due.
      const date = pastOrToday('--date', options.date, today, runtime.config.odoo.tz);
      const client = await OdooClient.connect(connectionFromConfig(runtime.config.odoo), runtime.logger);
      const dryRun = options.dryRun === true;
      const report = await dryRunOrUnderLease(
        {
          dryRun,
          store: new OdooReminderStore(client),
          // The job itself writes nothing in a dry run.
          dryRunStore: (store) => store,
          client,
          config: runtime.config,
          logger: runtime.logger,
          refusal: (holder) =>
            `the h23-bridge daemon ${holder} holds the lease and makes the reminders itself (daemon.remindersCron): not running beside it`,
        },
        (store) => runReminders(store, runtime.logger, remindersRequestOf(runtime.config, date, dryRun)),
      );
      if (options.json) writeJson(report);
      else printReminders(report);
      process.exitCode = report.refused.length > 0 ? EXIT.odoo : EXIT.ok;
    });
}
