import { describe, expect, it } from 'vitest';
import { localClock, localDateOfOdooDatetime } from './local-time.js';

describe('local time', () => {
  it.each([
    ['2026-11-23T16:59:00Z', 'Asia/Jakarta', '2026-11-23', 23.983],
    ['2026-11-23T17:00:00Z', 'Asia/Jakarta', '2026-11-24', 0],
    ['2026-11-23T10:30:00Z', 'Asia/Makassar', '2026-11-23', 18.5],
    ['2026-11-23T15:00:00Z', 'Asia/Jayapura', '2026-11-24', 0],
  ])('%s in %s is %s, hour %d', (instant, zone, date, hour) => {
    const clock = localClock(new Date(instant), zone);
    expect(clock.date).toBe(date);
    expect(clock.hour).toBeCloseTo(hour, 2);
  });

  it('reads Odoo UTC datetimes as local dates', () => {
    expect(localDateOfOdooDatetime('2026-02-06 17:30:00', 'Asia/Jakarta')).toBe('2026-02-07');
  });
});
