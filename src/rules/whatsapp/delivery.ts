import type { StatusEvent, WebhookError } from './webhook-events.js';

/**
 * Where a sent message stands, from every status Meta reported for it, in any
 * order and with repeats: webhooks arrive late, twice and out of order, and
 * `delivered` is skipped when the message is read at once (Meta's status
 * webhook reference). A message that reached the phone (`delivered`, `read`)
 * stays reached even if a `failed` for another of the customer's devices comes.
 */
export type DeliveryState = 'sent' | 'delivered' | 'read' | 'failed';

export interface Delivery {
  state: DeliveryState;
  /** Unix seconds of each status first seen. */
  sentAt: number | null;
  deliveredAt: number | null;
  readAt: number | null;
  failedAt: number | null;
  /** The error of the failure, when the message failed. */
  error: WebhookError | null;
}

export const NO_DELIVERY: Delivery = {
  state: 'sent',
  sentAt: null,
  deliveredAt: null,
  readAt: null,
  failedAt: null,
  error: null,
};

function earliest(current: number | null, timestamp: number): number {
  return current === null ? timestamp : Math.min(current, timestamp);
}

/** The delivery after these statuses of one message, starting from what was recorded. */
export function foldStatuses(
  recorded: Delivery,
  statuses: readonly Pick<StatusEvent, 'status' | 'timestamp' | 'errors'>[],
): Delivery {
  const next: Delivery = { ...recorded };
  for (const event of statuses) {
    if (event.status === 'sent') next.sentAt = earliest(next.sentAt, event.timestamp);
    if (event.status === 'delivered') next.deliveredAt = earliest(next.deliveredAt, event.timestamp);
    if (event.status === 'read') {
      next.readAt = earliest(next.readAt, event.timestamp);
      // Read implies delivered, at the latest when read.
      next.deliveredAt = earliest(next.deliveredAt, event.timestamp);
    }
    if (event.status === 'failed') {
      next.failedAt = earliest(next.failedAt, event.timestamp);
      next.error ??= event.errors[0] ?? { code: 0, title: '' };
    }
  }
  const reached = next.readAt !== null ? 'read' : next.deliveredAt !== null ? 'delivered' : null;
  next.state = reached ?? (next.failedAt !== null ? 'failed' : 'sent');
  if (reached) next.error = null;
  return next;
}

/** Whether these statuses change nothing recorded: a duplicate webhook writes nothing. */
export function sameDelivery(a: Delivery, b: Delivery): boolean {
  return (
    a.state === b.state &&
    a.sentAt === b.sentAt &&
    a.deliveredAt === b.deliveredAt &&
    a.readAt === b.readAt &&
    a.failedAt === b.failedAt &&
    a.error?.code === b.error?.code
  );
}
