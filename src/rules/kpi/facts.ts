/**
 * From what Odoo holds to the counts of the KPI scorecard (seed 003, issue 16): who answered
 * which customer message, the revenue per officer, new customers, re-order follow-ups and their
 * conversion. Pure: the facts come in read, the counts go out; `scorecards.ts` scores them.
 *
 * Who a message counts for: the officer who first answered it; else the officer responsible for
 * its thread (the customer's salesperson, the lead's or order's, the complaint's officer) when it
 * went unanswered or another user answered; else nobody (the team's count only, never sampled).
 */
import { addDays } from '../day-count.js';
import type { WorkingTime } from '../working-time.js';
import type { Period } from './periods.js';
import { pairReplies, type ResponseTime, responseTime, type ThreadMessage } from './response-time.js';

export type KpiChannel = 'email' | 'whatsapp';

export interface KpiMessage {
  /** `mail:<id>` or `wa:<id>`: stable, for the sample's keys. */
  key: string;
  channel: KpiChannel;
  /** The conversation: a record's chatter (`crm.lead,12`), or a customer's WhatsApp number. */
  thread: string;
  at: number;
  direction: 'inbound' | 'outbound';
  /** The internal user who wrote an outbound message. */
  authorUserId: number | null;
}

export interface KpiThread {
  key: string;
  /** The user responsible for the thread's record, when it has one. */
  ownerUserId: number | null;
  partnerId: number | null;
}

export interface AnsweredMessage extends ResponseTime {
  key: string;
  channel: KpiChannel;
  thread: string;
  partnerId: number | null;
  replyKey: string | null;
  /** The officer it counts for; null: the team's only. */
  officerId: number | null;
  /** Replied within the fast limit (working hours), or within 1×24 jam without one. */
  fast: boolean;
}

/**
 * Each inbound message with its first reply, its response time in the working calendar, and the
 * officer it counts for. `fastHours`: KPI-2's limit in working hours (null: the 1×24 jam window).
 */
export function answeredMessages(
  messages: readonly KpiMessage[],
  threads: ReadonlyMap<string, KpiThread>,
  officers: ReadonlySet<number>,
  time: WorkingTime,
  now: number,
  fastHours: number | null,
): AnsweredMessage[] {
  const byThread = new Map<string, ThreadMessage[]>();
  const channelOf = new Map<string, KpiChannel>();
  for (const message of messages) {
    const thread = byThread.get(message.thread) ?? [];
    byThread.set(message.thread, thread);
    thread.push({
      key: message.key,
      at: message.at,
      direction: message.direction,
      author: message.authorUserId,
    });
    channelOf.set(message.key, message.channel);
  }
  const answered: AnsweredMessage[] = [];
  for (const [threadKey, thread] of byThread) {
    const info = threads.get(threadKey);
    const owner = info?.ownerUserId ?? null;
    for (const paired of pairReplies(thread)) {
      const result = responseTime(
        { receivedAt: paired.receivedAt, repliedAt: paired.reply?.at ?? null },
        time,
        now,
      );
      const author = paired.reply?.author ?? null;
      const officerId =
        author !== null && officers.has(author)
          ? author
          : owner !== null && officers.has(owner)
            ? owner
            : null;
      const fast =
        result.workingHours !== null &&
        (fastHours === null ? result.withinOneDay : result.withinOneDay && result.workingHours <= fastHours);
      // One literal shape for every message (no spread): half a million of them stay fast to read.
      answered.push({
        receivedAt: result.receivedAt,
        repliedAt: result.repliedAt,
        dueAt: result.dueAt,
        workingHours: result.workingHours,
        withinOneDay: result.withinOneDay,
        status: result.status,
        counted: result.counted,
        key: paired.key,
        channel: channelOf.get(paired.key) ?? 'email',
        thread: threadKey,
        partnerId: info?.partnerId ?? null,
        replyKey: paired.reply?.key ?? null,
        officerId,
        fast,
      });
    }
  }
  return answered.sort((a, b) => a.receivedAt - b.receivedAt || compareText(a.key, b.key));
}

/** The messages received within a period's span. */
export function receivedWithin(
  messages: readonly AnsweredMessage[],
  span: { from: number; to: number },
): AnsweredMessage[] {
  return messages.filter((message) => message.receivedAt >= span.from && message.receivedAt < span.to);
}

export interface ReplyCounts {
  messages: number;
  repliedInTime: number;
}

/** Inbound messages and those answered within 1×24 jam, per officer (null: all messages, the team). */
export function replyCounts(messages: readonly AnsweredMessage[]): Map<number | null, ReplyCounts> {
  const counts = new Map<number | null, ReplyCounts>();
  const add = (officer: number | null, message: AnsweredMessage): void => {
    const line = counts.get(officer) ?? { messages: 0, repliedInTime: 0 };
    line.messages += 1;
    if (message.withinOneDay) line.repliedInTime += 1;
    counts.set(officer, line);
  };
  for (const message of messages) {
    add(null, message);
    if (message.officerId !== null) add(message.officerId, message);
  }
  return counts;
}

/**
 * A transaction: a posted customer invoice (a credit note negative), a confirmed order, a workshop
 * visit or a unit bought here (the CDB; these two carry no amount and count for no revenue).
 */
export interface Transaction {
  source: 'invoice' | 'order' | 'visit' | 'purchase';
  partnerId: number;
  /** The salesperson; null on visits and unassigned sales. */
  userId: number | null;
  /** Dealer-local `YYYY-MM-DD`. */
  date: string;
  /** Untaxed, in the company currency. */
  amount: number;
  /** The customer's country is set and is not the company's. */
  export: boolean;
}

export interface Revenue {
  revenue: number;
  local: number;
  export: number;
}

/** Revenue (invoices or orders, not visits) within a period, per salesperson and for all (null). */
export function revenueOf(transactions: readonly Transaction[], period: Period): Map<number | null, Revenue> {
  const lines = new Map<number | null, Revenue>();
  const add = (user: number | null, sale: Transaction): void => {
    const line = lines.get(user) ?? { revenue: 0, local: 0, export: 0 };
    line.revenue += sale.amount;
    if (sale.export) line.export += sale.amount;
    else line.local += sale.amount;
    lines.set(user, line);
  };
  for (const sale of transactions) {
    if (!isSale(sale) || sale.date < period.from || sale.date > period.to) continue;
    add(null, sale);
    if (sale.userId !== null) add(sale.userId, sale);
  }
  for (const line of lines.values()) {
    line.revenue = roundMoney(line.revenue);
    line.local = roundMoney(line.local);
    line.export = roundMoney(line.export);
  }
  return lines;
}

const SOURCE_ORDER: Record<Transaction['source'], number> = { invoice: 0, order: 1, purchase: 2, visit: 3 };

/** An invoice or an order: what revenue is made of. */
function isSale(transaction: Transaction): boolean {
  return transaction.source === 'invoice' || transaction.source === 'order';
}

/**
 * KPI-4, "pelanggan yang belum pernah bertransaksi sebelumnya dalam sistem": the customers whose
 * first transaction (invoice, order or workshop visit) falls in the period, with none before
 * (`hadBefore`: the customers with one before the period's first day, from every source). Each
 * counts for the salesperson of that first transaction (null: the team only) and for the team.
 */
export function newCustomers(
  transactions: readonly Transaction[],
  period: Period,
  hadBefore: ReadonlySet<number>,
): Map<number | null, number> {
  const first = new Map<number, Transaction>();
  for (const sale of transactions) {
    if (hadBefore.has(sale.partnerId)) continue;
    if (sale.date < period.from) {
      // Read with the period's own transactions: a customer seen earlier is not new.
      first.set(sale.partnerId, { ...sale, date: '' });
      continue;
    }
    if (sale.date > period.to) continue;
    const current = first.get(sale.partnerId);
    if (!current || earlier(sale, current)) first.set(sale.partnerId, sale);
  }
  const counts = new Map<number | null, number>();
  for (const sale of first.values()) {
    if (sale.date === '') continue;
    counts.set(null, (counts.get(null) ?? 0) + 1);
    if (sale.userId !== null) counts.set(sale.userId, (counts.get(sale.userId) ?? 0) + 1);
  }
  return counts;
}

function earlier(a: Transaction, b: Transaction): boolean {
  if (a.date !== b.date) return a.date < b.date;
  // The same day: an invoice's salesperson before an order's, a sale before a visit.
  return SOURCE_ORDER[a.source] < SOURCE_ORDER[b.source];
}

/** A re-order follow-up an officer recorded: a done *Follow Up Re-Order* activity on the customer's records. */
export interface ReorderFollowUp {
  key: string;
  officerId: number;
  partnerId: number;
  /** Dealer-local date it was done. */
  date: string;
}

export interface ReorderCounts {
  /** KPI-5: customers who had bought before, followed up in the month. */
  followedUp: number;
  /** KPI-6: of them, those who ordered again within the window after their first follow-up of the month. */
  reordered: number;
}

/**
 * KPI-5 and KPI-6 of a month per officer. "Customer yang di follow up adalah customer yang sudah
 * pernah melakukan pembelian / order": a follow-up counts when the customer had a sale (invoice
 * or order) dated before it, found in `sales` or in `boughtBefore` (customers with a sale before
 * the earliest date `sales` holds). A customer counts once per officer and month, from their
 * first follow-up in it; they re-ordered when a sale is dated on that day or up to `windowDays`
 * after it.
 */
export function reorderCounts(
  followUps: readonly ReorderFollowUp[],
  sales: readonly Transaction[],
  boughtBefore: ReadonlySet<number>,
  month: Period,
  windowDays: number,
): Map<number, ReorderCounts> {
  const salesOf = new Map<number, string[]>();
  for (const sale of sales) {
    if (sale.source === 'visit') continue;
    const dates = salesOf.get(sale.partnerId) ?? [];
    dates.push(sale.date);
    salesOf.set(sale.partnerId, dates);
  }
  const firstFollowUp = new Map<string, ReorderFollowUp>();
  for (const followUp of followUps) {
    if (followUp.date < month.from || followUp.date > month.to) continue;
    const key = `${followUp.officerId}:${followUp.partnerId}`;
    const current = firstFollowUp.get(key);
    if (!current || followUp.date < current.date) firstFollowUp.set(key, followUp);
  }
  const counts = new Map<number, ReorderCounts>();
  for (const followUp of firstFollowUp.values()) {
    const dates = salesOf.get(followUp.partnerId) ?? [];
    const bought = boughtBefore.has(followUp.partnerId) || dates.some((date) => date < followUp.date);
    if (!bought) continue;
    const last = addDays(followUp.date, windowDays);
    const reordered = dates.some((date) => date >= followUp.date && date <= last);
    const line = counts.get(followUp.officerId) ?? { followedUp: 0, reordered: 0 };
    line.followedUp += 1;
    if (reordered) line.reordered += 1;
    counts.set(followUp.officerId, line);
  }
  return counts;
}

function roundMoney(value: number): number {
  return Math.round(value * 100) / 100;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
