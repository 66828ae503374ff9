import { ACTIVITY_TYPES } from '../../module/activity-types.js';
import { FOLLOWUP, WOR } from '../../module/models.js';
import { CALENDAR_EVENT } from '../../module/odoo-models.js';
import type { BookingKind, Offer, RecordedOutcome } from '../../rules/followup/outcome.js';
import type { ReminderStage } from '../../rules/followup/reminders.js';
import type { FollowUpResult, FollowUpState, Kpb, Stage } from '../../rules/followup/schedule.js';
import { ActivityStore } from './activity-store.js';
import type { OdooClient } from './client.js';
import { throwFirstRefusal } from './client.js';
import { x2many } from './commands.js';
import { toOdooDatetime } from './field-values.js';
import { loadUpdates } from './keyed-records.js';
import { linkName } from './read-values.js';
import { decodeRecord, encodeValues, fieldNames } from './schema-codec.js';

/** Follow-ups with a recorded result, and what applying the SOP to them writes: events, states, activities. */

/** The FU1–FU3 and reminder activity types: the contact a follow-up asks for. */
const CONTACT = [
  ACTIVITY_TYPES.kpbFu1,
  ACTIVITY_TYPES.kpbFu2,
  ACTIVITY_TYPES.kpbFu3,
  ACTIVITY_TYPES.serviceReminder,
  ACTIVITY_TYPES.winBack,
];
/** The SOP's own activities: an offer a refusal requires, a result to put right. */
const SOP = [ACTIVITY_TYPES.missingOffer, ACTIVITY_TYPES.fixOutcome];

const RECORDED_READ = [
  'kpb',
  'stage',
  'state',
  'result',
  'offer',
  'offerAccepted',
  'bookingAt',
  'bookingKind',
  'eventId',
  'adminId',
  'partnerId',
  'unitId',
  'contactedOn',
  'lastService',
] as const;

export interface OutcomeRecord extends RecordedOutcome {
  /** The day the bridge first saw a result on it. */
  contactedOn: string | null;
  adminId: number | null;
  partnerId: number | null;
  partnerName: string | null;
  unitLabel: string | null;
}

export class OutcomeStore {
  private readonly activities: ActivityStore;

  constructor(private readonly client: OdooClient) {
    this.activities = new ActivityStore(client, FOLLOWUP, [...SOP, ...CONTACT]);
  }

  /** Follow-ups whose result is recorded and which are not finished, page by page. */
  async *recorded(pageSize = 2000): AsyncGenerator<OutcomeRecord[]> {
    const domain = [
      [FOLLOWUP.f.result, '!=', false],
      [FOLLOWUP.f.state, 'in', ['todo', 'contacted', 'booked']],
    ];
    for await (const page of this.client.searchPages(
      FOLLOWUP.model,
      domain,
      fieldNames(FOLLOWUP, RECORDED_READ),
      { pageSize },
    )) {
      const records = page.map((raw) => ({ raw, record: decodeRecord(FOLLOWUP, RECORDED_READ, raw) }));
      const serviced = await this.servicedSince(records.map(({ record }) => record));
      yield records.map(({ raw, record }) => ({
        followUpId: record.id,
        // A reminder after KPB 4 has no KPB.
        kpb: record.kpb ? (Number(record.kpb) as Kpb) : null,
        stage: record.stage as Stage | ReminderStage,
        state: (record.state ?? 'todo') as FollowUpState,
        result: record.result as FollowUpResult | null,
        offer: record.offer as Offer | null,
        offerAccepted: record.offerAccepted,
        bookingAt: record.bookingAt,
        bookingKind: record.bookingKind as BookingKind | null,
        eventId: record.eventId,
        servicedSince: serviced.has(record.id),
        adminId: record.adminId,
        partnerId: record.partnerId,
        // The links' display names: the partner's name, the unit's (engine number and model).
        partnerName: linkName(raw[FOLLOWUP.f.partnerId]),
        unitLabel: linkName(raw[FOLLOWUP.f.unitId]),
        contactedOn: record.contactedOn,
      }));
    }
  }

  /**
   * The reminders among these whose customer has a workshop visit after the service the
   * reminder counts from: the nightly reminders close them, and a booking they had is no no-show.
   */
  private async servicedSince(
    records: ReadonlyArray<{ id: number; partnerId: number | null; lastService: string | null }>,
  ): Promise<Set<number>> {
    const reminders = records.filter((record) => record.partnerId !== null && record.lastService !== null);
    if (reminders.length === 0) return new Set();
    const earliest = reminders.map((record) => record.lastService as string).sort()[0] as string;
    const latest = new Map<number, string>();
    for (const visit of await this.client.searchRead(
      WOR.model,
      [
        [WOR.f.partnerId, 'in', [...new Set(reminders.map((record) => record.partnerId as number))]],
        [WOR.f.visitDate, '>', earliest],
      ],
      fieldNames(WOR, ['partnerId', 'visitDate']),
      { idsOnly: true },
    )) {
      const { partnerId, visitDate } = decodeRecord(WOR, ['partnerId', 'visitDate'], visit);
      if (partnerId && visitDate && visitDate > (latest.get(partnerId) ?? ''))
        latest.set(partnerId, visitDate);
    }
    return new Set(
      reminders
        .filter((record) => (latest.get(record.partnerId as number) ?? '') > (record.lastService as string))
        .map((record) => record.id),
    );
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
    const model = await this.activities.modelId();
    const owned = await this.client.searchRead(
      CALENDAR_EVENT.model,
      [
        [CALENDAR_EVENT.f.resModelId, '=', model],
        [CALENDAR_EVENT.f.resId, 'in', bookings.map((booking) => booking.outcome.followUpId)],
      ],
      fieldNames(CALENDAR_EVENT, ['resId']),
    );
    const eventOf = new Map(
      owned.map((event) => [decodeRecord(CALENDAR_EVENT, ['resId'], event).resId, event.id]),
    );
    const missing = bookings.filter((booking) => !eventOf.has(booking.outcome.followUpId));
    const created = await this.client.create(
      CALENDAR_EVENT.model,
      missing.map(({ outcome, at, name, description }) => ({
        ...encodeValues(CALENDAR_EVENT, {
          name,
          start: at,
          stop: toOdooDatetime(new Date(Date.parse(`${at.replace(' ', 'T')}Z`) + 60 * 60 * 1000)) || null,
          description,
          resModelId: model,
          resId: outcome.followUpId,
          ...(outcome.adminId ? { user: outcome.adminId } : {}),
          // A link command adds the customer beside the attendee Odoo puts there itself (the organiser).
          ...(outcome.partnerId ? { partners: [x2many.link(outcome.partnerId)] } : {}),
        }),
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
    const fields = await this.client.fieldsGet(
      FOLLOWUP.model,
      fieldNames(FOLLOWUP, ['eventId', 'bookingKind']),
    );
    const linked = await loadUpdates(
      this.client,
      FOLLOWUP.model,
      bookings.map(({ outcome, kind }) => ({
        id: outcome.followUpId,
        values: encodeValues(FOLLOWUP, {
          eventId: eventOf.get(outcome.followUpId) ?? null,
          bookingKind: kind,
        }),
      })),
      fields,
    );
    throwFirstRefusal(linked);
    return created.length;
  }

  /** Records the day a result was first seen: the daily summary counts contacts by it. */
  async markContacted(followUpIds: readonly number[], date: string): Promise<void> {
    if (followUpIds.length > 0) {
      await this.client.call(FOLLOWUP.model, 'write', [
        [...followUpIds],
        encodeValues(FOLLOWUP, { contactedOn: date }),
      ]);
    }
  }

  async setStates(rows: ReadonlyArray<{ followUpId: number; state: FollowUpState }>): Promise<void> {
    const byState = new Map<FollowUpState, number[]>();
    for (const row of rows) byState.set(row.state, [...(byState.get(row.state) ?? []), row.followUpId]);
    for (const [state, ids] of byState)
      await this.client.call(FOLLOWUP.model, 'write', [ids, encodeValues(FOLLOWUP, { state })]);
  }

  /** Open SOP activities (offers and fixes) on these follow-ups: id, follow-up, summary. */
  async openSopActivities(
    followUpIds: readonly number[],
  ): Promise<Array<{ id: number; followUpId: number; summary: string }>> {
    const open = await this.activities.open(followUpIds, { types: SOP });
    return open.map((activity) => ({
      id: activity.id,
      followUpId: activity.resId,
      summary: activity.summary,
    }));
  }

  /** Open FU1–FU3 activities (the call or WhatsApp a follow-up asks for) on these follow-ups. */
  async openContactActivities(
    followUpIds: readonly number[],
  ): Promise<Array<{ id: number; followUpId: number }>> {
    const open = await this.activities.open(followUpIds, { types: CONTACT });
    return open.map((activity) => ({ id: activity.id, followUpId: activity.resId }));
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
    const outcomes = await this.activities.create(
      rows.map((row) => ({
        resId: row.followUpId,
        type: row.kind === 'offer' ? ACTIVITY_TYPES.missingOffer : ACTIVITY_TYPES.fixOutcome,
        userId: row.userId,
        summary: row.summary,
        note: `<p>${row.note}</p>`,
        deadline: row.deadline,
      })),
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
    await this.activities.markDone(ids.map((id) => ({ id, feedback })));
  }
}
