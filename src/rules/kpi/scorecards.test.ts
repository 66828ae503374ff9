import { describe, expect, it } from 'vitest';
import { monthOf, quarterOf } from './periods.js';
import { kpiPolicy } from './score.js';
import {
  cardKey,
  monthCard,
  quarterCard,
  reviewLines,
  type SampleDecision,
  sampleFigures,
  totalLine,
} from './scorecards.js';

const policy = kpiPolicy({ reorderConversionTarget: 0.3 });
const q3 = quarterOf('2026-07-01');
const decided = (
  validation: SampleDecision['validation'],
  within = true,
  fast = true,
  representative = true,
): SampleDecision => ({
  withinOneDay: within,
  fast,
  validation,
  representative,
});

describe('sampleFigures: KPI-1 and KPI-2 from the Head of Marketing’s decisions', () => {
  it.each([
    { name: 'approved, in time, representative', samples: [decided('approved')], expected: [1, 1, 1, 0] },
    { name: 'approved but late', samples: [decided('approved', false, false)], expected: [1, 0, 0, 0] },
    {
      name: 'approved, in time, not representative',
      samples: [decided('approved', true, true, false)],
      expected: [1, 1, 0, 0],
    },
    {
      name: 'approved, in time but not fast',
      samples: [decided('approved', true, false)],
      expected: [1, 1, 0, 0],
    },
    { name: 'rejected', samples: [decided('rejected')], expected: [1, 0, 0, 0] },
    { name: 'pending counts as not validated', samples: [decided('pending')], expected: [1, 0, 0, 1] },
    { name: 'no sample', samples: [], expected: [0, 0, 0, 0] },
  ])('$name', ({ samples, expected }) => {
    const figures = sampleFigures(samples);
    expect([
      figures.sampled,
      figures.validatedInTime,
      figures.fastAndRepresentative,
      figures.pending,
    ]).toEqual(expected);
  });
});

describe('quarterCard', () => {
  const months = ['2026-07-01', '2026-08-01', '2026-09-01'].map((date, index) =>
    monthCard(
      { officerId: 1, month: monthOf(date), followedUp: index === 0 ? 15 : 0, reordered: 0, auditDue: true },
      policy,
    ),
  );
  const base = {
    officerId: 1,
    quarter: q3,
    revenue: { revenue: 110, local: 110, export: 0 },
    previousRevenue: 100,
    newCustomers: 2,
    months,
  };

  it.each([
    { name: 'before the audit: open, KPI-1/2 not measured', samples: null, state: 'open', kpi1: null },
    {
      name: 'a sample waiting: validating',
      samples: [decided('approved'), decided('pending')],
      state: 'validating',
      kpi1: 0.5,
    },
    {
      name: 'all decided: done',
      samples: [decided('approved'), decided('rejected')],
      state: 'done',
      kpi1: 0.5,
    },
    { name: 'nothing to sample: done, not measurable', samples: [], state: 'done', kpi1: null },
  ])('$name', ({ samples, state, kpi1 }) => {
    const plan = quarterCard({ ...base, samples }, policy);
    expect(plan.state).toBe(state);
    expect(plan.card.lines.find((line) => line.kpi === 'KPI-1')?.achievement ?? null).toBe(kpi1);
    expect(plan.card.maxTotal).toBe(70);
    expect(plan.key).toBe('1:2026-Q3');
  });

  it('takes KPI-5 and KPI-6 from its months: a third of the weight for one month of three met', () => {
    const plan = quarterCard({ ...base, samples: [] }, policy);
    const kpi5 = plan.card.lines.find((line) => line.kpi === 'KPI-5');
    expect(kpi5).toMatchObject({ numerator: 15, denominator: 45, score: 3.33, status: 'below' });
    // July followed up 15 and none re-ordered: measured, 0%.
    expect(plan.card.lines.find((line) => line.kpi === 'KPI-6')).toMatchObject({
      numerator: 0,
      denominator: 15,
      status: 'below',
      score: 0,
    });
  });

  it('the team’s card holds KPI-3 and KPI-4 only, out of 35', () => {
    const plan = quarterCard({ ...base, officerId: null, samples: [], months: [] }, policy);
    expect(plan.card.lines.map((line) => line.kpi)).toEqual(['KPI-3', 'KPI-4']);
    expect(plan.card.maxTotal).toBe(35);
    expect(plan.key).toBe(cardKey(null, q3));
    expect(plan.state).toBe('done');
  });

  it('a month is open until its audit is due', () => {
    expect(
      monthCard(
        { officerId: 1, month: monthOf('2026-09-01'), followedUp: 15, reordered: 5, auditDue: false },
        policy,
      ).state,
    ).toBe('open');
  });
});

describe('reviewLines', () => {
  it('names each KPI under target with its figures, in Indonesian number format', () => {
    const plan = quarterCard(
      {
        officerId: 1,
        quarter: q3,
        samples: [decided('approved'), decided('approved', false, false)],
        revenue: { revenue: 105, local: 105, export: 0 },
        previousRevenue: 100,
        newCustomers: 2,
        months: [],
      },
      policy,
    );
    expect(reviewLines(plan.card)).toEqual([
      'KPI-1: 50% (target 90%), skor 5,56 dari 10',
      'KPI-2: 50% (target 90%), skor 2,78 dari 5',
      'KPI-3: 5% (target 10%), skor 10 dari 20',
    ]);
    // No month lines given: KPI-5 and KPI-6 are absent, the total is out of 50.
    expect(totalLine(plan.card)).toBe('Skor 33,34 dari 50 (66,7%).');
  });

  it('says "tidak dapat diukur" when there is nothing to measure', () => {
    const plan = quarterCard(
      {
        officerId: 1,
        quarter: q3,
        samples: [],
        revenue: { revenue: 0, local: 0, export: 0 },
        previousRevenue: 0,
        newCustomers: 0,
        months: [],
      },
      policy,
    );
    expect(reviewLines(plan.card)[0]).toBe('KPI-1: tidak dapat diukur (0 / 0)');
  });
});
