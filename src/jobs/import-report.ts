import type { UnkeyedOwner, Written } from '../connectors/odoo/unit-store.js';
import type { ReportSource } from '../connectors/reports/open-report.js';
import type { RawRow } from '../connectors/reports/raw-row.js';
import { ReportFileError } from '../connectors/reports/report-errors.js';
import { A2_REQUIRED, A2Aggregate, type A2Field, parseA2Row } from '../rules/import/a2.js';
import type { ImportCounts } from '../rules/import/batch-message.js';
import {
  CDB_REQUIRED,
  CdbCensus,
  type CdbField,
  type CdbRecord,
  conflictIssue,
  parseCdbRow,
} from '../rules/import/cdb.js';
import { isError, type RowIssue } from '../rules/import/issues.js';
import {
  type ColumnAliases,
  columnLabel,
  HEADER_SEARCH_ROWS,
  type Layout,
  locateLayout,
} from '../rules/import/layout.js';
import { cellText } from '../rules/import/normalize.js';
import {
  adoptUnkeyedOwners,
  type OwnerPlan,
  planA2Units,
  planCdbUnits,
  planOwners,
  unitsWithoutBranch,
} from '../rules/import/plan.js';
import type { CurrentRecord, PlainValue, RecordAction } from '../rules/record-plan.js';
import { defaultBranchOf } from './default-branch.js';

/** The portal's reports. */
export type PortalKind = 'cdb' | 'a2';
/** Every kind of file `import` takes: the portal's reports and paper WOR (Pra WO) batches. */
export type ReportKind = PortalKind | 'wor';

export interface ImportProgress {
  phase: 'checking' | 'applying';
  rows: number;
  /** Known once the first pass has counted the rows. */
  total?: number;
}

export interface ImportRequest {
  source: ReportSource;
  kind: PortalKind;
  /** The dealer's date: later purchase or KPB dates are impossible. */
  today: string;
  dryRun: boolean;
  chunkSize: number;
  cdbColumns: ColumnAliases<CdbField>;
  a2Columns: ColumnAliases<A2Field>;
  /** CDB: dealer code of the branch for units whose code is empty or names no branch (`import.defaultBranch`). */
  defaultBranch?: string;
  onProgress?: (progress: ImportProgress) => void;
}

/** Records kept by a stable key; `UnitStore` and `OwnerStore` over Odoo, or memory in tests. */
export interface KeyedRecords {
  readByKeys(keys: readonly string[]): Promise<Map<string, CurrentRecord>>;
  create(rows: ReadonlyArray<{ key: string; values: Record<string, PlainValue> }>): Promise<Written[]>;
  update(
    rows: ReadonlyArray<{ key: string; id: number; values: Record<string, PlainValue> }>,
  ): Promise<Written[]>;
}

export interface ImportStores {
  units: KeyedRecords & { branchesByDealerCode(): Promise<Map<string, number>> };
  owners: KeyedRecords & {
    /** Partners without the bridge's key holding any of these E.164 numbers (any phone field). */
    readUnkeyedByPhones(e164s: readonly string[]): Promise<UnkeyedOwner[]>;
  };
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
  issues: RowIssue[];
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
  const found = locateLayout(top, aliases, required);
  if (found.ok) return found.layout;
  const missing = found.missing.map((field) => `"${aliases[field][0]}"`).join(', ');
  const seen = found.seenHeaders.length > 0 ? ` Judul kolom yang ada: ${found.seenHeaders.join(', ')}.` : '';
  throw new ReportFileError(
    'no_header',
    source.fileName,
    `no ${kind.toUpperCase()} header row in the first ${HEADER_SEARCH_ROWS} rows: missing ${missing}`,
    `Kolom wajib untuk laporan ${kind.toUpperCase()} tidak ada: ${missing}.${seen}`,
  );
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
    value: extra.map((cell) => cellText(cell)).join(' | '),
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
 * Imports one portal report into Odoo: read → check (whole file) → plan per
 * chunk against Odoo → apply → report. Nothing is written before the whole
 * file has been read once, so a truncated or garbled file leaves Odoo as it
 * was; every write is keyed (engine number, owner key), so a killed run is
 * completed by running it again.
 */
export async function importReport(stores: ImportStores, request: ImportRequest): Promise<ImportSummary> {
  return request.kind === 'cdb' ? importCdb(stores, request) : importA2(stores, request);
}

/** Issues and counts of a run; a row with an error is quarantined, one with only warnings is applied. */
export class RowTally {
  readonly counts = emptyCounts();
  readonly issues: RowIssue[] = [];
  private readonly quarantinedRows = new Set<number>();
  private readonly warnedRows = new Set<number>();

  add(issues: readonly RowIssue[]): void {
    for (const issue of issues) {
      this.issues.push(issue);
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
    unknownDealerCodes,
  };
}

export function refusedIssue(row: number, written: Written, what: string): RowIssue {
  return { row, code: 'odoo_refused', severity: 'error', detail: `${what}: ${written.error ?? ''}` };
}

async function importCdb(stores: ImportStores, request: ImportRequest): Promise<ImportSummary> {
  const { source } = request;
  const layout = await findLayout(source, request.cdbColumns, CDB_REQUIRED, 'cdb');
  const census = new CdbCensus();
  const parse = (row: RawRow) => parseCdbRow(row.row, row.cells, layout, request.today);
  const total = await censusPass(source, layout, parse, (record) => census.note(record), request.onProgress);

  const tally = new RowTally();
  const branches = total === 0 ? new Map<string, number>() : await stores.units.branchesByDealerCode();
  // A default branch no branch carries is refused before anything is written.
  const defaultBranchId = total === 0 ? null : defaultBranchOf(request.defaultBranch, branches);
  const unknownDealerCodes: Record<string, number> = {};
  const engineColumn = columnLabel(layout, 'engineNumber');
  let pending: CdbRecord[] = [];
  let applying: Promise<void> = Promise.resolve();
  let done = 0;
  // A dry run writes nothing, so owners it would create are remembered here for the next chunks.
  const plannedOwners = new Map<string, CurrentRecord>();
  const flush = async (records: CdbRecord[]) => {
    const placement = { branches, defaultBranchId, unknownDealerCodes };
    await applyCdbChunk(stores, records, census, placement, tally, request.dryRun, plannedOwners);
    done += records.length;
    request.onProgress?.({ phase: 'applying', rows: done, total });
  };
  const settle = (record: CdbRecord) => {
    const decision = census.decide(record);
    if (decision.action === 'conflict') return conflictIssue(record, decision.rows, engineColumn);
    return decision.action === 'duplicate' ? 'duplicate' : null;
  };
  const skipped = () => {
    done += 1;
  };
  for await (const record of recordsToApply(source, layout, tally, parse, settle, skipped)) {
    pending.push(record);
    if (pending.length >= request.chunkSize) {
      const records = pending;
      pending = [];
      // One chunk in flight while the next is read: parsing overlaps Odoo's work,
      // and a chunk's owners are read only after the previous chunk created its own.
      await applying;
      applying = flush(records);
      // Awaited before the next chunk or at the end; until then a failure must not count as unhandled.
      applying.catch(() => undefined);
    }
  }
  await applying;
  if (pending.length > 0) await flush(pending);
  return summaryOf(request, layout.headerRow, tally, unknownDealerCodes);
}

/** Two calls at once; the first failure is thrown once both have settled (none left unhandled). */
async function both<A, B>(first: Promise<A>, second: Promise<B>): Promise<[A, B]> {
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

interface BranchPlacement {
  branches: ReadonlyMap<string, number>;
  defaultBranchId: number | null;
  /** Filled in: units left without a branch, by dealer code. */
  unknownDealerCodes: Record<string, number>;
}

async function applyCdbChunk(
  stores: ImportStores,
  records: readonly CdbRecord[],
  census: CdbCensus,
  placement: BranchPlacement,
  tally: RowTally,
  dryRun: boolean,
  plannedOwners: Map<string, CurrentRecord>,
): Promise<void> {
  const ownerKeys = [...new Set(records.flatMap((record) => (record.owner ? [record.owner.key] : [])))];
  const [units, owners] = await both(
    stores.units.readByKeys(records.map((record) => record.unit.engineNumber)),
    stores.owners.readByKeys(ownerKeys),
  );
  for (const key of ownerKeys) {
    const planned = plannedOwners.get(key);
    if (planned && !owners.has(key)) owners.set(key, planned);
  }
  await adoptKnownPartners(stores, records, owners, dryRun);
  const ownerPlans = planOwners(records, owners, (record) => census.ownsOwnerData(record));
  if (dryRun) {
    for (const { action } of ownerPlans) {
      if (action.action === 'create') plannedOwners.set(action.key, { id: 0, values: action.values });
    }
  }
  const ownerResult = await writeActions(
    stores.owners,
    ownerPlans.map((plan) => plan.action),
    dryRun,
  );
  tally.counts.ownersCreated += ownerResult.created;
  tally.counts.ownersUpdated += ownerResult.updated;
  const ownerIds = new Map<string, number>();
  for (const [key, current] of owners) ownerIds.set(key, current.id);
  for (const [key, item] of ownerResult.written) if (item.id !== undefined) ownerIds.set(key, item.id);

  const changedBy = new Map<number, OwnerPlan>();
  for (const plan of ownerPlans) {
    const failed = ownerResult.written.get(plan.action.key)?.error;
    if (plan.action.action !== 'unchanged' && !failed) changedBy.set(plan.sourceRow, plan);
  }
  const ownerRefusals = new Map<string, Written>();
  for (const [key, item] of ownerResult.written) if (item.error) ownerRefusals.set(key, item);

  const unitActions = planCdbUnits(records, ownerIds, units, placement.branches, placement.defaultBranchId);
  const unitResult = await writeActions(stores.units, unitActions, dryRun);
  tally.counts.unitsCreated += unitResult.created;
  tally.counts.unitsUpdated += unitResult.updated;
  const reached = (engine: string) => !unitResult.written.get(engine)?.error;
  for (const [code, count] of unitsWithoutBranch(records, unitActions, units, reached))
    placement.unknownDealerCodes[code] = (placement.unknownDealerCodes[code] ?? 0) + count;

  records.forEach((record, index) => {
    const action = unitActions[index];
    const refusedUnit = unitResult.written.get(record.unit.engineNumber);
    if (refusedUnit?.error) {
      tally.add([refusedIssue(record.row, refusedUnit, 'unit')]);
      return;
    }
    const refusedOwner = record.owner ? ownerRefusals.get(record.owner.key) : undefined;
    if (refusedOwner)
      tally.add([{ ...refusedIssue(record.row, refusedOwner, 'pemilik'), severity: 'warning' }]);
    const changed = (action && action.action !== 'unchanged') || changedBy.has(record.row);
    if (changed) tally.counts.applied += 1;
    else tally.counts.unchanged += 1;
  });
}

/**
 * Owners not found by key may be partners Odoo already had (typed by hand, with
 * the HP in `mobile` on 17/18): adopt the certain ones by writing the bridge's
 * key on them (keyed: a re-run finds them by key), so the import updates them
 * instead of creating a twin.
 */
async function adoptKnownPartners(
  stores: ImportStores,
  records: readonly CdbRecord[],
  owners: Map<string, CurrentRecord>,
  dryRun: boolean,
): Promise<void> {
  const missing = new Map<string, { key: string; phone: string | null; name: string }>();
  for (const record of records) {
    const owner = record.owner;
    if (owner?.phone && !owners.has(owner.key) && !missing.has(owner.key))
      missing.set(owner.key, { key: owner.key, phone: owner.phone, name: owner.name });
  }
  if (missing.size === 0) return;
  const candidates = await stores.owners.readUnkeyedByPhones([
    ...new Set([...missing.values()].flatMap((owner) => (owner.phone ? [owner.phone] : []))),
  ]);
  const adopted = adoptUnkeyedOwners([...missing.values()], candidates);
  if (adopted.size === 0) return;
  const byId = new Map(candidates.map((candidate) => [candidate.id, candidate]));
  const rows = [...adopted].map(([key, id]) => ({ key, id, values: { key } }));
  // A key Odoo refused to write is left out: the owner is then created as before.
  const written: Written[] = dryRun
    ? rows.map(({ key, id }) => ({ key, id }))
    : await stores.owners.update(rows);
  for (const item of written) {
    const candidate = item.error || item.id === undefined ? undefined : byId.get(item.id);
    if (candidate) owners.set(item.key, { id: candidate.id, values: { ...candidate.values, key: item.key } });
  }
}

function* chunksOf<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let part: T[] = [];
  for (const item of items) {
    part.push(item);
    if (part.length === size) {
      yield part;
      part = [];
    }
  }
  if (part.length > 0) yield part;
}

async function importA2(stores: ImportStores, request: ImportRequest): Promise<ImportSummary> {
  const { source } = request;
  const layout = await findLayout(source, request.a2Columns, A2_REQUIRED, 'a2');
  const aggregate = new A2Aggregate();
  const tally = new RowTally();
  for await (const row of dataRows(source, layout)) {
    tally.counts.rows += 1;
    const overflow = overflowIssue(row, layout);
    const parsed = parseA2Row(row.row, row.cells, layout, request.today);
    tally.add(overflow ? [overflow, ...parsed.issues] : parsed.issues);
    if (parsed.record && !overflow) aggregate.add(parsed.record);
    if (tally.counts.rows % 5000 === 0) request.onProgress?.({ phase: 'checking', rows: tally.counts.rows });
  }
  const total = tally.counts.rows;
  request.onProgress?.({ phase: 'checking', rows: total, total });
  let done = 0;
  for (const part of chunksOf(aggregate.units(), request.chunkSize)) {
    const current = await stores.units.readByKeys(part.map((unit) => unit.engineNumber));
    const plan = planA2Units(part, current);
    tally.add(plan.issues);
    const result = await writeActions(stores.units, plan.actions, request.dryRun);
    tally.counts.unitsUpdated += result.updated;
    for (const action of plan.actions) {
      const rows = plan.rowsByEngine.get(action.key) ?? [];
      const refused = result.written.get(action.key);
      if (refused?.error) {
        tally.add(rows.map((row) => refusedIssue(row, refused, 'unit')));
        continue;
      }
      for (const row of rows) {
        if (tally.isQuarantined(row)) continue;
        if (action.action === 'unchanged') tally.counts.unchanged += 1;
        else tally.counts.applied += 1;
      }
    }
    done += part.reduce((sum, unit) => sum + unit.rows.length, 0);
    request.onProgress?.({ phase: 'applying', rows: done, total });
  }
  return summaryOf(request, layout.headerRow, tally, {});
}
