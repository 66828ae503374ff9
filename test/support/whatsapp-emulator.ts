import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudApi, type CloudApiSettings } from '../../src/connectors/whatsapp/cloud-api.js';
import { signatureOf } from '../../src/connectors/whatsapp/signature.js';

/**
 * A local stand-in for the WhatsApp Business Cloud API, for tests only: the
 * send endpoints (`/{version}/{phone-number-id}/messages` and
 * `/marketing_messages`), the template list (`/{version}/{waba-id}/message_templates`),
 * the business number, and signed webhooks (statuses, inbound messages) posted
 * to the daemon in the shapes of Meta's webhook reference. Behaviours a test
 * needs (a number not on WhatsApp, throttling, a lost reply) are switches.
 */

export interface EmulatedTemplate {
  name: string;
  language: string;
  status: string;
  category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  body: string;
}

export interface SentMessage {
  wamid: string;
  to: string;
  template: string;
  language: string;
  parameters: string[];
  callbackData: string | null;
  endpoint: 'messages' | 'marketing_messages';
  at: number;
}

export interface EmulatorOptions {
  token: string;
  appSecret: string;
  phoneNumberId?: string;
  businessAccountId?: string;
  displayPhoneNumber?: string;
  templates?: EmulatedTemplate[];
  /** Where signed webhooks are posted (the daemon's `/webhook/whatsapp`). */
  webhookUrl?: string;
}

type Failure = { code: number; title: string; sync: boolean };

function placeholders(body: string): number {
  return new Set(body.match(/\{\{\d+\}\}/g) ?? []).size;
}

export class WhatsAppEmulator {
  readonly sent: SentMessage[] = [];
  readonly phoneNumberId: string;
  readonly businessAccountId: string;
  templates: EmulatedTemplate[];
  webhookUrl: string | undefined;
  /** Numbers (digits) and how sending to them fails. */
  readonly failures = new Map<string, Failure>();
  /** The next N sends are answered 429 / 130429. */
  throttleNext = 0;
  /** The next N sends are accepted, then the connection is dropped before the reply. */
  dropRepliesNext = 0;
  /** Requests seen, by path. */
  readonly requests: Array<{ method: string; path: string }> = [];
  private server: Server | null = null;
  private counter = 0;

  constructor(private readonly options: EmulatorOptions) {
    this.phoneNumberId = options.phoneNumberId ?? '106540352242922';
    this.businessAccountId = options.businessAccountId ?? '102290129340398';
    this.templates = options.templates ?? [];
    this.webhookUrl = options.webhookUrl;
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('emulator not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
    this.server = null;
  }

  /** Sending to this number fails: synchronously (an error reply) or later (a failed status). */
  failFor(to: string, code: number, title: string, sync = false): void {
    this.failures.set(to.replace(/^\+/, ''), { code, title, sync });
  }

  private json(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  }

  private graphError(
    response: ServerResponse,
    status: number,
    code: number,
    message: string,
    details?: string,
  ): void {
    this.json(response, status, {
      error: {
        message: `(#${code}) ${message}`,
        type: 'OAuthException',
        code,
        error_data: { messaging_product: 'whatsapp', details: details ?? message },
        fbtrace_id: randomBytes(8).toString('base64url'),
      },
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://emulator');
    this.requests.push({ method: request.method ?? '', path: url.pathname });
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.headers.authorization !== `Bearer ${this.options.token}`) {
      this.graphError(response, 401, 190, 'Error validating access token: Session has expired');
      return;
    }
    const [, , node, edge] = url.pathname.split('/');
    if (
      request.method === 'POST' &&
      node === this.phoneNumberId &&
      (edge === 'messages' || edge === 'marketing_messages')
    ) {
      this.send(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'), edge, request, response);
      return;
    }
    if (request.method === 'GET' && node === this.businessAccountId && edge === 'message_templates') {
      this.listTemplates(url, response);
      return;
    }
    if (request.method === 'GET' && node === this.phoneNumberId && !edge) {
      this.json(response, 200, {
        id: this.phoneNumberId,
        display_phone_number: this.options.displayPhoneNumber ?? '+62 811-0000-0000',
        verified_name: 'Dealer Honda',
        quality_rating: 'GREEN',
      });
      return;
    }
    this.graphError(response, 400, 100, 'Unsupported request');
    return;
  }

  private send(
    body: Record<string, unknown>,
    endpoint: 'messages' | 'marketing_messages',
    request: IncomingMessage,
    response: ServerResponse,
  ): void {
    if (this.throttleNext > 0) {
      this.throttleNext -= 1;
      this.graphError(response, 429, 130429, 'Rate limit hit');
      return;
    }
    const to = typeof body.to === 'string' ? body.to : '';
    const template = body.template as
      | {
          name?: string;
          language?: { code?: string };
          components?: Array<{ type: string; parameters?: Array<{ text?: string }> }>;
        }
      | undefined;
    if (
      body.messaging_product !== 'whatsapp' ||
      !/^\d{8,15}$/.test(to) ||
      body.type !== 'template' ||
      !template?.name
    ) {
      this.graphError(response, 400, 131009, 'Parameter value is not valid');
      return;
    }
    const language = template.language?.code ?? '';
    const known = this.templates.find((item) => item.name === template.name && item.language === language);
    if (!known) {
      this.graphError(response, 404, 132001, 'Template name does not exist in the translation');
      return;
    }
    if (known.status === 'PAUSED') {
      this.graphError(response, 400, 132015, 'Template is Paused');
      return;
    }
    if (known.status === 'DISABLED') {
      this.graphError(response, 400, 132016, 'Template is Disabled');
      return;
    }
    if (known.status !== 'APPROVED') {
      this.graphError(response, 400, 132001, 'Template name does not exist in the translation');
      return;
    }
    const parameters = (template.components ?? [])
      .filter((item) => item.type === 'body')
      .flatMap((item) => (item.parameters ?? []).map((parameter) => parameter.text ?? ''));
    if (parameters.length !== placeholders(known.body)) {
      this.graphError(
        response,
        400,
        132000,
        'Number of parameters does not match the expected number of params',
      );
      return;
    }
    if (parameters.some((text) => text.trim() === '')) {
      this.graphError(response, 400, 131008, 'Required parameter is missing');
      return;
    }
    const failure = this.failures.get(to);
    if (failure?.sync) {
      this.graphError(response, 400, failure.code, failure.title);
      return;
    }
    this.counter += 1;
    const wamid = `wamid.${Buffer.from(`${to}:${this.counter}:${randomBytes(6).toString('hex')}`).toString('base64')}`;
    this.sent.push({
      wamid,
      to,
      template: known.name,
      language,
      parameters,
      callbackData: typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : null,
      endpoint,
      at: Date.now(),
    });
    if (this.dropRepliesNext > 0) {
      this.dropRepliesNext -= 1;
      request.socket.destroy();
      return;
    }
    this.json(response, 200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: to, wa_id: to }],
      messages: [{ id: wamid, message_status: 'accepted' }],
    });
  }

  private listTemplates(url: URL, response: ServerResponse): void {
    const limit = Number(url.searchParams.get('limit') ?? 25);
    const start = Number(url.searchParams.get('after') ?? 0);
    const page = this.templates.slice(start, start + limit);
    const more = start + limit < this.templates.length;
    this.json(response, 200, {
      data: page.map((template, index) => ({
        id: String(900000 + start + index),
        name: template.name,
        language: template.language,
        status: template.status,
        category: template.category,
        components: [{ type: 'BODY', text: template.body }],
      })),
      paging: {
        cursors: { before: String(start), after: String(start + page.length) },
        ...(more ? { next: 'more' } : {}),
      },
    });
  }

  /** The `value` of one `messages` change, wrapped as Meta posts it. */
  payload(value: Record<string, unknown>): Record<string, unknown> {
    return {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: this.businessAccountId,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '6281100000000', phone_number_id: this.phoneNumberId },
                ...value,
              },
            },
          ],
        },
      ],
    };
  }

  /** Status objects of sent messages, as the status webhook lists them. */
  status(
    message: SentMessage,
    status: 'sent' | 'delivered' | 'read' | 'failed',
    timestamp: number,
    error?: { code: number; title: string },
  ): Record<string, unknown> {
    return {
      id: message.wamid,
      status,
      timestamp: String(timestamp),
      recipient_id: message.to,
      ...(message.callbackData ? { biz_opaque_callback_data: message.callbackData } : {}),
      ...(error
        ? {
            errors: [
              {
                code: error.code,
                title: error.title,
                message: error.title,
                error_data: { details: error.title },
              },
            ],
          }
        : {}),
    };
  }

  /** The statuses a send leads to: sent, then delivered and read, or failed for a number set to fail. */
  statusesFor(message: SentMessage, timestamp: number): Record<string, unknown>[] {
    const failure = this.failures.get(message.to);
    if (failure) return [this.status(message, 'failed', timestamp, failure)];
    return [
      this.status(message, 'sent', timestamp),
      this.status(message, 'delivered', timestamp + 1),
      this.status(message, 'read', timestamp + 60),
    ];
  }

  /** An inbound text or quick-reply from a customer, replying to one of our messages when given. */
  inbound(
    from: string,
    reply: { text?: string; button?: { payload: string; text: string } },
    replyTo?: string,
    timestamp = Math.floor(Date.now() / 1000),
  ): Record<string, unknown> {
    this.counter += 1;
    return {
      contacts: [{ profile: { name: 'Pelanggan' }, wa_id: from }],
      messages: [
        {
          from,
          id: `wamid.IN${this.counter}${randomBytes(4).toString('hex')}`,
          timestamp: String(timestamp),
          ...(replyTo ? { context: { from: '6281100000000', id: replyTo } } : {}),
          ...(reply.button
            ? { type: 'button', button: reply.button }
            : { type: 'text', text: { body: reply.text ?? '' } }),
        },
      ],
    };
  }

  /** Posts a webhook body, signed with the app secret (or as given, to test forged ones). */
  async post(body: unknown, options: { signature?: string | null; raw?: string } = {}): Promise<number> {
    if (!this.webhookUrl) throw new Error('no webhook URL');
    const raw = options.raw ?? JSON.stringify(body);
    const signature =
      options.signature === undefined ? signatureOf(raw, this.options.appSecret) : options.signature;
    const response = await fetch(this.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'x-hub-signature-256': signature } : {}),
      },
      body: raw,
    });
    await response.text();
    return response.status;
  }
}

/** A Cloud API client talking to an emulator (at `baseUrl`, ids as the emulator has them), quick to retry. */
export function cloudApiFor(
  emulator: Pick<WhatsAppEmulator, 'phoneNumberId' | 'businessAccountId'> & { url: string },
  token: string,
  overrides: Partial<CloudApiSettings> = {},
): CloudApi {
  return new CloudApi({
    baseUrl: emulator.url,
    apiVersion: 'v23.0',
    phoneNumberId: emulator.phoneNumberId,
    businessAccountId: emulator.businessAccountId,
    token,
    timeoutMs: 10_000,
    retries: 2,
    minTimeoutMs: 10,
    maxTimeoutMs: 100,
    ...overrides,
  });
}
