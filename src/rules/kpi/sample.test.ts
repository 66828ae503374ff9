import { describe, expect, it } from 'vitest';
import { type AuditSample, auditSample, mulberry32, type SampleCandidate } from './sample.js';

const T0 = Date.parse('2026-01-05T01:00:00Z');
/** n messages m1…mn, one a minute, in time order. */
const messages = (n: number): SampleCandidate[] =>
  Array.from({ length: n }, (_, i) => ({ key: `m${i + 1}`, at: T0 + i * 60_000 }));
const positions = (sample: AuditSample) => sample.picks.map((pick) => pick.position);

/** What every sample must satisfy whatever its seed. */
function expectWellFormed(sample: AuditSample, n: number, size: number): void {
  const picked = positions(sample);
  expect(picked).toHaveLength(Math.min(n, size));
  expect(new Set(picked).size).toBe(picked.length);
  expect([...picked].sort((a, b) => a - b)).toEqual(picked);
  for (const pick of sample.picks) {
    expect(pick.position).toBeGreaterThanOrEqual(1);
    expect(pick.position).toBeLessThanOrEqual(n);
    // Position p is the p-th message in time order.
    expect(pick.key).toBe(`m${pick.position}`);
    expect(pick.at).toBe(T0 + (pick.position - 1) * 60_000);
  }
}

describe('auditSample', () => {
  it.each<[number, AuditSample['method']]>([
    [0, 'all'],
    [1, 'all'],
    [9, 'all'],
    [10, 'all'],
    [11, 'simple-random'],
    [300, 'simple-random'],
    [301, 'systematic'],
    [500, 'systematic'],
    [100_000, 'systematic'],
  ])('%i messages: %s, well formed for many seeds', (n, method) => {
    const population = messages(n);
    for (const seed of [0, 1, 2, 42, 20260401, 0xffff_ffff]) {
      const sample = auditSample(population, seed);
      expect(sample.method).toBe(method);
      expect(sample.population).toBe(n);
      expect(sample.seed).toBe(seed);
      expectWellFormed(sample, n, 10);
    }
  });

  it('9 and 10 messages: all of them, in order', () => {
    expect(positions(auditSample(messages(9), 7))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(positions(auditSample(messages(10), 7))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('301 messages: one pick in each tenth of the list, 30 or 31 apart', () => {
    for (let seed = 0; seed < 200; seed += 1) {
      const picked = positions(auditSample(messages(301), seed));
      picked.forEach((position, i) => {
        // Pick i is 0-based index floor((u + i·301) / 10), u in [0, 301): from floor(i·30.1), below (i+1)·30.1.
        expect(position - 1).toBeGreaterThanOrEqual(Math.floor(i * 30.1));
        expect(position - 1).toBeLessThan((i + 1) * 30.1);
      });
      for (let i = 1; i < picked.length; i += 1) {
        expect([30, 31]).toContain((picked[i] ?? 0) - (picked[i - 1] ?? 0));
      }
    }
  });

  it('500 messages: every 50th from a random start in 1…50 (the seed example 50 apart)', () => {
    const starts = new Set<number>();
    for (let seed = 0; seed < 2_000; seed += 1) {
      const sample = auditSample(messages(500), seed);
      const [first = 0] = positions(sample);
      expect(positions(sample)).toEqual(Array.from({ length: 10 }, (_, i) => first + 50 * i));
      expect(sample.interval).toBe(50);
      expect(Math.floor(sample.start ?? 0)).toBe(first);
      starts.add(first);
    }
    expect([...starts].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it.each([300, 301])('%i messages: every message has about the same chance, 10 / N', (n) => {
    const population = messages(n);
    const hits = new Array<number>(n).fill(0);
    const runs = 10_000;
    for (let seed = 0; seed < runs; seed += 1) {
      for (const position of positions(auditSample(population, seed)))
        hits[position - 1] = (hits[position - 1] ?? 0) + 1;
    }
    const expected = (runs * 10) / n;
    // About 18 hits of standard deviation on about 332 expected; 30% off is over 5 of them.
    for (const count of hits) {
      expect(count).toBeGreaterThan(expected * 0.7);
      expect(count).toBeLessThan(expected * 1.3);
    }
  });

  it('is reproducible from its seed, whatever order the messages come in', () => {
    for (const n of [11, 300, 301, 5_000]) {
      const population = messages(n);
      const reversed = [...population].reverse();
      const shuffled = [...population].sort((a, b) => (a.key < b.key ? -1 : 1));
      const sample = auditSample(population, 987_654);
      expect(auditSample(population, 987_654)).toEqual(sample);
      expect(auditSample(reversed, 987_654)).toEqual(sample);
      expect(auditSample(shuffled, 987_654)).toEqual(sample);
    }
  });

  it('a stored seed keeps its sample (a change here breaks every stored sample)', () => {
    expect(positions(auditSample(messages(300), 20260401))).toEqual([
      14, 58, 61, 64, 79, 140, 145, 179, 215, 246,
    ]);
    expect(auditSample(messages(500), 20260401)).toMatchObject({ interval: 50, start: 24.2 });
    expect(positions(auditSample(messages(500), 20260401))).toEqual([
      24, 74, 124, 174, 224, 274, 324, 374, 424, 474,
    ]);
  });

  it.each([11, 300, 301, 10_000])('%i messages: different seeds give different samples', (n) => {
    const population = messages(n);
    const samples = new Set<string>();
    for (let seed = 1; seed <= 20; seed += 1) samples.add(positions(auditSample(population, seed)).join(','));
    // 11 messages allow only 11 distinct samples of 10; the larger ones give 20 of 20 (or nearly).
    expect(samples.size).toBeGreaterThanOrEqual(n === 11 ? 5 : 18);
  });

  it('equal instants are numbered by key', () => {
    const population = [
      { key: 'b', at: T0 },
      { key: 'a', at: T0 },
      { key: 'c', at: T0 - 1 },
    ];
    expect(auditSample(population, 1).picks.map((pick) => [pick.position, pick.key])).toEqual([
      [1, 'c'],
      [2, 'a'],
      [3, 'b'],
    ]);
  });

  it('size and threshold are configurable', () => {
    const sample = auditSample(messages(50), 3, { size: 5, systematicAbove: 40 });
    expect(sample.method).toBe('systematic');
    expect(sample.interval).toBe(10);
    expectWellFormed(sample, 50, 5);
  });

  it.each<[string, () => unknown, RegExp]>([
    ['a duplicate key', () => auditSample([...messages(3), { key: 'm2', at: T0 }], 1), /m2 twice/],
    ['a negative seed', () => auditSample(messages(3), -1), /seed/],
    ['a fractional seed', () => auditSample(messages(3), 1.5), /seed/],
    ['a seed above 32 bits', () => auditSample(messages(3), 2 ** 32), /seed/],
    ['an instant that is no number', () => auditSample([{ key: 'x', at: Number.NaN }], 1), /finite instant/],
    ['a size of 0', () => auditSample(messages(3), 1, { size: 0 }), /sample size/],
    [
      'a threshold below the size',
      () => auditSample(messages(3), 1, { systematicAbove: 5 }),
      /systematicAbove/,
    ],
  ])('refuses %s', (_, run, message) => {
    expect(run).toThrow(message);
  });
});

describe('mulberry32', () => {
  it('repeats from its seed, stays in [0, 1), and differs between seeds', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const c = mulberry32(124);
    const first = Array.from({ length: 1_000 }, () => a());
    expect(Array.from({ length: 1_000 }, () => b())).toEqual(first);
    expect(Array.from({ length: 1_000 }, () => c())).not.toEqual(first);
    for (const value of first) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
    const mean = first.reduce((sum, value) => sum + value, 0) / first.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});
