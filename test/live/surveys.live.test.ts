import nock from 'nock';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { OdooNoticeStore } from '../../src/connectors/odoo/notice-store.js';
import { OdooSurveyStore } from '../../src/connectors/odoo/survey-store.js';
import { installModule } from '../../src/jobs/module-install.js';
import { runSurveys, type SurveysReport, surveyNoticeSender } from '../../src/jobs/surveys.js';
import { silentLogger } from '../../src/logging/logger.js';
import { DEFAULT_INVITATION_POLICY } from '../../src/rules/surveys/invitations.js';
import { answerSurvey, launchSurveyBrowser } from '../support/answer-survey.js';
import { createLiveUser, describeLive } from './live-env.js';

const logger = silentLogger();

/**
 * Issue 15, satisfaction surveys, in a real Odoo with its Surveys app: the module declares the
 * survey; three done services (WORs reconciled to a customer) on 10 November, one customer with
 * neither phone nor e-mail; the job, as the least-privileged bridge user, invites the two others
 * (Odoo answer records with their own links); headless Chromium answers as the customers do, one
 * promoter and one detractor; the next run reads the scores back onto the WORs, opens one complaint
 * for the detractor and counts November exactly; once the complaint is closed and December's
 * report day comes, the evaluation counts it handled and goes to the branch head once. Re-running
 * any day changes nothing.
 */
describeLive('satisfaction surveys, in a real Odoo with Surveys', (config) => {
  let admin: OdooClient;
  let bridge: OdooClient;
  let browser: Browser;
  const tag = `${process.pid % 1000}${Date.now() % 100000}`;
  const users: number[] = [];
  let branchId = 0;
  let headId = 0;
  let officerId = 0;
  const partners: number[] = [];
  const worIds: number[] = [];

  // The invitations go out through the shared customer notices; WhatsApp in manual mode: by e-mail.
  const run = (today: string): Promise<SurveysReport> =>
    runSurveys(
      new OdooSurveyStore(bridge),
      logger,
      { today, policy: DEFAULT_INVITATION_POLICY, answerDays: 30, reportDay: 5 },
      surveyNoticeSender(new OdooNoticeStore(bridge, 'Asia/Jakarta', false), logger, today),
    );
  const invitations = async () =>
    (await admin.searchRead(
      'x_h23_survey_invitation',
      [['x_branch_id', '=', branchId]],
      [
        'x_key',
        'x_partner_id',
        'x_state',
        'x_link',
        'x_answer_id',
        'x_csat',
        'x_nps',
        'x_nps_class',
        'x_comment',
        'x_detractor',
        'x_complaint_id',
        'x_handled',
        'write_date',
      ],
      { order: 'id asc' },
    )) as Array<Record<string, unknown>>;
  const lines = async () =>
    (await admin.searchRead(
      'x_h23_survey_month',
      [['x_branch_id', '=', branchId]],
      [
        'x_key',
        'x_service_advisor',
        'x_invitations',
        'x_responses',
        'x_response_rate',
        'x_csat_mean',
        'x_nps',
        'x_promoters',
        'x_passives',
        'x_nps_detractors',
        'x_detractors',
        'x_detractors_handled',
        'write_date',
      ],
    )) as Array<Record<string, unknown>>;
  const answersOf = async () => admin.searchCount('survey.user_input', [['partner_id', 'in', partners]]);
  const complaints = async () =>
    (await admin.searchRead(
      'x_h23_complaint',
      [['x_partner_id', 'in', partners]],
      [
        'x_partner_id',
        'x_channel',
        'x_branch_id',
        'x_user_id',
        'x_subject',
        'x_description',
        'x_survey_invitation_id',
      ],
    )) as Array<Record<string, unknown>>;

  beforeAll(async () => {
    nock.enableNetConnect();
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    const installed = await installModule(admin, logger, { dryRun: false });
    expect(installed.stoppedAt).toBeUndefined();
    const user = await createLiveUser(admin, config, `h23surveybridge${tag}`, [
      'base.group_user',
      'h23_crm.group_bridge',
    ]);
    bridge = user.client;
    users.push(user.id);
    const people = await admin.create('res.users', [
      { name: `Kepala Cabang Survei ${tag}`, login: `h23surveyhead${tag}`, email: `kacab${tag}@dealer.test` },
      { name: `CS Survei ${tag}`, login: `h23surveycs${tag}`, email: `cs${tag}@dealer.test` },
      { name: `Admin CRM Survei ${tag}`, login: `h23surveyadmin${tag}`, email: `admin${tag}@dealer.test` },
    ]);
    const [head, officer, crmAdmin] = people.map((row) => Number(row.id));
    headId = head as number;
    officerId = officer as number;
    users.push(headId, officerId, crmAdmin as number);
    const [branch] = await admin.create('x_h23_branch', [
      {
        x_name: `Cabang Survei ${tag}`,
        x_dealer_code: `SV${tag}`.slice(0, 8),
        x_head_id: headId,
        x_customer_service_ids: [[6, 0, [officerId]]],
        x_crm_admin_ids: [[6, 0, [crmAdmin]]],
      },
    ]);
    branchId = Number(branch?.id);
    const made = await admin.create('res.partner', [
      { name: `Pelanggan Puas ${tag}`, phone: '+6281234500001' },
      { name: `Pelanggan Kecewa ${tag}`, phone: '+6281234500002', email: `kecewa${tag}@pelanggan.test` },
      { name: `Pelanggan Tanpa Kontak ${tag}` },
    ]);
    partners.push(...made.map((row) => Number(row.id)));
    const wors = await admin.create(
      'x_h23_wor',
      partners.map((partnerId, index) => ({
        x_name: `WO-SURVEI-${tag}-${index + 1}`,
        x_visit_date: '2026-11-10',
        x_partner_id: partnerId,
        x_carrier_is_owner: true,
        x_branch_id: branchId,
        x_engine_number: `SURV${tag}${index + 1}`,
        x_service_advisor: 'Budi Santoso',
        x_state: 'done',
      })),
    );
    worIds.push(...wors.map((row) => Number(row.id)));
    browser = await launchSurveyBrowser();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    if (!admin) return;
    if (users.length) await admin.call('res.users', 'write', [users, { active: false }]);
  });

  it('invites once per done service, reads the answers given in the survey pages, opens the complaint, counts the month', async () => {
    const first = await run('2026-11-10');
    expect(first).toMatchObject({
      survey: 'ready',
      visits: 3,
      invited: 2,
      links: 2,
      skipped: { unreachable: 1 },
      // The promoter has a phone only: no e-mail, so the notice is skipped (and recorded so).
      notices: { sent: 1, skipped: 1 },
      answered: 0,
      evaluationLinesCreated: 1,
    });
    const invited = await invitations();
    expect(invited.map((row) => (row.x_partner_id as [number])[0])).toEqual(partners.slice(0, 2));
    expect(invited.map((row) => row.x_key)).toEqual(worIds.slice(0, 2).map((id) => `wor:${id}`));
    for (const row of invited)
      expect(String(row.x_link)).toMatch(/\/survey\/start\/[\w-]+\?answer_token=[\w-]+$/);
    expect(await answersOf()).toBe(2);
    const invitationMails = (await admin.searchRead(
      'mail.mail',
      [['email_to', '=', `kecewa${tag}@pelanggan.test`]],
      ['subject', 'body_html'],
    )) as Array<Record<string, unknown>>;
    expect(invitationMails).toHaveLength(1);
    expect(String(invitationMails[0]?.body_html)).toContain(
      String(invited[1]?.x_link).replace(/&/g, '&amp;'),
    );
    // The same day again: nothing new.
    expect(await run('2026-11-10')).toMatchObject({
      invited: 0,
      links: 0,
      evaluationLinesCreated: 0,
      evaluationLinesUpdated: 0,
    });
    expect(await answersOf()).toBe(2);

    // The customers answer in Odoo's survey pages, as they would from the WhatsApp or e-mail link.
    await answerSurvey(
      browser,
      String(invited[0]?.x_link),
      { csat: 5, nps: 10, comment: 'Cepat dan ramah' },
      { db: config.db },
    );
    await answerSurvey(
      browser,
      String(invited[1]?.x_link),
      { csat: 2, nps: 4, comment: 'Antre terlalu lama' },
      { db: config.db },
    );

    const second = await run('2026-11-12');
    expect(second).toMatchObject({
      answered: 2,
      detractors: 1,
      complaintsOpened: 1,
      evaluationLinesUpdated: 1,
    });
    const answered = await invitations();
    expect(
      answered.map((row) => [
        row.x_state,
        row.x_csat,
        row.x_nps,
        row.x_nps_class,
        row.x_comment,
        row.x_detractor,
      ]),
    ).toEqual([
      ['answered', 5, 10, 'promoter', 'Cepat dan ramah', false],
      ['answered', 2, 4, 'detractor', 'Antre terlalu lama', true],
    ]);
    const wors = (await admin.read('x_h23_wor', worIds, [
      'x_survey_answered',
      'x_survey_csat',
      'x_survey_nps',
      'x_survey_comment',
    ])) as Array<Record<string, unknown>>;
    expect(
      wors.map((row) => [row.x_survey_answered, row.x_survey_csat, row.x_survey_nps, row.x_survey_comment]),
    ).toEqual([
      [true, 5, 10, 'Cepat dan ramah'],
      [true, 2, 4, 'Antre terlalu lama'],
      [false, 0, 0, false],
    ]);
    const [complaint, ...more] = await complaints();
    expect(more).toEqual([]);
    expect(complaint).toMatchObject({
      x_channel: 'survey',
      x_subject: 'Survei kepuasan: pelanggan tidak puas (NPS 4, CSAT 2)',
    });
    expect((complaint?.x_partner_id as [number])[0]).toBe(partners[1]);
    expect((complaint?.x_user_id as [number])[0]).toBe(officerId);
    expect((complaint?.x_survey_invitation_id as [number])[0]).toBe(answered[1]?.id);
    expect(String(complaint?.x_description)).toContain('Antre terlalu lama');
    expect((answered[1]?.x_complaint_id as [number])[0]).toBe(complaint?.id);

    const november = await lines();
    expect(november).toHaveLength(1);
    expect(november[0]).toMatchObject({
      x_service_advisor: 'Budi Santoso',
      x_invitations: 2,
      x_responses: 2,
      x_response_rate: 100,
      x_csat_mean: 3.5,
      x_nps: 0,
      x_promoters: 1,
      x_passives: 0,
      x_nps_detractors: 1,
      x_detractors: 1,
      x_detractors_handled: 0,
    });
    // Again: nothing to write, no second complaint.
    const before = [...(await invitations()), ...(await lines())].map((row) => row.write_date);
    expect(await run('2026-11-12')).toMatchObject({
      answered: 0,
      complaintsOpened: 0,
      evaluationLinesUpdated: 0,
    });
    expect([...(await invitations()), ...(await lines())].map((row) => row.write_date)).toEqual(before);
    expect(await complaints()).toHaveLength(1);

    // Customer service closes the complaint; December's report day sends November to the branch head.
    const closed = await admin.write('x_h23_complaint', [
      {
        id: complaint?.id as number,
        values: {
          x_stage: 'done',
          x_root_cause_kind: 'process',
          x_root_cause: 'Antrean servis pagi tidak dibagi',
          x_solution: 'Booking servis pagi dibuka',
          x_confirmation: 'satisfied',
          x_confirmation_channel: 'call',
        },
      },
    ]);
    expect(closed.map((outcome) => outcome.error?.message)).toEqual([undefined]);
    const december = await run('2026-12-05');
    expect(december).toMatchObject({ mailsQueued: 1, evaluationLinesUpdated: 1 });
    expect((await lines())[0]).toMatchObject({ x_detractors: 1, x_detractors_handled: 1 });
    expect((await invitations())[1]).toMatchObject({ x_handled: true });
    const mails = (await admin.searchRead(
      'mail.mail',
      [
        ['model', '=', 'x_h23_survey_month'],
        ['subject', 'like', `Cabang Survei ${tag}`],
      ],
      ['subject', 'email_to', 'body_html'],
    )) as Array<Record<string, unknown>>;
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe(`Evaluasi Kepuasan Pelanggan Cabang Survei ${tag} November 2026`);
    expect(mails[0]?.email_to).toBe(`kacab${tag}@dealer.test`);
    expect(String(mails[0]?.body_html)).toContain('<b>3,5</b>');
    const settled = [...(await invitations()), ...(await lines())].map((row) => row.write_date);
    expect(await run('2026-12-05')).toMatchObject({
      mailsQueued: 0,
      answered: 0,
      invited: 0,
      evaluationLinesUpdated: 0,
    });
    expect([...(await invitations()), ...(await lines())].map((row) => row.write_date)).toEqual(settled);
    expect(await answersOf()).toBe(2);
  }, 900_000);
});
