import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WhatsAppEmulator } from '../../test/support/whatsapp-emulator.js';
import { CloudApi } from '../connectors/whatsapp/cloud-api.js';
import type { FirstContactTemplate } from './whatsapp-blast.js';
import { checkWhatsApp } from './whatsapp-doctor.js';

let emulator: WhatsAppEmulator;
const api = (token: string) =>
  new CloudApi({
    baseUrl: emulator.url,
    apiVersion: 'v23.0',
    phoneNumberId: emulator.phoneNumberId,
    businessAccountId: emulator.businessAccountId,
    token,
    timeoutMs: 2000,
    retries: 0,
    minTimeoutMs: 1,
    maxTimeoutMs: 1,
  });
const template: FirstContactTemplate = {
  id: 1,
  name: 'kpb_fu1',
  language: 'id',
  category: 'utility',
  body: 'Halo {{1}}',
  sources: ['customer_name'],
};

beforeEach(async () => {
  nock.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/);
  emulator = new WhatsAppEmulator({ token: 'good-token', appSecret: 'x' });
  await emulator.start();
});
afterEach(() => emulator.stop());

describe('checkWhatsApp', () => {
  it('says the token works, which number it sends from, and which template FU1 sends', async () => {
    const checks = await checkWhatsApp(api('good-token'), async () => template);
    expect(checks).toEqual([
      expect.objectContaining({
        name: 'whatsapp',
        status: 'ok',
        detail: expect.stringMatching(/token accepted; number \+62 811/),
      }),
      expect.objectContaining({
        name: 'whatsapp template',
        status: 'ok',
        detail: 'FU1 sends kpb_fu1 (id, utility), 1 parameter(s)',
      }),
    ]);
  });

  it('fails on an expired token, saying how to make a new one', async () => {
    const checks = await checkWhatsApp(api('expired'), async () => template);
    expect(checks).toEqual([
      expect.objectContaining({
        name: 'whatsapp',
        status: 'fail',
        cause: expect.stringMatching(/expired/),
        fix: expect.stringMatching(/WHATSAPP_TOKEN/),
      }),
    ]);
  });

  it('fails while messages wait that WhatsApp refused for the dealer’s reason, naming it', async () => {
    const checks = await checkWhatsApp(
      api('good-token'),
      async () => template,
      async () => ({
        count: 12,
        latest: 'Template dijeda oleh Meta karena kualitas rendah (Template is Paused)',
      }),
    );
    expect(checks[2]).toMatchObject({
      name: 'whatsapp blast',
      status: 'fail',
      detail: expect.stringMatching(/12 FU1 message\(s\) waiting.*dijeda/),
    });
  });

  it('warns when no approved template is chosen for FU1', async () => {
    const checks = await checkWhatsApp(api('good-token'), async () => null);
    expect(checks[1]).toMatchObject({ status: 'warn', fix: expect.stringMatching(/templates sync/) });
  });
});
