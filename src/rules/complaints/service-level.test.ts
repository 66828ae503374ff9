import { describe, expect, it } from 'vitest';
import { type AttendanceSpan, workingTime } from '../working-time.js';
import { type ComplaintState, DEFAULT_SERVICE_LEVELS, decideComplaint } from './service-level.js';

// Monday–Saturday 08:00–12:00 and 13:00–17:00 in Jakarta (WIB = UTC+7).
const attendance: AttendanceSpan[] = [1, 2, 3, 4, 5, 6].flatMap((weekday) => [
  { weekday, from: 8, to: 12 },
  { weekday, from: 13, to: 17 },
]);
const time = workingTime({ timeZone: 'Asia/Jakarta', attendance, closed: [], worksCutiBersama: false });
const wib = (local: string) => Date.parse(`${local}+07:00`);

const complaint = (values: Partial<ComplaintState> = {}): ComplaintState => ({
  id: 1,
  stage: 'received',
  severity: 'medium',
  // Monday 2026-03-02 08:00: medium = acknowledge in 4 working hours, solve in 16.
  receivedAt: wib('2026-03-02T08:00:00'),
  acknowledgedAt: null,
  solvedAt: null,
  closedAt: null,
  acknowledgeDeadline: null,
  solutionDeadline: null,
  deadline: null,
  overdue: false,
  escalatedAcknowledge: false,
  escalatedSolution: false,
  solved: 0,
  solvedInTime: 0,
  reopenedAt: null,
  reopenCount: 0,
  confirmation: null,
  ...values,
});

const ACK = wib('2026-03-02T12:00:00');
const SOLVE = wib('2026-03-03T17:00:00');

describe('decideComplaint', () => {
  it.each([
    [
      'a new complaint gets its deadlines; the next is acknowledging',
      complaint(),
      wib('2026-03-02T09:00:00'),
      { acknowledgeDeadline: ACK, solutionDeadline: SOLVE, deadline: ACK },
      undefined,
    ],
    [
      'still in Diterima a minute past its acknowledge deadline: escalated, stage Eskalasi',
      complaint({ acknowledgeDeadline: ACK, solutionDeadline: SOLVE, deadline: ACK }),
      wib('2026-03-02T12:01:00'),
      { overdue: true, escalatedAcknowledge: true, stage: 'escalated', stageBeforeEscalation: 'received' },
      { late: ['acknowledge'], deadline: ACK, stageBefore: 'received' },
    ],
    [
      'already escalated for acknowledging: not again',
      complaint({
        stage: 'escalated',
        acknowledgeDeadline: ACK,
        solutionDeadline: SOLVE,
        deadline: ACK,
        overdue: true,
        escalatedAcknowledge: true,
      }),
      wib('2026-03-02T15:00:00'),
      {},
      undefined,
    ],
    [
      'acknowledged in time: the next deadline is the solution',
      complaint({
        stage: 'analysis',
        acknowledgedAt: wib('2026-03-02T10:00:00'),
        acknowledgeDeadline: ACK,
        solutionDeadline: SOLVE,
        deadline: ACK,
      }),
      wib('2026-03-02T13:00:00'),
      { deadline: SOLVE },
      undefined,
    ],
    [
      'in Analisis past the solution deadline: escalated for the solution',
      complaint({
        stage: 'analysis',
        acknowledgedAt: wib('2026-03-02T10:00:00'),
        acknowledgeDeadline: ACK,
        solutionDeadline: SOLVE,
        deadline: SOLVE,
      }),
      wib('2026-03-04T08:30:00'),
      { overdue: true, escalatedSolution: true, stage: 'escalated', stageBeforeEscalation: 'analysis' },
      { late: ['solution'], deadline: SOLVE, stageBefore: 'analysis' },
    ],
    [
      'nobody acknowledged it and the solution deadline passed too: one escalation for both',
      complaint({ acknowledgeDeadline: ACK, solutionDeadline: SOLVE, deadline: ACK }),
      wib('2026-03-04T09:00:00'),
      {
        overdue: true,
        escalatedAcknowledge: true,
        escalatedSolution: true,
        stage: 'escalated',
        stageBeforeEscalation: 'received',
      },
      { late: ['acknowledge', 'solution'], deadline: SOLVE, stageBefore: 'received' },
    ],
    [
      'solved in time and closed: counted in time, no deadline left',
      complaint({
        stage: 'done',
        confirmation: 'satisfied',
        acknowledgedAt: wib('2026-03-02T10:00:00'),
        solvedAt: wib('2026-03-03T11:00:00'),
        closedAt: wib('2026-03-03T16:00:00'),
        acknowledgeDeadline: ACK,
        solutionDeadline: SOLVE,
        deadline: SOLVE,
      }),
      wib('2026-03-05T09:00:00'),
      { deadline: null, solved: 1, solvedInTime: 1 },
      undefined,
    ],
    [
      'solved late: counted late',
      complaint({
        stage: 'confirmation',
        acknowledgedAt: wib('2026-03-02T10:00:00'),
        solvedAt: wib('2026-03-04T09:00:00'),
        acknowledgeDeadline: ACK,
        solutionDeadline: SOLVE,
        deadline: SOLVE,
        escalatedSolution: true,
      }),
      wib('2026-03-04T10:00:00'),
      { deadline: null, solved: 1 },
      undefined,
    ],
    [
      'without the automation rule, a stage change is stamped when the bridge first sees it',
      complaint({ stage: 'analysis', acknowledgeDeadline: ACK, solutionDeadline: SOLVE, deadline: ACK }),
      wib('2026-03-02T11:00:00'),
      { acknowledgedAt: wib('2026-03-02T11:00:00'), deadline: SOLVE },
      undefined,
    ],
    [
      'received on Saturday evening: counted from Monday 08:00',
      complaint({ receivedAt: wib('2026-03-07T19:30:00') }),
      wib('2026-03-07T20:00:00'),
      {
        acknowledgeDeadline: wib('2026-03-09T12:00:00'),
        solutionDeadline: wib('2026-03-10T17:00:00'),
        deadline: wib('2026-03-09T12:00:00'),
      },
      undefined,
    ],
  ])('%s', (_case, state, now, values, escalation) => {
    const decision = decideComplaint(state, DEFAULT_SERVICE_LEVELS, time, now);
    expect(decision.values).toEqual(values);
    expect(decision.escalation).toEqual(escalation);
  });

  it.each([
    [
      'closed without the customer’s “Puas” (no automation rule): back to Konfirmasi',
      complaint({
        stage: 'done',
        acknowledgedAt: wib('2026-03-02T10:00:00'),
        solvedAt: wib('2026-03-03T11:00:00'),
        closedAt: wib('2026-03-03T16:00:00'),
        acknowledgeDeadline: ACK,
        solutionDeadline: SOLVE,
        solved: 1,
        solvedInTime: 1,
      }),
      { stage: 'confirmation', closedAt: null },
    ],
    [
      'in Solusi Disampaikan: the solution reached the customer, in time',
      complaint({
        stage: 'solution',
        acknowledgedAt: wib('2026-03-02T10:00:00'),
        acknowledgeDeadline: ACK,
        solutionDeadline: SOLVE,
        deadline: SOLVE,
      }),
      { solvedAt: wib('2026-03-03T09:00:00'), deadline: null, solved: 1, solvedInTime: 1 },
    ],
  ])('%s', (_case, state, values) => {
    expect(decideComplaint(state, DEFAULT_SERVICE_LEVELS, time, wib('2026-03-03T09:00:00')).values).toEqual(
      values,
    );
  });

  it('reopened after its solution: a new solution deadline from the reopening, escalated again only when that passes', () => {
    const reopened = complaint({
      stage: 'reopened',
      acknowledgedAt: wib('2026-03-02T10:00:00'),
      solvedAt: wib('2026-03-03T11:00:00'),
      acknowledgeDeadline: ACK,
      solutionDeadline: SOLVE,
      escalatedSolution: true,
      solved: 1,
      solvedInTime: 1,
    });
    const now = wib('2026-03-05T09:00:00');
    const decision = decideComplaint(reopened, DEFAULT_SERVICE_LEVELS, time, now);
    // 16 working hours from Thursday 09:00: 7 on Thursday, 8 on Friday, Saturday 09:00.
    expect(decision.values).toMatchObject({
      reopenedAt: now,
      reopenCount: 1,
      escalatedSolution: false,
      solvedAt: null,
      solutionDeadline: wib('2026-03-07T09:00:00'),
      deadline: wib('2026-03-07T09:00:00'),
      solved: 0,
      solvedInTime: 0,
    });
    expect(decision.escalation).toBeUndefined();
    const later = decideComplaint(
      { ...reopened, ...decision.values, solvedAt: null, closedAt: null } as typeof reopened,
      DEFAULT_SERVICE_LEVELS,
      time,
      wib('2026-03-07T11:00:00'),
    );
    expect(later.escalation?.late).toEqual(['solution']);
    expect(later.values.reopenCount).toBeUndefined();
  });

  it('the service level of a severity is the dealer’s: critical acknowledges within 1 working hour', () => {
    const decision = decideComplaint(complaint({ severity: 'critical' }), DEFAULT_SERVICE_LEVELS, time, ACK);
    expect(decision.values.acknowledgeDeadline).toBe(wib('2026-03-02T09:00:00'));
    expect(decision.escalation?.late).toEqual(['acknowledge']);
  });
});
