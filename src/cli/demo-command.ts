import type { Command } from 'commander';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { dealerToday } from '../jobs/dealer-today.js';
import { DemoRefusal, type DemoReport, runDemo } from '../jobs/demo.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { CliExit, checkedDate, type GlobalOptions, loadRuntime, writeJson, writeLine } from './runtime.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'On a throw-away database: demo branches, one user per role, the sample CDB and A2 imported, and the daemon run over the last days with the CRM admins’ results recorded, to see the product at work in Odoo',
    )
    .option('--units <n>', 'units in the sample (20–5000)', '1000')
    .option('--days <n>', 'days the daemon runs for, ending today (1–14)', '5')
    .option('--today <date>', "the demo's today (YYYY-MM-DD; default the dealer's today)")
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText(
      'after',
      `
Needs an Odoo administrator's login and API key (the quick start's config file). It refuses a
database that holds a dealer's own units or contacts. The users' passwords are printed: this is
for a throw-away database only.

${EXIT_CODE_HELP}`,
    )
    .action(
      async (options: { units: string; days: string; today?: string; json?: boolean }, command: Command) => {
        const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'demo');
        const units = Number(options.units);
        if (!Number.isInteger(units) || units < 20 || units > 5000)
          throw new CliExit(
            EXIT.usage,
            `--units must be a whole number from 20 to 5000, got "${options.units}"`,
          );
        const days = Number(options.days);
        if (!Number.isInteger(days) || days < 1 || days > 14)
          throw new CliExit(EXIT.usage, `--days must be a whole number from 1 to 14, got "${options.days}"`);
        const today = checkedDate('--today', options.today) ?? dealerToday(runtime.config.odoo.tz);
        const connection = connectionFromConfig(runtime.config.odoo);
        const admin = await OdooClient.connect(connection, runtime.logger);
        const started = Date.now();
        let report: DemoReport;
        try {
          report = await runDemo(admin, runtime.logger, {
            today,
            units,
            days,
            connection,
            config: runtime.config,
          });
        } catch (error) {
          if (error instanceof DemoRefusal)
            throw new CliExit(
              error.reason === 'lease-held' ? EXIT.odoo : EXIT.usage,
              `demo refused: ${error.message}`,
            );
          throw error;
        }
        if (options.json) writeJson(report);
        else printDemo(report, runtime.config.odoo, Math.round((Date.now() - started) / 1000));
        process.exitCode = EXIT.ok;
      },
    );
}

function printDemo(report: DemoReport, odoo: { url: string; db: string }, seconds: number): void {
  writeLine(`Demo ready in ${seconds} s: ${report.branches.length} branches (${report.branches.join(', ')})`);
  writeLine(
    `  imported ${report.imported.cdb} CDB and ${report.imported.a2} A2 rows; the daemon ran for ${report.dates.join(', ')}`,
  );
  writeLine(
    `  the CRM admins recorded ${report.resultsRecorded} results; ${report.followUpsOpen} follow-ups are due and open today`,
  );
  writeLine('');
  writeLine(
    `Open ${odoo.url.replace(/\/+$/, '')}/web/login?db=${encodeURIComponent(odoo.db)} and log in as (app CRM H23):`,
  );
  const width = Math.max(...report.users.map((user) => user.login.length));
  for (const user of report.users)
    writeLine(`  ${user.login.padEnd(width)}  password ${user.password.padEnd(22)} ${user.title}`);
}
