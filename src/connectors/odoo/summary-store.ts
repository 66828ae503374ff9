import type { Offer } from '../../rules/followup/outcome.js';
import type { FollowUpResult, FollowUpState } from '../../rules/followup/schedule.js';
import type { DailySummary, FollowUpFacts } from '../../rules/followup/summary.js';
import { localDateOfOdooDatetime } from '../../rules/local-time.js';
import type { CurrentRecord, PlainValue } from '../../rules/record-plan.js';
import type { OdooClient } from './client.js';
import { toOdooDatetime } from './field-values.js';
import { loadUpdates } from './keyed-records.js';
import { linkId, textOrNull } from './read-values.js';

const SUMMARY = 'x_h23_daily_summary';

const COUNT_FIELDS: Readonly<Record<string, string>> = {
  due: 'x_due',
  contacted: 'x_contacted',
  responded: 'x_responded',
  booked: 'x_booked',
  refusedTime: 'x_refused_time',
  refusedDistance: 'x_refused_distance',
  refusedDisappointed: 'x_refused_disappointed',
  refusedOtherDealer: 'x_refused_other_dealer',
  offerWeekend: 'x_offer_weekend',
  offerHomeService: 'x_offer_home_service',
  offerPromo: 'x_offer_promo',
  offersAccepted: 'x_offers_accepted',
  noResponse: 'x_no_response',
  doneServices: 'x_done_services',
  conversionRate: 'x_conversion_rate',
};

export interface SummaryBranch {
  id: number;
  name: string;
  headId: number | null;
  coordinatorId: number | null;
  /** Local hour (17.5 = 17:30) after which the day's summary is sent; default 17. */
  summaryHour: number;
}

/** Summary lines are keyed by date, branch and admin (the branch's own line has no admin). */
export function summaryKey(line: { branchId: number | null; adminId: number | null }): string {
  return `${line.branchId ?? '-'}:${line.adminId ?? '*'}`;
}

export class SummaryStore {
  constructor(private readonly client: OdooClient) {}

  /** Follow-ups that count on `date`: due, contacted, done, or booked for that day (dealer-local). */
  async facts(date: string, timeZone: string): Promise<FollowUpFacts[]> {
    // The booking day in UTC bounds: a day in WIB starts at 17:00 UTC the day before; a margin of a day covers any zone.
    const from = toOdooDatetime(new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000));
    const to = toOdooDatetime(new Date(Date.parse(`${date}T00:00:00Z`) + 2 * 86_400_000));
    const records = await this.client.searchRead(
      'x_h23_followup',
      [
        '|',
        '|',
        '|',
        ['x_due_date', '=', date],
        ['x_contacted_on', '=', date],
        ['x_done_date', '=', date],
        '&',
        ['x_booking_at', '>=', from],
        ['x_booking_at', '<', to],
      ],
      [
        'x_branch_id',
        'x_admin_id',
        'x_due_date',
        'x_contacted_on',
        'x_result',
        'x_state',
        'x_offer',
        'x_offer_accepted',
        'x_booking_at',
        'x_done_date',
      ],
      { idsOnly: true },
    );
    return records.map((record) => {
      const bookingAt = textOrNull(record.x_booking_at);
      return {
        branchId: linkId(record.x_branch_id),
        adminId: linkId(record.x_admin_id),
        dueDate: String(record.x_due_date),
        contactedOn: textOrNull(record.x_contacted_on),
        result: textOrNull(record.x_result) as FollowUpResult | null,
        state: (textOrNull(record.x_state) ?? 'todo') as FollowUpState,
        offer: textOrNull(record.x_offer) as Offer | null,
        offerAccepted: record.x_offer_accepted === true,
        bookingDate: bookingAt ? localDateOfOdooDatetime(bookingAt, timeZone) : null,
        doneDate: textOrNull(record.x_done_date),
      };
    });
  }

  async existing(date: string): Promise<Map<string, CurrentRecord & { sentAt: string | null }>> {
    const records = await this.client.searchRead(
      SUMMARY,
      [['x_date', '=', date]],
      ['x_branch_id', 'x_admin_id', 'x_sent_at', ...Object.values(COUNT_FIELDS)],
      { idsOnly: true },
    );
    const found = new Map<string, CurrentRecord & { sentAt: string | null }>();
    for (const record of records) {
      const values: Record<string, PlainValue> = {};
      for (const [field, name] of Object.entries(COUNT_FIELDS)) values[field] = Number(record[name] ?? 0);
      found.set(summaryKey({ branchId: linkId(record.x_branch_id), adminId: linkId(record.x_admin_id) }), {
        id: record.id,
        values,
        sentAt: textOrNull(record.x_sent_at),
      });
    }
    return found;
  }

  private countsOf(values: Readonly<Record<string, PlainValue>>): Record<string, unknown> {
    const odoo: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(values)) {
      const name = COUNT_FIELDS[field];
      if (name) odoo[name] = value;
    }
    return odoo;
  }

  async create(lines: readonly DailySummary[]): Promise<Map<string, number>> {
    const outcomes = await this.client.create(
      SUMMARY,
      lines.map((line) => ({
        x_date: line.date,
        x_branch_id: line.branchId ?? false,
        x_admin_id: line.adminId ?? false,
        ...this.countsOf(line as unknown as Record<string, PlainValue>),
      })),
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
    const odooRows = rows.map((row) => ({ id: row.id, values: this.countsOf(row.values) }));
    const fields = await this.client.fieldsGet(SUMMARY, Object.values(COUNT_FIELDS));
    const refused = (await loadUpdates(this.client, SUMMARY, odooRows, fields)).find(
      (outcome) => outcome.error,
    );
    if (refused?.error) throw refused.error;
  }

  async branches(): Promise<SummaryBranch[]> {
    const records = await this.client.searchRead(
      'x_h23_branch',
      [],
      ['x_name', 'x_head_id', 'x_area_coordinator_id', 'x_summary_hour'],
      {
        idsOnly: true,
      },
    );
    return records.map((record) => ({
      id: record.id,
      name: String(record.x_name ?? ''),
      headId: linkId(record.x_head_id),
      coordinatorId: linkId(record.x_area_coordinator_id),
      summaryHour:
        typeof record.x_summary_hour === 'number' && record.x_summary_hour > 0 ? record.x_summary_hour : 17,
    }));
  }

  async users(ids: readonly number[]): Promise<Map<number, { name: string; email: string | null }>> {
    const records = ids.length === 0 ? [] : await this.client.read('res.users', [...ids], ['name', 'email']);
    return new Map(
      records.map((record) => [
        record.id,
        { name: String(record.name ?? ''), email: textOrNull(record.email) },
      ]),
    );
  }

  /**
   * Queues the summary e-mail in Odoo's mail queue, once: a mail already queued
   * for this summary (a run killed before marking it sent) is not queued again.
   */
  async send(
    summaryId: number,
    mail: { to: string; cc: string | null; subject: string; body: string },
    now: Date,
  ): Promise<void> {
    const queued = await this.client.searchCount('mail.mail', [
      ['model', '=', SUMMARY],
      ['res_id', '=', summaryId],
    ]);
    if (queued === 0) {
      await this.client.create('mail.mail', [
        {
          subject: mail.subject,
          body_html: mail.body,
          email_to: mail.to,
          ...(mail.cc ? { email_cc: mail.cc } : {}),
          model: SUMMARY,
          res_id: summaryId,
          auto_delete: false,
        },
      ]);
    }
    await this.client.call(SUMMARY, 'write', [[summaryId], { x_sent_at: toOdooDatetime(now) }]);
  }
}
