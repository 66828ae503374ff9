import { BRANCH, DAILY_SUMMARY, FOLLOWUP } from '../../module/models.js';
import { MAIL, USERS } from '../../module/odoo-models.js';
import type { Offer } from '../../rules/followup/outcome.js';
import type { FollowUpResult, FollowUpState } from '../../rules/followup/schedule.js';
import {
  type DailyCounts,
  type DailySummary,
  type FollowUpFacts,
  summaryKey,
} from '../../rules/followup/summary.js';
import { localDateOfOdooDatetime } from '../../rules/local-time.js';
import type { CurrentRecord, PlainValue } from '../../rules/record-plan.js';
import type { OdooClient } from './client.js';
import { throwFirstRefusal } from './client.js';
import { toOdooDatetime } from './field-values.js';
import { loadUpdates } from './keyed-records.js';
import { decodeRecord, encodeValues, type FieldKey, fieldNames, type ValuesOf } from './schema-codec.js';

type SummaryField = FieldKey<typeof DAILY_SUMMARY>;
/** The summary model's numeric fields: the day's counts and the conversion rate. */
type CountKey = {
  [K in SummaryField]: (typeof DAILY_SUMMARY)['fields'][K]['type'] extends 'integer' | 'float' ? K : never;
}[SummaryField];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Does not compile once `DailyCounts` and the model's numeric fields name different things. */
const COUNTS_ARE_NUMERIC_FIELDS: Same<CountKey, keyof DailyCounts> = true;

const COUNT_KEYS: readonly CountKey[] = (Object.keys(DAILY_SUMMARY.fields) as SummaryField[]).filter(
  (key): key is CountKey =>
    COUNTS_ARE_NUMERIC_FIELDS &&
    (DAILY_SUMMARY.fields[key].type === 'integer' || DAILY_SUMMARY.fields[key].type === 'float'),
);

const FACT_READ = [
  'branch',
  'adminId',
  'dueDate',
  'contactedOn',
  'result',
  'state',
  'offer',
  'offerAccepted',
  'bookingAt',
  'doneDate',
] as const;
const EXISTING_READ: readonly SummaryField[] = ['branch', 'adminId', 'sentAt', ...COUNT_KEYS];
const BRANCH_READ = ['name', 'headId', 'areaCoordinatorId', 'summaryHour'] as const;

export interface SummaryBranch {
  id: number;
  name: string;
  headId: number | null;
  coordinatorId: number | null;
  /** Local hour (17.5 = 17:30) after which the day's summary is sent; default 17. */
  summaryHour: number;
}

export interface SummaryMail {
  to: string;
  cc: string | null;
  subject: string;
  body: string;
}

/** The counts among a line's values, as the summary model's values. */
function countsOf(
  values: Readonly<Record<string, PlainValue>> | DailyCounts,
): ValuesOf<typeof DAILY_SUMMARY> {
  const counts: ValuesOf<typeof DAILY_SUMMARY> = {};
  for (const key of COUNT_KEYS) {
    const value = (values as Readonly<Record<string, PlainValue>>)[key];
    if (typeof value === 'number') counts[key] = value;
  }
  return counts;
}

export class SummaryStore {
  constructor(private readonly client: OdooClient) {}

  /** Follow-ups that count on `date`: due, contacted, done, or booked for that day (dealer-local). */
  async facts(date: string, timeZone: string): Promise<FollowUpFacts[]> {
    // The booking day in UTC bounds: a day in WIB starts at 17:00 UTC the day before; a margin of a day covers any zone.
    const from = toOdooDatetime(new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000));
    const to = toOdooDatetime(new Date(Date.parse(`${date}T00:00:00Z`) + 2 * 86_400_000));
    const f = FOLLOWUP.f;
    const records = await this.client.searchRead(
      FOLLOWUP.model,
      [
        '|',
        '|',
        '|',
        [f.dueDate, '=', date],
        [f.contactedOn, '=', date],
        [f.doneDate, '=', date],
        '&',
        [f.bookingAt, '>=', from],
        [f.bookingAt, '<', to],
      ],
      fieldNames(FOLLOWUP, FACT_READ),
      { idsOnly: true },
    );
    return records.map((raw) => {
      const record = decodeRecord(FOLLOWUP, FACT_READ, raw);
      return {
        branchId: record.branch,
        adminId: record.adminId,
        dueDate: String(record.dueDate),
        contactedOn: record.contactedOn,
        result: record.result as FollowUpResult | null,
        state: (record.state ?? 'todo') as FollowUpState,
        offer: record.offer as Offer | null,
        offerAccepted: record.offerAccepted,
        bookingDate: record.bookingAt ? localDateOfOdooDatetime(record.bookingAt, timeZone) : null,
        doneDate: record.doneDate,
      };
    });
  }

  async existing(date: string): Promise<Map<string, CurrentRecord & { sentAt: string | null }>> {
    const records = await this.client.searchRead(
      DAILY_SUMMARY.model,
      [[DAILY_SUMMARY.f.date, '=', date]],
      fieldNames(DAILY_SUMMARY, EXISTING_READ),
      { idsOnly: true },
    );
    const found = new Map<string, CurrentRecord & { sentAt: string | null }>();
    for (const raw of records) {
      const record = decodeRecord(DAILY_SUMMARY, EXISTING_READ, raw);
      const values: Record<string, PlainValue> = {};
      for (const key of COUNT_KEYS) values[key] = record[key] as number;
      found.set(
        summaryKey({ branchId: record.branch as number | null, adminId: record.adminId as number | null }),
        { id: record.id, values, sentAt: record.sentAt as string | null },
      );
    }
    return found;
  }

  async create(lines: readonly DailySummary[]): Promise<Map<string, number>> {
    const outcomes = await this.client.create(
      DAILY_SUMMARY.model,
      lines.map((line) =>
        encodeValues(DAILY_SUMMARY, {
          date: line.date,
          branch: line.branchId,
          adminId: line.adminId,
          ...countsOf(line),
        }),
      ),
    );
    const ids = new Map<string, number>();
    for (const outcome of outcomes) {
      const line = lines[outcome.index];
      if (line && outcome.id) ids.set(summaryKey(line), outcome.id);
    }
    return ids;
  }

  /** Changed counts of many lines in one `load` (each line's values differ). */
  async update(
    rows: ReadonlyArray<{ id: number; values: Readonly<Record<string, PlainValue>> }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    const odooRows = rows.map((row) => ({
      id: row.id,
      values: encodeValues(DAILY_SUMMARY, countsOf(row.values)),
    }));
    const fields = await this.client.fieldsGet(DAILY_SUMMARY.model, fieldNames(DAILY_SUMMARY, COUNT_KEYS));
    throwFirstRefusal(await loadUpdates(this.client, DAILY_SUMMARY.model, odooRows, fields));
  }

  async branches(): Promise<SummaryBranch[]> {
    const records = await this.client.searchRead(BRANCH.model, [], fieldNames(BRANCH, BRANCH_READ), {
      idsOnly: true,
    });
    return records.map((raw) => {
      const record = decodeRecord(BRANCH, BRANCH_READ, raw);
      return {
        id: record.id,
        name: record.name ?? '',
        headId: record.headId,
        coordinatorId: record.areaCoordinatorId,
        summaryHour: record.summaryHour > 0 ? record.summaryHour : 17,
      };
    });
  }

  async users(ids: readonly number[]): Promise<Map<number, { name: string; email: string | null }>> {
    const read = ['name', 'email'] as const;
    const records =
      ids.length === 0 ? [] : await this.client.read(USERS.model, [...ids], fieldNames(USERS, read));
    return new Map(
      records.map((raw) => {
        const user = decodeRecord(USERS, read, raw);
        return [user.id, { name: user.name ?? '', email: user.email }];
      }),
    );
  }

  /**
   * Queues the summary e-mail in Odoo's mail queue, once: a mail already queued
   * for this summary (a run killed before marking it sent) is not queued again.
   */
  async send(summaryId: number, mail: SummaryMail, now: Date): Promise<void> {
    const queued = await this.client.searchCount(MAIL.model, [
      [MAIL.f.resModel, '=', DAILY_SUMMARY.model],
      [MAIL.f.resId, '=', summaryId],
    ]);
    if (queued === 0) {
      await this.client.create(MAIL.model, [
        encodeValues(MAIL, {
          subject: mail.subject,
          body: mail.body,
          to: mail.to,
          ...(mail.cc ? { cc: mail.cc } : {}),
          resModel: DAILY_SUMMARY.model,
          resId: summaryId,
          autoDelete: false,
        }),
      ]);
    }
    await this.client.call(DAILY_SUMMARY.model, 'write', [
      [summaryId],
      encodeValues(DAILY_SUMMARY, { sentAt: toOdooDatetime(now) || null }),
    ]);
  }
}
