import { configSchema } from '../../config/schema.js';
import { isReportFileError } from '../../src/connectors/reports/report-errors.js';
import type { ReportKind } from '../../src/jobs/import-pipeline.js';
import { importFileWith, quarantineReport } from '../../src/jobs/import-run.js';
import { silentLogger } from '../../src/logging/logger.js';
import type { RowIssue } from '../../src/rules/import/issues.js';
import { MemoryImportBatches } from '../support/memory-import-batches.js';
import { MemoryRecords, memoryStores } from '../support/memory-stores.js';

/**
 * One file through `h23-bridge import`'s own path (`importFileWith`: open the report, find the
 * header, read the whole file, plan per chunk, write, record the batch), over memory stores,
 * then the checks every outcome must pass. The file sits under a neutral name (`upload`, as
 * the daemon saves a PIC's upload) and its own name is passed, as for a batch.
 */

export interface FuzzJob {
  path: string;
  fileName: string;
  reportKind: ReportKind;
  mustRefuse?: readonly string[] | undefined;
  mustNotLeak?: readonly string[] | undefined;
}

export type FuzzOutcome =
  | { outcome: 'accepted'; rows: number; quarantined: number; ms: number; violations: string[] }
  | { outcome: 'refused'; problem: string; message: string; ms: number; violations: string[] }
  | { outcome: 'crash'; error: string; ms: number; violations: string[] };

const CONFIG = configSchema.parse({ odoo: { url: 'http://odoo.invalid', db: 'fuzz', apiKey: 'k' } }).import;
const TODAY = '2026-11-23';

/** Issues about a whole row (or Odoo's answer), not one cell: they need no column. */
const WHOLE_ROW: ReadonlySet<RowIssue['code']> = new Set([
  'row_malformed',
  'kpb_missing',
  'odoo_refused',
  'unknown_engine',
  'duplicate_conflict',
  'wo_duplicate_conflict',
  'kpb_conflict',
  'dealer_code_unknown',
]);

/** What a spreadsheet program would run as a formula when it opens a CSV cell (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The cells of a `;`-separated CSV text with `"` quoting, as Excel reads them. */
export function csvCells(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at] as string;
    if (quoted) {
      if (char === '"' && text[at + 1] === '"') {
        cell += '"';
        at += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ';') {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || (char === '\r' && text[at + 1] === '\n')) {
      if (char === '\r') at += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** Cells of the quarantine report a spreadsheet would take for a formula. */
export function formulaCells(reportText: string): string[] {
  return csvCells(reportText.replace(/^\uFEFF/, ''))
    .flat()
    .filter((cell) => FORMULA_START.test(cell));
}

function issueViolations(issues: readonly RowIssue[]): string[] {
  const found: string[] = [];
  for (const issue of issues) {
    if (!Number.isInteger(issue.row) || issue.row < 1)
      found.push(`issue ${issue.code} has no row (${issue.row})`);
    else if (issue.value !== undefined && issue.column === undefined && !WHOLE_ROW.has(issue.code))
      found.push(`issue ${issue.code} on row ${issue.row} names no column`);
    if (found.length > 5) break;
  }
  return found;
}

export async function importOne(job: FuzzJob): Promise<FuzzOutcome> {
  const report = memoryStores();
  report.units.branches = new Map([
    ['AHS01', 1],
    ['AHS02', 2],
  ]);
  const wors = new MemoryRecords();
  const stores = {
    batches: new MemoryImportBatches(),
    report,
    praWo: { wors, branchesByDealerCode: async () => new Map(report.units.branches) },
  };
  const started = performance.now();
  let outcome: FuzzOutcome;
  let outputs: unknown[] = [];
  try {
    const run = await importFileWith(stores, silentLogger(), CONFIG, {
      path: job.path,
      fileName: job.fileName,
      kind: job.reportKind,
      today: TODAY,
      dryRun: false,
      recordBatch: true,
    });
    const ms = performance.now() - started;
    const { summary } = run;
    const violations = issueViolations(summary.issues);
    const quarantine = quarantineReport(summary);
    if (quarantine) {
      const formulas = formulaCells(quarantine.text);
      if (formulas.length > 0)
        violations.push(
          `quarantine report holds formulas: ${formulas
            .slice(0, 3)
            .map((cell) => JSON.stringify(cell.slice(0, 60)))
            .join(', ')}`,
        );
    }
    if (job.mustRefuse)
      violations.push(
        `accepted (${summary.counts.rows} rows), must be refused as ${job.mustRefuse.join(' or ')}`,
      );
    outputs = [
      summary.issues,
      quarantine?.text,
      [...stores.batches.batches.values()].map((batch) => batch.message),
    ];
    if (job.mustNotLeak)
      outputs.push(
        [...report.units.rows.values()],
        [...report.owners.rows.values()],
        [...wors.rows.values()],
      );
    outcome = {
      outcome: 'accepted',
      rows: summary.counts.rows,
      quarantined: summary.counts.quarantined,
      ms,
      violations,
    };
  } catch (error) {
    const ms = performance.now() - started;
    if (!isReportFileError(error)) {
      const text =
        error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
      return { outcome: 'crash', error: text.slice(0, 2000), ms, violations: [] };
    }
    const violations: string[] = [];
    if (error.file !== job.fileName)
      violations.push(
        `refusal names ${JSON.stringify(error.file)}, not the file ${JSON.stringify(job.fileName)}`,
      );
    if (!error.message.startsWith(`${job.fileName}: `))
      violations.push(`refusal message does not begin with the file name: ${error.message.slice(0, 120)}`);
    if (!error.messageId.trim()) violations.push('refusal has no message for the PIC');
    if (error.message.length > 4000) violations.push(`refusal message of ${error.message.length} characters`);
    // A limit broken at one place names it: a part, or a row (and a cell's column).
    if (error.problem === 'over_limit' && error.where?.row === undefined && error.where?.part === undefined)
      violations.push(`over_limit refusal without its row or part: ${error.message.slice(0, 120)}`);
    if (/\ba cell of more than\b/.test(error.message) && error.where?.column === undefined)
      violations.push(`a cell refused without its column: ${error.message.slice(0, 120)}`);
    if (job.mustRefuse && !job.mustRefuse.includes(error.problem))
      violations.push(`refused as ${error.problem}, expected ${job.mustRefuse.join(' or ')}`);
    outputs = [error.message, error.messageId];
    outcome = {
      outcome: 'refused',
      problem: error.problem,
      message: error.message.slice(0, 400),
      ms,
      violations,
    };
  }
  if (job.mustNotLeak) {
    const text = JSON.stringify(outputs);
    for (const secret of job.mustNotLeak)
      if (text.includes(secret)) outcome.violations.push(`output holds ${JSON.stringify(secret)}`);
  }
  return outcome;
}
