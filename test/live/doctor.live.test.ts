import { expect, it } from 'vitest';
import type { OdooConfig } from '../../config/schema.js';
import { exitCodeForReport } from '../../src/cli/doctor-command.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { dialectFor } from '../../src/connectors/odoo/dialect.js';
import { runDoctor } from '../../src/jobs/doctor.js';
import { silentLogger } from '../../src/logging/logger.js';
import { describeLive } from './live-env.js';

describeLive('doctor against a real Odoo', (base) => {
  const variants: Array<[string, OdooConfig | undefined]> = [
    [
      'JSON-RPC with a password',
      base.user && base.password ? { ...base, protocol: 'jsonrpc', apiKey: undefined } : undefined,
    ],
    [
      'JSON-RPC with an API key',
      base.user && base.apiKey ? { ...base, protocol: 'jsonrpc', password: undefined } : undefined,
    ],
    ['JSON-2 with an API key', base.apiKey ? { ...base, protocol: 'json2', password: undefined } : undefined],
  ];

  for (const [name, config] of variants) {
    it.skipIf(!config)(`succeeds over ${name} (JSON-2: refused with the reason before 19)`, async () => {
      const report = await runDoctor(config as OdooConfig, silentLogger());
      if (config?.protocol === 'json2' && report.server && !dialectFor(report.server.major).json2) {
        expect(report.failedStep).toBe('protocol');
        expect(report.checks.at(-1)?.detail).toMatch(/JSON-2 needs Odoo 19 or later/);
        expect(exitCodeForReport(report)).toBe(EXIT.usage);
        return;
      }
      expect(report.checks.filter((check) => check.status === 'fail')).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.protocol).toBe((config as OdooConfig).protocol);
      expect(report.user?.groups.length).toBeGreaterThan(0);
      expect(report.latencyMs?.samples).toBe(5);
    });
  }

  const wrong: Array<[string, Partial<OdooConfig>, string, number, RegExp]> = [
    [
      'wrong port',
      { url: base.url.replace(/:(\d+)/, ':1') },
      'reach',
      EXIT.unreachable,
      /Nothing accepts connections/,
    ],
    ['not the base URL', { url: `${base.url}/web` }, 'reach', EXIT.unreachable, /not like an Odoo server/],
    ['wrong database', { db: `${base.db}_nope` }, 'login', EXIT.auth, /no database named/],
    [
      'wrong API key',
      { apiKey: 'wrong-key-0123456789abcdef', password: undefined },
      'login',
      EXIT.auth,
      /rejected the API key/,
    ],
    [
      'wrong password',
      { apiKey: undefined, password: 'wrong-password', protocol: 'jsonrpc' },
      'login',
      EXIT.auth,
      /rejected the login and password/,
    ],
  ];
  it.each(wrong)('%s gives its own cause and a non-zero exit', async (_, change, step, exit, cause) => {
    const report = await runDoctor({ ...base, ...change, user: base.user ?? 'admin' }, silentLogger());
    expect(report.ok).toBe(false);
    expect(report.failedStep).toBe(step);
    expect(exitCodeForReport(report)).toBe(exit);
    expect(report.checks.at(-1)?.cause).toMatch(cause);
    expect(report.checks.at(-1)?.fix).toBeTruthy();
  });
});
