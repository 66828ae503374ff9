import type { Logger } from '../../logging/logger.js';
import { BRANCH, DATA_QUALITY, UNIT, WOR } from '../../module/models.js';
import { PARTNER } from '../../module/odoo-models.js';
import type { QualityBranch, QualityCounts, QualityRow } from '../../rules/quality/quality.js';
import type { CurrentRecord } from '../../rules/record-plan.js';
import type { Domain, OdooClient } from './client.js';
import type { Dialect } from './dialect.js';
import { anyOf } from './domain.js';
import { isOdooError } from './errors.js';
import { loadUpdates } from './keyed-records.js';
import { linkId } from './read-values.js';
import { decodeRecord, encodeValues, fieldNames, fieldPath } from './schema-codec.js';

const QUALITY = DATA_QUALITY.model;
const Q = DATA_QUALITY.f;

export type QualityValues = QualityCounts & { validRate: number };

/** The counts a record keeps: the schema's keys are the counts' names. */
export const QUALITY_VALUE_KEYS = [
  'customers',
  'validMobile',
  'completeAddress',
  'withPurchaseDate',
  'completeRecords',
  'validRate',
  'worTotal',
  'worMatched',
  'worCreated',
  'worReview',
] as const satisfies ReadonlyArray<keyof QualityValues & keyof typeof DATA_QUALITY.fields>;

const owner = (field: string) => fieldPath(UNIT.f.partnerId, field);

/** A customer is a unit with an owner; the other unit counts are subsets of them. */
const HAS_OWNER: Domain = [[UNIT.f.partnerId, '!=', false]];
/**
 * The bridge stores phones in E.164 (normalised on import), so an Indonesian mobile reads +628…,
 * in any of the partner's phone fields (`mobile` or `phone` on 17/18, `phone` on 19).
 */
function validMobile(dialect: Dialect): Domain {
  return anyOf(dialect.partnerPhoneFields.map((field) => [owner(field), '=like', '+628%'])) as Domain;
}
const FULL_ADDRESS: Domain = [
  [owner(PARTNER.f.street), '!=', false],
  [owner(PARTNER.f.city), '!=', false],
];
const HAS_PURCHASE_DATE: Domain = [[UNIT.f.purchaseDate, '!=', false]];
/** Settled with an owner or carrier, by the bridge or by an admin's decision. */
const WOR_MATCHED: Domain = [
  [WOR.f.state, '=', 'matched'],
  [WOR.f.resolution, 'in', ['owner', 'carrier', 'reviewed']],
];

interface Metric {
  name: keyof QualityCounts;
  model: string;
  domain: Domain;
}

/** Each count as a domain on one model (the WOR ones for the visit date); all counted per branch. */
export function qualityMetrics(date: string, dialect: Dialect): Metric[] {
  const ofDay: Domain = [[WOR.f.visitDate, '=', date]];
  const VALID_MOBILE = validMobile(dialect);
  return [
    { name: 'customers', model: UNIT.model, domain: HAS_OWNER },
    { name: 'validMobile', model: UNIT.model, domain: [...HAS_OWNER, ...VALID_MOBILE] },
    { name: 'completeAddress', model: UNIT.model, domain: [...HAS_OWNER, ...FULL_ADDRESS] },
    { name: 'withPurchaseDate', model: UNIT.model, domain: [...HAS_OWNER, ...HAS_PURCHASE_DATE] },
    {
      name: 'completeRecords',
      model: UNIT.model,
      domain: [...HAS_OWNER, ...VALID_MOBILE, ...FULL_ADDRESS, ...HAS_PURCHASE_DATE],
    },
    { name: 'worTotal', model: WOR.model, domain: ofDay },
    { name: 'worMatched', model: WOR.model, domain: [...ofDay, ...WOR_MATCHED] },
    { name: 'worCreated', model: WOR.model, domain: [...ofDay, [WOR.f.resolution, '=', 'created']] },
    { name: 'worReview', model: WOR.model, domain: [...ofDay, [WOR.f.state, '=', 'review']] },
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

/** What the data-quality job reads and writes: `QualityStore` over Odoo, memory in tests. */
export interface QualityRecords {
  branches(): Promise<QualityBranch[]>;
  counts(date: string, branchIds: readonly number[]): Promise<QualityCountResult>;
  /** The date's records by branch (null: no branch), with their counts keyed as the rows'. */
  existing(date: string): Promise<Map<number | null, CurrentRecord>>;
  create(
    date: string,
    rows: readonly QualityRow[],
  ): Promise<Array<{ index: number; id?: number; error?: string }>>;
  update(
    rows: ReadonlyArray<{ id: number; values: QualityValues }>,
  ): Promise<Array<{ index: number; error?: string }>>;
  markLatest(): Promise<{ date: string | null; flagged: number; unflagged: number }>;
}

/** Reads the data-quality counts (units, owners, the day's WORs) and keeps `DATA_QUALITY` per branch and date. */
export class QualityStore implements QualityRecords {
  constructor(
    private readonly client: OdooClient,
    private readonly logger: Logger,
  ) {}

  /** Every branch, archived ones too (their units still count). */
  async branches(): Promise<QualityBranch[]> {
    const keys = ['name', 'active'] as const;
    const records = await this.client.searchRead(BRANCH.model, [], fieldNames(BRANCH, keys), {
      context: { active_test: false },
      order: 'id',
    });
    return records.map((raw) => {
      const record = decodeRecord(BRANCH, keys, raw);
      // An archive flag never written reads as active (Odoo's own reading of a missing x_active).
      return { id: record.id, name: record.name ?? '', active: raw[BRANCH.f.active] !== false };
    });
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
          [branchFieldOf(metric.model), '=', branchId ?? false],
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
    const branchField = branchFieldOf(metric.model);
    const groups =
      this.client.dialect.readGroup === 'formatted_read_group'
        ? await this.client.call<Array<Record<string, unknown>>>(metric.model, 'formatted_read_group', [], {
            domain: metric.domain,
            groupby: [branchField],
            aggregates: ['__count'],
          })
        : // lazy=False makes read_group answer the count as `__count` (lazy gives `<branch field>_count`).
          await this.client.call<Array<Record<string, unknown>>>(metric.model, 'read_group', [], {
            domain: metric.domain,
            fields: [branchField],
            groupby: [branchField],
            lazy: false,
          });
    const counts = new Map<number | null, number>();
    for (const group of groups) {
      const branchId = linkId(group[branchField]);
      counts.set(branchId, (counts.get(branchId) ?? 0) + Number(group.__count ?? 0));
    }
    return counts;
  }

  /** The date's records by branch (null: no branch); of duplicates, the oldest. */
  async existing(date: string): Promise<Map<number | null, CurrentRecord>> {
    const keys = ['branch', ...QUALITY_VALUE_KEYS] as const;
    const records = await this.client.searchRead(
      QUALITY,
      [[Q.date, '=', date]],
      fieldNames(DATA_QUALITY, keys),
      {
        idsOnly: true,
        order: 'id',
      },
    );
    const found = new Map<number | null, CurrentRecord>();
    for (const raw of records) {
      const { id, branch, ...values } = decodeRecord(DATA_QUALITY, keys, raw);
      if (found.has(branch)) continue;
      found.set(branch, { id, values });
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
      rows.map((row) => encodeValues(DATA_QUALITY, { date, branch: row.branchId, ...countsOf(row) })),
    );
    return outcomes.map((outcome) => ({
      index: outcome.index,
      ...(outcome.id !== undefined ? { id: outcome.id } : {}),
      ...(outcome.error ? { error: outcome.error.message } : {}),
    }));
  }

  /**
   * Flags the records of the newest date as the latest (`DATA_QUALITY.f.latest`, the reports' default filter:
   * counts are snapshots, so only one date's add up) and unflags the older ones. A catch-up run
   * for a past date leaves the flag where it is; nothing is written when it is already right.
   */
  async markLatest(): Promise<{ date: string | null; flagged: number; unflagged: number }> {
    const [newest] = await this.client.searchRead(QUALITY, [], [Q.date], {
      order: `${Q.date} desc, id`,
      limit: 1,
    });
    if (!newest) return { date: null, flagged: 0, unflagged: 0 };
    const date = String(newest[Q.date]);
    const candidates = (
      await this.client.searchRead(
        QUALITY,
        ['|', [Q.latest, '=', true], [Q.date, '=', date]],
        fieldNames(DATA_QUALITY, ['date', 'latest']),
      )
    ).map((raw) => decodeRecord(DATA_QUALITY, ['date', 'latest'], raw));
    const unflag = candidates.filter((row) => row.latest && row.date !== date).map((row) => row.id);
    const flag = candidates.filter((row) => !row.latest && row.date === date).map((row) => row.id);
    if (unflag.length > 0)
      await this.client.call(QUALITY, 'write', [unflag, encodeValues(DATA_QUALITY, { latest: false })]);
    if (flag.length > 0)
      await this.client.call(QUALITY, 'write', [flag, encodeValues(DATA_QUALITY, { latest: true })]);
    return { date, flagged: flag.length, unflagged: unflag.length };
  }

  /** Rewrites every count of the given records in one `load` (their values differ, so `write` would take one call each). */
  async update(
    rows: ReadonlyArray<{ id: number; values: QualityValues }>,
  ): Promise<Array<{ index: number; error?: string }>> {
    if (rows.length === 0) return [];
    const fields = await this.client.fieldsGet(QUALITY, fieldNames(DATA_QUALITY, QUALITY_VALUE_KEYS));
    const outcomes = await loadUpdates(
      this.client,
      QUALITY,
      rows.map((row) => ({ id: row.id, values: encodeValues(DATA_QUALITY, countsOf(row.values)) })),
      fields,
    );
    return outcomes.map((outcome) => ({
      index: outcome.index,
      ...(outcome.error ? { error: outcome.error.message } : {}),
    }));
  }
}

/** The values a record keeps of a row (a row carries its branch and name too). */
function countsOf(values: QualityValues): Pick<QualityValues, (typeof QUALITY_VALUE_KEYS)[number]> {
  return Object.fromEntries(QUALITY_VALUE_KEYS.map((key) => [key, values[key]])) as Pick<
    QualityValues,
    (typeof QUALITY_VALUE_KEYS)[number]
  >;
}

/** The branch link of a counted model (units and WORs both call it `branch`). */
function branchFieldOf(model: string): string {
  return model === WOR.model ? WOR.f.branch : UNIT.f.branch;
}
