import { BRANCH, COMPLAINT, FOLLOWUP, SURVEY_INVITATION, SURVEY_MONTH, WOR } from '../../module/models.js';
import {
  MAIL,
  SURVEY,
  SURVEY_ADDON,
  SURVEY_USER_INPUT,
  SURVEY_USER_INPUT_LINE,
  USERS,
} from '../../module/odoo-models.js';
import { type ScoredQuestion, SURVEY_SCORED_ANSWERS, SURVEY_XMLIDS } from '../../module/survey.js';
import type { EvaluationLine } from '../../rules/surveys/evaluation.js';
import type { DoneFollowUp, Reach, WorVisit } from '../../rules/surveys/invitations.js';
import type { AnswerLine, NpsClass } from '../../rules/surveys/scores.js';
import type { OdooClient } from './client.js';
import { throwFirstRefusal } from './client.js';
import { resolveXmlids } from './external-ids.js';
import { loadGrouped } from './grouped-writes.js';
import { readCustomers } from './partner-consent.js';
import { decodeRecord, encodeValues, fieldNames, type ValuesOf } from './schema-codec.js';
import { installedAddons } from './webhook-rule-store.js';

/**
 * What the surveys job reads and writes (issue 15): the bridge's survey in Odoo's Surveys app,
 * the workshop visits (WORs reconciled to a customer, done follow-ups), the customers' reach,
 * the invitations (one per visit, keyed) with Odoo's answer behind each, the answers read back,
 * the complaints of detractors, the monthly evaluation and its e-mail. Odoo's names stay here;
 * dates are dealer dates `YYYY-MM-DD`.
 */

/** The bridge's survey as installed: ids of its questions, and the score of each scored answer. */
export interface SurveyRef {
  surveyId: number;
  /** The survey's part of the link. */
  token: string;
  /** Odoo's root URL for links (`web.base.url`). */
  baseUrl: string;
  questions: { csat: number; nps: number; comment: number };
  /** Suggested answer id → its question and score. */
  scores: ReadonlyMap<number, { question: ScoredQuestion; score: number }>;
}

export type SurveyAvailability =
  | { state: 'ready'; survey: SurveyRef }
  /** Odoo's Surveys app is not installed. */
  | { state: 'no_addon' }
  /** The app is installed, the module's survey is not (yet): `h23-bridge install`. */
  | { state: 'not_installed' };

export interface VisitFacts {
  wors: WorVisit[];
  followUps: DoneFollowUp[];
  /** Each branch's first CRM admin: the admin a WOR without a follow-up answers to. */
  branchAdmin: Map<number, number>;
}

export interface CustomerReach extends Reach {
  name: string | null;
  email: string | null;
}

export type NoticeState = 'sent' | 'failed' | 'skipped';

export interface StoredInvitation {
  id: number;
  key: string;
  partnerId: number;
  worId: number | null;
  followUpId: number | null;
  unitId: number | null;
  branchId: number | null;
  adminId: number | null;
  advisor: string | null;
  visitDate: string;
  state: 'invited' | 'answered';
  answerId: number | null;
  link: string | null;
  noticeState: NoticeState | null;
  csat: number | null;
  nps: number | null;
  npsClass: NpsClass | null;
  comment: string | null;
  detractor: boolean;
  complaintId: number | null;
  handled: boolean;
}

export type NewInvitation = Pick<
  StoredInvitation,
  'key' | 'partnerId' | 'worId' | 'followUpId' | 'unitId' | 'branchId' | 'adminId' | 'advisor' | 'visitDate'
> & { invitedOn: string };

export type InvitationValues = Partial<
  Pick<
    StoredInvitation,
    | 'state'
    | 'answerId'
    | 'link'
    | 'noticeState'
    | 'csat'
    | 'nps'
    | 'npsClass'
    | 'comment'
    | 'detractor'
    | 'complaintId'
    | 'followUpId'
    | 'adminId'
  > & { answeredAt: string }
>;

export interface AnswerRequest {
  invitationId: number;
  /** Found again by it: `h23:<invitation id>`. */
  inviteToken: string;
  partnerId: number;
  name: string | null;
  email: string | null;
  /** The last day the link opens (dealer date): until 23:59:59 WIB (16:59:59 UTC). */
  deadline: string;
}

export interface SurveyAnswer {
  answerId: number;
  done: boolean;
  /** When the customer submitted (UTC `YYYY-MM-DD HH:MM:SS`). */
  endAt: string | null;
  lines: AnswerLine[];
}

export interface VisitScores {
  csat: number | null;
  nps: number | null;
  comment: string | null;
}

export interface SurveyComplaint {
  invitationId: number;
  partnerId: number;
  unitId: number | null;
  branchId: number;
  userId: number | null;
  subject: string;
  description: string;
  /** UTC `YYYY-MM-DD HH:MM:SS`. */
  receivedAt: string;
}

export interface SurveyBranch {
  id: number;
  name: string;
  headId: number | null;
  coordinatorId: number | null;
  customerServiceIds: number[];
}

export interface StoredEvaluationLine extends EvaluationLine {
  id: number;
}

export interface EvaluationMail {
  branchId: number;
  /** The evaluation line the mail is filed on (the branch's first of the month): the bridge may write there, not on the branch. */
  lineId: number;
  to: string;
  cc: string | null;
  subject: string;
  body: string;
}

export interface SurveyStore {
  availability(): Promise<SurveyAvailability>;
  /** WORs reconciled to a customer visited in [from, to], done follow-ups done in [from, to]. */
  visits(from: string, to: string): Promise<VisitFacts>;
  reach(partnerIds: readonly number[]): Promise<Map<number, CustomerReach>>;
  /** Invitations whose visit is on or after `since`, or whose key is among `keys`. */
  invitations(since: string, keys: readonly string[]): Promise<StoredInvitation[]>;
  /** Creates invitations by key, returns key → id. */
  createInvitations(rows: readonly NewInvitation[]): Promise<Map<string, number>>;
  /** Odoo's answer record per invitation: the one made before (by invite token), else a new one. */
  ensureAnswers(
    rows: readonly AnswerRequest[],
    survey: SurveyRef,
  ): Promise<Map<number, { answerId: number; token: string }>>;
  writeInvitations(rows: ReadonlyArray<{ id: number; values: InvitationValues }>): Promise<void>;
  answers(answerIds: readonly number[], survey: SurveyRef): Promise<Map<number, SurveyAnswer>>;
  /** The scores onto the visit's WOR and follow-up. */
  writeVisitScores(
    rows: ReadonlyArray<{ worId: number | null; followUpId: number | null; scores: VisitScores }>,
  ): Promise<void>;
  /** Complaints opened from these invitations: invitation id → complaint id. */
  complaintsOf(invitationIds: readonly number[]): Promise<Map<number, number>>;
  createComplaints(rows: readonly SurveyComplaint[]): Promise<Map<number, number>>;
  branches(): Promise<SurveyBranch[]>;
  users(ids: readonly number[]): Promise<Map<number, { name: string; email: string | null }>>;
  /** Stored evaluation lines of the months from `fromMonth` (first day) on. */
  evaluationLines(fromMonth: string): Promise<StoredEvaluationLine[]>;
  createEvaluationLines(rows: ReadonlyArray<EvaluationLine & { countedOn: string }>): Promise<void>;
  updateEvaluationLines(
    rows: ReadonlyArray<{ id: number; line: EvaluationLine; countedOn: string }>,
  ): Promise<void>;
  /** Whether the e-mail with this subject (branch and month) is queued already. */
  mailQueued(subject: string): Promise<boolean>;
  queueMail(mail: EvaluationMail): Promise<void>;
}

const INVITATION_READ = [
  'key',
  'partnerId',
  'worId',
  'followUpId',
  'unitId',
  'branch',
  'adminId',
  'advisor',
  'visitDate',
  'state',
  'answerId',
  'link',
  'noticeState',
  'csat',
  'nps',
  'npsClass',
  'comment',
  'detractor',
  'complaintId',
  'handled',
] as const;

const LINE_COUNTS = [
  'invitations',
  'responses',
  'csatResponses',
  'csatTotal',
  'npsResponses',
  'promoters',
  'passives',
  'npsDetractors',
  'detractors',
  'detractorsHandled',
  'responseRate',
  'csatMean',
  'nps',
] as const;
const LINE_READ = ['key', 'month', 'branch', 'adminId', 'advisor', ...LINE_COUNTS] as const;

/** WOR states after reconciliation: the customer is known. */
const RECONCILED_STATES = ['matched', 'done'];

function lineValues(line: EvaluationLine, countedOn: string): ValuesOf<typeof SURVEY_MONTH> {
  const values: ValuesOf<typeof SURVEY_MONTH> = { countedOn };
  for (const key of LINE_COUNTS) values[key] = line[key];
  return values;
}

/** Integers have no empty value in Odoo: an absent score is written 0 (the state tells). */
function invitationValues(values: InvitationValues): ValuesOf<typeof SURVEY_INVITATION> {
  const { answerId, csat, nps, ...rest } = values;
  return {
    ...rest,
    ...(answerId !== undefined ? { answerId: answerId ?? 0 } : {}),
    ...(csat !== undefined ? { csat: csat ?? 0 } : {}),
    ...(nps !== undefined ? { nps: nps ?? 0 } : {}),
  };
}

export class OdooSurveyStore implements SurveyStore {
  constructor(private readonly client: OdooClient) {}

  async availability(): Promise<SurveyAvailability> {
    if (!(await installedAddons(this.client, [SURVEY_ADDON])).has(SURVEY_ADDON)) return { state: 'no_addon' };
    const xmlids = [
      SURVEY_XMLIDS.survey,
      SURVEY_XMLIDS.csat,
      SURVEY_XMLIDS.nps,
      SURVEY_XMLIDS.comment,
      ...SURVEY_SCORED_ANSWERS.map((answer) => answer.xmlid),
    ];
    const refs = await resolveXmlids(this.client, xmlids);
    const id = (xmlid: string) => refs.get(xmlid)?.id;
    const surveyId = id(SURVEY_XMLIDS.survey);
    const [csat, nps, comment] = [id(SURVEY_XMLIDS.csat), id(SURVEY_XMLIDS.nps), id(SURVEY_XMLIDS.comment)];
    if (!surveyId || !csat || !nps || !comment) return { state: 'not_installed' };
    const [raw] = await this.client.read(SURVEY.model, [surveyId], fieldNames(SURVEY, ['accessToken']));
    const token = raw ? decodeRecord(SURVEY, ['accessToken'], raw).accessToken : null;
    if (!token) return { state: 'not_installed' };
    // `get_base_url` (every model, 17–19) answers `web.base.url`, which only Settings may read.
    const baseUrl = String(
      await this.client.call<string>(SURVEY.model, 'get_base_url', [[surveyId]]),
    ).replace(/\/+$/, '');
    const scores = new Map<number, { question: ScoredQuestion; score: number }>();
    for (const answer of SURVEY_SCORED_ANSWERS) {
      const answerId = id(answer.xmlid);
      if (answerId) scores.set(answerId, { question: answer.question, score: answer.score });
    }
    return {
      state: 'ready',
      survey: { surveyId, token, baseUrl, questions: { csat, nps, comment }, scores },
    };
  }

  async visits(from: string, to: string): Promise<VisitFacts> {
    const worRead = [
      'visitDate',
      'partnerId',
      'carrierPartnerId',
      'carrierIsOwner',
      'unitId',
      'branch',
      'advisor',
    ] as const;
    const wors = (
      await this.client.searchRead(
        WOR.model,
        [
          [WOR.f.state, 'in', RECONCILED_STATES],
          [WOR.f.partnerId, '!=', false],
          [WOR.f.visitDate, '>=', from],
          [WOR.f.visitDate, '<=', to],
        ],
        fieldNames(WOR, worRead),
        { idsOnly: true },
      )
    ).map((raw) => decodeRecord(WOR, worRead, raw));
    const followRead = ['doneDate', 'partnerId', 'unitId', 'branch', 'adminId'] as const;
    const followUps = (
      await this.client.searchRead(
        FOLLOWUP.model,
        [
          [FOLLOWUP.f.state, '=', 'done'],
          [FOLLOWUP.f.doneDate, '>=', from],
          [FOLLOWUP.f.doneDate, '<=', to],
        ],
        fieldNames(FOLLOWUP, followRead),
        { idsOnly: true },
      )
    ).map((raw) => decodeRecord(FOLLOWUP, followRead, raw));
    const branches = (
      await this.client.searchRead(BRANCH.model, [], fieldNames(BRANCH, ['crmAdminIds']), { idsOnly: true })
    ).map((raw) => decodeRecord(BRANCH, ['crmAdminIds'], raw));
    const branchAdmin = new Map<number, number>();
    for (const branch of branches) {
      const first = [...branch.crmAdminIds].sort((a, b) => a - b)[0];
      if (first !== undefined) branchAdmin.set(branch.id, first);
    }
    return {
      wors: wors.map((wor) => ({
        worId: wor.id,
        visitDate: wor.visitDate ?? from,
        // The person at the workshop saw the service: the carrier when not the owner.
        partnerId: (!wor.carrierIsOwner && wor.carrierPartnerId) || wor.partnerId,
        unitId: wor.unitId,
        branchId: wor.branch,
        advisor: wor.advisor,
      })),
      followUps: followUps.map((followUp) => ({
        followUpId: followUp.id,
        doneDate: followUp.doneDate ?? from,
        partnerId: followUp.partnerId,
        unitId: followUp.unitId,
        branchId: followUp.branch,
        adminId: followUp.adminId,
      })),
      branchAdmin,
    };
  }

  /** Name, e-mail and consent as every channel reads them (Odoo's phone blacklist included). */
  async reach(partnerIds: readonly number[]): Promise<Map<number, CustomerReach>> {
    const customers = await readCustomers(this.client, partnerIds);
    return new Map(
      [...customers].map(([id, customer]) => [
        id,
        {
          name: customer.name,
          email: customer.email,
          reachable:
            (customer.phone ?? '').replace(/\D/g, '').length >= 9 || Boolean(customer.email?.includes('@')),
          optedOut: customer.optedOut,
        },
      ]),
    );
  }

  async invitations(since: string, keys: readonly string[]): Promise<StoredInvitation[]> {
    const domain =
      keys.length > 0
        ? ['|', [SURVEY_INVITATION.f.visitDate, '>=', since], [SURVEY_INVITATION.f.key, 'in', [...keys]]]
        : [[SURVEY_INVITATION.f.visitDate, '>=', since]];
    const rows = await this.client.searchRead(
      SURVEY_INVITATION.model,
      domain,
      fieldNames(SURVEY_INVITATION, INVITATION_READ),
      {
        idsOnly: true,
        order: 'id asc',
      },
    );
    return rows.map((raw) => {
      const row = decodeRecord(SURVEY_INVITATION, INVITATION_READ, raw);
      return {
        id: row.id,
        key: row.key ?? '',
        partnerId: row.partnerId ?? 0,
        worId: row.worId,
        followUpId: row.followUpId,
        unitId: row.unitId,
        branchId: row.branch,
        adminId: row.adminId,
        advisor: row.advisor,
        visitDate: row.visitDate ?? since,
        state: row.state === 'answered' ? 'answered' : 'invited',
        answerId: row.answerId > 0 ? row.answerId : null,
        link: row.link,
        noticeState: (row.noticeState as NoticeState | null) ?? null,
        // Read only where answered: an unanswered NPS is not 0.
        csat: row.state === 'answered' && row.csat > 0 ? row.csat : null,
        nps: row.state === 'answered' && row.npsClass !== null ? row.nps : null,
        npsClass: (row.npsClass as NpsClass | null) ?? null,
        comment: row.comment,
        detractor: row.detractor,
        complaintId: row.complaintId,
        handled: row.handled,
      };
    });
  }

  async createInvitations(rows: readonly NewInvitation[]): Promise<Map<string, number>> {
    if (rows.length === 0) return new Map();
    const outcomes = await this.client.create(
      SURVEY_INVITATION.model,
      rows.map((row) =>
        encodeValues(SURVEY_INVITATION, {
          key: row.key,
          partnerId: row.partnerId,
          worId: row.worId,
          followUpId: row.followUpId,
          unitId: row.unitId,
          branch: row.branchId,
          adminId: row.adminId,
          advisor: row.advisor,
          visitDate: row.visitDate,
          invitedOn: row.invitedOn,
          state: 'invited',
        }),
      ),
    );
    throwFirstRefusal(outcomes);
    return new Map(
      outcomes.flatMap((outcome) =>
        outcome.id ? [[rows[outcome.index]?.key ?? '', outcome.id] as const] : [],
      ),
    );
  }

  async ensureAnswers(
    rows: readonly AnswerRequest[],
    survey: SurveyRef,
  ): Promise<Map<number, { answerId: number; token: string }>> {
    const found = new Map<number, { answerId: number; token: string }>();
    if (rows.length === 0) return found;
    const read = ['inviteToken', 'accessToken'] as const;
    const byToken = new Map(rows.map((row) => [row.inviteToken, row]));
    const existing = await this.client.searchRead(
      SURVEY_USER_INPUT.model,
      [
        [SURVEY_USER_INPUT.f.survey, '=', survey.surveyId],
        [SURVEY_USER_INPUT.f.inviteToken, 'in', [...byToken.keys()]],
      ],
      fieldNames(SURVEY_USER_INPUT, read),
    );
    for (const raw of existing) {
      const answer = decodeRecord(SURVEY_USER_INPUT, read, raw);
      const row = answer.inviteToken ? byToken.get(answer.inviteToken) : undefined;
      if (row && answer.accessToken)
        found.set(row.invitationId, { answerId: answer.id, token: answer.accessToken });
    }
    const missing = rows.filter((row) => !found.has(row.invitationId));
    if (missing.length > 0) {
      // What `_create_answer` gives a partner without a user (survey_survey.py, 17–19).
      const outcomes = await this.client.create(
        SURVEY_USER_INPUT.model,
        missing.map((row) =>
          encodeValues(SURVEY_USER_INPUT, {
            survey: survey.surveyId,
            partner: row.partnerId,
            email: row.email,
            nickname: row.name,
            inviteToken: row.inviteToken,
            deadline: `${row.deadline} 16:59:59`,
            testEntry: false,
          }),
        ),
      );
      throwFirstRefusal(outcomes);
      const ids = outcomes.flatMap((outcome) => (outcome.id ? [outcome.id] : []));
      const made = await this.client.read(SURVEY_USER_INPUT.model, ids, fieldNames(SURVEY_USER_INPUT, read));
      for (const raw of made) {
        const answer = decodeRecord(SURVEY_USER_INPUT, read, raw);
        const row = answer.inviteToken ? byToken.get(answer.inviteToken) : undefined;
        if (row && answer.accessToken)
          found.set(row.invitationId, { answerId: answer.id, token: answer.accessToken });
      }
    }
    return found;
  }

  async writeInvitations(rows: ReadonlyArray<{ id: number; values: InvitationValues }>): Promise<void> {
    if (rows.length === 0) return;
    // Each invitation's link and state differ: one load per set of fields, not a write each.
    const { outcomes } = await loadGrouped(
      this.client,
      SURVEY_INVITATION.model,
      rows.map((row) => ({
        id: row.id,
        values: encodeValues(SURVEY_INVITATION, invitationValues(row.values)),
      })),
    );
    throwFirstRefusal(outcomes);
  }

  async answers(answerIds: readonly number[], survey: SurveyRef): Promise<Map<number, SurveyAnswer>> {
    const result = new Map<number, SurveyAnswer>();
    if (answerIds.length === 0) return result;
    const read = ['state', 'endDatetime'] as const;
    const inputs = await this.client.read(
      SURVEY_USER_INPUT.model,
      [...answerIds],
      fieldNames(SURVEY_USER_INPUT, read),
    );
    for (const raw of inputs) {
      const input = decodeRecord(SURVEY_USER_INPUT, read, raw);
      result.set(input.id, {
        answerId: input.id,
        done: input.state === 'done',
        endAt: input.endDatetime,
        lines: [],
      });
    }
    const done = [...result.values()].filter((answer) => answer.done).map((answer) => answer.answerId);
    if (done.length === 0) return result;
    const lineRead = ['userInput', 'question', 'suggestedAnswer', 'textBox', 'skipped'] as const;
    const lines = await this.client.searchRead(
      SURVEY_USER_INPUT_LINE.model,
      [[SURVEY_USER_INPUT_LINE.f.userInput, 'in', done]],
      fieldNames(SURVEY_USER_INPUT_LINE, lineRead),
      { idsOnly: true },
    );
    for (const raw of lines) {
      const line = decodeRecord(SURVEY_USER_INPUT_LINE, lineRead, raw);
      const answer = line.userInput === null ? undefined : result.get(line.userInput);
      if (!answer || line.skipped) continue;
      if (line.question === survey.questions.comment && line.textBox) {
        answer.lines.push({ question: 'comment', value: line.textBox });
        continue;
      }
      const scored = line.suggestedAnswer === null ? undefined : survey.scores.get(line.suggestedAnswer);
      if (scored && line.question === survey.questions[scored.question])
        answer.lines.push({ question: scored.question, value: scored.score });
    }
    return result;
  }

  async writeVisitScores(
    rows: ReadonlyArray<{ worId: number | null; followUpId: number | null; scores: VisitScores }>,
  ): Promise<void> {
    const values = (scores: VisitScores) => ({
      surveyAnswered: true,
      surveyCsat: scores.csat ?? 0,
      surveyNps: scores.nps ?? 0,
      surveyComment: scores.comment,
    });
    const wors = rows.flatMap((row) =>
      row.worId ? [{ id: row.worId, values: encodeValues(WOR, values(row.scores)) }] : [],
    );
    const followUps = rows.flatMap((row) =>
      row.followUpId ? [{ id: row.followUpId, values: encodeValues(FOLLOWUP, values(row.scores)) }] : [],
    );
    // Every visit's scores differ: one load per model, not a write per visit.
    if (wors.length) throwFirstRefusal((await loadGrouped(this.client, WOR.model, wors)).outcomes);
    if (followUps.length)
      throwFirstRefusal((await loadGrouped(this.client, FOLLOWUP.model, followUps)).outcomes);
  }

  async complaintsOf(invitationIds: readonly number[]): Promise<Map<number, number>> {
    if (invitationIds.length === 0) return new Map();
    const rows = await this.client.searchRead(
      COMPLAINT.model,
      [[COMPLAINT.f.surveyInvitationId, 'in', [...invitationIds]]],
      fieldNames(COMPLAINT, ['surveyInvitationId']),
      { idsOnly: true, order: 'id asc' },
    );
    const found = new Map<number, number>();
    for (const raw of rows) {
      const row = decodeRecord(COMPLAINT, ['surveyInvitationId'], raw);
      if (row.surveyInvitationId !== null && !found.has(row.surveyInvitationId))
        found.set(row.surveyInvitationId, row.id);
    }
    return found;
  }

  async createComplaints(rows: readonly SurveyComplaint[]): Promise<Map<number, number>> {
    if (rows.length === 0) return new Map();
    const outcomes = await this.client.create(
      COMPLAINT.model,
      rows.map((row) =>
        encodeValues(COMPLAINT, {
          surveyInvitationId: row.invitationId,
          partnerId: row.partnerId,
          unitId: row.unitId,
          branch: row.branchId,
          userId: row.userId,
          subject: row.subject,
          description: row.description,
          channel: 'survey',
          category: 'service',
          severity: 'medium',
          receivedAt: row.receivedAt,
        }),
      ),
    );
    throwFirstRefusal(outcomes);
    return new Map(
      outcomes.flatMap((outcome) =>
        outcome.id ? [[rows[outcome.index]?.invitationId ?? 0, outcome.id] as const] : [],
      ),
    );
  }

  async branches(): Promise<SurveyBranch[]> {
    const read = ['name', 'headId', 'areaCoordinatorId', 'customerServiceIds'] as const;
    const rows = await this.client.searchRead(BRANCH.model, [], fieldNames(BRANCH, read), { idsOnly: true });
    return rows.map((raw) => {
      const branch = decodeRecord(BRANCH, read, raw);
      return {
        id: branch.id,
        name: branch.name ?? '',
        headId: branch.headId,
        coordinatorId: branch.areaCoordinatorId,
        customerServiceIds: [...branch.customerServiceIds].sort((a, b) => a - b),
      };
    });
  }

  async users(ids: readonly number[]): Promise<Map<number, { name: string; email: string | null }>> {
    const read = ['name', 'email'] as const;
    const rows =
      ids.length === 0 ? [] : await this.client.read(USERS.model, [...new Set(ids)], fieldNames(USERS, read));
    return new Map(
      rows.map((raw) => {
        const user = decodeRecord(USERS, read, raw);
        return [user.id, { name: user.name ?? '', email: user.email }];
      }),
    );
  }

  async evaluationLines(fromMonth: string): Promise<StoredEvaluationLine[]> {
    const rows = await this.client.searchRead(
      SURVEY_MONTH.model,
      [[SURVEY_MONTH.f.month, '>=', fromMonth]],
      fieldNames(SURVEY_MONTH, LINE_READ),
      { idsOnly: true },
    );
    return rows.map((raw) => {
      const row = decodeRecord(SURVEY_MONTH, LINE_READ, raw);
      return {
        id: row.id,
        key: row.key ?? '',
        month: row.month ?? fromMonth,
        branchId: row.branch,
        adminId: row.adminId,
        advisor: row.advisor,
        invitations: row.invitations,
        responses: row.responses,
        csatResponses: row.csatResponses,
        csatTotal: row.csatTotal,
        npsResponses: row.npsResponses,
        promoters: row.promoters,
        passives: row.passives,
        npsDetractors: row.npsDetractors,
        detractors: row.detractors,
        detractorsHandled: row.detractorsHandled,
        responseRate: row.responseRate,
        csatMean: row.csatMean,
        nps: row.nps,
      };
    });
  }

  async createEvaluationLines(rows: ReadonlyArray<EvaluationLine & { countedOn: string }>): Promise<void> {
    if (rows.length === 0) return;
    const outcomes = await this.client.create(
      SURVEY_MONTH.model,
      rows.map((row) =>
        encodeValues(SURVEY_MONTH, {
          key: row.key,
          month: row.month,
          branch: row.branchId,
          adminId: row.adminId,
          advisor: row.advisor,
          ...lineValues(row, row.countedOn),
        }),
      ),
    );
    throwFirstRefusal(outcomes);
  }

  async updateEvaluationLines(
    rows: ReadonlyArray<{ id: number; line: EvaluationLine; countedOn: string }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    const { outcomes } = await loadGrouped(
      this.client,
      SURVEY_MONTH.model,
      rows.map((row) => ({
        id: row.id,
        values: encodeValues(SURVEY_MONTH, lineValues(row.line, row.countedOn)),
      })),
    );
    throwFirstRefusal(outcomes);
  }

  async mailQueued(subject: string): Promise<boolean> {
    const queued = await this.client.searchCount(MAIL.model, [
      [MAIL.f.resModel, '=', SURVEY_MONTH.model],
      [MAIL.f.subject, '=', subject],
    ]);
    return queued > 0;
  }

  async queueMail(mail: EvaluationMail): Promise<void> {
    await this.client.createOne(
      MAIL.model,
      encodeValues(MAIL, {
        subject: mail.subject,
        body: mail.body,
        to: mail.to,
        ...(mail.cc ? { cc: mail.cc } : {}),
        resModel: SURVEY_MONTH.model,
        resId: mail.lineId,
        autoDelete: false,
      }),
    );
  }
}
