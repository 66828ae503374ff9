import type { Config } from '../../config/schema.js';
import type {
  AnswerRequest,
  InvitationValues,
  NoticeState,
  StoredInvitation,
  SurveyComplaint,
  SurveyStore,
} from '../connectors/odoo/survey-store.js';
import type { Logger } from '../logging/logger.js';
import { addDays, addMonths } from '../rules/day-count.js';
import { indonesianDate } from '../rules/indonesian-date.js';
import {
  branchFigures,
  EMPTY_COUNTS,
  type EvaluationLine,
  evaluationLines,
} from '../rules/surveys/evaluation.js';
import { evaluationMail } from '../rules/surveys/evaluation-mail.js';
import {
  type InvitationPolicy,
  planInvitations,
  type SkipReason,
  visitsOf,
} from '../rules/surveys/invitations.js';
import { scoresOf } from '../rules/surveys/scores.js';
import { detractorDescription, detractorSubject, invitationEmail } from '../rules/surveys/survey-text.js';
import { type CustomerNotice, type NoticeStore, sendNotices } from './customer-notices.js';

/**
 * Hands invitations to the shared customer notices (WhatsApp template for the `survey` purpose,
 * else e-mail; opt-outs honoured; one per key, ever) and answers what became of each by key:
 * `sent` or `skipped` once recorded; a notice left pending (a run stopped) has no fate yet.
 */
export type SurveyNoticeSender = (notices: readonly CustomerNotice[]) => Promise<Map<string, NoticeState>>;

/** The sender over the customer-notice store: `sendNotices`, then each key's record. */
export function surveyNoticeSender(store: NoticeStore, logger: Logger, today: string): SurveyNoticeSender {
  return async (notices) => {
    await sendNotices(store, logger, notices, today);
    const recorded = await store.recorded(notices.map((notice) => notice.key));
    const fates = new Map<string, NoticeState>();
    for (const [key, notice] of recorded) if (notice.state !== 'pending') fates.set(key, notice.state);
    return fates;
  };
}

export interface SurveysRequest {
  today: string;
  policy: InvitationPolicy;
  /** How long a link stays open, and answers are read back, after the visit (days). */
  answerDays: number;
  /** From this day of a month on, last month's evaluation is e-mailed to each branch head. */
  reportDay: number;
}

export interface SurveysReport {
  today: string;
  /** `ready`; `no_addon`: Odoo's Surveys app is not installed; `not_installed`: run `h23-bridge install`. */
  survey: 'ready' | 'no_addon' | 'not_installed';
  visits: number;
  invited: number;
  skipped: Partial<Record<SkipReason, number>>;
  /** Odoo answer records (the links) made this run. */
  links: number;
  notices: Partial<Record<NoticeState, number>>;
  /** Notices not handed over: the customer-notice sender is not configured. */
  noticesPending: number;
  answered: number;
  detractors: number;
  complaintsOpened: number;
  evaluationLinesCreated: number;
  evaluationLinesUpdated: number;
  mailsQueued: number;
  /** Branches whose head has no e-mail: the evaluation is in Odoo only. */
  mailsWithoutAddress: string[];
}

export function surveysRequestOf(config: Pick<Config, 'surveys'>, today: string): SurveysRequest {
  const { surveys } = config;
  return {
    today,
    policy: { maxAgeDays: surveys.maxAgeDays, matchDays: surveys.matchDays },
    answerDays: surveys.answerDays,
    reportDay: surveys.reportDay,
  };
}

/** The store as it reads, writing nothing: `surveys --dry-run`. New invitations get no id. */
export function dryRunSurveyStore(store: SurveyStore): SurveyStore {
  return {
    availability: () => store.availability(),
    visits: (from, to) => store.visits(from, to),
    reach: (ids) => store.reach(ids),
    invitations: (since, keys) => store.invitations(since, keys),
    createInvitations: async () => new Map(),
    ensureAnswers: async () => new Map(),
    writeInvitations: async () => {},
    answers: (ids, survey) => store.answers(ids, survey),
    writeVisitScores: async () => {},
    complaintsOf: (ids) => store.complaintsOf(ids),
    createComplaints: async () => new Map(),
    branches: () => store.branches(),
    users: (ids) => store.users(ids),
    evaluationLines: (from) => store.evaluationLines(from),
    createEvaluationLines: async () => {},
    updateEvaluationLines: async () => {},
    mailQueued: (subject) => store.mailQueued(subject),
    queueMail: async () => {},
  };
}

export const surveyNoticeKey = (invitationKey: string): string => `survey:${invitationKey}`;
const inviteToken = (invitationId: number): string => `h23:${invitationId}`;
const monthOf = (date: string): string => `${date.slice(0, 7)}-01`;

function sameLine(a: EvaluationLine, b: EvaluationLine): boolean {
  return (
    a.invitations === b.invitations &&
    a.responses === b.responses &&
    a.csatResponses === b.csatResponses &&
    a.csatTotal === b.csatTotal &&
    a.npsResponses === b.npsResponses &&
    a.promoters === b.promoters &&
    a.passives === b.passives &&
    a.npsDetractors === b.npsDetractors &&
    a.detractors === b.detractors &&
    a.detractorsHandled === b.detractorsHandled &&
    Math.abs(a.responseRate - b.responseRate) < 0.005 &&
    Math.abs(a.csatMean - b.csatMean) < 0.005 &&
    Math.abs(a.nps - b.nps) < 0.005
  );
}

const ZERO_LINE = { ...EMPTY_COUNTS, responseRate: 0, csatMean: 0, nps: 0 };

/**
 * Satisfaction surveys after a service (SOP CRM Tahap 5, issue 15), in keyed steps so a re-run,
 * or a run killed at any write, ends as one uninterrupted run does:
 * 1. one invitation per done service (WOR, or done follow-up without one), keyed by the visit;
 * 2. Odoo's answer record behind each (found again by its invite token), its link on the invitation;
 * 3. the invitation handed to the customer-notice sender (keyed `survey:<visit>`);
 * 4. answers submitted in Odoo's survey pages read back onto the WOR, the follow-up and the
 *    invitation; a detractor gets a complaint for customer service (keyed by the invitation),
 *    the invitation marked answered last;
 * 5. the month's evaluation per branch, admin and service advisor (last month's too, whose
 *    answers still come in), and from `reportDay` on last month's e-mailed to each branch head once.
 */
export async function runSurveys(
  store: SurveyStore,
  logger: Logger,
  request: SurveysRequest,
  sendNotices?: SurveyNoticeSender,
): Promise<SurveysReport> {
  const { today, policy } = request;
  const report: SurveysReport = {
    today,
    survey: 'ready',
    visits: 0,
    invited: 0,
    skipped: {},
    links: 0,
    notices: {},
    noticesPending: 0,
    answered: 0,
    detractors: 0,
    complaintsOpened: 0,
    evaluationLinesCreated: 0,
    evaluationLinesUpdated: 0,
    mailsQueued: 0,
    mailsWithoutAddress: [],
  };
  const availability = await store.availability();
  if (availability.state !== 'ready') {
    report.survey = availability.state;
    logger.warn({ survey: availability.state }, 'satisfaction survey not available: nothing to do');
    return report;
  }
  const { survey } = availability;

  // 1. Invitations for the visits of the last days.
  const from = addDays(today, -(policy.maxAgeDays + policy.matchDays));
  const facts = await store.visits(from, today);
  const visits = visitsOf(facts.wors, facts.followUps, facts.branchAdmin, policy);
  report.visits = visits.length;
  // The invitations still open for answers, and those of the visits read.
  const answerFrom = addDays(today, -request.answerDays);
  const readFrom = answerFrom < from ? answerFrom : from;
  let stored = await store.invitations(
    readFrom,
    visits.map((visit) => visit.key),
  );
  const reach = await store.reach(
    visits.flatMap((visit) => (visit.partnerId === null ? [] : [visit.partnerId])),
  );
  const plan = planInvitations(
    visits,
    new Set(stored.map((invitation) => invitation.key)),
    new Set(stored.map((invitation) => `${invitation.partnerId}:${invitation.visitDate}`)),
    reach,
    today,
    policy,
  );
  for (const skip of plan.skipped) report.skipped[skip.reason] = (report.skipped[skip.reason] ?? 0) + 1;
  const created = await store.createInvitations(
    plan.invite.map((visit) => ({
      key: visit.key,
      partnerId: visit.partnerId as number,
      worId: visit.worId,
      followUpId: visit.followUpId,
      unitId: visit.unitId,
      branchId: visit.branchId,
      adminId: visit.adminId,
      advisor: visit.advisor,
      visitDate: visit.visitDate,
      invitedOn: today,
    })),
  );
  // As planned: a dry run creates nothing but reports what it would; a refusal throws.
  report.invited = plan.invite.length;
  // A follow-up marked done after the invitation went out joins its visit: the answer goes there too.
  const byKey = new Map(stored.map((invitation) => [invitation.key, invitation]));
  const relinks = visits.flatMap((visit) => {
    const invitation = byKey.get(visit.key);
    if (!invitation || visit.followUpId === null || invitation.followUpId !== null) return [];
    return [{ id: invitation.id, values: { followUpId: visit.followUpId, adminId: visit.adminId } }];
  });
  await store.writeInvitations(relinks);
  if (created.size > 0 || relinks.length > 0)
    stored = await store.invitations(
      readFrom,
      visits.map((visit) => visit.key),
    );

  // 2. The answer record and link of each open invitation that has none (new, or a killed run's).
  const open = stored.filter(
    (invitation) => invitation.state === 'invited' && invitation.visitDate >= answerFrom,
  );
  const unlinked = open.filter((invitation) => invitation.answerId === null || invitation.link === null);
  const requests: AnswerRequest[] = unlinked.map((invitation) => ({
    invitationId: invitation.id,
    inviteToken: inviteToken(invitation.id),
    partnerId: invitation.partnerId,
    name: reach.get(invitation.partnerId)?.name ?? null,
    email: reach.get(invitation.partnerId)?.email ?? null,
    deadline: addDays(invitation.visitDate, request.answerDays),
  }));
  const answers = await store.ensureAnswers(requests, survey);
  const linkWrites = unlinked.flatMap((invitation) => {
    const answer = answers.get(invitation.id);
    if (!answer) return [];
    const link = `${survey.baseUrl}/survey/start/${survey.token}?answer_token=${answer.token}`;
    invitation.answerId = answer.answerId;
    invitation.link = link;
    return [{ id: invitation.id, values: { answerId: answer.answerId, link } satisfies InvitationValues }];
  });
  await store.writeInvitations(linkWrites);
  // A dry run's planned invitations are not stored: their links counted as they would be made.
  report.links = requests.length + plan.invite.length - created.size;

  // 3. The invitations to the customers, once (the sender keys them too).
  const unsent = open.filter(
    (invitation) =>
      invitation.link !== null &&
      invitation.noticeState === null &&
      invitation.visitDate >= addDays(today, -policy.maxAgeDays),
  );
  if (unsent.length > 0 && sendNotices) {
    const branchNames = new Map((await store.branches()).map((branch) => [branch.id, branch.name]));
    const notices: CustomerNotice[] = unsent.map((invitation) => {
      const customerName = reach.get(invitation.partnerId)?.name ?? null;
      const branchName = invitation.branchId === null ? null : (branchNames.get(invitation.branchId) ?? null);
      const link = invitation.link as string;
      return {
        key: surveyNoticeKey(invitation.key),
        partnerId: invitation.partnerId,
        purpose: 'survey',
        values: {
          customer_name: customerName,
          link,
          branch_name: branchName,
          due_date: indonesianDate(invitation.visitDate),
        },
        email: invitationEmail(customerName, branchName, invitation.visitDate, link),
      };
    });
    const fates = await sendNotices(notices);
    const writes = unsent.flatMap((invitation) => {
      const fate = fates.get(surveyNoticeKey(invitation.key));
      if (!fate) return [];
      report.notices[fate] = (report.notices[fate] ?? 0) + 1;
      invitation.noticeState = fate;
      return [{ id: invitation.id, values: { noticeState: fate } satisfies InvitationValues }];
    });
    await store.writeInvitations(writes);
  } else report.noticesPending = unsent.length;

  // 4. Answers read back.
  const waiting = open.filter((invitation) => invitation.answerId !== null);
  const read = await store.answers(
    waiting.map((invitation) => invitation.answerId as number),
    survey,
  );
  const done = waiting.flatMap((invitation) => {
    const answer = read.get(invitation.answerId as number);
    return answer?.done ? [{ invitation, answer, scores: scoresOf(answer.lines) }] : [];
  });
  await store.writeVisitScores(
    done.map(({ invitation, scores }) => ({
      worId: invitation.worId,
      followUpId: invitation.followUpId,
      scores: { csat: scores.csat, nps: scores.nps, comment: scores.comment },
    })),
  );
  const detractors = done.filter(({ scores }) => scores.detractor);
  report.detractors = detractors.length;
  const complaints = await store.complaintsOf(detractors.map(({ invitation }) => invitation.id));
  const branches = new Map((await store.branches()).map((branch) => [branch.id, branch]));
  const toOpen: SurveyComplaint[] = detractors.flatMap(({ invitation, answer, scores }, index) => {
    if (complaints.has(invitation.id) || invitation.branchId === null) return [];
    const officers = branches.get(invitation.branchId)?.customerServiceIds ?? [];
    return [
      {
        invitationId: invitation.id,
        partnerId: invitation.partnerId,
        unitId: invitation.unitId,
        branchId: invitation.branchId,
        // Taken in turn by the branch's customer service; the care job gives them the activity.
        userId: officers.length > 0 ? (officers[(invitation.id + index) % officers.length] ?? null) : null,
        subject: detractorSubject(scores),
        description: detractorDescription(scores, invitation.visitDate, null),
        receivedAt: answer.endAt ?? `${today} 00:00:00`,
      },
    ];
  });
  const opened = await store.createComplaints(toOpen);
  report.complaintsOpened = toOpen.length;
  for (const [invitationId, complaintId] of opened) complaints.set(invitationId, complaintId);
  const answeredWrites = done.map(({ invitation, answer, scores }) => {
    const values: InvitationValues = {
      state: 'answered',
      csat: scores.csat,
      nps: scores.nps,
      npsClass: scores.npsClass,
      comment: scores.comment,
      detractor: scores.detractor,
      complaintId: complaints.get(invitation.id) ?? null,
      ...(answer.endAt ? { answeredAt: answer.endAt } : {}),
    };
    Object.assign(invitation, values, { state: 'answered' });
    return { id: invitation.id, values };
  });
  await store.writeInvitations(answeredWrites);
  report.answered = done.length;
  const without = detractors.filter(({ invitation }) => invitation.branchId === null).length;
  if (without > 0) logger.warn({ detractors: without }, 'detractors without a branch: no complaint opened');

  // 5. The evaluation of this month and last, and last month's e-mail.
  const firstMonth = addMonths(monthOf(today), -1);
  // Re-read: the handled flags are Odoo's (the complaints' stage), the answers just written.
  const invitations = (await store.invitations(firstMonth, [])).filter(
    (invitation) => invitation.visitDate >= firstMonth,
  );
  const lines = evaluationLines(invitations.map(evaluated));
  const storedLines = new Map((await store.evaluationLines(firstMonth)).map((line) => [line.key, line]));
  const creates = lines
    .filter((line) => !storedLines.has(line.key))
    .map((line) => ({ ...line, countedOn: today }));
  const updates = lines.flatMap((line) => {
    const have = storedLines.get(line.key);
    return have && !sameLine(have, line) ? [{ id: have.id, line, countedOn: today }] : [];
  });
  const produced = new Set(lines.map((line) => line.key));
  // A line whose visits have moved away (a WOR's branch corrected): zero, so the month adds up.
  for (const have of storedLines.values()) {
    if (!produced.has(have.key) && !sameLine(have, { ...have, ...ZERO_LINE }))
      updates.push({ id: have.id, line: { ...have, ...ZERO_LINE }, countedOn: today });
  }
  await store.createEvaluationLines(creates);
  await store.updateEvaluationLines(updates);
  report.evaluationLinesCreated = creates.length;
  report.evaluationLinesUpdated = updates.length;

  if (Number(today.slice(8, 10)) >= request.reportDay) {
    const lastMonth = firstMonth;
    const monthLines = lines.filter((line) => line.month === lastMonth && line.branchId !== null);
    const byBranch = new Map<number, EvaluationLine[]>();
    for (const line of monthLines)
      byBranch.set(line.branchId as number, [...(byBranch.get(line.branchId as number) ?? []), line]);
    // Each branch's mail is filed on its first line of the month (the lines just written).
    const anchors = new Map<number, number>();
    for (const line of (await store.evaluationLines(lastMonth)).sort((a, b) => a.id - b.id)) {
      if (line.month === lastMonth && line.branchId !== null && !anchors.has(line.branchId))
        anchors.set(line.branchId, line.id);
    }
    const people = await store.users([
      ...monthLines.flatMap((line) => (line.adminId === null ? [] : [line.adminId])),
      ...[...byBranch.keys()].flatMap((id) => {
        const branch = branches.get(id);
        return [branch?.headId, branch?.coordinatorId].filter(
          (user): user is number => typeof user === 'number',
        );
      }),
    ]);
    for (const [branchId, branchLines] of byBranch) {
      const branch = branches.get(branchId);
      if (!branch) continue;
      const to = branch.headId === null ? null : (people.get(branch.headId)?.email ?? null);
      if (!to) {
        report.mailsWithoutAddress.push(branch.name);
        continue;
      }
      const mail = evaluationMail(
        branch.name,
        lastMonth,
        branchFigures(branchLines),
        branchLines.map((line) => ({
          admin: line.adminId === null ? '-' : (people.get(line.adminId)?.name ?? '-'),
          line,
        })),
      );
      if (await store.mailQueued(mail.subject)) continue;
      const lineId = anchors.get(branchId);
      if (lineId === undefined) continue;
      const cc = branch.coordinatorId === null ? null : (people.get(branch.coordinatorId)?.email ?? null);
      await store.queueMail({ branchId, lineId, to, cc, subject: mail.subject, body: mail.body });
      report.mailsQueued += 1;
    }
  }

  logger.info(
    {
      today,
      visits: report.visits,
      invited: report.invited,
      links: report.links,
      notices: report.notices,
      answered: report.answered,
      detractors: report.detractors,
      complaintsOpened: report.complaintsOpened,
      evaluationLinesCreated: report.evaluationLinesCreated,
      evaluationLinesUpdated: report.evaluationLinesUpdated,
      mailsQueued: report.mailsQueued,
    },
    'satisfaction surveys',
  );
  return report;
}

function evaluated(invitation: StoredInvitation) {
  return {
    branchId: invitation.branchId,
    adminId: invitation.adminId,
    advisor: invitation.advisor,
    visitDate: invitation.visitDate,
    answered: invitation.state === 'answered',
    csat: invitation.csat,
    nps: invitation.nps,
    npsClass: invitation.npsClass,
    detractor: invitation.detractor,
    handled: invitation.handled,
  };
}
