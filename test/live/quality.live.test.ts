import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { main } from '../../src/cli/program.js';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { type DataQualityReport, runDataQuality } from '../../src/jobs/data-quality.js';
import { installModule } from '../../src/jobs/module-install.js';
import { silentLogger } from '../../src/logging/logger.js';
import { createLiveUser, describeLive } from './live-env.js';

const logger = silentLogger();
const DATE = '2026-03-10';

describeLive('data quality per branch in a real Odoo', (config) => {
  let admin: OdooClient;
  let bridge: OdooClient;
  let bridgeLogin = '';
  const userIds: number[] = [];
  const cleanup: Array<[string, number[]]> = [];
  const branch: Record<'a' | 'b' | 'closed', number> = { a: 0, b: 0, closed: 0 };
  const partner: Record<string, number> = {};
  const tag = `${process.pid}${Date.now() % 100000}`;
  const branchName = (key: string) => `Cabang mutu ${key} ${tag}`;

  /** Records the runs created, the row without a branch included: removed at the end. */
  const createdIds = new Set<number>();
  const run = async (client: OdooClient) => {
    const report = await runDataQuality(client, logger, { date: DATE });
    for (const row of report.rows)
      if (row.written === 'created' && row.recordId) createdIds.add(row.recordId);
    return report;
  };
  const recordsOf = async () =>
    admin.searchRead(
      'x_h23_data_quality',
      [
        ['x_date', '=', DATE],
        ['x_branch_id', 'in', Object.values(branch)],
      ],
      [
        'x_name',
        'x_branch_id',
        'x_customers',
        'x_valid_mobile',
        'x_complete_address',
        'x_with_purchase_date',
        'x_complete_records',
        'x_valid_rate',
        'x_wor_total',
        'x_wor_matched',
        'x_wor_created',
        'x_wor_review',
        'write_date',
      ],
      { idsOnly: true, order: 'id' },
    );
  const rowOf = (report: DataQualityReport, id: number) => report.rows.find((row) => row.branchId === id);

  beforeAll(async () => {
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    await installModule(admin, logger, { dryRun: false });
    bridgeLogin = `h23dq${tag}`;
    const bridgeUser = await createLiveUser(admin, config, bridgeLogin, [
      'base.group_user',
      'h23_crm.group_bridge',
    ]);
    bridge = bridgeUser.client;
    userIds.push(bridgeUser.id);

    const branches = await admin.create('x_h23_branch', [
      { x_name: branchName('A') },
      { x_name: branchName('B') },
      { x_name: branchName('tutup'), x_active: false },
    ]);
    const [a, b, closed] = branches.map((outcome) => outcome.id as number);
    Object.assign(branch, { a, b, closed });
    const people = {
      // A WhatsApp-able mobile and a full address.
      full: { name: 'Budi Santoso', phone: '+6281234567001', street: 'Jl. Merdeka 1', city: 'Bogor' },
      // A landline: reachable, but not on WhatsApp.
      landline: { name: 'Siti Aminah', phone: '+62215551234', street: 'Jl. Pajajaran 2', city: 'Bogor' },
      // A phone not in E.164, a city without a street.
      raw: { name: 'Agus Salim', phone: '081234567003', city: 'Bogor' },
      // A mobile, no address at all.
      noAddress: { name: 'Dewi Lestari', phone: '+6285712345004' },
    };
    const created = await admin.create('res.partner', Object.values(people));
    Object.keys(people).forEach((key, index) => {
      partner[key] = created[index]?.id as number;
    });
    const units = [
      { x_branch_id: branch.a, x_partner_id: partner.full, x_purchase_date: '2025-06-01' }, // complete
      { x_branch_id: branch.a, x_partner_id: partner.full }, // no purchase date
      { x_branch_id: branch.a, x_partner_id: partner.landline, x_purchase_date: '2025-07-01' },
      { x_branch_id: branch.a, x_partner_id: partner.raw, x_purchase_date: '2025-08-01' },
      { x_branch_id: branch.a, x_partner_id: partner.noAddress, x_purchase_date: '2025-09-01' },
      { x_branch_id: branch.a, x_purchase_date: '2025-10-01' }, // no owner: not a customer
      { x_branch_id: branch.b, x_partner_id: partner.full, x_purchase_date: '2025-11-01' }, // complete
    ];
    const unitIds = await admin.create(
      'x_h23_unit',
      units.map((values, index) => ({ x_engine_number: `JMDQ${tag}${index}`.slice(0, 16), ...values })),
    );
    const wors = [
      { x_branch_id: branch.a, x_state: 'matched', x_resolution: 'owner' },
      { x_branch_id: branch.a, x_state: 'matched', x_resolution: 'carrier' },
      { x_branch_id: branch.a, x_state: 'matched', x_resolution: 'reviewed' },
      { x_branch_id: branch.a, x_state: 'matched', x_resolution: 'created' }, // new customer, not "matched"
      { x_branch_id: branch.a, x_state: 'review' },
      { x_branch_id: branch.a, x_state: 'new' },
      { x_branch_id: branch.a, x_state: 'matched', x_resolution: 'owner', x_visit_date: '2026-03-09' }, // another day
      { x_branch_id: branch.b, x_state: 'done', x_resolution: 'created' },
    ];
    const worIds = await admin.create(
      'x_h23_wor',
      wors.map((values, index) => ({
        x_name: `WO-DQ-${tag}-${index}`,
        x_engine_number: `JMDQ${tag}${index}`.slice(0, 16),
        x_carrier_name: 'Pembawa',
        x_visit_date: DATE,
        ...values,
      })),
    );
    cleanup.push(
      ['x_h23_wor', worIds.map((outcome) => outcome.id as number)],
      ['x_h23_unit', unitIds.map((outcome) => outcome.id as number)],
      ['res.partner', Object.values(partner)],
      ['x_h23_branch', Object.values(branch)],
    );
  }, 120_000);

  afterAll(async () => {
    if (!admin) return;
    const records = await admin.call<number[]>('x_h23_data_quality', 'search', [
      [['x_branch_id', 'in', Object.values(branch)]],
    ]);
    await admin
      .unlink('x_h23_data_quality', [...new Set([...records, ...createdIds])])
      .catch(() => undefined);
    for (const [model, ids] of cleanup) await admin.unlink(model, ids).catch(() => undefined);
    if (userIds.length)
      await admin.write(
        'res.users',
        userIds.map((id) => ({ id, values: { active: false } })),
      );
  });

  it('writes one record per branch and date with the exact counts; an archived branch with nothing gets none', async () => {
    const report = await run(bridge);
    expect(report.refused).toEqual([]);
    expect(report.countedWith).toBe('grouped');
    expect(rowOf(report, branch.a)).toMatchObject({ branchName: branchName('A'), written: 'created' });
    expect(rowOf(report, branch.closed)).toBeUndefined();
    const records = await recordsOf();
    expect(records.map(({ id: _id, write_date: _at, ...values }) => values)).toEqual([
      {
        x_name: `${DATE} ${branchName('A')}`,
        x_branch_id: branch.a,
        x_customers: 5,
        x_valid_mobile: 3,
        x_complete_address: 3,
        x_with_purchase_date: 4,
        x_complete_records: 1,
        x_valid_rate: 20,
        x_wor_total: 6,
        x_wor_matched: 3,
        x_wor_created: 1,
        x_wor_review: 1,
      },
      {
        x_name: `${DATE} ${branchName('B')}`,
        x_branch_id: branch.b,
        x_customers: 1,
        x_valid_mobile: 1,
        x_complete_address: 1,
        x_with_purchase_date: 1,
        x_complete_records: 1,
        x_valid_rate: 100,
        x_wor_total: 1,
        x_wor_matched: 0,
        x_wor_created: 1,
        x_wor_review: 0,
      },
    ]);
    expect(rowOf(report, branch.a)?.recordId).toBe(records[0]?.id);
    // The total is the sum over every row the report holds (other branches of the database included).
    expect(report.total.customers).toBe(report.rows.reduce((sum, row) => sum + row.customers, 0));
  }, 120_000);

  it('flags exactly the newest date’s records as the latest, the reports’ default filter', async () => {
    const report = await run(bridge);
    const latest = report.latest.date as string;
    expect(latest >= DATE).toBe(true);
    const count = (domain: unknown[]) => admin.searchCount('x_h23_data_quality', domain);
    expect(
      await count([
        ['x_latest', '=', true],
        ['x_date', '!=', latest],
      ]),
    ).toBe(0);
    expect(
      await count([
        ['x_latest', '=', false],
        ['x_date', '=', latest],
      ]),
    ).toBe(0);
    expect(await count([['x_latest', '=', true]])).toBeGreaterThan(0);
    expect((await run(bridge)).latest).toEqual({ date: latest, flagged: 0, unflagged: 0 });
  }, 60_000);

  it('running again (as the admin, over the other protocol where the key allows) writes nothing', async () => {
    const before = await recordsOf();
    for (const client of [bridge, admin]) {
      const again = await run(client);
      expect([again.created, again.updated, again.refused.length]).toEqual([0, 0, 0]);
      expect(rowOf(again, branch.a)?.written).toBe('unchanged');
      expect(rowOf(again, branch.b)?.written).toBe('unchanged');
    }
    expect(await recordsOf()).toEqual(before);
  }, 120_000);

  it('a completed owner updates the branch record in place', async () => {
    await admin.write('res.partner', [
      { id: partner.raw as number, values: { phone: '+6281234567003', street: 'Jl. Suryakencana 3' } },
    ]);
    const report = await run(bridge);
    expect(rowOf(report, branch.a)).toMatchObject({
      written: 'updated',
      customers: 5,
      validMobile: 4,
      completeAddress: 4,
      completeRecords: 2,
      validRate: 40,
    });
    expect(rowOf(report, branch.b)?.written).toBe('unchanged');
    const records = await recordsOf();
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ x_valid_mobile: 4, x_complete_records: 2, x_valid_rate: 40 });
  }, 120_000);

  it('`h23-bridge report quality` prints the table and writes nothing more on a re-run', async () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const saved = { ...process.env };
    Object.assign(process.env, {
      ODOO_USER: bridgeLogin,
      ODOO_PASSWORD: `pw-${bridgeLogin}-Secret1`,
      ODOO_PROTOCOL: 'jsonrpc',
      LOG_LEVEL: 'silent',
    });
    delete process.env.ODOO_API_KEY;
    try {
      expect(await main(['node', 'h23-bridge', 'report', 'quality', '--date', DATE])).toBe(EXIT.ok);
      const line = out.split('\n').find((text) => text.includes(branchName('A')));
      expect(line?.trim().split(/\s{2,}/)).toEqual([
        branchName('A'),
        '5',
        '4',
        '4',
        '4',
        '2',
        '40.0%',
        '6',
        '3',
        '1',
        '1',
      ]);
      expect(out).toContain('0 created, 0 updated');
      out = '';
      expect(await main(['node', 'h23-bridge', 'report', 'quality', '--date', DATE, '--json'])).toBe(EXIT.ok);
      const report = JSON.parse(out) as DataQualityReport;
      expect(rowOf(report, branch.b)).toMatchObject({ customers: 1, validRate: 100, written: 'unchanged' });
      expect(await main(['node', 'h23-bridge', 'report', 'quality', '--date', '10/03/2026'])).toBe(
        EXIT.usage,
      );
    } finally {
      process.env = saved;
      process.exitCode = undefined;
      vi.restoreAllMocks();
    }
  }, 120_000);
});
