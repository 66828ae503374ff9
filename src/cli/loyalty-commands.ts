import type { Command } from 'commander';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { OdooLoyaltyStore } from '../connectors/odoo/loyalty-store.js';
import { OdooNoticeStore } from '../connectors/odoo/notice-store.js';
import { dealerToday } from '../jobs/dealer-today.js';
import { dryRunLoyaltyStore, type LoyaltyReport, loyaltyRequestOf, runLoyalty } from '../jobs/loyalty.js';
import { noticeAnnouncer } from '../jobs/loyalty-notices.js';
import { TIER_LABELS, type Tier } from '../rules/loyalty/tiers.js';
import { dryRunOrUnderLease } from './daemon-lease.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { type GlobalOptions, loadRuntime, pastOrToday, writeJson, writeLine } from './runtime.js';

function printLoyalty(report: LoyaltyReport, dryRun: boolean): void {
  const active = Object.values(report.members).reduce((sum, count) => sum + count, 0);
  writeLine(
    `Loyalty programme as of ${report.today}: ${report.customers} customer(s), ${active} active member(s), ${report.lapsedMembers} lapsed`,
  );
  for (const [tier, count] of Object.entries(report.members))
    writeLine(`  ${TIER_LABELS[tier as Tier].padEnd(10)} ${String(count).padStart(8)}`);
  const events = Object.entries(report.events)
    .filter(([, count]) => count > 0)
    .map(([event, count]) => `${count} ${event}`)
    .join(', ');
  writeLine(`  tonight: ${events || 'no change'}`);
  writeLine(
    `  this month: ${report.participation.members}% of members serviced, ${report.participation.nonMembers}% of non-members; visits per member ${report.effectiveness.before} before enrolment, ${report.effectiveness.after} after (${report.effectiveness.measured} measured)`,
  );
  writeLine(
    `  ${dryRun ? 'would write ' : ''}${report.membersCreated} new and ${report.membersUpdated} changed membership(s), ${report.partnersWritten} customer tier(s), ${report.monthLinesCreated + report.monthLinesUpdated} month line(s); ${report.announced} announcement(s)${report.announcementsPending ? `, ${report.announcementsPending} pending` : ''} (Odoo: CRM H23 → Program Loyalitas)`,
  );
  for (const error of report.errors) writeLine(`  ! ${error.record}: ${error.message}`);
}

export function registerLoyaltyCommands(program: Command): void {
  program
    .command('loyalty')
    .description(
      'Run the loyalty programme once (what the daemon does every night after the segments): enrol customers as Silver, Gold or Platinum members from their stored segment and visits, upgrade, downgrade after the hold, lapse the Hilang; announce enrolments and upgrades once; count the month’s participation and effectiveness per branch',
    )
    .option('--date <YYYY-MM-DD>', 'run as of this dealer date (default: today); never a future one')
    .option('--dry-run', 'compute and print, write and announce nothing')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { date?: string; dryRun?: boolean; json?: boolean }, command: Command) => {
      const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'loyalty');
      const today = dealerToday(runtime.config.odoo.tz);
      // An enrolment dated in the future would stand in the record before it happened.
      const date = pastOrToday('--date', options.date, today, runtime.config.odoo.tz);
      const client = await OdooClient.connect(connectionFromConfig(runtime.config.odoo), runtime.logger);
      const request = loyaltyRequestOf(runtime.config, date);
      const dryRun = options.dryRun === true;
      const loyaltyStore = new OdooLoyaltyStore(client);
      const report = await dryRunOrUnderLease(
        {
          dryRun,
          store: loyaltyStore,
          dryRunStore: dryRunLoyaltyStore,
          client,
          config: runtime.config,
          logger: runtime.logger,
          refusal: (holder) =>
            `the h23-bridge daemon ${holder} holds the lease and runs the loyalty programme itself (daemon.loyaltyCron): not running beside it`,
        },
        (store) =>
          runLoyalty(
            store,
            runtime.logger,
            request,
            // A dry run announces nothing; a real one hands the notices as the daemon does.
            dryRun
              ? null
              : noticeAnnouncer(
                  new OdooNoticeStore(client, runtime.config.odoo.tz, runtime.config.whatsapp.mode === 'api'),
                  loyaltyStore,
                  runtime.logger,
                  date,
                ),
          ),
      );
      if (options.json) writeJson(report);
      else printLoyalty(report, dryRun);
      // Some records refused: the rest is written, Odoo said why (printed above).
      process.exitCode = report.errors.length > 0 ? EXIT.odoo : EXIT.ok;
    });
}
