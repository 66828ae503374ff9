import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../logging/logger.js';
import { signatureOf } from '../whatsapp/signature.js';
import { startHealthServer, type WhatsAppWebhookResult } from './server.js';

const SECRET = randomBytes(16).toString('hex');
const VERIFY = 'verify-token-for-webhook-tests';
const servers: Server[] = [];

async function serve(role: 'accepted' | 'standby' = 'accepted', maxBytes = 4096) {
  const accepted: unknown[] = [];
  const recorded: WhatsAppWebhookResult[] = [];
  const server = await startHealthServer('127.0.0.1', 0, {
    health: () => ({ ok: true }),
    metrics: () => '',
    whatsapp: {
      verifyToken: VERIFY,
      appSecret: SECRET,
      maxBytes,
      accept: async (body) => {
        if (role === 'accepted') accepted.push(body);
        return role;
      },
      record: (result) => recorded.push(result),
      logger: silentLogger(),
    },
  });
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/whatsapp/webhook`, accepted, recorded };
}

const BODY = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
const post = (url: string, body: string, signature: string | null) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature === null ? {} : { 'x-hub-signature-256': signature }),
    },
    body,
  });

describe('the WhatsApp webhook', () => {
  beforeAll(() => nock.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/));
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });
  afterAll(() => nock.disableNetConnect());

  it('answers Meta’s verification challenge with the right token only', async () => {
    const { url, recorded } = await serve();
    const ok = await fetch(`${url}?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444`);
    expect([ok.status, await ok.text()]).toEqual([200, '1158201444']);
    const wrong = await fetch(`${url}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444`);
    expect(wrong.status).toBe(403);
    expect(recorded).toEqual(['verified', 'verify_refused']);
  });

  it('keeps a body signed with the app secret and answers 200', async () => {
    const { url, accepted } = await serve();
    const response = await post(url, BODY, signatureOf(BODY, SECRET));
    expect(response.status).toBe(200);
    expect(accepted).toEqual([JSON.parse(BODY)]);
  });

  it.each([
    ['without a signature', null, 401],
    ['signed with another secret', signatureOf(BODY, 'forged'), 401],
    ['signed for another body', signatureOf('{}', SECRET), 401],
  ])('refuses a body %s, keeping nothing', async (_name, signature, status) => {
    const { url, accepted, recorded } = await serve();
    const response = await post(url, BODY, signature);
    expect(response.status).toBe(status);
    expect(accepted).toEqual([]);
    expect(recorded).toEqual(['bad_signature']);
  });

  it('refuses a signed body that is not JSON', async () => {
    const { url, accepted } = await serve();
    const raw = '{"object": "whatsapp_business_account", ';
    expect((await post(url, raw, signatureOf(raw, SECRET))).status).toBe(400);
    expect(accepted).toEqual([]);
  });

  it('refuses a body over the limit before reading it', async () => {
    const { url, accepted, recorded } = await serve('accepted', 1024);
    const raw = JSON.stringify({ object: 'whatsapp_business_account', padding: 'x'.repeat(5000) });
    const response = await post(url, raw, signatureOf(raw, SECRET));
    expect(response.status).toBe(413);
    expect(accepted).toEqual([]);
    expect(recorded).toEqual(['too_large']);
  });

  it('a standby daemon answers 503, so that Meta delivers again later', async () => {
    const { url } = await serve('standby');
    expect((await post(url, BODY, signatureOf(BODY, SECRET))).status).toBe(503);
  });
});
