import type { OdooClient } from '../connectors/odoo/client.js';
import { type OutcomeRecord, OutcomeStore } from '../connectors/odoo/outcome-store.js';
import type { Logger } from '../logging/logger.js';
import { ACTIVITY } from '../module/odoo-models.js';
import {
  type BookingKind,
  bookingText,
  decideOutcome,
  type OutcomeAction,
  sopActivitySummary,
} from '../rules/followup/outcome.js';
import type { FollowUpState } from '../rules/followup/schedule.js';

export interface OutcomeRequest {
  /** The dealer's date: deadline of the activities the SOP asks for. */
  date: string;
  dryRun: boolean;
}

export interface OutcomeReport {
  date: string;
  dryRun: boolean;
  followUpsRead: number;
  eventsCreated: number;
  statesSet: number;
  activitiesCreated: number;
  activitiesFinished: number;
  actions: OutcomeAction[];
  /** SOP activities Odoo refused, with its message: tried again on the next run. */
  refused: Array<{ followUpId: number; message: string }>;
}

/** A booking to make: its calendar event's time, kind and texts. */
export interface Booking {
  outcome: OutcomeRecord;
  at: string;
  kind: BookingKind;
  name: string;
  description: string;
}

/** An offer or fix activity the SOP asks of the admin. */
export interface SopActivity {
  followUpId: number;
  kind: 'offer' | 'fix';
  userId: number | null;
  summary: string;
  note: string;
  deadline: string;
}

/**
 * What the job reads and writes: `OutcomeStore` over Odoo, or memory in
 * tests (test/support/memory-outcome-store.ts).
 */
export interface OutcomeStores {
  /** Follow-ups with a result that are not finished, page by page. */
  recorded(): AsyncIterable<OutcomeRecord[]>;
  markContacted(followUpIds: readonly number[], date: string): Promise<void>;
  /** Events for the bookings, linked both ways (one a killed run made is adopted); returns those created. */
  book(bookings: readonly Booking[]): Promise<number>;
  setStates(rows: ReadonlyArray<{ followUpId: number; state: FollowUpState }>): Promise<void>;
  openSopActivities(
    followUpIds: readonly number[],
  ): Promise<Array<{ id: number; followUpId: number; summary: string }>>;
  openContactActivities(followUpIds: readonly number[]): Promise<Array<{ id: number; followUpId: number }>>;
  createSopActivities(
    rows: readonly SopActivity[],
  ): Promise<{ created: number; refused: Array<{ followUpId: number; message: string }> }>;
  finishActivities(ids: readonly number[], feedback: string): Promise<void>;
}

/**
 * Applies the SOP to the results the admins recorded: a booking becomes a
 * calendar event linked to its follow-up, and the follow-up's FU activity is
 * marked done; a refusal without the offer its reason requires, or a result
 * that contradicts itself, gets an activity back to the admin, which the
 * bridge marks done once the follow-up is put right. Keyed by follow-up and
 * purpose, so re-running changes nothing.
 */
export async function processOutcomes(
  client: OdooClient,
  logger: Logger,
  request: OutcomeRequest,
): Promise<OutcomeReport> {
  return applyOutcomes(new OutcomeStore(client), logger, request);
}

export async function applyOutcomes(
  store: OutcomeStores,
  logger: Logger,
  request: OutcomeRequest,
): Promise<OutcomeReport> {
  const report: OutcomeReport = {
    date: request.date,
    dryRun: request.dryRun,
    followUpsRead: 0,
    eventsCreated: 0,
    statesSet: 0,
    activitiesCreated: 0,
    activitiesFinished: 0,
    actions: [],
    refused: [],
  };
  for await (const page of store.recorded()) {
    report.followUpsRead += page.length;
    const byId = new Map(page.map((outcome) => [outcome.followUpId, outcome]));
    const actions = page.flatMap((outcome) => decideOutcome(outcome, request.date));
    report.actions.push(...actions);
    const open = await store.openSopActivities(page.map((outcome) => outcome.followUpId));
    const wanted = actions.flatMap((action) =>
      action.action === 'require_offer' || action.action === 'require_fix'
        ? [{ action, summary: sopActivitySummary(action) }]
        : [],
    );
    const openKeys = new Set(open.map((activity) => `${activity.followUpId}|${activity.summary}`));
    const wantedKeys = new Set(wanted.map(({ action, summary }) => `${action.followUpId}|${summary}`));
    const toCreate = wanted.filter(({ action, summary }) => !openKeys.has(`${action.followUpId}|${summary}`));
    const settled = open.filter((activity) => !wantedKeys.has(`${activity.followUpId}|${activity.summary}`));
    const states = actions.flatMap((action) =>
      action.action === 'set_state' ? [{ followUpId: action.followUpId, state: action.state }] : [],
    );
    const bookings = actions.flatMap((action) => (action.action === 'book' ? [action] : []));
    const contacted = actions.flatMap((action) => (action.action === 'finish_contact' ? [action] : []));
    const contactActivities = await store.openContactActivities(contacted.map((action) => action.followUpId));
    if (request.dryRun) {
      report.activitiesCreated += toCreate.length;
      report.activitiesFinished += settled.length + contactActivities.length;
      report.statesSet += states.length;
      report.eventsCreated += bookings.length;
      continue;
    }
    await store.markContacted(
      page.filter((outcome) => outcome.contactedOn === null).map((outcome) => outcome.followUpId),
      request.date,
    );
    report.eventsCreated += await store.book(
      bookings.flatMap((booking) => {
        const outcome = byId.get(booking.followUpId);
        if (!outcome) return [];
        const text = bookingText(outcome.kpb, booking.kind, outcome.partnerName, outcome.unitLabel);
        return [{ outcome, at: booking.at, kind: booking.kind, ...text }];
      }),
    );
    await store.setStates(states as Array<{ followUpId: number; state: FollowUpState }>);
    report.statesSet += states.length;
    const sop = await store.createSopActivities(
      toCreate.map(({ action, summary }) => ({
        followUpId: action.followUpId,
        kind: action.action === 'require_offer' ? 'offer' : 'fix',
        userId: byId.get(action.followUpId)?.adminId ?? null,
        summary,
        note: action.note,
        deadline: request.date,
      })),
    );
    report.activitiesCreated += sop.created;
    report.refused.push(...sop.refused);
    await store.finishActivities(
      settled.map((activity) => activity.id),
      'Sudah sesuai SOP: dicatat pada follow up.',
    );
    report.activitiesFinished += settled.length;
    // After the events: should Odoo refuse one (the run stops), the FU activities stay open for the next run.
    const feedbackOf = new Map(contacted.map((action) => [action.followUpId, action.feedback]));
    const byFeedback = new Map<string, number[]>();
    for (const activity of contactActivities) {
      const feedback = feedbackOf.get(activity.followUpId) ?? '';
      byFeedback.set(feedback, [...(byFeedback.get(feedback) ?? []), activity.id]);
    }
    for (const [feedback, ids] of byFeedback) await store.finishActivities(ids, feedback);
    report.activitiesFinished += contactActivities.length;
  }
  logger.info(
    {
      date: request.date,
      dryRun: request.dryRun,
      read: report.followUpsRead,
      events: report.eventsCreated,
      activities: report.activitiesCreated,
      finished: report.activitiesFinished,
      refused: report.refused.length,
    },
    'follow-up outcomes processed',
  );
  for (const { followUpId, message } of report.refused.slice(0, 20))
    logger.warn({ model: ACTIVITY.model, followUpId, err: message }, 'Odoo refused an SOP activity');
  return report;
}
