import { describe, expect, it } from 'vitest';
import { addDays, addMonths, dayNumber, isoDateOf, weekday } from './day-count.js';

describe('day arithmetic', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-11-23', 353, '2027-11-11'],
  ])('%s %+d day(s) is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('round-trips day numbers and names weekdays', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(isoDateOf(dayNumber('2026-12-01'))).toBe('2026-12-01');
    expect(weekday('2026-12-01')).toBe(2);
  });
});

describe('addMonths', () => {
  it.each([
    ['2026-03-15', -12, '2025-03-15'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-12-01', 1, '2027-01-01'],
    ['2026-01-10', -24, '2024-01-10'],
    ['2026-05-05', 0, '2026-05-05'],
  ])('%s %+d months is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});
