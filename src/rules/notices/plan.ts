import { validEmail } from '../email.js';
import { normalizePhone } from '../import/normalize.js';
import {
  type ParameterSource,
  type ParameterValues,
  parametersOf,
  renderTemplate,
} from '../whatsapp/message-text.js';

/**
 * Customer notices: a message to a customer that is not a follow-up's (a survey invitation, a
 * loyalty enrolment, a service reminder, a holiday greeting). Each has a key and goes once per
 * key, ever; by the dealer's WhatsApp template for its purpose where one is approved and the
 * customer has a WhatsApp number, else by e-mail; to nobody who opted out, on any channel.
 */

export type NoticePurpose = 'survey' | 'loyalty' | 'reminder' | 'winback' | 'greeting';

export interface CustomerNotice {
  /** One notice per key, ever: `survey:wor123`, `loyalty:42:gold`. */
  key: string;
  partnerId: number;
  purpose: NoticePurpose;
  /** What fills the WhatsApp template's parameters. */
  values: ParameterValues;
  /** The e-mail, in Bahasa Indonesia, when WhatsApp cannot carry it. */
  email: { subject: string; bodyHtml: string };
}

export interface NoticeRecipient {
  partnerId: number;
  /** As typed in Odoo, the mobile first. */
  phone: string | null;
  email: string | null;
  /** The bridge's own "do not contact", or Odoo's phone blacklist. */
  optedOut: boolean;
  /** Odoo's e-mail blacklist (an unsubscribed address). */
  emailBlacklisted: boolean;
}

export interface NoticeTemplate {
  id: number;
  body: string;
  sources: readonly ParameterSource[];
}

/** What becomes of one notice: its record, and on which channel it goes. */
export type NoticeDecision =
  | {
      key: string;
      partnerId: number;
      purpose: NoticePurpose;
      channel: 'whatsapp';
      /** E.164. */
      phone: string;
      templateId: number;
      parameters: string[];
      /** The template's text filled in, as the customer reads it. */
      body: string;
      subject: string;
    }
  | {
      key: string;
      partnerId: number;
      purpose: NoticePurpose;
      channel: 'email';
      email: string;
      subject: string;
      body: string;
    }
  | {
      key: string;
      partnerId: number;
      purpose: NoticePurpose;
      channel: null;
      /** Why it was not sent, as the admin reads it. */
      reason: string;
      subject: string;
      body: string;
    };

export const NOTICE_SKIP_REASONS = {
  optedOut: 'Pelanggan menolak dihubungi',
  noAddress: 'Tidak ada nomor WhatsApp atau e-mail yang valid',
  emailBlacklisted: 'E-mail pelanggan berhenti berlangganan dan tidak ada template WhatsApp',
  unknownCustomer: 'Pelanggan tidak ditemukan di Odoo',
} as const;

/** A customer's WhatsApp number: an Indonesian mobile, E.164; null otherwise. */
export function whatsAppNumber(phone: string | null): string | null {
  if (!phone) return null;
  const parsed = normalizePhone(phone);
  return parsed.ok && parsed.value.kind === 'mobile' ? parsed.value.e164 : null;
}

/**
 * The decisions for the notices not yet recorded (`known` holds the keys that are): a key
 * named twice in one call goes once. `templates` holds the approved template per purpose,
 * empty when WhatsApp is not sent through the API.
 */
export function planNotices(
  notices: readonly CustomerNotice[],
  known: ReadonlySet<string>,
  recipients: ReadonlyMap<number, NoticeRecipient>,
  templates: ReadonlyMap<NoticePurpose, NoticeTemplate>,
): NoticeDecision[] {
  const seen = new Set(known);
  const decisions: NoticeDecision[] = [];
  for (const notice of notices) {
    if (seen.has(notice.key)) continue;
    seen.add(notice.key);
    const base = {
      key: notice.key,
      partnerId: notice.partnerId,
      purpose: notice.purpose,
      subject: notice.email.subject,
    };
    const recipient = recipients.get(notice.partnerId);
    const skip = (reason: string): NoticeDecision => ({
      ...base,
      channel: null,
      reason,
      body: notice.email.bodyHtml,
    });
    if (!recipient) {
      decisions.push(skip(NOTICE_SKIP_REASONS.unknownCustomer));
      continue;
    }
    if (recipient.optedOut) {
      decisions.push(skip(NOTICE_SKIP_REASONS.optedOut));
      continue;
    }
    const template = templates.get(notice.purpose);
    const phone = whatsAppNumber(recipient.phone);
    if (template && phone) {
      const parameters = parametersOf(template.sources, notice.values);
      decisions.push({
        ...base,
        channel: 'whatsapp',
        phone,
        templateId: template.id,
        parameters,
        body: renderTemplate(template.body, parameters),
      });
      continue;
    }
    const email = validEmail(recipient.email);
    if (email && !recipient.emailBlacklisted) {
      decisions.push({ ...base, channel: 'email', email, body: notice.email.bodyHtml });
      continue;
    }
    decisions.push(
      skip(email && !template ? NOTICE_SKIP_REASONS.emailBlacklisted : NOTICE_SKIP_REASONS.noAddress),
    );
  }
  return decisions;
}
