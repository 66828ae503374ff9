import type { Command } from 'commander';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { requireAdministrator } from '../connectors/odoo/identity.js';
import { installModule, type ModuleReport } from '../jobs/module-install.js';
import { hasResidue, type UninstallReport, uninstallModule } from '../jobs/module-uninstall.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { type GlobalOptions, loadRuntime, type Runtime, writeJson, writeLine } from './runtime.js';

/** Connected as an administrator: the module's models, views and groups are Settings' to change. */
async function connectAsAdministrator(runtime: Runtime, command: string): Promise<OdooClient> {
  const client = await OdooClient.connect(connectionFromConfig(runtime.config.odoo), runtime.logger);
  await requireAdministrator(client, command);
  return client;
}

/** `install` and `status` are one job: status is an install that only plans. */
async function runModuleInstall(
  command: Command,
  job: string,
  dryRun: boolean,
  json: boolean,
): Promise<void> {
  const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), job);
  const report = await installModule(await connectAsAdministrator(runtime, job), runtime.logger, { dryRun });
  if (json) writeJson(report);
  else printModuleReport(report);
  process.exitCode = report.counts.failed > 0 ? EXIT.odoo : EXIT.ok;
}

export function registerModuleCommands(program: Command): void {
  program
    .command('install')
    .description(
      'Install or upgrade the h23_crm extension in Odoo (needs an Odoo administrator); a second run changes nothing',
    )
    .option('--dry-run', 'only show what would change')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action((options: { dryRun?: boolean; json?: boolean }, command: Command) =>
      runModuleInstall(command, 'install', options.dryRun ?? false, options.json ?? false),
    );

  program
    .command('status')
    .description('Show the difference between the declared h23_crm extension and what the database holds')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action((options: { json?: boolean }, command: Command) =>
      runModuleInstall(command, 'status', true, options.json ?? false),
    );

  program
    .command('uninstall')
    .description('Remove everything the h23_crm extension created; refuses while its models hold records')
    .option('--force', 'also delete the records of the module models (follow-ups, units, WORs, …)')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { force?: boolean; json?: boolean }, command: Command) => {
      const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'uninstall');
      const report = await uninstallModule(
        await connectAsAdministrator(runtime, 'uninstall'),
        runtime.logger,
        {
          force: options.force ?? false,
        },
      );
      if (options.json) writeJson(report);
      else printUninstallReport(report);
      process.exitCode = report.refused || hasResidue(report.residue) ? EXIT.odoo : EXIT.ok;
    });
}

function printModuleReport(report: ModuleReport): void {
  const verb = report.dryRun ? 'would' : 'did';
  writeLine(`h23_crm on Odoo ${report.odooVersion}: ${report.declared} declared records`);
  for (const [model, counts] of Object.entries(report.perModel)) {
    writeLine(
      `  ${model.padEnd(24)} create ${counts.create}  update ${counts.update}  unchanged ${counts.unchanged}${counts.failed ? `  FAILED ${counts.failed}` : ''}`,
    );
  }
  for (const change of report.changes.slice(0, 60)) {
    const detail =
      change.action === 'failed'
        ? `: ${change.error}`
        : change.changed
          ? ` (${change.changed.join(', ')})`
          : '';
    writeLine(`  ${change.action.padEnd(7)} ${change.xmlid}${detail}`);
  }
  if (report.changes.length > 60)
    writeLine(`  … and ${report.changes.length - 60} more (use --json for all)`);
  for (const gone of report.obsolete.slice(0, 20))
    writeLine(`  ${report.dryRun ? 'remove ' : 'removed'} ${gone.xmlid} (no longer declared)`);
  const { create, update, failed } = report.counts;
  if (create + update + failed + report.obsolete.length === 0)
    writeLine('Nothing to change: the database matches the module.');
  else
    writeLine(
      `${report.dryRun ? 'Plan' : 'Done'}: ${verb} create ${create}, update ${update}; ${failed} failed.`,
    );
  if (report.stoppedAt) writeLine(`Stopped after ${report.stoppedAt}: fix the failures above and run again.`);
}

function printUninstallReport(report: UninstallReport): void {
  if (report.refused) {
    const held = Object.entries(report.records)
      .filter(([, count]) => count !== 0)
      .map(([model, count]) => `${model}: ${count < 0 ? 'unknown' : count}`)
      .join(', ');
    writeLine(`Refused: the module's models still hold records (${held}). Use --force to delete them too.`);
    return;
  }
  for (const [model, count] of Object.entries(report.removed))
    writeLine(`  removed ${String(count).padStart(5)} ${model}`);
  writeLine(
    hasResidue(report.residue)
      ? `Residue left: ${JSON.stringify(report.residue)}`
      : 'Removed: no h23 model, field, view, menu, group or external ID is left.',
  );
}
