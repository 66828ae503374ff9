import type { OutcomeRecord } from '../../src/connectors/odoo/outcome-store.js';
import type { Booking, OutcomeStores, SopActivity } from '../../src/jobs/process-outcomes.js';
import type { FollowUpState } from '../../src/rules/followup/schedule.js';

export interface MemoryOutcomeActivity {
  id: number;
  followUpId: number;
  kind: 'contact' | 'offer' | 'fix';
  summary: string;
  open: boolean;
  feedback?: string;
}

export interface MemoryEvent {
  id: number;
  /** The follow-up that owns it (`res_model_id`/`res_id`): how a run after a kill finds it. */
  followUpId: number;
  name: string;
  start: string;
}

/**
 * The follow-ups, activities and calendar events of one Odoo, in memory, for
 * the outcome job. Write calls are counted as `OutcomeStore` makes them (one
 * per state, per feedback, per create or load) and fail once the kill switch's
 * budget is spent, as a killed process would. `refuseActivityFor` makes Odoo
 * refuse the SOP activity of those follow-ups (the others are made).
 */
export class MemoryOutcomeStore implements OutcomeStores {
  readonly followUps = new Map<number, OutcomeRecord>();
  readonly activities: MemoryOutcomeActivity[] = [];
  readonly events: MemoryEvent[] = [];
  readonly refuseActivityFor = new Set<number>();
  pageSize = 1000;
  writeCalls = 0;
  private nextId = 100;

  constructor(readonly killSwitch: { writesLeft: number } = { writesLeft: Number.POSITIVE_INFINITY }) {}

  private guard(): void {
    if (this.killSwitch.writesLeft <= 0) throw new Error('connection lost (simulated kill)');
    this.killSwitch.writesLeft -= 1;
    this.writeCalls += 1;
  }

  /** A follow-up with a recorded result, and the FU activity the schedule gave it (no write counted). */
  seed(followUp: Partial<OutcomeRecord> & { followUpId: number }, contactOpen = true): OutcomeRecord {
    const record: OutcomeRecord = {
      kpb: 1,
      stage: 'fu2',
      state: 'todo',
      result: null,
      offer: null,
      offerAccepted: false,
      bookingAt: null,
      bookingKind: null,
      eventId: null,
      contactedOn: null,
      adminId: 7,
      partnerId: 3,
      partnerName: 'Budi Santoso',
      unitLabel: 'JM31E1234567 - BeAT',
      ...followUp,
    };
    this.followUps.set(record.followUpId, record);
    this.seedActivity(record.followUpId, 'contact', `KPB ${record.kpb} FU2: Budi Santoso`, contactOpen);
    return record;
  }

  seedActivity(followUpId: number, kind: MemoryOutcomeActivity['kind'], summary: string, open = true): void {
    this.activities.push({ id: this.nextId++, followUpId, kind, summary, open });
  }

  private find(id: number): OutcomeRecord {
    const found = this.followUps.get(id);
    if (!found) throw new Error(`no follow-up ${id}`);
    return found;
  }

  /** Paged by id as Odoo's `searchPages`: each page read when the job asks for it. */
  async *recorded(): AsyncGenerator<OutcomeRecord[]> {
    let lastId = 0;
    for (;;) {
      const page = [...this.followUps.values()]
        .filter(
          (followUp) =>
            followUp.followUpId > lastId &&
            followUp.result !== null &&
            ['todo', 'contacted', 'booked'].includes(followUp.state),
        )
        .sort((a, b) => a.followUpId - b.followUpId)
        .slice(0, this.pageSize)
        .map((followUp) => ({ ...followUp }));
      if (page.length === 0) return;
      yield page;
      lastId = page[page.length - 1]?.followUpId ?? lastId;
      if (page.length < this.pageSize) return;
    }
  }

  async markContacted(ids: readonly number[], date: string): Promise<void> {
    if (ids.length === 0) return;
    this.guard();
    for (const id of ids) this.find(id).contactedOn = date;
  }

  /** As the Odoo store: the events not yet owned created in one call, then every link in one `load`. */
  async book(bookings: readonly Booking[]): Promise<number> {
    if (bookings.length === 0) return 0;
    const eventOf = new Map(this.events.map((event) => [event.followUpId, event.id]));
    const missing = bookings.filter((booking) => !eventOf.has(booking.outcome.followUpId));
    if (missing.length > 0) {
      this.guard();
      for (const booking of missing) {
        const event = {
          id: this.nextId++,
          followUpId: booking.outcome.followUpId,
          name: booking.name,
          start: booking.at,
        };
        this.events.push(event);
        eventOf.set(event.followUpId, event.id);
      }
    }
    this.guard();
    for (const booking of bookings) {
      const followUp = this.find(booking.outcome.followUpId);
      followUp.eventId = eventOf.get(followUp.followUpId) ?? null;
      followUp.bookingKind = booking.kind;
    }
    return missing.length;
  }

  async setStates(rows: ReadonlyArray<{ followUpId: number; state: FollowUpState }>): Promise<void> {
    for (const state of new Set(rows.map((row) => row.state))) {
      this.guard();
      for (const row of rows) if (row.state === state) this.find(row.followUpId).state = state;
    }
  }

  private open(ids: readonly number[], kinds: ReadonlyArray<MemoryOutcomeActivity['kind']>) {
    return this.activities.filter(
      (activity) => activity.open && ids.includes(activity.followUpId) && kinds.includes(activity.kind),
    );
  }

  async openSopActivities(ids: readonly number[]) {
    return this.open(ids, ['offer', 'fix']).map(({ id, followUpId, summary }) => ({
      id,
      followUpId,
      summary,
    }));
  }

  async openContactActivities(ids: readonly number[]) {
    return this.open(ids, ['contact']).map(({ id, followUpId }) => ({ id, followUpId }));
  }

  async createSopActivities(rows: readonly SopActivity[]) {
    if (rows.length === 0) return { created: 0, refused: [] };
    this.guard();
    const refused: Array<{ followUpId: number; message: string }> = [];
    for (const row of rows) {
      if (this.refuseActivityFor.has(row.followUpId))
        refused.push({ followUpId: row.followUpId, message: 'Odoo refused the activity (simulated)' });
      else this.seedActivity(row.followUpId, row.kind, row.summary);
    }
    return { created: rows.length - refused.length, refused };
  }

  async finishActivities(ids: readonly number[], feedback: string): Promise<void> {
    if (ids.length === 0) return;
    this.guard();
    for (const activity of this.activities.filter((item) => ids.includes(item.id)))
      Object.assign(activity, { open: false, feedback });
  }

  contactActivityOf(followUpId: number): MemoryOutcomeActivity | undefined {
    return this.activities.find(
      (activity) => activity.followUpId === followUpId && activity.kind === 'contact',
    );
  }

  /** What the database holds, without ids (a re-run may number what it makes differently). */
  snapshot(): { followUps: string[]; events: string[]; activities: string[] } {
    return {
      followUps: [...this.followUps.values()]
        .map(
          (f) =>
            `${f.followUpId} ${f.state} contacted ${f.contactedOn ?? '-'} event ${
              f.eventId === null ? '-' : this.events.find((event) => event.id === f.eventId)?.followUpId
            } ${f.bookingKind ?? '-'}`,
        )
        .sort(),
      events: this.events.map((event) => `${event.followUpId} ${event.start} ${event.name}`).sort(),
      activities: this.activities
        .map((a) => `${a.followUpId} ${a.kind} ${a.summary} ${a.open ? 'open' : `done: ${a.feedback ?? ''}`}`)
        .sort(),
    };
  }
}
