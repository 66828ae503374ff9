import { describe, expect, it } from 'vitest';
import {
  type KpiFigures,
  type KpiLine,
  kpiPolicy,
  quarterFromMonths,
  revenueGrowth,
  SEED_WEIGHTS,
  scorecard,
  scorecardOf,
  scoreLines,
} from './score.js';

/** The seed's policy; KPI-6 needs a target the seed does not give: 30% here. */
const POLICY = kpiPolicy({ reorderConversionTarget: 0.3 });

const one = (figures: KpiFigures): KpiLine => {
  const [line, ...rest] = scoreLines(figures, POLICY);
  expect(rest).toEqual([]);
  if (!line) throw new Error('no line');
  return line;
};

describe('scoreLines: achievement, target, score per KPI', () => {
  it.each<[string, KpiFigures, number | null, number, KpiLine['status']]>([
    // what, figures, achievement, score, status
    [
      'KPI-1 9 of 10 validated in time: the target, full weight',
      { 'KPI-1': { sampled: 10, validatedInTime: 9 } },
      0.9,
      10,
      'met',
    ],
    ['KPI-1 10 of 10: capped at the weight', { 'KPI-1': { sampled: 10, validatedInTime: 10 } }, 1, 10, 'met'],
    [
      'KPI-1 8 of 10: pro rata 0.8 / 0.9 of 10',
      { 'KPI-1': { sampled: 10, validatedInTime: 8 } },
      0.8,
      8.89,
      'below',
    ],
    ['KPI-1 0 of 10', { 'KPI-1': { sampled: 10, validatedInTime: 0 } }, 0, 0, 'below'],
    [
      'KPI-1 27 of 30 (a bigger sample): exactly 90%',
      { 'KPI-1': { sampled: 30, validatedInTime: 27 } },
      0.9,
      10,
      'met',
    ],
    [
      'KPI-1 empty sample: not measurable',
      { 'KPI-1': { sampled: 0, validatedInTime: 0 } },
      null,
      0,
      'not-measurable',
    ],
    ['KPI-2 9 of 10', { 'KPI-2': { sampled: 10, fastAndRepresentative: 9 } }, 0.9, 5, 'met'],
    [
      'KPI-2 5 of 10: 5 × 0.5 / 0.9',
      { 'KPI-2': { sampled: 10, fastAndRepresentative: 5 } },
      0.5,
      2.78,
      'below',
    ],
    [
      'KPI-3 +10%: the target',
      { 'KPI-3': { revenue: 110_000_000, previousRevenue: 100_000_000 } },
      0.1,
      20,
      'met',
    ],
    [
      'KPI-3 +10% with cents (float noise)',
      { 'KPI-3': { revenue: 330.33, previousRevenue: 300.3 } },
      0.1,
      20,
      'met',
    ],
    ['KPI-3 +5%: half the weight', { 'KPI-3': { revenue: 105, previousRevenue: 100 } }, 0.05, 10, 'below'],
    ['KPI-3 +25%: capped', { 'KPI-3': { revenue: 125, previousRevenue: 100 } }, 0.25, 20, 'met'],
    ['KPI-3 flat', { 'KPI-3': { revenue: 100, previousRevenue: 100 } }, 0, 0, 'below'],
    ['KPI-3 −10%: 0, not negative', { 'KPI-3': { revenue: 90, previousRevenue: 100 } }, -0.1, 0, 'below'],
    [
      'KPI-3 previous quarter 0: no growth measurable',
      { 'KPI-3': { revenue: 50_000_000, previousRevenue: 0 } },
      null,
      0,
      'not-measurable',
    ],
    ['KPI-3 both quarters 0', { 'KPI-3': { revenue: 0, previousRevenue: 0 } }, null, 0, 'not-measurable'],
    [
      'KPI-3 previous quarter negative (credit notes)',
      { 'KPI-3': { revenue: 10, previousRevenue: -5 } },
      null,
      0,
      'not-measurable',
    ],
    ['KPI-4 none of 1.25 a quarter', { 'KPI-4': { newCustomers: 0 } }, 0, 0, 'below'],
    ['KPI-4 1 of 1.25: 80% of 15', { 'KPI-4': { newCustomers: 1 } }, 0.8, 12, 'below'],
    ['KPI-4 2 of 1.25: capped', { 'KPI-4': { newCustomers: 2 } }, 1.6, 15, 'met'],
    ['KPI-5 15 customers: the target', { 'KPI-5': { customersFollowedUp: 15 } }, 1, 10, 'met'],
    ['KPI-5 12 customers: 80%', { 'KPI-5': { customersFollowedUp: 12 } }, 0.8, 8, 'below'],
    ['KPI-5 30 customers: capped', { 'KPI-5': { customersFollowedUp: 30 } }, 2, 10, 'met'],
    ['KPI-5 none', { 'KPI-5': { customersFollowedUp: 0 } }, 0, 0, 'below'],
    [
      'KPI-6 3 of 10 re-ordered: the 30% target',
      { 'KPI-6': { followedUp: 10, reordered: 3 } },
      0.3,
      10,
      'met',
    ],
    [
      'KPI-6 1 of 10: a third of the target',
      { 'KPI-6': { followedUp: 10, reordered: 1 } },
      0.1,
      3.33,
      'below',
    ],
    [
      'KPI-6 nobody followed up: not measurable',
      { 'KPI-6': { followedUp: 0, reordered: 0 } },
      null,
      0,
      'not-measurable',
    ],
  ])('%s', (_, figures, achievement, score, status) => {
    const line = one(figures);
    if (achievement === null) expect(line.achievement).toBeNull();
    else expect(line.achievement).toBeCloseTo(achievement, 9);
    expect(line.score).toBe(score);
    expect(line.status).toBe(status);
    expect(line.review).toBe(status !== 'met');
    expect(line.attainment).toBeGreaterThanOrEqual(0);
    expect(line.attainment).toBeLessThanOrEqual(1);
  });

  it('keeps the seed formula’s numerator and denominator', () => {
    expect(one({ 'KPI-3': { revenue: 105, previousRevenue: 100 } })).toMatchObject({
      numerator: 5,
      denominator: 100,
      target: 0.1,
    });
    expect(one({ 'KPI-4': { newCustomers: 1 } })).toMatchObject({
      numerator: 1,
      denominator: 1.25,
      target: 1,
      weight: 15,
    });
    expect(one({ 'KPI-5': { customersFollowedUp: 12 } })).toMatchObject({
      numerator: 12,
      denominator: 15,
      target: 1,
    });
    expect(one({ 'KPI-1': { sampled: 10, validatedInTime: 8 } })).toMatchObject({
      numerator: 8,
      denominator: 10,
      target: 0.9,
    });
  });

  it('the KPI-4 quarter target follows the yearly one: 8 a year is 2 a quarter', () => {
    const [line] = scoreLines(
      { 'KPI-4': { newCustomers: 1 } },
      kpiPolicy({ reorderConversionTarget: 0.3, newCustomersPerYear: 8 }),
    );
    expect(line).toMatchObject({ denominator: 2, achievement: 0.5, score: 7.5, status: 'below' });
  });

  it.each<[string, KpiFigures, RegExp]>([
    ['more validated than sampled', { 'KPI-1': { sampled: 10, validatedInTime: 11 } }, /at most 10/],
    ['a fractional count', { 'KPI-2': { sampled: 10.5, fastAndRepresentative: 1 } }, /count/],
    ['a negative count', { 'KPI-5': { customersFollowedUp: -1 } }, /count/],
    ['more re-ordered than followed up', { 'KPI-6': { followedUp: 2, reordered: 3 } }, /at most 2/],
    ['a revenue that is no number', { 'KPI-3': { revenue: Number.NaN, previousRevenue: 1 } }, /finite/],
  ])('refuses %s', (_, figures, message) => {
    expect(() => scoreLines(figures, POLICY)).toThrow(message);
  });
});

describe('scorecard', () => {
  const ALL_MET: KpiFigures = {
    'KPI-1': { sampled: 10, validatedInTime: 10 },
    'KPI-2': { sampled: 10, fastAndRepresentative: 9 },
    'KPI-3': { revenue: 120, previousRevenue: 100 },
    'KPI-4': { newCustomers: 2 },
    'KPI-5': { customersFollowedUp: 15 },
    'KPI-6': { followedUp: 10, reordered: 5 },
  };
  const MIXED: KpiFigures = {
    'KPI-1': { sampled: 10, validatedInTime: 8 },
    'KPI-2': { sampled: 10, fastAndRepresentative: 9 },
    'KPI-3': { revenue: 105, previousRevenue: 100 },
    'KPI-4': { newCustomers: 1 },
    'KPI-5': { customersFollowedUp: 12 },
    'KPI-6': { followedUp: 10, reordered: 1 },
  };

  it('all six met: 70 out of 70, share 1, nothing to review', () => {
    const card = scorecardOf(ALL_MET, POLICY);
    expect(card).toMatchObject({ total: 70, maxTotal: 70, share: 1, reviews: [] });
    expect(card.lines.map((line) => [line.kpi, line.score])).toEqual([
      ['KPI-1', 10],
      ['KPI-2', 5],
      ['KPI-3', 20],
      ['KPI-4', 15],
      ['KPI-5', 10],
      ['KPI-6', 10],
    ]);
  });

  it('mixed: each line weighted, the total out of 70 and as a share, the misses to review', () => {
    const card = scorecardOf(MIXED, POLICY);
    expect(card.lines.map((line) => line.score)).toEqual([8.89, 5, 10, 12, 8, 3.33]);
    expect(card.total).toBe(47.22);
    expect(card.maxTotal).toBe(70);
    expect(card.share).toBe(0.6746);
    expect(card.reviews).toEqual(['KPI-1', 'KPI-3', 'KPI-4', 'KPI-5', 'KPI-6']);
  });

  it('nothing measurable and nothing done: 0 out of 70, all six to review', () => {
    const card = scorecardOf(
      {
        'KPI-1': { sampled: 0, validatedInTime: 0 },
        'KPI-2': { sampled: 0, fastAndRepresentative: 0 },
        'KPI-3': { revenue: 0, previousRevenue: 0 },
        'KPI-4': { newCustomers: 0 },
        'KPI-5': { customersFollowedUp: 0 },
        'KPI-6': { followedUp: 0, reordered: 0 },
      },
      POLICY,
    );
    expect(card).toMatchObject({ total: 0, maxTotal: 70, share: 0 });
    expect(card.reviews).toHaveLength(6);
  });

  it('a month holds KPI-5 and KPI-6 only: out of 20', () => {
    const card = scorecardOf(
      { 'KPI-5': { customersFollowedUp: 12 }, 'KPI-6': { followedUp: 10, reordered: 3 } },
      POLICY,
    );
    expect(card).toMatchObject({ total: 18, maxTotal: 20, share: 0.9, reviews: ['KPI-5'] });
  });

  it('weights are configurable: the same figures out of 100', () => {
    const policy = kpiPolicy({
      reorderConversionTarget: 0.3,
      weights: { 'KPI-1': 20, 'KPI-2': 10, 'KPI-3': 25, 'KPI-4': 20, 'KPI-5': 15 },
    });
    const card = scorecardOf(MIXED, policy);
    // 20·0.8/0.9 + 10 + 25·0.5 + 20·0.8 + 15·0.8 + 10·(1/3)
    expect(card.lines.map((line) => line.score)).toEqual([17.78, 10, 12.5, 16, 12, 3.33]);
    expect(card).toMatchObject({ total: 71.61, maxTotal: 100, share: 0.7161 });
  });

  it('orders lines by KPI and refuses a KPI twice', () => {
    const lines = scoreLines(MIXED, POLICY);
    expect(scorecard([...lines].reverse()).lines.map((line) => line.kpi)).toEqual(Object.keys(SEED_WEIGHTS));
    expect(() => scorecard([...lines, ...lines.slice(0, 1)])).toThrow(/KPI-1 twice/);
  });

  it('no lines: 0 out of 0', () => {
    expect(scorecard([])).toEqual({ lines: [], total: 0, maxTotal: 0, share: 0, reviews: [] });
  });
});

describe('quarterFromMonths', () => {
  const month = (figures: KpiFigures) => one(figures);

  it.each<[string, KpiLine[], number, number, number, KpiLine['status']]>([
    // what, months, numerator, denominator, score, status
    [
      '15 each month: full weight',
      [15, 15, 15].map((n) => month({ 'KPI-5': { customersFollowedUp: n } })),
      45,
      45,
      10,
      'met',
    ],
    [
      '45 in one month, none after: a third, not all',
      [45, 0, 0].map((n) => month({ 'KPI-5': { customersFollowedUp: n } })),
      45,
      45,
      3.33,
      'below',
    ],
    [
      '15, 12, 15: the one short month costs its share',
      [15, 12, 15].map((n) => month({ 'KPI-5': { customersFollowedUp: n } })),
      42,
      45,
      9.33,
      'below',
    ],
    [
      'KPI-6 with a month nobody was followed up: that month scores 0',
      [
        month({ 'KPI-6': { followedUp: 10, reordered: 3 } }),
        month({ 'KPI-6': { followedUp: 0, reordered: 0 } }),
      ],
      3,
      10,
      5,
      'below',
    ],
    [
      'KPI-6 never measurable',
      [
        month({ 'KPI-6': { followedUp: 0, reordered: 0 } }),
        month({ 'KPI-6': { followedUp: 0, reordered: 0 } }),
      ],
      0,
      0,
      0,
      'not-measurable',
    ],
  ])('%s', (_, months, numerator, denominator, score, status) => {
    const quarter = quarterFromMonths(months);
    expect(quarter).toMatchObject({ numerator, denominator, score, status, review: status !== 'met' });
  });

  it('refuses no months and mixed KPIs', () => {
    expect(() => quarterFromMonths([])).toThrow(/at least one/);
    expect(() =>
      quarterFromMonths([
        month({ 'KPI-5': { customersFollowedUp: 1 } }),
        month({ 'KPI-6': { followedUp: 1, reordered: 1 } }),
      ]),
    ).toThrow(/one KPI/);
  });

  it('a quarter of the monthly KPIs joins the quarterly ones: the total out of 70', () => {
    const quarterly = scoreLines(
      {
        'KPI-1': { sampled: 10, validatedInTime: 9 },
        'KPI-2': { sampled: 10, fastAndRepresentative: 9 },
        'KPI-3': { revenue: 110, previousRevenue: 100 },
        'KPI-4': { newCustomers: 2 },
      },
      POLICY,
    );
    const kpi5 = quarterFromMonths([15, 15, 0].map((n) => month({ 'KPI-5': { customersFollowedUp: n } })));
    const kpi6 = quarterFromMonths(
      [3, 3, 3].map((n) => month({ 'KPI-6': { followedUp: 10, reordered: n } })),
    );
    expect(scorecard([...quarterly, kpi5, kpi6])).toMatchObject({
      total: 66.67,
      maxTotal: 70,
      share: 0.9524,
      reviews: ['KPI-5'],
    });
  });
});

describe('revenueGrowth and the policy', () => {
  it.each<[number, number, number | null]>([
    [110, 100, 0.1],
    [50, 100, -0.5],
    [100, 0, null],
    [0, 0, null],
    [10, -10, null],
  ])('revenueGrowth(%d, %d) = %s', (revenue, previous, growth) => {
    const result = revenueGrowth(revenue, previous);
    if (growth === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(growth, 12);
  });

  it('the seed policy, one weight overridden', () => {
    const policy = kpiPolicy({ reorderConversionTarget: 0.25, weights: { 'KPI-3': 30 } });
    expect(policy.weights).toEqual({ ...SEED_WEIGHTS, 'KPI-3': 30 });
    expect(policy).toMatchObject({
      repliedInTimeTarget: 0.9,
      fastAndRepresentativeTarget: 0.9,
      revenueGrowthTarget: 0.1,
      newCustomersPerYear: 5,
      followUpsPerMonth: 15,
      reorderConversionTarget: 0.25,
    });
    expect(Object.values(SEED_WEIGHTS).reduce((sum, weight) => sum + weight, 0)).toBe(70);
  });

  it.each<[string, Parameters<typeof kpiPolicy>[0], RegExp]>([
    ['a negative weight', { reorderConversionTarget: 0.3, weights: { 'KPI-1': -1 } }, /weight of KPI-1/],
    ['a conversion target above 1', { reorderConversionTarget: 1.5 }, /reorderConversionTarget/],
    ['a conversion target of 0', { reorderConversionTarget: 0 }, /reorderConversionTarget/],
    [
      'a reply target of 90 (percent, not share)',
      { reorderConversionTarget: 0.3, repliedInTimeTarget: 90 },
      /repliedInTimeTarget/,
    ],
    ['no follow-ups a month', { reorderConversionTarget: 0.3, followUpsPerMonth: 0 }, /followUpsPerMonth/],
    ['a growth target of 0', { reorderConversionTarget: 0.3, revenueGrowthTarget: 0 }, /revenueGrowthTarget/],
  ])('refuses %s', (_, options, message) => {
    expect(() => kpiPolicy(options)).toThrow(message);
  });
});
