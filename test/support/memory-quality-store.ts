import {
  QUALITY_VALUE_KEYS,
  type QualityCountResult,
  type QualityRecords,
  type QualityValues,
} from '../../src/connectors/odoo/quality-store.js';
import type { QualityBranch, QualityCounts, QualityRow } from '../../src/rules/quality/quality.js';
import type { CurrentRecord } from '../../src/rules/record-plan.js';

/** A data-quality record as Odoo keeps it (`x_h23_data_quality`), in the bridge's terms. */
export interface MemoryQualityRecord {
  id: number;
  date: string;
  branch: number | null;
  values: QualityValues;
  latest: boolean;
}

function valuesOf(values: QualityValues): QualityValues {
  return Object.fromEntries(QUALITY_VALUE_KEYS.map((key) => [key, values[key]])) as unknown as QualityValues;
}

/**
 * The data-quality records and the counts they are made from, in memory. Writes share a kill
 * switch: once its budget of write calls is spent, every write throws (a killed process).
 */
export class MemoryQualityStore implements QualityRecords {
  branchList: QualityBranch[] = [];
  /** Counts by branch id (null: units without a branch), as the grouped reads would give them. */
  countsByBranch = new Map<number | null, Partial<QualityCounts>>();
  readonly records: MemoryQualityRecord[] = [];
  /** Branches whose record Odoo refuses to create or update, with its message. */
  readonly refuse = new Map<number | null, string>();
  writeCalls = 0;
  private nextId = 100;

  constructor(readonly killSwitch: { writesLeft: number } = { writesLeft: Number.POSITIVE_INFINITY }) {}

  private guard(): void {
    if (this.killSwitch.writesLeft <= 0) throw new Error('connection lost (simulated kill)');
    this.killSwitch.writesLeft -= 1;
    this.writeCalls += 1;
  }

  async branches(): Promise<QualityBranch[]> {
    return this.branchList.map((branch) => ({ ...branch }));
  }

  async counts(): Promise<QualityCountResult> {
    return {
      counts: new Map([...this.countsByBranch].map(([branch, counts]) => [branch, { ...counts }])),
      method: 'grouped',
    };
  }

  async existing(date: string): Promise<Map<number | null, CurrentRecord>> {
    const found = new Map<number | null, CurrentRecord>();
    for (const record of [...this.records].sort((a, b) => a.id - b.id)) {
      if (record.date !== date || found.has(record.branch)) continue;
      found.set(record.branch, { id: record.id, values: { ...record.values } });
    }
    return found;
  }

  async create(date: string, rows: readonly QualityRow[]) {
    if (rows.length === 0) return [];
    this.guard();
    return rows.map((row, index) => {
      const refused = this.refuse.get(row.branchId);
      if (refused) return { index, error: refused };
      const id = this.nextId++;
      this.records.push({ id, date, branch: row.branchId, values: valuesOf(row), latest: false });
      return { index, id };
    });
  }

  async update(rows: ReadonlyArray<{ id: number; values: QualityValues }>) {
    if (rows.length === 0) return [];
    this.guard();
    return rows.map((row, index) => {
      const record = this.records.find((candidate) => candidate.id === row.id);
      const refused = record ? this.refuse.get(record.branch) : 'no such record';
      if (refused || !record) return { index, error: refused ?? 'no such record' };
      record.values = valuesOf(row.values);
      return { index };
    });
  }

  async markLatest() {
    const newest = [...this.records].sort((a, b) => b.date.localeCompare(a.date) || a.id - b.id)[0];
    if (!newest) return { date: null, flagged: 0, unflagged: 0 };
    const unflag = this.records.filter((record) => record.latest && record.date !== newest.date);
    const flag = this.records.filter((record) => !record.latest && record.date === newest.date);
    if (unflag.length > 0) {
      this.guard();
      for (const record of unflag) record.latest = false;
    }
    if (flag.length > 0) {
      this.guard();
      for (const record of flag) record.latest = true;
    }
    return { date: newest.date, flagged: flag.length, unflagged: unflag.length };
  }
}
