import type {
  DueFirstContactRecord,
  FirstContactChange,
  FirstContactTemplate,
  NewOutboxMessage,
  OutboxMessage,
  OutboxResult,
  WhatsAppOutboxStore,
} from '../../jobs/whatsapp-blast.js';
import type {
  DeliveryUpdate,
  FollowUpEffect,
  InboundToStore,
  StoredOutbound,
  WhatsAppEventStore,
} from '../../jobs/whatsapp-events.js';
import { ACTIVITY_TYPES } from '../../module/activity-types.js';
import { modelXmlid } from '../../module/model-spec.js';
import { BRANCH, FOLLOWUP, UNIT, WA_MESSAGE, WA_TEMPLATE } from '../../module/models.js';
import { ACTIVITY, MESSAGE, ODOO_XMLIDS, PARTNER } from '../../module/odoo-models.js';
import { normalizePhone } from '../../rules/import/normalize.js';
import { localDate } from '../../rules/local-time.js';
import { type Delivery, NO_DELIVERY } from '../../rules/whatsapp/delivery.js';
import type { ParameterSource } from '../../rules/whatsapp/message-text.js';
import {
  OPTED_OUT_FEEDBACK,
  REPLY_ACTIVITY_SUMMARY,
  replyActivityNote,
} from '../../rules/whatsapp/reply-text.js';
import { chunk } from './batching.js';
import type { OdooClient } from './client.js';
import { resolveXmlids } from './external-ids.js';
import { loadUpdates } from './keyed-records.js';
import { partnerPhonesOf } from './partner-phones.js';
import { decodeRecord, encodeValues, fieldInfoOf, fieldNames, fieldPath } from './schema-codec.js';

/**
 * The WhatsApp outbox and replies (`WA_MESSAGE`), templates (`WA_TEMPLATE`) and
 * what they change on follow-ups and partners, as the blast and webhook jobs
 * see them. Writes are grouped: a blast of 1,000 messages costs a few calls
 * per chunk, never one per message.
 */

const OUT_FIELDS = [
  'name',
  'followUpId',
  'partnerId',
  'phone',
  'parameters',
  'state',
  'wamid',
  'attemptedAt',
] as const;
const DELIVERY_FIELDS = ['sentAt', 'deliveredAt', 'readAt', 'failedAt', 'errorCode', 'errorTitle'] as const;
const PARAMETER_KEYS = ['param1', 'param2', 'param3', 'param4', 'param5', 'param6'] as const;

/** Odoo keeps datetimes as UTC text; webhooks give Unix seconds. */
function utcText(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

function seconds(text: string | null): number | null {
  return text ? Math.floor(Date.parse(`${text.replace(' ', 'T')}Z`) / 1000) : null;
}

function parametersOf(text: string | null): string[] {
  try {
    const parsed: unknown = JSON.parse(text ?? '[]');
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

export class OdooWhatsAppStore implements WhatsAppOutboxStore, WhatsAppEventStore {
  constructor(
    private readonly client: OdooClient,
    /** The dealer's IANA zone: a reply's day is the dealer's day. */
    private readonly timeZone: string,
  ) {}

  async firstContactTemplate(): Promise<FirstContactTemplate | null> {
    const keys = ['name', 'language', 'category', 'body', ...PARAMETER_KEYS] as const;
    const f = WA_TEMPLATE.f;
    const [record] = await this.client.searchRead(
      WA_TEMPLATE.model,
      [
        [f.active, '=', true],
        [f.purpose, '=', 'fu1'],
        [f.status, '=', 'APPROVED'],
      ],
      fieldNames(WA_TEMPLATE, keys),
      { limit: 1, order: 'id' },
    );
    if (!record) return null;
    const template = decodeRecord(WA_TEMPLATE, keys, record);
    const sources: ParameterSource[] = [];
    for (const key of PARAMETER_KEYS) {
      const source = template[key];
      if (!source) break;
      sources.push(source as ParameterSource);
    }
    return {
      id: template.id,
      name: template.name ?? '',
      language: template.language ?? 'id',
      category: template.category === 'marketing' ? 'marketing' : 'utility',
      body: template.body ?? '',
      sources,
    };
  }

  async dueFirstContacts(today: string): Promise<DueFirstContactRecord[]> {
    const f = FOLLOWUP.f;
    const keys = ['dueDate', 'partnerId', 'unitId', 'branch', 'kpb'] as const;
    const followUps: Array<ReturnType<typeof decodeRecord<typeof FOLLOWUP, (typeof keys)[number]>>> = [];
    for await (const page of this.client.searchPages(
      FOLLOWUP.model,
      [
        [f.stage, '=', 'fu1'],
        [f.channel, '=', 'wa_blast'],
        [f.state, '=', 'todo'],
        [f.result, '=', false],
        [f.dueDate, '<=', today],
      ],
      fieldNames(FOLLOWUP, keys),
    )) {
      for (const record of page) followUps.push(decodeRecord(FOLLOWUP, keys, record));
    }
    if (followUps.length === 0) return [];
    const units = await this.readById(
      UNIT,
      ['modelName', 'engineNumber', 'partnerId'],
      followUps.map((r) => r.unitId),
    );
    const partnerIds = followUps.map((r) => r.partnerId ?? units.get(r.unitId ?? 0)?.partnerId ?? null);
    const partners = await this.readPartners(partnerIds);
    const branches = await this.readById(
      BRANCH,
      ['name', 'phone'],
      followUps.map((r) => r.branch),
    );
    return followUps.map((followUp, index) => {
      const unit = units.get(followUp.unitId ?? 0);
      const partnerId = partnerIds[index] ?? null;
      const partner = partnerId ? partners.get(partnerId) : undefined;
      const branch = branches.get(followUp.branch ?? 0);
      return {
        followUpId: followUp.id,
        dueDate: followUp.dueDate ?? today,
        partnerId,
        phone: partner?.whatsApp ?? null,
        optedOut: partner?.optedOut ?? false,
        branchId: followUp.branch,
        facts: {
          customerName: partner?.name ?? null,
          modelName: unit?.modelName ?? null,
          engineNumber: unit?.engineNumber ?? '',
          kpb: Number(followUp.kpb ?? 0),
          dueDate: followUp.dueDate ?? today,
          branchName: branch?.name ?? null,
          branchPhone: branch?.phone ?? null,
        },
      };
    });
  }

  private async readById<S extends typeof UNIT | typeof BRANCH, K extends keyof S['fields'] & string>(
    schema: S,
    keys: readonly K[],
    ids: ReadonlyArray<number | null>,
  ) {
    const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
    const found = new Map<number, ReturnType<typeof decodeRecord<S, K>>>();
    for (const part of chunk(wanted, 2000)) {
      const records = await this.client.read(schema.model, part, fieldNames(schema, keys));
      for (const record of records) found.set(record.id, decodeRecord(schema, keys, record));
    }
    return found;
  }

  /** Partners with their WhatsApp number (a valid Indonesian mobile, E.164) and consent. */
  private async readPartners(ids: ReadonlyArray<number | null>) {
    const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
    const found = new Map<number, { name: string | null; whatsApp: string | null; optedOut: boolean }>();
    const fields = [PARTNER.f.name, PARTNER.f.optOut, ...this.client.dialect.partnerPhoneFields];
    for (const part of chunk(wanted, 2000)) {
      for (const record of await this.client.read(PARTNER.model, part, fields)) {
        const { primary } = partnerPhonesOf(this.client.dialect, record);
        const phone = primary ? normalizePhone(primary) : null;
        found.set(record.id, {
          name: typeof record[PARTNER.f.name] === 'string' ? (record[PARTNER.f.name] as string) : null,
          whatsApp: phone?.ok && phone.value.kind === 'mobile' ? phone.value.e164 : null,
          optedOut: record[PARTNER.f.optOut] === true,
        });
      }
    }
    return found;
  }

  async existingKeys(keys: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const part of chunk([...keys], 2000)) {
      const records = await this.client.searchRead(
        WA_MESSAGE.model,
        [[WA_MESSAGE.f.name, 'in', part]],
        fieldNames(WA_MESSAGE, ['name']),
      );
      for (const record of records) found.add(String(record[WA_MESSAGE.f.name]));
    }
    return found;
  }

  async reach(since: string): Promise<{ reached: number; openWindows: Set<string> }> {
    const f = WA_MESSAGE.f;
    const sent = await this.client.searchRead(
      WA_MESSAGE.model,
      [
        [f.direction, '=', 'out'],
        [f.attemptedAt, '>=', since],
        [f.state, 'not in', ['queued', 'cancelled']],
      ],
      fieldNames(WA_MESSAGE, ['phone']),
    );
    const received = await this.client.searchRead(
      WA_MESSAGE.model,
      [
        [f.direction, '=', 'in'],
        [f.receivedAt, '>=', since],
      ],
      fieldNames(WA_MESSAGE, ['phone']),
    );
    const openWindows = new Set(received.map((record) => String(record[f.phone])));
    const reached = new Set(
      sent.map((record) => String(record[f.phone])).filter((phone) => !openWindows.has(phone)),
    );
    return { reached: reached.size, openWindows };
  }

  async queue(messages: readonly NewOutboxMessage[]): Promise<void> {
    const outcomes = await this.client.create(
      WA_MESSAGE.model,
      messages.map((message) =>
        encodeValues(WA_MESSAGE, {
          name: message.key,
          direction: 'out',
          followUpId: message.followUpId,
          partnerId: message.partnerId,
          branch: message.branchId,
          phone: message.phone,
          templateId: message.templateId,
          parameters: JSON.stringify(message.parameters),
          body: message.body,
          state: 'queued',
        }),
      ),
      { chunkSize: 1000 },
    );
    const refused = outcomes.find((outcome) => outcome.error);
    if (refused?.error) throw refused.error;
  }

  private async outbox(domain: unknown[]): Promise<OutboxMessage[]> {
    const messages: OutboxMessage[] = [];
    for await (const page of this.client.searchPages(
      WA_MESSAGE.model,
      domain,
      fieldNames(WA_MESSAGE, OUT_FIELDS),
    )) {
      for (const record of page) {
        const message = decodeRecord(WA_MESSAGE, OUT_FIELDS, record);
        messages.push({
          id: message.id,
          key: message.name ?? '',
          followUpId: message.followUpId,
          phone: message.phone ?? '',
          parameters: parametersOf(message.parameters),
        });
      }
    }
    return messages;
  }

  toSend(): Promise<OutboxMessage[]> {
    const f = WA_MESSAGE.f;
    return this.outbox([
      [f.direction, '=', 'out'],
      [f.state, '=', 'queued'],
      [f.attemptedAt, '=', false],
    ]);
  }

  interrupted(): Promise<OutboxMessage[]> {
    const f = WA_MESSAGE.f;
    return this.outbox([
      [f.direction, '=', 'out'],
      [f.state, '=', 'queued'],
      [f.attemptedAt, '!=', false],
    ]);
  }

  async failedWithoutResult(): Promise<Array<{ followUpId: number; code: number }>> {
    const f = WA_MESSAGE.f;
    const records = await this.client.searchRead(
      WA_MESSAGE.model,
      [
        [f.direction, '=', 'out'],
        [f.state, '=', 'failed'],
        [f.errorKind, '=', 'customer'],
        [fieldPath(f.followUpId, FOLLOWUP.f.result), '=', false],
        [fieldPath(f.followUpId, FOLLOWUP.f.state), '=', 'todo'],
      ],
      fieldNames(WA_MESSAGE, ['followUpId', 'errorCode']),
    );
    return records.flatMap((record) => {
      const message = decodeRecord(WA_MESSAGE, ['followUpId', 'errorCode'], record);
      return message.followUpId ? [{ followUpId: message.followUpId, code: message.errorCode }] : [];
    });
  }

  async markAttempted(ids: readonly number[], at: string): Promise<void> {
    if (ids.length === 0) return;
    await this.client.call(WA_MESSAGE.model, 'write', [
      [...ids],
      encodeValues(WA_MESSAGE, { attemptedAt: at }),
    ]);
  }

  async recordResults(results: readonly OutboxResult[]): Promise<void> {
    const updates = results.map((result) => {
      switch (result.state) {
        case 'sent':
          return {
            id: result.id,
            values: encodeValues(WA_MESSAGE, { state: 'sent', wamid: result.wamid, sentAt: result.at }),
          };
        case 'failed':
          return {
            id: result.id,
            values: encodeValues(WA_MESSAGE, {
              state: 'failed',
              errorCode: result.code,
              errorTitle: result.title,
              errorKind: result.kind,
              failedAt: result.at,
            }),
          };
        case 'uncertain':
          return {
            id: result.id,
            values: encodeValues(WA_MESSAGE, { state: 'uncertain', errorTitle: result.reason }),
          };
        default:
          return {
            id: result.id,
            values: encodeValues(WA_MESSAGE, {
              state: 'queued',
              attemptedAt: null,
              errorCode: result.code ?? 0,
              errorTitle: result.title ?? null,
              errorKind: result.kind ?? null,
            }),
          };
      }
    });
    await this.load(updates);
  }

  private async load(updates: ReadonlyArray<{ id: number; values: Record<string, unknown> }>): Promise<void> {
    if (updates.length === 0) return;
    const outcomes = await loadUpdates(this.client, WA_MESSAGE.model, updates, fieldInfoOf(WA_MESSAGE), {
      context: { tz: 'UTC' },
    });
    const refused = outcomes.find((outcome) => outcome.error);
    if (refused?.error) throw refused.error;
  }

  /** Follow-ups still open and without a result, among these. */
  private async openWithoutResult(ids: readonly number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const f = FOLLOWUP.f;
    const records = await this.client.searchRead(
      FOLLOWUP.model,
      [
        ['id', 'in', [...new Set(ids)]],
        [f.result, '=', false],
        [f.state, 'in', ['todo', 'contacted']],
      ],
      ['id'],
    );
    return new Set(records.map((record) => record.id));
  }

  async changeFirstContacts(changes: readonly FirstContactChange[]): Promise<void> {
    const open = await this.openWithoutResult(changes.map((change) => change.followUpId));
    const updates = changes
      .filter((change) => open.has(change.followUpId))
      .map((change) => ({
        id: change.followUpId,
        values:
          change.change === 'wa_failed'
            ? encodeValues(FOLLOWUP, { result: 'wa_failed', feedback: change.reason })
            : encodeValues(FOLLOWUP, { state: 'closed', feedback: OPTED_OUT_FEEDBACK }),
      }));
    await this.client.write(FOLLOWUP.model, updates);
  }

  // --- webhook events ---

  private async outbound(domain: unknown[]): Promise<StoredOutbound[]> {
    const keys = [...OUT_FIELDS, ...DELIVERY_FIELDS] as const;
    const records = await this.client.searchRead(WA_MESSAGE.model, domain, fieldNames(WA_MESSAGE, keys), {
      order: 'id',
    });
    return records.map((record) => {
      const message = decodeRecord(WA_MESSAGE, keys, record);
      const delivery: Delivery = {
        ...NO_DELIVERY,
        sentAt: seconds(message.sentAt),
        deliveredAt: seconds(message.deliveredAt),
        readAt: seconds(message.readAt),
        failedAt: seconds(message.failedAt),
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
    await this.load(
      updates.map((update) => ({
        id: update.id,
        values: encodeValues(WA_MESSAGE, {
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
    const refused = outcomes.find((outcome) => outcome.error);
    if (refused?.error) throw refused.error;
  }

  async applyEffects(effects: readonly FollowUpEffect[]): Promise<void> {
    const reached = effects.filter((e) => e.effect === 'reached');
    const failed = effects.flatMap((e) => (e.effect === 'wa_failed' ? [e] : []));
    const answered = effects.flatMap((e) => (e.effect === 'answered' ? [e] : []));
    const optedOut = effects.flatMap((e) => (e.effect === 'opted_out' ? [e] : []));

    if (failed.length > 0) {
      await this.changeFirstContacts(
        failed.map((e) => ({ followUpId: e.followUpId, change: 'wa_failed', reason: e.reason })),
      );
    }
    // The contact date: FU1 reached the phone, or the customer wrote; kept when already set.
    const contacted = [...reached, ...answered].map((e) => ({
      followUpId: e.followUpId,
      day: localDate(new Date(e.at * 1000), this.timeZone),
    }));
    if (contacted.length > 0) {
      const f = FOLLOWUP.f;
      const unset = await this.client.searchRead(
        FOLLOWUP.model,
        [
          ['id', 'in', [...new Set(contacted.map((c) => c.followUpId))]],
          [f.contactedOn, '=', false],
        ],
        ['id'],
      );
      const open = new Set(unset.map((record) => record.id));
      const first = new Map<number, string>();
      for (const { followUpId, day } of contacted)
        if (open.has(followUpId) && !first.has(followUpId)) first.set(followUpId, day);
      await this.client.write(
        FOLLOWUP.model,
        [...first].map(([id, day]) => ({ id, values: encodeValues(FOLLOWUP, { contactedOn: day }) })),
      );
    }
    if (answered.length > 0) await this.answer(answered);
    if (optedOut.length > 0) {
      const partnerIds = [...new Set(optedOut.map((e) => e.partnerId))];
      const f = PARTNER.f;
      const already = await this.client.searchRead(
        PARTNER.model,
        [
          ['id', 'in', partnerIds],
          [f.optOut, '=', true],
        ],
        ['id'],
      );
      const done = new Set(already.map((record) => record.id));
      await this.client.write(
        PARTNER.model,
        optedOut
          .filter((e) => !done.has(e.partnerId))
          .map((e) => ({
            id: e.partnerId,
            values: encodeValues(PARTNER, { optOut: true, optOutAt: utcText(e.at) }),
          })),
      );
      // Whatever follow-up is open for them ends: no call after a "Berhenti" either.
      const open = await this.client.searchRead(
        FOLLOWUP.model,
        [
          [FOLLOWUP.f.partnerId, 'in', partnerIds],
          [FOLLOWUP.f.state, 'in', ['todo', 'contacted']],
        ],
        ['id'],
      );
      await this.client.write(
        FOLLOWUP.model,
        open.map((record) => ({
          id: record.id,
          values: encodeValues(FOLLOWUP, { state: 'closed', feedback: OPTED_OUT_FEEDBACK }),
        })),
      );
    }
  }

  /**
   * A reply: the follow-up is contacted, its chatter shows the message, and its admin gets an
   * activity to answer and book (SOP 4.2.5). Keyed: the chatter line carries the effect's key
   * as its Message-Id and the activity the reply's wamid in its note, so a second delivery of
   * the same reply adds neither again.
   */
  private async answer(
    answered: ReadonlyArray<Extract<FollowUpEffect, { effect: 'answered' }>>,
  ): Promise<void> {
    const messageIds = answered.map((e) => `<${e.key}@h23-bridge>`);
    const posted = await this.client.searchRead(
      MESSAGE.model,
      [[MESSAGE.f.messageId, 'in', messageIds]],
      fieldNames(MESSAGE, ['messageId']),
    );
    const done = new Set(posted.map((record) => String(record[MESSAGE.f.messageId])));
    const todo = answered.filter((_, index) => !done.has(messageIds[index] as string));
    if (todo.length === 0) return;
    const followUpIds = [...new Set(todo.map((e) => e.followUpId))];
    const followUps = new Map(
      (await this.client.read(FOLLOWUP.model, followUpIds, fieldNames(FOLLOWUP, ['state', 'adminId']))).map(
        (record) => [record.id, decodeRecord(FOLLOWUP, ['state', 'adminId'], record)],
      ),
    );
    await this.client.write(
      FOLLOWUP.model,
      followUpIds
        .filter((id) => followUps.get(id)?.state === 'todo')
        .map((id) => ({ id, values: encodeValues(FOLLOWUP, { state: 'contacted' }) })),
    );
    const { model: modelId, type: typeId } = await this.replyActivityRefs();
    const withActivity = await this.client.searchRead(
      ACTIVITY.model,
      [
        [ACTIVITY.f.resModel, '=', FOLLOWUP.model],
        [ACTIVITY.f.resId, 'in', followUpIds],
        [ACTIVITY.f.type, '=', typeId],
      ],
      fieldNames(ACTIVITY, ['note']),
    );
    const noted = (key: string) =>
      withActivity.some((record) => String(record[ACTIVITY.f.note] ?? '').includes(key));
    const activities = todo
      .filter((e) => !noted(e.key))
      .map((e) =>
        encodeValues(ACTIVITY, {
          resModelId: modelId,
          resId: e.followUpId,
          type: typeId,
          summary: REPLY_ACTIVITY_SUMMARY,
          note: replyActivityNote(e.text, e.intent, e.key),
          deadline: localDate(new Date(e.at * 1000), this.timeZone),
          user: followUps.get(e.followUpId)?.adminId ?? null,
        }),
      );
    if (activities.length > 0) {
      await this.client.create(ACTIVITY.model, activities, { context: { mail_activity_quick_update: true } });
    }
    // Last: the chatter line is what marks the reply as applied.
    const subtype = await this.noteSubtype();
    await this.client.create(
      MESSAGE.model,
      todo.map((e) =>
        encodeValues(MESSAGE, {
          model: FOLLOWUP.model,
          resId: e.followUpId,
          body: replyActivityNote(e.text, e.intent, e.key),
          messageType: 'comment',
          subtype,
          messageId: `<${e.key}@h23-bridge>`,
        }),
      ),
    );
  }

  private async replyActivityRefs(): Promise<{ model: number; type: number }> {
    const model = modelXmlid(FOLLOWUP.model);
    const found = await resolveXmlids(this.client, [model, ACTIVITY_TYPES.kpbFu1]);
    const modelRef = found.get(model);
    const typeRef = found.get(ACTIVITY_TYPES.kpbFu1);
    if (!modelRef || !typeRef) throw new Error('h23_crm is not installed: run h23-bridge install');
    return { model: modelRef.id, type: typeRef.id };
  }

  private async noteSubtype(): Promise<number | null> {
    const found = await resolveXmlids(this.client, [ODOO_XMLIDS.noteSubtype]);
    return found.get(ODOO_XMLIDS.noteSubtype)?.id ?? null;
  }
}
