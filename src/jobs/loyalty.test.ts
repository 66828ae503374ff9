import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import type { KillSwitch } from '../../test/support/kill-switch.js';
import { MemoryLoyaltyStore } from '../../test/support/memory-loyalty-store.js';
import { MemoryNoticeStore } from '../../test/support/memory-notice-store.js';
import { MemorySegmentStore } from '../../test/support/memory-segment-store.js';
import { silentLogger } from '../logging/logger.js';
import { DEFAULT_SEGMENT_POLICY } from '../rules/loyalty/segments.js';
import { DEFAULT_LOYALTY_POLICY } from '../rules/loyalty/tiers.js';
import { loyaltyRequestOf, runLoyalty } from './loyalty.js';
import { noticeAnnouncer } from './loyalty-notices.js';
import { runSegments } from './segments.js';

/**
 * Six customers over fifteen months of nights, segments then loyalty each night, default
 * policies (Gold = Loyal: 4 visits in 24 months; Silver = Aktif with 2; Platinum = Loyal with 8;
 * downgrade after 90 days below; effectiveness over 6 months):
 * 1. Silver on its second visit (2026-02-10), Gold on its fourth (2026-06-01), measured 2026-08-10;
 * 2. Gold from the first night, opted out (its notice is recorded, not sent); Berisiko from
 *    2026-12-02, downgraded to Silver 90 days later (2027-03-02);
 * 3. Silver from the first night, Berisiko from 2026-02-11 (keeps Silver), Hilang 2027-02-11: lapses;
 * 4. one visit, then a second on 2026-09-01: Silver;
 * 5. bought, serviced once (2026-08-09): never a member;
 * 6. eight monthly visits up to the first night: Platinum.
 * Notices go through the customer notices in memory: the dealer's loyalty template by WhatsApp,
 * customer 4 by e-mail (a landline), customer 2 opted out.
 */
function scenario(killSwitch?: KillSwitch) {
  const segments = new MemorySegmentStore(killSwitch);
  segments.units = [
    { id: 1, partnerId: 1, purchaseDate: '2025-06-01', kpbDates: ['2025-07-01'], branchId: 10 },
    {
      id: 2,
      partnerId: 2,
      purchaseDate: '2025-02-01',
      kpbDates: ['2025-03-01', '2025-06-01', '2025-09-01'],
      branchId: 10,
    },
    { id: 3, partnerId: 3, purchaseDate: '2024-12-01', kpbDates: ['2025-01-10'], branchId: 20 },
    { id: 4, partnerId: 4, purchaseDate: '2026-01-20', kpbDates: [], branchId: 20 },
    { id: 5, partnerId: 5, purchaseDate: '2025-11-01', kpbDates: [], branchId: 20 },
    { id: 6, partnerId: 6, purchaseDate: '2025-05-01', kpbDates: [], branchId: 20 },
  ];
  segments.wors = [
    { partnerId: 1, visitDate: '2026-02-10' },
    { partnerId: 1, visitDate: '2026-04-01' },
    { partnerId: 1, visitDate: '2026-06-01' },
    { partnerId: 1, visitDate: '2026-08-05' },
    { partnerId: 2, visitDate: '2025-12-01' },
    { partnerId: 3, visitDate: '2025-02-10' },
    { partnerId: 4, visitDate: '2026-03-05' },
    { partnerId: 4, visitDate: '2026-09-01' },
    { partnerId: 5, visitDate: '2026-08-09' },
    ...[
      '2025-06-01',
      '2025-07-01',
      '2025-08-01',
      '2025-09-01',
      '2025-10-01',
      '2025-11-01',
      '2025-12-01',
      '2026-01-01',
    ].map((visitDate) => ({ partnerId: 6, visitDate })),
  ];
  const loyalty = new MemoryLoyaltyStore(segments, killSwitch);
  const notices = new MemoryNoticeStore(killSwitch);
  notices.approved.set('loyalty', {
    id: 7,
    body: 'Halo {{1}}, Anda kini Member {{2}}.',
    sources: ['customer_name', 'tier'],
  });
  for (const id of [1, 3, 5, 6]) notices.customer(id);
  notices.customer(2, { optedOut: true }).customer(4, { phone: '021 555 1234' });
  return { segments, loyalty, notices };
}

type World = ReturnType<typeof scenario>;

const DATES = [
  '2026-01-01',
  '2026-02-10',
  '2026-02-11',
  '2026-03-05',
  '2026-06-01',
  '2026-08-09',
  '2026-08-10',
  '2026-09-01',
  '2026-12-02',
  '2027-02-11',
  '2027-03-01',
  '2027-03-02',
] as const;

/** Each customer's membership after the night: tier, `tier/lapsed`, or `-` (none). */
const EXPECTED: Record<(typeof DATES)[number], string[]> = {
  '2026-01-01': ['-', 'gold', 'silver', '-', '-', 'platinum'],
  '2026-02-10': ['silver', 'gold', 'silver', '-', '-', 'platinum'],
  '2026-02-11': ['silver', 'gold', 'silver', '-', '-', 'platinum'],
  '2026-03-05': ['silver', 'gold', 'silver', '-', '-', 'platinum'],
  '2026-06-01': ['gold', 'gold', 'silver', '-', '-', 'platinum'],
  '2026-08-09': ['gold', 'gold', 'silver', '-', '-', 'platinum'],
  '2026-08-10': ['gold', 'gold', 'silver', '-', '-', 'platinum'],
  '2026-09-01': ['gold', 'gold', 'silver', 'silver', '-', 'platinum'],
  '2026-12-02': ['gold', 'gold', 'silver', 'silver', '-', 'platinum'],
  '2027-02-11': ['gold', 'gold', 'silver/lapsed', 'silver', '-', 'platinum'],
  '2027-03-01': ['gold', 'gold', 'silver/lapsed', 'silver', '-', 'platinum'],
  '2027-03-02': ['gold', 'silver', 'silver/lapsed', 'silver', '-', 'platinum'],
};

const request = (today: string) => ({
  today,
  segmentPolicy: DEFAULT_SEGMENT_POLICY,
  policy: DEFAULT_LOYALTY_POLICY,
  notify: true,
});

const loyaltyNight = (world: World, date: string) =>
  runLoyalty(
    world.loyalty,
    silentLogger(),
    request(date),
    noticeAnnouncer(world.notices, world.loyalty, silentLogger(), date),
  );

async function night(world: World, date: string) {
  await runSegments(world.segments, silentLogger(), { today: date, policy: DEFAULT_SEGMENT_POLICY });
  return loyaltyNight(world, date);
}

async function runUntil(world: World, last: string): Promise<void> {
  for (const date of DATES) if (date < last) await night(world, date);
}

function memberships(world: World): string[] {
  const byPartner = new Map([...world.loyalty.memberRows.values()].map((row) => [row.partnerId, row]));
  return [1, 2, 3, 4, 5, 6].map((id) => {
    const row = byPartner.get(id);
    return row ? (row.state === 'active' ? row.tier : `${row.tier}/${row.state}`) : '-';
  });
}

function snapshot(world: World) {
  return {
    members: [...world.loyalty.memberRows.values()]
      .map(({ id: _id, ...row }) => row)
      .sort((a, b) => a.partnerId - b.partnerId),
    tiers: [...world.loyalty.tiers].sort(([a], [b]) => a - b),
    months: [...world.loyalty.monthRows.values()]
      .map(({ id: _id, ...row }) => row)
      .sort((a, b) => (a.key < b.key ? -1 : 1)),
    notices: world.notices.snapshot(),
  };
}

describe('the loyalty job over fifteen months of nights', () => {
  it('enrols, upgrades, keeps Silver for Berisiko, downgrades after the hold and lapses Hilang, on the edge days', async () => {
    const world = scenario();
    for (const date of DATES) {
      await night(world, date);
      expect(memberships(world), date).toEqual(EXPECTED[date]);
    }
  });

  it('records the enrolment once, the last tier change, the visits before and after, how it was announced', async () => {
    const world = scenario();
    for (const date of DATES) await night(world, date);
    const rows = snapshot(world).members.map((row) => [
      row.partnerId,
      row.tier,
      row.state,
      row.enrolledOn,
      row.tierSince,
      row.belowSince,
      row.lapsedOn,
      row.branchId,
      row.visitsBefore,
      row.visitsAfter,
      row.announcedTier,
      row.channel,
      row.announcedOn,
    ]);
    expect(rows).toEqual([
      [
        1,
        'gold',
        'active',
        '2026-02-10',
        '2026-06-01',
        null,
        null,
        10,
        1,
        3,
        'gold',
        'whatsapp',
        '2026-06-01',
      ],
      [2, 'silver', 'active', '2026-01-01', '2027-03-02', null, null, 10, 2, 0, 'gold', 'none', '2026-01-01'],
      [
        3,
        'silver',
        'lapsed',
        '2026-01-01',
        '2026-01-01',
        null,
        '2027-02-11',
        20,
        0,
        0,
        'silver',
        'whatsapp',
        '2026-01-01',
      ],
      [
        4,
        'silver',
        'active',
        '2026-09-01',
        '2026-09-01',
        null,
        null,
        20,
        2,
        0,
        'silver',
        // A landline: by e-mail.
        'email',
        '2026-09-01',
      ],
      // Berisiko since 2027-01-02, first seen below on the night of 2027-02-11.
      [
        6,
        'platinum',
        'active',
        '2026-01-01',
        '2026-01-01',
        '2027-02-11',
        null,
        20,
        6,
        0,
        'platinum',
        'whatsapp',
        '2026-01-01',
      ],
    ]);
    // The tier on the customer: active members only.
    expect(snapshot(world).tiers).toEqual([
      [1, 'gold'],
      [2, 'silver'],
      [4, 'silver'],
      [6, 'platinum'],
    ]);
  });

  it('announces each enrolment and upgrade once; the opted-out customer’s is recorded, not sent; no downgrade is announced', async () => {
    const world = scenario();
    for (const date of DATES) await night(world, date);
    const { notices, outbox, mails } = world.notices.snapshot();
    expect(notices.map((notice) => [notice.key, notice.state, notice.channel])).toEqual([
      ['loyalty:1:gold', 'sent', 'whatsapp'],
      ['loyalty:1:silver', 'sent', 'whatsapp'],
      ['loyalty:2:gold', 'skipped', null],
      ['loyalty:3:silver', 'sent', 'whatsapp'],
      ['loyalty:4:silver', 'sent', 'email'],
      ['loyalty:6:platinum', 'sent', 'whatsapp'],
    ]);
    expect(outbox).toEqual([
      'h23:notice:loyalty:1:gold',
      'h23:notice:loyalty:1:silver',
      'h23:notice:loyalty:3:silver',
      'h23:notice:loyalty:6:platinum',
    ]);
    expect(mails).toEqual(['pelanggan4@example.com']);
    const upgrade = notices.find((notice) => notice.key === 'loyalty:1:gold');
    expect(upgrade?.parameters).toEqual(['Pelanggan 1', 'Gold']);
    const email = notices.find((notice) => notice.key === 'loyalty:4:silver');
    expect(email?.subject).toBe('Selamat bergabung sebagai Member Silver Honda Maju Motor');
    expect(email?.body).toContain('Yth. Bapak/Ibu Pelanggan 4,');
  });

  it("counts August's participation and effectiveness exactly, per branch and for all", async () => {
    const world = scenario();
    await runUntil(world, '2026-08-11');
    const august = Object.fromEntries(
      [...world.loyalty.monthRows.values()]
        .filter((row) => row.month === '2026-08-01')
        .map((row) => [row.key, row.values]),
    );
    expect(Object.keys(august).sort()).toEqual(['10:2026-08', '20:2026-08', 'all:2026-08']);
    expect(august['all:2026-08']).toEqual({
      members: 4,
      silver: 1,
      gold: 2,
      platinum: 1,
      // Customer 1's WOR on 2026-08-05.
      membersServiced: 1,
      memberParticipation: 25,
      // Customers 4 and 5; 5 serviced on 2026-08-09.
      nonMembers: 2,
      nonMembersServiced: 1,
      nonMemberParticipation: 50,
      enrolled: 0,
      lapsed: 0,
      // 1 (before 1, after 3), 2 (2, 0), 3 (0, 0), 6 (6, 0).
      measured: 4,
      visitsBefore: 9,
      visitsAfter: 3,
      visitsPerMemberBefore: 2.25,
      visitsPerMemberAfter: 0.75,
      countedOn: '2026-08-10',
    });
    expect(august['10:2026-08']).toMatchObject({
      members: 2,
      membersServiced: 1,
      memberParticipation: 50,
      nonMembers: 0,
      nonMemberParticipation: 0,
      measured: 2,
      visitsPerMemberBefore: 1.5,
      visitsPerMemberAfter: 1.5,
    });
    expect(august['20:2026-08']).toMatchObject({
      members: 2,
      membersServiced: 0,
      nonMembers: 2,
      nonMembersServiced: 1,
      measured: 2,
      visitsPerMemberBefore: 3,
      visitsPerMemberAfter: 0,
    });
    // The night of the 9th counted customer 1 unmeasured (its 6 months end on the 10th).
    const report = await night(world, '2026-08-10');
    expect(report.effectiveness).toEqual({ measured: 4, before: 2.25, after: 0.75 });
    expect(report.participation).toEqual({ members: 25, nonMembers: 50 });
  });

  it('a re-run of any night writes nothing and announces nothing', async () => {
    const world = scenario();
    for (const date of DATES) {
      await night(world, date);
      const before = snapshot(world);
      const writes = world.loyalty.writes;
      const again = await loyaltyNight(world, date);
      expect(world.loyalty.writes, date).toBe(writes);
      expect(snapshot(world)).toEqual(before);
      expect(again).toMatchObject({
        membersCreated: 0,
        membersUpdated: 0,
        partnersWritten: 0,
        announced: 0,
        monthLinesCreated: 0,
        monthLinesUpdated: 0,
        events: { enrolled: 0, upgraded: 0, downgraded: 0, lapsed: 0, reinstated: 0 },
      });
    }
  });

  it('reports the night’s events and members', async () => {
    const world = scenario();
    const first = await night(world, '2026-01-01');
    expect(first).toMatchObject({
      customers: 6,
      members: { silver: 1, gold: 1, platinum: 1 },
      events: { enrolled: 3 },
      membersCreated: 3,
      announced: 3,
      partnersWritten: 3,
    });
    await runUntil(world, '2027-02-11');
    const lapse = await night(world, '2027-02-11');
    expect(lapse).toMatchObject({ events: { lapsed: 1 }, lapsedMembers: 1, partnersWritten: 1 });
  });
});

describe('the loyalty job killed at any write', () => {
  for (const date of ['2026-01-01', '2026-06-01', '2026-08-10', '2027-02-11', '2027-03-02'] as const) {
    it(`on ${date}, a re-run ends where an uninterrupted run does`, async () => {
      const reference = scenario();
      await runUntil(reference, date);
      await runSegments(reference.segments, silentLogger(), { today: date, policy: DEFAULT_SEGMENT_POLICY });
      const counter = { writesLeft: Number.POSITIVE_INFINITY };
      const counted = scenario(counter);
      await runUntil(counted, date);
      await runSegments(counted.segments, silentLogger(), { today: date, policy: DEFAULT_SEGMENT_POLICY });
      counter.writesLeft = 1_000_000;
      await loyaltyNight(counted, date);
      // Every record the night writes, the notices' included.
      const writes = 1_000_000 - counter.writesLeft;
      await loyaltyNight(reference, date);
      expect(writes).toBeGreaterThan(0);
      const expected = snapshot(reference);
      for (let budget = 0; budget < writes; budget += 1) {
        const killSwitch = { writesLeft: Number.POSITIVE_INFINITY };
        const world = scenario(killSwitch);
        await runUntil(world, date);
        await runSegments(world.segments, silentLogger(), { today: date, policy: DEFAULT_SEGMENT_POLICY });
        killSwitch.writesLeft = budget;
        const killed = await loyaltyNight(world, date).then(
          (report) => report.errors.some((error) => error.message === 'killed'),
          (error: Error) => error.message === 'killed',
        );
        expect(killed, `killed after ${budget} write(s)`).toBe(true);
        killSwitch.writesLeft = Number.POSITIVE_INFINITY;
        await loyaltyNight(world, date);
        expect(snapshot(world), `killed after ${budget} write(s)`).toEqual(expected);
      }
    });
  }
});

describe('the loyalty job, partial failure and switches', () => {
  it('notices that fail are reported and handed again the next night, under the same key', async () => {
    const world = scenario();
    const queue = world.notices.queueWhatsApp.bind(world.notices);
    world.notices.queueWhatsApp = async () => {
      throw new Error('outbox down');
    };
    const first = await night(world, '2026-01-01');
    expect(first.errors).toEqual([{ record: 'notices', message: 'outbox down' }]);
    expect(first).toMatchObject({ membersCreated: 3, announcementsPending: 3, monthLinesCreated: 3 });
    expect([...world.loyalty.memberRows.values()].map((row) => row.announcedTier)).toEqual([
      null,
      null,
      null,
    ]);
    world.notices.queueWhatsApp = queue;
    const next = await night(world, '2026-02-10');
    expect(next).toMatchObject({ announced: 4, announcementsPending: 0, errors: [] });
    expect(world.notices.snapshot().outbox).toEqual([
      'h23:notice:loyalty:1:silver',
      'h23:notice:loyalty:3:silver',
      'h23:notice:loyalty:6:platinum',
    ]);
  });

  it('a membership Odoo refuses is reported and stays as it was: its tier neither shown nor announced', async () => {
    const world = scenario();
    await runUntil(world, '2026-06-01');
    world.loyalty.refuseMembers.add(1);
    const report = await night(world, '2026-06-01');
    expect(report.errors).toEqual([{ record: expect.any(String), message: 'refused' }]);
    expect(report.events.upgraded).toBe(1);
    expect(memberships(world)).toEqual(['silver', 'gold', 'silver', '-', '-', 'platinum']);
    expect(world.loyalty.tiers.get(1)).toBe('silver');
    expect(world.notices.notices.has('loyalty:1:gold')).toBe(false);
    // Accepted again: the upgrade goes through on the next night.
    world.loyalty.refuseMembers.clear();
    await night(world, '2026-08-09');
    expect(memberships(world)[0]).toBe('gold');
    expect(world.notices.notices.has('loyalty:1:gold')).toBe(true);
  });

  it('notify off: memberships and months, no notice', async () => {
    const world = scenario();
    await runSegments(world.segments, silentLogger(), {
      today: '2026-01-01',
      policy: DEFAULT_SEGMENT_POLICY,
    });
    const report = await runLoyalty(
      world.loyalty,
      silentLogger(),
      { ...request('2026-01-01'), notify: false },
      noticeAnnouncer(world.notices, world.loyalty, silentLogger(), '2026-01-01'),
    );
    expect(report.membersCreated).toBe(3);
    expect(world.notices.notices.size).toBe(0);
  });
});

describe('the loyalty request from the config', () => {
  const config = (env: Record<string, string>) =>
    loadConfig({
      env: { ODOO_URL: 'http://odoo.test', ODOO_DB: 'x', ODOO_API_KEY: 'k', ...env },
      cwd: '/nonexistent',
    });
  it('takes the dealer’s thresholds (env overrides), the window from the segments', () => {
    const policy = loyaltyRequestOf(
      config({ LOYALTY_SILVER_VISITS: '3', SEGMENTS_LOYAL_WINDOW_MONTHS: '18', LOYALTY_EFFECT_MONTHS: '3' }),
      '2026-03-16',
    ).policy;
    expect(policy).toEqual({
      windowMonths: 18,
      silverVisits: 3,
      platinumVisits: 8,
      platinumSpend: 5_000_000,
      downgradeAfterDays: 90,
      effectMonths: 3,
    });
  });
  it('platinumSpend 0: Platinum by visits only', () => {
    expect(
      loyaltyRequestOf(config({ LOYALTY_PLATINUM_SPEND: '0' }), '2026-03-16').policy.platinumSpend,
    ).toBeNull();
  });
  it('refuses Platinum at or below Silver', () => {
    expect(() => config({ LOYALTY_SILVER_VISITS: '8' })).toThrow(/platinumVisits/);
  });
});
