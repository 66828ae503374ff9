import { NOTICE } from '../../module/models.js';
import { MAIL } from '../../module/odoo-models.js';
import type {
  NoticeDecision,
  NoticePurpose,
  NoticeRecipient,
  NoticeTemplate,
} from '../../rules/notices/plan.js';
import { chunk } from './batching.js';
import type { OdooClient } from './client.js';
import { throwFirstRefusal } from './client.js';
import { readCustomers } from './partner-consent.js';
import { decodeRecord, encodeValues, fieldNames } from './schema-codec.js';
import { storedParameters } from './whatsapp-messages.js';
import { OdooWhatsAppOutbox } from './whatsapp-outbox-store.js';
import { approvedTemplates } from './whatsapp-template-store.js';

const KEYS = [
  'key',
  'partnerId',
  'state',
  'channel',
  'phone',
  'email',
  'templateId',
  'parameters',
  'name',
  'body',
] as const;

export interface StoredNotice {
  id: number;
  key: string;
  partnerId: number;
  state: 'pending' | 'sent' | 'skipped';
  channel: 'whatsapp' | 'email' | null;
  phone: string | null;
  email: string | null;
  templateId: number | null;
  parameters: string[];
  subject: string;
  body: string;
}

export interface NoticeStore {
  /** The notices recorded under these keys. */
  recorded(keys: readonly string[]): Promise<Map<string, StoredNotice>>;
  recipients(partnerIds: readonly number[]): Promise<Map<number, NoticeRecipient>>;
  /** The approved WhatsApp template per purpose; empty when WhatsApp is not sent through the API. */
  templates(purposes: readonly NoticePurpose[]): Promise<Map<NoticePurpose, NoticeTemplate>>;
  /** Records the decisions: to send (`pending`) or not sent (`skipped`, with the reason). */
  record(decisions: readonly NoticeDecision[], today: string): Promise<StoredNotice[]>;
  /** Queues each notice's WhatsApp in the outbox, unless its message is there already. */
  queueWhatsApp(notices: readonly StoredNotice[]): Promise<void>;
  /** Queues each notice's e-mail in Odoo's mail queue, unless one is there already. */
  queueEmails(notices: readonly StoredNotice[]): Promise<void>;
  markSent(ids: readonly number[], today: string): Promise<void>;
}

/** A decision as its notice record holds it: to send (`pending`) or not sent (`skipped`). */
export function storedNoticeOf(decision: NoticeDecision, id: number): StoredNotice {
  return {
    id,
    key: decision.key,
    partnerId: decision.partnerId,
    state: decision.channel === null ? 'skipped' : 'pending',
    channel: decision.channel,
    phone: decision.channel === 'whatsapp' ? decision.phone : null,
    email: decision.channel === 'email' ? decision.email : null,
    templateId: decision.channel === 'whatsapp' ? decision.templateId : null,
    parameters: decision.channel === 'whatsapp' ? decision.parameters : [],
    subject: decision.subject,
    body: decision.body,
  };
}

/** The outbox key of a notice's WhatsApp. */
export function noticeMessageKey(noticeKey: string): string {
  return `h23:notice:${noticeKey}`;
}

/**
 * Customer notices in Odoo (`x_h23_notice`, one per key): the WhatsApp goes into the bridge's
 * outbox, which the blast sends; the e-mail into Odoo's mail queue, linked to the notice so that
 * it shows in the notice's chatter and is found again by a re-run.
 */
export class OdooNoticeStore implements NoticeStore {
  private readonly outbox: OdooWhatsAppOutbox;

  constructor(
    private readonly client: OdooClient,
    timeZone: string,
    /** WhatsApp is sent through the Cloud API (`whatsapp.mode` api); otherwise notices go by e-mail. */
    private readonly whatsAppApi: boolean,
  ) {
    this.outbox = new OdooWhatsAppOutbox(client, timeZone);
  }

  async recorded(keys: readonly string[]): Promise<Map<string, StoredNotice>> {
    const found = new Map<string, StoredNotice>();
    for (const part of chunk([...new Set(keys)], 1000)) {
      const records = await this.client.searchRead(
        NOTICE.model,
        [[NOTICE.f.key, 'in', part]],
        fieldNames(NOTICE, KEYS),
        { idsOnly: true },
      );
      for (const record of records) {
        const notice = decodeRecord(NOTICE, KEYS, record);
        found.set(notice.key ?? '', {
          id: notice.id,
          key: notice.key ?? '',
          partnerId: notice.partnerId ?? 0,
          state: notice.state === 'sent' || notice.state === 'skipped' ? notice.state : 'pending',
          channel: notice.channel === 'whatsapp' || notice.channel === 'email' ? notice.channel : null,
          phone: notice.phone,
          email: notice.email,
          templateId: notice.templateId,
          parameters: storedParameters(notice.parameters),
          subject: notice.name ?? '',
          body: notice.body ?? '',
        });
      }
    }
    return found;
  }

  async recipients(partnerIds: readonly number[]): Promise<Map<number, NoticeRecipient>> {
    const customers = await readCustomers(this.client, partnerIds);
    return new Map(
      [...customers].map(([partnerId, customer]) => [
        partnerId,
        {
          partnerId,
          phone: customer.phone,
          email: customer.email,
          optedOut: customer.optedOut,
          emailBlacklisted: customer.emailBlacklisted,
        },
      ]),
    );
  }

  async templates(purposes: readonly NoticePurpose[]): Promise<Map<NoticePurpose, NoticeTemplate>> {
    if (!this.whatsAppApi) return new Map();
    const found = await approvedTemplates(this.client, purposes);
    return new Map(
      purposes.flatMap((purpose) => {
        const template = found.get(purpose);
        return template
          ? [[purpose, { id: template.id, body: template.body, sources: template.sources }] as const]
          : [];
      }),
    );
  }

  async record(decisions: readonly NoticeDecision[], today: string): Promise<StoredNotice[]> {
    const rows = decisions.map((decision) => ({ decision, stored: storedNoticeOf(decision, 0) }));
    const outcomes = await this.client.create(
      NOTICE.model,
      rows.map(({ decision, stored }) =>
        encodeValues(NOTICE, {
          name: stored.subject,
          key: stored.key,
          partnerId: stored.partnerId,
          purpose: decision.purpose,
          channel: stored.channel,
          state: stored.state,
          reason: decision.channel === null ? decision.reason : null,
          phone: stored.phone,
          email: stored.email,
          templateId: stored.templateId,
          parameters: stored.parameters.length > 0 ? JSON.stringify(stored.parameters) : null,
          body: stored.body,
          sentOn: decision.channel === null ? today : null,
        }),
      ),
      { chunkSize: 500 },
    );
    throwFirstRefusal(outcomes);
    return rows.map(({ stored }, index) => ({ ...stored, id: outcomes[index]?.id ?? 0 }));
  }

  async queueWhatsApp(notices: readonly StoredNotice[]): Promise<void> {
    const existing = await this.outbox.existingKeys(notices.map((notice) => noticeMessageKey(notice.key)));
    const fresh = notices.filter((notice) => !existing.has(noticeMessageKey(notice.key)));
    if (fresh.length === 0) return;
    await this.outbox.queue(
      fresh.map((notice) => ({
        key: noticeMessageKey(notice.key),
        followUpId: null,
        noticeId: notice.id,
        partnerId: notice.partnerId,
        branchId: null,
        phone: notice.phone ?? '',
        templateId: notice.templateId ?? 0,
        parameters: notice.parameters,
        body: notice.body,
      })),
    );
  }

  async queueEmails(notices: readonly StoredNotice[]): Promise<void> {
    const queued = new Set<number>();
    for (const part of chunk(
      notices.map((notice) => notice.id),
      1000,
    )) {
      const mails = await this.client.searchRead(
        MAIL.model,
        [
          [MAIL.f.resModel, '=', NOTICE.model],
          [MAIL.f.resId, 'in', part],
        ],
        fieldNames(MAIL, ['resId']),
      );
      for (const mail of mails) queued.add(Number(mail[MAIL.f.resId]));
    }
    const fresh = notices.filter((notice) => !queued.has(notice.id));
    if (fresh.length === 0) return;
    const outcomes = await this.client.create(
      MAIL.model,
      fresh.map((notice) =>
        encodeValues(MAIL, {
          subject: notice.subject,
          body: notice.body,
          to: notice.email ?? '',
          resModel: NOTICE.model,
          resId: notice.id,
          autoDelete: false,
        }),
      ),
      { chunkSize: 200 },
    );
    throwFirstRefusal(outcomes);
  }

  async markSent(ids: readonly number[], today: string): Promise<void> {
    const values = encodeValues(NOTICE, { state: 'sent', sentOn: today });
    throwFirstRefusal(
      await this.client.write(
        NOTICE.model,
        ids.map((id) => ({ id, values })),
      ),
    );
  }
}
