import { hash } from 'node:crypto';
import type { UnitStamp, UnkeyedOwner, Written } from '../connectors/odoo/unit-store.js';
import type { RawRow } from '../connectors/reports/raw-row.js';
import {
  CDB_REQUIRED,
  CdbCensus,
  type CdbField,
  type CdbRecord,
  conflictIssue,
  conflictIssueAt,
  parseCdbRow,
} from '../rules/import/cdb.js';
import { type ColumnAliases, columnLabel, type Layout } from '../rules/import/layout.js';
import {
  adoptUnkeyedOwners,
  cdbOwnerFingerprintText,
  cdbUnitFingerprintText,
  type OwnerPlan,
  planCdbUnits,
  planOwners,
  unitsWithoutBranch,
  type Values,
} from '../rules/import/plan.js';
import type { CurrentRecord, RecordAction } from '../rules/record-plan.js';
import { defaultBranchOf } from './default-branch.js';
import {
  applyInChunks,
  both,
  checkPass,
  type ImportSummary,
  type KeyedRecords,
  PhaseClock,
  type PipelineRequest,
  RowTally,
  recordsToApply,
  refusedIssue,
  summaryOf,
  writeActions,
} from './import-pipeline.js';

/**
 * The CDB (customer database) report: units and their owners. The census
 * settles repeated and conflicting engine numbers over the whole file; each
 * chunk reads its units and owners by key, adopts partners Odoo had before the
 * bridge, then writes owners before units (a unit links its owner's id).
 */

/** Units and owners kept by their stable keys; `UnitStore` and `OwnerStore` over Odoo, or memory in tests. */
export interface ImportStores {
  units: KeyedRecords & {
    branchesByDealerCode(): Promise<Map<string, number>>;
    /** The stamps of the units behind these engine numbers (see `UnitStamp`). */
    readStamps(keys: readonly string[]): Promise<Map<string, UnitStamp>>;
  };
  owners: KeyedRecords & {
    /** Partners without the bridge's key holding any of these E.164 numbers (any phone field). */
    readUnkeyedByPhones(e164s: readonly string[]): Promise<UnkeyedOwner[]>;
  };
}

export interface CdbImportRequest extends PipelineRequest {
  columns: ColumnAliases<CdbField>;
  /** Dealer code of the branch for units whose code is empty or names no branch (`import.defaultBranch`). */
  defaultBranch?: string;
  /** Records the check may keep to spare a second read of the file (default {@link KEEP_ROWS}). */
  keepRows?: number;
}

export async function importCdb(stores: ImportStores, request: CdbImportRequest): Promise<ImportSummary> {
  const { source } = request;
  const phases = request.phases ?? new PhaseClock();
  const census = new CdbCensus();
  const parserFor = (layout: Layout<CdbField>) => (row: RawRow) =>
    parseCdbRow(row.row, row.cells, layout, request.today);
  let settings: Promise<Settings> | undefined;
  const settingsOf = () => {
    settings ??= readSettings(stores, request);
    return settings;
  };
  // The units' stamps are read while the file is checked: reads only, nothing is written before its end.
  const probe = new StampProbe(stores.units, census, settingsOf, phases, request.keepRows ?? KEEP_ROWS);
  const checkTally = new RowTally();
  const { layout, total } = await phases.time('check', async () => {
    const checked = await checkPass(
      source,
      { aliases: request.columns, required: CDB_REQUIRED, kind: 'cdb' },
      parserFor,
      (record) => {
        census.note(record);
        return probe.note(record);
      },
      { ...(request.onProgress ? { onProgress: request.onProgress } : {}), tally: checkTally },
    );
    await probe.finish();
    return checked;
  });

  const { branches, defaultBranchId, printSettings } =
    total === 0
      ? { branches: new Map<string, number>(), defaultBranchId: null, printSettings: '' }
      : await settingsOf();
  const engineColumn = columnLabel(layout, 'engineNumber');
  const chunk: ChunkContext = {
    census,
    probe,
    placement: { branches, defaultBranchId, unknownDealerCodes: {} },
    printSettings,
    dryRun: request.dryRun,
    // A dry run writes nothing, so owners it would create are remembered here for the next chunks.
    plannedOwners: new Map(),
    phases,
  };
  let done = 0;
  const summary = (tally: RowTally) =>
    summaryOf({ ...request, kind: 'cdb' }, layout.headerRow, tally, chunk.placement.unknownDealerCodes);

  // Few rows left to write, all of them kept by the check: no second read of the file.
  const settled = probe.settled();
  if (settled) {
    const tally = checkTally;
    const pending = settleFromCheck(census, settled, tally, chunk.placement, engineColumn);
    await phases.time('apply', () =>
      applyInChunks(pending, request.chunkSize, (records) => applyCdbChunk(stores, records, chunk, tally)),
    );
    // As the second read would list them: by row, each row's own issues first.
    tally.issues.sort((a, b) => a.row - b.row);
    request.onProgress?.({ phase: 'applying', rows: total, total });
    return summary(tally);
  }

  const tally = new RowTally();
  const parse = parserFor(layout);
  const flush = async (records: CdbRecord[]) => {
    await applyCdbChunk(stores, records, chunk, tally);
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
  // A chunk's owners are read only after the previous chunk created its own (applyInChunks).
  await phases.time('apply', () =>
    applyInChunks(recordsToApply(source, layout, tally, parse, settle, skipped), request.chunkSize, flush),
  );
  return summary(tally);
}

/**
 * What the second read of the file would do, from the check alone: the conflicts' issues,
 * repeats and rows Odoo holds counted unchanged (units without a branch by dealer code),
 * and the records left to apply, in file order.
 */
function settleFromCheck(
  census: CdbCensus,
  settled: SettledCheck,
  tally: RowTally,
  placement: BranchPlacement,
  engineColumn: string | undefined,
): CdbRecord[] {
  const pending: CdbRecord[] = [];
  for (const unit of census.units()) {
    const [first] = unit.rows;
    if (first === undefined) continue;
    if (unit.conflict) {
      tally.add(unit.rows.map((row) => conflictIssueAt(row, unit.key, unit.rows, engineColumn)));
      continue;
    }
    tally.counts.unchanged += unit.rows.length - 1;
    const kept = settled.kept.get(unit.position);
    if (kept) {
      if (settled.isCurrent(kept, census.ownsOwnerData(kept))) {
        tally.counts.unchanged += 1;
        if (!settled.hasBranch(kept)) holdWithoutBranch(placement, kept.unit.dealerCode);
      } else pending.push(kept);
      continue;
    }
    // Not kept: the check found its stamp current for any owner of the data.
    tally.counts.unchanged += 1;
    const code = settled.heldCode(unit.position);
    if (code !== undefined) holdWithoutBranch(placement, code);
  }
  return pending;
}

/** What a row's values depend on besides the row: the branches, the default branch, and all of it as a digest. */
interface Settings {
  branches: ReadonlyMap<string, number>;
  defaultBranchId: number | null;
  /** In every fingerprint: another default branch makes every unit compared again. */
  printSettings: string;
}

async function readSettings(stores: ImportStores, request: CdbImportRequest): Promise<Settings> {
  const branches = await stores.units.branchesByDealerCode();
  // A default branch no branch carries is refused before anything is written.
  const defaultBranchId = defaultBranchOf(request.defaultBranch, branches);
  return { branches, defaultBranchId, printSettings: String(defaultBranchId ?? '') };
}

interface BranchPlacement {
  branches: ReadonlyMap<string, number>;
  defaultBranchId: number | null;
  /** Filled in: units left without a branch, by dealer code. */
  unknownDealerCodes: Record<string, number>;
}

/** What every chunk of a run shares. */
interface ChunkContext {
  census: CdbCensus;
  probe: StampProbe;
  placement: BranchPlacement;
  printSettings: string;
  dryRun: boolean;
  plannedOwners: Map<string, CurrentRecord>;
  phases: PhaseClock;
}

/** A fingerprint: 128 bits of SHA-256, as text for a char field. */
function digest(text: string): string {
  return hash('sha256', text, 'base64url').slice(0, 22);
}

/** The row's unit fingerprint with the unit linked to `partnerId` (see cdbUnitFingerprintText). */
function unitPrint(unitText: string, partnerId: number | null): string {
  return digest(`${unitText}\u0001${partnerId ?? ''}`);
}

function ownerPrint(record: CdbRecord, printSettings: string): string | null {
  return record.owner ? digest(cdbOwnerFingerprintText(record.owner, printSettings)) : null;
}

/** What the probe keeps of a unit's stamp, in a byte by the census position of its engine number. */
const UNIT_MATCHES = 1;
const OWNER_MATCHES = 2;
const NO_BRANCH = 4;
const NO_PARTNER = 8;

/** Rows read per stamp call: few calls for a whole CDB, a few MB of replies in memory at a time. */
const PROBE_ROWS = 5000;
/**
 * Records the check keeps for the rows its stamps do not settle (a fresh import: all of
 * them): beyond this many (some MB), the file is read a second time instead.
 */
const KEEP_ROWS = 20_000;

/** The check's view of the file once read: what the probe kept and knows by position. */
interface SettledCheck {
  kept: ReadonlyMap<number, CdbRecord>;
  isCurrent(record: CdbRecord, ownsOwnerData: boolean): boolean;
  hasBranch(record: CdbRecord): boolean;
  /** The dealer code of a settled unit without a branch, by position; undefined when it has one. */
  heldCode(position: number): string | undefined;
}

interface Probed {
  at: number;
  record: CdbRecord;
  /** Whether the row owns its owner's data so far: one that does not never will (see CdbCensus). */
  ownsSoFar: boolean;
}

/**
 * The units' stamps, read during the check in calls of {@link PROBE_ROWS} rows (one in
 * flight while the next rows are parsed) and kept as a byte per engine number: whether the
 * unit's fingerprint is the row's with the partner it links to now (Odoo empties it when
 * one of those fields changes; it is written only once that partner holds the row's owner
 * key), whether its owner fingerprint is the row's, whether it has a branch and an owner.
 * The records the stamps do not settle are kept, up to {@link KEEP_ROWS}: then the import
 * needs no second read of the file. Everything else is read fresh when a row is applied.
 */
class StampProbe implements SettledCheck {
  private batch: Probed[] = [];
  private flags = new Uint8Array(1024);
  /** 1 + the index in `codes` of the dealer code of a unit without a branch; 0 when it has one. */
  private held = new Uint16Array(1024);
  private readonly codes: string[] = [];
  private readonly codeIndex = new Map<string, number>();
  readonly kept = new Map<number, CdbRecord>();
  private overflowed = false;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly units: ImportStores['units'],
    private readonly census: CdbCensus,
    private readonly settings: () => Promise<Settings>,
    private readonly phases: PhaseClock,
    private readonly keepRows: number,
  ) {}

  note(record: CdbRecord): Promise<void> | undefined {
    const at = this.census.unitPosition(record.unit.engineNumber);
    if (at === undefined) return undefined;
    this.batch.push({ at, record, ownsSoFar: this.census.ownsOwnerData(record) });
    return this.batch.length >= PROBE_ROWS ? this.send() : undefined;
  }

  async finish(): Promise<void> {
    if (this.batch.length > 0) await this.send();
    await this.reading;
  }

  /** The check's view, unless it kept too many records to do without a second read. */
  settled(): SettledCheck | null {
    return this.overflowed ? null : this;
  }

  /** Whether Odoo already holds what the row asks for, by its unit's stamp alone. */
  isCurrent(record: CdbRecord, ownsOwnerData: boolean): boolean {
    return current(this.flagsOf(record), record.owner !== null, ownsOwnerData);
  }

  hasBranch(record: CdbRecord): boolean {
    return !(this.flagsOf(record) & NO_BRANCH);
  }

  heldCode(position: number): string | undefined {
    const index = this.held[position] ?? 0;
    return index === 0 ? undefined : this.codes[index - 1];
  }

  private flagsOf(record: CdbRecord): number {
    const at = this.census.unitPosition(record.unit.engineNumber);
    return at === undefined ? 0 : (this.flags[at] ?? 0);
  }

  private async send(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    await this.reading;
    const reading = this.phases.time('stamps', () => this.read(batch));
    // Awaited by the next send or by finish; until then a failure must not count as unhandled.
    reading.catch(() => undefined);
    this.reading = reading;
  }

  private async read(batch: readonly Probed[]): Promise<void> {
    const { branches, printSettings } = await this.settings();
    const stamps = await this.units.readStamps([
      ...new Set(batch.map((row) => row.record.unit.engineNumber)),
    ]);
    this.grow(batch.reduce((max, row) => Math.max(max, row.at), 0) + 1);
    for (const { at, record, ownsSoFar } of batch) {
      const stamp = stamps.get(record.unit.engineNumber);
      let flags = 0;
      if (stamp) {
        if (stamp.branch === null) flags |= NO_BRANCH;
        if (stamp.partnerId === null) flags |= NO_PARTNER;
        const text = cdbUnitFingerprintText(record, branches, printSettings);
        if (stamp.importHash !== null && stamp.importHash === unitPrint(text, stamp.partnerId)) {
          flags |= UNIT_MATCHES;
          const owner = ownsSoFar ? ownerPrint(record, printSettings) : null;
          if (owner !== null && stamp.ownerHash === owner) flags |= OWNER_MATCHES;
        }
      }
      this.flags[at] = flags;
      // Settled whoever ends up owning the owner's data: nothing to keep but a missing branch.
      if (current(flags, record.owner !== null, ownsSoFar)) {
        if (flags & NO_BRANCH) this.held[at] = this.codeOf(record.unit.dealerCode ?? '') + 1;
      } else this.keep(at, record);
    }
  }

  private keep(at: number, record: CdbRecord): void {
    if (this.overflowed || this.kept.has(at)) return;
    this.kept.set(at, record);
    if (this.kept.size > this.keepRows) {
      this.overflowed = true;
      this.kept.clear();
    }
  }

  private codeOf(code: string): number {
    let index = this.codeIndex.get(code);
    if (index === undefined) {
      index = this.codes.push(code) - 1;
      this.codeIndex.set(code, index);
    }
    return index;
  }

  private grow(length: number): void {
    if (length <= this.flags.length) return;
    const size = Math.max(this.flags.length * 2, length);
    const flags = new Uint8Array(size);
    flags.set(this.flags);
    this.flags = flags;
    const held = new Uint16Array(size);
    held.set(this.held);
    this.held = held;
  }
}

/**
 * Whether a stamp says Odoo holds the row: the unit's fingerprint is the row's, and, for a
 * row with an owner, the unit links to one and (when the row owns the owner's data) the
 * owner fingerprint is the row's too.
 */
function current(flags: number, hasOwner: boolean, ownsOwnerData: boolean): boolean {
  if (!(flags & UNIT_MATCHES)) return false;
  if (!hasOwner) return true;
  return !(flags & NO_PARTNER) && (!ownsOwnerData || (flags & OWNER_MATCHES) !== 0);
}

function holdWithoutBranch(placement: BranchPlacement, dealerCode: string | null): void {
  const code = dealerCode ?? '';
  placement.unknownDealerCodes[code] = (placement.unknownDealerCodes[code] ?? 0) + 1;
}

/**
 * One chunk: the rows whose unit's stamp (read during the check) says Odoo holds them
 * already are counted unchanged without a call; the others are read, compared and written
 * in full, their fingerprints written with their values.
 */
async function applyCdbChunk(
  stores: ImportStores,
  records: readonly CdbRecord[],
  chunk: ChunkContext,
  tally: RowTally,
): Promise<void> {
  const { census, probe, placement } = chunk;
  const pending: CdbRecord[] = [];
  for (const record of records) {
    if (probe.isCurrent(record, census.ownsOwnerData(record))) {
      tally.counts.unchanged += 1;
      if (!probe.hasBranch(record)) holdWithoutBranch(placement, record.unit.dealerCode);
    } else pending.push(record);
  }
  if (pending.length > 0) await applyInFull(stores, pending, chunk, tally);
}

/** The rows of a chunk that need Odoo's values: read, planned and written in full. */
async function applyInFull(
  stores: ImportStores,
  records: readonly CdbRecord[],
  chunk: ChunkContext,
  tally: RowTally,
): Promise<void> {
  const { census, placement, dryRun, plannedOwners, phases } = chunk;
  const ownerKeys = [...new Set(records.flatMap((record) => (record.owner ? [record.owner.key] : [])))];
  const [units, owners] = await phases.time('read', () =>
    both(
      stores.units.readByKeys(records.map((record) => record.unit.engineNumber)),
      stores.owners.readByKeys(ownerKeys),
    ),
  );
  for (const key of ownerKeys) {
    const planned = plannedOwners.get(key);
    if (planned && !owners.has(key)) owners.set(key, planned);
  }
  const adopted = await phases.time('adopt', () => adoptKnownPartners(stores, records, owners, dryRun));
  const ownerPlans = planOwners(records, owners, (record) => census.ownsOwnerData(record));
  if (dryRun) {
    for (const { action } of ownerPlans) {
      if (action.action === 'create') plannedOwners.set(action.key, { id: 0, values: action.values });
    }
  }
  const ownerResult = await phases.time('write', () =>
    writeActions(
      stores.owners,
      ownerPlans.map((plan) => plan.action),
      dryRun,
    ),
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
  // The fingerprints go with the values (a write without them empties them in Odoo); a unit
  // already as asked gets those it lacks alone. Both are written only where the unit now links
  // to the owner the row names (or the row names none); the owner's, where that owner also
  // holds the row's data.
  const fingerprintsToWrite = (record: CdbRecord, alone: boolean): Values => {
    const current = units.get(record.unit.engineNumber)?.values;
    const stored = alone ? current : undefined;
    const owner = record.owner;
    const ownerId = owner ? ownerIds.get(owner.key) : undefined;
    if (owner && (ownerId === undefined || current?.ownerConfirmed === true)) return {};
    const partnerId = owner
      ? (ownerId ?? null)
      : typeof current?.partnerId === 'number'
        ? current.partnerId
        : null;
    const values: Values = {};
    const unit = unitPrint(
      cdbUnitFingerprintText(record, placement.branches, chunk.printSettings),
      partnerId,
    );
    if (stored?.importHash !== unit) values.importHash = unit;
    if (!owner || !census.ownsOwnerData(record) || ownerRefusals.has(owner.key)) return values;
    const print = ownerPrint(record, chunk.printSettings);
    // An owner written in this chunk has had the fingerprints of its units emptied since they were read.
    const touched = ownerResult.written.has(owner.key) || adopted.has(owner.key);
    if (touched || stored?.ownerHash !== print) values.ownerHash = print;
    return values;
  };
  const unitResult = await phases.time('write', () =>
    writeUnits(stores.units, records, unitActions, fingerprintsToWrite, dryRun),
  );
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
 * The unit writes of a chunk: creates and updates with their fingerprints, and the
 * fingerprints alone of units already as asked. Counts creates and updates, not those.
 * A refused fingerprint alone is dropped (the unit is compared in full again next time).
 */
async function writeUnits(
  store: KeyedRecords,
  records: readonly CdbRecord[],
  actions: readonly RecordAction[],
  fingerprints: (record: CdbRecord, alone: boolean) => Values,
  dryRun: boolean,
): Promise<{ written: Map<string, Written>; created: number; updated: number }> {
  const creates: Array<{ key: string; values: Values }> = [];
  const updates: Array<{ key: string; id: number; values: Values }> = [];
  const stampOnly = new Set<string>();
  actions.forEach((action, index) => {
    const record = records[index];
    if (!record) return;
    const alone = action.action === 'unchanged';
    const extra = fingerprints(record, alone);
    if (action.action === 'create') creates.push({ key: action.key, values: { ...action.values, ...extra } });
    else if (action.action === 'update')
      updates.push({ key: action.key, id: action.id, values: { ...action.values, ...extra } });
    else if (Object.keys(extra).length > 0) {
      updates.push({ key: action.key, id: action.id, values: extra });
      stampOnly.add(action.key);
    }
  });
  const written = new Map<string, Written>();
  if (dryRun) return { written, created: creates.length, updated: updates.length - stampOnly.size };
  const [created, updated] = await both(store.create(creates), store.update(updates));
  let createdCount = 0;
  let updatedCount = 0;
  for (const item of created) {
    written.set(item.key, item);
    if (!item.error) createdCount += 1;
  }
  for (const item of updated) {
    if (stampOnly.has(item.key)) continue;
    written.set(item.key, item);
    if (!item.error) updatedCount += 1;
  }
  return { written, created: createdCount, updated: updatedCount };
}

/**
 * Owners not found by key may be partners Odoo already had (typed by hand, with
 * the HP in `mobile` on 17/18): adopt the certain ones by writing the bridge's
 * key on them (keyed: a re-run finds them by key), so the import updates them
 * instead of creating a twin. Returns the keys written.
 */
async function adoptKnownPartners(
  stores: ImportStores,
  records: readonly CdbRecord[],
  owners: Map<string, CurrentRecord>,
  dryRun: boolean,
): Promise<Set<string>> {
  const missing = new Map<string, { key: string; phone: string | null; name: string }>();
  for (const record of records) {
    const owner = record.owner;
    if (owner?.phone && !owners.has(owner.key) && !missing.has(owner.key))
      missing.set(owner.key, { key: owner.key, phone: owner.phone, name: owner.name });
  }
  if (missing.size === 0) return new Set();
  const candidates = await stores.owners.readUnkeyedByPhones([
    ...new Set([...missing.values()].flatMap((owner) => (owner.phone ? [owner.phone] : []))),
  ]);
  const adopted = adoptUnkeyedOwners([...missing.values()], candidates);
  if (adopted.size === 0) return new Set();
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
  return new Set(written.flatMap((item) => (item.error ? [] : [item.key])));
}
