/**
 * The events of a WhatsApp Cloud API `messages` webhook body, already parsed
 * from JSON (its signature checked by the connector). Meta's shape:
 * `{ object: 'whatsapp_business_account', entry: [{ id, changes: [{ field: 'messages',
 * value: { metadata: { phone_number_id }, contacts?, messages?, statuses?, errors? } }] }] }`
 * (developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages).
 * Anything else in the body is ignored; what is malformed is reported with its
 * path, and the rest of the body is still read.
 */

export type MessageStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface WebhookError {
  code: number;
  title: string;
  details?: string;
}

export interface StatusEvent {
  kind: 'status';
  /** The business phone number the event is for. */
  phoneNumberId: string;
  /** Meta's message id (`wamid.…`) the send answered with. */
  wamid: string;
  status: MessageStatus;
  /** Unix seconds, as Meta sends them. */
  timestamp: number;
  /** The customer's WhatsApp id (digits of the E.164 number). */
  recipientId: string | null;
  /** What the bridge sent in `biz_opaque_callback_data`: the outbox key. */
  callbackData: string | null;
  errors: WebhookError[];
}

export interface InboundEvent {
  kind: 'inbound';
  phoneNumberId: string;
  wamid: string;
  timestamp: number;
  /** The sender's WhatsApp id (digits). */
  from: string;
  /** The business-scoped user id, where Meta sends one. */
  userId: string | null;
  profileName: string | null;
  type: string;
  /** The text the customer typed, or the quick-reply button's text. */
  text: string | null;
  /** A quick-reply button's payload. */
  buttonPayload: string | null;
  /** The wamid of the business message replied to (`context.id`). */
  replyTo: string | null;
}

export interface WebhookProblem {
  /** Where in the body: `entry[0].changes[1].value.statuses[2].id`. */
  path: string;
  problem: string;
}

export interface WebhookEvents {
  events: Array<StatusEvent | InboundEvent>;
  problems: WebhookProblem[];
}

const STATUSES: ReadonlySet<string> = new Set(['sent', 'delivered', 'read', 'failed']);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function listAt(value: unknown, path: string, problems: WebhookProblem[]): unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  problems.push({ path, problem: 'not a list' });
  return [];
}

function seconds(value: unknown): number | null {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : null;
}

function errorsOf(value: unknown, path: string, problems: WebhookProblem[]): WebhookError[] {
  return listAt(value, path, problems).flatMap((item, index) => {
    if (!isObject(item) || typeof item.code !== 'number') {
      problems.push({ path: `${path}[${index}].code`, problem: 'missing or not a number' });
      return [];
    }
    const details = isObject(item.error_data) ? text(item.error_data.details) : null;
    return [
      {
        code: item.code,
        title: text(item.title) ?? text(item.message) ?? '',
        ...(details ? { details } : {}),
      },
    ];
  });
}

function statusEvent(
  item: unknown,
  path: string,
  phoneNumberId: string,
  problems: WebhookProblem[],
): StatusEvent | null {
  if (!isObject(item)) {
    problems.push({ path, problem: 'not an object' });
    return null;
  }
  const wamid = text(item.id);
  const status = text(item.status);
  const timestamp = seconds(item.timestamp);
  if (!wamid) problems.push({ path: `${path}.id`, problem: 'missing' });
  if (!status || !STATUSES.has(status))
    problems.push({ path: `${path}.status`, problem: `unknown status ${JSON.stringify(item.status)}` });
  if (timestamp === null)
    problems.push({ path: `${path}.timestamp`, problem: 'missing or not Unix seconds' });
  if (!wamid || !status || !STATUSES.has(status) || timestamp === null) return null;
  return {
    kind: 'status',
    phoneNumberId,
    wamid,
    status: status as MessageStatus,
    timestamp,
    recipientId: text(item.recipient_id),
    callbackData: text(item.biz_opaque_callback_data),
    errors: errorsOf(item.errors, `${path}.errors`, problems),
  };
}

function inboundEvent(
  item: unknown,
  path: string,
  phoneNumberId: string,
  contacts: ReadonlyMap<string, { name: string | null; userId: string | null }>,
  problems: WebhookProblem[],
): InboundEvent | null {
  if (!isObject(item)) {
    problems.push({ path, problem: 'not an object' });
    return null;
  }
  const wamid = text(item.id);
  const from = text(item.from);
  const timestamp = seconds(item.timestamp);
  if (!wamid) problems.push({ path: `${path}.id`, problem: 'missing' });
  if (!from) problems.push({ path: `${path}.from`, problem: 'missing' });
  if (timestamp === null)
    problems.push({ path: `${path}.timestamp`, problem: 'missing or not Unix seconds' });
  if (!wamid || !from || timestamp === null) return null;
  const type = text(item.type) ?? 'unknown';
  const button = isObject(item.button) ? item.button : null;
  const interactive = isObject(item.interactive) ? item.interactive : null;
  const buttonReply = interactive && isObject(interactive.button_reply) ? interactive.button_reply : null;
  const body = isObject(item.text) ? text(item.text.body) : null;
  const contact = contacts.get(from);
  return {
    kind: 'inbound',
    phoneNumberId,
    wamid,
    timestamp,
    from,
    userId: contact?.userId ?? text(item.from_user_id),
    profileName: contact?.name ?? null,
    type,
    text: body ?? (button ? text(button.text) : null) ?? (buttonReply ? text(buttonReply.title) : null),
    buttonPayload: (button ? text(button.payload) : null) ?? (buttonReply ? text(buttonReply.id) : null),
    replyTo: isObject(item.context) ? text(item.context.id) : null,
  };
}

function contactsOf(value: unknown, path: string, problems: WebhookProblem[]) {
  const contacts = new Map<string, { name: string | null; userId: string | null }>();
  for (const item of listAt(value, path, problems)) {
    if (!isObject(item)) continue;
    const waId = text(item.wa_id);
    if (!waId) continue;
    contacts.set(waId, {
      name: isObject(item.profile) ? text(item.profile.name) : null,
      userId: text(item.user_id),
    });
  }
  return contacts;
}

/** Every status and inbound message in a webhook body, in the order Meta listed them. */
export function webhookEvents(body: unknown): WebhookEvents {
  const problems: WebhookProblem[] = [];
  const events: WebhookEvents['events'] = [];
  if (!isObject(body) || body.object !== 'whatsapp_business_account') {
    return {
      events,
      problems: [{ path: 'object', problem: 'not a WhatsApp Business Account notification' }],
    };
  }
  listAt(body.entry, 'entry', problems).forEach((entry, entryIndex) => {
    const entryPath = `entry[${entryIndex}]`;
    if (!isObject(entry)) {
      problems.push({ path: entryPath, problem: 'not an object' });
      return;
    }
    listAt(entry.changes, `${entryPath}.changes`, problems).forEach((change, changeIndex) => {
      const changePath = `${entryPath}.changes[${changeIndex}]`;
      // Other subscribed fields (template status, account updates…) are not messages.
      if (!isObject(change) || (change.field !== undefined && change.field !== 'messages')) return;
      const value = change.value;
      if (!isObject(value)) {
        problems.push({ path: `${changePath}.value`, problem: 'not an object' });
        return;
      }
      const phoneNumberId = isObject(value.metadata) ? text(value.metadata.phone_number_id) : null;
      if (!phoneNumberId) {
        problems.push({ path: `${changePath}.value.metadata.phone_number_id`, problem: 'missing' });
        return;
      }
      const valuePath = `${changePath}.value`;
      listAt(value.statuses, `${valuePath}.statuses`, problems).forEach((item, index) => {
        const event = statusEvent(item, `${valuePath}.statuses[${index}]`, phoneNumberId, problems);
        if (event) events.push(event);
      });
      const contacts = contactsOf(value.contacts, `${valuePath}.contacts`, problems);
      listAt(value.messages, `${valuePath}.messages`, problems).forEach((item, index) => {
        const event = inboundEvent(
          item,
          `${valuePath}.messages[${index}]`,
          phoneNumberId,
          contacts,
          problems,
        );
        if (event) events.push(event);
      });
    });
  });
  return { events, problems };
}
