import { describe, expect, it } from 'vitest';
import { demoAdminWork } from './admin-work.js';

describe('demoAdminWork', () => {
  const ten = Array.from({ length: 10 }, (_, index) => ({ id: 100 - index }));

  it('gives every ten follow-ups (by id) the same mix of results, bookings at 09:00 WIB', () => {
    const work = demoAdminWork(ten, '2026-12-01', 'Asia/Jakarta');
    expect(work.map((item) => [item.followUpId, item.result])).toEqual([
      [91, 'booked'],
      [92, 'refused_time'],
      [93, 'no_response'],
      [94, 'refused_distance'],
      [97, 'booked'],
      [98, 'unreachable'],
    ]);
    expect(work[0]?.bookingAt).toBe('2026-12-03 02:00:00');
    // 09:00 in Makassar (WITA) is an hour earlier in UTC.
    expect(demoAdminWork(ten, '2026-12-01', 'Asia/Makassar')[0]?.bookingAt).toBe('2026-12-03 01:00:00');
    expect(work[3]).toMatchObject({
      offer: 'home_service',
      offerAccepted: true,
      bookingKind: 'home_service',
    });
    // A refusal for lack of time comes without the weekend offer: the bridge asks for it.
    expect(work[1]?.offer).toBeUndefined();
  });

  it('is the same whatever order the follow-ups come in', () => {
    expect(demoAdminWork([...ten].reverse(), '2026-12-01', 'Asia/Jakarta')).toEqual(
      demoAdminWork(ten, '2026-12-01', 'Asia/Jakarta'),
    );
  });
});
