import type { Command } from 'commander';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { OdooSegmentStore } from '../connectors/odoo/segment-store.js';
import { dealerToday } from '../jobs/dealer-today.js';
import { dryRunSegmentStore, runSegments, type SegmentsReport, segmentsRequestOf } from '../jobs/segments.js';
import { SEGMENT_LABELS, type Segment } from '../rules/loyalty/segments.js';
import { dryRunOrUnderLease } from './daemon-lease.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { type GlobalOptions, loadRuntime, pastOrToday, writeJson, writeLine } from './runtime.js';

function printSegments(report: SegmentsReport, dryRun: boolean): void {
  writeLine(
    `Customer segments as of ${report.today}: ${report.customers} customer(s), spend ${report.spendKnown ? 'from invoices' : 'unknown (no posted invoices)'}`,
  );
  for (const [segment, count] of Object.entries(report.segments))
    writeLine(`  ${SEGMENT_LABELS[segment as Segment].padEnd(20)} ${String(count).padStart(8)}`);
  const moves = Object.entries(report.moves)
    .map(([move, count]) => {
      const [from, to] = move.split('>') as [string, Segment];
      const label = from === 'new' ? 'baru' : SEGMENT_LABELS[from as Segment];
      return `${label} → ${SEGMENT_LABELS[to]}: ${count}`;
    })
    .join(', ');
  writeLine(`  ${report.changes} change(s)${moves ? ` (${moves})` : ''}`);
  writeLine(
    `  ${dryRun ? 'would write ' : ''}${report.changesCreated} change record(s), ${report.partnersWritten} customer(s) (${report.partnersCleared} cleared), ${report.monthLinesCreated + report.monthLinesUpdated} month line(s) (Odoo: CRM H23 → Segmen Pelanggan)`,
  );
  for (const error of report.errors) writeLine(`  ! customer ${error.record}: ${error.message}`);
}

export function registerSegmentCommands(program: Command): void {
  program
    .command('segments')
    .description(
      'Segment the customers from their service history (Loyal, Aktif, Berisiko, Hilang, Belum Pernah Servis) with recency, frequency and monetary scores; store them on the customers, record the changes and the month per branch (what the daemon does every night)',
    )
    .option('--date <YYYY-MM-DD>', 'segment as of this dealer date (default: today); never a future one')
    .option('--dry-run', 'compute and print, write nothing to Odoo')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { date?: string; dryRun?: boolean; json?: boolean }, command: Command) => {
      const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'segments');
      const today = dealerToday(runtime.config.odoo.tz);
      // A change recorded on a future date would stand in the history before it happened.
      const date = pastOrToday('--date', options.date, today, runtime.config.odoo.tz);
      const client = await OdooClient.connect(connectionFromConfig(runtime.config.odoo), runtime.logger);
      const request = segmentsRequestOf(runtime.config, date);
      const report = await dryRunOrUnderLease(
        {
          dryRun: options.dryRun === true,
          store: new OdooSegmentStore(client),
          dryRunStore: dryRunSegmentStore,
          client,
          config: runtime.config,
          logger: runtime.logger,
          refusal: (holder) =>
            `the h23-bridge daemon ${holder} holds the lease and segments the customers itself (daemon.segmentsCron): not running beside it`,
        },
        (store) => runSegments(store, runtime.logger, request),
      );
      if (options.json) writeJson(report);
      else printSegments(report, options.dryRun === true);
      // Some customers refused: the rest is written, Odoo said why (printed above).
      process.exitCode = report.errors.length > 0 ? EXIT.odoo : EXIT.ok;
    });
}
