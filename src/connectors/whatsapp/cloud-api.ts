import pRetry from 'p-retry';
import { type WhatsAppErrorMeaning, whatsAppErrorMeaning } from '../../rules/whatsapp/errors.js';

/**
 * The WhatsApp Business Cloud API, as far as the FU1 blast uses it: send an
 * approved template (`POST /{phone-number-id}/messages`, or `/marketing_messages`
 * for marketing templates where the API version wants it), list the templates
 * with their approval state, and read the business number. Graph API errors
 * carry Meta's `code`; `rules/whatsapp/errors.ts` says what each means.
 *
 * A send is not idempotent: once the request may have reached Meta, it is
 * never repeated here. Only a request that surely never left (connection
 * refused, unknown host) or that Meta answered with an error saying it did not
 * send (throttled, its own failure) is tried again.
 */

export interface CloudApiSettings {
  /** `https://graph.facebook.com`; the emulator's URL in tests. */
  baseUrl: string;
  /** Graph API version, e.g. `v23.0`. */
  apiVersion: string;
  phoneNumberId: string;
  businessAccountId: string;
  /** System-user access token: a secret, never logged. */
  token: string;
  timeoutMs: number;
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
}

export interface TemplateMessage {
  /** E.164 with or without `+`; Meta takes the digits. */
  to: string;
  template: string;
  language: string;
  /** The body's numbered parameters, `{{1}}` first. */
  bodyParameters: readonly string[];
  /** The outbox key, echoed in every status webhook of the message. */
  callbackData: string;
  /** Marketing templates go to `/marketing_messages` when set. */
  marketingEndpoint?: boolean;
}

export interface CloudApiError {
  code: number;
  title: string;
  details: string | null;
  httpStatus: number;
  meaning: WhatsAppErrorMeaning;
}

export type SendResult =
  | { outcome: 'accepted'; wamid: string; waId: string | null }
  /** Meta answered that it did not send: the error says why. */
  | { outcome: 'rejected'; error: CloudApiError }
  /** The reply was lost: Meta may or may not have sent it. Never resent automatically. */
  | { outcome: 'uncertain'; reason: string }
  /** It surely never reached Meta (after the retries): still to send. */
  | { outcome: 'not_sent'; reason: string };

export type TemplateStatus =
  | 'APPROVED'
  | 'PENDING'
  | 'REJECTED'
  | 'PAUSED'
  | 'DISABLED'
  | 'IN_APPEAL'
  | 'PENDING_DELETION'
  | 'DELETED'
  | 'LIMIT_EXCEEDED'
  | string;

export interface RemoteTemplate {
  id: string;
  name: string;
  language: string;
  status: TemplateStatus;
  category: string;
  /** The body text with its `{{n}}` placeholders. */
  body: string | null;
}

/** Failures of a request that never left this machine: repeating it cannot send twice. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

function networkCode(error: unknown): string | null {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  return typeof cause?.code === 'string' ? cause.code : null;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** A Graph API error body (`{ error: { code, message, error_data: { details } } }`), or null. */
function graphError(body: unknown, httpStatus: number): CloudApiError | null {
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  if (!error || typeof error.code !== 'number') return null;
  const data = error.error_data as { details?: unknown } | undefined;
  return {
    code: error.code,
    title: typeof error.message === 'string' ? error.message : '',
    details: typeof data?.details === 'string' ? data.details : null,
    httpStatus,
    meaning: whatsAppErrorMeaning(error.code),
  };
}

class Retryable extends Error {
  constructor(readonly result: SendResult) {
    super(result.outcome);
  }
}

export class CloudApi {
  private callCount = 0;

  constructor(private readonly settings: CloudApiSettings) {}

  /** Requests made so far, retries included (the benchmark counts them). */
  get calls(): number {
    return this.callCount;
  }

  private url(path: string): string {
    return `${this.settings.baseUrl.replace(/\/+$/, '')}/${this.settings.apiVersion}/${path}`;
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> {
    this.callCount += 1;
    const response = await fetch(this.url(path), {
      method,
      headers: {
        authorization: `Bearer ${this.settings.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(this.settings.timeoutMs),
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: response.status, json };
  }

  private retrying<T>(attempt: () => Promise<T>): Promise<T> {
    return pRetry(attempt, {
      retries: this.settings.retries,
      minTimeout: this.settings.minTimeoutMs,
      maxTimeout: this.settings.maxTimeoutMs,
      randomize: true,
      shouldRetry: ({ error }) => error instanceof Retryable,
    });
  }

  /** Sends one template message; the result says whether Meta took it. */
  async sendTemplate(message: TemplateMessage): Promise<SendResult> {
    const path = `${this.settings.phoneNumberId}/${message.marketingEndpoint ? 'marketing_messages' : 'messages'}`;
    const body = {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: message.to.replace(/^\+/, ''),
      type: 'template',
      template: {
        name: message.template,
        language: { code: message.language },
        components:
          message.bodyParameters.length > 0
            ? [{ type: 'body', parameters: message.bodyParameters.map((text) => ({ type: 'text', text })) }]
            : [],
      },
      biz_opaque_callback_data: message.callbackData,
    };
    const attempt = async (): Promise<SendResult> => {
      let reply: { status: number; json: unknown };
      try {
        reply = await this.request('POST', path, body);
      } catch (error) {
        const code = networkCode(error);
        if (code && NOT_SENT_CODES.has(code)) throw new Retryable({ outcome: 'not_sent', reason: code });
        return {
          outcome: 'uncertain',
          reason: isTimeout(error)
            ? `no reply within ${this.settings.timeoutMs} ms`
            : (code ?? String(error)),
        };
      }
      const error = graphError(reply.json, reply.status);
      if (error) {
        const result: SendResult = { outcome: 'rejected', error };
        if (error.meaning.kind === 'throttled' || error.meaning.kind === 'transient')
          throw new Retryable(result);
        return result;
      }
      const accepted = reply.json as {
        messages?: Array<{ id?: unknown }>;
        contacts?: Array<{ wa_id?: unknown }>;
      } | null;
      const wamid = accepted?.messages?.[0]?.id;
      if (reply.status >= 200 && reply.status < 300 && typeof wamid === 'string') {
        const waId = accepted?.contacts?.[0]?.wa_id;
        return { outcome: 'accepted', wamid, waId: typeof waId === 'string' ? waId : null };
      }
      // A gateway's 502 or a body that is not Graph's: Meta may have sent it.
      return { outcome: 'uncertain', reason: `HTTP ${reply.status} without a message id` };
    };
    try {
      return await this.retrying(attempt);
    } catch (error) {
      if (error instanceof Retryable) return error.result;
      throw error;
    }
  }

  /** The business number behind `phoneNumberId`, as Meta shows it; throws `CloudApiFailure` when refused. */
  async phoneNumber(): Promise<{ displayPhoneNumber: string; verifiedName: string; qualityRating: string }> {
    let reply: { status: number; json: unknown };
    try {
      reply = await this.request(
        'GET',
        `${this.settings.phoneNumberId}?fields=display_phone_number,verified_name,quality_rating`,
      );
    } catch (error) {
      throw new CloudApiFailure({ outcome: 'not_sent', reason: networkCode(error) ?? String(error) });
    }
    const error = graphError(reply.json, reply.status);
    if (error) throw new CloudApiFailure({ outcome: 'rejected', error });
    const number = (reply.json ?? {}) as Record<string, unknown>;
    return {
      displayPhoneNumber: String(number.display_phone_number ?? ''),
      verifiedName: String(number.verified_name ?? ''),
      qualityRating: String(number.quality_rating ?? ''),
    };
  }

  /** Every message template of the business account, with its approval state (all pages). */
  async listTemplates(): Promise<RemoteTemplate[]> {
    const templates: RemoteTemplate[] = [];
    let path: string | null =
      `${this.settings.businessAccountId}/message_templates?fields=id,name,language,status,category,components&limit=100`;
    while (path) {
      const current: string = path;
      const reply = await this.retrying(async () => {
        try {
          const answer = await this.request('GET', current);
          const error = graphError(answer.json, answer.status);
          if (error && (error.meaning.kind === 'throttled' || error.meaning.kind === 'transient'))
            throw new Retryable({ outcome: 'rejected', error });
          return answer;
        } catch (error) {
          if (error instanceof Retryable) throw error;
          // A read may be repeated whatever happened to it.
          throw new Retryable({ outcome: 'not_sent', reason: networkCode(error) ?? String(error) });
        }
      }).catch((error: unknown) => {
        if (error instanceof Retryable) throw new CloudApiFailure(error.result);
        throw error;
      });
      const error = graphError(reply.json, reply.status);
      if (error) throw new CloudApiFailure({ outcome: 'rejected', error });
      const page = reply.json as {
        data?: unknown[];
        paging?: { cursors?: { after?: string }; next?: string };
      } | null;
      for (const item of page?.data ?? []) {
        const template = item as Record<string, unknown>;
        const components = Array.isArray(template.components)
          ? (template.components as Array<Record<string, unknown>>)
          : [];
        const body = components.find((component) => component.type === 'BODY');
        templates.push({
          id: String(template.id ?? ''),
          name: String(template.name ?? ''),
          language: String(template.language ?? ''),
          status: String(template.status ?? ''),
          category: String(template.category ?? ''),
          body: typeof body?.text === 'string' ? body.text : null,
        });
      }
      const after = page?.paging?.next ? page.paging.cursors?.after : undefined;
      path = after
        ? `${this.settings.businessAccountId}/message_templates?fields=id,name,language,status,category,components&limit=100&after=${encodeURIComponent(after)}`
        : null;
    }
    return templates;
  }
}

/** A request the API refused or that never got through: what doctor and the blast report. */
export class CloudApiFailure extends Error {
  constructor(readonly result: SendResult) {
    super(
      result.outcome === 'rejected'
        ? `WhatsApp Cloud API error ${result.error.code}: ${result.error.title}`
        : `WhatsApp Cloud API unreachable: ${'reason' in result ? result.reason : result.outcome}`,
    );
    this.name = 'CloudApiFailure';
  }
}
