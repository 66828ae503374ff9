import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JobTrigger } from '../../jobs/job-trigger.js';
import { createLogger } from '../../logging/logger.js';
import {
  addressInUse,
  startHealthServer,
  WEBHOOK_MAX_BODY_BYTES,
  type WebhookEndpoint,
  type WebhookResult,
} from './server.js';

const TOKEN = 'a-test-token-of-at-least-24-chars-0123456789';
const ODOO_BODY = JSON.stringify({ _id: 42, _model: 'x_h23_wor', _action: 'H23: WOR ke h23-bridge(#7)' });

/** A server on a free local port with a webhook whose trigger, metrics and log lines are recorded. */
async function serve(
  options: { token?: string | undefined; answer?: 'queued' | 'standby'; noWebhook?: boolean } = {},
) {
  const triggered: string[] = [];
  const recorded: Array<[string, WebhookResult]> = [];
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => logs.push(line) } });
  const webhook: WebhookEndpoint = {
    token: 'token' in options ? options.token : TOKEN,
    knows: (job) => job === 'wor',
    trigger: (job) => {
      if (job !== 'wor') return 'unknown';
      triggered.push(job);
      return options.answer ?? 'queued';
    },
    record: (job, result) => recorded.push([job, result]),
    logger,
  };
  const server = await startHealthServer('127.0.0.1', 0, {
    health: () => ({ ok: true, role: 'active' }),
    metrics: () => 'h23_lease_held 1\n',
    ...(options.noWebhook ? {} : { webhook }),
  });
  servers.push(server);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, triggered, recorded, logs };
}

const servers: Server[] = [];

/** A POST whose body is sent in chunks without a content-length, as a streaming client would. */
function postChunked(url: string, bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    const piece = Buffer.alloc(8 * 1024, 'x');
    for (let sent = 0; sent < bytes; sent += piece.length) req.write(piece);
    req.end();
  });
}

describe('the daemon HTTP endpoint', () => {
  beforeAll(() => {
    nock.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/);
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });
  afterAll(() => {
    nock.disableNetConnect();
  });

  it.each([
    { name: 'Authorization: Bearer', headers: { authorization: `Bearer ${TOKEN}` }, query: '' },
    { name: 'lower-case bearer', headers: { authorization: `bearer ${TOKEN}` }, query: '' },
    { name: '?token= (Odoo’s webhook cannot send headers)', headers: {}, query: `?token=${TOKEN}` },
  ])('queues the job for a caller with the token as $name', async ({ headers, query }) => {
    const { base, triggered, recorded } = await serve();
    const response = await fetch(`${base}/webhook/wor${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: ODOO_BODY,
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ queued: true });
    expect(triggered).toEqual(['wor']);
    expect(recorded).toEqual([['wor', 'queued']]);
  });

  it.each([
    { name: 'no token', headers: {} as Record<string, string>, query: '', reason: 'no token' },
    {
      name: 'a wrong bearer token',
      headers: { authorization: `Bearer ${TOKEN}x` },
      query: '',
      reason: 'wrong token',
    },
    { name: 'a wrong query token', headers: {}, query: '?token=short', reason: 'wrong token' },
    {
      name: 'a token of the same length, one character off',
      headers: {},
      query: `?token=${TOKEN.slice(0, -1)}X`,
      reason: 'wrong token',
    },
    { name: 'a Basic header', headers: { authorization: `Basic ${TOKEN}` }, query: '', reason: 'no token' },
  ])('refuses $name with 401, logs the remote address and never the token', async ({
    headers,
    query,
    reason,
  }) => {
    const { base, triggered, recorded, logs } = await serve();
    const response = await fetch(`${base}/webhook/wor${query}`, { method: 'POST', headers, body: ODOO_BODY });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'unauthorized' });
    expect(triggered).toEqual([]);
    expect(recorded).toEqual([['wor', 'unauthorized']]);
    const [line] = logs.map((text) => JSON.parse(text));
    expect(line).toMatchObject({ level: 'warn', msg: 'webhook call refused', remote: '127.0.0.1', reason });
    expect(logs.join('')).not.toContain(TOKEN.slice(0, 20));
  });

  it.each([
    { name: 'no token configured', options: { token: undefined } },
    { name: 'no webhook given to the server', options: { noWebhook: true } },
  ])('answers 404 "webhook disabled" with $name, even to a caller with a token', async ({ options }) => {
    const { base, triggered } = await serve(options);
    const response = await fetch(`${base}/webhook/wor?token=${TOKEN}`, { method: 'POST', body: ODOO_BODY });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'webhook disabled' });
    expect(triggered).toEqual([]);
  });

  it.each(['GET', 'PUT', 'DELETE'])('answers %s with 405 and Allow: POST', async (method) => {
    const { base, triggered, recorded } = await serve();
    const response = await fetch(`${base}/webhook/wor?token=${TOKEN}`, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(triggered).toEqual([]);
    expect(recorded).toEqual([['wor', 'bad_method']]);
  });

  it('refuses a body over 64 KB with 413 by its content-length, and accepts one of exactly 64 KB', async () => {
    const { base, triggered, recorded } = await serve();
    const big = await fetch(`${base}/webhook/wor?token=${TOKEN}`, {
      method: 'POST',
      body: 'x'.repeat(WEBHOOK_MAX_BODY_BYTES + 1),
    });
    expect(big.status).toBe(413);
    expect(triggered).toEqual([]);
    const fits = await fetch(`${base}/webhook/wor?token=${TOKEN}`, {
      method: 'POST',
      body: 'x'.repeat(WEBHOOK_MAX_BODY_BYTES),
    });
    expect(fits.status).toBe(202);
    expect(recorded).toEqual([
      ['wor', 'too_large'],
      ['wor', 'queued'],
    ]);
  });

  it('refuses a streamed body (no content-length) once it passes 64 KB', async () => {
    const { base, triggered, recorded } = await serve();
    expect(await postChunked(`${base}/webhook/wor?token=${TOKEN}`, 200 * 1024)).toBe(413);
    expect(triggered).toEqual([]);
    expect(recorded).toEqual([['wor', 'too_large']]);
  });

  it('answers 404 for a job that does not exist, only to an authenticated caller', async () => {
    const { base, recorded } = await serve();
    const anonymous = await fetch(`${base}/webhook/nope`, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
    const known = await fetch(`${base}/webhook/nope?token=${TOKEN}`, { method: 'POST', body: '{}' });
    expect(known.status).toBe(404);
    expect(await known.json()).toEqual({ error: 'no such job' });
    // Names that are no job never become metric labels.
    expect(recorded).toEqual([
      ['other', 'unauthorized'],
      ['other', 'unknown_job'],
    ]);
  });

  it('a standby daemon answers 503 and queues nothing', async () => {
    const { base, recorded } = await serve({ answer: 'standby' });
    const response = await fetch(`${base}/webhook/wor?token=${TOKEN}`, { method: 'POST', body: ODOO_BODY });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ queued: false, role: 'standby' });
    expect(recorded).toEqual([['wor', 'standby']]);
  });

  it('takes any body (it is only a nudge) and logs which record Odoo named at debug level', async () => {
    const { base, logs } = await serve();
    for (const body of [ODOO_BODY, 'not json', '']) {
      const response = await fetch(`${base}/webhook/wor?token=${TOKEN}`, { method: 'POST', body });
      expect(response.status).toBe(202);
    }
    const lines = logs.map((text) => JSON.parse(text));
    expect(lines[0]).toMatchObject({ level: 'debug', msg: 'webhook call', model: 'x_h23_wor', recordId: 42 });
    expect(lines[1]).not.toHaveProperty('recordId');
    expect(logs.join('')).not.toContain(TOKEN.slice(0, 20));
  });

  it('still serves /healthz and /metrics, and only GET there', async () => {
    const { base } = await serve();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/metrics`)).text()).toBe('h23_lease_held 1\n');
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
  });

  it('with the daemon’s trigger: a burst of calls becomes one run, and a standby runs nothing', async () => {
    let active = true;
    let runs = 0;
    const trigger = new JobTrigger({
      has: (job) => job === 'wor',
      isActive: () => active,
      isBusy: () => false,
      run: async () => {
        runs += 1;
      },
      // Long enough for ten requests on a loaded machine to land within it.
      debounceMs: 1000,
    });
    const server = await startHealthServer('127.0.0.1', 0, {
      health: () => ({ ok: true }),
      metrics: () => '',
      webhook: {
        token: TOKEN,
        knows: (job) => job === 'wor',
        trigger: (job) => trigger.triggerJob(job),
        record: () => undefined,
        logger: createLogger({ level: 'silent' }),
      },
    });
    servers.push(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/wor?token=${TOKEN}`;
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () => fetch(url, { method: 'POST', body: ODOO_BODY }).then((r) => r.status)),
    );
    expect(statuses).toEqual(Array(10).fill(202));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(runs).toBe(1);
    active = false;
    expect((await fetch(url, { method: 'POST', body: ODOO_BODY })).status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(runs).toBe(1);
    trigger.stop();
  });
});

describe('addressInUse', () => {
  it('names the reason when another server listens there, and null once it is free', async () => {
    const other = await startHealthServer('127.0.0.1', 0, {
      health: () => ({ ok: true }),
      metrics: () => '',
    });
    const { port } = other.address() as AddressInfo;
    expect(await addressInUse('127.0.0.1', port)).toBe('EADDRINUSE');
    await new Promise((resolve) => other.close(resolve));
    expect(await addressInUse('127.0.0.1', port)).toBeNull();
  });
});
