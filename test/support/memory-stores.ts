import type { UnkeyedOwner, Written } from '../../src/connectors/odoo/unit-store.js';
import type { ImportStores } from '../../src/jobs/import-cdb.js';
import type { KeyedRecords } from '../../src/jobs/import-pipeline.js';
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

export class MemoryUnits extends MemoryRecords {
  branches = new Map<string, number>();
  async branchesByDealerCode(): Promise<Map<string, number>> {
    return new Map(this.branches);
  }
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

  override async update(
    rows: ReadonlyArray<{ key: string; id: number; values: Record<string, PlainValue> }>,
  ): Promise<Written[]> {
    const written = await super.update(rows);
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
  return { units: new MemoryUnits(killSwitch), owners: new MemoryOwners(killSwitch), killSwitch };
}
