import type { Logger } from '../logging/logger.js';
import { followUpOfMessageKey } from '../rules/whatsapp/blast.js';
import { foldStatuses, sameDelivery } from '../rules/whatsapp/delivery.js';
import { whatsAppErrorMeaning } from '../rules/whatsapp/errors.js';
import type {
  DeliveryUpdate,
  FollowUpEffect,
  InboundToStore,
  StoredOutbound,
} from '../rules/whatsapp/records.js';
import { replyIntent } from '../rules/whatsapp/reply.js';
import type { InboundEvent, StatusEvent } from '../rules/whatsapp/webhook-events.js';

export type { DeliveryUpdate, FollowUpEffect, InboundToStore, StoredOutbound };

/**
 * What the WhatsApp webhook reported, applied to Odoo in batches: deliveries
 * onto the outbox messages, and what each result means for the follow-up —
 * delivered or read: FU1 reached the customer; failed for the customer: "WA
 * gagal", FU2 due at once; a reply: the follow-up is answered (no FU2), the
 * admin gets an activity to reply and book (SOP 4.2.5); "Berhenti": the
 * customer is opted out. Events come late, twice and out of order: a status
 * already folded in and an inbound message already stored change nothing.
 */

export interface WhatsAppEventStore {
  outboundByWamids(wamids: readonly string[]): Promise<StoredOutbound[]>;
  outboundByKeys(keys: readonly string[]): Promise<StoredOutbound[]>;
  /** The last message sent to each of these numbers (E.164), for replies that quote none. */
  lastOutboundTo(phones: readonly string[]): Promise<Map<string, StoredOutbound>>;
  inboundStored(wamids: readonly string[]): Promise<Set<string>>;
  recordDeliveries(updates: readonly DeliveryUpdate[]): Promise<void>;
  recordInbound(messages: readonly InboundToStore[]): Promise<void>;
  applyEffects(effects: readonly FollowUpEffect[]): Promise<void>;
}

export interface EventsResult {
  statuses: number;
  deliveriesChanged: number;
  unknownStatuses: number;
  inbound: number;
  duplicates: number;
  unmatchedReplies: number;
  optOuts: number;
  dealerFailures: number;
  /** Messages that failed for the customer: their FU2 is due at once. */
  customerFailures: number;
}

/** Meta's wa_id is the number's digits; the bridge keeps E.164. */
function e164(waId: string): string {
  return `+${waId.replace(/\D/g, '')}`;
}

export async function applyWhatsAppEvents(
  store: WhatsAppEventStore,
  events: readonly (StatusEvent | InboundEvent)[],
  logger: Logger,
): Promise<EventsResult> {
  const result: EventsResult = {
    statuses: 0,
    deliveriesChanged: 0,
    unknownStatuses: 0,
    inbound: 0,
    duplicates: 0,
    unmatchedReplies: 0,
    optOuts: 0,
    dealerFailures: 0,
    customerFailures: 0,
  };
  const statuses = events.filter((event): event is StatusEvent => event.kind === 'status');
  const inbound = events.filter((event): event is InboundEvent => event.kind === 'inbound');
  const effects: FollowUpEffect[] = [];
  const deliveryUpdates: DeliveryUpdate[] = [];
  const inboundToStore: InboundToStore[] = [];

  if (statuses.length > 0) {
    result.statuses = statuses.length;
    const byWamid = new Map(
      (await store.outboundByWamids([...new Set(statuses.map((s) => s.wamid))])).map((m) => [m.wamid, m]),
    );
    // A message whose send reply was lost has no wamid yet: its key comes back in every status.
    const missingKeys = [
      ...new Set(
        statuses.filter((s) => !byWamid.has(s.wamid) && s.callbackData).map((s) => s.callbackData as string),
      ),
    ];
    const byKey = new Map(
      (missingKeys.length ? await store.outboundByKeys(missingKeys) : []).map((m) => [m.key, m]),
    );
    const grouped = new Map<number, { message: StoredOutbound; events: StatusEvent[]; wamid: string }>();
    for (const status of statuses) {
      const message =
        byWamid.get(status.wamid) ?? (status.callbackData ? byKey.get(status.callbackData) : undefined);
      if (!message) {
        result.unknownStatuses += 1;
        continue;
      }
      const group = grouped.get(message.id) ?? { message, events: [], wamid: status.wamid };
      group.events.push(status);
      grouped.set(message.id, group);
    }
    const updates: DeliveryUpdate[] = [];
    for (const { message, events: messageEvents, wamid } of grouped.values()) {
      const delivery = foldStatuses(message.delivery, messageEvents);
      const adopt = message.wamid === null;
      if (sameDelivery(delivery, message.delivery) && !adopt) continue;
      const update: DeliveryUpdate = { id: message.id, delivery, ...(adopt ? { wamid } : {}) };
      if (delivery.state === 'failed' && delivery.error) {
        const meaning = whatsAppErrorMeaning(delivery.error.code);
        update.failure = { code: delivery.error.code, title: delivery.error.title, kind: meaning.kind };
        if (
          meaning.kind === 'customer' &&
          message.followUpId !== null &&
          message.delivery.state !== 'failed'
        ) {
          result.customerFailures += 1;
          effects.push({
            key: `wa_failed:${message.key}`,
            effect: 'wa_failed',
            followUpId: message.followUpId,
            reason: meaning.reason,
          });
        }
        if (meaning.kind !== 'customer') {
          update.requeue = true;
          result.dealerFailures += 1;
          logger.error(
            { code: delivery.error.code, title: delivery.error.title },
            'WhatsApp failed a sent message for a dealer-side reason',
          );
        }
      }
      const reachedAt = delivery.deliveredAt ?? delivery.readAt;
      if (
        reachedAt !== null &&
        message.delivery.deliveredAt === null &&
        message.delivery.readAt === null &&
        message.followUpId !== null
      ) {
        effects.push({
          key: `reached:${message.key}`,
          effect: 'reached',
          followUpId: message.followUpId,
          at: reachedAt,
        });
      }
      updates.push(update);
    }
    deliveryUpdates.push(...updates);
    result.deliveriesChanged = updates.length;
  }

  if (inbound.length > 0) {
    const stored = await store.inboundStored(inbound.map((message) => message.wamid));
    const fresh = new Map<string, InboundEvent>();
    for (const message of inbound) {
      if (stored.has(message.wamid) || fresh.has(message.wamid)) result.duplicates += 1;
      else fresh.set(message.wamid, message);
    }
    const quoted = [
      ...new Set([...fresh.values()].flatMap((message) => (message.replyTo ? [message.replyTo] : []))),
    ];
    const byWamid = new Map(
      (quoted.length ? await store.outboundByWamids(quoted) : []).map((m) => [m.wamid, m]),
    );
    const unquoted = [
      ...new Set(
        [...fresh.values()].filter((m) => !m.replyTo || !byWamid.has(m.replyTo)).map((m) => e164(m.from)),
      ),
    ];
    const lastTo = unquoted.length ? await store.lastOutboundTo(unquoted) : new Map<string, StoredOutbound>();
    const toStore: InboundToStore[] = [];
    for (const message of [...fresh.values()].sort((a, b) => a.timestamp - b.timestamp)) {
      const phone = e164(message.from);
      const original =
        (message.replyTo ? byWamid.get(message.replyTo) : undefined) ?? lastTo.get(phone) ?? null;
      const intent = replyIntent(message);
      const followUpId = original?.followUpId ?? (original ? followUpOfMessageKey(original.key) : null);
      toStore.push({
        wamid: message.wamid,
        phone,
        receivedAt: message.timestamp,
        text: message.text,
        intent,
        replyToId: original?.id ?? null,
        followUpId,
        partnerId: original?.partnerId ?? null,
      });
      if (!original) result.unmatchedReplies += 1;
      if (intent === 'opt_out' && original?.partnerId) {
        effects.push({
          key: `opted_out:${message.wamid}`,
          effect: 'opted_out',
          partnerId: original.partnerId,
          at: message.timestamp,
        });
        result.optOuts += 1;
      } else if (followUpId !== null) {
        effects.push({
          key: `answered:${message.wamid}`,
          effect: 'answered',
          followUpId,
          text: message.text,
          intent,
          at: message.timestamp,
        });
      }
    }
    inboundToStore.push(...toStore);
    result.inbound = toStore.length;
  }

  // Effects first, then the facts that mark the events seen (see FollowUpEffect).
  if (effects.length > 0) await store.applyEffects(effects);
  if (deliveryUpdates.length > 0) await store.recordDeliveries(deliveryUpdates);
  if (inboundToStore.length > 0) await store.recordInbound(inboundToStore);
  return result;
}
