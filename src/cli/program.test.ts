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

  it.each([
    [['telegram', '--help'], "unknown command 'telegram'; `h23-bridge --help` lists the commands"],
    [['-c', 'x.json', 'imprt', 'a.xlsx'], "unknown command 'imprt' (did you mean 'import'?)"],
    [['--log-level', 'debug', 'doctr'], "unknown command 'doctr' (did you mean 'doctor'?)"],
  ])('names a mistyped command %j, even beside --help, exit 2', async (args, message) => {
    expect(await main(['node', 'h23-bridge', ...args])).toBe(EXIT.usage);
    expect(io.err).toContain(message);
    expect(io.out).toBe('');
  });

  it.each([
    [['plan', '--date', '2026-02-31'], '--date must be a calendar date like 2026-11-23, got "2026-02-31"'],
    [['report', 'quality', '--date', '2026-13-01'], '--date must be a calendar date'],
    [['run', '--once', '--date', '31/01/2026'], '--date must be a calendar date'],
    [['import', 'a.csv', '--kind', 'cdb', '--today', '2026-02-29'], '--today must be a calendar date'],
    [['run', '--date', '2026-11-23'], '--date goes with --once'],
  ])('refuses a date the calendar lacks before anything else: %j, exit 2', async (args, message) => {
    process.env.ODOO_URL = 'http://127.0.0.1:9';
    process.env.ODOO_DB = 'dealer';
    process.env.ODOO_API_KEY = 'k';
    expect(await main(['node', 'h23-bridge', ...args])).toBe(EXIT.usage);
    expect(io.err).toContain(message);
  });

  it('ODOO_TZ=WIB stops at start-up naming the variable and real zones, exit 2', async () => {
    process.env.ODOO_URL = 'http://127.0.0.1:9';
    process.env.ODOO_DB = 'dealer';
    process.env.ODOO_API_KEY = 'k';
    process.env.ODOO_TZ = 'WIB';
    expect(await main(['node', 'h23-bridge', 'plan'])).toBe(EXIT.usage);
    expect(io.err).toMatch(
      /odoo\.tz \(env ODOO_TZ\): must be an IANA time zone such as "Asia\/Jakarta" \(WIB\)/,
    );
    expect(io.err).not.toContain('RangeError');
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
