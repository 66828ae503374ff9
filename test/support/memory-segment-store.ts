import type { WriteError } from '../../src/connectors/odoo/grouped-writes.js';
import {
  type PartnerSegmentValues,
  type SegmentChangeRow,
  type SegmentHistories,
  type SegmentMonthRow,
  type SegmentStore,
  type StoredMonthLine,
  type StoredPartnerSegment,
  visitWindowFrom,
} from '../../src/connectors/odoo/segment-store.js';
import { addMonths } from '../../src/rules/day-count.js';
import type { Segment, SegmentPolicy } from '../../src/rules/loyalty/segments.js';
import { type KillSwitch, spendWrite } from './kill-switch.js';

export interface MemoryUnit {
  id: number;
  partnerId: number;
  purchaseDate: string | null;
  kpbDates: string[];
  branchId: number | null;
}

export interface MemoryWor {
  partnerId: number;
  visitDate: string;
}

export interface MemoryInvoice {
  partnerId: number;
  date: string;
  amount: number;
}

/**
 * The segment store in memory, for the job's offline tests: units, WORs and invoices as plain
 * rows, read as the Odoo store reads them (WORs of the window in full, before it only each
 * customer's last); the partners' fields, changes and month lines as Odoo would hold them.
 * `killSwitch.writesLeft` counts the records written before it throws, to kill a run mid-batch.
 */
export class MemorySegmentStore implements SegmentStore {
  units: MemoryUnit[] = [];
  wors: MemoryWor[] = [];
  /** null: the dealer does not invoice in Odoo. */
  invoices: MemoryInvoice[] | null = null;
  partners = new Map<number, PartnerSegmentValues>();
  changeRows = new Map<string, SegmentChangeRow & { id: number }>();
  monthRows = new Map<string, SegmentMonthRow & { id: number }>();
  /** Partners whose write Odoo refuses. */
  refusePartners = new Set<number>();
  writes = 0;
  private nextId = 1;

  constructor(private readonly killSwitch?: KillSwitch) {}

  private write(): void {
    spendWrite(this.killSwitch);
    this.writes += 1;
  }

  async histories(today: string, policy: SegmentPolicy): Promise<SegmentHistories> {
    const byPartner = new Map<number, { purchases: string[]; visits: string[] }>();
    const of = (id: number) => {
      const history = byPartner.get(id) ?? { purchases: [], visits: [] };
      byPartner.set(id, history);
      return history;
    };
    const latest = new Map<number, MemoryUnit>();
    for (const unit of [...this.units].sort((a, b) => a.id - b.id)) {
      const history = of(unit.partnerId);
      if (unit.purchaseDate) history.purchases.push(unit.purchaseDate);
      history.visits.push(...unit.kpbDates);
      const before = latest.get(unit.partnerId);
      if (!before || (unit.purchaseDate ?? '') >= (before.purchaseDate ?? ''))
        latest.set(unit.partnerId, unit);
    }
    const from = visitWindowFrom(today, policy);
    const lastBefore = new Map<number, string>();
    for (const wor of this.wors) {
      if (wor.visitDate >= from) of(wor.partnerId).visits.push(wor.visitDate);
      else if (wor.visitDate > (lastBefore.get(wor.partnerId) ?? ''))
        lastBefore.set(wor.partnerId, wor.visitDate);
    }
    for (const [partnerId, date] of lastBefore) of(partnerId).visits.push(date);
    const windowFrom = addMonths(today, -policy.loyalWindowMonths);
    const invoiced = (this.invoices ?? []).filter((row) => row.date >= windowFrom && row.date <= today);
    const spendKnown = invoiced.length > 0;
    const spend = new Map<number, number>();
    for (const row of invoiced) spend.set(row.partnerId, (spend.get(row.partnerId) ?? 0) + row.amount);
    const branchOf = new Map<number, number>();
    for (const [partnerId, unit] of latest)
      if (unit.branchId !== null) branchOf.set(partnerId, unit.branchId);
    return {
      histories: [...byPartner].map(([partnerId, history]) => ({
        partnerId,
        ...history,
        spend: spendKnown ? (spend.get(partnerId) ?? 0) : null,
      })),
      branchOf,
      spendKnown,
    };
  }

  async storedSegments(): Promise<StoredPartnerSegment[]> {
    return [...this.partners]
      .filter(([, values]) => values.segment !== null)
      .map(([partnerId, values]) => ({ partnerId, ...values }));
  }

  async changes(keys: readonly string[]): Promise<Map<string, { id: number; to: Segment }>> {
    const found = new Map<string, { id: number; to: Segment }>();
    for (const key of keys) {
      const row = this.changeRows.get(key);
      if (row) found.set(key, { id: row.id, to: row.to });
    }
    return found;
  }

  async createChanges(rows: readonly SegmentChangeRow[]): Promise<void> {
    for (const row of rows) {
      if (this.changeRows.has(row.key)) throw new Error(`duplicate change key ${row.key}`);
      this.write();
      this.changeRows.set(row.key, { ...row, id: this.nextId++ });
    }
  }

  async updateChanges(
    rows: ReadonlyArray<{ id: number; to: Segment; branchId: number | null }>,
  ): Promise<void> {
    for (const row of rows) {
      const change = [...this.changeRows.values()].find((item) => item.id === row.id);
      if (!change) throw new Error(`no change ${row.id}`);
      this.write();
      change.to = row.to;
      change.branchId = row.branchId;
    }
  }

  async writePartners(
    rows: ReadonlyArray<{ partnerId: number; values: PartnerSegmentValues }>,
  ): Promise<WriteError[]> {
    const errors: WriteError[] = [];
    for (const row of rows) {
      if (this.refusePartners.has(row.partnerId)) {
        errors.push({ model: 'partner', record: String(row.partnerId), message: 'refused' });
        continue;
      }
      this.write();
      this.partners.set(row.partnerId, { ...row.values });
    }
    return errors;
  }

  async monthLines(month: string): Promise<StoredMonthLine[]> {
    return [...this.monthRows.values()]
      .filter((row) => row.month === month)
      .map((row) => ({ id: row.id, key: row.key, customers: row.customers }));
  }

  async createMonthLines(rows: readonly SegmentMonthRow[]): Promise<void> {
    for (const row of rows) {
      if (this.monthRows.has(row.key)) throw new Error(`duplicate month key ${row.key}`);
      this.write();
      this.monthRows.set(row.key, { ...row, id: this.nextId++ });
    }
  }

  async updateMonthLines(
    rows: ReadonlyArray<{ id: number; customers: number; countedOn: string }>,
  ): Promise<void> {
    for (const row of rows) {
      const line = [...this.monthRows.values()].find((item) => item.id === row.id);
      if (!line) throw new Error(`no month line ${row.id}`);
      this.write();
      line.customers = row.customers;
      line.countedOn = row.countedOn;
    }
  }
}
