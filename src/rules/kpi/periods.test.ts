import { describe, expect, it } from 'vitest';
import {
  monthOf,
  monthsOf,
  periodContains,
  periodOfInstant,
  periodOfKey,
  periodSpan,
  previousPeriod,
  previousQuarter,
  quarterOf,
} from './periods.js';

// Fixed offsets written out (WIB +07:00, WIT +09:00), independent of the Intl conversion the rule does.
const wib = (text: string) => Date.parse(`${text}+07:00`);
const wit = (text: string) => Date.parse(`${text}+09:00`);

describe('quarterOf and monthOf', () => {
  it.each([
    ['2026-01-01', '2026-Q1', '2026-01-01', '2026-03-31'],
    ['2026-03-31', '2026-Q1', '2026-01-01', '2026-03-31'],
    ['2026-04-01', '2026-Q2', '2026-04-01', '2026-06-30'],
    ['2026-09-30', '2026-Q3', '2026-07-01', '2026-09-30'],
    ['2025-12-31', '2025-Q4', '2025-10-01', '2025-12-31'],
  ])('quarterOf(%s) is %s from %s to %s', (date, key, from, to) => {
    expect(quarterOf(date)).toEqual({ kind: 'quarter', key, from, to });
  });

  it.each([
    ['2026-02-10', '2026-02', '2026-02-01', '2026-02-28'],
    ['2028-02-29', '2028-02', '2028-02-01', '2028-02-29'],
    ['2026-03-31', '2026-03', '2026-03-01', '2026-03-31'],
    ['2026-04-30', '2026-04', '2026-04-01', '2026-04-30'],
    ['2026-12-01', '2026-12', '2026-12-01', '2026-12-31'],
  ])('monthOf(%s) is %s from %s to %s', (date, key, from, to) => {
    expect(monthOf(date)).toEqual({ kind: 'month', key, from, to });
  });

  it.each(['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', ''])('refuses %j', (date) => {
    expect(() => quarterOf(date)).toThrow(RangeError);
    expect(() => monthOf(date)).toThrow(RangeError);
  });
});

describe('previous periods, keys, months', () => {
  it.each([
    [quarterOf('2026-02-01'), '2025-Q4'],
    [quarterOf('2026-05-01'), '2026-Q1'],
    [monthOf('2026-05-01'), '2026-Q1'],
    [monthOf('2026-01-31'), '2025-Q4'],
  ])('previousQuarter(%o) is %s', (period, key) => {
    expect(previousQuarter(period).key).toBe(key);
  });

  it.each([
    [quarterOf('2026-01-15'), '2025-Q4'],
    [monthOf('2026-01-15'), '2025-12'],
    [monthOf('2026-03-15'), '2026-02'],
  ])('previousPeriod(%o) is %s', (period, key) => {
    expect(previousPeriod(period).key).toBe(key);
  });

  it.each([
    ['2026-Q1', quarterOf('2026-01-01')],
    ['2025-Q4', quarterOf('2025-11-11')],
    ['2026-02', monthOf('2026-02-01')],
  ])('periodOfKey(%s)', (key, period) => {
    expect(periodOfKey(key)).toEqual(period);
  });

  it.each(['2026-Q5', '2026-Q0', '2026-13', '2026-3', 'Q1-2026'])('periodOfKey refuses %j', (key) => {
    expect(() => periodOfKey(key)).toThrow(RangeError);
  });

  it('a quarter has its three months, a month itself', () => {
    expect(monthsOf(quarterOf('2025-11-05')).map((month) => month.key)).toEqual([
      '2025-10',
      '2025-11',
      '2025-12',
    ]);
    expect(monthsOf(monthOf('2026-02-05')).map((month) => month.key)).toEqual(['2026-02']);
  });

  it.each([
    ['2026-03-31', true],
    ['2026-01-01', true],
    ['2025-12-31', false],
    ['2026-04-01', false],
  ])('Q1 2026 contains %s: %s', (date, expected) => {
    expect(periodContains(quarterOf('2026-01-01'), date)).toBe(expected);
  });
});

describe('periods as instants in a zone', () => {
  it('Q1 2026 in WIB spans local midnight 1 January to local midnight 1 April', () => {
    expect(periodSpan(quarterOf('2026-01-01'), 'Asia/Jakarta')).toEqual({
      from: wib('2026-01-01T00:00:00'),
      to: wib('2026-04-01T00:00:00'),
    });
  });

  it('a month in WIT spans its local days', () => {
    expect(periodSpan(monthOf('2026-02-01'), 'Asia/Jayapura')).toEqual({
      from: wit('2026-02-01T00:00:00'),
      to: wit('2026-03-01T00:00:00'),
    });
  });

  it.each([
    ['23:59:59 WIB on 31 March is Q1', wib('2026-03-31T23:59:59'), 'quarter', '2026-Q1'],
    ['00:00 WIB on 1 April is Q2 (31 March 17:00 UTC)', wib('2026-04-01T00:00:00'), 'quarter', '2026-Q2'],
    [
      '00:00 WIB on 1 April by UTC date would be March',
      Date.parse('2026-03-31T17:00:00Z'),
      'month',
      '2026-04',
    ],
    ['06:59 WIB on 1 January is 2026 though 2025 in UTC', wib('2026-01-01T06:59:00'), 'quarter', '2026-Q1'],
    ['last millisecond of February', wib('2026-03-01T00:00:00') - 1, 'month', '2026-02'],
  ] as const)('%s', (_, at, kind, key) => {
    expect(periodOfInstant(at, kind, 'Asia/Jakarta').key).toBe(key);
  });

  it('each instant lies in the span of its period; the millisecond before the span is the period before', () => {
    for (const at of [wib('2026-03-31T23:59:59'), wib('2026-04-01T00:00:00'), wib('2026-06-30T12:00:00')]) {
      const period = periodOfInstant(at, 'quarter', 'Asia/Jakarta');
      const span = periodSpan(period, 'Asia/Jakarta');
      expect(span.from <= at && at < span.to).toBe(true);
      expect(periodOfInstant(span.from - 1, 'quarter', 'Asia/Jakarta')).toEqual(previousPeriod(period));
      expect(periodOfInstant(span.to, 'quarter', 'Asia/Jakarta')).not.toEqual(period);
    }
  });
});
