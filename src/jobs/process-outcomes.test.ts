import { describe, expect, it } from 'vitest';
import { MemoryOutcomeStore } from '../../test/support/memory-outcome-store.js';
import { silentLogger } from '../logging/logger.js';
import { applyOutcomes } from './process-outcomes.js';

const DATE = '2026-02-20';
const AT = '2026-02-21 02:00:00';
const PAST = '2026-02-18 02:00:00';

const run = (store: MemoryOutcomeStore, dryRun = false) =>
  applyOutcomes(store, silentLogger(), { date: DATE, dryRun });

function store(
  followUps: Array<Parameters<MemoryOutcomeStore['seed']>[0]>,
  killSwitch?: { writesLeft: number },
): MemoryOutcomeStore {
  const memory = new MemoryOutcomeStore(killSwitch);
  for (const followUp of followUps) memory.seed(followUp);
  return memory;
}

describe('applyOutcomes: a booking ends the follow-up’s FU activity (regression: FU2 stayed open beside the booking)', () => {
  it('the booking becomes an event naming customer and unit, and the FU activity is done with feedback', async () => {
    const memory = store([
      { followUpId: 1, result: 'booked', bookingAt: AT },
      { followUpId: 2, result: 'refused_time' },
    ]);
    const report = await run(memory);
    expect(report.eventsCreated).toBe(1);
    expect(memory.events.map(({ name, start }) => ({ name, start }))).toEqual([
      { name: 'Booking KPB 1 (di bengkel) - Budi Santoso (JM31E1234567 - BeAT)', start: AT },
    ]);
    expect(memory.contactActivityOf(1)).toMatchObject({
      open: false,
      feedback: 'Pelanggan bersedia booking: jadwal servis tercatat di Booking Servis.',
    });
    // A refusal is no booking: its FU activity stays the admin's to do, beside the SOP's demand.
    expect(memory.contactActivityOf(2)?.open).toBe(true);
    expect(report.activitiesFinished).toBe(1);
  });

  it('running again changes nothing', async () => {
    const memory = store([{ followUpId: 1, result: 'booked', bookingAt: AT }]);
    await run(memory);
    const before = memory.snapshot();
    const writes = memory.writeCalls;
    const again = await run(memory);
    expect([again.eventsCreated, again.activitiesFinished, again.activitiesCreated, again.statesSet]).toEqual(
      [0, 0, 0, 0],
    );
    expect(memory.snapshot()).toEqual(before);
    expect(memory.writeCalls).toBe(writes);
    expect(memory.events).toHaveLength(1);
  });

  it('a run killed after the event ends the activity on the next run, once', async () => {
    // Writes: contacted day, event, links, state, then the FU activity: killed at the fifth.
    const killSwitch = { writesLeft: 4 };
    const memory = store([{ followUpId: 1, result: 'booked', bookingAt: AT }], killSwitch);
    await expect(run(memory)).rejects.toThrow('simulated kill');
    expect(memory.events).toHaveLength(1);
    expect(memory.contactActivityOf(1)?.open).toBe(true);
    killSwitch.writesLeft = Number.POSITIVE_INFINITY;
    const next = await run(memory);
    expect([next.eventsCreated, next.activitiesFinished]).toEqual([0, 1]);
    expect(memory.contactActivityOf(1)?.open).toBe(false);
    expect(memory.events).toHaveLength(1);
  });

  it('a booking whose event Odoo did not make leaves the FU activity open', async () => {
    const memory = store([{ followUpId: 1, result: 'booked', bookingAt: AT }], { writesLeft: 1 });
    await expect(run(memory)).rejects.toThrow('simulated kill');
    expect(memory.events).toHaveLength(0);
    expect(memory.contactActivityOf(1)?.open).toBe(true);
  });

  it('a follow-up booked before this existed (event made, FU activity open) is put right', async () => {
    const memory = store([{ followUpId: 1, result: 'booked', bookingAt: AT, eventId: 55, state: 'booked' }]);
    const report = await run(memory);
    expect([report.eventsCreated, report.activitiesFinished]).toEqual([0, 1]);
    expect(memory.contactActivityOf(1)?.open).toBe(false);
  });

  it('a dry run counts the activity it would end and writes nothing', async () => {
    const memory = store([{ followUpId: 1, result: 'booked', bookingAt: AT }]);
    const report = await run(memory, true);
    expect([report.eventsCreated, report.activitiesFinished]).toEqual([1, 1]);
    expect(memory.events).toHaveLength(0);
    expect(memory.writeCalls).toBe(0);
    expect(memory.contactActivityOf(1)?.open).toBe(true);
  });
});

describe('applyOutcomes: partial failure', () => {
  it('an SOP activity Odoo refuses is reported, the rest is applied, and the next run makes it once', async () => {
    const memory = store([
      { followUpId: 1, result: 'refused_time' },
      { followUpId: 2, result: 'refused_distance' },
      { followUpId: 3, result: 'booked', bookingAt: AT },
    ]);
    memory.refuseActivityFor.add(2);
    const report = await run(memory);
    expect(report.refused).toEqual([{ followUpId: 2, message: 'Odoo refused the activity (simulated)' }]);
    expect(report.activitiesCreated).toBe(1);
    expect(memory.events).toHaveLength(1);
    expect(memory.followUps.get(2)?.state).toBe('contacted');

    memory.refuseActivityFor.clear();
    const next = await run(memory);
    expect([next.activitiesCreated, next.eventsCreated, next.refused]).toEqual([1, 0, []]);
    const offers = memory.activities.filter((activity) => activity.kind === 'offer');
    expect(offers.map((activity) => `${activity.followUpId} ${activity.summary}`).sort()).toEqual([
      '1 Tawarkan booking akhir pekan (SOP)',
      '2 Tawarkan home service (SOP)',
    ]);
  });
});

describe('applyOutcomes: killed at any write, a re-run ends where an uninterrupted run does', () => {
  /** Every kind of write over several pages: contacted days, events and links, states, SOP activities made and settled, FU activities done. */
  function scenario(killSwitch?: { writesLeft: number }): MemoryOutcomeStore {
    const memory = store(
      [
        { followUpId: 1, result: 'booked', bookingAt: AT },
        // A refusal without the offer its reason requires.
        { followUpId: 2, result: 'refused_time' },
        // Booked without a date: back to the admin.
        { followUpId: 3, result: 'booked' },
        // The offer asked for earlier is now recorded: its SOP activity is settled.
        { followUpId: 4, result: 'refused_distance', offer: 'home_service', contactedOn: '2026-02-19' },
        // Offer taken with a booking: a weekend event.
        {
          followUpId: 5,
          result: 'refused_time',
          offer: 'weekend',
          offerAccepted: true,
          bookingAt: AT,
          contactedOn: '2026-02-19',
        },
        // Booked, the day has passed, no service: a no-show.
        {
          followUpId: 6,
          result: 'booked',
          bookingAt: PAST,
          eventId: 90,
          state: 'booked',
          contactedOn: '2026-02-17',
        },
        // Refused for distance, no offer yet: a second SOP activity on another page.
        { followUpId: 7, result: 'refused_other_dealer' },
      ],
      killSwitch,
    );
    memory.events.push({ id: 90, followUpId: 6, name: 'Booking KPB 1', start: PAST });
    memory.seedActivity(4, 'offer', 'Tawarkan home service (SOP)');
    memory.pageSize = 3;
    return memory;
  }

  it('whichever write call the kill hit', async () => {
    const whole = scenario();
    await run(whole);
    const expected = whole.snapshot();
    expect(expected.followUps).toContain('1 booked contacted 2026-02-20 event 1 workshop');
    expect(expected.followUps).toContain('5 booked contacted 2026-02-19 event 5 weekend');
    expect(expected.activities).toContain(
      '4 offer Tawarkan home service (SOP) done: Sudah sesuai SOP: dicatat pada follow up.',
    );
    expect(expected.activities).toContain('6 fix Pelanggan tidak datang: jadwalkan ulang open');
    expect(expected.events).toHaveLength(3);
    expect(whole.writeCalls).toBeGreaterThan(10);
    for (let killAt = 0; killAt < whole.writeCalls; killAt += 1) {
      const killSwitch = { writesLeft: killAt };
      const memory = scenario(killSwitch);
      await expect(run(memory), `kill at ${killAt}`).rejects.toThrow(/simulated kill/);
      killSwitch.writesLeft = Number.POSITIVE_INFINITY;
      await run(memory);
      expect(memory.snapshot(), `killed at write ${killAt}`).toEqual(expected);
    }
  });
});
