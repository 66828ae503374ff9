/**
 * Reply times of inbound customer messages for KPI-1 and KPI-2 (seed 003, issue 16).
 *
 * The seed: "Pertanyaan dijawab dalam waktu 24 jam sejak diterima" (answered within 24 hours of
 * receipt); "Definisi 1 x 24 jam: pada hari kerja berikutnya" (by the next working day); and
 * "Jika pesan masuk di luar jam operasional (misalnya malam hari atau hari libur), maka waktu
 * respons dihitung sejak jam kerja berikutnya … jika pesan masuk Sabtu malam dan jam operasional
 * mulai Senin pukul 08.00, maka batas 24 jam dihitung dari Senin pukul 08.00."
 *
 * So a message is due at `sameTimeNextWorkingDay(received)` (working-time.ts: counting starts at
 * the next working instant, due the same clock time on the next working day), and a reply exactly
 * at that instant is within. The response time itself is the working hours between receipt and
 * reply (0 when the reply came before the clock started, e.g. on Sunday to a Saturday-night
 * message). A message with no reply is not within; while its due instant has not passed at `now`
 * it is pending, not yet a miss.
 */
import { sameTimeNextWorkingDay, type WorkingTime, workingHoursBetween } from '../working-time.js';

/**
 * - `within`: replied no later than the due instant;
 * - `late`: replied after it;
 * - `missed`: no reply and the due instant has passed at `now`;
 * - `pending`: no reply yet, the due instant not passed at `now` (not counted yet);
 * - `unmeasurable`: the branch calendar has no working time within the lookahead (a calendar error).
 */
export type ReplyStatus = 'within' | 'late' | 'missed' | 'pending' | 'unmeasurable';

export interface ResponseTime {
  receivedAt: number;
  repliedAt: number | null;
  /** The seed's "1×24 jam" deadline; null when the calendar has no working time. */
  dueAt: number | null;
  /** Working hours from receipt to reply; null without a reply. */
  workingHours: number | null;
  /** Replied no later than dueAt. */
  withinOneDay: boolean;
  status: ReplyStatus;
  /** Whether it counts in the KPI's denominator now (not pending, not unmeasurable). */
  counted: boolean;
}

/** One inbound message (instants: UTC epoch ms) and the officer's first reply after it, or null. */
export function responseTime(
  message: { receivedAt: number; repliedAt: number | null },
  time: WorkingTime,
  now: number,
): ResponseTime {
  const { receivedAt, repliedAt } = message;
  requireFinite('receivedAt', receivedAt);
  requireFinite('now', now);
  if (repliedAt !== null) {
    requireFinite('repliedAt', repliedAt);
    if (repliedAt < receivedAt) {
      throw new RangeError(
        `Expected the reply at or after the message (${new Date(receivedAt).toISOString()}), got ${new Date(repliedAt).toISOString()}`,
      );
    }
  }
  const dueAt = sameTimeNextWorkingDay(receivedAt, time);
  const workingHours = repliedAt === null ? null : workingHoursBetween(receivedAt, repliedAt, time);
  const withinOneDay = dueAt !== null && repliedAt !== null && repliedAt <= dueAt;
  const status: ReplyStatus =
    dueAt === null
      ? 'unmeasurable'
      : repliedAt !== null
        ? withinOneDay
          ? 'within'
          : 'late'
        : now <= dueAt
          ? 'pending'
          : 'missed';
  return {
    receivedAt,
    repliedAt,
    dueAt,
    workingHours,
    withinOneDay,
    status,
    counted: status !== 'pending' && status !== 'unmeasurable',
  };
}

/** A message of a thread: inbound from the customer, outbound from an officer. */
export interface ThreadMessage {
  key: string;
  at: number;
  direction: 'inbound' | 'outbound';
  /** Who wrote it (an officer's user id on outbound messages); passed through. */
  author?: number | null;
}

export interface PairedMessage {
  key: string;
  receivedAt: number;
  reply: { key: string; at: number; author: number | null } | null;
}

/**
 * Each inbound message with its first reply: the first outbound message after it in time
 * (messages at the same instant keep their given order). Several inbound messages before one
 * reply all get that reply: a customer writing three times before the officer answers had all
 * three answered by that one reply. Returned in time order.
 */
export function pairReplies(messages: readonly ThreadMessage[]): PairedMessage[] {
  for (const message of messages) requireFinite(`the instant of message ${message.key}`, message.at);
  // Array.prototype.sort is stable: equal instants keep the thread's order.
  const ordered = [...messages].sort((a, b) => a.at - b.at);
  const paired: PairedMessage[] = [];
  let reply: PairedMessage['reply'] = null;
  for (let i = ordered.length - 1; i >= 0; i -= 1) {
    const message = ordered[i];
    if (!message) continue;
    if (message.direction === 'outbound') {
      reply = { key: message.key, at: message.at, author: message.author ?? null };
    } else {
      paired.push({ key: message.key, receivedAt: message.at, reply });
    }
  }
  return paired.reverse();
}

export interface ResponseCounts {
  within: number;
  late: number;
  missed: number;
  pending: number;
  unmeasurable: number;
  /** within + late + missed: what a KPI counts now. */
  counted: number;
  /** within / counted; null when nothing is counted. */
  withinShare: number | null;
}

export function countResponses(results: readonly ResponseTime[]): ResponseCounts {
  const counts = { within: 0, late: 0, missed: 0, pending: 0, unmeasurable: 0 };
  for (const result of results) counts[result.status] += 1;
  const counted = counts.within + counts.late + counts.missed;
  return { ...counts, counted, withinShare: counted === 0 ? null : counts.within / counted };
}

function requireFinite(name: string, instant: number): void {
  if (!Number.isFinite(instant))
    throw new RangeError(`Expected ${name} to be a finite instant, got ${instant}`);
}
