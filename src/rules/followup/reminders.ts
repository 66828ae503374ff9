import { addDays, addMonths, dayNumber } from '../day-count.js';
import type { Segment } from '../loyalty/segments.js';
import { nextWorkingDay, type WorkCalendar } from './calendar.js';
import type { FollowUpResult, FollowUpState } from './schedule.js';

/**
 * After KPB 4 (SOP Customer Relationship Management, stage 4): nothing brings a customer
 * back but these. A regular-service reminder every few months (or sooner, by the odometer
 * the last A2 row recorded) from the customer's last service, while they are Aktif or
 * Loyal; a win-back follow-up once they turn Berisiko. Follow-ups like the KPB ones (same
 * outcome rules, offers and daily summary), with their own stages, and never more than one
 * open per customer: none while a KPB follow-up of theirs is open either. Pure.
 */

export type ReminderStage = 'service' | 'winback';

export interface ReminderPolicy {
  /** Months between regular services (Honda's "setiap 2 bulan"). */
  intervalMonths: number;
  /** Kilometres between regular services; with the odometer known, a reminder comes when either is due first. */
  intervalKm: number | null;
  /** Days after its due date an unanswered reminder rests, so that the next one can come. */
  noResponseGraceDays: number;
  winBack: boolean;
  moveToWorkingDay: boolean;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  intervalMonths: 2,
  intervalKm: 2000,
  noResponseGraceDays: 14,
  winBack: true,
  moveToWorkingDay: true,
};

export interface ReminderUnit {
  unitId: number;
  engineNumber: string;
  modelName: string | null;
  branchId: number | null;
  purchaseDate: string;
  kpb4Date: string | null;
  /** The odometer of the unit's latest A2 row, and that row's day. */
  lastKm: number | null;
  lastKmDate: string | null;
}

export interface ReminderCustomer {
  partnerId: number;
  /** As the nightly segments stored them. */
  segment: Segment | null;
  lastService: string | null;
  units: readonly ReminderUnit[];
  /** A KPB follow-up of theirs is open: the KPB call comes first. */
  kpbOpen: boolean;
}

export interface StoredReminder {
  id: number;
  partnerId: number;
  unitId: number;
  stage: ReminderStage;
  state: FollowUpState;
  result: FollowUpResult | null;
  dueDate: string;
  /** The last service the reminder was counted from. */
  lastService: string | null;
}

export type ReminderAction =
  | {
      action: 'create';
      key: string;
      partnerId: number;
      unitId: number;
      branchId: number | null;
      stage: ReminderStage;
      dueDate: string;
      lastService: string;
    }
  | {
      action: 'close';
      followUpId: number;
      state: 'done' | 'closed';
      reason: 'serviced' | 'no_response' | 'stale';
      doneDate?: string;
    };

const OPEN: ReadonlySet<FollowUpState> = new Set(['todo', 'contacted', 'booked']);

/** The stable key of a reminder: its customer, stage, the service it counts from and its day. */
export function reminderKey(
  partnerId: number,
  stage: ReminderStage,
  lastService: string,
  dueDate: string,
): string {
  return `partner${partnerId}_${stage}_${lastService}_${dueDate}`;
}

/** Days between regular services by the odometer: the unit's km per day from purchase to its last reading. */
function kmStepDays(unit: ReminderUnit, intervalKm: number | null): number | null {
  if (intervalKm === null || unit.lastKm === null || unit.lastKmDate === null || unit.lastKm <= 0)
    return null;
  const days = dayNumber(unit.lastKmDate) - dayNumber(unit.purchaseDate);
  if (days <= 0) return null;
  return Math.max(7, Math.ceil(intervalKm / (unit.lastKm / days)));
}

/**
 * The n-th regular-service day after `anchor`: every `intervalMonths`, or every `kmDays` when
 * the odometer says the unit reaches the interval's kilometres sooner.
 */
function serviceDay(anchor: string, n: number, policy: ReminderPolicy, kmDays: number | null): string {
  const byMonths = addMonths(anchor, n * policy.intervalMonths);
  if (kmDays === null) return byMonths;
  const byKm = addDays(anchor, n * kmDays);
  return byKm < byMonths ? byKm : byMonths;
}

/** The customer's unit a reminder is about: past KPB 4 (or its window), the most recently bought first. */
function reminderUnit(customer: ReminderCustomer, today: string): ReminderUnit | null {
  const past = customer.units.filter(
    (unit) => unit.kpb4Date !== null || addDays(unit.purchaseDate, 365) <= today,
  );
  if (past.length === 0) return null;
  return (
    [...past].sort((a, b) => b.purchaseDate.localeCompare(a.purchaseDate) || b.unitId - a.unitId)[0] ?? null
  );
}

/**
 * What the reminders ask for on `today`, customer by customer:
 * - an open reminder closes once the customer was serviced after the service it counts from
 *   (`done` when it was booked), or rests after its grace without an answer; a booked one whose
 *   service never came rests once the next interval has passed;
 * - with none open and no KPB follow-up open, a customer Aktif or Loyal whose unit is past KPB 4
 *   gets the reminder due now, counted from their last service (one first seen late gets the one
 *   due now, not a burst of stale ones); a customer Berisiko gets one win-back per lapse;
 * - Hilang and Belum Pernah Servis get nothing: the win-back was their last call.
 */
export function planReminders(
  customers: readonly ReminderCustomer[],
  stored: readonly StoredReminder[],
  today: string,
  policy: ReminderPolicy,
  calendarOf: (branchId: number | null) => WorkCalendar,
): ReminderAction[] {
  const byPartner = new Map<number, StoredReminder[]>();
  for (const reminder of stored) {
    const list = byPartner.get(reminder.partnerId);
    if (list) list.push(reminder);
    else byPartner.set(reminder.partnerId, [reminder]);
  }
  const actions: ReminderAction[] = [];
  for (const customer of customers) {
    const own = byPartner.get(customer.partnerId) ?? [];
    let open = false;
    for (const reminder of own) {
      if (!OPEN.has(reminder.state)) continue;
      const close = closing(reminder, customer, today, policy);
      if (close) actions.push(close);
      else open = true;
    }
    if (open || customer.kpbOpen || customer.lastService === null) continue;
    const unit = reminderUnit(customer, today);
    if (!unit) continue;
    const working = (day: string) =>
      policy.moveToWorkingDay ? nextWorkingDay(day, calendarOf(unit.branchId)) : day;
    const anchor = customer.lastService;
    const counted = own.filter((r) => r.lastService === anchor);
    const create = (stage: ReminderStage, dueDate: string): void => {
      actions.push({
        action: 'create',
        key: reminderKey(customer.partnerId, stage, anchor, dueDate),
        partnerId: customer.partnerId,
        unitId: unit.unitId,
        branchId: unit.branchId,
        stage,
        dueDate,
        lastService: anchor,
      });
    };
    if (customer.segment === 'at_risk') {
      // One win-back per lapse: counted from the last service, due the day it is first planned.
      if (policy.winBack && !counted.some((r) => r.stage === 'winback')) create('winback', working(today));
      continue;
    }
    if (customer.segment !== 'active' && customer.segment !== 'loyal') continue;
    // The regular service due now: the latest day that has come. Its reminder is made once: any
    // reminder counted from the same service and due on or after that day is it.
    const kmDays = kmStepDays(unit, policy.intervalKm);
    let due: string | null = null;
    for (let n = 1; n <= 240; n += 1) {
      const day = serviceDay(anchor, n, policy, kmDays);
      if (day > today) break;
      due = day;
    }
    if (due === null) continue;
    const serviceDue = due;
    if (counted.some((r) => r.stage === 'service' && r.dueDate >= serviceDue)) continue;
    // A day long past (a customer first seen late) is asked today, not backdated past its grace.
    create('service', working(addDays(serviceDue, policy.noResponseGraceDays) < today ? today : serviceDue));
  }
  return actions;
}

function closing(
  reminder: StoredReminder,
  customer: ReminderCustomer,
  today: string,
  policy: ReminderPolicy,
): Extract<ReminderAction, { action: 'close' }> | null {
  if (
    customer.lastService !== null &&
    (reminder.lastService === null || customer.lastService > reminder.lastService)
  ) {
    return {
      action: 'close',
      followUpId: reminder.id,
      state: reminder.state === 'booked' ? 'done' : 'closed',
      reason: 'serviced',
      doneDate: customer.lastService,
    };
  }
  if (reminder.state === 'booked') {
    // A booking whose service never came: the outcomes' no-show asks the admin; the reminder rests a cycle later.
    return addMonths(reminder.dueDate, policy.intervalMonths) < today
      ? { action: 'close', followUpId: reminder.id, state: 'closed', reason: 'stale' }
      : null;
  }
  return addDays(reminder.dueDate, policy.noResponseGraceDays) < today
    ? { action: 'close', followUpId: reminder.id, state: 'closed', reason: 'no_response' }
    : null;
}
