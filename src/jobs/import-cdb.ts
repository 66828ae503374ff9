import type { UnkeyedOwner, Written } from '../connectors/odoo/unit-store.js';
import type { RawRow } from '../connectors/reports/raw-row.js';
import {
  CDB_REQUIRED,
  CdbCensus,
  type CdbField,
  type CdbRecord,
  conflictIssue,
  parseCdbRow,
} from '../rules/import/cdb.js';
import { type ColumnAliases, columnLabel } from '../rules/import/layout.js';
import {
  adoptUnkeyedOwners,
  type OwnerPlan,
  planCdbUnits,
  planOwners,
  unitsWithoutBranch,
} from '../rules/import/plan.js';
import type { CurrentRecord } from '../rules/record-plan.js';
import { defaultBranchOf } from './default-branch.js';
import {
  applyInChunks,
  both,
  censusPass,
  findLayout,
  type ImportSummary,
  type KeyedRecords,
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
  units: KeyedRecords & { branchesByDealerCode(): Promise<Map<string, number>> };
  owners: KeyedRecords & {
    /** Partners without the bridge's key holding any of these E.164 numbers (any phone field). */
    readUnkeyedByPhones(e164s: readonly string[]): Promise<UnkeyedOwner[]>;
  };
}

export interface CdbImportRequest extends PipelineRequest {
  columns: ColumnAliases<CdbField>;
  /** Dealer code of the branch for units whose code is empty or names no branch (`import.defaultBranch`). */
  defaultBranch?: string;
}

export async function importCdb(stores: ImportStores, request: CdbImportRequest): Promise<ImportSummary> {
  const { source } = request;
  const layout = await findLayout(source, request.columns, CDB_REQUIRED, 'cdb');
  const census = new CdbCensus();
  const parse = (row: RawRow) => parseCdbRow(row.row, row.cells, layout, request.today);
  const total = await censusPass(source, layout, parse, (record) => census.note(record), request.onProgress);

  const tally = new RowTally();
  const branches = total === 0 ? new Map<string, number>() : await stores.units.branchesByDealerCode();
  // A default branch no branch carries is refused before anything is written.
  const defaultBranchId = total === 0 ? null : defaultBranchOf(request.defaultBranch, branches);
  const unknownDealerCodes: Record<string, number> = {};
  const engineColumn = columnLabel(layout, 'engineNumber');
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
  // A chunk's owners are read only after the previous chunk created its own (applyInChunks).
  await applyInChunks(
    recordsToApply(source, layout, tally, parse, settle, skipped),
    request.chunkSize,
    flush,
  );
  return summaryOf({ ...request, kind: 'cdb' }, layout.headerRow, tally, unknownDealerCodes);
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
