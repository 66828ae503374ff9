import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { OdooSegmentStore } from '../../src/connectors/odoo/segment-store.js';
import { installModule } from '../../src/jobs/module-install.js';
import { runSegments, type SegmentsReport } from '../../src/jobs/segments.js';
import { silentLogger } from '../../src/logging/logger.js';
import { DEFAULT_SEGMENT_POLICY } from '../../src/rules/loyalty/segments.js';
import { createLiveUser, describeLive } from './live-env.js';

const logger = silentLogger();

/**
 * Issue 15 in a real Odoo with Invoicing: six customers whose units (KPB dates), WORs and an
 * invoice put them on the rule's edges, segmented as the bridge user over a few nights: each in
 * the right segment with its scores, each change recorded once with the branch of the newest
 * unit, the month's lines per branch; a re-run writes nothing. The scenario is that of
 * src/jobs/segments.test.ts.
 */
describeLive('customer segments, in a real Odoo with Invoicing', (config) => {
  let admin: OdooClient;
  let bridge: OdooClient;
  let bridgeUserId = 0;
  const tag = `${process.pid % 1000}${Date.now() % 100000}`;
  const partner: number[] = [];
  const branches: number[] = [];
  const unitIds: number[] = [];
  const worIds: number[] = [];
  let moveId = 0;

  const run = (today: string): Promise<SegmentsReport> =>
    runSegments(new OdooSegmentStore(bridge), logger, { today, policy: DEFAULT_SEGMENT_POLICY });
  const segmentsOf = async () => {
    const rows = await admin.read('res.partner', partner, [
      'x_h23_segment',
      'x_h23_recency',
      'x_h23_frequency',
      'x_h23_monetary',
      'x_h23_last_service',
    ]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return partner.map((id) => byId.get(id));
  };
  const changes = async () =>
    (
      (await admin.searchRead(
        'x_h23_segment_change',
        [['x_partner_id', 'in', partner]],
        ['x_key', 'x_partner_id', 'x_branch_id', 'x_date', 'x_from_segment', 'x_to_segment', 'write_date'],
        { order: 'x_date asc, x_partner_id asc' },
      )) as Array<Record<string, unknown>>
    ).map((row) => ({
      customer: partner.indexOf((row.x_partner_id as [number])[0]) + 1,
      branch: row.x_branch_id ? branches.indexOf((row.x_branch_id as [number])[0]) + 1 : null,
      date: row.x_date,
      from: row.x_from_segment || null,
      to: row.x_to_segment,
      key: row.x_key,
      written: row.write_date,
    }));

  beforeAll(async () => {
    nock.enableNetConnect();
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    await installModule(admin, logger, { dryRun: false });
    const user = await createLiveUser(admin, config, `h23segbridge${tag}`, [
      'base.group_user',
      'h23_crm.group_bridge',
    ]);
    bridge = user.client;
    bridgeUserId = user.id;
    const created = await admin.create(
      'res.partner',
      [1, 2, 3, 4, 5, 6].map((n) => ({ name: `Pelanggan Segmen ${n} ${tag}` })),
    );
    partner.push(...created.map((row) => Number(row.id)));
    const madeBranches = await admin.create('x_h23_branch', [
      { x_name: `Cabang Segmen A ${tag}`, x_dealer_code: `SA${tag}`.slice(0, 8) },
      { x_name: `Cabang Segmen B ${tag}`, x_dealer_code: `SB${tag}`.slice(0, 8) },
    ]);
    branches.push(...madeBranches.map((row) => Number(row.id)));
    const [p1, p2, p3, p4, p5, p6] = partner;
    const [a, b] = branches;
    const unit = (
      n: number,
      owner: number | undefined,
      bought: string,
      branch: number | undefined,
      kpb: string[],
    ) => ({
      x_engine_number: `SEG${tag}${n}`,
      x_partner_id: owner,
      x_purchase_date: bought,
      x_branch_id: branch,
      ...Object.fromEntries(kpb.map((date, index) => [`x_kpb${index + 1}_date`, date])),
    });
    const units = await admin.create('x_h23_unit', [
      unit(1, p1, '2025-01-10', a, ['2025-02-10']),
      unit(2, p2, '2025-06-01', a, []),
      unit(3, p3, '2025-03-01', b, ['2025-04-01', '2025-07-01']),
      unit(4, p6, '2024-01-01', a, ['2024-02-01']),
      unit(5, p6, '2025-11-01', b, []),
    ]);
    unitIds.push(...units.map((row) => Number(row.id)));
    const wor = (n: number, owner: number | undefined, date: string) => ({
      x_name: `WOR-SEG-${tag}-${n}`,
      x_visit_date: date,
      x_partner_id: owner,
      x_branch_id: a,
      x_engine_number: `SEGW${tag}${n}`,
      x_state: 'done',
    });
    const wors = await admin.create('x_h23_wor', [
      wor(1, p1, '2025-03-15'),
      wor(2, p2, '2026-05-02'),
      wor(3, p3, '2025-10-01'),
      wor(4, p3, '2026-01-05'),
      wor(5, p4, '2023-01-01'),
      wor(6, p4, '2024-03-20'),
      // Before the window read in full: the grouped max gives it.
      wor(7, p5, '2022-05-05'),
    ]);
    worIds.push(...wors.map((row) => Number(row.id)));
    const [move] = await admin.create('account.move', [
      {
        move_type: 'out_invoice',
        partner_id: p3,
        invoice_date: '2025-12-20',
        invoice_line_ids: [
          [0, 0, { name: 'Servis berkala', quantity: 1, price_unit: 450000, tax_ids: [[6, 0, []]] }],
        ],
      },
    ]);
    if (!move?.id) throw move?.error ?? new Error('invoice not created');
    moveId = move.id;
    await admin.call('account.move', 'action_post', [[moveId]]);
  }, 600_000);

  afterAll(async () => {
    if (!admin) return;
    if (moveId) {
      await admin.call('account.move', 'button_draft', [[moveId]]);
      await admin.unlink('account.move', [moveId]);
    }
    const lines = await admin.call<number[]>('x_h23_segment_month', 'search', [
      [['x_branch_id', 'in', branches]],
    ]);
    if (lines.length) await admin.unlink('x_h23_segment_month', lines);
    if (worIds.length) await admin.unlink('x_h23_wor', worIds);
    if (unitIds.length) await admin.unlink('x_h23_unit', unitIds);
    // Their change records go with them (cascade).
    if (partner.length) await admin.unlink('res.partner', partner);
    if (branches.length) await admin.unlink('x_h23_branch', branches);
    if (bridgeUserId) await admin.call('res.users', 'write', [[bridgeUserId], { active: false }]);
  });

  it('segments the customers night by night, records each change once, and a re-run writes nothing', async () => {
    const nights: Array<[string, string[]]> = [
      ['2026-01-01', ['active', 'never_serviced', 'active', 'at_risk', 'lost', 'at_risk']],
      ['2026-01-05', ['active', 'never_serviced', 'loyal', 'at_risk', 'lost', 'at_risk']],
      ['2026-02-02', ['active', 'never_serviced', 'loyal', 'at_risk', 'lost', 'lost']],
      ['2026-03-15', ['active', 'never_serviced', 'loyal', 'at_risk', 'lost', 'lost']],
      ['2026-03-16', ['at_risk', 'never_serviced', 'loyal', 'at_risk', 'lost', 'lost']],
      ['2026-03-21', ['at_risk', 'never_serviced', 'loyal', 'lost', 'lost', 'lost']],
      ['2026-05-02', ['at_risk', 'active', 'loyal', 'lost', 'lost', 'lost']],
    ];
    for (const [night, expected] of nights) {
      const report = await run(night);
      expect(report.errors, night).toEqual([]);
      expect(report.spendKnown, night).toBe(true);
      expect(
        (await segmentsOf()).map((row) => row?.x_h23_segment),
        night,
      ).toEqual(expected);
      // The same night again: nothing to write.
      expect(await run(night), `${night} again`).toMatchObject({
        changesCreated: 0,
        changesUpdated: 0,
        partnersWritten: 0,
        monthLinesCreated: 0,
        monthLinesUpdated: 0,
      });
    }
    const [c1, c2, c3, , c5, c6] = await segmentsOf();
    expect(c1).toMatchObject({ x_h23_last_service: '2025-03-15', x_h23_recency: 2, x_h23_frequency: 2 });
    expect(c2).toMatchObject({ x_h23_last_service: '2026-05-02', x_h23_recency: 5, x_h23_frequency: 1 });
    // Four visits in 24 months, the last within 6 months; the only invoice: the top spender.
    expect(c3).toMatchObject({
      x_h23_last_service: '2026-01-05',
      x_h23_recency: 4,
      x_h23_frequency: 3,
      x_h23_monetary: 5,
    });
    expect(c5).toMatchObject({ x_h23_last_service: '2022-05-05', x_h23_recency: 1 });
    expect(c6).toMatchObject({ x_h23_last_service: '2024-02-01' });

    const recorded = await changes();
    expect(recorded.map(({ key: _key, written: _written, ...row }) => row)).toEqual([
      { customer: 1, branch: 1, date: '2026-01-01', from: null, to: 'active' },
      { customer: 2, branch: 1, date: '2026-01-01', from: null, to: 'never_serviced' },
      { customer: 3, branch: 2, date: '2026-01-01', from: null, to: 'active' },
      { customer: 4, branch: null, date: '2026-01-01', from: null, to: 'at_risk' },
      { customer: 5, branch: null, date: '2026-01-01', from: null, to: 'lost' },
      { customer: 6, branch: 2, date: '2026-01-01', from: null, to: 'at_risk' },
      { customer: 3, branch: 2, date: '2026-01-05', from: 'active', to: 'loyal' },
      { customer: 6, branch: 2, date: '2026-02-02', from: 'at_risk', to: 'lost' },
      { customer: 1, branch: 1, date: '2026-03-16', from: 'active', to: 'at_risk' },
      { customer: 4, branch: null, date: '2026-03-21', from: 'at_risk', to: 'lost' },
      { customer: 2, branch: 1, date: '2026-05-02', from: 'never_serviced', to: 'active' },
    ]);
    expect(recorded.map((row) => row.key)).toContain(`${partner[0]}:2026-03-16`);

    // March per branch, as the night of the 21st left it (customer 1 was Aktif until the 15th).
    const march = (await admin.searchRead(
      'x_h23_segment_month',
      [
        ['x_branch_id', 'in', branches],
        ['x_month', '=', '2026-03-01'],
      ],
      ['x_key', 'x_branch_id', 'x_segment', 'x_customers'],
    )) as Array<Record<string, unknown>>;
    expect(
      Object.fromEntries(
        march.map((row) => [
          `${branches.indexOf((row.x_branch_id as [number])[0]) + 1}:${row.x_segment}`,
          row.x_customers,
        ]),
      ),
    ).toEqual({ '1:active': 0, '1:at_risk': 1, '1:never_serviced': 1, '2:loyal': 1, '2:lost': 1 });

    // The last night again: no record touched.
    const writtenBefore = recorded.map((row) => row.written);
    await run(nights[nights.length - 1]?.[0] as string);
    expect((await changes()).map((row) => row.written)).toEqual(writtenBefore);
  }, 600_000);
});
