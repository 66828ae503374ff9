import type { Command } from 'commander';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { OdooKpiStore } from '../connectors/odoo/kpi-store.js';
import { instantOfDealerDate } from '../jobs/complaints.js';
import { dealerToday } from '../jobs/dealer-today.js';
import { dryRunKpiStore, type KpiReport, kpiRequestOf, runKpi } from '../jobs/kpi.js';
import { dryRunOrUnderLease } from './daemon-lease.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { type GlobalOptions, loadRuntime, pastOrToday, writeJson, writeLine } from './runtime.js';

function printKpi(report: KpiReport, dryRun: boolean): void {
  writeLine(
    `KPI scorecards: ${report.officers} officer(s), periods ${report.periods.join(', ') || '-'}, revenue from ${report.revenueSource ?? '-'}, ${report.messages} customer message(s)`,
  );
  for (const card of report.cards) {
    const reviews = card.reviews.length > 0 ? `  review: ${card.reviews.join(', ')}` : '';
    writeLine(
      `  ${card.key.padEnd(14)} ${card.officer.padEnd(24)} ${String(card.total).padStart(6)} / ${card.maxTotal}  (${Math.round(card.share * 1000) / 10}%)  ${card.state}${reviews}`,
    );
  }
  writeLine(
    `  ${dryRun ? 'would write ' : ''}${report.cardsWritten} card(s), ${report.samplesCreated} sampled message(s), ${report.validationsAsked} validation and ${report.reviewsAsked} review activit(ies) (Odoo: CRM H23 → KPI CRO)`,
  );
  for (const note of report.notes) writeLine(`  ! ${note}`);
}

export function registerKpiCommands(program: Command): void {
  program
    .command('kpi')
    .description(
      'Compute the KPI scorecards of the Customer Relations Officers for the quarter before and this one; on an audit day draw the samples and ask the Head of Marketing to validate (what the daemon does every morning)',
    )
    .option(
      '--date <YYYY-MM-DD>',
      'compute as of the end of this past dealer date (default: now); never a future one',
    )
    .option('--dry-run', 'compute and print, write nothing to Odoo')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { date?: string; dryRun?: boolean; json?: boolean }, command: Command) => {
      const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'kpi');
      const today = dealerToday(runtime.config.odoo.tz);
      // A sample drawn for a quarter not over yet would be stored for good.
      pastOrToday('--date', options.date, today, runtime.config.odoo.tz);
      const client = await OdooClient.connect(connectionFromConfig(runtime.config.odoo), runtime.logger);
      const now =
        options.date && options.date !== today
          ? instantOfDealerDate(options.date, runtime.config.odoo.tz)
          : Date.now();
      const odooStore = new OdooKpiStore(client, runtime.config.odoo.tz);
      const request = kpiRequestOf(runtime.config, now);
      const report = await dryRunOrUnderLease(
        {
          dryRun: options.dryRun === true,
          store: odooStore,
          dryRunStore: dryRunKpiStore,
          client,
          config: runtime.config,
          logger: runtime.logger,
          refusal: (holder) =>
            `the h23-bridge daemon ${holder} holds the lease and computes the scorecards itself (daemon.kpiCron): not computing beside it`,
        },
        (store) => runKpi(store, runtime.logger, request),
      );
      if (options.json) writeJson(report);
      else printKpi(report, options.dryRun === true);
      process.exitCode = EXIT.ok;
    });
}
