import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { runOnce } from '../../src/jobs/daemon.js';
import { dealerToday } from '../../src/jobs/dealer-today.js';
import { installModule } from '../../src/jobs/module-install.js';
import { silentLogger } from '../../src/logging/logger.js';
import { answerSurvey, launchSurveyBrowser } from '../support/answer-survey.js';
import { createLiveUser, describeLive, removeUnits } from './live-env.js';

const logger = silentLogger();

/**
 * Issue 15 over a year of dates with `run --once`, as the least-privileged bridge user, in a
 * real Odoo: four customers past or inside their KPBs. Their segments move as their visits say;
 * the regular-service reminders after KPB 4 and a win-back appear on their days, once, with
 * their activities for the branch's CRM admins; a booked reminder whose service came closes as
 * done; an opted-out customer gets nothing. The done service brings one survey invitation; the
 * customer answers it in Odoo's survey pages (headless Chromium) as a detractor; the answer is
 * read back, a complaint opened for customer service, and the month's evaluation has the exact
 * figures. Every date is run twice: the second run changes nothing.
 */
describeLive('a year of customer care after KPB 4 in a real Odoo', () => {
  let admin: OdooClient;
  let bridge: OdooClient;
  let crm: OdooClient;
  let config: Config;
  let browser: Browser | undefined;
  let officerId = 0;
  const userIds: number[] = [];
  let branchId = 0;
  const partner: Record<string, number> = {};
  const unitIds: number[] = [];
  const worIds: number[] = [];
  const tag = `${process.pid % 1000}${Date.now() % 100000}`;
  const names = ['rajin', 'lapsed', 'baru', 'menolak'] as const;
  type Name = (typeof names)[number];
  const nameOf = (id: unknown) => names.find((name) => partner[name] === (Array.isArray(id) ? id[0] : id));

  async function state() {
    const ids = Object.values(partner);
    const reminders = await admin.searchRead(
      'x_h23_followup',
      [
        ['x_partner_id', 'in', ids],
        ['x_stage', 'in', ['service', 'winback']],
      ],
      ['x_partner_id', 'x_stage', 'x_state', 'x_due_date', 'x_last_service', 'x_done_date', 'x_admin_id'],
      { idsOnly: true, order: 'id' },
    );
    const activities = await admin.searchRead(
      'mail.activity',
      [
        ['res_model', '=', 'x_h23_followup'],
        ['res_id', 'in', reminders.map((row) => row.id)],
      ],
      ['res_id', 'summary', 'active', 'user_id', 'activity_type_id'],
      { context: { active_test: false }, order: 'id', idsOnly: true },
    );
    // The reminders' own activities (Odoo 18 and 19 add a meeting activity for a booking's event, 17 does not).
    const types = await admin.searchRead(
      'ir.model.data',
      [
        ['module', '=', 'h23_crm'],
        ['name', 'in', ['activity_service_reminder', 'activity_win_back']],
      ],
      ['res_id'],
    );
    const reminderTypes = new Set(types.map((row) => row.res_id));
    const own = activities.filter((row) => reminderTypes.has(row.activity_type_id));
    const partners = await admin.read('res.partner', ids, ['x_h23_segment', 'x_h23_last_service']);
    const invitations = await admin.searchRead(
      'x_h23_survey_invitation',
      [['x_partner_id', 'in', ids]],
      ['x_partner_id', 'x_state', 'x_csat', 'x_nps', 'x_detractor', 'x_complaint_id'],
      { order: 'id', idsOnly: true },
    );
    const complaints = await admin.searchRead(
      'x_h23_complaint',
      [['x_partner_id', 'in', ids]],
      ['x_partner_id', 'x_channel', 'x_user_id', 'x_subject'],
      { order: 'id', idsOnly: true },
    );
    const months = await admin.searchRead(
      'x_h23_survey_month',
      [['x_branch_id', '=', branchId]],
      ['x_month', 'x_invitations', 'x_responses', 'x_csat_mean', 'x_nps', 'x_detractors'],
      { order: 'x_month' },
    );
    return {
      segments: Object.fromEntries(
        names.map((name) => {
          const row = partners.find((p) => p.id === partner[name]);
          return [name, `${row?.x_h23_segment || '-'} ${row?.x_h23_last_service || '-'}`];
        }),
      ),
      reminders: reminders.map(
        (row) =>
          `${nameOf(row.x_partner_id)} ${row.x_stage} ${row.x_state} due ${row.x_due_date} from ${row.x_last_service}${row.x_done_date ? ` done ${row.x_done_date}` : ''}`,
      ),
      openActivities: own
        .filter((row) => row.active)
        .map((row) => {
          const reminder = reminders.find((r) => r.id === row.res_id);
          // Each activity is its reminder's admin's.
          expect(row.user_id).toBe(reminder?.x_admin_id);
          return String(row.summary);
        }),
      activities: own.map((row) => `${row.active ? 'open' : 'done'}: ${row.summary}`),
      surveys: invitations.map(
        (row) =>
          `${nameOf(row.x_partner_id)} ${row.x_state}${row.x_state === 'answered' ? ` CSAT ${row.x_csat} NPS ${row.x_nps}${row.x_detractor ? ' detractor' : ''}` : ''}`,
      ),
      complaints: complaints.map(
        (row) =>
          `${nameOf(row.x_partner_id)} ${row.x_channel} to ${row.x_user_id === officerId ? 'CS' : row.x_user_id}: ${row.x_subject}`,
      ),
      months: months.map(
        (row) =>
          `${row.x_month}: ${row.x_invitations} invited, ${row.x_responses} answered, CSAT ${row.x_csat_mean}, NPS ${row.x_nps}, ${row.x_detractors} detractor(s)`,
      ),
    };
  }

  async function day(date: string) {
    const first = await runOnce(bridge, logger, config, date);
    expect(
      first.filter((outcome) => !outcome.ok),
      date,
    ).toEqual([]);
    const after = await state();
    await runOnce(bridge, logger, config, date);
    expect(await state(), `re-running ${date}`).toEqual(after);
    return after;
  }

  const reminderOf = async (name: Name, stage: string) => {
    const [row] = await admin.searchRead(
      'x_h23_followup',
      [
        ['x_partner_id', '=', partner[name] as number],
        ['x_stage', '=', stage],
        ['x_state', 'in', ['todo', 'contacted', 'booked']],
      ],
      ['id'],
    );
    return row?.id as number;
  };
  const visit = async (name: Name, date: string) => {
    const [row] = await admin.create('x_h23_wor', [
      {
        x_name: `WOR-CARE-${tag}-${name}-${date}`,
        x_visit_date: date,
        x_partner_id: partner[name],
        x_unit_id: unitIds[names.indexOf(name)],
        x_branch_id: branchId,
        x_engine_number: `CARE${tag}${names.indexOf(name)}`,
        x_state: 'done',
      },
    ]);
    worIds.push(Number(row?.id));
  };

  beforeAll(async () => {
    config = loadConfig();
    admin = await OdooClient.connect(connectionFromConfig(config.odoo), logger);
    await installModule(admin, logger, { dryRun: false });
    const user = await createLiveUser(admin, config.odoo, `h23carebr${tag}`, [
      'base.group_user',
      'h23_crm.group_bridge',
    ]);
    bridge = user.client;
    const crmUsers = [];
    for (const n of [1, 2])
      crmUsers.push(
        await createLiveUser(admin, config.odoo, `h23care${n}${tag}`, [
          'base.group_user',
          'h23_crm.group_crm_admin',
        ]),
      );
    crm = crmUsers[0]?.client as OdooClient;
    const officer = await createLiveUser(admin, config.odoo, `h23carecs${tag}`, [
      'base.group_user',
      'h23_crm.group_customer_service',
    ]);
    officerId = officer.id;
    userIds.push(user.id, officer.id, ...crmUsers.map((u) => u.id));
    browser = await launchSurveyBrowser();
    const [branch] = await admin.create('x_h23_branch', [
      {
        x_name: `Cabang Care ${tag}`,
        x_dealer_code: `C${tag}`.slice(0, 10),
        x_crm_admin_ids: [[6, 0, crmUsers.map((u) => u.id)]],
        x_customer_service_ids: [[6, 0, [officerId]]],
      },
    ]);
    branchId = Number(branch?.id);
    const made = await admin.create(
      'res.partner',
      names.map((name, index) => ({
        name: `Care ${name} ${tag}`,
        phone: `0812${String(index + 1).padStart(2, '0')}${tag}`.slice(0, 12).padEnd(12, '5'),
        ...(name === 'menolak' ? { x_h23_opt_out: true } : {}),
      })),
    );
    names.forEach((name, index) => {
      partner[name] = Number(made[index]?.id);
    });
    const unit = (name: Name, purchase: string, kpb: string[]) => ({
      x_engine_number: `CARE${tag}${names.indexOf(name)}`,
      x_model_name: 'BeAT',
      x_purchase_date: purchase,
      x_partner_id: partner[name],
      x_branch_id: branchId,
      ...Object.fromEntries(kpb.map((date, index) => [`x_kpb${index + 1}_date`, date])),
    });
    const kpbDone = ['2025-02-05', '2025-04-05', '2025-08-05', '2025-12-01'];
    const units = await admin.create('x_h23_unit', [
      unit('rajin', '2025-01-05', kpbDone),
      unit('lapsed', '2024-06-01', ['2024-07-01', '2024-09-01', '2025-01-01', '2025-05-01']),
      unit('baru', '2026-01-05', []),
      unit('menolak', '2025-01-05', kpbDone),
    ]);
    unitIds.push(...units.map((row) => Number(row.id)));
    await visit('rajin', '2026-01-10');
    await visit('menolak', '2026-01-10');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (!admin) return;
    const followUps = await admin.call<number[]>('x_h23_followup', 'search', [
      [['x_unit_id', 'in', unitIds]],
    ]);
    await admin.unlink('x_h23_followup', followUps).catch(() => undefined);
    await admin.unlink('x_h23_wor', worIds).catch(() => undefined);
    await removeUnits(admin, unitIds).catch(() => undefined);
    if (userIds.length)
      await admin.write(
        'res.users',
        userIds.map((id) => ({ id, values: { active: false } })),
      );
  });

  it('moves the customers between segments and reminds them on their days, once', async () => {
    // Two months after their last service: Rajin (a visit on 10 January) on 10 March; Lapsed (KPB 4
    // on 1 May 2025) ten months on, the reminder of 1 March asked on Monday 2 March. Baru is in
    // its KPBs; Menolak asked not to be contacted.
    let now = await day('2026-03-10');
    expect(now.segments).toEqual({
      rajin: 'loyal 2026-01-10',
      lapsed: 'loyal 2025-05-01',
      baru: 'never_serviced -',
      menolak: 'loyal 2026-01-10',
    });
    expect(now.reminders).toEqual([
      'rajin service todo due 2026-03-10 from 2026-01-10',
      'lapsed service todo due 2026-03-02 from 2025-05-01',
    ]);
    expect(now.openActivities.sort()).toEqual([
      `Servis Berkala: Care lapsed ${tag}`,
      `Servis Berkala: Care rajin ${tag}`,
    ]);

    // Rajin books for Saturday 14 March and comes; the WOR of that visit is in.
    const rajinReminder = await reminderOf('rajin', 'service');
    await crm.write('x_h23_followup', [
      {
        id: rajinReminder,
        values: { x_result: 'booked', x_booking_at: '2026-03-14 02:00:00', x_booking_kind: 'workshop' },
      },
    ]);
    await visit('rajin', '2026-03-14');
    now = await day('2026-03-16');
    expect(now.reminders).toEqual([
      'rajin service done due 2026-03-10 from 2026-01-10 done 2026-03-14',
      'lapsed service todo due 2026-03-02 from 2025-05-01',
    ]);
    expect(now.segments.rajin).toBe('loyal 2026-03-14');
    // The booking became a calendar event, as a KPB booking does.
    const events = await admin.searchRead(
      'calendar.event',
      [
        ['res_model', '=', 'x_h23_followup'],
        ['res_id', '=', rajinReminder],
      ],
      ['name'],
    );
    expect(events.map((event) => event.name)).toEqual([
      `Booking Servis Berkala (di bengkel) - Care rajin ${tag} (CARE${tag}0 - BeAT)`,
    ]);

    // The done service of 14 March brings one survey invitation; nobody else's visit is recent.
    expect(now.surveys).toEqual(['rajin invited']);
    const [invitation] = await admin.searchRead(
      'x_h23_survey_invitation',
      [['x_partner_id', '=', partner.rajin as number]],
      ['x_link', 'x_answer_id'],
    );
    // Odoo's survey pages check the link's deadline against the real clock, which is months past
    // this test's calendar: the customer answers within the link's life, as if on 16 March.
    const answerId = Number(invitation?.x_answer_id);
    await admin.write('survey.user_input', [
      { id: answerId, values: { deadline: `${dealerToday('Asia/Jakarta')} 23:59:00` } },
    ]);
    await answerSurvey(
      browser as Browser,
      String(invitation?.x_link),
      { csat: 2, nps: 3, comment: 'Servis lama, motor masih bunyi' },
      { db: config.odoo.db },
    );
    now = await day('2026-03-17');
    expect(now.surveys).toEqual(['rajin answered CSAT 2 NPS 3 detractor']);
    expect(now.complaints).toEqual([
      `rajin survey to CS: Survei kepuasan: pelanggan tidak puas (NPS 3, CSAT 2)`,
    ]);
    expect(now.months).toEqual(['2026-03-01: 1 invited, 1 answered, CSAT 2, NPS -100, 1 detractor(s)']);

    // Twelve months and a day after Lapsed's last service: Berisiko, the unanswered reminder
    // rests and the win-back comes the same night.
    now = await day('2026-05-02');
    expect(now.segments.lapsed).toBe('at_risk 2025-05-01');
    expect(now.reminders).toEqual([
      'rajin service done due 2026-03-10 from 2026-01-10 done 2026-03-14',
      'lapsed service closed due 2026-03-02 from 2025-05-01',
      'lapsed winback todo due 2026-05-02 from 2025-05-01',
    ]);
    expect(now.openActivities).toEqual([`Win-back: Care lapsed ${tag}`]);

    // Two months after Rajin's visit of 14 March, the next reminder.
    now = await day('2026-05-14');
    expect(now.reminders).toEqual([
      'rajin service done due 2026-03-10 from 2026-01-10 done 2026-03-14',
      'lapsed service closed due 2026-03-02 from 2025-05-01',
      'lapsed winback todo due 2026-05-02 from 2025-05-01',
      'rajin service todo due 2026-05-14 from 2026-03-14',
    ]);
    expect(now.activities).toEqual([
      `done: Servis Berkala: Care rajin ${tag}`,
      `done: Servis Berkala: Care lapsed ${tag}`,
      `open: Win-back: Care lapsed ${tag}`,
      `open: Servis Berkala: Care rajin ${tag}`,
    ]);
  });
});
