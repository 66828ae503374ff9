import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WhatsAppEmulator } from '../../../test/support/whatsapp-emulator.js';
import { CloudApi, CloudApiFailure, type CloudApiSettings, type TemplateMessage } from './cloud-api.js';

const TOKEN = 'system-user-token';
const BODY = 'Halo {{1}}, motor {{2}} Anda sudah waktunya KPB {{3}} di {{4}}.';

let emulator: WhatsAppEmulator;
let api: CloudApi;

function settings(overrides: Partial<CloudApiSettings> = {}): CloudApiSettings {
  return {
    baseUrl: emulator.url,
    apiVersion: 'v23.0',
    phoneNumberId: emulator.phoneNumberId,
    businessAccountId: emulator.businessAccountId,
    token: TOKEN,
    timeoutMs: 2000,
    retries: 2,
    minTimeoutMs: 5,
    maxTimeoutMs: 20,
    ...overrides,
  };
}

const message = (to: string, overrides: Partial<TemplateMessage> = {}): TemplateMessage => ({
  to,
  template: 'kpb_fu1',
  language: 'id',
  bodyParameters: ['Budi', 'BeAT', '1', 'AHASS Cempaka'],
  callbackData: 'h23:fu1:42',
  ...overrides,
});

beforeEach(async () => {
  // The emulator listens on this machine; nothing else may be reached.
  nock.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/);
  emulator = new WhatsAppEmulator({
    token: TOKEN,
    appSecret: 'secret',
    templates: [
      { name: 'kpb_fu1', language: 'id', status: 'APPROVED', category: 'UTILITY', body: BODY },
      { name: 'kpb_promo', language: 'id', status: 'PAUSED', category: 'MARKETING', body: 'Promo {{1}}' },
    ],
  });
  await emulator.start();
  api = new CloudApi(settings());
});

afterEach(async () => {
  await emulator.stop();
});

describe('CloudApi.sendTemplate', () => {
  it('sends the template with its body parameters and the outbox key, and returns the wamid', async () => {
    const result = await api.sendTemplate(message('+6281234567890'));
    expect(result).toMatchObject({ outcome: 'accepted', waId: '6281234567890' });
    expect(emulator.sent).toEqual([
      expect.objectContaining({
        to: '6281234567890',
        template: 'kpb_fu1',
        language: 'id',
        parameters: ['Budi', 'BeAT', '1', 'AHASS Cempaka'],
        callbackData: 'h23:fu1:42',
        endpoint: 'messages',
      }),
    ]);
    expect(result.outcome === 'accepted' && result.wamid).toBe(emulator.sent[0]?.wamid);
  });

  it('sends marketing templates to /marketing_messages when asked', async () => {
    await api.sendTemplate(message('+6281234567890', { marketingEndpoint: true }));
    expect(emulator.sent[0]?.endpoint).toBe('marketing_messages');
  });

  it.each([
    ['a paused template', { template: 'kpb_promo', bodyParameters: ['x'] }, 132015],
    ['an unknown template', { template: 'nope' }, 132001],
    ['too few parameters', { bodyParameters: ['Budi'] }, 132000],
  ])('returns Meta’s refusal of %s as a dealer failure', async (_name, overrides, code) => {
    const result = await api.sendTemplate(message('+6281234567890', overrides));
    expect(result).toMatchObject({ outcome: 'rejected', error: { code, meaning: { kind: 'dealer' } } });
  });

  it('an expired token is a dealer failure, not retried', async () => {
    const expired = new CloudApi(settings({ token: 'expired' }));
    const result = await expired.sendTemplate(message('+6281234567890'));
    expect(result).toMatchObject({ outcome: 'rejected', error: { code: 190, httpStatus: 401 } });
    expect(emulator.requests).toHaveLength(1);
  });

  it('a number Meta refuses at once is a customer failure', async () => {
    emulator.failFor('+6281299999999', 131026, 'Message undeliverable', true);
    const result = await api.sendTemplate(message('+6281299999999'));
    expect(result).toMatchObject({
      outcome: 'rejected',
      error: { code: 131026, meaning: { kind: 'customer' } },
    });
  });

  it('waits and sends again when throttled, sending once', async () => {
    emulator.throttleNext = 2;
    const result = await api.sendTemplate(message('+6281234567890'));
    expect(result.outcome).toBe('accepted');
    expect(emulator.requests).toHaveLength(3);
    expect(emulator.sent).toHaveLength(1);
  });

  it('gives up on throttling after the retries, leaving the message to send later', async () => {
    emulator.throttleNext = 10;
    const result = await api.sendTemplate(message('+6281234567890'));
    expect(result).toMatchObject({
      outcome: 'rejected',
      error: { code: 130429, meaning: { kind: 'throttled' } },
    });
    expect(emulator.sent).toHaveLength(0);
  });

  it('a lost reply is uncertain and never sent again', async () => {
    emulator.dropRepliesNext = 1;
    const result = await api.sendTemplate(message('+6281234567890'));
    expect(result.outcome).toBe('uncertain');
    expect(emulator.sent).toHaveLength(1);
    expect(emulator.requests).toHaveLength(1);
  });

  it('a refused connection surely sent nothing: tried again, then not sent', async () => {
    const offline = new CloudApi(settings({ baseUrl: emulator.url }));
    await emulator.stop();
    const result = await offline.sendTemplate(message('+6281234567890'));
    expect(result).toEqual({ outcome: 'not_sent', reason: 'ECONNREFUSED' });
    expect(offline.calls).toBe(3);
    await emulator.start();
  });
});

describe('CloudApi.listTemplates', () => {
  it('reads every page with each template’s state and body', async () => {
    emulator.templates = Array.from({ length: 130 }, (_, index) => ({
      name: `t${index}`,
      language: 'id',
      status: index % 2 ? 'APPROVED' : 'PENDING',
      category: 'UTILITY' as const,
      body: `Body {{1}} ${index}`,
    }));
    const templates = await api.listTemplates();
    expect(templates).toHaveLength(130);
    expect(templates[129]).toMatchObject({ name: 't129', status: 'APPROVED', body: 'Body {{1}} 129' });
    expect(emulator.requests).toHaveLength(2);
  });

  it('says why when the token is refused', async () => {
    const expired = new CloudApi(settings({ token: 'expired' }));
    await expect(expired.listTemplates()).rejects.toThrow(CloudApiFailure);
    await expect(expired.listTemplates()).rejects.toThrow('WhatsApp Cloud API error 190');
  });
});
