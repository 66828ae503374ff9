import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactConfig, writeOdooCredentials } from './load.js';

const base = {
  ODOO_URL: 'https://erp.dealer.co.id',
  ODOO_DB: 'dealer',
  ODOO_USER: 'bridge',
  ODOO_API_KEY: 'k',
};
const emptyDir = () => mkdtempSync(join(tmpdir(), 'h23-config-'));

function errorOf(env: Record<string, string>, file?: string): ConfigError {
  try {
    loadConfig({ env, cwd: emptyDir(), file });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('takes the environment and fills the defaults', () => {
    const config = loadConfig({
      env: { ...base, ODOO_COMPANY_IDS: '1, 3', ODOO_TIMEOUT_MS: '5000' },
      cwd: emptyDir(),
    });
    expect(config.odoo).toMatchObject({
      url: 'https://erp.dealer.co.id',
      protocol: 'auto',
      timeoutMs: 5000,
      companyIds: [1, 3],
      tz: 'Asia/Jakarta',
    });
    expect(config.log.level).toBe('info');
  });

  it('lets the environment override the file', () => {
    const dir = emptyDir();
    const file = join(dir, 'bridge.json');
    writeFileSync(file, JSON.stringify({ odoo: { url: 'http://old', db: 'old', user: 'u', password: 'p' } }));
    const config = loadConfig({ env: { ODOO_DB: 'new' }, file, cwd: dir });
    expect(config.odoo.db).toBe('new');
    expect(config.odoo.url).toBe('http://old');
  });

  it.each<[string, Record<string, string>, string, RegExp]>([
    ['missing URL', { ...base, ODOO_URL: '' }, 'odoo.url', /env ODOO_URL\): is required; got nothing/],
    [
      'URL without http',
      { ...base, ODOO_URL: 'erp.dealer.co.id' },
      'odoo.url',
      /must be an http:\/\/ or https:\/\/ URL/,
    ],
    ['number that is not one', { ...base, ODOO_TIMEOUT_MS: 'soon' }, 'odoo.timeoutMs', /got "soon"/],
    ['unknown protocol', { ...base, ODOO_PROTOCOL: 'xmlrpc' }, 'odoo.protocol', /ODOO_PROTOCOL/],
    ['no secret at all', { ...base, ODOO_API_KEY: '' }, 'odoo.apiKey', /ODOO_API_KEY.*or a password/],
    [
      'JSON-2 with only a password',
      { ...base, ODOO_API_KEY: '', ODOO_PASSWORD: 'p', ODOO_PROTOCOL: 'json2' },
      'odoo.apiKey',
      /JSON-2 authenticates with an API key only/,
    ],
    [
      'JSON-RPC without login',
      { ...base, ODOO_USER: '', ODOO_PROTOCOL: 'jsonrpc' },
      'odoo.user',
      /set ODOO_USER/,
    ],
    [
      'WhatsApp by API without its number',
      { ...base, WHATSAPP_MODE: 'api' },
      'whatsapp.phoneNumberId',
      /env WHATSAPP_PHONE_NUMBER_ID\): required when whatsapp.mode is api/,
    ],
    [
      'a messaging limit Meta does not have',
      { ...base, WHATSAPP_MESSAGING_LIMIT: '1000' },
      'whatsapp.messagingLimit',
      /WHATSAPP_MESSAGING_LIMIT/,
    ],
  ])('%s stops with one message naming %s', (_, env, key, message) => {
    const error = errorOf(env);
    expect(error.key).toBe(key);
    expect(error.message).toMatch(message);
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it('never shows a secret in its message', () => {
    const error = errorOf({
      ...base,
      ODOO_API_KEY: '',
      ODOO_PASSWORD: 'hunter2-secret',
      ODOO_PROTOCOL: 'json2',
    });
    expect(error.message).not.toContain('hunter2-secret');
  });

  it('says which file is not JSON', () => {
    const dir = emptyDir();
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ odoo: ');
    expect(() => loadConfig({ env: {}, file, cwd: dir })).toThrow(/broken\.json is not valid JSON/);
  });

  it('says when an explicit file is missing', () => {
    expect(() => loadConfig({ env: {}, file: 'nope.json', cwd: emptyDir() })).toThrow(
      /Cannot read config file .*nope\.json/,
    );
  });

  it('redacts secrets for printing', () => {
    const config = loadConfig({ env: { ...base, ODOO_PASSWORD: 'pw' }, cwd: emptyDir() });
    expect(JSON.stringify(redactConfig(config))).not.toMatch(/"k"|"pw"/);
  });
});

describe('values checked where they enter', () => {
  const file = (content: unknown) => {
    const dir = emptyDir();
    const path = join(dir, 'h23-bridge.config.json');
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  it.each([
    [{ odoo: { database: 'dealer' } }, /unknown key "odoo\.database"\. Did you mean "odoo\.db"\?/],
    [{ database: 'dealer' }, /unknown key "database"\. Did you mean "odoo\.db"\?/],
    [
      { odoo: { url: 'https://erp.dealer.co.id' }, daemon: { workCron: '* * * * *' } },
      /unknown key "daemon\.workCron"\. Did you mean "daemon\.worCron"\?/,
    ],
  ])('a mistyped file key %j is named with the closest known key', (content, message) => {
    expect(errorOf(base, file(content)).message).toMatch(message);
  });

  it('a time zone abbreviation is refused with real zones named (ODOO_TZ=WIB)', () => {
    const error = errorOf({ ...base, ODOO_TZ: 'WIB' });
    expect(error.message).toMatch(
      /^Config odoo\.tz \(env ODOO_TZ\): must be an IANA time zone such as "Asia\/Jakarta" \(WIB\)/,
    );
    expect(error.message).toContain('got "WIB"');
    expect(loadConfig({ env: { ...base, ODOO_TZ: 'Asia/Makassar' }, cwd: emptyDir() }).odoo.tz).toBe(
      'Asia/Makassar',
    );
  });

  it('a bad list item names the variable it came from (ODOO_COMPANY_IDS=satu)', () => {
    const error = errorOf({ ...base, ODOO_COMPANY_IDS: 'satu' });
    expect(error.key).toBe('odoo.companyIds');
    expect(error.message).toMatch(/^Config odoo\.companyIds \(env ODOO_COMPANY_IDS\): .*got "satu"/);
  });

  it.each([
    ['https://erp.dealer.co.id/odoo', 'https://erp.dealer.co.id'],
    ['https://erp.dealer.co.id/odoo/action-123', 'https://erp.dealer.co.id'],
    ['https://erp.dealer.co.id/web#action=12&model=x', 'https://erp.dealer.co.id'],
    ['https://erp.dealer.co.id/web/login', 'https://erp.dealer.co.id'],
    ['http://10.0.0.5:8069/', 'http://10.0.0.5:8069'],
    ['https://host.co.id/erp/odoo', 'https://host.co.id/erp'],
  ])('a URL copied from the browser (%s) is cut back to the server', (url, expected) => {
    expect(loadConfig({ env: { ...base, ODOO_URL: url }, cwd: emptyDir() }).odoo.url).toBe(expected);
  });
});

describe('writeOdooCredentials (setup --write-config)', () => {
  const credentials = { url: 'http://127.0.0.1:8069', db: 'dealer', user: 'h23-bridge', apiKey: 'k-new' };

  it('puts the bridge user in the odoo section, drops the password, keeps every other setting, mode 600', () => {
    const dir = mkdtempSync(join(tmpdir(), 'h23-write-'));
    const file = join(dir, 'h23-bridge.config.json');
    writeFileSync(
      file,
      JSON.stringify({
        odoo: { url: 'x', db: 'y', user: 'admin', password: 'admin-pw', tz: 'Asia/Makassar' },
        log: { level: 'debug' },
      }),
      { mode: 0o644 },
    );
    writeOdooCredentials(file, credentials);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      odoo: { ...credentials, tz: 'Asia/Makassar' },
      log: { level: 'debug' },
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const config = loadConfig({ file, env: {} });
    expect([config.odoo.user, config.odoo.apiKey, config.odoo.password]).toEqual([
      'h23-bridge',
      'k-new',
      undefined,
    ]);
  });

  it('creates the file when there is none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'h23-write-'));
    const path = writeOdooCredentials('new.json', credentials, dir);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ odoo: credentials });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
