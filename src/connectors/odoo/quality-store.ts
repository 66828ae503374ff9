import type { Logger } from '../../logging/logger.js';
import type { QualityBranch, QualityCounts, QualityRow } from '../../rules/quality/quality.js';
import type { CurrentRecord, PlainValue } from '../../rules/record-plan.js';
import type { Domain, OdooClient } from './client.js';
import type { Dialect } from './dialect.js';
import { anyOf } from './domain.js';
import { isOdooError } from './errors.js';
import { loadUpdates } from './keyed-records.js';
import { linkId } from './read-values.js';

const QUALITY = 'x_h23_data_quality';
const UNIT = 'x_h23_unit';
const WOR = 'x_h23_wor';
const BRANCH = 'x_h23_branch';

type QualityValues = QualityCounts & { validRate: number };

const RECORD_FIELDS: Readonly<Record<keyof QualityValues, string>> = {
  customers: 'x_customers',
  validMobile: 'x_valid_mobile',
  completeAddress: 'x_complete_address',
  withPurchaseDate: 'x_with_purchase_date',
  completeRecords: 'x_complete_records',
  validRate: 'x_valid_rate',
  worTotal: 'x_wor_total',
  worMatched: 'x_wor_matched',
  worCreated: 'x_wor_created',
  worReview: 'x_wor_review',
};

/** A customer is a unit with an owner; the other unit counts are subsets of them. */
const HAS_OWNER: Domain = [['x_partner_id', '!=', false]];
/**
 * The bridge stores phones in E.164 (normalised on import), so an Indonesian mobile reads +628…,
 * in any of the partner's phone fields (`mobile` or `phone` on 17/18, `phone` on 19).
 */
function validMobile(dialect: Dialect): Domain {
  return anyOf(
    dialect.partnerPhoneFields.map((field) => [`x_partner_id.${field}`, '=like', '+628%']),
  ) as Domain;
}
const FULL_ADDRESS: Domain = [
  ['x_partner_id.street', '!=', false],
  ['x_partner_id.city', '!=', false],
];
const HAS_PURCHASE_DATE: Domain = [['x_purchase_date', '!=', false]];
/** Settled with an owner or carrier, by the bridge or by an admin's decision. */
const WOR_MATCHED: Domain = [
  ['x_state', '=', 'matched'],
  ['x_resolution', 'in', ['owner', 'carrier', 'reviewed']],
];

interface Metric {
  name: keyof QualityCounts;
  model: string;
  domain: Domain;
}

/** Each count as a domain on one model (the WOR ones for the visit date); all counted per branch. */
export function qualityMetrics(date: string, dialect: Dialect): Metric[] {
  const ofDay: Domain = [['x_visit_date', '=', date]];
  const VALID_MOBILE = validMobile(dialect);
  return [
    { name: 'customers', model: UNIT, domain: HAS_OWNER },
    { name: 'validMobile', model: UNIT, domain: [...HAS_OWNER, ...VALID_MOBILE] },
    { name: 'completeAddress', model: UNIT, domain: [...HAS_OWNER, ...FULL_ADDRESS] },
    { name: 'withPurchaseDate', model: UNIT, domain: [...HAS_OWNER, ...HAS_PURCHASE_DATE] },
    {
      name: 'completeRecords',
      model: UNIT,
      domain: [...HAS_OWNER, ...VALID_MOBILE, ...FULL_ADDRESS, ...HAS_PURCHASE_DATE],
    },
    { name: 'worTotal', model: WOR, domain: ofDay },
    { name: 'worMatched', model: WOR, domain: [...ofDay, ...WOR_MATCHED] },
    { name: 'worCreated', model: WOR, domain: [...ofDay, ['x_resolution', '=', 'created']] },
    { name: 'worReview', model: WOR, domain: [...ofDay, ['x_state', '=', 'review']] },
  ];
}

/** Failures a grouped read shares with any other read: no point trying `search_count` instead. */
const NOT_THE_METHOD = new Set(['network', 'timeout', 'auth', 'session', 'access']);

export interface QualityCountResult {
  /** Counts by branch id, `null` for records without a branch. */
  counts: Map<number | null, Partial<QualityCounts>>;
  /** `grouped` (one grouped read per count) or `search_count` (one count per count and branch). */
  method: 'grouped' | 'search_count';
}

/** Reads the data-quality counts (units, owners, the day's WORs) and keeps `x_h23_data_quality` per branch and date. */
export class QualityStore {
  constructor(
    private readonly client: OdooClient,
    private readonly logger: Logger,
  ) {}

  /** Every branch, archived ones too (their units still count). */
  async branches(): Promise<QualityBranch[]> {
    const records = await this.client.searchRead(BRANCH, [], ['x_name', 'x_active'], {
      context: { active_test: false },
      order: 'id',
    });
    return records.map((record) => ({
      id: record.id,
      name: String(record.x_name ?? ''),
      active: record.x_active !== false,
    }));
  }

  /**
   * The counts per branch. One grouped read per count (nine calls whatever the
   * number of branches): `formatted_read_group` on Odoo 19+, `read_group` on
   * 14–18. Should the server refuse the grouped read itself, one `search_count`
   * per count and branch gives the same numbers.
   */
  async counts(date: string, branchIds: readonly number[]): Promise<QualityCountResult> {
    const metrics = qualityMetrics(date, this.client.dialect);
    try {
      const counts = new Map<number | null, Partial<QualityCounts>>();
      const grouped = await Promise.all(metrics.map((metric) => this.groupedCount(metric)));
      metrics.forEach((metric, index) => {
        for (const [branchId, count] of grouped[index] ?? []) {
          const row = counts.get(branchId) ?? {};
          row[metric.name] = count;
          counts.set(branchId, row);
        }
      });
      return { counts, method: 'grouped' };
    } catch (error) {
      if (!isOdooError(error) || NOT_THE_METHOD.has(error.code)) throw error;
      this.logger.warn(
        { err: error.toLog(), version: this.client.version.version },
        'grouped read refused; counting with search_count per branch',
      );
    }
    const counts = new Map<number | null, Partial<QualityCounts>>();
    const jobs = [null, ...branchIds].flatMap((branchId) =>
      metrics.map(async (metric) => {
        const count = await this.client.searchCount(metric.model, [
          ...metric.domain,
          ['x_branch_id', '=', branchId ?? false],
        ]);
        if (count === 0) return;
        const row = counts.get(branchId) ?? {};
        row[metric.name] = count;
        counts.set(branchId, row);
      }),
    );
    await Promise.all(jobs);
    return { counts, method: 'search_count' };
  }

  private async groupedCount(metric: Metric): Promise<Map<number | null, number>> {
    const groups =
      this.client.dialect.readGroup === 'formatted_read_group'
        ? await this.client.call<Array<Record<string, unknown>>>(metric.model, 'formatted_read_group', [], {
            domain: metric.domain,
            groupby: ['x_branch_id'],
            aggregates: ['__count'],
          })
        : // lazy=False makes read_group answer the count as `__count` (lazy gives `x_branch_id_count`).
          await this.client.call<Array<Record<string, unknown>>>(metric.model, 'read_group', [], {
            domain: metric.domain,
            fields: ['x_branch_id'],
            groupby: ['x_branch_id'],
            lazy: false,
          });
    const counts = new Map<number | null, number>();
    for (const group of groups) {
      const branchId = linkId(group.x_branch_id);
      counts.set(branchId, (counts.get(branchId) ?? 0) + Number(group.__count ?? 0));
    }
    return counts;
  }

  /** The date's records by branch (null: no branch); of duplicates, the oldest. */
  async existing(date: string): Promise<Map<number | null, CurrentRecord>> {
    const records = await this.client.searchRead(
      QUALITY,
      [['x_date', '=', date]],
      ['x_branch_id', ...Object.values(RECORD_FIELDS)],
      { idsOnly: true, order: 'id' },
    );
    const found = new Map<number | null, CurrentRecord>();
    for (const record of records) {
      const branchId = linkId(record.x_branch_id);
      if (found.has(branchId)) continue;
      const values: Record<string, PlainValue> = {};
      for (const [field, name] of Object.entries(RECORD_FIELDS)) values[field] = Number(record[name] ?? 0);
      found.set(branchId, { id: record.id, values });
    }
    return found;
  }

  /** Creates the rows' records; outcomes by input position (an id, or Odoo's refusal). */
  async create(
    date: string,
    rows: readonly QualityRow[],
  ): Promise<Array<{ index: number; id?: number; error?: string }>> {
    if (rows.length === 0) return [];
    const outcomes = await this.client.create(
      QUALITY,
      rows.map((row) => ({ x_date: date, x_branch_id: row.branchId ?? false, ...recordValues(row) })),
    );
    return outcomes.map((outcome) => ({
      index: outcome.index,
      ...(outcome.id !== undefined ? { id: outcome.id } : {}),
      ...(outcome.error ? { error: outcome.error.message } : {}),
    }));
  }

  /**
   * Flags the records of the newest date as the latest (`x_latest`, the reports' default filter:
   * counts are snapshots, so only one date's add up) and unflags the older ones. A catch-up run
   * for a past date leaves the flag where it is; nothing is written when it is already right.
   */
  async markLatest(): Promise<{ date: string | null; flagged: number; unflagged: number }> {
    const [newest] = await this.client.searchRead(QUALITY, [], ['x_date'], {
      order: 'x_date desc, id',
      limit: 1,
    });
    if (!newest) return { date: null, flagged: 0, unflagged: 0 };
    const date = String(newest.x_date);
    const candidates = await this.client.searchRead(
      QUALITY,
      ['|', ['x_latest', '=', true], ['x_date', '=', date]],
      ['x_date', 'x_latest'],
    );
    const unflag = candidates
      .filter((row) => row.x_latest === true && row.x_date !== date)
      .map((row) => row.id);
    const flag = candidates
      .filter((row) => row.x_latest !== true && row.x_date === date)
      .map((row) => row.id);
    if (unflag.length > 0) await this.client.call(QUALITY, 'write', [unflag, { x_latest: false }]);
    if (flag.length > 0) await this.client.call(QUALITY, 'write', [flag, { x_latest: true }]);
    return { date, flagged: flag.length, unflagged: unflag.length };
  }

  /** Rewrites every count of the given records in one `load` (their values differ, so `write` would take one call each). */
  async update(
    rows: ReadonlyArray<{ id: number; values: QualityValues }>,
  ): Promise<Array<{ index: number; error?: string }>> {
    if (rows.length === 0) return [];
    const fields = await this.client.fieldsGet(QUALITY, Object.values(RECORD_FIELDS));
    const outcomes = await loadUpdates(
      this.client,
      QUALITY,
      rows.map((row) => ({ id: row.id, values: recordValues(row.values) })),
      fields,
    );
    return outcomes.map((outcome) => ({
      index: outcome.index,
      ...(outcome.error ? { error: outcome.error.message } : {}),
    }));
  }
}

function recordValues(values: QualityValues): Record<string, number> {
  const odoo: Record<string, number> = {};
  for (const [field, name] of Object.entries(RECORD_FIELDS))
    odoo[name] = values[field as keyof QualityValues];
  return odoo;
}
