import type { Command } from 'commander';
import { OdooClient } from '../connectors/odoo/client.js';
import { OdooDedupeStore } from '../connectors/odoo/dedupe-store.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import {
  type AuditDuplicatesReport,
  auditDuplicatesRequestOf,
  dryRunDedupeStore,
  runAuditDuplicates,
} from '../jobs/audit-duplicates.js';
import { dealerToday } from '../jobs/dealer-today.js';
import type { AuditCounts } from '../rules/hygiene/audit.js';
import { dryRunOrUnderLease } from './daemon-lease.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { type GlobalOptions, loadRuntime, writeJson, writeLine } from './runtime.js';

const COUNT_LABELS: ReadonlyArray<[keyof AuditCounts, string]> = [
  ['customers', 'customers'],
  ['duplicateGroups', 'duplicate groups'],
  ['duplicateCustomers', 'duplicate customers'],
  ['phoneInvalid', 'invalid phone'],
  ['emailMissing', 'no e-mail'],
  ['emailMalformed', 'malformed e-mail'],
  ['addressIncomplete', 'incomplete address'],
];

function printAudit(report: AuditDuplicatesReport, dryRun: boolean): void {
  writeLine(
    `Duplicate audit ${report.key}: ${report.comparisons} comparison(s)${report.oversizedBlocks > 0 ? `, ${report.oversizedBlocks} shared value(s) on too many customers left out` : ''}`,
  );
  writeLine(`  ${''.padEnd(22)} ${'before'.padStart(8)} ${'after'.padStart(8)}`);
  for (const [key, label] of COUNT_LABELS)
    writeLine(
      `  ${label.padEnd(22)} ${String(report.before[key]).padStart(8)} ${String(report.after[key]).padStart(8)}`,
    );
  const mergedCustomers = report.merged.reduce((sum, merge) => sum + merge.merged.length, 0);
  writeLine(
    `  ${dryRun ? 'would write ' : ''}${report.groupsCreated} group(s), ${report.findingsCreated} finding(s); ${dryRun ? 'would merge' : 'merged'} ${report.merged.length} group(s) (${mergedCustomers} customer(s) into their survivor) (Odoo: CRM H23 → Audit Data Pelanggan)`,
  );
  for (const blocked of report.blocked) writeLine(`  ! group ${blocked.group}: ${blocked.reason}`);
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('Data-hygiene audits of the customers in Odoo');
  audit
    .command('duplicates')
    .description(
      'Find likely-duplicate customers (same phone in E.164, e-mail, address or engine number, with matching names) and inaccurate data (invalid phones, missing or malformed e-mails, incomplete addresses); write the audit and its review list in Odoo; merge with Odoo’s merge wizard the groups at or above audit.autoMergeCertainty and those the PIC marked Gabungkan (what the daemon does every six months)',
    )
    .option('--dry-run', 'find and print, write and merge nothing in Odoo')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { dryRun?: boolean; json?: boolean }, command: Command) => {
      const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'audit');
      const today = dealerToday(runtime.config.odoo.tz);
      const client = await OdooClient.connect(connectionFromConfig(runtime.config.odoo), runtime.logger);
      const request = auditDuplicatesRequestOf(runtime.config, today, Date.now());
      const report = await dryRunOrUnderLease(
        {
          dryRun: options.dryRun === true,
          store: new OdooDedupeStore(client),
          dryRunStore: dryRunDedupeStore,
          client,
          config: runtime.config,
          logger: runtime.logger,
          refusal: (holder) =>
            `the h23-bridge daemon ${holder} holds the lease and audits itself (daemon.auditCron): not auditing beside it`,
        },
        (store) => runAuditDuplicates(store, runtime.logger, request),
      );
      if (options.json) writeJson(report);
      else printAudit(report, options.dryRun === true);
      // Some groups refused by Odoo: the rest is written and merged, Odoo said why (printed above).
      process.exitCode = report.errors.length > 0 ? EXIT.odoo : EXIT.ok;
    });
}
