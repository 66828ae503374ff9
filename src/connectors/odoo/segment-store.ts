import { SEGMENT_CHANGE, SEGMENT_MONTH, UNIT, WOR } from '../../module/models.js';
import { ACCOUNT_MOVE, INVOICING_ADDON, PARTNER } from '../../module/odoo-models.js';
import { addMonths } from '../../rules/day-count.js';
import type { Segment, SegmentPolicy, ServiceHistory } from '../../rules/loyalty/segments.js';
import type { OdooClient } from './client.js';
import { throwFirstRefusal } from './client.js';
import { groupedAggregate } from './grouped-count.js';
import { type WriteError, writeGrouped } from './grouped-writes.js';
import { linkId } from './read-values.js';
import { decodeRecord, encodeValues, fieldNames, type ValuesOf } from './schema-codec.js';
import { installedAddons } from './webhook-rule-store.js';

/**
 * What the segments job reads and writes (issue 15): the customers' service histories (units
 * bought here with their KPB dates, WORs), what they spent (posted customer invoices, where the
 * dealer invoices in Odoo), the segments stored on the customers, the segment changes and the
 * customers per segment and month. Odoo's names stay here; dates are dealer dates `YYYY-MM-DD`.
 */
export interface SegmentHistories {
  histories: ServiceHistory[];
  /** The branch of each customer's most recent unit (by purchase date, then the latest made). */
  branchOf: Map<number, number>;
  /** Whether spend is known (Invoicing installed and invoices posted in the window). */
  spendKnown: boolean;
}

/** The segment fields of a customer as Odoo holds them; monetary 0 when unknown. */
export interface PartnerSegmentValues {
  segment: Segment | null;
  recency: number;
  frequency: number;
  monetary: number;
  lastService: string | null;
}

export interface StoredPartnerSegment extends PartnerSegmentValues {
  partnerId: number;
}

export interface SegmentChangeRow {
  /** `<partner>:<date>`: one per customer and day. */
  key: string;
  partnerId: number;
  branchId: number | null;
  date: string;
  from: Segment | null;
  to: Segment;
}

export interface SegmentMonthRow {
  /** `<branch|all>:<YYYY-MM>:<segment>`. */
  key: string;
  /** The month's first day. */
  month: string;
  branchId: number | null;
  segment: Segment;
  customers: number;
  countedOn: string;
}

export interface StoredMonthLine {
  id: number;
  key: string;
  customers: number;
}

export interface SegmentStore {
  /**
   * Every customer with a unit (an owner) or a WOR, as of `today`: the visits of the policy's
   * windows, the last visit ever, purchases, spend over the loyal window.
   */
  histories(today: string, policy: SegmentPolicy): Promise<SegmentHistories>;
  /** The customers who have a segment stored. */
  storedSegments(): Promise<StoredPartnerSegment[]>;
  /** The change records of these keys: their id and target segment. */
  changes(keys: readonly string[]): Promise<Map<string, { id: number; to: Segment }>>;
  createChanges(rows: readonly SegmentChangeRow[]): Promise<void>;
  /** A customer who changed again the same day: the record's target and branch follow. */
  updateChanges(rows: ReadonlyArray<{ id: number; to: Segment; branchId: number | null }>): Promise<void>;
  /** Writes the customers' segment fields (only those given); what Odoo refused is returned. */
  writePartners(
    rows: ReadonlyArray<{ partnerId: number; values: PartnerSegmentValues }>,
  ): Promise<WriteError[]>;
  /** The lines of the month (its first day). */
  monthLines(month: string): Promise<StoredMonthLine[]>;
  createMonthLines(rows: readonly SegmentMonthRow[]): Promise<void>;
  updateMonthLines(rows: ReadonlyArray<{ id: number; customers: number; countedOn: string }>): Promise<void>;
}

/** Posted customer invoices and credit notes (credit notes are negative: a refund lowers spend). */
const INVOICE_DOMAIN = [
  [ACCOUNT_MOVE.f.moveType, 'in', ['out_invoice', 'out_refund']],
  [ACCOUNT_MOVE.f.state, '=', 'posted'],
] as const;
const UNIT_READ = [
  'partnerId',
  'purchaseDate',
  'kpb1Date',
  'kpb2Date',
  'kpb3Date',
  'kpb4Date',
  'branch',
] as const;
const WOR_READ = ['partnerId', 'visitDate'] as const;
const PARTNER_READ = ['segment', 'recency', 'frequency', 'monetary', 'lastService'] as const;
const PAGE = 5000;

/**
 * Visits are read in full only within the months the rule looks into (the loyal window, the
 * recency steps, the lost edge) and a month more; before that only each customer's last one
 * counts, which one grouped `max` answers.
 */
export function visitWindowFrom(today: string, policy: SegmentPolicy): string {
  const months = Math.max(policy.lostAfterMonths, policy.loyalWindowMonths, ...policy.recencyMonths);
  return addMonths(today, -(months + 1));
}

export class OdooSegmentStore implements SegmentStore {
  constructor(private readonly client: OdooClient) {}

  async histories(today: string, policy: SegmentPolicy): Promise<SegmentHistories> {
    const byPartner = new Map<number, { purchases: string[]; visits: string[] }>();
    const of = (partnerId: number) => {
      let history = byPartner.get(partnerId);
      if (!history) {
        history = { purchases: [], visits: [] };
        byPartner.set(partnerId, history);
      }
      return history;
    };
    const latestUnit = new Map<number, { date: string; id: number; branch: number | null }>();
    for await (const page of this.client.searchPages(
      UNIT.model,
      [[UNIT.f.partnerId, '!=', false]],
      fieldNames(UNIT, UNIT_READ),
      { pageSize: PAGE },
    )) {
      for (const raw of page) {
        const unit = decodeRecord(UNIT, UNIT_READ, raw);
        if (unit.partnerId === null) continue;
        const history = of(unit.partnerId);
        if (unit.purchaseDate) history.purchases.push(unit.purchaseDate);
        for (const date of [unit.kpb1Date, unit.kpb2Date, unit.kpb3Date, unit.kpb4Date])
          if (date) history.visits.push(date);
        const date = unit.purchaseDate ?? '';
        const latest = latestUnit.get(unit.partnerId);
        // Pages come in id order: a later unit with the same (or no) date is the newer one.
        if (!latest || date >= latest.date)
          latestUnit.set(unit.partnerId, { date, id: unit.id, branch: unit.branch });
      }
    }
    const from = visitWindowFrom(today, policy);
    for await (const page of this.client.searchPages(
      WOR.model,
      [
        [WOR.f.visitDate, '>=', from],
        [WOR.f.partnerId, '!=', false],
      ],
      fieldNames(WOR, WOR_READ),
      { pageSize: PAGE },
    )) {
      for (const raw of page) {
        const wor = decodeRecord(WOR, WOR_READ, raw);
        if (wor.partnerId !== null && wor.visitDate) of(wor.partnerId).visits.push(wor.visitDate);
      }
    }
    for (const [partner, last] of await groupedAggregate(
      this.client,
      WOR.model,
      [
        [WOR.f.visitDate, '<', from],
        [WOR.f.partnerId, '!=', false],
      ],
      WOR.f.partnerId,
      WOR.f.visitDate,
      'max',
    )) {
      const partnerId = linkId(partner);
      if (partnerId !== null && typeof last === 'string' && last)
        of(partnerId).visits.push(last.slice(0, 10));
    }
    const spend = await this.spend(addMonths(today, -policy.loyalWindowMonths), today, [...byPartner.keys()]);
    const branchOf = new Map<number, number>();
    for (const [partnerId, unit] of latestUnit)
      if (unit.branch !== null) branchOf.set(partnerId, unit.branch);
    return {
      histories: [...byPartner].map(([partnerId, history]) => ({
        partnerId,
        purchases: history.purchases,
        visits: history.visits,
        spend: spend === null ? null : (spend.get(partnerId) ?? 0),
      })),
      branchOf,
      spendKnown: spend !== null,
    };
  }

  /**
   * Untaxed spend per customer on posted invoices dated within [from, to], summed per commercial
   * partner (a contact's invoices are its company's); null when the dealer does not invoice here.
   */
  private async spend(
    from: string,
    to: string,
    partnerIds: readonly number[],
  ): Promise<Map<number, number> | null> {
    const addons = await installedAddons(this.client, [INVOICING_ADDON]);
    if (!addons.has(INVOICING_ADDON)) return null;
    const sums = new Map<number, number>();
    for (const [partner, amount] of await groupedAggregate(
      this.client,
      ACCOUNT_MOVE.model,
      [...INVOICE_DOMAIN, [ACCOUNT_MOVE.f.invoiceDate, '>=', from], [ACCOUNT_MOVE.f.invoiceDate, '<=', to]],
      ACCOUNT_MOVE.f.partner,
      ACCOUNT_MOVE.f.amount,
      'sum',
    )) {
      const id = linkId(partner);
      if (id !== null) sums.set(id, Number(amount ?? 0));
    }
    if (sums.size === 0) return null;
    const spend = new Map<number, number>();
    const rows = await this.client.read(PARTNER.model, partnerIds, fieldNames(PARTNER, ['commercial']), {
      context: { active_test: false },
      chunkSize: PAGE,
    });
    for (const row of rows) {
      const commercial = decodeRecord(PARTNER, ['commercial'], row).commercial ?? row.id;
      spend.set(row.id, sums.get(commercial) ?? 0);
    }
    return spend;
  }

  async storedSegments(): Promise<StoredPartnerSegment[]> {
    const stored: StoredPartnerSegment[] = [];
    for await (const page of this.client.searchPages(
      PARTNER.model,
      [[PARTNER.f.segment, '!=', false]],
      fieldNames(PARTNER, PARTNER_READ),
      { pageSize: PAGE, context: { active_test: false } },
    )) {
      for (const raw of page) {
        const partner = decodeRecord(PARTNER, PARTNER_READ, raw);
        stored.push({
          partnerId: partner.id,
          segment: partner.segment as Segment | null,
          recency: partner.recency,
          frequency: partner.frequency,
          monetary: partner.monetary,
          lastService: partner.lastService,
        });
      }
    }
    return stored;
  }

  async changes(keys: readonly string[]): Promise<Map<string, { id: number; to: Segment }>> {
    const found = new Map<string, { id: number; to: Segment }>();
    const read = ['key', 'toSegment'] as const;
    for (let start = 0; start < keys.length; start += PAGE) {
      const rows = await this.client.searchRead(
        SEGMENT_CHANGE.model,
        [[SEGMENT_CHANGE.f.key, 'in', keys.slice(start, start + PAGE)]],
        fieldNames(SEGMENT_CHANGE, read),
      );
      for (const raw of rows) {
        const change = decodeRecord(SEGMENT_CHANGE, read, raw);
        if (change.key) found.set(change.key, { id: change.id, to: change.toSegment as Segment });
      }
    }
    return found;
  }

  async createChanges(rows: readonly SegmentChangeRow[]): Promise<void> {
    if (rows.length === 0) return;
    const outcomes = await this.client.create(
      SEGMENT_CHANGE.model,
      rows.map((row) =>
        encodeValues(SEGMENT_CHANGE, {
          key: row.key,
          partnerId: row.partnerId,
          branch: row.branchId,
          date: row.date,
          fromSegment: row.from,
          toSegment: row.to,
        } satisfies ValuesOf<typeof SEGMENT_CHANGE>),
      ),
    );
    throwFirstRefusal(outcomes);
  }

  async updateChanges(
    rows: ReadonlyArray<{ id: number; to: Segment; branchId: number | null }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    throwFirstRefusal(
      await this.client.write(
        SEGMENT_CHANGE.model,
        rows.map((row) => ({
          id: row.id,
          values: encodeValues(SEGMENT_CHANGE, { toSegment: row.to, branch: row.branchId }),
        })),
      ),
    );
  }

  async writePartners(
    rows: ReadonlyArray<{ partnerId: number; values: PartnerSegmentValues }>,
  ): Promise<WriteError[]> {
    const errors: WriteError[] = [];
    await writeGrouped(
      this.client,
      PARTNER.model,
      rows.map((row) => ({
        id: row.partnerId,
        values: encodeValues(PARTNER, {
          segment: row.values.segment,
          recency: row.values.recency,
          frequency: row.values.frequency,
          monetary: row.values.monetary,
          lastService: row.values.lastService,
        }),
      })),
      errors,
    );
    return errors;
  }

  async monthLines(month: string): Promise<StoredMonthLine[]> {
    const read = ['key', 'customers'] as const;
    const rows = await this.client.searchRead(
      SEGMENT_MONTH.model,
      [[SEGMENT_MONTH.f.month, '=', month]],
      fieldNames(SEGMENT_MONTH, read),
    );
    return rows.flatMap((raw) => {
      const line = decodeRecord(SEGMENT_MONTH, read, raw);
      return line.key ? [{ id: line.id, key: line.key, customers: line.customers }] : [];
    });
  }

  async createMonthLines(rows: readonly SegmentMonthRow[]): Promise<void> {
    if (rows.length === 0) return;
    throwFirstRefusal(
      await this.client.create(
        SEGMENT_MONTH.model,
        rows.map((row) =>
          encodeValues(SEGMENT_MONTH, {
            key: row.key,
            month: row.month,
            branch: row.branchId,
            segment: row.segment,
            customers: row.customers,
            countedOn: row.countedOn,
          } satisfies ValuesOf<typeof SEGMENT_MONTH>),
        ),
      ),
    );
  }

  async updateMonthLines(
    rows: ReadonlyArray<{ id: number; customers: number; countedOn: string }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    throwFirstRefusal(
      await this.client.write(
        SEGMENT_MONTH.model,
        rows.map((row) => ({
          id: row.id,
          values: encodeValues(SEGMENT_MONTH, { customers: row.customers, countedOn: row.countedOn }),
        })),
      ),
    );
  }
}
