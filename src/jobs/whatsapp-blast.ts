import type { SendResult, TemplateMessage } from '../connectors/whatsapp/cloud-api.js';
import type { Logger } from '../logging/logger.js';
import { shiftOdooDatetime } from '../rules/local-time.js';
import {
  firstContactMessageKey,
  type MessagingLimit,
  planBlast,
  withinLimit,
} from '../rules/whatsapp/blast.js';
import { whatsAppErrorMeaning } from '../rules/whatsapp/errors.js';
import { renderTemplate, templateParameters } from '../rules/whatsapp/message-text.js';
import { paceMessages } from '../rules/whatsapp/pacing.js';
import type {
  DueFirstContactRecord,
  FirstContactChange,
  FirstContactTemplate,
  NewOutboxMessage,
  OutboxMessage,
  OutboxResult,
} from '../rules/whatsapp/records.js';

export type {
  DueFirstContactRecord,
  FirstContactChange,
  FirstContactTemplate,
  NewOutboxMessage,
  OutboxMessage,
  OutboxResult,
};

/**
 * The FU1 WhatsApp blast (SOP 4.2.3): the day's due FU1s become outbox
 * messages (one per follow-up, keyed), which are sent at the number's pace.
 * Every message is stamped "attempted" in Odoo before its request leaves, and
 * its result written after: a run killed between the two leaves the stamp
 * without a result, and the next run lists it as uncertain instead of sending
 * it again (a status webhook that names its key later settles it).
 */

export interface WhatsAppOutboxStore {
  /** The approved FU1 template (active, purpose FU1, Meta status APPROVED), or null. */
  firstContactTemplate(): Promise<FirstContactTemplate | null>;
  /** Open FU1 follow-ups of the WhatsApp blast due on or before `today`, with no result yet. */
  dueFirstContacts(today: string): Promise<DueFirstContactRecord[]>;
  /** Which of these outbox keys exist (any state). */
  existingKeys(keys: readonly string[]): Promise<Set<string>>;
  /** Customers reached since `since` (UTC) outside a service window, and the numbers with an open window. */
  reach(since: string): Promise<{ reached: number; openWindows: Set<string> }>;
  queue(messages: readonly NewOutboxMessage[]): Promise<void>;
  /** Cancels queued messages their follow-up or customer no longer wants; how many. */
  cancelStale(): Promise<number>;
  /** Queued messages never attempted, oldest first. */
  toSend(): Promise<OutboxMessage[]>;
  /** Messages attempted whose result was never written (a run killed mid-send). */
  interrupted(): Promise<OutboxMessage[]>;
  /**
   * FU1 messages that failed for the customer while their follow-up still has no result: a
   * run stopped between the two writes. Their follow-ups are marked on the next run.
   */
  failedWithoutResult(): Promise<Array<{ followUpId: number; code: number }>>;
  /** Stamps those of these still free to send and answers which: only those are sent. */
  markAttempted(ids: readonly number[], at: string): Promise<number[]>;
  recordResults(results: readonly OutboxResult[]): Promise<void>;
  changeFirstContacts(changes: readonly FirstContactChange[]): Promise<void>;
}

export interface TemplateSender {
  sendTemplate(message: TemplateMessage): Promise<SendResult>;
}

export interface BlastSettings {
  messagesPerSecond: number;
  /** Unique customers per rolling 24 hours; null when unlimited. */
  messagingLimit: number | null;
  marketingEndpoint: boolean;
  /** Messages stamped and recorded per Odoo write. */
  chunkSize: number;
}

export interface BlastClock {
  /** UTC `YYYY-MM-DD HH:MM:SS`. */
  now(): string;
  /** A clock that only moves forward, in milliseconds, for the pacing. */
  monotonicMs(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const SYSTEM_CLOCK: BlastClock = {
  now: () => new Date().toISOString().slice(0, 19).replace('T', ' '),
  monotonicMs: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface BlastResult {
  queued: number;
  sent: number;
  failed: number;
  uncertain: number;
  /** Found attempted without a result at the start (a killed run): now uncertain. */
  interrupted: number;
  deferred: number;
  noPhone: number;
  optedOut: number;
  /** Not sent this run (throttled, Meta unreachable or its own failure): sent by the next run. */
  requeued: number;
  /** Still queued when the blast stopped: sent once the cause is fixed. */
  leftQueued: number;
  /** Queued earlier, no longer wanted (answered, done, opted out since): cancelled, not sent. */
  cancelled: number;
  /** Why the blast stopped before the end: no approved template, or a dealer-side error (IT's to fix). */
  stopped: { reason: string; code?: number } | null;
}

const NO_PHONE_REASON = 'Nomor HP pelanggan tidak valid untuk WhatsApp';

function minusDay(utc: string): string {
  return shiftOdooDatetime(utc, -86_400);
}

export async function runBlast(
  store: WhatsAppOutboxStore,
  sender: TemplateSender,
  settings: BlastSettings,
  clock: BlastClock,
  logger: Logger,
  today: string,
): Promise<BlastResult> {
  const result: BlastResult = {
    queued: 0,
    sent: 0,
    failed: 0,
    uncertain: 0,
    interrupted: 0,
    deferred: 0,
    noPhone: 0,
    optedOut: 0,
    requeued: 0,
    leftQueued: 0,
    cancelled: 0,
    stopped: null,
  };

  const interrupted = await store.interrupted();
  if (interrupted.length > 0) {
    await store.recordResults(
      interrupted.map((message) => ({
        id: message.id,
        state: 'uncertain' as const,
        reason: 'Pengiriman terputus: tidak diketahui apakah pesan sampai ke WhatsApp',
      })),
    );
    result.interrupted = interrupted.length;
    logger.warn(
      { count: interrupted.length },
      'WhatsApp sends interrupted by a stop: listed as uncertain, not resent',
    );
  }

  const unsettled = await store.failedWithoutResult();
  if (unsettled.length > 0) {
    await store.changeFirstContacts(
      unsettled.map(({ followUpId, code }) => ({
        followUpId,
        change: 'wa_failed' as const,
        reason: whatsAppErrorMeaning(code).reason,
      })),
    );
  }

  // Without an FU1 template the FU1s wait in the queue; customer notices go with their own.
  const template = await store.firstContactTemplate();
  const noTemplate: BlastResult['stopped'] = template
    ? null
    : { reason: 'Tidak ada template WhatsApp FU1 yang disetujui Meta' };
  if (!template)
    logger.error(
      'no approved FU1 WhatsApp template: FU1s not sent (run `h23-bridge whatsapp templates sync`)',
    );

  const now = clock.now();
  const reach = await store.reach(minusDay(now));
  if (template) {
    const due = await store.dueFirstContacts(today);
    const byFollowUp = new Map(due.map((contact) => [contact.followUpId, contact]));
    const existing = await store.existingKeys(
      due.map((contact) => firstContactMessageKey(contact.followUpId)),
    );
    const limit: MessagingLimit = {
      perDay: settings.messagingLimit,
      reachedLast24h: reach.reached,
      openWindows: reach.openWindows,
    };
    const plan = planBlast(due, existing, limit);
    result.deferred = plan.deferred.length;

    if (plan.queue.length > 0) {
      await store.queue(
        plan.queue.map((message) => {
          const contact = byFollowUp.get(message.followUpId) as DueFirstContactRecord;
          const parameters = templateParameters(template.sources, contact.facts);
          return {
            ...message,
            branchId: contact.branchId,
            templateId: template.id,
            parameters,
            body: renderTemplate(template.body, parameters),
          };
        }),
      );
      result.queued = plan.queue.length;
    }
    const changes: FirstContactChange[] = [
      ...plan.noPhone.map((followUpId) => ({
        followUpId,
        change: 'wa_failed' as const,
        reason: NO_PHONE_REASON,
      })),
      ...plan.optedOut.map((followUpId) => ({ followUpId, change: 'opted_out' as const })),
    ];
    if (changes.length > 0) await store.changeFirstContacts(changes);
    result.noPhone = plan.noPhone.length;
    result.optedOut = plan.optedOut.length;
  }

  result.cancelled = await store.cancelStale();
  const { sendable, deferredNotices, waitingForTemplate } = withinLimit(
    await store.toSend(),
    template !== null,
    settings.messagingLimit,
    reach,
  );
  result.deferred += deferredNotices;
  const toSend = sendable;
  const paced = paceMessages(toSend, (message) => message.phone, settings.messagesPerSecond);
  const started = clock.monotonicMs();
  let processed = 0;
  for (let start = 0; start < paced.length && !result.stopped; start += settings.chunkSize) {
    const chunk = paced.slice(start, start + settings.chunkSize);
    processed += chunk.length;
    const claimed = new Set(
      await store.markAttempted(
        chunk.map(({ item }) => item.id),
        clock.now(),
      ),
    );
    const results: OutboxResult[] = [];
    const failures: FirstContactChange[] = [];
    for (const { item: message, atMs } of chunk.filter(({ item }) => claimed.has(item.id))) {
      if (result.stopped) {
        results.push({ id: message.id, state: 'queued' });
        result.leftQueued += 1;
        continue;
      }
      const wait = atMs - (clock.monotonicMs() - started);
      if (wait > 0) await clock.sleep(wait);
      const own = message.noticeId !== null ? message.template : template;
      if (!own) {
        // A notice whose template was deleted in Odoo: it waits for the PIC, like a dealer-side refusal.
        results.push({ id: message.id, state: 'queued' });
        result.leftQueued += 1;
        continue;
      }
      const sent = await sender.sendTemplate({
        to: message.phone,
        template: own.name,
        language: own.language,
        bodyParameters: message.parameters,
        callbackData: message.key,
        marketingEndpoint: settings.marketingEndpoint && own.category === 'marketing',
      });
      const at = clock.now();
      if (sent.outcome === 'accepted') {
        results.push({ id: message.id, state: 'sent', wamid: sent.wamid, at });
        result.sent += 1;
      } else if (sent.outcome === 'uncertain') {
        // What the admin reads on the message, in Bahasa Indonesia; the technical cause in brackets.
        results.push({
          id: message.id,
          state: 'uncertain',
          reason: `Konfirmasi WhatsApp tidak diterima (${sent.reason})`,
        });
        result.uncertain += 1;
        logger.warn({ phone: message.phone, reason: sent.reason }, 'WhatsApp send uncertain: not resent');
      } else if (sent.outcome === 'not_sent') {
        results.push({ id: message.id, state: 'queued' });
        result.requeued += 1;
      } else {
        const { code, meaning } = sent.error;
        const title = `${meaning.reason} (${sent.error.title})`;
        if (meaning.kind === 'customer') {
          results.push({ id: message.id, state: 'failed', code, title, kind: 'customer', at });
          if (message.followUpId !== null)
            failures.push({ followUpId: message.followUpId, change: 'wa_failed', reason: meaning.reason });
          result.failed += 1;
        } else if (meaning.kind === 'dealer') {
          // Not the customer's doing: nobody is marked failed, the message waits for the fix.
          results.push({ id: message.id, state: 'queued', code, title, kind: 'dealer' });
          result.leftQueued += 1;
          result.stopped = { reason: meaning.reason, code };
          logger.error({ code, title }, 'WhatsApp refused the blast for a dealer-side reason: blast stopped');
        } else {
          results.push({ id: message.id, state: 'queued', code, title, kind: meaning.kind });
          result.requeued += 1;
        }
      }
    }
    await store.recordResults(results);
    if (failures.length > 0) await store.changeFirstContacts(failures);
  }
  result.leftQueued += paced.length - processed + waitingForTemplate;
  result.stopped ??= noTemplate;
  logger.info({ ...result, stopped: result.stopped?.reason ?? null }, 'WhatsApp FU1 blast');
  return result;
}
