import type { Command } from 'commander';
import { readHolidayFile } from '../connectors/data/holiday-file.js';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { OdooHolidayStore } from '../connectors/odoo/holiday-store.js';
import { requireAdministrator } from '../connectors/odoo/identity.js';
import { type HolidayLoadReport, loadHolidays } from '../jobs/load-holidays.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { type GlobalOptions, loadRuntime, writeJson, writeLine } from './runtime.js';

function printHolidayReport(report: HolidayLoadReport): void {
  if (report.refused) {
    writeLine(`Holidays ${report.year}: nothing loaded: ${report.refused.message}`);
    for (const problem of report.refused.problems) {
      const where = problem.entry === undefined ? problem.field : `entry ${problem.entry}, ${problem.field}`;
      writeLine(`  ! ${where} = ${JSON.stringify(problem.value)}: ${problem.message}`);
    }
    return;
  }
  const verb = report.dryRun ? 'would be' : '';
  writeLine(
    `Holidays ${report.year} from ${report.file}: ${report.holidays} days (${report.cutiBersama} cuti bersama)`,
  );
  writeLine(
    `  global leaves ${verb ? 'to create' : 'created'} ${report.created}, ${verb ? 'to update' : 'updated'} ${report.updated}, unchanged ${report.unchanged}, ${verb ? 'to remove' : 'removed'} ${report.removed}`,
  );
  for (const failure of report.failed) writeLine(`  ! ${failure.key}: ${failure.error.message}`);
  if (!report.dryRun && report.cutiBersama > 0)
    writeLine(
      '  A branch that works cuti bersama: tick "Buka saat Cuti Bersama" on the branch (CRM H23 → Konfigurasi → Cabang).',
    );
}

export function registerHolidayCommands(program: Command): void {
  const holidays = program
    .command('holidays')
    .description("Indonesia's national holidays and cuti bersama in Odoo's global leaves");
  holidays
    .command('load')
    .description(
      'Write the year’s national holidays and cuti bersama (SKB 3 Menteri) into Odoo’s global leaves (needs an Odoo administrator); a re-run changes nothing',
    )
    .requiredOption('--year <year>', 'the year, e.g. 2026')
    .option('--file <path>', 'a holiday file of your own instead of the one shipped (same JSON shape)')
    .option('--dry-run', 'only show what would change')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(
      async (
        options: { year: string; file?: string; dryRun?: boolean; json?: boolean },
        command: Command,
      ) => {
        const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'holidays');
        const year = Number(options.year);
        if (!/^\d{4}$/.test(options.year) || year < 2000 || year > 2100) {
          writeLine(`--year must be a year such as 2026, not "${options.year}"`);
          process.exitCode = EXIT.usage;
          return;
        }
        const source = readHolidayFile(year, options.file);
        const client = await OdooClient.connect(connectionFromConfig(runtime.config.odoo), runtime.logger);
        // Odoo lets only administrators write company-wide leaves (record rule "admin modifies global").
        await requireAdministrator(client, 'holidays load');
        const report = await loadHolidays(
          new OdooHolidayStore(client),
          source,
          { year, timeZone: runtime.config.odoo.tz, dryRun: options.dryRun ?? false },
          runtime.logger,
        );
        if (options.json) writeJson(report);
        else printHolidayReport(report);
        process.exitCode = report.refused ? EXIT.input : report.failed.length > 0 ? EXIT.odoo : EXIT.ok;
      },
    );
}
