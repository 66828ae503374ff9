import { describe, expect, it } from 'vitest';
import { localClock, localDateOfOdooDatetime, odooDatetimeOfLocal } from './local-time.js';

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

describe('odooDatetimeOfLocal', () => {
  it.each([
    ['2026-12-03', 9, 'Asia/Jakarta', '2026-12-03 02:00:00'],
    ['2026-12-03', 9, 'Asia/Makassar', '2026-12-03 01:00:00'],
    ['2026-12-03', 9, 'Asia/Jayapura', '2026-12-03 00:00:00'],
    ['2026-12-03', 6.5, 'Asia/Jakarta', '2026-12-02 23:30:00'],
    ['2026-12-03', 9, 'UTC', '2026-12-03 09:00:00'],
  ])('%s %s:00 in %s is %s UTC', (date, hour, zone, expected) => {
    expect(odooDatetimeOfLocal(date, hour, zone)).toBe(expected);
  });
});
