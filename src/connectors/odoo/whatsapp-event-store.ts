import type { Logger } from '../../logging/logger.js';
import { WA_MESSAGE } from '../../module/models.js';
import { type Delivery, NO_DELIVERY } from '../../rules/whatsapp/delivery.js';
import type {
  DeliveryUpdate,
  FollowUpEffect,
  InboundToStore,
  StoredOutbound,
} from '../../rules/whatsapp/records.js';
import type { OdooClient } from './client.js';
import { throwFirstRefusal } from './client.js';
import { decodeRecord, encodeValues, fieldNames } from './schema-codec.js';
import { WhatsAppFollowUps } from './whatsapp-follow-ups.js';
import { DELIVERY_FIELDS, loadMessages, OUT_FIELDS, unixSeconds, utcText } from './whatsapp-messages.js';

/**
 * The webhook's side of Odoo: the outbox messages statuses name, the replies
 * (`WA_MESSAGE`, direction in), and their effects on follow-ups and partners.
 */
export class OdooWhatsAppEvents {
  private readonly followUps: WhatsAppFollowUps;

  constructor(
    private readonly client: OdooClient,
    timeZone: string,
    logger?: Logger,
  ) {
    this.followUps = new WhatsAppFollowUps(client, timeZone, logger);
  }

  private async outbound(domain: unknown[]): Promise<StoredOutbound[]> {
    const keys = [...OUT_FIELDS, ...DELIVERY_FIELDS] as const;
    const records = await this.client.searchRead(WA_MESSAGE.model, domain, fieldNames(WA_MESSAGE, keys), {
      order: 'id',
    });
    return records.map((record) => {
      const message = decodeRecord(WA_MESSAGE, keys, record);
      const delivery: Delivery = {
        ...NO_DELIVERY,
        sentAt: unixSeconds(message.sentAt),
        deliveredAt: unixSeconds(message.deliveredAt),
        readAt: unixSeconds(message.readAt),
        failedAt: unixSeconds(message.failedAt),
        error: message.errorCode ? { code: message.errorCode, title: message.errorTitle ?? '' } : null,
      };
      delivery.state = delivery.readAt
        ? 'read'
        : delivery.deliveredAt
          ? 'delivered'
          : delivery.failedAt
            ? 'failed'
            : 'sent';
      return {
        id: message.id,
        key: message.name ?? '',
        wamid: message.wamid,
        followUpId: message.followUpId,
        partnerId: message.partnerId,
        phone: message.phone ?? '',
        state: (message.state ?? 'queued') as StoredOutbound['state'],
        delivery,
      };
    });
  }

  outboundByWamids(wamids: readonly string[]): Promise<StoredOutbound[]> {
    return this.outbound([
      [WA_MESSAGE.f.direction, '=', 'out'],
      [WA_MESSAGE.f.wamid, 'in', [...wamids]],
    ]);
  }

  outboundByKeys(keys: readonly string[]): Promise<StoredOutbound[]> {
    return this.outbound([
      [WA_MESSAGE.f.direction, '=', 'out'],
      [WA_MESSAGE.f.name, 'in', [...keys]],
    ]);
  }

  async lastOutboundTo(phones: readonly string[]): Promise<Map<string, StoredOutbound>> {
    const messages = await this.outbound([
      [WA_MESSAGE.f.direction, '=', 'out'],
      [WA_MESSAGE.f.phone, 'in', [...phones]],
      [WA_MESSAGE.f.state, 'not in', ['queued', 'cancelled']],
    ]);
    // In id order: the last one wins.
    return new Map(messages.map((message) => [message.phone, message]));
  }

  async inboundStored(wamids: readonly string[]): Promise<Set<string>> {
    const records = await this.client.searchRead(
      WA_MESSAGE.model,
      [
        [WA_MESSAGE.f.direction, '=', 'in'],
        [WA_MESSAGE.f.wamid, 'in', [...wamids]],
      ],
      fieldNames(WA_MESSAGE, ['wamid']),
    );
    return new Set(records.map((record) => String(record[WA_MESSAGE.f.wamid])));
  }

  async recordDeliveries(updates: readonly DeliveryUpdate[]): Promise<void> {
    await loadMessages(
      this.client,
      updates.map((update) => ({
        id: update.id,
        values: update.requeue
          ? encodeValues(WA_MESSAGE, {
              state: 'queued',
              attemptedAt: null,
              wamid: null,
              errorCode: update.failure?.code ?? 0,
              errorTitle: update.failure?.title ?? null,
              errorKind: update.failure?.kind ?? null,
            })
          : encodeValues(WA_MESSAGE, {
              state: update.delivery.state,
              sentAt: update.delivery.sentAt ? utcText(update.delivery.sentAt) : null,
              deliveredAt: update.delivery.deliveredAt ? utcText(update.delivery.deliveredAt) : null,
              readAt: update.delivery.readAt ? utcText(update.delivery.readAt) : null,
              failedAt: update.delivery.failedAt ? utcText(update.delivery.failedAt) : null,
              ...(update.wamid ? { wamid: update.wamid } : {}),
              ...(update.failure
                ? {
                    errorCode: update.failure.code,
                    errorTitle: update.failure.title,
                    errorKind: update.failure.kind,
                  }
                : {}),
            }),
      })),
    );
  }

  async recordInbound(messages: readonly InboundToStore[]): Promise<void> {
    const outcomes = await this.client.create(
      WA_MESSAGE.model,
      messages.map((message) =>
        encodeValues(WA_MESSAGE, {
          name: message.wamid,
          direction: 'in',
          wamid: message.wamid,
          phone: message.phone,
          body: message.text,
          intent: message.intent,
          state: 'received',
          replyToId: message.replyToId,
          followUpId: message.followUpId,
          partnerId: message.partnerId,
          receivedAt: utcText(message.receivedAt),
        }),
      ),
    );
    throwFirstRefusal(outcomes);
  }

  applyEffects(effects: readonly FollowUpEffect[]): Promise<void> {
    return this.followUps.apply(effects);
  }
}
