import { describe, expect, it } from 'vitest';
import { decideOutcome, type RecordedOutcome } from './outcome.js';

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
      [`book workshop ${AT}`, 'state booked'],
    ],
    [
      'booked as home service keeps its kind',
      { result: 'booked', bookingAt: AT, bookingKind: 'home_service' },
      [`book home_service ${AT}`, 'state booked'],
    ],
    [
      'booked, event already made → nothing more',
      { result: 'booked', bookingAt: AT, eventId: 9, state: 'booked' },
      [],
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
      [`book weekend ${AT}`, 'state booked'],
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
      [`book home_service ${AT}`, 'state booked'],
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
      [`book workshop ${AT}`, 'state booked'],
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
      ['fix no_show'],
    ],
    [
      'on the booking day itself it is not (yet)',
      { result: 'booked', state: 'booked', eventId: 9, bookingAt: AT },
      '2026-11-28',
      [],
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
        action.action === 'require_fix' ? `fix ${action.problem}` : action.action,
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

  it('the notes the admin reads are Bahasa Indonesia and name the required offer', () => {
    const [, offer] = decideOutcome({ ...BASE, result: 'refused_time' });
    expect(offer).toMatchObject({ note: expect.stringContaining('booking akhir pekan (Sabtu/Minggu)') });
  });
});
