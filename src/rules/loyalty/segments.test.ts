import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SEGMENT_POLICY,
  type Segment,
  type ServiceHistory,
  segmentChanges,
  segmentCustomers,
  segmentPolicy,
} from './segments.js';

const TODAY = '2026-03-15';
const history = (
  visits: string[],
  purchases: string[] = ['2023-01-10'],
  spend: number | null = null,
): ServiceHistory => ({
  partnerId: 1,
  purchases,
  visits,
  spend,
});
const one = (input: ServiceHistory, today = TODAY) => segmentCustomers([input], today)[0];

describe('segmentCustomers: the segment at its edges', () => {
  it.each<{ name: string; visits: string[]; purchases?: string[]; segment: Segment | undefined }>([
    { name: 'serviced exactly 12 months ago: still Aktif', visits: ['2025-03-15'], segment: 'active' },
    { name: 'a day over 12 months: Berisiko', visits: ['2025-03-14'], segment: 'at_risk' },
    { name: 'exactly 24 months ago: still Berisiko', visits: ['2024-03-15'], segment: 'at_risk' },
    { name: 'a day over 24 months: Hilang', visits: ['2024-03-14'], segment: 'lost' },
    { name: 'bought, never serviced: Belum Pernah Servis', visits: [], segment: 'never_serviced' },
    { name: 'neither bought nor serviced: not a customer', visits: [], purchases: [], segment: undefined },
    {
      name: 'serviced but bought elsewhere: segmented by visits',
      visits: ['2026-01-05'],
      purchases: [],
      segment: 'active',
    },
    {
      name: '4 visits in 24 months, the last within 12: Loyal',
      visits: ['2024-04-01', '2024-10-01', '2025-04-01', '2025-10-01'],
      segment: 'loyal',
    },
    {
      name: '4 visits in 24 months but the last 13 months ago: Berisiko, not Loyal',
      visits: ['2024-03-20', '2024-06-01', '2024-09-01', '2025-02-01'],
      segment: 'at_risk',
    },
    {
      name: 'the same day twice (WOR and A2) is one visit: 3, Aktif',
      visits: ['2024-10-01', '2025-04-01', '2025-10-01', '2025-10-01'],
      segment: 'active',
    },
    {
      name: 'a visit 24 months and a day ago is outside the window: 3 in it, Aktif',
      visits: ['2024-03-14', '2024-10-01', '2025-04-01', '2025-10-01'],
      segment: 'active',
    },
    { name: 'a visit after today is not counted', visits: ['2026-03-16'], segment: 'never_serviced' },
    { name: 'on 31 March, 12 months back is 31 March', visits: ['2025-03-31'], segment: 'active' },
  ])('$name', ({ visits, purchases, segment }) => {
    const today = visits[0] === '2025-03-31' ? '2026-03-31' : TODAY;
    expect(one(history(visits, purchases ?? ['2023-01-10']), today)?.segment).toBe(segment);
  });

  it('a customer with two units: the visits of both count', () => {
    // Unit A serviced twice, unit B twice: four days, loyal as one customer.
    const [customer] = segmentCustomers(
      [history(['2024-05-01', '2025-05-01', '2024-11-01', '2025-11-01'], ['2023-01-10', '2023-06-01'])],
      TODAY,
    );
    expect(customer).toMatchObject({ segment: 'loyal', recentVisits: 4, lastVisit: '2025-11-01' });
  });
});

describe('segmentCustomers: scores 1–5', () => {
  it.each([
    { last: '2026-01-01', recency: 5 },
    { last: '2025-12-15', recency: 5 },
    { last: '2025-12-14', recency: 4 },
    { last: '2025-09-15', recency: 4 },
    { last: '2025-09-14', recency: 3 },
    { last: '2025-03-15', recency: 3 },
    { last: '2024-03-15', recency: 2 },
    { last: '2024-03-14', recency: 1 },
  ])('recency: last visit $last → $recency', ({ last, recency }) => {
    expect(one(history([last]))?.recency).toBe(recency);
  });

  it('recency of a customer never serviced is 1', () => {
    expect(one(history([]))?.recency).toBe(1);
  });

  it.each([
    { visits: 0, frequency: 1 },
    { visits: 1, frequency: 1 },
    { visits: 2, frequency: 2 },
    { visits: 4, frequency: 3 },
    { visits: 6, frequency: 4 },
    { visits: 8, frequency: 5 },
    { visits: 12, frequency: 5 },
  ])('frequency: $visits visits in 24 months → $frequency', ({ visits, frequency }) => {
    const days = Array.from(
      { length: visits },
      (_, index) =>
        `2025-${String((index % 12) + 1).padStart(2, '0')}-${String(1 + Math.floor(index / 12)).padStart(2, '0')}`,
    );
    expect(one(history(days.filter((day) => day <= TODAY)))?.frequency).toBe(frequency);
  });

  it('monetary: quintiles of known spend, ties alike, unknown null', () => {
    const customers = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((spend, index) => ({
      ...history(['2026-01-01']),
      partnerId: index + 1,
      spend,
    }));
    customers.push({ ...history(['2026-01-01']), partnerId: 11, spend: 100 });
    customers.push({ ...history(['2026-01-01']), partnerId: 12, spend: null as unknown as number });
    const scores = new Map(segmentCustomers(customers, TODAY).map((c) => [c.partnerId, c.monetary]));
    // 11 known spends: ranks 0–2 in the bottom fifth (5 × rank / 11 < 1), the two 100s tie at rank 9.
    expect([...scores.values()]).toEqual([1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, null]);
    expect(scores.get(10)).toBe(scores.get(11));
  });
});

describe('segmentPolicy', () => {
  it.each([
    [{ activeMonths: 0 }, /activeMonths/],
    [{ lostAfterMonths: 6 }, /lostAfterMonths \(6\) to be at least activeMonths \(12\)/],
    [{ recencyMonths: [3, 3, 12, 24] as const }, /recencyMonths to rise/],
    [{ loyalVisits: 1.5 }, /loyalVisits/],
  ])('refuses %j', (overrides, message) => {
    expect(() => segmentPolicy(overrides)).toThrow(message);
  });

  it('a dealer’s own loyal threshold', () => {
    const visits = ['2025-04-01', '2025-10-01', '2026-01-01'];
    expect(segmentCustomers([history(visits)], TODAY, segmentPolicy({ loyalVisits: 3 }))[0]?.segment).toBe(
      'loyal',
    );
    expect(segmentCustomers([history(visits)], TODAY, DEFAULT_SEGMENT_POLICY)[0]?.segment).toBe('active');
  });
});

describe('segmentChanges', () => {
  it('lists the customers whose segment moved, and the new ones', () => {
    const current = segmentCustomers(
      [
        { ...history(['2025-01-01']), partnerId: 1 },
        { ...history(['2026-01-01']), partnerId: 2 },
        { ...history([]), partnerId: 3 },
      ],
      TODAY,
    );
    expect(
      segmentChanges(
        new Map<number, Segment>([
          [1, 'active'],
          [2, 'active'],
        ]),
        current,
      ),
    ).toEqual([
      { partnerId: 1, from: 'active', to: 'at_risk' },
      { partnerId: 3, from: null, to: 'never_serviced' },
    ]);
  });
});
