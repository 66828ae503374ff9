import type { Command } from 'commander';
import type { Config } from '../../config/schema.js';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { LeaseStore } from '../connectors/odoo/lease-store.js';
import { LEASE_KEY, leaseHolderName } from '../jobs/daemon.js';
import {
  emptyReconcileReport,
  type ReconcileReport,
  reconcileWors,
  WorSourceError,
} from '../jobs/reconcile-wors.js';
import type { Logger } from '../logging/logger.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { CliExit, type GlobalOptions, loadRuntime, writeJson, writeLine } from './runtime.js';

export function printReconcileReport(report: ReconcileReport): void {
  if (report.leftToDaemon) {
    writeLine(`WOR reconciliation left to the running daemon ${report.leftToDaemon}`);
    return;
  }
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

/**
 * Runs the reconciliation under the daemon's lease: two reconciliations side by
 * side (this command and a running daemon) would each create the same new
 * customer. While a daemon holds the lease, `reconcile` stops and says so; an
 * import leaves its WORs to that daemon (never reconciled, they are on its list).
 * A WOR source that does not match Odoo stops with the config keys to fix.
 */
export async function runReconcile(
  client: OdooClient,
  logger: Logger,
  config: Config,
  options: { dryRun?: boolean; worIds?: readonly number[]; ifDaemonRuns?: 'stop' | 'leave' } = {},
): Promise<ReconcileReport> {
  const dryRun = options.dryRun ?? false;
  const lease = new LeaseStore(client, LEASE_KEY);
  const me = leaseHolderName();
  const held = dryRun ? null : await lease.acquire(me, config.daemon.leaseSeconds * 1000);
  if (held && !held.held) {
    const holder = held.holder ?? 'another h23-bridge';
    if (options.ifDaemonRuns === 'leave') {
      return { ...emptyReconcileReport(config.wor.model, dryRun), leftToDaemon: holder };
    }
    throw new CliExit(
      EXIT.odoo,
      `the h23-bridge daemon ${holder} holds the lease and reconciles WORs itself (daemon.worCron, and at once through the webhook): not reconciling beside it`,
    );
  }
  try {
    return await reconcileWors(client, logger, {
      config: config.wor,
      timeZone: config.odoo.tz,
      dryRun,
      ...(options.worIds ? { worIds: options.worIds } : {}),
    });
  } catch (error) {
    if (error instanceof WorSourceError) throw new CliExit(EXIT.usage, error.message);
    throw error;
  } finally {
    if (held) await lease.release(me).catch(() => undefined);
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
