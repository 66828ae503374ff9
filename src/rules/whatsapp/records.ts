import type { DueFirstContact } from './blast.js';
import type { Delivery } from './delivery.js';
import type { WhatsAppErrorKind } from './errors.js';
import type { FirstContactFacts, ParameterSource } from './message-text.js';
import type { ReplyIntent } from './reply.js';

/**
 * The records the WhatsApp jobs and their Odoo stores pass each other: the
 * outbox and templates (the blast), outbound messages, deliveries, replies and
 * their effects (the webhook's events).
 */

export interface FirstContactTemplate {
  id: number;
  name: string;
  language: string;
  category: 'utility' | 'marketing';
  body: string;
  sources: ParameterSource[];
}

export interface DueFirstContactRecord extends DueFirstContact {
  branchId: number | null;
  facts: FirstContactFacts;
}

export interface NewOutboxMessage {
  key: string;
  /** The FU1's follow-up; null for a customer notice. */
  followUpId: number | null;
  /** The customer notice it carries (a survey invitation, a greeting…), else null. */
  noticeId?: number | null;
  partnerId: number | null;
  branchId: number | null;
  phone: string;
  templateId: number;
  parameters: string[];
  body: string;
}

export interface OutboxMessage {
  id: number;
  key: string;
  followUpId: number | null;
  /** A customer notice's message, sent with its own template (an FU1 goes with the current FU1 template). */
  noticeId: number | null;
  template: { name: string; language: string; category: 'utility' | 'marketing' } | null;
  phone: string;
  parameters: string[];
}

export type OutboxResult =
  | { id: number; state: 'sent'; wamid: string; at: string }
  | { id: number; state: 'failed'; code: number; title: string; kind: WhatsAppErrorKind; at: string }
  | { id: number; state: 'uncertain'; reason: string }
  /** Not sent after all (throttled, unreachable, the blast stopped): back in the queue. */
  | { id: number; state: 'queued'; code?: number; title?: string; kind?: WhatsAppErrorKind };

export type FirstContactChange =
  /** The WhatsApp cannot reach the customer: FU2 (a call) is due at once. */
  | { followUpId: number; change: 'wa_failed'; reason: string }
  /** The customer asked not to be contacted: the follow-up ends. */
  | { followUpId: number; change: 'opted_out' };

export interface StoredOutbound {
  id: number;
  key: string;
  wamid: string | null;
  followUpId: number | null;
  partnerId: number | null;
  phone: string;
  state: 'queued' | 'sent' | 'delivered' | 'read' | 'failed' | 'uncertain' | 'cancelled';
  delivery: Delivery;
}

export interface DeliveryUpdate {
  id: number;
  /** Set when the message was uncertain (its send's reply lost) and a status named it by its key. */
  wamid?: string;
  delivery: Delivery;
  /** Meta's error, and what it means, when the message failed. */
  failure?: { code: number; title: string; kind: string };
  /**
   * Failed for the dealer's reason (template paused after it was accepted, payment, quality):
   * back in the queue, so that it goes once the cause is fixed; the next blast meets the cause
   * and stops, and doctor says it.
   */
  requeue?: boolean;
}

export interface InboundToStore {
  wamid: string;
  phone: string;
  /** Unix seconds. */
  receivedAt: number;
  text: string | null;
  intent: ReplyIntent;
  replyToId: number | null;
  followUpId: number | null;
  partnerId: number | null;
}

/**
 * What an event does outside the outbox. Applied before the event is recorded as seen, so a
 * run cut off in between applies it again on the next delivery of the event: each effect has
 * a key, and the store applies an effect of a key once (a reply's chatter line is a message
 * whose Message-Id is that key; field writes set only what is still empty).
 */
export type FollowUpEffect =
  /** FU1 reached the customer's phone at this time (Unix seconds). */
  | { key: string; effect: 'reached'; followUpId: number; at: number }
  | { key: string; effect: 'wa_failed'; followUpId: number; reason: string }
  /** The customer answered: the follow-up is responded, the admin replies and books. */
  | {
      key: string;
      effect: 'answered';
      followUpId: number;
      text: string | null;
      intent: ReplyIntent;
      at: number;
    }
  | { key: string; effect: 'opted_out'; partnerId: number; at: number };
