import { describe, expect, it } from 'vitest';
import { captureCli } from '../../test/support/cli-capture.js';
import { EXIT } from './exit-codes.js';
import { main } from './program.js';

describe('h23-bridge webhook', () => {
  const io = captureCli('h23-webhook-', {
    ODOO_URL: 'http://127.0.0.1:9',
    ODOO_DB: 'dealer',
    ODOO_USER: 'admin',
    ODOO_API_KEY: 'k',
  });

  it('has install, status and remove, and says an administrator runs them', async () => {
    expect(await main(['node', 'h23-bridge', 'webhook', '--help'])).toBe(EXIT.ok);
    for (const command of ['install', 'status', 'remove']) expect(io.out).toContain(command);
    io.out = '';
    expect(await main(['node', 'h23-bridge', 'webhook', 'install', '--help'])).toBe(EXIT.ok);
    expect(io.out).toContain('--url');
    expect(io.out).toMatch(/administrator/);
    // One install, both rules: WORs and the PIC's import batches.
    expect(io.out).toContain('/webhook/wor');
    expect(io.out).toContain('/webhook/import');
  });

  it('refuses to install without daemon.webhookToken, before calling Odoo (exit 2)', async () => {
    expect(await main(['node', 'h23-bridge', 'webhook', 'install', '--url', 'http://10.0.0.5:9464'])).toBe(
      EXIT.usage,
    );
    expect(io.err).toContain('H23_WEBHOOK_TOKEN');
  });

  it('refuses a token shorter than 24 characters without printing it (exit 2)', async () => {
    process.env.H23_WEBHOOK_TOKEN = 'short-secret';
    expect(await main(['node', 'h23-bridge', 'webhook', 'install', '--url', 'http://10.0.0.5:9464'])).toBe(
      EXIT.usage,
    );
    expect(io.err).toContain('daemon.webhookToken');
    expect(io.err).not.toContain('short-secret');
  });

  it.each([
    'ftp://10.0.0.5',
    'http://10.0.0.5:9464/?token=x',
    'bridge',
  ])('refuses --url %s before calling Odoo (exit 2)', async (url) => {
    process.env.H23_WEBHOOK_TOKEN = 'a-long-enough-secret-0123456789';
    expect(await main(['node', 'h23-bridge', 'webhook', 'install', '--url', url])).toBe(EXIT.usage);
    expect(io.err).toContain('--url');
  });

  it('needs --url (exit 2)', async () => {
    process.env.H23_WEBHOOK_TOKEN = 'a-long-enough-secret-0123456789';
    expect(await main(['node', 'h23-bridge', 'webhook', 'install'])).toBe(EXIT.usage);
  });
});
