import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT } from './exit-codes.js';
import { main } from './program.js';

describe('h23-bridge command line', () => {
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
    process.chdir(mkdtempSync(join(tmpdir(), 'h23-cli-')));
  });

  afterEach(() => {
    vi.restoreAllMocks();
    process.env = { ...saved };
    process.exitCode = undefined;
  });

  it('documents the exit codes in --help', async () => {
    expect(await main(['node', 'h23-bridge', 'doctor', '--help'])).toBe(EXIT.ok);
    expect(out).toContain('--json');
    expect(out).toContain('4  login refused');
  });

  it('stops on a bad configuration with one line naming the key, exit 2', async () => {
    process.env.ODOO_URL = 'erp.dealer.co.id';
    process.env.ODOO_DB = 'dealer';
    process.env.ODOO_API_KEY = 'k';
    expect(await main(['node', 'h23-bridge', 'doctor'])).toBe(EXIT.usage);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain('odoo.url');
    expect(err).toContain('ODOO_URL');
  });

  it('answers an unknown command with exit 2', async () => {
    expect(await main(['node', 'h23-bridge', 'frobnicate'])).toBe(EXIT.usage);
  });

  it('reports an unreachable Odoo in JSON with exit 3', async () => {
    process.env.ODOO_URL = 'http://127.0.0.1:9';
    process.env.ODOO_DB = 'dealer';
    process.env.ODOO_USER = 'bridge';
    process.env.ODOO_API_KEY = 'k';
    const nock = (await import('nock')).default;
    nock.enableNetConnect('127.0.0.1:9');
    try {
      expect(await main(['node', 'h23-bridge', 'doctor', '--json'])).toBe(EXIT.unreachable);
    } finally {
      nock.disableNetConnect();
    }
    const report = JSON.parse(out);
    expect(report).toMatchObject({ ok: false, failedStep: 'reach', failedCode: 'network' });
    expect(report.checks[0].cause).toMatch(/Nothing accepts connections/);
    expect(out).not.toContain('"k"');
  });
});
