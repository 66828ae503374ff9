import type { Written } from '../connectors/odoo/unit-store.js';
import type { ReportSource } from '../connectors/reports/open-report.js';
import type { RawRow } from '../connectors/reports/raw-row.js';
import { ReportFileError } from '../connectors/reports/report-errors.js';
import type { ImportCounts } from '../rules/import/batch-message.js';
import { clippedIssue, isError, MAX_LISTED_ISSUES, type RowIssue } from '../rules/import/issues.js';
import { type ColumnAliases, HEADER_SEARCH_ROWS, type Layout, locateLayout } from '../rules/import/layout.js';
import { cellText } from '../rules/import/normalize.js';
import type { CurrentRecord, PlainValue, RecordAction } from '../rules/record-plan.js';

/**
 * The two-pass pipeline every import shares (CDB, A2, Pra WO): find the header,
 * read the whole file once (the census: nothing is written before it is read to
 * the end, so a truncated or garbled file leaves Odoo as it was), then read it
 * again and apply the records in chunks through {@link applyInChunks}, tallying
 * issues and counts for the summary. What a report's rows mean is in
 * `import-cdb.ts`, `import-a2.ts` and `import-pra-wo.ts`.
 */

/** The portal's reports. */
export type PortalKind = 'cdb' | 'a2';
/** Every kind of file `import` takes: the portal's reports and paper WOR (Pra WO) batches. */
export type ReportKind = PortalKind | 'wor';

/** What every import is given: the file, the dealer's date, and how to run. */
export interface PipelineRequest {
  source: ReportSource;
  /** The dealer's date: later purchase, KPB or visit dates are impossible. */
  today: string;
  dryRun: boolean;
  chunkSize: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Filled with the time spent in each phase (the CDB import's), for the debug log and the bench. */
  phases?: PhaseClock;
}

/**
 * Wall time spent in each phase of a run, in milliseconds. Phases overlap: a chunk is
 * applied while the next is read, so they need not add up to the run's time.
 */
export class PhaseClock {
  readonly ms: Record<string, number> = {};

  add(phase: string, ms: number): void {
    this.ms[phase] = (this.ms[phase] ?? 0) + ms;
  }

  async time<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.add(phase, performance.now() - started);
    }
  }

  /** The phases in seconds, rounded to milliseconds. */
  seconds(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.ms).map(([phase, ms]) => [phase, Math.round(ms) / 1000]));
  }
}

export interface ImportProgress {
  phase: 'checking' | 'applying';
  rows: number;
  /** Known once the first pass has counted the rows. */
  total?: number;
}

/** Records kept by a stable key; `UnitStore` and `OwnerStore` over Odoo, or memory in tests. */
export interface KeyedRecords {
  readByKeys(keys: readonly string[]): Promise<Map<string, CurrentRecord>>;
  create(rows: ReadonlyArray<{ key: string; values: Record<string, PlainValue> }>): Promise<Written[]>;
  update(
    rows: ReadonlyArray<{ key: string; id: number; values: Record<string, PlainValue> }>,
  ): Promise<Written[]>;
}

export type { ImportCounts };

export interface ImportSummary {
  kind: ReportKind;
  fileName: string;
  format: ReportSource['format'];
  encoding?: string;
  headerRow: number;
  dryRun: boolean;
  counts: ImportCounts;
  /** The first {@link MAX_LISTED_ISSUES} issues found. */
  issues: RowIssue[];
  /** Issues found past those, counted only. */
  issuesNotListed?: number;
  /**
   * CDB: the units left without a branch, by their dealer code ('' for rows that
   * name none): held from KPB follow-ups until a branch carries the code.
   * Pra WO: the rows whose dealer code no branch carries.
   */
  unknownDealerCodes: Record<string, number>;
}

function emptyCounts(): ImportCounts {
  return {
    rows: 0,
    applied: 0,
    unchanged: 0,
    quarantined: 0,
    warned: 0,
    unitsCreated: 0,
    unitsUpdated: 0,
    ownersCreated: 0,
    ownersUpdated: 0,
    worsCreated: 0,
    worsUpdated: 0,
  };
}

/** The header rows, then the data rows, skipping blank ones. */
export async function findLayout<Field extends string>(
  source: ReportSource,
  aliases: ColumnAliases<Field>,
  required: readonly (readonly Field[])[],
  kind: ReportKind,
): Promise<Layout<Field>> {
  const top: RawRow[] = [];
  for await (const row of source.rows()) {
    top.push(row);
    if (top.length >= HEADER_SEARCH_ROWS) break;
  }
  return layoutOf(source, top, aliases, required, kind);
}

/** The layout the top rows show, or the PIC's message of what is missing. */
function layoutOf<Field extends string>(
  source: ReportSource,
  top: readonly RawRow[],
  aliases: ColumnAliases<Field>,
  required: readonly (readonly Field[])[],
  kind: ReportKind,
): Layout<Field> {
  const found = locateLayout(top, aliases, required);
  if (found.ok) return found.layout;
  const missing = found.missing.map((field) => `"${aliases[field][0]}"`).join(', ');
  const seen = found.seenHeaders.length > 0 ? ` Judul kolom yang ada: ${headerList(found.seenHeaders)}.` : '';
  throw new ReportFileError(
    'no_header',
    source.fileName,
    `no ${kind.toUpperCase()} header row in the first ${HEADER_SEARCH_ROWS} rows: missing ${missing}`,
    `Kolom wajib untuk laporan ${kind.toUpperCase()} tidak ada: ${missing}.${seen}`,
  );
}

/** The headers a file has, as a message lists them: the first 30, each cut to 40 characters. */
function headerList(headers: readonly string[]): string {
  const shown = headers
    .slice(0, 30)
    .map((header) => (header.length > 40 ? `${header.slice(0, 40)}…` : header));
  return headers.length > 30 ? `${shown.join(', ')} (dan ${headers.length - 30} lagi)` : shown.join(', ');
}

function isBlank(row: RawRow): boolean {
  return row.cells.every((cell) => cellText(cell) === '');
}

/** A CSV row with values beyond the header's last column was split wrongly (a stray separator or quote). */
export function overflowIssue<Field extends string>(row: RawRow, layout: Layout<Field>): RowIssue | null {
  const width = layout.headers.length;
  const extra = row.cells.slice(width).filter((cell) => cellText(cell) !== '');
  if (extra.length === 0) return null;
  return {
    row: row.row,
    value: extra
      .slice(0, 10)
      .map((cell) => cellText(cell))
      .join(' | '),
    code: 'row_malformed',
    severity: 'error',
  };
}

export async function* dataRows<Field extends string>(
  source: ReportSource,
  layout: Layout<Field>,
): AsyncGenerator<RawRow> {
  for await (const row of source.rows()) {
    if (row.row <= layout.headerRow || isBlank(row)) continue;
    yield row;
  }
}

interface ParsedRecord<R> {
  record: R | null;
  issues: readonly RowIssue[];
}

/**
 * {@link findLayout} and {@link censusPass} in one read of the file: the header is looked
 * for in its first rows, then the same read goes on with the census (an XLSX file is not
 * opened, its strings not loaded, once more for the header). `note` may return a promise:
 * the pass waits for it. With `tally`, the rows' issues are tallied as {@link recordsToApply}
 * does, for a run that needs no second pass.
 */
export async function checkPass<Field extends string, R>(
  source: ReportSource,
  header: { aliases: ColumnAliases<Field>; required: readonly (readonly Field[])[]; kind: ReportKind },
  parse: (layout: Layout<Field>) => (row: RawRow) => ParsedRecord<R>,
  note: (record: R) => void | Promise<void>,
  options: { onProgress?: (progress: ImportProgress) => void; tally?: RowTally } = {},
): Promise<{ layout: Layout<Field>; total: number }> {
  const { onProgress, tally } = options;
  const top: RawRow[] = [];
  let layout: Layout<Field> | null = null;
  let parseRow: ((row: RawRow) => ParsedRecord<R>) | null = null;
  let total = 0;
  const take = async (row: RawRow, found: Layout<Field>, parsing: (row: RawRow) => ParsedRecord<R>) => {
    if (row.row <= found.headerRow || isBlank(row)) return;
    total += 1;
    const { record, issues } = parsing(row);
    const overflow = overflowIssue(row, found);
    if (tally) {
      tally.counts.rows += 1;
      tally.add(overflow ? [overflow, ...issues] : issues);
    }
    if (record && !overflow) {
      const noted = note(record);
      if (noted) await noted;
    }
    if (total % 5000 === 0) onProgress?.({ phase: 'checking', rows: total });
  };
  for await (const row of source.rows()) {
    if (layout && parseRow) {
      await take(row, layout, parseRow);
      continue;
    }
    top.push(row);
    if (top.length < HEADER_SEARCH_ROWS) continue;
    layout = layoutOf(source, top, header.aliases, header.required, header.kind);
    parseRow = parse(layout);
    for (const early of top) await take(early, layout, parseRow);
  }
  if (!layout || !parseRow) {
    layout = layoutOf(source, top, header.aliases, header.required, header.kind);
    parseRow = parse(layout);
    for (const early of top) await take(early, layout, parseRow);
  }
  onProgress?.({ phase: 'checking', rows: total, total });
  return { layout, total };
}

/**
 * The first pass over a report: every parsable row noted in the whole-file
 * census, with progress. Returns the number of data rows.
 */
export async function censusPass<Field extends string, R>(
  source: ReportSource,
  layout: Layout<Field>,
  parse: (row: RawRow) => ParsedRecord<R>,
  note: (record: R) => void,
  onProgress?: (progress: ImportProgress) => void,
): Promise<number> {
  let total = 0;
  for await (const row of dataRows(source, layout)) {
    total += 1;
    const { record } = parse(row);
    if (record && !overflowIssue(row, layout)) note(record);
    if (total % 5000 === 0) onProgress?.({ phase: 'checking', rows: total });
  }
  onProgress?.({ phase: 'checking', rows: total, total });
  return total;
}

/**
 * The second pass: each row parsed and tallied, what the census settles (a
 * conflict: its issue; a repeat: counted unchanged) skipped with `onSkipped`,
 * the records to apply yielded in file order.
 */
export async function* recordsToApply<Field extends string, R>(
  source: ReportSource,
  layout: Layout<Field>,
  tally: RowTally,
  parse: (row: RawRow) => ParsedRecord<R>,
  settle: (record: R) => RowIssue | 'duplicate' | null,
  onSkipped: () => void,
): AsyncGenerator<R> {
  for await (const row of dataRows(source, layout)) {
    tally.counts.rows += 1;
    const overflow = overflowIssue(row, layout);
    const parsed = parse(row);
    tally.add(overflow ? [overflow, ...parsed.issues] : parsed.issues);
    const record = overflow ? null : parsed.record;
    const settled = record ? settle(record) : null;
    if (!record || settled) {
      if (settled === 'duplicate') tally.counts.unchanged += 1;
      else if (settled) tally.add([settled]);
      onSkipped();
      continue;
    }
    yield record;
  }
}

/**
 * The one chunk loop of every import: records gathered into chunks of `size`
 * and applied in order, one chunk in flight while the next is read, so parsing
 * overlaps Odoo's work; a chunk is applied only once the previous one is done
 * (its reads see what that chunk created).
 */
export async function applyInChunks<R>(
  records: AsyncIterable<R> | Iterable<R>,
  size: number,
  apply: (chunk: R[]) => Promise<void>,
): Promise<void> {
  let pending: R[] = [];
  let applying: Promise<void> = Promise.resolve();
  for await (const record of records) {
    pending.push(record);
    if (pending.length >= size) {
      const chunk = pending;
      pending = [];
      await applying;
      applying = apply(chunk);
      // Awaited before the next chunk or at the end; until then a failure must not count as unhandled.
      applying.catch(() => undefined);
    }
  }
  await applying;
  if (pending.length > 0) await apply(pending);
}

/** Issues and counts of a run; a row with an error is quarantined, one with only warnings is applied. */
export class RowTally {
  readonly counts = emptyCounts();
  readonly issues: RowIssue[] = [];
  private readonly quarantinedRows = new Set<number>();
  private readonly warnedRows = new Set<number>();

  /** Issues past {@link MAX_LISTED_ISSUES}: counted, not kept. */
  notListed = 0;

  add(issues: readonly RowIssue[]): void {
    for (const issue of issues) {
      if (this.issues.length < MAX_LISTED_ISSUES) this.issues.push(clippedIssue(issue));
      else this.notListed += 1;
      if (isError(issue)) this.quarantinedRows.add(issue.row);
      else this.warnedRows.add(issue.row);
    }
  }

  isQuarantined(row: number): boolean {
    return this.quarantinedRows.has(row);
  }

  finish(): ImportCounts {
    this.counts.quarantined = this.quarantinedRows.size;
    let warned = 0;
    for (const row of this.warnedRows) if (!this.quarantinedRows.has(row)) warned += 1;
    this.counts.warned = warned;
    return this.counts;
  }
}

export function summaryOf(
  request: { source: ReportSource; kind: ReportKind; dryRun: boolean },
  headerRow: number,
  tally: RowTally,
  unknownDealerCodes: Record<string, number>,
): ImportSummary {
  const { source } = request;
  return {
    kind: request.kind,
    fileName: source.fileName,
    format: source.format,
    ...(source.encoding ? { encoding: source.encoding } : {}),
    headerRow,
    dryRun: request.dryRun,
    counts: tally.finish(),
    issues: tally.issues,
    ...(tally.notListed > 0 ? { issuesNotListed: tally.notListed } : {}),
    unknownDealerCodes,
  };
}

export function refusedIssue(row: number, written: Written, what: string): RowIssue {
  return { row, code: 'odoo_refused', severity: 'error', detail: `${what}: ${written.error ?? ''}` };
}

/** Two calls at once; the first failure is thrown once both have settled (none left unhandled). */
export async function both<A, B>(first: Promise<A>, second: Promise<B>): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled([first, second]);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}

function splitActions(actions: readonly RecordAction[]) {
  const creates: Array<{ key: string; values: Extract<RecordAction, { action: 'create' }>['values'] }> = [];
  const updates: Array<{
    key: string;
    id: number;
    values: Extract<RecordAction, { action: 'update' }>['values'];
  }> = [];
  for (const action of actions) {
    if (action.action === 'create') creates.push({ key: action.key, values: action.values });
    else if (action.action === 'update')
      updates.push({ key: action.key, id: action.id, values: action.values });
  }
  return { creates, updates };
}

export async function writeActions(
  store: KeyedRecords,
  actions: readonly RecordAction[],
  dryRun: boolean,
): Promise<{ written: Map<string, Written>; created: number; updated: number }> {
  const { creates, updates } = splitActions(actions);
  const written = new Map<string, Written>();
  if (dryRun) return { written, created: creates.length, updated: updates.length };
  const [created, updated] = await both(store.create(creates), store.update(updates));
  for (const item of [...created, ...updated]) written.set(item.key, item);
  const count = (items: Written[]) => items.filter((item) => !item.error).length;
  return { written, created: count(created), updated: count(updated) };
}
