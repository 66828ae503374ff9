import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../../logging/logger.js';
import { hasValidSignature } from '../whatsapp/signature.js';

export interface HealthEndpoints {
  /** `/healthz`: the daemon's state as JSON; `ok: false` answers 503. */
  health(): { ok: boolean } & Record<string, unknown>;
  /** `/metrics`: Prometheus text exposition. */
  metrics(): string;
  /** `POST /webhook/<job>`: absent, every webhook path answers 404 "webhook disabled". */
  webhook?: WebhookEndpoint;
  /** `GET|POST /whatsapp/webhook`: Meta's webhook; absent (mode not api), 404. */
  whatsapp?: WhatsAppWebhookEndpoint;
}

/** How a WhatsApp webhook call was answered. */
export type WhatsAppWebhookResult =
  | 'accepted'
  | 'verified'
  | 'verify_refused'
  | 'bad_signature'
  | 'malformed'
  | 'too_large'
  | 'standby'
  | 'bad_method';

export interface WhatsAppWebhookEndpoint {
  /** What Meta sends as `hub.verify_token` when the URL is registered. */
  verifyToken: string;
  /** The app secret: bodies are accepted only with its HMAC-SHA256 signature. */
  appSecret: string;
  maxBytes: number;
  /**
   * Keeps a verified body (on disk) and asks for its processing; `standby`: this daemon does not
   * hold the lease, so Meta is answered 503 and delivers again later, to whichever daemon works.
   */
  accept(body: unknown): Promise<'accepted' | 'standby'>;
  record(result: WhatsAppWebhookResult): void;
  logger: Logger;
}

export const WHATSAPP_WEBHOOK_PATH = '/whatsapp/webhook';

/** How a webhook call was answered, as counted in the metrics. */
export type WebhookResult =
  | 'queued'
  | 'standby'
  | 'unknown_job'
  | 'unauthorized'
  | 'disabled'
  | 'too_large'
  | 'bad_method';

export interface WebhookEndpoint {
  /** The shared secret callers must present; unset disables every webhook (404). */
  token: string | undefined;
  /** Whether a daemon job has this name (only known names become metric labels). */
  knows(job: string): boolean;
  /**
   * Asks for the job to run soon. `standby`: this daemon does not hold the
   * lease and runs nothing; `unknown`: no job of that name.
   */
  trigger(job: string): 'queued' | 'standby' | 'unknown';
  /** Told how each call was answered (`job` is `other` for a name that is no job). */
  record(job: string, result: WebhookResult): void;
  logger: Logger;
}

const WEBHOOK_PREFIX = '/webhook/';
/** Odoo's webhook body is `{_id, _model, _action}` plus the fields the rule names: far below this. */
export const WEBHOOK_MAX_BODY_BYTES = 64 * 1024;
/** Every request is small and answered without waiting for Odoo: cut slow senders off early. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The daemon's local HTTP endpoint: `/healthz` for supervisors, `/metrics` for
 * Prometheus, and `POST /webhook/<job>` for Odoo to ask for a job to run now.
 */
export function startHealthServer(host: string, port: number, endpoints: HealthEndpoints): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://bridge.invalid');
    if (url.pathname === WHATSAPP_WEBHOOK_PATH) {
      if (endpoints.whatsapp) handleWhatsApp(request, response, url, endpoints.whatsapp);
      else response.writeHead(404).end();
    } else if (url.pathname.startsWith(WEBHOOK_PREFIX)) {
      handleWebhook(request, response, url, endpoints.webhook);
    } else if (request.method !== 'GET') {
      response.writeHead(405, { allow: 'GET' }).end();
    } else if (url.pathname === '/healthz') {
      const health = endpoints.health();
      response
        .writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify(health));
    } else if (url.pathname === '/metrics') {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(endpoints.metrics());
    } else {
      response.writeHead(404).end();
    }
  });
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

function answer(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/**
 * A webhook call is only a nudge: its body is never trusted nor used (the job
 * reads Odoo itself), so a forged or replayed call can do no more than make a
 * job run early. The URL carries the token (Odoo's webhook cannot send
 * headers), so it is never logged.
 */
function handleWebhook(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  webhook: WebhookEndpoint | undefined,
): void {
  const name = url.pathname.slice(WEBHOOK_PREFIX.length);
  const label = webhook?.knows(name) ? name : 'other';
  const remote = request.socket.remoteAddress;
  const refuse = (
    status: number,
    result: WebhookResult,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    webhook?.record(label, result);
    // The body was not read: close the connection rather than read what the caller still sends.
    answer(response, status, body, { connection: 'close', ...headers });
  };
  if (!webhook?.token) {
    refuse(404, 'disabled', { error: 'webhook disabled' });
    return;
  }
  if (request.method !== 'POST') {
    refuse(405, 'bad_method', { error: 'POST only' }, { allow: 'POST' });
    return;
  }
  const presented = presentedToken(request, url);
  if (presented === undefined || !sameSecret(presented, webhook.token)) {
    webhook.logger.warn(
      { remote, hook: label, reason: presented === undefined ? 'no token' : 'wrong token' },
      'webhook call refused',
    );
    refuse(401, 'unauthorized', { error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
    return;
  }
  readBody(request, WEBHOOK_MAX_BODY_BYTES, () =>
    refuse(413, 'too_large', { error: `body over ${WEBHOOK_MAX_BODY_BYTES} bytes` }),
  ).then((chunks) => {
    if (!chunks) return;
    const result = webhook.trigger(name);
    const record = recordOf(Buffer.concat(chunks));
    if (result === 'unknown') {
      webhook.record(label, 'unknown_job');
      answer(response, 404, { error: 'no such job' });
      return;
    }
    webhook.record(label, result);
    webhook.logger.debug({ remote, hook: label, result, ...record }, 'webhook call');
    // 503 from a standby, not 202: nothing is queued there. Odoo logs the failed call; a proxy may try the active daemon.
    if (result === 'standby') answer(response, 503, { queued: false, role: 'standby' });
    else answer(response, 202, { queued: true });
  });
}

/**
 * Meta's webhook (Graph API webhooks): `GET` with `hub.mode=subscribe`, `hub.verify_token` and
 * `hub.challenge` registers the URL (answer the challenge); `POST` carries events, signed in
 * `X-Hub-Signature-256` with the app secret over the raw body. Nothing unsigned, oversized or
 * malformed is kept; what is kept is answered 200 at once and processed after.
 */
function handleWhatsApp(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  whatsapp: WhatsAppWebhookEndpoint,
): void {
  const remote = request.socket.remoteAddress;
  const refuse = (status: number, result: WhatsAppWebhookResult, reason: string) => {
    whatsapp.record(result);
    whatsapp.logger.warn({ remote, result, reason }, 'WhatsApp webhook call refused');
    answer(response, status, { error: reason }, { connection: 'close' });
  };
  if (request.method === 'GET') {
    const mode = url.searchParams.get('hub.mode');
    const token = url.searchParams.get('hub.verify_token') ?? '';
    const challenge = url.searchParams.get('hub.challenge') ?? '';
    if (
      mode === 'subscribe' &&
      whatsapp.verifyToken &&
      sameSecret(token, whatsapp.verifyToken) &&
      /^[\w-]{1,256}$/.test(challenge)
    ) {
      whatsapp.record('verified');
      response.writeHead(200, { 'content-type': 'text/plain' }).end(challenge);
    } else {
      refuse(403, 'verify_refused', 'verification refused');
    }
    return;
  }
  if (request.method !== 'POST') {
    whatsapp.record('bad_method');
    answer(response, 405, { error: 'GET or POST only' }, { allow: 'GET, POST', connection: 'close' });
    return;
  }
  readBody(request, whatsapp.maxBytes, () =>
    refuse(413, 'too_large', `body over ${whatsapp.maxBytes} bytes`),
  ).then((chunks) => {
    if (!chunks) return;
    const raw = Buffer.concat(chunks);
    const signature = request.headers['x-hub-signature-256'];
    if (!hasValidSignature(raw, typeof signature === 'string' ? signature : undefined, whatsapp.appSecret)) {
      refuse(401, 'bad_signature', signature ? 'signature does not match' : 'no signature');
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      refuse(400, 'malformed', 'body is not JSON');
      return;
    }
    whatsapp.accept(body).then(
      (result) => {
        whatsapp.record(result);
        if (result === 'standby') answer(response, 503, { accepted: false, role: 'standby' });
        else answer(response, 200, { accepted: true });
      },
      (error: unknown) => {
        // Not kept (the disk is full, say): Meta delivers again on a non-200.
        whatsapp.logger.error(
          { err: error instanceof Error ? error.message : String(error) },
          'WhatsApp webhook body not kept',
        );
        answer(response, 500, { accepted: false });
      },
    );
  });
}

/**
 * A request's body up to `max` bytes; over it (by Content-Length first, else while it arrives)
 * `tooLarge` answers and the result is null, the rest of the body left unread.
 */
function readBody(request: IncomingMessage, max: number, tooLarge: () => void): Promise<Buffer[] | null> {
  return new Promise((resolve) => {
    if (Number(request.headers['content-length'] ?? 0) > max) {
      tooLarge();
      resolve(null);
      return;
    }
    let size = 0;
    let overflow = false;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      if (overflow) return;
      size += chunk.length;
      if (size > max) {
        overflow = true;
        tooLarge();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    request.on('error', () => undefined);
    request.on('end', () => {
      if (!overflow) resolve(chunks);
    });
  });
}

/** `Authorization: Bearer <token>`, else `?token=<token>`. */
function presentedToken(request: IncomingMessage, url: URL): string | undefined {
  const header = request.headers.authorization;
  const bearer = header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
  if (bearer) return bearer;
  return url.searchParams.get('token') ?? undefined;
}

/** Constant-time comparison: digests have equal lengths, so the length of the secret leaks nothing either. */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** Which record Odoo says changed, for the debug log only (Odoo sends `_model` and `_id`). */
function recordOf(body: Buffer): { model?: string; recordId?: number } {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return {};
    const { _model: model, _id: id } = parsed as Record<string, unknown>;
    return {
      ...(typeof model === 'string' && /^[\w.]{1,64}$/.test(model) ? { model } : {}),
      ...(typeof id === 'number' && Number.isInteger(id) ? { recordId: id } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * Whether the daemon's address is free to listen on, asked before it connects to Odoo: a second
 * daemon on the same machine is told so at once (not after it took the lease and ran a catch-up).
 * Returns the reason it is not free, or null.
 */
export function addressInUse(host: string, port: number): Promise<string | null> {
  if (port === 0) return Promise.resolve(null);
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    probe.listen(port, host, () => probe.close(() => resolve(null)));
  });
}
