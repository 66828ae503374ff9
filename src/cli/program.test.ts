import { describe, expect, it } from 'vitest';
import { captureCli } from '../../test/support/cli-capture.js';
import { EXIT } from './exit-codes.js';
import { main } from './program.js';

describe('h23-bridge command line', () => {
  const io = captureCli('h23-cli-');

  it('documents the exit codes in --help', async () => {
    expect(await main(['node', 'h23-bridge', 'doctor', '--help'])).toBe(EXIT.ok);
    expect(io.out).toContain('--json');
    expect(io.out).toContain('4  login refused');
  });

  it('stops on a bad configuration with one line naming the key, exit 2', async () => {
    process.env.ODOO_URL = 'erp.dealer.co.id';
    process.env.ODOO_DB = 'dealer';
    process.env.ODOO_API_KEY = 'k';
    expect(await main(['node', 'h23-bridge', 'doctor'])).toBe(EXIT.usage);
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(io.err).toContain('odoo.url');
    expect(io.err).toContain('ODOO_URL');
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
    const report = JSON.parse(io.out);
    expect(report).toMatchObject({ ok: false, failedStep: 'reach', failedCode: 'network' });
    expect(report.checks[0].cause).toMatch(/Nothing accepts connections/);
    expect(io.out).not.toContain('"k"');
  });
});
