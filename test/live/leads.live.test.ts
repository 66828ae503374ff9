import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { OdooLeadStore } from '../../src/connectors/odoo/lead-store.js';
import { dealerToday } from '../../src/jobs/dealer-today.js';
import { runLeads } from '../../src/jobs/leads.js';
import { installModule } from '../../src/jobs/module-install.js';
import { uninstallModule } from '../../src/jobs/module-uninstall.js';
import { silentLogger } from '../../src/logging/logger.js';
import { addDays } from '../../src/rules/day-count.js';
import { crmCast, leadActivities } from './crm-pipeline.js';
import { describeLive } from './live-env.js';

const logger = silentLogger();

/**
 * Issue 17's lead entry (LD-1, LD-2) in a real Odoo CRM, run as the least-privileged bridge user:
 * the module's team and stages; an incomplete lead gets its activity, named what is missing, and
 * loses it once a salesperson completes it; a lead with a customer's phone says so with a link;
 * moving to Penawaran Terkirim stamps the date once; a lead untouched for a week gets a reminder,
 * once; a re-run changes nothing.
 */
describeLive('leads of the H23 team, in a real Odoo CRM', (config) => {
  let admin: OdooClient;
  let bridge: OdooClient;
  let sales: OdooClient;
  const userIds: number[] = [];
  const tag = `${process.pid % 1000}${Date.now() % 100000}`;
  let team = 0;
  let stage: Record<string, number> = {};
  let customer = 0;
  const leads: number[] = [];
  const today = dealerToday('Asia/Jakarta');
  const run = (date = today) =>
    runLeads(new OdooLeadStore(bridge), logger, {
      today: date,
      timeZone: 'Asia/Jakarta',
      staleDays: 7,
      recontactMonths: [12, 24],
      dryRun: false,
    });
  const activities = (leadId: number) => leadActivities(admin, leadId);
  const lead = async (id: number) =>
    (await admin.read('crm.lead', [id], ['x_h23_missing', 'x_h23_duplicates', 'x_h23_quotation_date']))[0];

  beforeAll(async () => {
    nock.enableNetConnect();
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    await installModule(admin, logger, { dryRun: false });
    const cast = await crmCast(admin, config, `h23lead${tag}`);
    ({ bridge, sales, team, stage } = cast);
    userIds.push(...cast.userIds);
    customer = await admin.createOne('res.partner', {
      name: `Pelanggan Lama ${tag}`,
      phone: `+62 813-${tag.slice(0, 4)}-0001`,
    });
    const [source] = await admin.searchRead('utm.source', [], ['id'], { limit: 1 });
    const base = {
      team_id: team,
      user_id: cast.salesId,
      type: 'opportunity',
      stage_id: stage.crm_stage_new,
    };
    const made = await admin.create('crm.lead', [
      // Complete but for the e-mail.
      {
        ...base,
        name: `PCX armada ${tag}`,
        contact_name: 'Budi',
        phone: '0812 7000 1111',
        source_id: source?.id,
        description: '<p>20 unit</p>',
      },
      // Complete, with the old customer's phone written another way.
      {
        ...base,
        name: `Vario kantor ${tag}`,
        contact_name: 'Sari',
        phone: `0813${tag.slice(0, 4)}0001`,
        email_from: `sari${tag}@example.com`,
        source_id: source?.id,
        description: '<p>5 unit</p>',
      },
    ]);
    leads.push(...made.map((row) => Number(row.id)));
  }, 300_000);

  afterAll(async () => {
    if (!admin) return;
    await admin.unlink('crm.lead', leads).catch(() => undefined);
    await admin.unlink('res.partner', [customer]).catch(() => undefined);
    if (userIds.length)
      await admin.write(
        'res.users',
        userIds.map((id) => ({ id, values: { active: false } })),
      );
  });

  it('installs the team with its own stages, beside the dealer’s', async () => {
    expect(team).toBeGreaterThan(0);
    const names = await admin.searchRead('crm.stage', [['id', 'in', Object.values(stage)]], ['name'], {
      order: 'sequence',
    });
    expect(names.map((row) => row.name)).toEqual([
      'Prospek Baru',
      'Penawaran Terkirim',
      'Negosiasi',
      'Menang',
    ]);
  });

  it('asks for what is missing, says the duplicate, and changes nothing on a re-run', async () => {
    const [incomplete, duplicate] = leads as [number, number];
    const report = await run();
    expect(report).toMatchObject({
      leads: 2,
      incomplete: 1,
      askedToComplete: 1,
      withDuplicates: 1,
      staleReminders: 0,
    });
    expect(await activities(incomplete)).toEqual(['open: Lengkapi data prospek: e-mail']);
    expect((await lead(incomplete))?.x_h23_missing).toBe('e-mail');
    expect(String((await lead(duplicate))?.x_h23_duplicates)).toContain(
      `/web#model=res.partner&amp;id=${customer}`,
    );
    const again = await run();
    expect(again).toMatchObject({ askedToComplete: 0, completed: 0 });
    expect(await activities(incomplete)).toHaveLength(1);
  });

  it('closes the activity once the salesperson completes the lead; stamps the quotation date once', async () => {
    const [incomplete] = leads as [number];
    await sales.write('crm.lead', [
      {
        id: incomplete,
        values: { email_from: `budi${tag}@example.com`, stage_id: stage.crm_stage_quotation },
      },
    ]);
    const report = await run();
    expect(report).toMatchObject({ completed: 1, quotationsStamped: 1 });
    expect(await activities(incomplete)).toEqual(['done: Lengkapi data prospek: e-mail']);
    expect(await lead(incomplete)).toMatchObject({ x_h23_missing: false, x_h23_quotation_date: today });
    const later = await run(addDays(today, 1));
    expect(later.quotationsStamped).toBe(0);
    expect((await lead(incomplete))?.x_h23_quotation_date).toBe(today);
  });

  it('reminds the salesperson of a lead untouched for a week, once; the bridge’s own writes do not count as a touch', async () => {
    const week = addDays(today, 7);
    const report = await run(week);
    expect(report.staleReminders).toBe(2);
    for (const id of leads)
      expect((await activities(id)).filter((a) => a.includes('tanpa perkembangan'))).toEqual([
        'open: Prospek tanpa perkembangan: tindak lanjuti',
      ]);
    expect((await run(week)).staleReminders).toBe(0);
  });

  it('an uninstall keeps the team and the stages the leads are in, removes the rest; a new install adopts them', async () => {
    const removed = await uninstallModule(admin, logger, { force: true });
    // One lead in Prospek Baru, one in Penawaran Terkirim.
    expect(removed.kept).toEqual({ 'crm.stage': 2, 'crm.team': 1 });
    const [incomplete] = leads as [number];
    const [row] = await admin.read('crm.lead', [incomplete], ['stage_id', 'team_id']);
    expect((row?.stage_id as [number, string])[1]).toBe('Penawaran Terkirim');
    expect(await admin.searchCount('crm.stage', [['name', '=', 'Negosiasi']])).toBe(0);
    await installModule(admin, logger, { dryRun: false });
    expect(await admin.searchCount('crm.stage', [['name', '=', 'Penawaran Terkirim']])).toBe(1);
    expect(await admin.searchCount('crm.team', [['name', '=', 'Tim Prospek B2B (H23)']])).toBe(1);
  });
});
