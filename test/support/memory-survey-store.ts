import type {
  AnswerRequest,
  CustomerReach,
  EvaluationMail,
  InvitationValues,
  NewInvitation,
  StoredEvaluationLine,
  StoredInvitation,
  SurveyAnswer,
  SurveyAvailability,
  SurveyBranch,
  SurveyComplaint,
  SurveyRef,
  SurveyStore,
  VisitFacts,
  VisitScores,
} from '../../src/connectors/odoo/survey-store.js';
import type { ScoredQuestion } from '../../src/module/survey.js';
import type { EvaluationLine } from '../../src/rules/surveys/evaluation.js';
import type { DoneFollowUp, WorVisit } from '../../src/rules/surveys/invitations.js';
import type { AnswerLine } from '../../src/rules/surveys/scores.js';
import { type KillSwitch, spendWrite } from './kill-switch.js';

export const MEMORY_SURVEY: SurveyRef = {
  surveyId: 1,
  token: 'survey-token',
  baseUrl: 'https://erp.example.test',
  questions: { csat: 11, nps: 12, comment: 13 },
  scores: new Map<number, { question: ScoredQuestion; score: number }>([
    ...[1, 2, 3, 4, 5].map((score): [number, { question: ScoredQuestion; score: number }] => [
      100 + score,
      { question: 'csat', score },
    ]),
    ...Array.from({ length: 11 }, (_, score): [number, { question: ScoredQuestion; score: number }] => [
      200 + score,
      { question: 'nps', score },
    ]),
  ]),
};

export interface MemoryAnswer {
  id: number;
  partnerId: number;
  inviteToken: string;
  token: string;
  state: 'new' | 'done';
  endAt: string | null;
  lines: AnswerLine[];
}

export interface MemoryComplaint extends SurveyComplaint {
  id: number;
  stage: 'received' | 'done';
}

/**
 * The survey store in memory, for the job's offline tests: visits, customers and branches as plain
 * rows; invitations, Odoo's answers, scores on visits, complaints, evaluation lines and mails as
 * Odoo would hold them. `answer()` plays the customer submitting the survey page. Every record
 * written spends one write of the kill switch.
 */
export class MemorySurveyStore implements SurveyStore {
  availabilityState: SurveyAvailability['state'] = 'ready';
  wors: WorVisit[] = [];
  followUps: DoneFollowUp[] = [];
  branchAdmin = new Map<number, number>();
  partners = new Map<number, CustomerReach>();
  branchRows: SurveyBranch[] = [];
  userRows = new Map<number, { name: string; email: string | null }>();
  invitationRows: StoredInvitation[] = [];
  answerRows: MemoryAnswer[] = [];
  visitScores = new Map<string, VisitScores>();
  complaintRows: MemoryComplaint[] = [];
  lineRows: Array<StoredEvaluationLine & { countedOn: string }> = [];
  mails: EvaluationMail[] = [];
  writes = 0;
  private nextId = 1;

  constructor(private readonly killSwitch?: KillSwitch) {}

  private write(): void {
    spendWrite(this.killSwitch);
    this.writes += 1;
  }

  /** The customer submits the survey: CSAT, NPS and a comment, as Odoo's page would save them. */
  answer(
    partnerId: number,
    csat: number,
    nps: number,
    comment: string | null,
    endAt = '2026-11-10 09:00:00',
  ): void {
    const answer = this.answerRows.find((row) => row.partnerId === partnerId && row.state === 'new');
    if (!answer) throw new Error(`no open survey answer for partner ${partnerId}`);
    answer.state = 'done';
    answer.endAt = endAt;
    answer.lines = [
      { question: 'csat', value: csat },
      { question: 'nps', value: nps },
      ...(comment ? [{ question: 'comment' as const, value: comment }] : []),
    ];
  }

  async availability(): Promise<SurveyAvailability> {
    return this.availabilityState === 'ready'
      ? { state: 'ready', survey: MEMORY_SURVEY }
      : { state: this.availabilityState };
  }

  async visits(from: string, to: string): Promise<VisitFacts> {
    return {
      wors: this.wors.filter((wor) => wor.partnerId !== null && wor.visitDate >= from && wor.visitDate <= to),
      followUps: this.followUps.filter((f) => f.doneDate >= from && f.doneDate <= to),
      branchAdmin: new Map(this.branchAdmin),
    };
  }

  async reach(partnerIds: readonly number[]): Promise<Map<number, CustomerReach>> {
    return new Map(
      partnerIds.flatMap((id) => {
        const partner = this.partners.get(id);
        return partner ? [[id, { ...partner }] as const] : [];
      }),
    );
  }

  async invitations(since: string, keys: readonly string[]): Promise<StoredInvitation[]> {
    const wanted = new Set(keys);
    return this.invitationRows
      .filter((row) => row.visitDate >= since || wanted.has(row.key))
      .map((row) => {
        const complaint = this.complaintRows.find((c) => c.id === row.complaintId);
        return { ...row, handled: complaint?.stage === 'done' };
      });
  }

  async createInvitations(rows: readonly NewInvitation[]): Promise<Map<string, number>> {
    const made = new Map<string, number>();
    for (const row of rows) {
      this.write();
      const { invitedOn: _, ...rest } = row;
      const id = this.nextId++;
      this.invitationRows.push({
        ...rest,
        id,
        state: 'invited',
        answerId: null,
        link: null,
        noticeState: null,
        csat: null,
        nps: null,
        npsClass: null,
        comment: null,
        detractor: false,
        complaintId: null,
        handled: false,
      });
      made.set(row.key, id);
    }
    return made;
  }

  async ensureAnswers(
    rows: readonly AnswerRequest[],
    _survey: SurveyRef,
  ): Promise<Map<number, { answerId: number; token: string }>> {
    const found = new Map<number, { answerId: number; token: string }>();
    for (const row of rows) {
      let answer = this.answerRows.find((a) => a.inviteToken === row.inviteToken);
      if (!answer) {
        this.write();
        const id = this.nextId++;
        answer = {
          id,
          partnerId: row.partnerId,
          inviteToken: row.inviteToken,
          token: `token-${id}`,
          state: 'new',
          endAt: null,
          lines: [],
        };
        this.answerRows.push(answer);
      }
      found.set(row.invitationId, { answerId: answer.id, token: answer.token });
    }
    return found;
  }

  async writeInvitations(rows: ReadonlyArray<{ id: number; values: InvitationValues }>): Promise<void> {
    for (const row of rows) {
      const invitation = this.invitationRows.find((i) => i.id === row.id);
      if (!invitation) throw new Error(`no invitation ${row.id}`);
      this.write();
      const { answeredAt: _, ...values } = row.values;
      Object.assign(invitation, values);
    }
  }

  async answers(answerIds: readonly number[], _survey: SurveyRef): Promise<Map<number, SurveyAnswer>> {
    return new Map(
      this.answerRows
        .filter((row) => answerIds.includes(row.id))
        .map((row) => [
          row.id,
          { answerId: row.id, done: row.state === 'done', endAt: row.endAt, lines: [...row.lines] },
        ]),
    );
  }

  async writeVisitScores(
    rows: ReadonlyArray<{ worId: number | null; followUpId: number | null; scores: VisitScores }>,
  ): Promise<void> {
    for (const row of rows) {
      if (row.worId !== null) {
        this.write();
        this.visitScores.set(`wor:${row.worId}`, { ...row.scores });
      }
      if (row.followUpId !== null) {
        this.write();
        this.visitScores.set(`fu:${row.followUpId}`, { ...row.scores });
      }
    }
  }

  async complaintsOf(invitationIds: readonly number[]): Promise<Map<number, number>> {
    return new Map(
      this.complaintRows
        .filter((c) => invitationIds.includes(c.invitationId))
        .map((c) => [c.invitationId, c.id]),
    );
  }

  async createComplaints(rows: readonly SurveyComplaint[]): Promise<Map<number, number>> {
    const made = new Map<number, number>();
    for (const row of rows) {
      this.write();
      const id = this.nextId++;
      this.complaintRows.push({ ...row, id, stage: 'received' });
      made.set(row.invitationId, id);
    }
    return made;
  }

  async branches(): Promise<SurveyBranch[]> {
    return this.branchRows.map((branch) => ({ ...branch }));
  }

  async users(ids: readonly number[]): Promise<Map<number, { name: string; email: string | null }>> {
    return new Map(
      ids.flatMap((id) =>
        this.userRows.has(id)
          ? [[id, this.userRows.get(id) as { name: string; email: string | null }] as const]
          : [],
      ),
    );
  }

  async evaluationLines(fromMonth: string): Promise<StoredEvaluationLine[]> {
    return this.lineRows
      .filter((line) => line.month >= fromMonth)
      .map(({ countedOn: _, ...line }) => ({ ...line }));
  }

  async createEvaluationLines(rows: ReadonlyArray<EvaluationLine & { countedOn: string }>): Promise<void> {
    for (const row of rows) {
      this.write();
      this.lineRows.push({ ...row, id: this.nextId++ });
    }
  }

  async updateEvaluationLines(
    rows: ReadonlyArray<{ id: number; line: EvaluationLine; countedOn: string }>,
  ): Promise<void> {
    for (const row of rows) {
      const index = this.lineRows.findIndex((line) => line.id === row.id);
      if (index < 0) throw new Error(`no evaluation line ${row.id}`);
      this.write();
      const before = this.lineRows[index] as StoredEvaluationLine & { countedOn: string };
      this.lineRows[index] = {
        ...before,
        ...row.line,
        id: before.id,
        key: before.key,
        countedOn: row.countedOn,
      };
    }
  }

  async mailQueued(subject: string): Promise<boolean> {
    return this.mails.some((mail) => mail.subject === subject);
  }

  async queueMail(mail: EvaluationMail): Promise<void> {
    this.write();
    this.mails.push({ ...mail });
  }
}
