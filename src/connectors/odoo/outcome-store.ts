import { ACTIVITY_TYPES } from '../../module/activity-types.js';
import type { BookingKind, Offer, RecordedOutcome } from '../../rules/followup/outcome.js';
import type { FollowUpResult, FollowUpState, Kpb, Stage } from '../../rules/followup/schedule.js';
import type { OdooClient } from './client.js';
import { resolveXmlids } from './external-ids.js';
import { toOdooDatetime } from './field-values.js';
import { loadUpdates } from './keyed-records.js';
import { linkId, linkName, textOrNull } from './read-values.js';

/** Follow-ups with a recorded result, and what applying the SOP to them writes: events, states, activities. */

const FOLLOWUP = 'x_h23_followup';

export interface OutcomeRecord extends RecordedOutcome {
  /** The day the bridge first saw a result on it. */
  contactedOn: string | null;
  adminId: number | null;
  partnerId: number | null;
  partnerName: string | null;
  unitLabel: string | null;
}

interface OutcomeRefs {
  model: number;
  missingOffer: number;
  fixOutcome: number;
  /** The FU1–FU3 activity types: the contact a follow-up asks for. */
  contact: number[];
}

export class OutcomeStore {
  private ids: OutcomeRefs | null = null;

  constructor(private readonly client: OdooClient) {}

  /** The follow-up model and the activity types the SOP uses, in one `ir.model.data` read. */
  private async refs(): Promise<OutcomeRefs> {
    if (!this.ids) {
      const wanted = [
        'h23_crm.model_x_h23_followup',
        ACTIVITY_TYPES.missingOffer,
        ACTIVITY_TYPES.fixOutcome,
        ACTIVITY_TYPES.kpbFu1,
        ACTIVITY_TYPES.kpbFu2,
        ACTIVITY_TYPES.kpbFu3,
      ];
      const found = await resolveXmlids(this.client, wanted);
      const [model, missingOffer, fixOutcome, ...contact] = wanted.map((xmlid) => found.get(xmlid)?.id);
      const contactIds = contact.filter((id): id is number => id !== undefined);
      if (!model || !missingOffer || !fixOutcome || contactIds.length !== contact.length) {
        throw new Error('The h23_crm module is incomplete: run h23-bridge install');
      }
      this.ids = { model, missingOffer, fixOutcome, contact: contactIds };
    }
    return this.ids;
  }

  /** Follow-ups whose result is recorded and which are not finished, page by page. */
  async *recorded(pageSize = 2000): AsyncGenerator<OutcomeRecord[]> {
    const fields = [
      'x_kpb',
      'x_stage',
      'x_state',
      'x_result',
      'x_offer',
      'x_offer_accepted',
      'x_booking_at',
      'x_booking_kind',
      'x_event_id',
      'x_admin_id',
      'x_partner_id',
      'x_unit_id',
      'x_contacted_on',
    ];
    const domain = [
      ['x_result', '!=', false],
      ['x_state', 'in', ['todo', 'contacted', 'booked']],
    ];
    for await (const page of this.client.searchPages(FOLLOWUP, domain, fields, { pageSize })) {
      yield page.map((record) => ({
        followUpId: record.id,
        kpb: Number(record.x_kpb) as Kpb,
        stage: record.x_stage as Stage,
        state: (textOrNull(record.x_state) ?? 'todo') as FollowUpState,
        result: textOrNull(record.x_result) as FollowUpResult | null,
        offer: textOrNull(record.x_offer) as Offer | null,
        offerAccepted: record.x_offer_accepted === true,
        bookingAt: textOrNull(record.x_booking_at),
        bookingKind: textOrNull(record.x_booking_kind) as BookingKind | null,
        eventId: linkId(record.x_event_id),
        adminId: linkId(record.x_admin_id),
        partnerId: linkId(record.x_partner_id),
        partnerName: linkName(record.x_partner_id),
        unitLabel: linkName(record.x_unit_id),
        contactedOn: textOrNull(record.x_contacted_on),
      }));
    }
  }

  /**
   * The bookings' calendar events, linked both ways, in three calls whatever
   * their number: events the follow-ups already own (a run killed after making
   * them) are adopted, the others created together, and the links written with
   * one `load`. Returns the events created.
   */
  async book(
    bookings: ReadonlyArray<{
      outcome: OutcomeRecord;
      at: string;
      kind: BookingKind;
      name: string;
      description: string;
    }>,
  ): Promise<number> {
    if (bookings.length === 0) return 0;
    const { model } = await this.refs();
    const owned = await this.client.searchRead(
      'calendar.event',
      [
        ['res_model_id', '=', model],
        ['res_id', 'in', bookings.map((booking) => booking.outcome.followUpId)],
      ],
      ['res_id'],
    );
    const eventOf = new Map(owned.map((event) => [Number(event.res_id), event.id]));
    const missing = bookings.filter((booking) => !eventOf.has(booking.outcome.followUpId));
    const created = await this.client.create(
      'calendar.event',
      missing.map(({ outcome, at, name, description }) => ({
        name,
        start: at,
        stop: toOdooDatetime(new Date(Date.parse(`${at.replace(' ', 'T')}Z`) + 60 * 60 * 1000)),
        description,
        res_model_id: model,
        res_id: outcome.followUpId,
        ...(outcome.adminId ? { user_id: outcome.adminId } : {}),
        ...(outcome.partnerId ? { partner_ids: [[4, outcome.partnerId]] } : {}),
      })),
      // Customers are not mailed calendar invitations by the bridge; the admin gets no "assigned to
      // you" mail for the event's activity (17/18 refuse it: the bridge user has no e-mail address).
      {
        context: {
          dont_notify: true,
          no_mail_to_attendees: true,
          mail_create_nosubscribe: true,
          mail_activity_quick_update: true,
        },
      },
    );
    for (const outcome of created) {
      const booking = missing[outcome.index];
      if (!outcome.id || !booking) throw outcome.error ?? new Error('Odoo created no calendar event');
      eventOf.set(booking.outcome.followUpId, outcome.id);
    }
    const fields = await this.client.fieldsGet(FOLLOWUP, ['x_event_id', 'x_booking_kind']);
    const linked = await loadUpdates(
      this.client,
      FOLLOWUP,
      bookings.map(({ outcome, kind }) => ({
        id: outcome.followUpId,
        values: { x_event_id: eventOf.get(outcome.followUpId), x_booking_kind: kind },
      })),
      fields,
    );
    const refused = linked.find((outcome) => outcome.error);
    if (refused?.error) throw refused.error;
    return created.length;
  }

  /** Records the day a result was first seen: the daily summary counts contacts by it. */
  async markContacted(followUpIds: readonly number[], date: string): Promise<void> {
    if (followUpIds.length > 0) {
      await this.client.call(FOLLOWUP, 'write', [[...followUpIds], { x_contacted_on: date }]);
    }
  }

  async setStates(rows: ReadonlyArray<{ followUpId: number; state: FollowUpState }>): Promise<void> {
    const byState = new Map<FollowUpState, number[]>();
    for (const row of rows) byState.set(row.state, [...(byState.get(row.state) ?? []), row.followUpId]);
    for (const [state, ids] of byState) await this.client.call(FOLLOWUP, 'write', [ids, { x_state: state }]);
  }

  /** Open SOP activities (offers and fixes) on these follow-ups: id, follow-up, summary. */
  async openSopActivities(
    followUpIds: readonly number[],
  ): Promise<Array<{ id: number; followUpId: number; summary: string }>> {
    if (followUpIds.length === 0) return [];
    const { missingOffer, fixOutcome } = await this.refs();
    const records = await this.client.searchRead(
      'mail.activity',
      [
        ['res_model', '=', FOLLOWUP],
        ['res_id', 'in', [...followUpIds]],
        ['activity_type_id', 'in', [missingOffer, fixOutcome]],
      ],
      ['res_id', 'summary'],
    );
    return records.map((record) => ({
      id: record.id,
      followUpId: Number(record.res_id),
      summary: String(record.summary ?? ''),
    }));
  }

  /** Open FU1–FU3 activities (the call or WhatsApp a follow-up asks for) on these follow-ups. */
  async openContactActivities(
    followUpIds: readonly number[],
  ): Promise<Array<{ id: number; followUpId: number }>> {
    if (followUpIds.length === 0) return [];
    const { contact } = await this.refs();
    const records = await this.client.searchRead(
      'mail.activity',
      [
        ['res_model', '=', FOLLOWUP],
        ['res_id', 'in', [...followUpIds]],
        ['activity_type_id', 'in', contact],
      ],
      ['res_id'],
    );
    return records.map((record) => ({ id: record.id, followUpId: Number(record.res_id) }));
  }

  async createSopActivities(
    rows: ReadonlyArray<{
      followUpId: number;
      kind: 'offer' | 'fix';
      userId: number | null;
      summary: string;
      note: string;
      deadline: string;
    }>,
  ): Promise<{ created: number; refused: Array<{ followUpId: number; message: string }> }> {
    if (rows.length === 0) return { created: 0, refused: [] };
    const { model, missingOffer, fixOutcome } = await this.refs();
    const outcomes = await this.client.create(
      'mail.activity',
      rows.map((row) => ({
        res_model_id: model,
        res_id: row.followUpId,
        activity_type_id: row.kind === 'offer' ? missingOffer : fixOutcome,
        summary: row.summary,
        note: `<p>${row.note}</p>`,
        date_deadline: row.deadline,
        ...(row.userId ? { user_id: row.userId } : {}),
      })),
      // No "assigned to you" mail: the admin works from the to-do list, and Odoo 17/18 refuse
      // the activity when the sender (the bridge user) has no e-mail address.
      { context: { mail_activity_quick_update: true } },
    );
    return {
      created: outcomes.filter((outcome) => outcome.id !== undefined).length,
      refused: outcomes.flatMap((outcome) =>
        outcome.error
          ? [{ followUpId: rows[outcome.index]?.followUpId ?? 0, message: outcome.error.message }]
          : [],
      ),
    };
  }

  async finishActivities(ids: readonly number[], feedback: string): Promise<void> {
    if (ids.length > 0) await this.client.call('mail.activity', 'action_feedback', [[...ids]], { feedback });
  }
}
