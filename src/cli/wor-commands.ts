import type { Command } from 'commander';
import type { Config } from '../../config/schema.js';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { type ReconcileReport, reconcileWors, WorSourceError } from '../jobs/reconcile-wors.js';
import type { Logger } from '../logging/logger.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { CliExit, type GlobalOptions, loadRuntime, writeJson, writeLine } from './runtime.js';

export function printReconcileReport(report: ReconcileReport): void {
  const verb = report.dryRun ? 'would' : 'did';
  writeLine(
    `WOR reconciliation${report.dryRun ? ' (plan only, nothing written)' : ''} from ${report.source}`,
  );
  if (report.mirrored)
    writeLine(`  mirrored     ${report.mirrored.created} new, ${report.mirrored.updated} changed`);
  writeLine(
    `  read         ${report.read} WOR(s), ${report.unchanged} unchanged since their last reconciliation`,
  );
  const { owner, carrier, created, reviewed } = report.matched;
  writeLine(
    `  matched      ${owner} carrier = owner, ${carrier} carrier is someone else, ${created} new unit and owner, ${reviewed} admin choice applied`,
  );
  writeLine(
    `  review       ${report.review} for the workshop admin (${report.reviewsOpened} new activities, ${report.reviewsClosed} closed)`,
  );
  writeLine(
    `  partners     ${verb} create ${report.peopleCreated}, complete ${report.peopleUpdated}; units ${verb} create ${report.unitsCreated}, complete ${report.unitsUpdated}`,
  );
  if (report.skippedAsChanged > 0)
    writeLine(`  later        ${report.skippedAsChanged} changed in Odoo meanwhile: next run`);
  writeLine(`  odoo         ${report.odooCalls} calls`);
  for (const error of report.errors.slice(0, 20))
    writeLine(`  ! ${error.model} ${error.record}: ${error.message}`);
}

/** Runs the reconciliation; a WOR source that does not match Odoo stops with the config keys to fix. */
export async function runReconcile(
  client: OdooClient,
  logger: Logger,
  config: Config,
  options: { dryRun?: boolean; worIds?: readonly number[] } = {},
): Promise<ReconcileReport> {
  try {
    return await reconcileWors(client, logger, {
      config: config.wor,
      timeZone: config.odoo.tz,
      dryRun: options.dryRun ?? false,
      ...(options.worIds ? { worIds: options.worIds } : {}),
    });
  } catch (error) {
    if (error instanceof WorSourceError) throw new CliExit(EXIT.usage, error.message);
    throw error;
  }
}

export function registerWorCommands(program: Command): void {
  program
    .command('reconcile')
    .description(
      'Reconcile new and changed workshop registrations (WOR) against units, owners (BPA) and the CDB; what needs a human becomes a review activity',
    )
    .option('--dry-run', 'only show what would be written')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { dryRun?: boolean; json?: boolean }, command: Command) => {
      const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'reconcile');
      const client = await OdooClient.connect(connectionFromConfig(runtime.config.odoo), runtime.logger);
      const report = await runReconcile(client, runtime.logger, runtime.config, {
        dryRun: options.dryRun ?? false,
      });
      if (options.json) writeJson(report);
      else printReconcileReport(report);
      process.exitCode = report.errors.length > 0 ? EXIT.odoo : EXIT.ok;
    });
}
