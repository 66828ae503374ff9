import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { isReportFileError } from '../connectors/reports/report-errors.js';
import { dealerToday } from '../jobs/dealer-today.js';
import { isDefaultBranchError } from '../jobs/default-branch.js';
import type { ImportProgress, ImportSummary } from '../jobs/import-pipeline.js';
import { isUnknownBranchError } from '../jobs/import-pra-wo.js';
import {
  type AfterWriteOutcome,
  importFile,
  quarantineReport,
  runPendingBatches,
} from '../jobs/import-run.js';
import type { ReconcileReport } from '../jobs/reconcile-wors.js';
import { writeSample } from '../jobs/sample.js';
import { IMPORT_BATCH } from '../module/models.js';
import { issueMessage } from '../rules/import/issues.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { CliExit, checkedDate, type GlobalOptions, loadRuntime, writeJson, writeLine } from './runtime.js';
import { printReconcileReport, runReconcile } from './wor-commands.js';

/** A progress line on a terminal, rewritten in place; nothing when output is piped. */
function progressPrinter(): ((progress: ImportProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  const started = performance.now();
  return (progress) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(progress.rows / seconds) : 0;
    const width = 30;
    const share = progress.total ? Math.min(1, progress.rows / progress.total) : 0;
    const bar = progress.total ? `[${'#'.repeat(Math.round(share * width)).padEnd(width, '.')}] ` : '';
    const of = progress.total ? `/${progress.total.toLocaleString('en')}` : '';
    process.stderr.write(
      `\r${progress.phase === 'checking' ? 'checking' : 'applying'} ${bar}${progress.rows.toLocaleString('en')}${of} rows, ${rate.toLocaleString('en')} rows/s   `,
    );
    if (progress.phase === 'applying' && progress.total !== undefined && progress.rows >= progress.total) {
      process.stderr.write('\n');
    }
  };
}

function printSummary(
  summary: ImportSummary,
  extra: {
    batchId?: number;
    rpcCalls: number;
    seconds: number;
    peakRssMb: number;
    reportPath?: string;
    afterWrite?: AfterWriteOutcome;
  },
): void {
  const c = summary.counts;
  writeLine(
    `${summary.dryRun ? 'Dry run of' : 'Imported'} ${summary.kind.toUpperCase()} ${summary.fileName} (${summary.format}${summary.encoding ? `, ${summary.encoding}` : ''}, header on row ${summary.headerRow})`,
  );
  writeLine(
    `  rows         ${c.rows}: ${c.applied} applied, ${c.unchanged} unchanged, ${c.quarantined} quarantined, ${c.warned} with warnings`,
  );
  if (summary.kind === 'wor')
    writeLine(
      `  wors         ${c.worsCreated} created, ${c.worsUpdated} updated${summary.dryRun ? ' (would be)' : ''}`,
    );
  else
    writeLine(
      `  units        ${c.unitsCreated} created, ${c.unitsUpdated} updated${summary.dryRun ? ' (would be)' : ''}`,
    );
  if (summary.kind === 'cdb')
    writeLine(
      `  owners       ${c.ownersCreated} created, ${c.ownersUpdated} updated${summary.dryRun ? ' (would be)' : ''}`,
    );
  const perThousand = c.rows > 0 ? (extra.rpcCalls * 1000) / c.rows : 0;
  writeLine(
    `  odoo         ${extra.rpcCalls} calls (${perThousand.toFixed(2)} per 1,000 rows) in ${extra.seconds.toFixed(1)} s, peak RSS ${extra.peakRssMb} MB`,
  );
  const unknown = Object.entries(summary.unknownDealerCodes).sort((a, b) => b[1] - a[1]);
  if (unknown.length > 0 && summary.kind === 'cdb') {
    const total = unknown.reduce((sum, [, n]) => sum + n, 0);
    writeLine(
      `  branches     ${total} unit(s) without a branch: ${unknown.map(([code, n]) => (code ? `dealer code ${code} (${n})` : `no dealer code (${n})`)).join(', ')}`,
    );
    writeLine(
      '  fix          create a branch with that Kode Dealer and a CRM admin (CRM H23 → Konfigurasi → Cabang), or set a unit’s branch by hand; until then its units get no KPB follow-up, then `schedule` links and schedules them',
    );
  } else if (unknown.length > 0)
    writeLine(
      `  branches     no branch for dealer code(s) ${unknown.map(([code, n]) => `${code} (${n})`).join(', ')}`,
    );
  if (extra.batchId !== undefined) writeLine(`  odoo batch   ${IMPORT_BATCH.model} ${extra.batchId}`);
  if (extra.batchId !== undefined && summary.kind !== 'wor' && c.applied > 0)
    writeLine(
      '  follow-ups   a running daemon makes the due KPB follow-ups within a minute; without one, run `npx h23-bridge schedule`',
    );
  const shown = summary.issues.filter((issue) => issue.severity === 'error').slice(0, 10);
  for (const issue of shown) {
    writeLine(
      `  row ${issue.row}${issue.column ? `, ${issue.column}` : ''}${issue.value ? ` "${issue.value}"` : ''}: ${issueMessage(issue)}`,
    );
  }
  if (c.quarantined > shown.length) writeLine(`  … ${c.quarantined - shown.length} more quarantined rows`);
  if (extra.reportPath) writeLine(`  report       ${extra.reportPath}`);
  if (extra.afterWrite?.ok) printReconcileReport(extra.afterWrite.result as ReconcileReport);
}

/** The WOR reconciliation of the WORs a Pra WO import created or changed (src/jobs/reconcile-wors.ts). */
function worReconciliation(
  client: OdooClient,
  runtime: ReturnType<typeof loadRuntime>,
): (worIds: readonly number[]) => Promise<ReconcileReport> {
  return (worIds) => runReconcile(client, runtime.logger, runtime.config, { worIds, ifDaemonRuns: 'leave' });
}

export function registerImportCommands(program: Command): void {
  program
    .command('import')
    .description(
      'Import a CDB or A2 report from the main dealer portal, or a batch of paper pre-work-orders (Pra WO), into Odoo (or, with --pending, the batches uploaded in Odoo)',
    )
    .argument('[file]', 'the report: .xlsx or .csv (UTF-8, UTF-16 or Windows-1252; , ; or tab)')
    .addOption(
      new Option('--kind <kind>', 'which report the file is (wor: Pra WO typed into a spreadsheet)').choices([
        'cdb',
        'a2',
        'wor',
      ]),
    )
    .option('--branch <code>', 'wor: dealer code of the branch for rows that name none (the whole file)')
    .option('--no-reconcile', 'wor: write the WORs without reconciling them now (the daemon does it later)')
    .option('--dry-run', 'read, check and plan against Odoo; write nothing')
    .option('--pending', 'process the import batches the PIC uploaded in Odoo, then stop')
    .option('--report <file>', 'also write the quarantine report (CSV) to this file')
    .option('--today <date>', 'the dealer date (YYYY-MM-DD) to judge dates against; default today in odoo.tz')
    .option('--no-batch', 'do not record the run as an import batch in Odoo')
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(
      async (
        file: string | undefined,
        options: {
          kind?: 'cdb' | 'a2' | 'wor';
          branch?: string;
          reconcile: boolean;
          dryRun?: boolean;
          pending?: boolean;
          report?: string;
          today?: string;
          batch: boolean;
          json?: boolean;
        },
        command: Command,
      ) => {
        checkedDate('--today', options.today);
        if (!options.pending && (!file || !options.kind)) {
          throw new CliExit(EXIT.usage, 'give a file and --kind cdb|a2|wor, or --pending');
        }
        if (options.branch !== undefined && (options.pending || options.kind !== 'wor')) {
          throw new CliExit(EXIT.usage, '--branch goes with --kind wor only');
        }
        const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'import');
        const today = options.today ?? dealerToday(runtime.config.odoo.tz);
        const client = await OdooClient.connect(connectionFromConfig(runtime.config.odoo), runtime.logger);
        if (options.pending) {
          const afterWor = options.reconcile ? worReconciliation(client, runtime) : undefined;
          const outcomes = await runPendingBatches(
            client,
            runtime.logger,
            runtime.config.import,
            today,
            afterWor ? { afterWor } : {},
          );
          if (options.json)
            writeJson(outcomes.map(({ summary, ...rest }) => ({ ...rest, counts: summary?.counts })));
          else if (outcomes.length === 0) writeLine('No import batch waiting in Odoo.');
          else
            for (const outcome of outcomes)
              writeLine(
                `batch ${outcome.id} "${outcome.name}": ${outcome.state}${outcome.error ? ` (${outcome.error})` : ''}`,
              );
          process.exitCode = outcomes.some((outcome) => outcome.state === 'failed') ? EXIT.odoo : EXIT.ok;
          return;
        }
        const started = performance.now();
        const onProgress = options.json ? undefined : progressPrinter();
        const kind = options.kind as 'cdb' | 'a2' | 'wor';
        const afterWrite =
          kind === 'wor' && options.reconcile ? worReconciliation(client, runtime) : undefined;
        let run: Awaited<ReturnType<typeof importFile>>;
        try {
          run = await importFile(client, runtime.logger, runtime.config.import, {
            path: file as string,
            kind,
            today,
            dryRun: options.dryRun ?? false,
            recordBatch: options.batch,
            ...(options.branch ? { branchCode: options.branch } : {}),
            ...(onProgress ? { onProgress } : {}),
            ...(afterWrite ? { afterWrite } : {}),
          });
        } catch (error) {
          if (isReportFileError(error)) throw new CliExit(EXIT.input, error.message);
          if (isUnknownBranchError(error)) throw new CliExit(EXIT.usage, `--branch: ${error.message}`);
          if (isDefaultBranchError(error)) throw new CliExit(EXIT.usage, error.message);
          throw error;
        }
        const report = quarantineReport(run.summary);
        if (options.report && report) await writeFile(options.report, report.text);
        const seconds = (performance.now() - started) / 1000;
        const usage = process.resourceUsage();
        const peakRssMb = Math.round(usage.maxRSS / 1024);
        const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
        if (options.json) writeJson({ ...run, seconds, cpuSeconds, peakRssMb });
        else
          printSummary(run.summary, {
            rpcCalls: run.rpcCalls,
            seconds,
            peakRssMb,
            ...(run.batchId === undefined ? {} : { batchId: run.batchId }),
            ...(options.report && report ? { reportPath: options.report } : {}),
            ...(run.afterWrite ? { afterWrite: run.afterWrite } : {}),
          });
        if (run.afterWrite && !run.afterWrite.ok)
          throw new CliExit(
            EXIT.odoo,
            `the import is done, but the WOR reconciliation failed: ${run.afterWrite.error}`,
          );
        const reconcileErrors = run.afterWrite?.ok
          ? (run.afterWrite.result as ReconcileReport).errors.length
          : 0;
        process.exitCode =
          reconcileErrors > 0 ? EXIT.odoo : run.summary.counts.quarantined > 0 ? EXIT.quarantined : EXIT.ok;
      },
    );

  program
    .command('sample')
    .description(
      'Write realistic CDB and A2 reports (with dirty rows of every kind) for demos, tests and benchmarks',
    )
    .requiredOption('--units <n>', 'how many units', (value) => Number.parseInt(value, 10))
    .requiredOption('--out <dir>', 'folder to write cdb.xlsx, a2.xlsx and expected.json to')
    .option(
      '--seed <n>',
      'random seed: the same seed writes the same files',
      (value) => Number.parseInt(value, 10),
      1,
    )
    .addOption(new Option('--format <format>', 'file format').choices(['xlsx', 'csv']).default('xlsx'))
    .option('--dirty <share>', 'share of dirty rows, 0 to 0.5', Number.parseFloat, 0.03)
    .option('--today <date>', 'purchases lie in the four years before this date (YYYY-MM-DD); default today')
    .action(
      async (options: {
        units: number;
        out: string;
        seed: number;
        format: 'xlsx' | 'csv';
        dirty: number;
        today?: string;
      }) => {
        if (!Number.isInteger(options.units) || options.units < 1)
          throw new CliExit(EXIT.usage, '--units must be a whole number above 0');
        checkedDate('--today', options.today);
        const files = await writeSample({
          units: options.units,
          out: options.out,
          seed: options.seed,
          format: options.format,
          dirtyShare: options.dirty,
          today: options.today ?? dealerToday('Asia/Jakarta'),
        });
        writeLine(
          `Wrote ${files.cdb} (${files.expected.cdbRows} rows), ${files.a2} (${files.expected.a2Rows} rows) and ${files.expectations}`,
        );
      },
    );
}
