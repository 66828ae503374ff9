import { describe, expect, it } from 'vitest';
import type { Segment } from './segments.js';
import {
  DEFAULT_LOYALTY_POLICY,
  type LoyaltyCustomer,
  type LoyaltyPolicy,
  loyaltyMonthFigures,
  loyaltyNight,
  loyaltyPolicy,
  type Membership,
  nextMembership,
  percent,
  perMember,
  qualifyingTier,
  type Tier,
  tierToAnnounce,
  visitsBetween,
} from './tiers.js';

const TODAY = '2026-06-15';
const customer = (
  segment: Segment | null,
  visits: string[],
  spend: number | null = null,
  branchId: number | null = 10,
): LoyaltyCustomer => ({ partnerId: 1, segment, visits, spend, branchId });

describe('qualifyingTier', () => {
  const cases: Array<[string, LoyaltyCustomer, Tier | null, Partial<LoyaltyPolicy>?]> = [
    ['Aktif, one visit', customer('active', ['2026-05-01']), null],
    ['Aktif, two visits', customer('active', ['2026-05-01', '2025-09-01']), 'silver'],
    ['Aktif, two records the same day: one visit', customer('active', ['2026-05-01', '2026-05-01']), null],
    [
      'Aktif, the second visit exactly 24 months ago',
      customer('active', ['2026-05-01', '2024-06-15']),
      'silver',
    ],
    [
      'Aktif, the second visit a day before the window',
      customer('active', ['2026-05-01', '2024-06-14']),
      null,
    ],
    ['Aktif, the second visit after today (a typo)', customer('active', ['2026-05-01', '2026-06-16']), null],
    [
      'Aktif, three visits with silverVisits 3',
      customer('active', ['2026-05-01', '2026-01-01', '2025-01-01']),
      'silver',
      { silverVisits: 3 },
    ],
    [
      'Loyal, four visits',
      customer('loyal', ['2026-05-01', '2026-01-01', '2025-09-01', '2025-05-01']),
      'gold',
    ],
    ['Loyal, seven visits', customer('loyal', months(7)), 'gold'],
    ['Loyal, eight visits', customer('loyal', months(8)), 'platinum'],
    ['Loyal, spend exactly the Platinum spend', customer('loyal', months(4), 5_000_000), 'platinum'],
    ['Loyal, spend a rupiah short', customer('loyal', months(4), 4_999_999), 'gold'],
    ['Loyal, spend unknown', customer('loyal', months(4), null), 'gold'],
    [
      'Loyal, Platinum by visits only',
      customer('loyal', months(4), 9_000_000),
      'gold',
      { platinumSpend: null },
    ],
    ['Berisiko, many visits', customer('at_risk', months(9)), null],
    ['Hilang', customer('lost', months(9)), null],
    ['Belum Pernah Servis', customer('never_serviced', []), null],
    ['not segmented', customer(null, months(9)), null],
  ];
  for (const [name, input, expected, overrides] of cases) {
    it(`${name}: ${expected ?? 'none'}`, () => {
      expect(qualifyingTier(input, loyaltyNight(TODAY, loyaltyPolicy(overrides)))).toBe(expected);
    });
  }
});

/** `count` visits, one a month back from the 1st of this month. */
function months(count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const date = new Date(Date.UTC(2026, 5 - index, 1));
    return date.toISOString().slice(0, 10);
  });
}

const member = (overrides: Partial<Membership> = {}): Membership => ({
  partnerId: 1,
  tier: 'gold',
  state: 'active',
  enrolledOn: '2026-01-10',
  tierSince: '2026-01-10',
  belowSince: null,
  lapsedOn: null,
  branchId: 10,
  visitsBefore: 2,
  visitsAfter: null,
  ...overrides,
});

const SILVER = customer('active', ['2026-05-01', '2026-03-01']);
const GOLD = customer('loyal', months(4));
const PLATINUM = customer('loyal', months(8));

describe('nextMembership', () => {
  const cases: Array<{
    name: string;
    today?: string;
    customer: LoyaltyCustomer | undefined;
    member?: Membership;
    policy?: Partial<LoyaltyPolicy>;
    event: string | null;
    expect: Partial<Membership> | null;
  }> = [
    {
      name: 'a customer who qualifies is enrolled today at their tier, visits before counted',
      customer: SILVER,
      event: 'enrolled',
      expect: {
        tier: 'silver',
        state: 'active',
        enrolledOn: TODAY,
        tierSince: TODAY,
        visitsBefore: 2,
        visitsAfter: null,
      },
    },
    {
      name: 'a customer who does not qualify stays out',
      customer: customer('active', ['2026-05-01']),
      event: null,
      expect: null,
    },
    {
      name: 'a Hilang customer is never enrolled',
      customer: customer('lost', months(9)),
      event: null,
      expect: null,
    },
    {
      name: 'a member who still qualifies: nothing changes',
      customer: GOLD,
      member: member(),
      event: null,
      expect: member(),
    },
    {
      name: 'a higher tier: upgraded at once',
      customer: PLATINUM,
      member: member(),
      event: 'upgraded',
      expect: { tier: 'platinum', tierSince: TODAY, enrolledOn: '2026-01-10' },
    },
    {
      name: 'a lower tier: the first day below is noted, no downgrade yet',
      customer: SILVER,
      member: member(),
      event: null,
      expect: { tier: 'gold', belowSince: TODAY },
    },
    {
      name: 'below for 89 days: still Gold',
      customer: SILVER,
      member: member({ belowSince: '2026-03-18' }),
      event: null,
      expect: { tier: 'gold', belowSince: '2026-03-18' },
    },
    {
      name: 'below for 90 days: downgraded to the tier of the day',
      customer: SILVER,
      member: member({ belowSince: '2026-03-17' }),
      event: 'downgraded',
      expect: { tier: 'silver', tierSince: TODAY, belowSince: null },
    },
    {
      name: 'back at their tier: the count starts over',
      customer: GOLD,
      member: member({ belowSince: '2026-03-17' }),
      event: null,
      expect: { tier: 'gold', belowSince: null },
    },
    {
      name: 'downgradeAfterDays 0: downgraded the first day',
      customer: SILVER,
      member: member(),
      policy: { downgradeAfterDays: 0 },
      event: 'downgraded',
      expect: { tier: 'silver' },
    },
    {
      name: 'a Berisiko Silver member keeps Silver (the floor)',
      customer: customer('at_risk', ['2025-05-01', '2025-03-01']),
      member: member({ tier: 'silver' }),
      event: null,
      expect: { tier: 'silver', state: 'active', belowSince: null },
    },
    {
      name: 'a Berisiko Gold member goes to Silver after the hold',
      customer: customer('at_risk', ['2025-05-01']),
      member: member({ belowSince: '2026-03-17' }),
      event: 'downgraded',
      expect: { tier: 'silver', state: 'active' },
    },
    {
      name: 'Hilang: lapses at once, tier kept for the record',
      customer: customer('lost', ['2024-01-01']),
      member: member({ belowSince: '2026-05-01' }),
      event: 'lapsed',
      expect: { tier: 'gold', state: 'lapsed', lapsedOn: TODAY, belowSince: null },
    },
    {
      name: 'no longer a customer: lapses',
      customer: undefined,
      member: member(),
      event: 'lapsed',
      expect: { state: 'lapsed', lapsedOn: TODAY },
    },
    {
      name: 'a lapsed member who qualifies again: reinstated, first enrolment kept',
      customer: SILVER,
      member: member({ state: 'lapsed', lapsedOn: '2026-02-01' }),
      event: 'reinstated',
      expect: { state: 'active', tier: 'silver', tierSince: TODAY, enrolledOn: '2026-01-10', lapsedOn: null },
    },
    {
      name: 'a lapsed member who does not qualify: stays lapsed',
      customer: customer('active', ['2026-05-01']),
      member: member({ state: 'lapsed', lapsedOn: '2026-02-01' }),
      event: null,
      expect: { state: 'lapsed', lapsedOn: '2026-02-01' },
    },
    {
      name: 'the branch follows the customer’s',
      customer: { ...GOLD, branchId: 20 },
      member: member(),
      event: null,
      expect: { branchId: 20 },
    },
    {
      name: 'a customer without a branch keeps the member’s',
      customer: { ...GOLD, branchId: null },
      member: member(),
      event: null,
      expect: { branchId: 10 },
    },
  ];
  for (const item of cases) {
    it(item.name, () => {
      const policy = loyaltyPolicy(item.policy);
      const result = nextMembership(item.customer, item.member, loyaltyNight(item.today ?? TODAY, policy));
      expect(result.event).toBe(item.event);
      if (item.expect === null) expect(result.member).toBeNull();
      else expect(result.member).toMatchObject(item.expect);
    });
  }

  it('a re-run the same day gives the same membership', () => {
    for (const input of [SILVER, GOLD, PLATINUM, customer('lost', [])]) {
      const first = nextMembership(
        input,
        member({ tier: 'silver' }),
        loyaltyNight(TODAY, DEFAULT_LOYALTY_POLICY),
      ).member;
      const again = nextMembership(input, first ?? undefined, loyaltyNight(TODAY, DEFAULT_LOYALTY_POLICY));
      expect(again).toEqual({ member: first, event: null });
    }
  });
});

describe('effectiveness: visits before and after enrolment', () => {
  // Enrolled 2026-01-31 with N = 6: before is (2025-07-31, 2026-01-31], after (2026-01-31, 2026-07-31].
  const visits = ['2025-07-31', '2025-08-01', '2026-01-31', '2026-02-01', '2026-07-31', '2026-08-01'];
  const enrolledOn = '2026-01-31';
  it('counts the enrolment day before, the day N months before it not at all', () => {
    const enrolled = nextMembership(
      customer('active', visits),
      undefined,
      loyaltyNight(enrolledOn, DEFAULT_LOYALTY_POLICY),
    );
    expect(enrolled.member).toMatchObject({ visitsBefore: 2, visitsAfter: null });
  });
  const table: Array<[string, number | null]> = [
    ['2026-07-30', null],
    ['2026-07-31', 2],
    ['2026-12-31', 2],
  ];
  for (const [today, after] of table) {
    it(`as of ${today}: visits after ${after ?? 'not counted yet'}`, () => {
      const result = nextMembership(
        customer('active', visits),
        member({ tier: 'silver', enrolledOn, tierSince: enrolledOn }),
        loyaltyNight(today, DEFAULT_LOYALTY_POLICY),
      );
      expect(result.member?.visitsAfter).toBe(after);
    });
  }
  it('a measured member keeps their count, lapsed or not', () => {
    const result = nextMembership(
      customer('lost', []),
      member({ enrolledOn, visitsAfter: 3, state: 'lapsed', lapsedOn: '2026-11-01' }),
      loyaltyNight('2027-06-01', DEFAULT_LOYALTY_POLICY),
    );
    expect(result.member?.visitsAfter).toBe(3);
  });
  it('visitsBetween: distinct days, from excluded, to included', () => {
    expect(
      visitsBetween(['2026-01-01', '2026-01-02', '2026-01-02', '2026-01-03'], '2026-01-01', '2026-01-02'),
    ).toBe(1);
  });
});

describe('tierToAnnounce', () => {
  const cases: Array<[string, Membership, Tier | null, Tier | null]> = [
    ['a new member, nothing announced', member({ tier: 'silver' }), null, 'silver'],
    ['the tier announced already', member(), 'gold', null],
    ['upgraded past the announced tier', member({ tier: 'platinum' }), 'gold', 'platinum'],
    ['downgraded below the announced tier', member({ tier: 'silver' }), 'gold', null],
    ['lapsed', member({ state: 'lapsed' }), null, null],
  ];
  for (const [name, input, announced, expected] of cases) {
    it(name, () => expect(tierToAnnounce(input, announced)).toBe(expected));
  }
});

describe('loyaltyMonthFigures', () => {
  it('counts participation per branch and all, effectiveness of measured members only', () => {
    const today = '2026-06-15';
    const customers: LoyaltyCustomer[] = [
      { partnerId: 1, segment: 'loyal', visits: ['2026-06-01'], spend: null, branchId: 10 },
      { partnerId: 2, segment: 'active', visits: ['2026-05-31'], spend: null, branchId: 10 },
      { partnerId: 3, segment: 'active', visits: ['2026-06-15'], spend: null, branchId: 20 },
      { partnerId: 4, segment: 'lost', visits: ['2023-01-01'], spend: null, branchId: 20 },
      // A visit after today is not this month's yet.
      { partnerId: 5, segment: 'never_serviced', visits: ['2026-06-16'], spend: null, branchId: null },
      { partnerId: 6, segment: null, visits: ['2026-06-02'], spend: null, branchId: 10 },
    ];
    const members: Membership[] = [
      member({ partnerId: 1, tier: 'gold', visitsBefore: 2, visitsAfter: 3 }),
      member({ partnerId: 2, tier: 'silver', enrolledOn: '2026-06-01', visitsBefore: 1 }),
      member({
        partnerId: 4,
        state: 'lapsed',
        lapsedOn: '2026-06-10',
        branchId: 20,
        visitsBefore: 1,
        visitsAfter: 0,
      }),
    ];
    const lines = loyaltyMonthFigures(customers, members, today);
    const byBranch = Object.fromEntries(lines.map((line) => [line.branchId ?? 'all', line]));
    expect(byBranch.all).toEqual({
      branchId: null,
      members: 2,
      silver: 1,
      gold: 1,
      platinum: 0,
      membersServiced: 1,
      nonMembers: 3,
      nonMembersServiced: 1,
      enrolled: 1,
      lapsed: 1,
      measured: 2,
      visitsBefore: 3,
      visitsAfter: 3,
    });
    expect(byBranch[10]).toMatchObject({ members: 2, membersServiced: 1, nonMembers: 0, measured: 1 });
    expect(byBranch[20]).toMatchObject({
      members: 0,
      nonMembers: 2,
      nonMembersServiced: 1,
      lapsed: 1,
      measured: 1,
    });
    expect(Object.keys(byBranch).sort()).toEqual(['10', '20', 'all']);
  });

  it('an empty month still has its "all" line', () => {
    expect(loyaltyMonthFigures([], [], '2026-06-15')).toHaveLength(1);
  });

  it('rates: per cent with one decimal, visits per member with two, 0 for nobody', () => {
    expect([percent(1, 3), percent(2, 3), percent(0, 0), perMember(7, 3), perMember(1, 0)]).toEqual([
      33.3, 66.7, 0, 2.33, 0,
    ]);
  });
});

describe('loyaltyPolicy', () => {
  it.each([
    [{ silverVisits: 0 }, 'silverVisits'],
    [{ platinumVisits: 2 }, 'platinumVisits (2) to be above silverVisits (2)'],
    [{ downgradeAfterDays: -1 }, 'downgradeAfterDays'],
    [{ effectMonths: 0 }, 'effectMonths'],
    [{ platinumSpend: 0 }, 'platinumSpend'],
  ] as Array<[Partial<LoyaltyPolicy>, string]>)('refuses %o', (overrides, message) => {
    expect(() => loyaltyPolicy(overrides)).toThrow(message);
  });
});
