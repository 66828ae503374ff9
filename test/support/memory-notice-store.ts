import { storedNoticeOf } from '../../src/connectors/odoo/notice-store.js';
import type { NoticeStore, StoredNotice } from '../../src/jobs/customer-notices.js';
import type {
  NoticeDecision,
  NoticePurpose,
  NoticeRecipient,
  NoticeTemplate,
} from '../../src/rules/notices/plan.js';
import { type KillSwitch, spendWrite } from './kill-switch.js';

/**
 * The customer-notice side of one Odoo in memory: notices, the WhatsApp outbox (by key) and
 * the mail queue (by notice). `killSwitch` counts the records written before a "kill".
 */
export class MemoryNoticeStore implements NoticeStore {
  readonly notices = new Map<string, StoredNotice>();
  readonly outbox = new Map<string, { noticeId: number; phone: string; parameters: string[] }>();
  readonly mails = new Map<number, { to: string; subject: string; body: string }>();
  readonly people = new Map<number, NoticeRecipient>();
  readonly approved = new Map<NoticePurpose, NoticeTemplate>();
  private nextId = 1;

  constructor(private readonly killSwitch?: KillSwitch) {}

  customer(partnerId: number, over: Partial<NoticeRecipient> = {}): this {
    this.people.set(partnerId, {
      partnerId,
      phone: `0813${String(partnerId).padStart(8, '0')}`,
      email: `pelanggan${partnerId}@example.com`,
      optedOut: false,
      emailBlacklisted: false,
      ...over,
    });
    return this;
  }

  async recorded(keys: readonly string[]): Promise<Map<string, StoredNotice>> {
    const found = new Map<string, StoredNotice>();
    for (const key of keys) {
      const notice = this.notices.get(key);
      if (notice) found.set(key, { ...notice });
    }
    return found;
  }

  async recipients(partnerIds: readonly number[]): Promise<Map<number, NoticeRecipient>> {
    const found = new Map<number, NoticeRecipient>();
    for (const id of partnerIds) {
      const person = this.people.get(id);
      if (person) found.set(id, person);
    }
    return found;
  }

  async templates(purposes: readonly NoticePurpose[]): Promise<Map<NoticePurpose, NoticeTemplate>> {
    return new Map([...this.approved].filter(([purpose]) => purposes.includes(purpose)));
  }

  async record(decisions: readonly NoticeDecision[]): Promise<StoredNotice[]> {
    const made: StoredNotice[] = [];
    for (const decision of decisions) {
      spendWrite(this.killSwitch);
      const notice = storedNoticeOf(decision, this.nextId++);
      this.notices.set(notice.key, notice);
      made.push({ ...notice });
    }
    return made;
  }

  async queueWhatsApp(notices: readonly StoredNotice[]): Promise<void> {
    for (const notice of notices) {
      const key = `h23:notice:${notice.key}`;
      if (this.outbox.has(key)) continue;
      spendWrite(this.killSwitch);
      this.outbox.set(key, { noticeId: notice.id, phone: notice.phone ?? '', parameters: notice.parameters });
    }
  }

  async queueEmails(notices: readonly StoredNotice[]): Promise<void> {
    for (const notice of notices) {
      if (this.mails.has(notice.id)) continue;
      spendWrite(this.killSwitch);
      this.mails.set(notice.id, { to: notice.email ?? '', subject: notice.subject, body: notice.body });
    }
  }

  async markSent(ids: readonly number[]): Promise<void> {
    spendWrite(this.killSwitch);
    for (const notice of this.notices.values()) if (ids.includes(notice.id)) notice.state = 'sent';
  }

  /** What a customer would see, independent of ids: for comparing runs. */
  snapshot() {
    return {
      notices: [...this.notices.values()]
        .map(({ id: _id, ...rest }) => rest)
        .sort((a, b) => a.key.localeCompare(b.key)),
      outbox: [...this.outbox.keys()].sort(),
      mails: [...this.mails.values()].map((mail) => mail.to).sort(),
    };
  }
}
