import type { UnitStamp, UnkeyedOwner, Written } from '../../src/connectors/odoo/unit-store.js';
import type { ImportStores } from '../../src/jobs/import-cdb.js';
import type { KeyedRecords } from '../../src/jobs/import-pipeline.js';
import { UNIT } from '../../src/module/models.js';
import { normalizePhone } from '../../src/rules/import/normalize.js';
import type { CurrentRecord, PlainValue } from '../../src/rules/record-plan.js';

/**
 * Keyed records in memory, with a switch to fail like a killed process: once
 * the shared budget of write calls is spent, every write throws. Counts calls
 * as Odoo would see them.
 */
export class MemoryRecords implements KeyedRecords {
  readonly rows = new Map<string, CurrentRecord>();
  private nextId = 1;
  writeCalls = 0;
  readCalls = 0;
  /** Shared by the stores of one "database": write calls left before the simulated kill. */
  constructor(readonly killSwitch: { writesLeft: number } = { writesLeft: Number.POSITIVE_INFINITY }) {}
  /** Keys whose create or update Odoo refuses, with its message. */
  readonly refuse = new Map<string, string>();

  private guard(): void {
    if (this.killSwitch.writesLeft <= 0) throw new Error('connection lost (simulated kill)');
    this.killSwitch.writesLeft -= 1;
    this.writeCalls += 1;
  }

  async readByKeys(keys: readonly string[]): Promise<Map<string, CurrentRecord>> {
    this.readCalls += 1;
    const found = new Map<string, CurrentRecord>();
    for (const key of keys) {
      const row = this.rows.get(key);
      if (row) found.set(key, { id: row.id, values: { ...row.values } });
    }
    return found;
  }

  async create(rows: ReadonlyArray<{ key: string; values: Record<string, PlainValue> }>): Promise<Written[]> {
    if (rows.length === 0) return [];
    this.guard();
    return rows.map((row) => {
      const refused = this.refuse.get(row.key);
      if (refused) return { key: row.key, error: refused };
      const id = this.nextId++;
      this.rows.set(row.key, { id, values: { ...row.values } });
      return { key: row.key, id };
    });
  }

  async update(
    rows: ReadonlyArray<{ key: string; id: number; values: Record<string, PlainValue> }>,
  ): Promise<Written[]> {
    if (rows.length === 0) return [];
    this.guard();
    return rows.map((row) => {
      const refused = this.refuse.get(row.key);
      if (refused) return { key: row.key, error: refused };
      const current = this.rows.get(row.key);
      if (current) this.rows.set(row.key, { id: current.id, values: { ...current.values, ...row.values } });
      return { key: row.key, id: row.id };
    });
  }
}

/** The unit fields the unit fingerprint stands for, as Odoo's `depends` says (see UNIT.fields.importHash). */
const FINGERPRINTED = Object.entries(UNIT.f)
  .filter(([, name]) => UNIT.fields.importHash.depends.split(',').includes(name))
  .map(([key]) => key);
/** The owner fields the owner fingerprint stands for (with the unit's `partnerId`). */
const OWNER_FINGERPRINTED = ['key', 'name', 'phone', 'street', 'city'];

/**
 * Units as Odoo keeps them, with the fingerprints' computed fields: a write of a fingerprinted
 * field (by anyone: `edit` is a user in Odoo's form) empties the fingerprint unless the same
 * write sets it, as Odoo recomputes an editable computed field from its dependencies; owner
 * changes (through `MemoryOwners`) empty the owner fingerprint of their units.
 */
export class MemoryUnits extends MemoryRecords {
  branches = new Map<string, number>();
  stampReads = 0;

  async branchesByDealerCode(): Promise<Map<string, number>> {
    return new Map(this.branches);
  }

  async readStamps(keys: readonly string[]): Promise<Map<string, UnitStamp>> {
    this.stampReads += 1;
    const found = new Map<string, UnitStamp>();
    for (const key of keys) {
      const row = this.rows.get(key);
      if (!row) continue;
      const value = (field: string) => row.values[field] ?? null;
      found.set(key, {
        id: row.id,
        importHash: value('importHash') as string | null,
        ownerHash: value('ownerHash') as string | null,
        branch: value('branch') as number | null,
        partnerId: value('partnerId') as number | null,
      });
    }
    return found;
  }

  override async create(
    rows: ReadonlyArray<{ key: string; values: Record<string, PlainValue> }>,
  ): Promise<Written[]> {
    return super.create(
      rows.map((row) => ({ key: row.key, values: { importHash: null, ownerHash: null, ...row.values } })),
    );
  }

  override async update(
    rows: ReadonlyArray<{ key: string; id: number; values: Record<string, PlainValue> }>,
  ): Promise<Written[]> {
    return super.update(rows.map((row) => ({ ...row, values: recomputed(row.values) })));
  }

  /** A user's edit in Odoo's form: the values, and Odoo's recomputation of the fingerprints. */
  edit(key: string, values: Record<string, PlainValue>): void {
    const row = this.rows.get(key);
    if (!row) throw new Error(`no unit ${key}`);
    this.rows.set(key, { id: row.id, values: { ...row.values, ...recomputed(values) } });
  }

  /** Odoo empties the owner fingerprint of the units of a changed partner, and their unit fingerprint if its key changed. */
  ownerChanged(ownerId: number, fields: readonly string[]): void {
    const keyChanged = fields.includes('key');
    for (const [key, row] of this.rows)
      if (row.values.partnerId === ownerId)
        this.rows.set(key, {
          id: row.id,
          values: { ...row.values, ownerHash: null, ...(keyChanged ? { importHash: null } : {}) },
        });
  }
}

function recomputed(values: Record<string, PlainValue>): Record<string, PlainValue> {
  const next = { ...values };
  if (!('importHash' in values) && FINGERPRINTED.some((field) => field in values)) next.importHash = null;
  if (!('ownerHash' in values) && 'partnerId' in values) next.ownerHash = null;
  return next;
}

/** Owners, and partners Odoo had before the bridge (no key yet), found by any of their numbers. */
export class MemoryOwners extends MemoryRecords {
  readonly unkeyed: UnkeyedOwner[] = [];

  async readUnkeyedByPhones(e164s: readonly string[]): Promise<UnkeyedOwner[]> {
    this.readCalls += 1;
    const wanted = new Set(e164s);
    return this.unkeyed
      .filter((partner) =>
        partner.phones.some((typed) => {
          const phone = normalizePhone(typed);
          return phone.ok && wanted.has(phone.value.e164);
        }),
      )
      .map((partner) => ({ ...partner, values: { ...partner.values } }));
  }

  /** Units whose owner fingerprints Odoo empties when an owner changes. */
  units: MemoryUnits | null = null;

  /** A user's edit of a partner in Odoo's form. */
  edit(key: string, values: Record<string, PlainValue>): void {
    const row = this.rows.get(key);
    if (!row) throw new Error(`no owner ${key}`);
    this.rows.set(key, { id: row.id, values: { ...row.values, ...values } });
    this.units?.ownerChanged(row.id, Object.keys(values));
  }

  override async update(
    rows: ReadonlyArray<{ key: string; id: number; values: Record<string, PlainValue> }>,
  ): Promise<Written[]> {
    const written = await super.update(rows);
    rows.forEach((row, index) => {
      const fields = Object.keys(row.values).filter((field) => OWNER_FINGERPRINTED.includes(field));
      if (!written[index]?.error && fields.length > 0) this.units?.ownerChanged(row.id, fields);
    });
    // Writing the key on an unkeyed partner makes it a keyed owner.
    for (const row of rows) {
      const index = this.unkeyed.findIndex((partner) => partner.id === row.id);
      const partner = this.unkeyed[index];
      if (!partner || row.values.key !== row.key) continue;
      this.unkeyed.splice(index, 1);
      this.rows.set(row.key, { id: partner.id, values: { ...partner.values, ...row.values } });
    }
    return written;
  }
}

export function memoryStores(
  killSwitch = { writesLeft: Number.POSITIVE_INFINITY },
): ImportStores & { units: MemoryUnits; owners: MemoryOwners; killSwitch: { writesLeft: number } } {
  const units = new MemoryUnits(killSwitch);
  const owners = new MemoryOwners(killSwitch);
  owners.units = units;
  return { units, owners, killSwitch };
}
