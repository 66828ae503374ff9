import { addWorkingHours, type WorkingTime } from '../working-time.js';

/**
 * Complaint service levels (SOP CRM Tahap 3): each severity has a time to acknowledge (leave
 * Diterima) and a time to deliver the solution (leave Solusi Disampaikan), in the branch's
 * working hours from when the complaint was received. A deadline that passes escalates the
 * complaint once per deadline: stage Eskalasi, an activity for the branch head and the
 * customer-service managers, a note saying what was late.
 */
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type ComplaintStage =
  | 'received'
  | 'analysis'
  | 'solution'
  | 'confirmation'
  | 'done'
  | 'escalated'
  | 'reopened';

export interface ServiceLevel {
  acknowledgeHours: number;
  solutionHours: number;
}

export type ServiceLevels = Readonly<Record<Severity, ServiceLevel>>;

/** A complaint as the service-level rule reads it; instants are UTC epoch milliseconds. */
export interface ComplaintState {
  id: number;
  stage: ComplaintStage;
  severity: Severity;
  receivedAt: number;
  acknowledgedAt: number | null;
  solvedAt: number | null;
  closedAt: number | null;
  acknowledgeDeadline: number | null;
  solutionDeadline: number | null;
  deadline: number | null;
  overdue: boolean;
  escalatedAcknowledge: boolean;
  escalatedSolution: boolean;
  solved: number;
  solvedInTime: number;
  /** When it was last reopened: the solution deadline counts from then. */
  reopenedAt: number | null;
  reopenCount: number;
  /** The customer's answer to the solution. */
  confirmation: 'satisfied' | 'not_satisfied' | null;
}

export type LateKind = 'acknowledge' | 'solution';

export interface Escalation {
  /** What was late; both when the solution deadline passed before anyone acknowledged. */
  late: LateKind[];
  deadline: number;
  stageBefore: ComplaintStage;
}

/** The values to write (only what changed) and, when a deadline passed unescalated, the escalation. */
export interface ComplaintDecision {
  id: number;
  values: Partial<Omit<ComplaintState, 'id' | 'receivedAt' | 'severity'>> & {
    stageBeforeEscalation?: ComplaintStage;
  };
  escalation?: Escalation;
}

const PRE_ACKNOWLEDGED: ReadonlySet<ComplaintStage> = new Set(['received', 'escalated']);
/** "Solusi Disampaikan": the solution reached the customer when the complaint entered that stage. */
const SOLVED: ReadonlySet<ComplaintStage> = new Set(['solution', 'confirmation', 'done']);

/**
 * What the bridge writes on one complaint at `now`. Without Odoo's Automation Rules addon the
 * stage changes are stamped here, when first seen, instead of at the moment of the change.
 */
export function decideComplaint(
  complaint: ComplaintState,
  levels: ServiceLevels,
  time: WorkingTime,
  now: number,
): ComplaintDecision {
  const values: ComplaintDecision['values'] = {};
  const level = levels[complaint.severity];
  let stage = complaint.stage;
  let reopenedAt = complaint.reopenedAt;
  // Without the automation rule, what it would have done, when first seen: a complaint closed
  // without the customer's "Puas" goes back to Konfirmasi; one reopened after a solution needs a
  // new one, counted from now.
  if (stage === 'done' && complaint.confirmation !== 'satisfied') {
    stage = complaint.confirmation === 'not_satisfied' ? 'reopened' : 'confirmation';
    values.stage = stage;
  }
  const reopening = stage === 'reopened' && (complaint.solvedAt !== null || complaint.closedAt !== null);
  if (reopening) {
    reopenedAt = now;
    values.reopenedAt = now;
    values.reopenCount = complaint.reopenCount + 1;
    if (complaint.escalatedSolution) values.escalatedSolution = false;
  }
  const acknowledgedAt = complaint.acknowledgedAt ?? (PRE_ACKNOWLEDGED.has(stage) ? null : now);
  const solvedAt = reopening ? null : (complaint.solvedAt ?? (SOLVED.has(stage) ? now : null));
  const closedAt = stage === 'done' ? (complaint.closedAt ?? now) : null;
  if (acknowledgedAt !== complaint.acknowledgedAt) values.acknowledgedAt = acknowledgedAt;
  if (solvedAt !== complaint.solvedAt) values.solvedAt = solvedAt;
  if (closedAt !== complaint.closedAt) values.closedAt = closedAt;

  const acknowledgeDeadline = addWorkingHours(complaint.receivedAt, level.acknowledgeHours, time);
  const solutionDeadline = addWorkingHours(reopenedAt ?? complaint.receivedAt, level.solutionHours, time);
  if (acknowledgeDeadline !== complaint.acknowledgeDeadline) values.acknowledgeDeadline = acknowledgeDeadline;
  if (solutionDeadline !== complaint.solutionDeadline) values.solutionDeadline = solutionDeadline;

  const pending =
    stage === 'done'
      ? null
      : acknowledgedAt === null
        ? acknowledgeDeadline
        : solvedAt === null
          ? solutionDeadline
          : null;
  if (pending !== complaint.deadline) values.deadline = pending;
  const overdue = pending !== null && now > pending;
  if (overdue !== complaint.overdue) values.overdue = overdue;

  const solved = solvedAt === null ? 0 : 1;
  const solvedInTime = solvedAt !== null && solutionDeadline !== null && solvedAt <= solutionDeadline ? 1 : 0;
  if (solved !== complaint.solved) values.solved = solved;
  if (solvedInTime !== complaint.solvedInTime) values.solvedInTime = solvedInTime;

  const decision: ComplaintDecision = { id: complaint.id, values };
  if (stage === 'done') return decision;
  const escalatedSolution = reopening ? false : complaint.escalatedSolution;
  const late: LateKind[] = [];
  if (
    acknowledgedAt === null &&
    acknowledgeDeadline !== null &&
    now > acknowledgeDeadline &&
    !complaint.escalatedAcknowledge
  )
    late.push('acknowledge');
  if (solvedAt === null && solutionDeadline !== null && now > solutionDeadline && !escalatedSolution)
    late.push('solution');
  if (late.length > 0) {
    const deadline = late.includes('solution')
      ? (solutionDeadline as number)
      : (acknowledgeDeadline as number);
    decision.escalation = { late, deadline, stageBefore: stage };
    if (late.includes('acknowledge')) values.escalatedAcknowledge = true;
    if (late.includes('solution')) values.escalatedSolution = true;
    if (stage !== 'escalated') {
      values.stage = 'escalated';
      values.stageBeforeEscalation = stage;
    }
  }
  return decision;
}

/** The dealer's defaults: hours are working hours of the branch (a working day is about 8). */
export const DEFAULT_SERVICE_LEVELS: ServiceLevels = {
  critical: { acknowledgeHours: 1, solutionHours: 8 },
  high: { acknowledgeHours: 2, solutionHours: 16 },
  medium: { acknowledgeHours: 4, solutionHours: 16 },
  low: { acknowledgeHours: 8, solutionHours: 40 },
};
