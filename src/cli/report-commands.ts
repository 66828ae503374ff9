import type { Command } from 'commander';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { type DataQualityReport, runDataQuality } from '../jobs/data-quality.js';
import { dealerToday } from '../jobs/dealer-today.js';
import { renderQualityTable } from '../rules/quality/quality.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { checkedDate, type GlobalOptions, loadRuntime, writeJson, writeLine } from './runtime.js';

function printQuality(report: DataQualityReport, calls: number): void {
  writeLine(`Data quality for ${report.date} (customer data as of now; WORs of the date)`);
  writeLine('');
  if (report.rows.length === 0) writeLine('  No branch and no customer record in Odoo yet.');
  else for (const line of renderQualityTable(report)) writeLine(`  ${line}`);
  writeLine('');
  writeLine(
    `  records      ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged (Odoo: CRM H23 → Kualitas Database)`,
  );
  writeLine(
    `  odoo         ${calls} calls (${report.countedWith === 'grouped' ? 'grouped reads' : 'search_count per branch'})`,
  );
  for (const refused of report.refused) writeLine(`  ! ${refused.branch}: ${refused.error}`);
}

async function runQualityReport(command: Command, options: { date?: string; json?: boolean }): Promise<void> {
  checkedDate('--date', options.date);
  const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'quality');
  const client = await OdooClient.connect(connectionFromConfig(runtime.config.odoo), runtime.logger);
  const date = options.date ?? dealerToday(runtime.config.odoo.tz);
  const report = await runDataQuality(client, runtime.logger, { date });
  if (options.json) writeJson(report);
  else printQuality(report, client.calls);
  process.exitCode = report.refused.length > 0 ? EXIT.odoo : EXIT.ok;
}

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('Reports computed from Odoo and kept there');

  report
    .command('quality')
    .description(
      'Count customer records per branch (valid mobile, full address, purchase date, complete) and the WORs of a date; write them to Odoo (Kualitas Database) and print them',
    )
    .option(
      '--date <date>',
      'the dealer date (YYYY-MM-DD) of the record and the WORs; default today in odoo.tz',
    )
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action((options: { date?: string; json?: boolean }, command: Command) =>
      runQualityReport(command, options),
    );
}
