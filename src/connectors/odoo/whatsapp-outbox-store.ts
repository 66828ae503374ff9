import type { Logger } from '../../logging/logger.js';
import { BRANCH, FOLLOWUP, UNIT, WA_MESSAGE, WA_TEMPLATE } from '../../module/models.js';
import { RECORD_FIELDS } from '../../module/odoo-models.js';
import { whatsAppNumber } from '../../rules/notices/plan.js';
import type {
  DueFirstContactRecord,
  FirstContactChange,
  FirstContactTemplate,
  NewOutboxMessage,
  OutboxMessage,
  OutboxResult,
} from '../../rules/whatsapp/records.js';
import { chunk } from './batching.js';
import type { OdooClient } from './client.js';
import { throwFirstRefusal } from './client.js';
import { consentFields, readCustomers } from './partner-consent.js';
import { decodeRecord, encodeValues, fieldNames, fieldPath } from './schema-codec.js';
import { WhatsAppFollowUps } from './whatsapp-follow-ups.js';
import { loadMessages, OUT_FIELDS, storedParameters, unixSeconds, utcText } from './whatsapp-messages.js';
import { approvedFirstContactTemplate } from './whatsapp-template-store.js';

/** Why a queued message was not sent after all, as the admin reads it. */
const STALE_REASON =
  'Dibatalkan sebelum dikirim: follow up sudah dijawab atau selesai, atau pelanggan menolak dihubungi.';

/**
 * The FU1 blast's side of Odoo: the approved template, the due FU1s with what
 * fills the template, and the outbox (`WA_MESSAGE`, one record per follow-up).
 * Writes are grouped: a blast of 1,000 messages costs a few calls per chunk,
 * never one per message.
 */
export class OdooWhatsAppOutbox {
  private readonly followUps: WhatsAppFollowUps;

  constructor(
    private readonly client: OdooClient,
    timeZone: string,
    logger?: Logger,
  ) {
    this.followUps = new WhatsAppFollowUps(client, timeZone, logger);
  }

  firstContactTemplate(): Promise<FirstContactTemplate | null> {
    return approvedFirstContactTemplate(this.client);
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

  private async readById<
    S extends typeof UNIT | typeof BRANCH | typeof WA_TEMPLATE,
    K extends keyof S['fields'] & string,
  >(schema: S, keys: readonly K[], ids: ReadonlyArray<number | null>) {
    const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
    const found = new Map<number, ReturnType<typeof decodeRecord<S, K>>>();
    for (const part of chunk(wanted, 2000)) {
      const records = await this.client.read(schema.model, part, fieldNames(schema, keys));
      for (const record of records) found.set(record.id, decodeRecord(schema, keys, record));
    }
    return found;
  }

  /** Customers with their WhatsApp number (a valid Indonesian mobile, E.164) and consent. */
  private async readPartners(ids: ReadonlyArray<number | null>) {
    const customers = await readCustomers(this.client, ids);
    return new Map(
      [...customers].map(([id, customer]) => {
        const whatsApp = whatsAppNumber(customer.phone);
        return [id, { name: customer.name, whatsApp, optedOut: customer.optedOut }] as const;
      }),
    );
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

  /**
   * The last 24 hours' reach. The server is asked for a wider window and the exact cut is made
   * here on the UTC times it answers: how a server compares a datetime in a domain with the
   * user's time zone in the context is not something the limit should depend on.
   */
  async reach(since: string): Promise<{ reached: number; openWindows: Set<string> }> {
    const f = WA_MESSAGE.f;
    const wider = utcText((unixSeconds(since) ?? 0) - 86_400);
    const inWindow = (value: unknown) => typeof value === 'string' && value >= since;
    const sent = await this.client.searchRead(
      WA_MESSAGE.model,
      [
        [f.direction, '=', 'out'],
        [f.attemptedAt, '>=', wider],
        [f.state, 'not in', ['queued', 'cancelled']],
      ],
      fieldNames(WA_MESSAGE, ['phone', 'attemptedAt']),
    );
    const received = await this.client.searchRead(
      WA_MESSAGE.model,
      [
        [f.direction, '=', 'in'],
        [f.receivedAt, '>=', wider],
      ],
      fieldNames(WA_MESSAGE, ['phone', 'receivedAt']),
    );
    const openWindows = new Set(
      received.filter((record) => inWindow(record[f.receivedAt])).map((record) => String(record[f.phone])),
    );
    const reached = new Set(
      sent
        .filter((record) => inWindow(record[f.attemptedAt]))
        .map((record) => String(record[f.phone]))
        .filter((phone) => !openWindows.has(phone)),
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
          noticeId: message.noticeId ?? null,
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
    throwFirstRefusal(outcomes);
  }

  private async outbox(domain: unknown[]): Promise<OutboxMessage[]> {
    const keys = [...OUT_FIELDS, 'noticeId', 'templateId'] as const;
    const records: Array<ReturnType<typeof decodeRecord<typeof WA_MESSAGE, (typeof keys)[number]>>> = [];
    for await (const page of this.client.searchPages(
      WA_MESSAGE.model,
      domain,
      fieldNames(WA_MESSAGE, keys),
    )) {
      for (const record of page) records.push(decodeRecord(WA_MESSAGE, keys, record));
    }
    const templates = await this.readById(
      WA_TEMPLATE,
      ['name', 'language', 'category'],
      records.flatMap((message) => (message.noticeId && message.templateId ? [message.templateId] : [])),
    );
    return records.map((message) => {
      const template = message.noticeId ? templates.get(message.templateId ?? 0) : undefined;
      return {
        id: message.id,
        key: message.name ?? '',
        followUpId: message.followUpId,
        noticeId: message.noticeId,
        template: template
          ? {
              name: template.name ?? '',
              language: template.language ?? 'id',
              category: template.category === 'marketing' ? 'marketing' : 'utility',
            }
          : null,
        phone: message.phone ?? '',
        parameters: storedParameters(message.parameters),
      };
    });
  }

  /**
   * Queued messages whose follow-up no longer wants them (answered, done, closed, "WA gagal") or
   * whose customer opted out since: cancelled before a send, so a message put back in the queue
   * (throttled, Meta unreachable, a paused template) never reaches them days later.
   */
  async cancelStale(): Promise<number> {
    const f = WA_MESSAGE.f;
    const consent = (await consentFields(this.client)).map((field) => [
      fieldPath(f.partnerId, field),
      '=',
      true,
    ]);
    // A notice's message has no follow-up: only its customer's consent can make it stale.
    const reasons: unknown[][] = [
      ['&', [f.followUpId, '=', false], [f.noticeId, '=', false]],
      [
        [f.followUpId, '!=', false],
        [fieldPath(f.followUpId, FOLLOWUP.f.state), '!=', 'todo'],
      ],
      [
        [f.followUpId, '!=', false],
        [fieldPath(f.followUpId, FOLLOWUP.f.result), '!=', false],
      ],
      ...consent.map((leaf) => [leaf]),
    ];
    const stale = await this.client.searchRead(
      WA_MESSAGE.model,
      [
        [f.direction, '=', 'out'],
        [f.state, '=', 'queued'],
        [f.attemptedAt, '=', false],
        ...reasons.slice(1).map(() => '|'),
        ...reasons.flatMap((reason) => (reason.length === 2 ? ['&', ...reason] : reason)),
      ],
      ['id'],
    );
    if (stale.length === 0) return 0;
    await this.client.call(WA_MESSAGE.model, 'write', [
      stale.map((record) => record.id),
      encodeValues(WA_MESSAGE, { state: 'cancelled', errorTitle: STALE_REASON }),
    ]);
    return stale.length;
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

  /**
   * Claims these messages for sending: stamps those still queued and unstamped, and answers
   * which they were. A second blast at the same moment (a command beside the daemon) finds
   * them stamped and sends none of them.
   */
  async markAttempted(ids: readonly number[], at: string): Promise<number[]> {
    if (ids.length === 0) return [];
    const f = WA_MESSAGE.f;
    const free = await this.client.searchRead(
      WA_MESSAGE.model,
      [
        ['id', 'in', [...ids]],
        [f.state, '=', 'queued'],
        [f.attemptedAt, '=', false],
      ],
      ['id'],
    );
    const claimed = free.map((record) => record.id);
    if (claimed.length > 0) {
      await this.client.call(WA_MESSAGE.model, 'write', [
        claimed,
        encodeValues(WA_MESSAGE, { attemptedAt: at }),
      ]);
    }
    return claimed;
  }

  /**
   * The sends' results. Meta's statuses may have come first (the webhook finds a message by its
   * key within seconds): a message the webhook already moved on keeps its state, and takes only
   * the wamid it may lack.
   */
  async recordResults(results: readonly OutboxResult[]): Promise<void> {
    if (results.length === 0) return;
    const current = new Map(
      (
        await this.client.read(
          WA_MESSAGE.model,
          results.map((result) => result.id),
          fieldNames(WA_MESSAGE, ['state', 'wamid']),
        )
      ).map((record) => [record.id, decodeRecord(WA_MESSAGE, ['state', 'wamid'], record)]),
    );
    const moved = (id: number) => {
      const state = current.get(id)?.state;
      return state !== undefined && state !== null && state !== 'queued';
    };
    const updates = results.flatMap((result) => {
      if (!moved(result.id)) return [this.resultUpdate(result)];
      return result.state === 'sent' && !current.get(result.id)?.wamid
        ? [{ id: result.id, values: encodeValues(WA_MESSAGE, { wamid: result.wamid, sentAt: result.at }) }]
        : [];
    });
    await loadMessages(this.client, updates);
  }

  private resultUpdate(result: OutboxResult): { id: number; values: Record<string, unknown> } {
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
  }

  /** Messages WhatsApp refused for a dealer-side reason and still waiting, and the latest reason. */
  async dealerRefusals(): Promise<{ count: number; latest: string | null }> {
    const f = WA_MESSAGE.f;
    const records = await this.client.searchRead(
      WA_MESSAGE.model,
      [
        [f.direction, '=', 'out'],
        [f.state, '=', 'queued'],
        [f.errorKind, '=', 'dealer'],
      ],
      fieldNames(WA_MESSAGE, ['errorTitle']),
      { order: `${RECORD_FIELDS.writeDate} desc` },
    );
    return { count: records.length, latest: records[0] ? String(records[0][f.errorTitle] ?? '') : null };
  }

  changeFirstContacts(changes: readonly FirstContactChange[]): Promise<void> {
    return this.followUps.changeFirstContacts(changes);
  }
}
