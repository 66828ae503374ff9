import { dayNumber, isoDateOf } from '../day-count.js';
import { nextWorkingDay, type WorkCalendar } from './calendar.js';

/**
 * The KPB follow-up schedule (SOP Follow Up CRM H23, PCD/OP-MKT/0005): for each
 * free service, FU1 by WhatsApp blast, then FU2 and FU3 by WhatsApp call or
 * phone, on days counted from the purchase date. Pure: the units, the
 * follow-ups that exist, the date and the branch calendar in; the follow-ups to
 * create and to close out.
 */

export type Kpb = 1 | 2 | 3 | 4;
export type Stage = 'fu1' | 'fu2' | 'fu3';
export type Channel = 'wa_blast' | 'wa_call';
export type FollowUpState = 'todo' | 'contacted' | 'booked' | 'done' | 'closed';
export type FollowUpResult =
  | 'booked'
  | 'refused_time'
  | 'refused_distance'
  | 'refused_disappointed'
  | 'refused_other_dealer'
  | 'no_response'
  | 'unreachable'
  /** FU1's WhatsApp did not reach the customer (set by the WhatsApp channel). */
  | 'wa_failed'
  | 'already_serviced'
  | 'other';

export const KPBS: readonly Kpb[] = [1, 2, 3, 4];
export const STAGES: readonly Stage[] = ['fu1', 'fu2', 'fu3'];

/** The SOP table, in days after the purchase date. */
export const SOP_OFFSETS: Readonly<Record<Kpb, Readonly<Record<Stage, number>>>> = {
  1: { fu1: 30, fu2: 45, fu3: 53 },
  2: { fu1: 90, fu2: 105, fu3: 113 },
  3: { fu1: 210, fu2: 225, fu3: 233 },
  4: { fu1: 330, fu2: 345, fu3: 353 },
};

export interface SchedulePolicy {
  offsets: Readonly<Record<Kpb, Readonly<Record<Stage, number>>>>;
  /** Days after FU3's date with no response before the KPB is closed as "no response". */
  noResponseGraceDays: number;
  /** Move a due date that falls on a closed day to the next working day. */
  moveToWorkingDay: boolean;
}

export const SOP_POLICY: SchedulePolicy = {
  offsets: SOP_OFFSETS,
  noResponseGraceDays: 7,
  moveToWorkingDay: true,
};

export interface ScheduledUnit {
  unitId: number;
  purchaseDate: string;
  /** Dates the KPBs were done (A2 import or a done service). */
  kpbDone: Partial<Record<Kpb, string>>;
}

export interface ExistingFollowUp {
  id: number;
  unitId: number;
  kpb: Kpb;
  stage: Stage;
  state: FollowUpState;
  result: FollowUpResult | null;
  dueDate: string;
  /** The day the customer was reached (FU1's WhatsApp delivered), when no result is recorded yet. */
  contactedOn?: string | null;
}

export type ScheduleAction =
  | {
      action: 'create';
      unitId: number;
      kpb: Kpb;
      stage: Stage;
      channel: Channel;
      dueDate: string;
      key: string;
    }
  | {
      action: 'close';
      followUpId: number;
      state: 'done' | 'closed';
      reason: 'kpb_done' | 'no_response';
      /** The day the KPB service was done, when that is what ends the follow-up. */
      doneDate?: string;
    }
  /** FU1's WhatsApp reached the customer, who has not answered by FU2's date: no response, FU2 follows. */
  | { action: 'no_answer'; followUpId: number };

/** The stable key of a follow-up: one per unit, KPB and stage, whatever re-runs happen. */
export function followUpKey(unitId: number, kpb: Kpb, stage: Stage): string {
  return `unit${unitId}_kpb${kpb}_${stage}`;
}

const CHANNEL: Readonly<Record<Stage, Channel>> = { fu1: 'wa_blast', fu2: 'wa_call', fu3: 'wa_call' };
/** Results after which the SOP calls again: no answer, or the WhatsApp did not arrive. */
const CALL_AGAIN: ReadonlySet<FollowUpResult> = new Set(['no_response', 'unreachable', 'wa_failed']);
const OPEN: ReadonlySet<FollowUpState> = new Set(['todo', 'contacted', 'booked']);

const toDay = dayNumber;
const toDate = isoDateOf;

/**
 * Due-date arithmetic on day numbers, with each day's move to a working day
 * remembered: planning 100,000 units asks about the same few hundred days.
 */
class DueDays {
  private readonly moved = new Map<number, number>();

  constructor(
    private readonly policy: SchedulePolicy,
    private readonly calendar: WorkCalendar,
  ) {}

  workingDay(day: number): number {
    let found = this.moved.get(day);
    if (found === undefined) {
      found = toDay(nextWorkingDay(toDate(day), this.calendar));
      this.moved.set(day, found);
    }
    return found;
  }

  stage(purchaseDay: number, kpb: Kpb, stage: Stage): number {
    const day = purchaseDay + this.policy.offsets[kpb][stage];
    return this.policy.moveToWorkingDay ? this.workingDay(day) : day;
  }
}

function nextStage(stage: Stage): Stage | null {
  return stage === 'fu1' ? 'fu2' : stage === 'fu2' ? 'fu3' : null;
}

const STAGE_ORDER: Readonly<Record<Stage, number>> = { fu1: 0, fu2: 1, fu3: 2 };

/**
 * What the schedule asks for on `today`:
 * - a KPB already done needs no follow-up, and closes what is open for it;
 * - FU1 on its date; FU2 only after FU1 brought no response or its WhatsApp
 *   failed; FU3 only after FU2 brought none; a stage whose predecessor is still
 *   unanswered waits (its overdue activity is the admin's to finish);
 * - a unit first seen late starts at the stage due now, not with a burst of
 *   stale ones, and not at all once the KPB's window (FU3 + grace) has passed;
 * - after FU3 with no response, the KPB closes as "no response" after the grace.
 */
export function planSchedule(
  units: readonly ScheduledUnit[],
  followUps: readonly ExistingFollowUp[],
  today: string,
  policy: SchedulePolicy,
  calendar: WorkCalendar,
): ScheduleAction[] {
  const byUnitKpb = new Map<string, ExistingFollowUp[]>();
  for (const followUp of followUps) {
    const key = `${followUp.unitId}:${followUp.kpb}`;
    const list = byUnitKpb.get(key);
    if (list) list.push(followUp);
    else byUnitKpb.set(key, [followUp]);
  }
  const days = new DueDays(policy, calendar);
  const context: PlanContext = { today, todayDay: toDay(today), policy, calendar, days };
  const actions: ScheduleAction[] = [];
  for (const unit of units) {
    const purchaseDay = toDay(unit.purchaseDate);
    for (const kpb of KPBS) {
      const existing = byUnitKpb.get(`${unit.unitId}:${kpb}`) ?? [];
      if (existing.length > 1) existing.sort((a, b) => STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage]);
      planKpb(unit, purchaseDay, kpb, existing, context, actions);
    }
  }
  return actions;
}

interface PlanContext {
  today: string;
  todayDay: number;
  policy: SchedulePolicy;
  calendar: WorkCalendar;
  days: DueDays;
}

function planKpb(
  unit: ScheduledUnit,
  purchaseDay: number,
  kpb: Kpb,
  existing: readonly ExistingFollowUp[],
  { today, todayDay, policy, calendar, days }: PlanContext,
  actions: ScheduleAction[],
): void {
  if (unit.kpbDone[kpb]) {
    for (const followUp of existing) {
      if (!OPEN.has(followUp.state)) continue;
      actions.push({
        action: 'close',
        followUpId: followUp.id,
        state: followUp.state === 'booked' ? 'done' : 'closed',
        reason: 'kpb_done',
        doneDate: unit.kpbDone[kpb] as string,
      });
    }
    return;
  }
  const date = (stage: Stage) => days.stage(purchaseDay, kpb, stage);
  const windowEnd = date('fu3') + policy.noResponseGraceDays;
  /** `now`: due today (the next working day) whatever the stage's own date. */
  const create = (stage: Stage, now = false): ScheduleAction => {
    const due = now ? toDay(nextWorkingDay(today, calendar)) : date(stage);
    return {
      action: 'create',
      unitId: unit.unitId,
      kpb,
      stage,
      channel: CHANNEL[stage],
      // Created late (first seen late, or after downtime): due now, on a working day.
      dueDate: due >= todayDay ? toDate(due) : nextWorkingDay(today, calendar),
      key: followUpKey(unit.unitId, kpb, stage),
    };
  };

  const last = existing[existing.length - 1];
  if (
    last?.stage === 'fu1' &&
    last.result === null &&
    last.state === 'todo' &&
    last.contactedOn &&
    date('fu2') <= todayDay
  ) {
    actions.push({ action: 'no_answer', followUpId: last.id });
    if (todayDay <= windowEnd) actions.push(create('fu2'));
    return;
  }
  if (!last) {
    if (todayDay > windowEnd || date('fu1') > todayDay) return;
    const due = date('fu3') <= todayDay ? 'fu3' : date('fu2') <= todayDay ? 'fu2' : 'fu1';
    actions.push(create(due));
    return;
  }
  if (!last.result || !CALL_AGAIN.has(last.result)) return;
  const next = nextStage(last.stage);
  if (next) {
    // SOP 4.2.4: a WhatsApp that failed is followed by a call at once, not on FU2's own date.
    if (date(next) <= todayDay) actions.push(create(next));
    else if (last.result === 'wa_failed' && todayDay <= windowEnd) actions.push(create(next, true));
    return;
  }
  if (last.state !== 'closed' && todayDay >= windowEnd) {
    actions.push({ action: 'close', followUpId: last.id, state: 'closed', reason: 'no_response' });
  }
}
