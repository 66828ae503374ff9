import type { SendResult, TemplateMessage } from '../../src/connectors/whatsapp/cloud-api.js';
import type {
  DueFirstContactRecord,
  FirstContactChange,
  FirstContactTemplate,
  NewOutboxMessage,
  OutboxMessage,
  OutboxResult,
  TemplateSender,
  WhatsAppOutboxStore,
} from '../../src/jobs/whatsapp-blast.js';
import type {
  DeliveryUpdate,
  FollowUpEffect,
  InboundToStore,
  StoredOutbound,
  WhatsAppEventStore,
} from '../../src/jobs/whatsapp-events.js';
import { type Delivery, NO_DELIVERY } from '../../src/rules/whatsapp/delivery.js';
import { whatsAppErrorMeaning } from '../../src/rules/whatsapp/errors.js';
import type { StatusEvent } from '../../src/rules/whatsapp/webhook-events.js';

/** The WhatsApp side of one Odoo, in memory: follow-ups, partners, the outbox and replies. */

export interface MemoryFollowUp {
  id: number;
  dueDate: string;
  partnerId: number | null;
  branchId: number | null;
  phone: string | null;
  result: string | null;
  state: 'todo' | 'contacted' | 'closed';
  contactedAt: number | null;
  answers: string[];
  feedback: string | null;
}

export interface MemoryMessage {
  id: number;
  key: string;
  direction: 'out' | 'in';
  followUpId: number | null;
  noticeId: number | null;
  /** A notice's own template (its name), sent with it. */
  templateName: string | null;
  partnerId: number | null;
  phone: string;
  parameters: string[];
  body: string | null;
  state: StoredOutbound['state'] | 'received';
  wamid: string | null;
  attemptedAt: string | null;
  delivery: Delivery;
  error: { code: number; title: string; kind: string } | null;
  intent: string | null;
  replyToId: number | null;
}

export class KilledError extends Error {
  constructor() {
    super('connection lost (simulated kill)');
  }
}

export class MemoryWhatsApp implements WhatsAppOutboxStore, WhatsAppEventStore {
  followUps = new Map<number, MemoryFollowUp>();
  optedOut = new Set<number>();
  messages: MemoryMessage[] = [];
  appliedEffects = new Set<string>();
  chatter: Array<{ key: string; followUpId: number; text: string | null }> = [];
  template: FirstContactTemplate | null = {
    id: 1,
    name: 'kpb_fu1',
    language: 'id',
    category: 'utility',
    body: 'Halo {{1}}, KPB {{2}} motor {{3}} Anda sudah waktunya.',
    sources: ['customer_name', 'kpb', 'unit_model'],
  };
  /** The notice templates' names by id, as Odoo holds them. */
  templateNames = new Map<number, string>();
  writeCalls = 0;
  private nextId = 1;

  constructor(private readonly killSwitch?: { writesLeft: number }) {}

  private write(): void {
    this.writeCalls += 1;
    if (this.killSwitch) {
      if (this.killSwitch.writesLeft <= 0) throw new KilledError();
      this.killSwitch.writesLeft -= 1;
    }
  }

  addFollowUp(followUp: Partial<MemoryFollowUp> & { id: number }): this {
    this.followUps.set(followUp.id, {
      dueDate: '2026-12-01',
      partnerId: followUp.id * 10,
      branchId: 1,
      phone: `+62812000${String(followUp.id).padStart(5, '0')}`,
      result: null,
      state: 'todo',
      contactedAt: null,
      answers: [],
      feedback: null,
      ...followUp,
    });
    return this;
  }

  // --- blast ---

  async firstContactTemplate(): Promise<FirstContactTemplate | null> {
    return this.template;
  }

  async dueFirstContacts(today: string): Promise<DueFirstContactRecord[]> {
    return [...this.followUps.values()]
      .filter((f) => f.dueDate <= today && f.state === 'todo' && f.result === null)
      .map((f) => ({
        followUpId: f.id,
        dueDate: f.dueDate,
        partnerId: f.partnerId,
        phone: f.phone,
        optedOut: f.partnerId !== null && this.optedOut.has(f.partnerId),
        branchId: f.branchId,
        facts: {
          customerName: `Pelanggan ${f.id}`,
          modelName: 'BeAT',
          engineNumber: `JM11E${f.id}`,
          kpb: 1,
          dueDate: f.dueDate,
          branchName: 'AHASS Cempaka',
          branchPhone: '021-5550123',
        },
      }));
  }

  async existingKeys(keys: readonly string[]): Promise<Set<string>> {
    const wanted = new Set(keys);
    return new Set(this.messages.filter((m) => wanted.has(m.key)).map((m) => m.key));
  }

  /** `now` minus 24 h is compared with the send time in the attempt stamp. */
  async reach(since: string): Promise<{ reached: number; openWindows: Set<string> }> {
    const reached = new Set(
      this.messages
        .filter(
          (m) =>
            m.direction === 'out' && m.attemptedAt !== null && m.attemptedAt >= since && m.state !== 'queued',
        )
        .map((m) => m.phone),
    );
    return { reached: reached.size, openWindows: new Set() };
  }

  async queue(messages: readonly NewOutboxMessage[]): Promise<void> {
    this.write();
    for (const message of messages) {
      if (this.messages.some((m) => m.key === message.key)) continue;
      this.messages.push({
        id: this.nextId++,
        key: message.key,
        direction: 'out',
        followUpId: message.followUpId,
        noticeId: message.noticeId ?? null,
        templateName: message.noticeId ? (this.templateNames.get(message.templateId) ?? null) : null,
        partnerId: message.partnerId,
        phone: message.phone,
        parameters: message.parameters,
        body: message.body,
        state: 'queued',
        wamid: null,
        attemptedAt: null,
        delivery: NO_DELIVERY,
        error: null,
        intent: null,
        replyToId: null,
      });
    }
  }

  private outbox(message: MemoryMessage): OutboxMessage {
    return {
      id: message.id,
      key: message.key,
      followUpId: message.followUpId,
      noticeId: message.noticeId,
      template: message.templateName
        ? { name: message.templateName, language: 'id', category: 'utility' }
        : null,
      phone: message.phone,
      parameters: message.parameters,
    };
  }

  async cancelStale(): Promise<number> {
    const stale = this.messages.filter((m) => {
      if (m.direction !== 'out' || m.state !== 'queued' || m.attemptedAt !== null) return false;
      const followUp = m.followUpId === null ? undefined : this.followUps.get(m.followUpId);
      if (m.noticeId !== null) return m.partnerId !== null && this.optedOut.has(m.partnerId);
      return (
        followUp?.state !== 'todo' ||
        followUp.result !== null ||
        (m.partnerId !== null && this.optedOut.has(m.partnerId))
      );
    });
    if (stale.length === 0) return 0;
    this.write();
    for (const message of stale) message.state = 'cancelled';
    return stale.length;
  }

  async toSend(): Promise<OutboxMessage[]> {
    return this.messages
      .filter((m) => m.state === 'queued' && m.attemptedAt === null)
      .map((m) => this.outbox(m));
  }

  async interrupted(): Promise<OutboxMessage[]> {
    return this.messages
      .filter((m) => m.state === 'queued' && m.attemptedAt !== null)
      .map((m) => this.outbox(m));
  }

  async failedWithoutResult(): Promise<Array<{ followUpId: number; code: number }>> {
    return this.messages.flatMap((m) => {
      const followUp = m.followUpId === null ? undefined : this.followUps.get(m.followUpId);
      return m.direction === 'out' &&
        m.state === 'failed' &&
        m.error?.kind === 'customer' &&
        followUp?.result === null
        ? [{ followUpId: followUp.id, code: m.error.code }]
        : [];
    });
  }

  async markAttempted(ids: readonly number[], at: string): Promise<number[]> {
    const free = this.messages.filter(
      (m) => ids.includes(m.id) && m.state === 'queued' && m.attemptedAt === null,
    );
    this.write();
    for (const message of free) message.attemptedAt = at;
    return free.map((message) => message.id);
  }

  async recordResults(results: readonly OutboxResult[]): Promise<void> {
    this.write();
    for (const result of results) {
      const message = this.messages.find((m) => m.id === result.id);
      if (!message) continue;
      // What the webhook already moved on keeps its state, as in Odoo's store.
      if (message.state !== 'queued') {
        if (result.state === 'sent') message.wamid ??= result.wamid;
        continue;
      }
      if (result.state === 'sent') {
        message.state = 'sent';
        message.wamid = result.wamid;
      } else if (result.state === 'failed') {
        message.state = 'failed';
        message.error = { code: result.code, title: result.title, kind: result.kind };
      } else if (result.state === 'uncertain') {
        message.state = 'uncertain';
      } else {
        message.state = 'queued';
        message.attemptedAt = null;
        message.error = result.code
          ? { code: result.code, title: result.title ?? '', kind: result.kind ?? '' }
          : null;
      }
    }
  }

  async changeFirstContacts(changes: readonly FirstContactChange[]): Promise<void> {
    this.write();
    for (const change of changes) {
      const followUp = this.followUps.get(change.followUpId);
      if (!followUp || followUp.result !== null) continue;
      if (change.change === 'wa_failed') {
        followUp.result = 'wa_failed';
        followUp.feedback = change.reason;
      } else {
        followUp.state = 'closed';
      }
    }
  }

  // --- events ---

  private stored(message: MemoryMessage): StoredOutbound {
    return {
      id: message.id,
      key: message.key,
      wamid: message.wamid,
      followUpId: message.followUpId,
      partnerId: message.partnerId,
      phone: message.phone,
      state: message.state as StoredOutbound['state'],
      delivery: message.delivery,
    };
  }

  async outboundByWamids(wamids: readonly string[]): Promise<StoredOutbound[]> {
    return this.messages
      .filter((m) => m.direction === 'out' && m.wamid && wamids.includes(m.wamid))
      .map((m) => this.stored(m));
  }

  async outboundByKeys(keys: readonly string[]): Promise<StoredOutbound[]> {
    return this.messages
      .filter((m) => m.direction === 'out' && keys.includes(m.key))
      .map((m) => this.stored(m));
  }

  async lastOutboundTo(phones: readonly string[]): Promise<Map<string, StoredOutbound>> {
    const found = new Map<string, StoredOutbound>();
    for (const message of this.messages) {
      if (message.direction === 'out' && phones.includes(message.phone) && message.state !== 'queued') {
        found.set(message.phone, this.stored(message));
      }
    }
    return found;
  }

  async inboundStored(wamids: readonly string[]): Promise<Set<string>> {
    return new Set(
      this.messages
        .filter((m) => m.direction === 'in' && m.wamid && wamids.includes(m.wamid))
        .map((m) => m.wamid as string),
    );
  }

  async recordDeliveries(updates: readonly DeliveryUpdate[]): Promise<void> {
    this.write();
    for (const update of updates) {
      const message = this.messages.find((m) => m.id === update.id);
      if (!message) continue;
      if (update.requeue) {
        Object.assign(message, {
          state: 'queued',
          attemptedAt: null,
          wamid: null,
          error: update.failure ?? null,
        });
        continue;
      }
      message.delivery = update.delivery;
      message.state = update.delivery.state;
      if (update.wamid) message.wamid = update.wamid;
      if (update.failure) message.error = update.failure;
    }
  }

  async recordInbound(messages: readonly InboundToStore[]): Promise<void> {
    this.write();
    for (const message of messages) {
      if (this.messages.some((m) => m.direction === 'in' && m.wamid === message.wamid)) continue;
      this.messages.push({
        id: this.nextId++,
        key: message.wamid,
        direction: 'in',
        followUpId: message.followUpId,
        noticeId: null,
        templateName: null,
        partnerId: message.partnerId,
        phone: message.phone,
        parameters: [],
        body: message.text,
        state: 'received',
        wamid: message.wamid,
        attemptedAt: null,
        delivery: NO_DELIVERY,
        error: null,
        intent: message.intent,
        replyToId: message.replyToId,
      });
    }
  }

  async applyEffects(effects: readonly FollowUpEffect[]): Promise<void> {
    this.write();
    for (const effect of effects) {
      if (this.appliedEffects.has(effect.key)) continue;
      this.appliedEffects.add(effect.key);
      if (effect.effect === 'opted_out') {
        this.optedOut.add(effect.partnerId);
        for (const followUp of this.followUps.values()) {
          if (
            followUp.partnerId === effect.partnerId &&
            (followUp.state === 'todo' || followUp.state === 'contacted')
          )
            followUp.state = 'closed';
        }
        continue;
      }
      const followUp = this.followUps.get(effect.followUpId);
      if (!followUp) continue;
      if (effect.effect === 'reached') followUp.contactedAt ??= effect.at;
      if (effect.effect === 'wa_failed' && followUp.result === null) {
        followUp.result = 'wa_failed';
        followUp.feedback = effect.reason;
      }
      if (effect.effect === 'answered') {
        followUp.state = followUp.state === 'todo' ? 'contacted' : followUp.state;
        followUp.contactedAt ??= effect.at;
        followUp.answers.push(effect.text ?? '');
        this.chatter.push({ key: effect.key, followUpId: followUp.id, text: effect.text });
      }
    }
  }

  /** What a test compares between runs: everything but ids and times of attempts. */
  snapshot(): unknown {
    return {
      followUps: [...this.followUps.values()].sort((a, b) => a.id - b.id),
      optedOut: [...this.optedOut].sort(),
      messages: this.messages
        .map(({ id: _id, attemptedAt: _at, replyToId: _reply, ...rest }) => rest)
        .sort((a, b) => a.key.localeCompare(b.key)),
      chatter: [...this.chatter].sort((a, b) => a.key.localeCompare(b.key)),
    };
  }
}

/** A Cloud API stand-in for job tests: accepts every send, or fails the numbers it is told to. */
export class FakeSender implements TemplateSender {
  readonly sends: TemplateMessage[] = [];
  readonly rejectFor = new Map<string, number>();
  readonly uncertainFor = new Set<string>();
  /** Every send answered with this code until cleared (a paused template, an expired token). */
  rejectAll: number | null = null;
  /** Runs after a send is taken, before its reply: Meta's webhook can be quicker than the reply's write. */
  afterSend: ((message: TemplateMessage) => Promise<void>) | null = null;

  async sendTemplate(message: TemplateMessage): Promise<SendResult> {
    if (this.rejectAll !== null) return this.rejected(this.rejectAll);
    this.sends.push(message);
    await this.afterSend?.(message);
    const code = this.rejectFor.get(message.to);
    if (code !== undefined) return this.rejected(code);
    if (this.uncertainFor.has(message.to))
      return { outcome: 'uncertain', reason: 'no reply within 20000 ms' };
    return { outcome: 'accepted', wamid: `wamid.${message.callbackData}`, waId: message.to.slice(1) };
  }

  private rejected(code: number): SendResult {
    return {
      outcome: 'rejected',
      error: {
        code,
        title: `error ${code}`,
        details: null,
        httpStatus: 400,
        meaning: whatsAppErrorMeaning(code),
      },
    };
  }

  /** The statuses Meta would post for every send that reached it: sent, then delivered. */
  statuses(timestamp = 1764576000): StatusEvent[] {
    return this.sends
      .filter((message) => !this.rejectFor.has(message.to))
      .flatMap((message) =>
        (['sent', 'delivered'] as const).map((status, index) => ({
          kind: 'status' as const,
          phoneNumberId: '1',
          wamid: `wamid.${message.callbackData}`,
          status,
          timestamp: timestamp + index,
          recipientId: message.to.slice(1),
          callbackData: message.callbackData,
          errors: [],
        })),
      );
  }
}

export const INSTANT_CLOCK = {
  now: () => '2026-12-01 01:00:00',
  monotonicMs: () => 0,
  sleep: async () => {},
};
