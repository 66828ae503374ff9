import { describe, expect, it } from 'vitest';
import { type DeliveryState, foldStatuses, NO_DELIVERY, sameDelivery } from './delivery.js';
import type { MessageStatus } from './webhook-events.js';

const event = (status: MessageStatus, timestamp: number, code?: number) => ({
  status,
  timestamp,
  errors: code ? [{ code, title: 'x' }] : [],
});

describe('foldStatuses', () => {
  it.each<[string, ReturnType<typeof event>[], DeliveryState]>([
    ['in order', [event('sent', 1), event('delivered', 2), event('read', 3)], 'read'],
    ['out of order', [event('read', 3), event('sent', 1), event('delivered', 2)], 'read'],
    ['read without delivered', [event('sent', 1), event('read', 3)], 'read'],
    ['duplicated', [event('delivered', 2), event('delivered', 2), event('sent', 1)], 'delivered'],
    ['failed', [event('sent', 1), event('failed', 2, 131026)], 'failed'],
    [
      'delivered to another device after a failure',
      [event('failed', 2, 131026), event('delivered', 4)],
      'delivered',
    ],
    ['nothing yet', [], 'sent'],
  ])('%s', (_name, statuses, state) => {
    expect(foldStatuses(NO_DELIVERY, statuses).state).toBe(state);
  });

  it('keeps the earliest time of each status and reads read as delivered', () => {
    const delivery = foldStatuses(NO_DELIVERY, [event('read', 30), event('sent', 10), event('read', 40)]);
    expect(delivery).toMatchObject({ sentAt: 10, deliveredAt: 30, readAt: 30 });
  });

  it('keeps the failure error, and drops it once the message reached the phone', () => {
    const failed = foldStatuses(NO_DELIVERY, [event('failed', 2, 131049)]);
    expect(failed.error?.code).toBe(131049);
    expect(foldStatuses(failed, [event('read', 5)]).error).toBeNull();
  });

  it('a duplicate webhook changes nothing recorded', () => {
    const once = foldStatuses(NO_DELIVERY, [event('sent', 1), event('delivered', 2)]);
    expect(sameDelivery(once, foldStatuses(once, [event('delivered', 2)]))).toBe(true);
    expect(sameDelivery(once, foldStatuses(once, [event('read', 3)]))).toBe(false);
  });
});
