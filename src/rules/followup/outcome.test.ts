import { describe, expect, it } from 'vitest';
import { bookingText, decideOutcome, type RecordedOutcome } from './outcome.js';

const BASE: RecordedOutcome = {
  followUpId: 5,
  kpb: 1,
  stage: 'fu2',
  state: 'todo',
  result: null,
  offer: null,
  offerAccepted: false,
  bookingAt: null,
  bookingKind: null,
  eventId: null,
};
const AT = '2026-11-28 02:00:00';

const summary = (outcome: Partial<RecordedOutcome>) =>
  decideOutcome({ ...BASE, ...outcome }).map((action) => {
    switch (action.action) {
      case 'book':
        return `book ${action.kind} ${action.at}`;
      case 'require_offer':
        return `offer ${action.offer}`;
      case 'require_fix':
        return `fix ${action.problem}`;
      case 'finish_contact':
        return 'finish contact';
      default:
        return `state ${action.state}`;
    }
  });

describe('decideOutcome: the SOP for every recorded result', () => {
  it.each<[string, Partial<RecordedOutcome>, string[]]>([
    ['nothing recorded yet', {}, []],
    [
      'booked with a date → calendar event, state booked',
      { result: 'booked', bookingAt: AT },
      [`book workshop ${AT}`, 'state booked', 'finish contact'],
    ],
    [
      'booked as home service keeps its kind',
      { result: 'booked', bookingAt: AT, bookingKind: 'home_service' },
      [`book home_service ${AT}`, 'state booked', 'finish contact'],
    ],
    [
      // Regression: the FU2 activity stayed open beside the booking.
      'booked, event already made → only the FU activity is ended (if still open)',
      { result: 'booked', bookingAt: AT, eventId: 9, state: 'booked' },
      ['finish contact'],
    ],
    ['booked without a date → ask to fix', { result: 'booked' }, ['fix booked_without_date']],
    [
      'no time, no weekend offer → demand the weekend offer',
      { result: 'refused_time' },
      ['state contacted', 'offer weekend'],
    ],
    [
      'no time, weekend offered and refused → rests',
      { result: 'refused_time', offer: 'weekend' },
      ['state contacted'],
    ],
    [
      'no time, weekend accepted with a date → weekend booking',
      { result: 'refused_time', offer: 'weekend', offerAccepted: true, bookingAt: AT },
      [`book weekend ${AT}`, 'state booked', 'finish contact'],
    ],
    [
      'no time, weekend accepted without a date → ask to fix',
      { result: 'refused_time', offer: 'weekend', offerAccepted: true },
      ['fix accepted_without_date'],
    ],
    [
      'no time, but promo offered instead → still demands the weekend offer',
      { result: 'refused_time', offer: 'promo' },
      ['state contacted', 'offer weekend'],
    ],
    [
      'too far, no home service offer → demand it',
      { result: 'refused_distance' },
      ['state contacted', 'offer home_service'],
    ],
    [
      'too far, home service accepted → home-service booking',
      { result: 'refused_distance', offer: 'home_service', offerAccepted: true, bookingAt: AT },
      [`book home_service ${AT}`, 'state booked', 'finish contact'],
    ],
    [
      'disappointed, no promo → demand the promo',
      { result: 'refused_disappointed' },
      ['state contacted', 'offer promo'],
    ],
    [
      'other dealer, no promo → demand the promo',
      { result: 'refused_other_dealer', offer: 'none' },
      ['state contacted', 'offer promo'],
    ],
    [
      'other dealer, promo accepted → workshop booking',
      { result: 'refused_other_dealer', offer: 'promo', offerAccepted: true, bookingAt: AT },
      [`book workshop ${AT}`, 'state booked', 'finish contact'],
    ],
    [
      'no response → contacted (the schedule makes the next stage)',
      { result: 'no_response' },
      ['state contacted'],
    ],
    ['WhatsApp failed → contacted', { result: 'unreachable' }, ['state contacted']],
    ['already serviced elsewhere → contacted', { result: 'already_serviced' }, ['state contacted']],
    [
      '"offer accepted" ticked with no offer → ask to fix',
      { result: 'refused_time', offerAccepted: true },
      ['fix offer_accepted_without_offer'],
    ],
    ['a done follow-up is left alone', { result: 'refused_time', state: 'done' }, []],
    ['a closed follow-up is left alone', { result: 'no_response', state: 'closed' }, []],
  ])('%s', (_, outcome, expected) => {
    expect(summary(outcome)).toEqual(expected);
  });

  it.each<[string, Partial<RecordedOutcome>, string, string[]]>([
    [
      'a booking whose day has passed without the KPB done is a no-show',
      { result: 'booked', state: 'booked', eventId: 9, bookingAt: AT },
      '2026-11-29',
      ['require_fix no_show', 'finish_contact'],
    ],
    [
      'a reminder whose customer came since is no no-show: the nightly reminders close it',
      {
        stage: 'service',
        kpb: null,
        result: 'booked',
        state: 'booked',
        eventId: 9,
        bookingAt: AT,
        servicedSince: true,
      },
      '2026-11-29',
      ['finish_contact'],
    ],
    [
      'on the booking day itself it is not (yet)',
      { result: 'booked', state: 'booked', eventId: 9, bookingAt: AT },
      '2026-11-28',
      ['finish_contact'],
    ],
    [
      'a done booking is never a no-show',
      { result: 'booked', state: 'done', eventId: 9, bookingAt: AT },
      '2026-12-05',
      [],
    ],
  ])('%s', (_, outcome, today, expected) => {
    expect(
      decideOutcome({ ...BASE, ...outcome }, today).map((action) =>
        action.action === 'require_fix' ? `require_fix ${action.problem}` : action.action,
      ),
    ).toEqual(expected);
  });

  it('keys are stable per follow-up and purpose, so re-running makes nothing twice', () => {
    const first = decideOutcome({ ...BASE, result: 'refused_distance' });
    const again = decideOutcome({ ...BASE, result: 'refused_distance' });
    expect(first.map((action) => action.key)).toEqual([
      'followup5_contacted',
      'followup5_offer_home_service',
    ]);
    expect(again).toEqual(first);
  });

  it('a booking ends the FU activity under one key, with feedback in Bahasa Indonesia', () => {
    const booked = { ...BASE, result: 'booked' as const, bookingAt: AT };
    const first = decideOutcome(booked).find((action) => action.action === 'finish_contact');
    const afterEvent = decideOutcome({ ...booked, eventId: 9, state: 'booked' });
    expect(first).toEqual({
      action: 'finish_contact',
      key: 'followup5_contact_done',
      followUpId: 5,
      feedback: 'Pelanggan bersedia booking: jadwal servis tercatat di Booking Servis.',
    });
    expect(afterEvent).toEqual([first]);
  });

  it('the notes the admin reads are Bahasa Indonesia and name the required offer', () => {
    const [, offer] = decideOutcome({ ...BASE, result: 'refused_time' });
    expect(offer).toMatchObject({ note: expect.stringContaining('booking akhir pekan (Sabtu/Minggu)') });
  });
});

describe('bookingText: the calendar event names the customer and the unit', () => {
  it.each<[string, Parameters<typeof bookingText>, string]>([
    [
      'customer and unit',
      [1, 'weekend', 'Budi Santoso', 'JM31E1234567 - BeAT'],
      'Booking KPB 1 (akhir pekan) - Budi Santoso (JM31E1234567 - BeAT)',
    ],
    ['no unit', [2, 'workshop', 'Budi Santoso', null], 'Booking KPB 2 (di bengkel) - Budi Santoso'],
    ['no customer linked yet', [3, 'home_service', null, null], 'Booking KPB 3 (home service) - pelanggan'],
    [
      'a reminder after KPB 4',
      [null, 'workshop', 'Budi Santoso', 'JM31E1234567 - BeAT'],
      'Booking Servis Berkala (di bengkel) - Budi Santoso (JM31E1234567 - BeAT)',
    ],
  ])('%s', (_, args, name) => {
    expect(bookingText(...args).name).toBe(name);
  });
});
