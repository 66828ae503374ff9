import { describe, expect, it } from 'vitest';
import type { KillSwitch } from '../../test/support/kill-switch.js';
import { MemoryNoticeStore } from '../../test/support/memory-notice-store.js';
import { MemorySurveyStore } from '../../test/support/memory-survey-store.js';
import type { NoticeState } from '../connectors/odoo/survey-store.js';
import { silentLogger } from '../logging/logger.js';
import { DEFAULT_INVITATION_POLICY } from '../rules/surveys/invitations.js';
import type { CustomerNotice } from './customer-notices.js';
import { dryRunSurveyStore, runSurveys, type SurveysRequest, surveyNoticeSender } from './surveys.js';

const request = (today: string): SurveysRequest => ({
  today,
  policy: DEFAULT_INVITATION_POLICY,
  answerDays: 30,
  reportDay: 5,
});

/** A notice sender as the shared piece behaves: one send per key, ever. */
class FakeNotices {
  sent = new Map<string, CustomerNotice>();
  send = async (notices: readonly CustomerNotice[]): Promise<Map<string, NoticeState>> => {
    for (const notice of notices) if (!this.sent.has(notice.key)) this.sent.set(notice.key, notice);
    return new Map(notices.map((notice) => [notice.key, 'sent' as const]));
  };
}

function scenario(killSwitch?: KillSwitch): MemorySurveyStore {
  const store = new MemorySurveyStore(killSwitch);
  store.branchRows = [
    { id: 1, name: 'Cabang Depok', headId: 90, coordinatorId: 91, customerServiceIds: [70, 71] },
  ];
  store.branchAdmin = new Map([[1, 55]]);
  store.userRows = new Map([
    [55, { name: 'Admin Ani', email: 'ani@dealer.test' }],
    [56, { name: 'Admin Budi', email: null }],
    [90, { name: 'Kepala Cabang', email: 'kacab@dealer.test' }],
    [91, { name: 'Area Koordinator', email: 'ak@dealer.test' }],
  ]);
  const reachable = { reachable: true, optedOut: false, email: null };
  store.partners = new Map([
    [1, { ...reachable, name: 'Andi' }],
    [2, { ...reachable, name: 'Bela' }],
    [3, { reachable: false, optedOut: false, email: null, name: 'Cici' }],
    [4, { reachable: true, optedOut: true, email: null, name: 'Dodi' }],
    [5, { ...reachable, name: 'Eka' }],
  ]);
  const wor = (worId: number, partnerId: number, unitId: number, advisor: string | null) => ({
    worId,
    visitDate: '2026-11-10',
    partnerId,
    unitId,
    branchId: 1,
    advisor,
  });
  store.wors = [
    wor(1, 1, 10, 'Budi Santoso'),
    wor(2, 2, 20, 'Siti'),
    wor(3, 3, 30, 'Siti'),
    wor(4, 4, 40, null),
    // Andi's second motorcycle the same day: one invitation for the day.
    wor(5, 1, 50, 'Siti'),
  ];
  store.followUps = [
    // KPB 2 of unit 10 marked done the next day: the same visit as WOR 1.
    { followUpId: 31, doneDate: '2026-11-11', partnerId: 1, unitId: 10, branchId: 1, adminId: 56 },
    // A home service with no WOR: a visit of its own.
    { followUpId: 32, doneDate: '2026-11-10', partnerId: 5, unitId: 60, branchId: 1, adminId: 56 },
  ];
  return store;
}

/** The year of the scenario: invitations, two answers, the complaint closed, the e-mail in December. */
const DAYS = ['2026-11-10', '2026-11-11', '2026-11-12', '2026-11-20', '2026-12-05'] as const;

async function runDay(store: MemorySurveyStore, notices: FakeNotices, day: string) {
  const report = await runSurveys(store, silentLogger(), request(day), notices.send);
  if (day === '2026-11-10') {
    // The customers open their links and answer (the live test does it in Odoo's pages).
    store.answer(1, 5, 10, 'Pelayanan cepat');
    store.answer(2, 2, 3, 'Antre terlalu lama', '2026-11-11 03:00:00');
  }
  if (day === '2026-11-12') {
    const complaint = store.complaintRows[0];
    if (complaint) complaint.stage = 'done';
  }
  return report;
}

function snapshot(store: MemorySurveyStore, notices: FakeNotices) {
  return {
    invitations: store.invitationRows.map(({ id: _, answerId: __, link, ...rest }) => ({
      ...rest,
      link: link?.replace(/token-\d+$/, 'token-N') ?? null,
    })),
    answers: store.answerRows.length,
    scores: [...store.visitScores.entries()].sort(),
    complaints: store.complaintRows.map(({ id: _, invitationId: __, ...rest }) => rest),
    lines: store.lineRows
      .map(({ id: _, countedOn: __, ...rest }) => rest)
      .sort((a, b) => a.key.localeCompare(b.key)),
    mails: store.mails,
    notices: [...notices.sent.keys()].sort(),
  };
}

describe('the surveys job', () => {
  it('invites once per done service, reads the answers back, opens a complaint for the detractor', async () => {
    const store = scenario();
    const notices = new FakeNotices();
    const first = await runSurveys(store, silentLogger(), request('2026-11-10'), notices.send);
    expect(first).toMatchObject({
      visits: 6,
      invited: 3,
      links: 3,
      skipped: { unreachable: 1, opted_out: 1, same_day: 1 },
      notices: { sent: 3 },
    });
    expect(store.invitationRows.map((i) => [i.key, i.partnerId, i.followUpId, i.adminId, i.advisor])).toEqual(
      [
        ['wor:1', 1, null, 55, 'Budi Santoso'],
        ['wor:2', 2, null, 55, 'Siti'],
        ['fu:32', 5, 32, 56, null],
      ],
    );
    const notice = notices.sent.get('survey:wor:1');
    expect(notice?.values.link).toMatch(
      /^https:\/\/erp\.example\.test\/survey\/start\/survey-token\?answer_token=token-\d+$/,
    );
    expect(notice).toMatchObject({
      partnerId: 1,
      purpose: 'survey',
      values: { customer_name: 'Andi', branch_name: 'Cabang Depok', due_date: '10 November 2026' },
    });
    expect(notice?.email.subject).toContain('survei');

    store.answer(1, 5, 10, 'Pelayanan cepat');
    store.answer(2, 2, 3, 'Antre terlalu lama');
    const second = await runSurveys(store, silentLogger(), request('2026-11-11'), notices.send);
    expect(second).toMatchObject({ invited: 0, answered: 2, detractors: 1, complaintsOpened: 1 });
    // The follow-up done a day later joined WOR 1 before the answer was read: it has the scores too.
    expect(Object.fromEntries(store.visitScores)).toEqual({
      'wor:1': { csat: 5, nps: 10, comment: 'Pelayanan cepat' },
      'fu:31': { csat: 5, nps: 10, comment: 'Pelayanan cepat' },
      'wor:2': { csat: 2, nps: 3, comment: 'Antre terlalu lama' },
    });
    expect(store.complaintRows).toHaveLength(1);
    expect(store.complaintRows[0]).toMatchObject({
      partnerId: 2,
      branchId: 1,
      unitId: 20,
      subject: 'Survei kepuasan: pelanggan tidak puas (NPS 3, CSAT 2)',
    });
    expect([70, 71]).toContain(store.complaintRows[0]?.userId);
    expect(store.invitationRows.find((i) => i.key === 'wor:2')).toMatchObject({
      state: 'answered',
      npsClass: 'detractor',
      detractor: true,
      complaintId: store.complaintRows[0]?.id,
    });
    expect(notices.sent.size).toBe(3);
  });

  it('counts the month per branch, admin and advisor exactly, and mails last month once from the report day', async () => {
    const store = scenario();
    const notices = new FakeNotices();
    for (const day of DAYS.slice(0, 4)) await runDay(store, notices, day);
    expect(store.mails).toEqual([]);
    const lines = Object.fromEntries(store.lineRows.map((line) => [line.key, line]));
    expect(Object.keys(lines).sort()).toEqual([
      // Counted on the 10th under the branch's admin, before the follow-up (admin 56) joined the visit.
      '1:55:BUDI SANTOSO:2026-11',
      '1:55:SITI:2026-11',
      '1:56:-:2026-11',
      '1:56:BUDI SANTOSO:2026-11',
    ]);
    expect(lines['1:55:BUDI SANTOSO:2026-11']).toMatchObject({ invitations: 0, responses: 0, nps: 0 });
    expect(lines['1:56:BUDI SANTOSO:2026-11']).toMatchObject({
      invitations: 1,
      responses: 1,
      responseRate: 100,
      csatMean: 5,
      nps: 100,
      promoters: 1,
      detractors: 0,
    });
    expect(lines['1:55:SITI:2026-11']).toMatchObject({
      invitations: 1,
      responses: 1,
      csatMean: 2,
      nps: -100,
      npsDetractors: 1,
      detractors: 1,
      detractorsHandled: 1,
    });
    expect(lines['1:56:-:2026-11']).toMatchObject({ invitations: 1, responses: 0, responseRate: 0, nps: 0 });

    const december = await runDay(store, notices, '2026-12-05');
    expect(december.mailsQueued).toBe(1);
    const [mail] = store.mails;
    expect(mail).toMatchObject({
      branchId: 1,
      to: 'kacab@dealer.test',
      cc: 'ak@dealer.test',
      subject: 'Evaluasi Kepuasan Pelanggan Cabang Depok November 2026',
    });
    // The branch: 3 invitations, 2 answers (66,7%), CSAT (5 + 2) / 2, NPS (1 − 1) / 2.
    expect(mail?.body).toContain(
      '<td colspan="2"><b>Cabang</b></td><td style="text-align:right"><b>3</b></td><td style="text-align:right"><b>2</b></td><td style="text-align:right"><b>66,7</b></td><td style="text-align:right"><b>3,5</b></td><td style="text-align:right"><b>0</b></td>',
    );
    const writes = store.writes;
    const again = await runDay(store, notices, '2026-12-05');
    expect(again).toMatchObject({ invited: 0, answered: 0, mailsQueued: 0, evaluationLinesUpdated: 0 });
    expect(store.writes).toBe(writes);
  });

  it('dry run: reports what it would do, writes nothing', async () => {
    const store = scenario();
    const report = await runSurveys(store, silentLogger(), request('2026-11-10'));
    const dry = scenario();
    const dryReport = await runSurveys(dryRunSurveyStore(dry), silentLogger(), request('2026-11-10'));
    expect(dry.writes).toBe(0);
    expect(dryReport).toMatchObject({
      invited: report.invited,
      links: report.links,
      evaluationLinesCreated: 0,
    });
    expect(dryReport.invited).toBe(3);
  });

  it('does nothing, and says why, without the survey', async () => {
    const store = scenario();
    store.availabilityState = 'no_addon';
    const report = await runSurveys(store, silentLogger(), request('2026-11-10'));
    expect(report).toMatchObject({ survey: 'no_addon', invited: 0 });
    expect(store.writes).toBe(0);
  });

  it('keeps the invitations for the notice sender until there is one', async () => {
    const store = scenario();
    const report = await runSurveys(store, silentLogger(), request('2026-11-10'));
    expect(report).toMatchObject({ invited: 3, links: 3, noticesPending: 3 });
    const notices = new FakeNotices();
    const later = await runSurveys(store, silentLogger(), request('2026-11-10'), notices.send);
    expect(later).toMatchObject({ invited: 0, noticesPending: 0, notices: { sent: 3 } });
  });
});

describe('the surveys job with the customer notices', () => {
  it('sends each invitation once through the shared notices (e-mail without a WhatsApp template), never to an opted-out customer', async () => {
    const store = scenario();
    const notices = new MemoryNoticeStore();
    notices.customer(1).customer(2, { optedOut: true }).customer(5);
    const send = surveyNoticeSender(notices, silentLogger(), '2026-11-10');
    const report = await runSurveys(store, silentLogger(), request('2026-11-10'), send);
    expect(report.notices).toEqual({ sent: 2, skipped: 1 });
    expect([...notices.notices.keys()].sort()).toEqual(['survey:fu:32', 'survey:wor:1', 'survey:wor:2']);
    expect([...notices.mails.values()].map((mail) => mail.to).sort()).toEqual([
      'pelanggan1@example.com',
      'pelanggan5@example.com',
    ]);
    expect([...notices.mails.values()][0]?.body).toContain('/survey/start/survey-token?answer_token=');
    expect(store.invitationRows.map((i) => i.noticeState)).toEqual(['sent', 'skipped', 'sent']);
    await runSurveys(
      store,
      silentLogger(),
      request('2026-11-11'),
      surveyNoticeSender(notices, silentLogger(), '2026-11-11'),
    );
    expect(notices.mails.size).toBe(2);
  });
});

describe('the surveys job killed at any write', () => {
  it('a re-run of the day ends where uninterrupted runs do', async () => {
    const reference = scenario();
    const referenceNotices = new FakeNotices();
    for (const day of DAYS) await runDay(reference, referenceNotices, day);
    const expected = snapshot(reference, referenceNotices);
    expect(reference.writes).toBeGreaterThan(10);
    for (let budget = 0; budget < reference.writes; budget += 1) {
      const killSwitch = { writesLeft: budget };
      const memory = scenario(killSwitch);
      const notices = new FakeNotices();
      let killed = false;
      for (const day of DAYS) {
        try {
          await runDay(memory, notices, day);
        } catch (error) {
          expect(String(error)).toContain('killed');
          killed = true;
          killSwitch.writesLeft = Number.POSITIVE_INFINITY;
          await runDay(memory, notices, day);
        }
      }
      expect(killed, `budget ${budget}`).toBe(true);
      expect(snapshot(memory, notices), `killed after ${budget} write(s)`).toEqual(expected);
    }
  });
});
