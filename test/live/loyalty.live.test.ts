import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { OdooLoyaltyStore } from '../../src/connectors/odoo/loyalty-store.js';
import { OdooNoticeStore } from '../../src/connectors/odoo/notice-store.js';
import { OdooSegmentStore } from '../../src/connectors/odoo/segment-store.js';
import { type LoyaltyReport, runLoyalty } from '../../src/jobs/loyalty.js';
import { noticeAnnouncer } from '../../src/jobs/loyalty-notices.js';
import { installModule } from '../../src/jobs/module-install.js';
import { runSegments } from '../../src/jobs/segments.js';
import { silentLogger } from '../../src/logging/logger.js';
import { DEFAULT_SEGMENT_POLICY } from '../../src/rules/loyalty/segments.js';
import { DEFAULT_LOYALTY_POLICY } from '../../src/rules/loyalty/tiers.js';
import { createLiveUser, describeLive } from './live-env.js';

const logger = silentLogger();

/**
 * Issue 15's loyalty programme in a real Odoo, as the least-privileged bridge user: four
 * customers with units (KPB dates) and WORs over time, the segments job then the loyalty job as
 * of several nights. Customer 1 becomes Silver on its second visit and Gold on its fourth, and is
 * measured six months after enrolment; customer 2 is Gold from the first night and opted out
 * (its notice is recorded as not sent); customer 3 is Silver, turns Hilang and lapses; customer 4
 * is serviced once, never a member. Enrolments and upgrades go through the customer notices (no
 * WhatsApp API here: by e-mail into Odoo's mail queue), one per key. The month's lines per branch have the exact participation and
 * effectiveness; re-running a night changes nothing. The scenario is that of
 * src/jobs/loyalty.test.ts (customers 1, 2, 3 and 5).
 */
describeLive('the loyalty programme, in a real Odoo', (config) => {
  let admin: OdooClient;
  let bridge: OdooClient;
  let bridgeUserId = 0;
  const tag = `${process.pid % 1000}${Date.now() % 100000}`;
  const partner: number[] = [];
  const branches: number[] = [];
  const unitIds: number[] = [];
  const worIds: number[] = [];

  const loyalty = (today: string): Promise<LoyaltyReport> =>
    runLoyalty(
      new OdooLoyaltyStore(bridge),
      logger,
      { today, segmentPolicy: DEFAULT_SEGMENT_POLICY, policy: DEFAULT_LOYALTY_POLICY, notify: true },
      noticeAnnouncer(
        new OdooNoticeStore(bridge, 'Asia/Jakarta', false),
        new OdooLoyaltyStore(bridge),
        logger,
        today,
      ),
    );
  const notices = async () =>
    (
      (await admin.searchRead(
        'x_h23_notice',
        [['x_partner_id', 'in', partner]],
        ['x_key', 'x_partner_id', 'x_purpose', 'x_state', 'x_channel', 'x_email', 'x_name'],
        { order: 'x_key asc' },
      )) as Array<Record<string, unknown>>
    )
      .map((row) => ({
        key: String(row.x_key).replace(
          /^loyalty:\d+:/,
          `loyalty:${partner.indexOf((row.x_partner_id as [number])[0]) + 1}:`,
        ),
        purpose: row.x_purpose,
        state: row.x_state,
        channel: row.x_channel || null,
        email: row.x_email || null,
        subject: row.x_name,
      }))
      // Ordered by the customer's number in this test, not by their id in Odoo.
      .sort((a, b) => (a.key < b.key ? -1 : 1));
  const mails = async (): Promise<string[]> =>
    (
      (await admin.searchRead(
        'mail.mail',
        [['email_to', 'ilike', `.${tag}@example.com`]],
        ['email_to', 'subject'],
        {
          order: 'email_to asc',
        },
      )) as Array<Record<string, unknown>>
    ).map((row) => `${row.email_to} ${row.subject}`);

  const night = async (today: string): Promise<LoyaltyReport> => {
    const segments = await runSegments(new OdooSegmentStore(bridge), logger, {
      today,
      policy: DEFAULT_SEGMENT_POLICY,
    });
    expect(segments.errors, today).toEqual([]);
    return loyalty(today);
  };
  const members = async () =>
    (
      (await admin.searchRead(
        'x_h23_loyalty_member',
        [['x_partner_id', 'in', partner]],
        [
          'x_key',
          'x_partner_id',
          'x_branch_id',
          'x_tier',
          'x_state',
          'x_enrolled_on',
          'x_tier_since',
          'x_lapsed_on',
          'x_visits_before',
          'x_visits_after',
          'x_measured',
          'x_announced_tier',
          'x_channel',
          'write_date',
        ],
        { order: 'x_partner_id asc' },
      )) as Array<Record<string, unknown>>
    ).map((row) => ({
      customer: partner.indexOf((row.x_partner_id as [number])[0]) + 1,
      key: row.x_key,
      branch: row.x_branch_id ? branches.indexOf((row.x_branch_id as [number])[0]) + 1 : null,
      tier: row.x_tier,
      state: row.x_state,
      enrolledOn: row.x_enrolled_on,
      tierSince: row.x_tier_since,
      lapsedOn: row.x_lapsed_on || null,
      before: row.x_visits_before,
      after: row.x_measured ? row.x_visits_after : null,
      announced: row.x_announced_tier || null,
      channel: row.x_channel || null,
      written: row.write_date,
    }));
  const tiersOnCustomers = async () => {
    const rows = await admin.read('res.partner', partner, ['x_h23_loyalty_tier']);
    const byId = new Map(rows.map((row) => [row.id, row.x_h23_loyalty_tier || null]));
    return partner.map((id) => byId.get(id) ?? null);
  };
  const state = async () =>
    (await members()).reduce<Record<number, string>>((all, row) => {
      all[row.customer] = row.state === 'active' ? String(row.tier) : `${row.tier}/${row.state}`;
      return all;
    }, {});

  beforeAll(async () => {
    nock.enableNetConnect();
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    await installModule(admin, logger, { dryRun: false });
    const user = await createLiveUser(admin, config, `h23loybridge${tag}`, [
      'base.group_user',
      'h23_crm.group_bridge',
    ]);
    bridge = user.client;
    bridgeUserId = user.id;
    const created = await admin.create(
      'res.partner',
      [1, 2, 3, 4].map((n) => ({
        name: `Pelanggan Loyal ${n} ${tag}`,
        email: `loyal${n}.${tag}@example.com`,
        phone: `+62812${tag}${n}`.slice(0, 15),
        ...(n === 2 ? { x_h23_opt_out: true } : {}),
      })),
    );
    partner.push(...created.map((row) => Number(row.id)));
    const madeBranches = await admin.create('x_h23_branch', [
      { x_name: `Cabang Loyal A ${tag}`, x_dealer_code: `LA${tag}`.slice(0, 8) },
      { x_name: `Cabang Loyal B ${tag}`, x_dealer_code: `LB${tag}`.slice(0, 8) },
    ]);
    branches.push(...madeBranches.map((row) => Number(row.id)));
    const [p1, p2, p3, p4] = partner;
    const [a, b] = branches;
    const unit = (
      n: number,
      owner: number | undefined,
      bought: string,
      branch: number | undefined,
      kpb: string[],
    ) => ({
      x_engine_number: `LOY${tag}${n}`,
      x_partner_id: owner,
      x_purchase_date: bought,
      x_branch_id: branch,
      ...Object.fromEntries(kpb.map((date, index) => [`x_kpb${index + 1}_date`, date])),
    });
    const units = await admin.create('x_h23_unit', [
      unit(1, p1, '2025-06-01', a, ['2025-07-01']),
      unit(2, p2, '2025-02-01', a, ['2025-03-01', '2025-06-01', '2025-09-01']),
      unit(3, p3, '2024-12-01', b, ['2025-01-10']),
      unit(4, p4, '2025-11-01', b, []),
    ]);
    unitIds.push(...units.map((row) => Number(row.id)));
    const wor = (n: number, owner: number | undefined, date: string, branch: number | undefined) => ({
      x_name: `WOR-LOY-${tag}-${n}`,
      x_visit_date: date,
      x_partner_id: owner,
      x_branch_id: branch,
      x_engine_number: `LOYW${tag}${n}`,
      x_state: 'done',
    });
    const wors = await admin.create('x_h23_wor', [
      wor(1, p1, '2026-02-10', a),
      wor(2, p1, '2026-04-01', a),
      wor(3, p1, '2026-06-01', a),
      wor(4, p1, '2026-08-05', a),
      wor(5, p2, '2025-12-01', a),
      wor(6, p3, '2025-02-10', b),
      wor(7, p4, '2026-08-09', b),
    ]);
    worIds.push(...wors.map((row) => Number(row.id)));
  }, 600_000);

  afterAll(async () => {
    if (!admin) return;
    const lines = await admin.call<number[]>('x_h23_loyalty_month', 'search', [
      [['x_branch_id', 'in', branches]],
    ]);
    if (lines.length) await admin.unlink('x_h23_loyalty_month', lines);
    const segmentLines = await admin.call<number[]>('x_h23_segment_month', 'search', [
      [['x_branch_id', 'in', branches]],
    ]);
    if (segmentLines.length) await admin.unlink('x_h23_segment_month', segmentLines);
    const noticeIds = await admin.call<number[]>('x_h23_notice', 'search', [
      [['x_partner_id', 'in', partner]],
    ]);
    if (noticeIds.length) await admin.unlink('x_h23_notice', noticeIds);
    const mailIds = await admin.call<number[]>('mail.mail', 'search', [
      [['email_to', 'ilike', `.${tag}@example.com`]],
    ]);
    if (mailIds.length) await admin.unlink('mail.mail', mailIds);
    if (worIds.length) await admin.unlink('x_h23_wor', worIds);
    if (unitIds.length) await admin.unlink('x_h23_unit', unitIds);
    // Memberships and segment changes go with their customers (cascade).
    if (partner.length) await admin.unlink('res.partner', partner);
    if (branches.length) await admin.unlink('x_h23_branch', branches);
    if (bridgeUserId) await admin.call('res.users', 'write', [[bridgeUserId], { active: false }]);
  });

  it('enrols once with the right tiers, upgrades, lapses, counts the month exactly, and a re-run changes nothing', async () => {
    const nights: Array<[string, Record<number, string>]> = [
      ['2026-01-01', { 2: 'gold', 3: 'silver' }],
      ['2026-02-10', { 1: 'silver', 2: 'gold', 3: 'silver' }],
      ['2026-06-01', { 1: 'gold', 2: 'gold', 3: 'silver' }],
      ['2026-08-10', { 1: 'gold', 2: 'gold', 3: 'silver' }],
      ['2027-02-11', { 1: 'gold', 2: 'gold', 3: 'silver/lapsed' }],
    ];
    for (const [today, expected] of nights) {
      const report = await night(today);
      expect(report.errors, today).toEqual([]);
      expect(await state(), today).toEqual(expected);
      const before = await members();
      // The same night again: nothing to write, no record touched.
      const noticesBefore = await notices();
      const mailsBefore = await mails();
      expect(await loyalty(today), `${today} again`).toMatchObject({
        membersCreated: 0,
        membersUpdated: 0,
        partnersWritten: 0,
        announced: 0,
        monthLinesCreated: 0,
        monthLinesUpdated: 0,
      });
      expect(await members(), `${today} again`).toEqual(before);
      expect(await notices(), `${today} again`).toEqual(noticesBefore);
      expect(await mails(), `${today} again`).toEqual(mailsBefore);

      if (today === '2026-08-10') {
        const august = (await admin.searchRead(
          'x_h23_loyalty_month',
          [
            ['x_branch_id', 'in', branches],
            ['x_month', '=', '2026-08-01'],
          ],
          [
            'x_key',
            'x_branch_id',
            'x_members',
            'x_gold',
            'x_silver',
            'x_members_serviced',
            'x_member_participation',
            'x_non_members',
            'x_non_members_serviced',
            'x_non_member_participation',
            'x_measured',
            'x_visits_before',
            'x_visits_after',
            'x_visits_per_member_before',
            'x_visits_per_member_after',
            'x_counted_on',
          ],
        )) as Array<Record<string, unknown>>;
        const byBranch = Object.fromEntries(
          august.map(({ id: _id, x_key: key, x_branch_id: branch, ...row }) => [
            branches.indexOf((branch as [number])[0]) + 1,
            { key: String(key).split(':')[1], ...row },
          ]),
        );
        expect(byBranch).toEqual({
          1: {
            key: '2026-08',
            x_members: 2,
            x_gold: 2,
            x_silver: 0,
            x_members_serviced: 1,
            x_member_participation: 50,
            x_non_members: 0,
            x_non_members_serviced: 0,
            x_non_member_participation: 0,
            // 1: one visit before (its enrolment day), three after; 2: two before, none after.
            x_measured: 2,
            x_visits_before: 3,
            x_visits_after: 3,
            x_visits_per_member_before: 1.5,
            x_visits_per_member_after: 1.5,
            x_counted_on: '2026-08-10',
          },
          2: {
            key: '2026-08',
            x_members: 1,
            x_gold: 0,
            x_silver: 1,
            x_members_serviced: 0,
            x_member_participation: 0,
            x_non_members: 1,
            x_non_members_serviced: 1,
            x_non_member_participation: 100,
            x_measured: 1,
            x_visits_before: 0,
            x_visits_after: 0,
            x_visits_per_member_before: 0,
            x_visits_per_member_after: 0,
            x_counted_on: '2026-08-10',
          },
        });
      }
    }

    const final = (await members()).map(({ written: _written, key: _key, ...row }) => row);
    expect(final).toEqual([
      {
        customer: 1,
        branch: 1,
        tier: 'gold',
        state: 'active',
        enrolledOn: '2026-02-10',
        tierSince: '2026-06-01',
        lapsedOn: null,
        before: 1,
        after: 3,
        announced: 'gold',
        channel: 'email',
      },
      {
        customer: 2,
        branch: 1,
        tier: 'gold',
        state: 'active',
        enrolledOn: '2026-01-01',
        tierSince: '2026-01-01',
        lapsedOn: null,
        before: 2,
        after: 0,
        announced: 'gold',
        // Opted out: recorded, not sent.
        channel: 'none',
      },
      {
        customer: 3,
        branch: 2,
        tier: 'silver',
        state: 'lapsed',
        enrolledOn: '2026-01-01',
        tierSince: '2026-01-01',
        lapsedOn: '2027-02-11',
        before: 0,
        after: 0,
        announced: 'silver',
        channel: 'email',
      },
    ]);
    expect((await members()).map((row) => row.key)).toEqual([
      String(partner[0]),
      String(partner[1]),
      String(partner[2]),
    ]);
    // The tier on the customer: active members only (3 lapsed, 4 never a member).
    expect(await tiersOnCustomers()).toEqual(['gold', 'gold', null, null]);

    // One notice per enrolment and upgrade; the opted-out customer's recorded, not sent.
    expect(await notices()).toEqual([
      {
        key: 'loyalty:1:gold',
        purpose: 'loyalty',
        state: 'sent',
        channel: 'email',
        email: `loyal1.${tag}@example.com`,
        subject: 'Selamat, tier member Anda naik menjadi Gold',
      },
      {
        key: 'loyalty:1:silver',
        purpose: 'loyalty',
        state: 'sent',
        channel: 'email',
        email: `loyal1.${tag}@example.com`,
        subject: expect.stringMatching(/^Selamat bergabung sebagai Member Silver /),
      },
      {
        key: 'loyalty:2:gold',
        purpose: 'loyalty',
        state: 'skipped',
        channel: null,
        email: null,
        subject: expect.stringMatching(/^Selamat bergabung sebagai Member Gold /),
      },
      {
        key: 'loyalty:3:silver',
        purpose: 'loyalty',
        state: 'sent',
        channel: 'email',
        email: `loyal3.${tag}@example.com`,
        subject: expect.stringMatching(/^Selamat bergabung sebagai Member Silver /),
      },
    ]);
    expect((await mails()).map((mail) => mail.split(' ')[0])).toEqual([
      `loyal1.${tag}@example.com`,
      `loyal1.${tag}@example.com`,
      `loyal3.${tag}@example.com`,
    ]);
  }, 900_000);
});
