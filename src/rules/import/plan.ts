import { indonesianDate } from '../indonesian-date.js';
import { type CurrentRecord, type PlainValue, planRecords, type RecordAction } from '../record-plan.js';
import { sameName } from '../wor/identity.js';
import type { A2Unit, KpbNumber } from './a2.js';
import type { CdbRecord, OwnerValues } from './cdb.js';
import { type RowIssue, rowList } from './issues.js';
import { normalizePhone } from './normalize.js';

/**
 * Report rows against what Odoo holds → the writes to make. Values use the
 * bridge's own field names (`engineNumber`, `partnerId`…); the Odoo connector maps
 * them. Missing report values never erase what Odoo has: an empty cell is left
 * out of the desired values rather than written as empty.
 */

export type Values = Record<string, PlainValue>;

function withoutEmpty(values: Readonly<Record<string, PlainValue | undefined>>): Values {
  const kept: Values = {};
  for (const [field, value] of Object.entries(values)) {
    if (value !== null && value !== undefined && value !== '') kept[field] = value;
  }
  return kept;
}

export interface OwnerPlan {
  action: RecordAction;
  /** The row whose data the action writes. */
  sourceRow: number;
}

/**
 * One action per owner key of the chunk. An existing owner is updated only from
 * the row that owns the key's data (see `CdbCensus.ownsOwnerData`); a new owner
 * is created from that row when it is in the chunk, else from the first row that
 * names them (the owning row, later, then updates it once).
 */
export function planOwners(
  records: readonly CdbRecord[],
  current: ReadonlyMap<string, CurrentRecord>,
  ownsOwnerData: (record: CdbRecord) => boolean,
): OwnerPlan[] {
  const chosen = new Map<string, CdbRecord>();
  for (const record of records) {
    if (!record.owner) continue;
    const key = record.owner.key;
    const earlier = chosen.get(key);
    if (!earlier || (ownsOwnerData(record) && !ownsOwnerData(earlier))) chosen.set(key, record);
  }
  const plans: OwnerPlan[] = [];
  for (const [key, record] of chosen) {
    const owner = record.owner;
    if (!owner) continue;
    const exists = current.has(key);
    if (exists && !ownsOwnerData(record)) continue;
    const [action] = planRecords([{ key, values: desiredOwner(owner) }], current);
    if (action) plans.push({ action, sourceRow: record.row });
  }
  return plans;
}

/** The owner values a CDB row asks for (an empty cell asks for nothing). */
export function desiredOwner(owner: OwnerValues): Values {
  return withoutEmpty({ name: owner.name, phone: owner.phone, street: owner.street, city: owner.city });
}

/**
 * The unit values a CDB row asks for, with its owner's id and branch resolved.
 * The dealer code is kept on the unit, so that a unit whose code no branch
 * carries yet finds its branch once one does, without a re-import.
 */
export function desiredCdbUnit(
  record: CdbRecord,
  ownerIds: ReadonlyMap<string, number>,
  branchByDealerCode: ReadonlyMap<string, number>,
): Values {
  const { unit } = record;
  return {
    ...withoutEmpty({
      engineNumber: unit.engineNumber,
      frameNumber: unit.frameNumber,
      modelName: unit.modelName,
      color: unit.color,
      purchaseDate: unit.purchaseDate,
      branch: unit.dealerCode ? (branchByDealerCode.get(unit.dealerCode) ?? null) : null,
      dealerCode: unit.dealerCode,
      partnerId: record.owner ? (ownerIds.get(record.owner.key) ?? null) : null,
      cdbOwnerKey: record.owner?.key,
    }),
    phoneInvalid: unit.phoneInvalid,
    dataIncomplete: unit.dataIncomplete,
    notInCdb: false,
  };
}

/**
 * The unit writes of a chunk. `defaultBranchId` (a single-branch dealer's
 * `import.defaultBranch`) places a unit whose dealer code is empty or names no
 * branch, when the unit has no branch yet; a branch set in Odoo is kept.
 */
export function planCdbUnits(
  records: readonly CdbRecord[],
  ownerIds: ReadonlyMap<string, number>,
  current: ReadonlyMap<string, CurrentRecord>,
  branchByDealerCode: ReadonlyMap<string, number>,
  defaultBranchId: number | null = null,
): RecordAction[] {
  return planRecords(
    records.map((record) => {
      const values = desiredCdbUnit(record, ownerIds, branchByDealerCode);
      if (values.branch === undefined && defaultBranchId !== null) {
        const existing = current.get(record.unit.engineNumber)?.values.branch;
        if (existing === null || existing === undefined) values.branch = defaultBranchId;
      }
      // An admin confirmed Odoo's owner against the CDB (WOR review): the CDB still
      // records its own owner key, but no longer moves the unit to that owner.
      if (current.get(record.unit.engineNumber)?.values.ownerConfirmed === true) delete values.partnerId;
      return { key: record.unit.engineNumber, values };
    }),
    current,
  );
}

/**
 * The rules of {@link planCdbUnits} and {@link planOwners}, by version: a fingerprint written
 * under other rules never matches, so a change here makes the next import compare every unit
 * in full once. Bump it with any change to what a CDB row asks of Odoo.
 */
export const CDB_MAPPING_VERSION = 1;

/**
 * What a row's unit fingerprint stands for, as text to digest: the version of these rules,
 * the settings beside the row that decide its values (`settings`: the default branch), and
 * the unit values the row asks for with its branch resolved; not the owner's id (the import
 * adds the id of the partner the unit links to, once it holds the row's owner key). The
 * column mapping is not in it: what it changes, it changes in the values.
 */
export function cdbUnitFingerprintText(
  record: CdbRecord,
  branchByDealerCode: ReadonlyMap<string, number>,
  settings: string,
): string {
  // desiredCdbUnit always sets its values in the same order.
  const values = desiredCdbUnit(record, new Map(), branchByDealerCode);
  return `${CDB_MAPPING_VERSION}\u0001${settings}\u0001${JSON.stringify(values)}`;
}

/** What a row's owner fingerprint stands for: the owner values it asks for, under its key. */
export function cdbOwnerFingerprintText(owner: OwnerValues, settings: string): string {
  return `${CDB_MAPPING_VERSION}\u0001${settings}\u0001${owner.key}\u0001${JSON.stringify(desiredOwner(owner))}`;
}

/**
 * Units of a chunk that stay without a branch after its writes, by their
 * dealer code ('' for rows that name none): the units the KPB schedule holds
 * until a branch carries the code. `written` says whether a unit reached Odoo.
 */
export function unitsWithoutBranch(
  records: readonly CdbRecord[],
  actions: readonly RecordAction[],
  current: ReadonlyMap<string, CurrentRecord>,
  written: (engineNumber: string) => boolean,
): Map<string, number> {
  const held = new Map<string, number>();
  records.forEach((record, index) => {
    const engine = record.unit.engineNumber;
    if (!written(engine)) return;
    const action = actions[index];
    const planned = action && action.action !== 'unchanged' ? action.values.branch : undefined;
    const branch = planned ?? current.get(engine)?.values.branch ?? null;
    if (branch !== null && branch !== undefined) return;
    const code = record.unit.dealerCode ?? '';
    held.set(code, (held.get(code) ?? 0) + 1);
  });
  return held;
}

export const KPB_DATE_FIELD: Readonly<Record<KpbNumber, string>> = {
  1: 'kpb1Date',
  2: 'kpb2Date',
  3: 'kpb3Date',
  4: 'kpb4Date',
};

export interface A2Plan {
  actions: RecordAction[];
  issues: RowIssue[];
  /** Rows that reached a unit (updated or already up to date), by engine number. */
  rowsByEngine: Map<string, number[]>;
}

/**
 * KPB history → unit updates. The portal is the authority on KPB claims, so its
 * dates replace Odoo's. Refused: unknown engine numbers (the unit must come
 * from the CDB first), a KPB recorded twice with different dates, and a KPB done
 * before the unit was bought.
 */
export function planA2Units(units: readonly A2Unit[], current: ReadonlyMap<string, CurrentRecord>): A2Plan {
  const issues: RowIssue[] = [];
  const desired: Array<{ key: string; values: Values }> = [];
  const rowsByEngine = new Map<string, number[]>();
  for (const unit of units) {
    const existing = current.get(unit.engineNumber);
    if (!existing) {
      for (const row of unit.rows) {
        issues.push({
          row,
          ...(unit.engineColumn ? { column: unit.engineColumn } : {}),
          value: unit.engineNumber,
          code: 'unknown_engine',
          severity: 'error',
        });
      }
      continue;
    }
    const purchaseDate = existing.values.purchaseDate;
    const values: Values = {};
    const usedRows = new Set<number>();
    for (const [kpb, entry] of unit.kpb) {
      const at = (row: number): Pick<RowIssue, 'row' | 'column' | 'value'> => ({
        row,
        ...(entry.column ? { column: entry.column } : {}),
        value: entry.date,
      });
      if (entry.conflict) {
        for (const row of entry.rows) {
          issues.push({
            ...at(row),
            code: 'kpb_conflict',
            severity: 'error',
            detail: `KPB ${kpb}, baris ${rowList(entry.rows)}`,
          });
        }
      } else if (typeof purchaseDate === 'string' && entry.date < purchaseDate) {
        for (const row of entry.rows) {
          issues.push({
            ...at(row),
            code: 'kpb_before_purchase',
            severity: 'error',
            detail: `dibeli ${indonesianDate(purchaseDate)}`,
          });
        }
      } else {
        values[KPB_DATE_FIELD[kpb]] = entry.date;
        for (const row of entry.rows) usedRows.add(row);
      }
    }
    if (unit.km !== null && unit.km > Number(existing.values.lastKm ?? 0)) values.lastKm = unit.km;
    if (usedRows.size === 0) continue;
    rowsByEngine.set(unit.engineNumber, [...usedRows]);
    desired.push({ key: unit.engineNumber, values });
  }
  return { actions: planRecords(desired, current), issues, rowsByEngine };
}

/** A partner without the bridge's key that holds a phone an import owner has. */
export interface UnkeyedCandidate {
  id: number;
  name: string;
  /** Its numbers as typed in Odoo (any phone field). */
  phones: readonly string[];
}

/**
 * Owners of the chunk that Odoo knows only without the bridge's key (made by
 * hand or by the DMS before the bridge): the partner holding the owner's phone
 * (in any phone field: `mobile` on 17/18) under a matching name, when exactly
 * one does and no other owner of the chunk claims it. Anything less certain is
 * left alone and the owner is created as before: never a guess.
 */
export function adoptUnkeyedOwners(
  owners: ReadonlyArray<{ key: string; phone: string | null; name: string }>,
  candidates: readonly UnkeyedCandidate[],
): Map<string, number> {
  const holders = new Map<string, UnkeyedCandidate[]>();
  for (const candidate of candidates) {
    for (const typed of candidate.phones) {
      const phone = normalizePhone(typed);
      if (!phone.ok) continue;
      const list = holders.get(phone.value.e164) ?? [];
      if (!list.includes(candidate)) list.push(candidate);
      holders.set(phone.value.e164, list);
    }
  }
  const chosen = new Map<string, number>();
  const claims = new Map<number, number>();
  for (const owner of owners) {
    if (!owner.phone || chosen.has(owner.key)) continue;
    const similar = (holders.get(owner.phone) ?? []).filter((candidate) =>
      sameName(candidate.name, owner.name),
    );
    const [only] = similar;
    if (similar.length !== 1 || !only) continue;
    chosen.set(owner.key, only.id);
    claims.set(only.id, (claims.get(only.id) ?? 0) + 1);
  }
  // Two owners of the file on one partner: which is it? Neither is adopted.
  for (const [key, id] of chosen) if ((claims.get(id) ?? 0) > 1) chosen.delete(key);
  return chosen;
}
