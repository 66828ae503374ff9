import { describe, expect, it } from 'vitest';
import type { OutcomeRecord } from '../connectors/odoo/outcome-store.js';
import { silentLogger } from '../logging/logger.js';
import type { FollowUpState } from '../rules/followup/schedule.js';
import { applyOutcomes, type OutcomeStores } from './process-outcomes.js';

const DATE = '2026-02-20';
const AT = '2026-02-21 02:00:00';

interface MemoryActivity {
  id: number;
  followUpId: number;
  kind: 'contact' | 'offer' | 'fix';
  summary: string;
  open: boolean;
  feedback?: string;
}

/** The follow-ups, activities and events of one Odoo, in memory; `failNext` makes the next call of a method throw, as a killed run would. */
class MemoryOutcomes implements OutcomeStores {
  readonly followUps: OutcomeRecord[];
  readonly activities: MemoryActivity[] = [];
  readonly events = new Map<number, { name: string; start: string }>();
  readonly failNext = new Set<'book' | 'finishActivities'>();
  private nextId = 100;

  constructor(followUps: Array<Partial<OutcomeRecord> & { followUpId: number }>) {
    this.followUps = followUps.map((followUp) => ({
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
    }));
    // The schedule gave each follow-up its FU activity.
    for (const followUp of this.followUps)
      this.activity(followUp.followUpId, 'contact', 'KPB 1 FU2: Budi Santoso');
  }

  private activity(followUpId: number, kind: MemoryActivity['kind'], summary: string): void {
    this.activities.push({ id: this.nextId++, followUpId, kind, summary, open: true });
  }

  private guard(method: 'book' | 'finishActivities'): void {
    if (this.failNext.delete(method)) throw new Error('connection lost (simulated kill)');
  }

  private find(id: number): OutcomeRecord {
    const found = this.followUps.find((followUp) => followUp.followUpId === id);
    if (!found) throw new Error(`no follow-up ${id}`);
    return found;
  }

  async *recorded(): AsyncGenerator<OutcomeRecord[]> {
    yield this.followUps
      .filter(
        (followUp) => followUp.result !== null && ['todo', 'contacted', 'booked'].includes(followUp.state),
      )
      .map((followUp) => ({ ...followUp }));
  }

  async markContacted(ids: readonly number[], date: string): Promise<void> {
    for (const id of ids) this.find(id).contactedOn = date;
  }

  async book(bookings: Parameters<OutcomeStores['book']>[0]): Promise<number> {
    if (bookings.length === 0) return 0;
    this.guard('book');
    let created = 0;
    for (const booking of bookings) {
      const followUp = this.find(booking.outcome.followUpId);
      if (followUp.eventId === null) {
        followUp.eventId = this.nextId++;
        this.events.set(followUp.eventId, { name: booking.name, start: booking.at });
        created += 1;
      }
      followUp.bookingKind = booking.kind;
    }
    return created;
  }

  async setStates(rows: ReadonlyArray<{ followUpId: number; state: FollowUpState }>): Promise<void> {
    for (const row of rows) this.find(row.followUpId).state = row.state;
  }

  private open(ids: readonly number[], kinds: ReadonlyArray<MemoryActivity['kind']>) {
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

  async createSopActivities(rows: Parameters<OutcomeStores['createSopActivities']>[0]) {
    for (const row of rows) this.activity(row.followUpId, row.kind, row.summary);
    return { created: rows.length, refused: [] };
  }

  async finishActivities(ids: readonly number[], feedback: string): Promise<void> {
    if (ids.length === 0) return;
    this.guard('finishActivities');
    for (const activity of this.activities.filter((item) => ids.includes(item.id)))
      Object.assign(activity, { open: false, feedback });
  }

  contactActivityOf(followUpId: number): MemoryActivity | undefined {
    return this.activities.find(
      (activity) => activity.followUpId === followUpId && activity.kind === 'contact',
    );
  }
}

const run = (store: MemoryOutcomes, dryRun = false) =>
  applyOutcomes(store, silentLogger(), { date: DATE, dryRun });

describe('applyOutcomes: a booking ends the follow-up’s FU activity (regression: FU2 stayed open beside the booking)', () => {
  it('the booking becomes an event naming customer and unit, and the FU activity is done with feedback', async () => {
    const store = new MemoryOutcomes([
      { followUpId: 1, result: 'booked', bookingAt: AT },
      { followUpId: 2, result: 'refused_time' },
    ]);
    const report = await run(store);
    expect(report.eventsCreated).toBe(1);
    expect([...store.events.values()]).toEqual([
      { name: 'Booking KPB 1 (di bengkel) - Budi Santoso (JM31E1234567 - BeAT)', start: AT },
    ]);
    expect(store.contactActivityOf(1)).toMatchObject({
      open: false,
      feedback: 'Pelanggan bersedia booking: jadwal servis tercatat di Booking Servis.',
    });
    // A refusal is no booking: its FU activity stays the admin's to do, beside the SOP's demand.
    expect(store.contactActivityOf(2)?.open).toBe(true);
    expect(report.activitiesFinished).toBe(1);
  });

  it('running again changes nothing', async () => {
    const store = new MemoryOutcomes([{ followUpId: 1, result: 'booked', bookingAt: AT }]);
    await run(store);
    const before = JSON.stringify(store.activities);
    const again = await run(store);
    expect([again.eventsCreated, again.activitiesFinished, again.activitiesCreated, again.statesSet]).toEqual(
      [0, 0, 0, 0],
    );
    expect(JSON.stringify(store.activities)).toBe(before);
    expect(store.events.size).toBe(1);
  });

  it('a run killed after the event ends the activity on the next run, once', async () => {
    const store = new MemoryOutcomes([{ followUpId: 1, result: 'booked', bookingAt: AT }]);
    store.failNext.add('finishActivities');
    await expect(run(store)).rejects.toThrow('simulated kill');
    expect(store.events.size).toBe(1);
    expect(store.contactActivityOf(1)?.open).toBe(true);
    const next = await run(store);
    expect([next.eventsCreated, next.activitiesFinished]).toEqual([0, 1]);
    expect(store.contactActivityOf(1)?.open).toBe(false);
    expect(store.events.size).toBe(1);
  });

  it('a booking whose event Odoo did not make leaves the FU activity open', async () => {
    const store = new MemoryOutcomes([{ followUpId: 1, result: 'booked', bookingAt: AT }]);
    store.failNext.add('book');
    await expect(run(store)).rejects.toThrow('simulated kill');
    expect(store.contactActivityOf(1)?.open).toBe(true);
  });

  it('a follow-up booked before this existed (event made, FU activity open) is put right', async () => {
    const store = new MemoryOutcomes([
      { followUpId: 1, result: 'booked', bookingAt: AT, eventId: 55, state: 'booked' },
    ]);
    const report = await run(store);
    expect([report.eventsCreated, report.activitiesFinished]).toEqual([0, 1]);
    expect(store.contactActivityOf(1)?.open).toBe(false);
  });

  it('a dry run counts the activity it would end and writes nothing', async () => {
    const store = new MemoryOutcomes([{ followUpId: 1, result: 'booked', bookingAt: AT }]);
    const report = await run(store, true);
    expect([report.eventsCreated, report.activitiesFinished]).toEqual([1, 1]);
    expect(store.events.size).toBe(0);
    expect(store.contactActivityOf(1)?.open).toBe(true);
  });
});
