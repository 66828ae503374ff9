import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { groupedAggregate } from '../../src/connectors/odoo/grouped-count.js';
import { OdooLeadStore } from '../../src/connectors/odoo/lead-store.js';
import { runOnce } from '../../src/jobs/daemon.js';
import { dealerToday } from '../../src/jobs/dealer-today.js';
import { greetContacts } from '../../src/jobs/greetings.js';
import { leadsRequestOf, runLeads } from '../../src/jobs/leads.js';
import { installModule } from '../../src/jobs/module-install.js';
import { uninstallModule } from '../../src/jobs/module-uninstall.js';
import { silentLogger } from '../../src/logging/logger.js';
import { addDays, addMonths } from '../../src/rules/day-count.js';
import { NOTICE_SKIP_REASONS } from '../../src/rules/notices/plan.js';
import { crmCast, leadActivities } from './crm-pipeline.js';
import { describeLive } from './live-env.js';

const logger = silentLogger();
/** Idul Fitri 1447 H, in the curated holiday data. */
const IDUL_FITRI = '2026-03-21';

/**
 * Issue 17's "Done when", live, as the least-privileged bridge user: a won deal whose BAST is
 * signed asks for the project data and, once complete, makes its customer a *Mantan Klien*;
 * `run --once` 12 months after completion creates the re-contact activity once (and 24 months
 * after, the second); on a holiday each contact gets one greeting and an opted-out one none;
 * the lost-reason analysis answers the exact figures by reason, source, salesperson and quarter;
 * an uninstall leaves the dealer's own team, stage and lead as they were.
 */
describeLive('past clients, greetings and the lost-reason analysis, in a real Odoo CRM', () => {
  let config: Config;
  let admin: OdooClient;
  let bridge: OdooClient;
  let sales: OdooClient;
  let salesId = 0;
  const userIds: number[] = [];
  const tag = `${process.pid % 1000}${Date.now() % 100000}`;
  let team = 0;
  let stage: Record<string, number> = {};
  const partners: number[] = [];
  const leads: number[] = [];
  let deal = 0;
  let client = 0;
  const completion = addMonths(dealerToday('Asia/Jakarta'), -12);
  const leadsRun = (date: string) =>
    runLeads(new OdooLeadStore(bridge), logger, leadsRequestOf(config, date));
  const activitiesOf = (leadId: number) => leadActivities(admin, leadId);

  beforeAll(async () => {
    nock.enableNetConnect();
    config = loadConfig();
    admin = await OdooClient.connect(connectionFromConfig(config.odoo), logger);
    await installModule(admin, logger, { dryRun: false });
    const cast = await crmCast(admin, config.odoo, `h23pc${tag}`);
    ({ bridge, sales, salesId, team, stage } = cast);
    userIds.push(...cast.userIds);
    client = await admin.createOne('res.partner', {
      name: `PT Armada Nusantara ${tag}`,
      is_company: true,
      email: `armada${tag}@example.com`,
    });
    partners.push(client);
    deal = await admin.createOne('crm.lead', {
      name: `Armada 20 unit ${tag}`,
      team_id: team,
      user_id: salesId,
      type: 'opportunity',
      partner_id: client,
      stage_id: stage.crm_stage_new,
      expected_revenue: 500_000_000,
    });
    leads.push(deal);
  }, 300_000);

  afterAll(async () => {
    if (!admin) return;
    await admin.unlink('crm.lead', leads).catch(() => undefined);
    await admin
      .call('x_h23_notice', 'unlink', [
        (await admin.searchRead('x_h23_notice', [['x_partner_id', 'in', partners]], ['id'])).map((r) => r.id),
      ])
      .catch(() => undefined);
    await admin.unlink('res.partner', partners).catch(() => undefined);
    if (userIds.length)
      await admin.write(
        'res.users',
        userIds.map((id) => ({ id, values: { active: false } })),
      );
  });

  it('a won deal with a signed BAST asks for the project data, then makes a Mantan Klien', async () => {
    await sales.write('crm.lead', [
      { id: deal, values: { stage_id: stage.crm_stage_won, x_h23_bast_date: completion } },
    ]);
    const first = await leadsRun(completion);
    expect(first).toMatchObject({ wonDeals: 1, handedOver: 1, projectIncomplete: 1, askedForProject: 1 });
    expect(first.statusChanges).toEqual({ client: 1, past_client: 0, cleared: 0 });
    const [asked] = await admin.read('crm.lead', [deal], ['x_h23_project_missing']);
    expect(asked?.x_h23_project_missing).toBe(
      'nilai kontrak akhir, produk terpasang, tanggal proyek selesai',
    );
    expect(await activitiesOf(deal)).toEqual([
      'open: Lengkapi data proyek: nilai kontrak akhir, produk terpasang, tanggal proyek selesai',
    ]);
    const [status] = await admin.read('res.partner', [client], ['x_h23_client_status']);
    expect(status?.x_h23_client_status).toBe('client');

    await sales.write('crm.lead', [
      {
        id: deal,
        values: {
          x_h23_contract_value: 487_500_000,
          x_h23_products: '20 unit Honda PCX 160 (nomor mesin di lampiran BAST)',
          x_h23_completion_date: completion,
        },
      },
    ]);
    const second = await leadsRun(completion);
    expect(second).toMatchObject({ projectsCompleted: 1, projectsRecorded: 1, recontacts: 0 });
    expect(second.statusChanges).toEqual({ client: 0, past_client: 1, cleared: 0 });
    const [recorded] = await admin.read(
      'crm.lead',
      [deal],
      ['x_h23_project_missing', 'x_h23_project_recorded'],
    );
    expect(recorded).toMatchObject({ x_h23_project_missing: false, x_h23_project_recorded: completion });
    const [past] = await admin.read('res.partner', [client], ['x_h23_client_status']);
    expect(past?.x_h23_client_status).toBe('past_client');
    expect(await activitiesOf(deal)).toEqual([
      'done: Lengkapi data proyek: nilai kontrak akhir, produk terpasang, tanggal proyek selesai',
    ]);
    const again = await leadsRun(addDays(completion, 1));
    expect(again).toMatchObject({ askedForProject: 0, projectsRecorded: 0, recontacts: 0 });
    expect(again.statusChanges).toEqual({ client: 0, past_client: 0, cleared: 0 });
  });

  it('run --once 12 months after completion makes the re-contact once; 24 months after, the second', async () => {
    const today = addMonths(completion, 12);
    const runs = [await runOnce(bridge, logger, config, today), await runOnce(bridge, logger, config, today)];
    for (const outcomes of runs) {
      const leadsJob = outcomes.find((outcome) => outcome.job === 'leads');
      expect(leadsJob?.ok, leadsJob?.error).toBe(true);
    }
    const [made, repeated] = runs.map(
      (outcomes) =>
        (outcomes.find((outcome) => outcome.job === 'leads')?.result as { recontacts: number }).recontacts,
    );
    expect([made, repeated]).toEqual([1, 0]);
    const recontacts = async () =>
      (await activitiesOf(deal)).filter((activity) => activity.includes('Hubungi kembali'));
    expect(await recontacts()).toEqual([
      'open: Hubungi kembali mantan klien: 12 bulan setelah proyek selesai',
    ]);
    const [row] = await admin.read('crm.lead', [deal], ['x_h23_recontacts']);
    expect(row?.x_h23_recontacts).toBe('12');
    const [activity] = await admin.searchRead(
      'mail.activity',
      [
        ['res_model', '=', 'crm.lead'],
        ['res_id', '=', deal],
      ],
      ['user_id'],
    );
    expect((activity?.user_id as [number])[0]).toBe(salesId);

    const later = await leadsRun(addMonths(completion, 24));
    expect(later.recontacts).toBe(1);
    expect((await leadsRun(addMonths(completion, 25))).recontacts).toBe(0);
    expect(await recontacts()).toEqual([
      'open: Hubungi kembali mantan klien: 12 bulan setelah proyek selesai',
      'open: Hubungi kembali mantan klien: 24 bulan setelah proyek selesai',
    ]);
  }, 600_000);

  it('on a holiday each contact gets one greeting, an opted-out one none', async () => {
    const [greeted, optedOut] = await admin.create('res.partner', [
      { name: `Ibu Ratna ${tag}`, email: `ratna${tag}@example.com` },
      { name: `Pak Joko ${tag}`, email: `joko${tag}@example.com`, x_h23_opt_out: true },
    ]);
    partners.push(Number(greeted?.id), Number(optedOut?.id));
    const ordinary = await greetContacts(bridge, logger, config, addDays(IDUL_FITRI, -3));
    expect(ordinary).toMatchObject({ holiday: null, contacts: 0 });

    const report = await greetContacts(bridge, logger, config, IDUL_FITRI);
    expect(report.holiday).toBe('Idul Fitri 1447 H');
    const total = report.notices.email + report.notices.whatsapp;
    expect(total + Object.values(report.notices.skipped).reduce((a, b) => a + b, 0)).toBe(report.contacts);
    expect(report.notices.skipped[NOTICE_SKIP_REASONS.optedOut]).toBeGreaterThanOrEqual(1);
    // The second day of Idul Fitri is the same occasion: nobody twice.
    const secondDay = await greetContacts(bridge, logger, config, addDays(IDUL_FITRI, 1));
    expect(secondDay.notices).toMatchObject({ email: 0, whatsapp: 0, already: report.contacts });

    const notices = await admin.searchRead(
      'x_h23_notice',
      [['x_partner_id', 'in', [client, Number(greeted?.id), Number(optedOut?.id)]]],
      ['x_key', 'x_partner_id', 'x_channel', 'x_state', 'x_reason', 'x_purpose'],
      { order: 'x_key' },
    );
    expect(
      notices
        .filter((row) => String(row.x_key).startsWith('greeting:'))
        .map((row) => [row.x_key, row.x_purpose, row.x_channel || null, row.x_state, row.x_reason || null]),
    ).toEqual(
      [
        [`greeting:2026:idul_fitri:${client}`, 'greeting', 'email', 'sent', null],
        [`greeting:2026:idul_fitri:${greeted?.id}`, 'greeting', 'email', 'sent', null],
        [
          `greeting:2026:idul_fitri:${optedOut?.id}`,
          'greeting',
          null,
          'skipped',
          NOTICE_SKIP_REASONS.optedOut,
        ],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const mails = await admin.searchRead(
      'mail.mail',
      [
        ['model', '=', 'x_h23_notice'],
        ['res_id', 'in', notices.map((row) => row.id)],
      ],
      ['email_to', 'subject'],
      { order: 'email_to' },
    );
    expect(mails.map((mail) => [mail.email_to, String(mail.subject).split(' dari ')[0]])).toEqual([
      [`armada${tag}@example.com`, 'Selamat Hari Raya Idul Fitri 1447 H'],
      [`ratna${tag}@example.com`, 'Selamat Hari Raya Idul Fitri 1447 H'],
    ]);
  }, 600_000);

  it('the lost-reason analysis answers the exact figures by reason, source, salesperson and quarter', async () => {
    const reasons = new Map(
      (
        await admin.searchRead(
          'ir.model.data',
          [
            ['module', '=', 'h23_crm'],
            ['name', 'in', ['lost_reason_price', 'lost_reason_competitor']],
          ],
          ['name', 'res_id'],
        )
      ).map((row) => [String(row.name), Number(row.res_id)]),
    );
    const [web, phone] = await admin.create('utm.source', [
      { name: `Web ${tag}` },
      { name: `Telepon ${tag}` },
    ]);
    const lost = [
      { reason: 'lost_reason_price', source: web?.id, revenue: 120_000_000, closed: '2026-02-10 03:00:00' },
      { reason: 'lost_reason_price', source: phone?.id, revenue: 80_000_000, closed: '2026-03-30 03:00:00' },
      { reason: 'lost_reason_price', source: web?.id, revenue: 45_500_000, closed: '2026-05-02 03:00:00' },
      {
        reason: 'lost_reason_competitor',
        source: phone?.id,
        revenue: 300_000_000,
        closed: '2026-04-15 03:00:00',
      },
    ];
    const made = await admin.create(
      'crm.lead',
      lost.map((row, index) => ({
        name: `Kalah ${index} ${tag}`,
        team_id: team,
        user_id: salesId,
        type: 'opportunity',
        source_id: row.source,
        expected_revenue: row.revenue,
      })),
    );
    const ids = made.map((row) => Number(row.id));
    leads.push(...ids);
    // Lost the way the salesperson loses them in the form (the wizard's action), with the reason.
    for (const [index, row] of lost.entries())
      await sales.call('crm.lead', 'action_set_lost', [[ids[index]]], {
        lost_reason_id: reasons.get(row.reason),
      });
    await admin.write(
      'crm.lead',
      lost.map((row, index) => ({ id: ids[index] as number, values: { date_closed: row.closed } })),
    );

    const [action] = await admin.searchRead(
      'ir.model.data',
      [
        ['module', '=', 'h23_crm'],
        ['name', '=', 'action_lost_analysis'],
      ],
      ['res_id'],
    );
    const [window] = await admin.read('ir.actions.act_window', [Number(action?.res_id)], ['domain']);
    expect(window?.domain).toBe("[('active', '=', False), ('probability', '=', 0)]");
    const analysed = [
      ['active', '=', false],
      ['probability', '=', 0],
      ['id', 'in', ids],
    ] as const;
    const sumBy = async (field: string) =>
      new Map(
        (await groupedAggregate(sales, 'crm.lead', [...analysed], field, 'expected_revenue', 'sum')).map(
          ([key, value]) => [Array.isArray(key) ? String(key[1] ?? key[0]) : String(key), Number(value)],
        ),
      );
    expect(await sumBy('lost_reason_id')).toEqual(
      new Map([
        ['Harga', 245_500_000],
        ['Kompetitor', 300_000_000],
      ]),
    );
    expect(await sumBy('source_id')).toEqual(
      new Map([
        [`Web ${tag}`, 165_500_000],
        [`Telepon ${tag}`, 380_000_000],
      ]),
    );
    expect([...(await sumBy('user_id')).values()]).toEqual([545_500_000]);
    const quarters = await sumBy('date_closed:quarter');
    expect([...quarters.values()].sort((a, b) => a - b)).toEqual([200_000_000, 345_500_000]);
  }, 300_000);

  it('an uninstall leaves the dealer’s own team, stage and lead as they were', async () => {
    const ownTeam = await admin.createOne('crm.team', { name: `Tim Fleet Dealer ${tag}` });
    const ownStage = await admin.createOne('crm.stage', { name: `Survei Lokasi ${tag}`, sequence: 5 });
    const ownLead = await admin.createOne('crm.lead', {
      name: `Prospek dealer ${tag}`,
      team_id: ownTeam,
      stage_id: ownStage,
      type: 'opportunity',
      expected_revenue: 75_000_000,
    });
    const snapshot = async () =>
      (
        await admin.read('crm.lead', [ownLead], ['name', 'team_id', 'stage_id', 'expected_revenue', 'active'])
      )[0];
    const before = await snapshot();
    await uninstallModule(admin, logger, { force: true });
    expect(await snapshot()).toEqual(before);
    expect(await admin.searchCount('crm.team', [['id', '=', ownTeam]])).toBe(1);
    expect(await admin.searchCount('crm.stage', [['id', '=', ownStage]])).toBe(1);
    // The deal the H23 team won keeps its stage and team (kept by the uninstall), and a new install adopts them.
    const [won] = await admin.read('crm.lead', [deal], ['stage_id', 'team_id']);
    expect((won?.stage_id as [number, string])[1]).toBe('Menang');
    await installModule(admin, logger, { dryRun: false });
    expect(await admin.searchCount('crm.team', [['name', '=', 'Tim Prospek B2B (H23)']])).toBe(1);
    await admin.unlink('crm.lead', [ownLead]);
    await admin.unlink('crm.stage', [ownStage]);
    await admin.unlink('crm.team', [ownTeam]);
    // The next install adopted the team and stages again: the won deal is in the H23 pipeline.
    const [adopted] = await admin.read('crm.lead', [deal], ['team_id']);
    expect((adopted?.team_id as [number, string])[1]).toBe('Tim Prospek B2B (H23)');
  }, 600_000);
});
