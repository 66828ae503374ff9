import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT } from './exit-codes.js';
import { main } from './program.js';

describe('h23-bridge webhook', () => {
  let out = '';
  let err = '';
  const saved = { ...process.env };

  beforeEach(() => {
    out = '';
    err = '';
    process.exitCode = undefined;
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      err += String(chunk);
      return true;
    });
    for (const name of Object.keys(process.env)) if (/^(ODOO_|H23_)/.test(name)) delete process.env[name];
    process.env.ODOO_URL = 'http://127.0.0.1:9';
    process.env.ODOO_DB = 'dealer';
    process.env.ODOO_USER = 'admin';
    process.env.ODOO_API_KEY = 'k';
    process.chdir(mkdtempSync(join(tmpdir(), 'h23-webhook-')));
  });

  afterEach(() => {
    vi.restoreAllMocks();
    process.env = { ...saved };
    process.exitCode = undefined;
  });

  it('has install, status and remove, and says an administrator runs them', async () => {
    expect(await main(['node', 'h23-bridge', 'webhook', '--help'])).toBe(EXIT.ok);
    for (const command of ['install', 'status', 'remove']) expect(out).toContain(command);
    out = '';
    expect(await main(['node', 'h23-bridge', 'webhook', 'install', '--help'])).toBe(EXIT.ok);
    expect(out).toContain('--url');
    expect(out).toMatch(/administrator/);
  });

  it('refuses to install without daemon.webhookToken, before calling Odoo (exit 2)', async () => {
    expect(await main(['node', 'h23-bridge', 'webhook', 'install', '--url', 'http://10.0.0.5:9464'])).toBe(
      EXIT.usage,
    );
    expect(err).toContain('H23_WEBHOOK_TOKEN');
  });

  it('refuses a token shorter than 24 characters without printing it (exit 2)', async () => {
    process.env.H23_WEBHOOK_TOKEN = 'short-secret';
    expect(await main(['node', 'h23-bridge', 'webhook', 'install', '--url', 'http://10.0.0.5:9464'])).toBe(
      EXIT.usage,
    );
    expect(err).toContain('daemon.webhookToken');
    expect(err).not.toContain('short-secret');
  });

  it.each([
    'ftp://10.0.0.5',
    'http://10.0.0.5:9464/?token=x',
    'bridge',
  ])('refuses --url %s before calling Odoo (exit 2)', async (url) => {
    process.env.H23_WEBHOOK_TOKEN = 'a-long-enough-secret-0123456789';
    expect(await main(['node', 'h23-bridge', 'webhook', 'install', '--url', url])).toBe(EXIT.usage);
    expect(err).toContain('--url');
  });

  it('needs --url (exit 2)', async () => {
    process.env.H23_WEBHOOK_TOKEN = 'a-long-enough-secret-0123456789';
    expect(await main(['node', 'h23-bridge', 'webhook', 'install'])).toBe(EXIT.usage);
  });
});
