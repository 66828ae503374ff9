import type { Command } from 'commander';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { OdooKpiStore } from '../connectors/odoo/kpi-store.js';
import { instantOfDealerDate } from '../jobs/complaints.js';
import { type KpiReport, kpiRequestOf, runKpi } from '../jobs/kpi.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { type GlobalOptions, loadRuntime, writeJson, writeLine } from './runtime.js';

function printKpi(report: KpiReport): void {
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
    `  ${report.samplesCreated} sampled message(s), ${report.validationsAsked} validation and ${report.reviewsAsked} review activit(ies) (Odoo: CRM H23 → KPI CRO)`,
  );
  for (const note of report.notes) writeLine(`  ! ${note}`);
}

export function registerKpiCommands(program: Command): void {
  program
    .command('kpi')
    .description(
      'Compute the KPI scorecards of the Customer Relations Officers for the quarter before and this one; on an audit day draw the samples and ask the Head of Marketing to validate (what the daemon does every morning)',
    )
    .option('--date <YYYY-MM-DD>', 'compute as of this dealer date (end of that day; default: now)')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { date?: string; json?: boolean }, command: Command) => {
      const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'kpi');
      if (options.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.date)) {
        writeLine(`--date must be a date YYYY-MM-DD, got ${JSON.stringify(options.date)}`);
        process.exitCode = EXIT.usage;
        return;
      }
      const client = await OdooClient.connect(connectionFromConfig(runtime.config.odoo), runtime.logger);
      const now = options.date ? instantOfDealerDate(options.date, runtime.config.odoo.tz) : Date.now();
      const report = await runKpi(
        new OdooKpiStore(client, runtime.config.odoo.tz),
        runtime.logger,
        kpiRequestOf(runtime.config, now),
      );
      if (options.json) writeJson(report);
      else printKpi(report);
      process.exitCode = EXIT.ok;
    });
}
