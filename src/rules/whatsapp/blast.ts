/**
 * Which FU1s go out by WhatsApp today (SOP 4.2.3: FU1 is a WhatsApp blast).
 * Meta caps how many different customers a business reaches outside a
 * customer-service window in a rolling 24 hours (the messaging limit tier:
 * 250, 2,000, 10,000, 100,000 or unlimited); when the day's FU1s exceed what
 * is left, the oldest due go first and the rest wait for the next days.
 * A customer who opted out gets nothing on any channel; a follow-up without a
 * number WhatsApp can take fails at once, so FU2 (a call) is due.
 */

export interface DueFirstContact {
  followUpId: number;
  /** `YYYY-MM-DD`. */
  dueDate: string;
  partnerId: number | null;
  /** E.164 (`+6281…`) when the customer's number is valid, else null. */
  phone: string | null;
  optedOut: boolean;
}

export interface MessagingLimit {
  /** Unique customers per rolling 24 hours; null when unlimited. */
  perDay: number | null;
  /** Customers already reached in the last 24 hours outside a customer-service window. */
  reachedLast24h: number;
  /** E.164 numbers with an open customer-service window (they wrote in the last 24 hours): they do not count. */
  openWindows: ReadonlySet<string>;
}

export interface QueuedMessage {
  /** The outbox key: one FU1 message per follow-up, whatever re-runs happen. */
  key: string;
  followUpId: number;
  partnerId: number | null;
  phone: string;
}

export interface BlastPlan {
  queue: QueuedMessage[];
  /** Over the messaging limit: left for the next days, oldest due first then. */
  deferred: number[];
  /** No number WhatsApp can take: "WA gagal", FU2 due. */
  noPhone: number[];
  /** Opted out: no message on any channel. */
  optedOut: number[];
  /** Already in the outbox (sent, queued or uncertain): never queued twice. */
  alreadyQueued: number[];
}

/** The outbox key of a follow-up's FU1 message; it travels in `biz_opaque_callback_data`. */
export function firstContactMessageKey(followUpId: number): string {
  return `h23:fu1:${followUpId}`;
}

/** The follow-up an outbox key belongs to, or null for a key the bridge did not make. */
export function followUpOfMessageKey(key: string): number | null {
  const match = /^h23:fu1:([1-9]\d*)$/.exec(key);
  return match ? Number(match[1]) : null;
}

export function planBlast(
  due: readonly DueFirstContact[],
  inOutbox: ReadonlySet<string>,
  limit: MessagingLimit,
): BlastPlan {
  const plan: BlastPlan = { queue: [], deferred: [], noPhone: [], optedOut: [], alreadyQueued: [] };
  const ordered = [...due].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.followUpId - b.followUpId);
  let left =
    limit.perDay === null ? Number.POSITIVE_INFINITY : Math.max(0, limit.perDay - limit.reachedLast24h);
  // A customer counts once however many of their units are due.
  const counted = new Set<string>();
  for (const contact of ordered) {
    const key = firstContactMessageKey(contact.followUpId);
    if (inOutbox.has(key)) {
      plan.alreadyQueued.push(contact.followUpId);
    } else if (contact.optedOut) {
      plan.optedOut.push(contact.followUpId);
    } else if (!contact.phone) {
      plan.noPhone.push(contact.followUpId);
    } else if (counted.has(contact.phone) || limit.openWindows.has(contact.phone)) {
      plan.queue.push({
        key,
        followUpId: contact.followUpId,
        partnerId: contact.partnerId,
        phone: contact.phone,
      });
    } else if (left > 0) {
      left -= 1;
      counted.add(contact.phone);
      plan.queue.push({
        key,
        followUpId: contact.followUpId,
        partnerId: contact.partnerId,
        phone: contact.phone,
      });
    } else {
      plan.deferred.push(contact.followUpId);
    }
  }
  return plan;
}

/**
 * The queue in the order it goes, FU1s first (their plan already kept them within the
 * messaging limit), then customer notices while the limit has room: a notice to a customer not
 * reached in the last 24 hours and without an open service window counts against it, and what
 * has no room waits in the queue for the next run. FU1s wait too while there is no FU1 template.
 */
export function withinLimit<M extends { noticeId: number | null; phone: string }>(
  queued: readonly M[],
  hasFirstContactTemplate: boolean,
  perDay: number | null,
  reach: { reached: number; openWindows: Set<string> },
): { sendable: M[]; deferredNotices: number; waitingForTemplate: number } {
  const firstContacts = queued.filter((message) => message.noticeId === null);
  const notices = queued.filter((message) => message.noticeId !== null);
  const sendable = hasFirstContactTemplate ? [...firstContacts] : [];
  const counted = new Set(sendable.map((message) => message.phone));
  let reached = reach.reached + [...counted].filter((phone) => !reach.openWindows.has(phone)).length;
  let deferredNotices = 0;
  for (const notice of notices) {
    const free = reach.openWindows.has(notice.phone) || counted.has(notice.phone);
    if (!free && perDay !== null && reached >= perDay) {
      deferredNotices += 1;
      continue;
    }
    if (!free) {
      counted.add(notice.phone);
      reached += 1;
    }
    sendable.push(notice);
  }
  return {
    sendable,
    deferredNotices,
    waitingForTemplate: hasFirstContactTemplate ? 0 : firstContacts.length,
  };
}
