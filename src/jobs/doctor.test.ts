import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { testOdooConfig } from '../../test/support/odoo-config.js';
import { exitCodeForReport } from '../cli/doctor-command.js';
import { EXIT } from '../cli/exit-codes.js';
import type { KpiReadiness } from '../connectors/odoo/doctor-store.js';
import type { ApiKeySummary } from '../connectors/odoo/identity.js';
import type { LanguageState } from '../connectors/odoo/language.js';
import { silentLogger } from '../logging/logger.js';
import { checkDatabase, type DoctorCheck, type DoctorStore, runDoctor } from './doctor.js';
import type { SetupStore } from './doctor-setup.js';

const config = testOdooConfig({
  url: 'http://odoo.test',
  db: 'dealer',
  user: 'bridge',
  apiKey: 'k',
  timeoutMs: 5000,
});

/** Odoo's `common.version` answer, as JSON-RPC gives it. */
function serverRuns(major: number): void {
  nock('http://odoo.test')
    .post(
      '/jsonrpc',
      (body: { params?: { service?: string; method?: string } }) => body.params?.method === 'version',
    )
    .reply(200, {
      jsonrpc: '2.0',
      id: 1,
      result: { server_version: `${major}.0`, server_version_info: [major, 0, 0, 'final', 0, ''] },
    });
}

describe('doctor and the Odoo version', () => {
  afterEach(() => nock.cleanAll());

  it('says plainly that Odoo 16 is not supported, before logging in (exit 6)', async () => {
    serverRuns(16);
    const report = await runDoctor(config, silentLogger());
    expect(report.failedStep).toBe('version');
    expect(report.checks.map((check) => [check.name, check.status])).toEqual([
      ['server', 'ok'],
      ['version', 'fail'],
    ]);
    expect(report.checks[1]?.detail).toMatch(
      /Odoo 16\.0 is not supported: the bridge needs Odoo 17\.0 or later/,
    );
    expect(report.checks[1]?.fix).toMatch(/Odoo 17\.0 or later/);
    expect(exitCodeForReport(report)).toBe(EXIT.odoo);
  });

  it('warns that Odoo 20 is not verified yet, and goes on', async () => {
    serverRuns(20);
    // What follows the version line (protocol, login) is not the point here: the login is refused.
    nock('http://odoo.test').post('/json/2/res.users/context_get').reply(401, { message: 'Invalid apikey' });
    nock('http://odoo.test').post(/.*/).reply(401, { message: 'Invalid apikey' });
    const report = await runDoctor(config, silentLogger());
    const version = report.checks.find((check) => check.name === 'version');
    expect(version).toMatchObject({ status: 'warn' });
    expect(version?.detail).toMatch(/newer than the versions the bridge is verified on \(17–19\)/);
    expect(report.checks.map((check) => check.name)).toContain('protocol');
  });

  it('names the dialect of a supported version', async () => {
    serverRuns(17);
    nock('http://odoo.test').post(/.*/).reply(200, { jsonrpc: '2.0', id: 2, result: false });
    const report = await runDoctor(config, silentLogger());
    expect(report.checks.find((check) => check.name === 'version')).toEqual({
      name: 'version',
      status: 'ok',
      detail: 'dialect of Odoo 17 (tree views, groups_id, read_group, partner phone + mobile, JSON-RPC only)',
    });
  });
});

/** A logged-in database in memory: what it answers to each of doctor's questions, and what was asked. */
class MemoryDoctorStore implements DoctorStore {
  workLanguage: string | undefined = 'id_ID';
  keys: ApiKeySummary[] = [{ name: 'h23-bridge 2026-11-01', expiresAt: '2027-02-01 00:00:00' }];
  missing: string[] = [];
  moduleRecordCount = 412;
  languages = new Map<string, LanguageState>([['id_ID', { code: 'id_ID', known: true, active: true }]]);
  languageError: Error | undefined;
  automation = 'installed';
  kpi: KpiReadiness = { officers: 0, headsOfMarketing: 0, salesAddons: ['account', 'sale'] };
  readonly asked: string[] = [];

  async kpiReadiness(): Promise<KpiReadiness> {
    this.asked.push('kpiReadiness');
    return this.kpi;
  }

  survey: 'ready' | 'no_addon' | 'not_installed' = 'ready';

  async surveyReadiness(): Promise<'ready' | 'no_addon' | 'not_installed'> {
    this.asked.push('surveyReadiness');
    return this.survey;
  }

  async automationAddon(): Promise<string> {
    this.asked.push('automationAddon');
    return this.automation;
  }

  async roundTrip(): Promise<void> {
    this.asked.push('roundTrip');
  }
  async apiKeys(): Promise<ApiKeySummary[]> {
    this.asked.push('apiKeys');
    return this.keys;
  }
  async missingRights(): Promise<string[]> {
    this.asked.push('missingRights');
    return this.missing;
  }
  async moduleRecords(namespace: string): Promise<number> {
    this.asked.push(`moduleRecords ${namespace}`);
    return this.moduleRecordCount;
  }
  async language(code: string): Promise<LanguageState> {
    this.asked.push(`language ${code}`);
    if (this.languageError) throw this.languageError;
    return this.languages.get(code) ?? { code, known: false, active: false };
  }
}

const branchesReady: SetupStore = {
  branches: async () => [
    { id: 1, name: 'Cabang Utama', dealerCode: '07423', crmAdminIds: [7], calendarId: null },
  ],
  setupCounts: async () => ({
    unitsWithoutBranch: new Map(),
    unitsByBranch: new Map([[1, 20]]),
    openWithoutBranch: 0,
    openWithoutAdmin: 0,
  }),
};

const NOW = new Date('2026-11-23T00:00:00Z');

describe("doctor's KPI scorecard check", () => {
  it.each([
    {
      case: 'no officer: nothing to compute',
      kpi: { officers: 0, headsOfMarketing: 0, salesAddons: [] },
      status: 'ok',
      detail: /no scorecard/,
    },
    {
      case: 'officers, a Head of Marketing, invoices',
      kpi: { officers: 3, headsOfMarketing: 1, salesAddons: ['account', 'sale'] },
      status: 'ok',
      detail: /^3 officer\(s\), 1 Head/,
    },
    {
      case: 'no Head of Marketing',
      kpi: { officers: 3, headsOfMarketing: 0, salesAddons: ['account'] },
      status: 'warn',
      detail: /PIC CRM gets the validations/,
    },
    {
      case: 'no sales addon',
      kpi: { officers: 1, headsOfMarketing: 1, salesAddons: [] },
      status: 'warn',
      detail: /count no sales/,
    },
  ])('$case: $status', async ({ kpi, status, detail }) => {
    const store = new MemoryDoctorStore();
    store.kpi = kpi;
    const check = (await checkDatabase(store, { apiKey: true, now: NOW })).checks.find(
      (item) => item.name === 'kpi scorecard',
    );
    expect(check?.status).toBe(status);
    expect(check?.detail).toMatch(detail);
  });
});
const statuses = (checks: readonly DoctorCheck[]) => checks.map((check) => [check.name, check.status]);

describe("doctor's checks of a database it is logged in to", () => {
  it('all in order: latency, key, rights, module, complaint rules, kpi scorecard, survey, language', async () => {
    const store = new MemoryDoctorStore();
    const result = await checkDatabase(store, { apiKey: true, now: NOW });
    expect(result.failure).toBeUndefined();
    expect(result.moduleInstalled).toBe(true);
    expect(result.latencyMs.samples).toBe(5);
    expect(statuses(result.checks)).toEqual([
      ['latency', 'ok'],
      ['api key', 'ok'],
      ['rights', 'ok'],
      ['module', 'ok'],
      ['complaint rules', 'ok'],
      ['kpi scorecard', 'ok'],
      ['satisfaction survey', 'ok'],
      ['language', 'ok'],
    ]);
    expect(result.checks[3]?.detail).toBe('h23_crm installed (412 records)');
    expect(store.asked.filter((call) => call === 'roundTrip')).toHaveLength(5);
  });

  it.each([
    [
      'no_addon',
      'Install it (Odoo → Apps → Surveys, or `odoo-bin -d <db> -i survey`), then run `h23-bridge install`.',
    ],
    ['not_installed', 'Run `h23-bridge install` (the daemon does at start) to add the survey.'],
  ] as const)('without the satisfaction survey (%s), says how to add it', async (state, fix) => {
    const store = new MemoryDoctorStore();
    store.survey = state;
    const result = await checkDatabase(store, { apiKey: false, now: NOW });
    expect(result.checks.find((check) => check.name === 'satisfaction survey')).toMatchObject({
      status: 'warn',
      fix,
    });
  });

  it('without Odoo’s Automation Rules addon, says the complaint stages are checked by the form only, and the fix', async () => {
    const store = new MemoryDoctorStore();
    store.automation = 'uninstalled';
    const result = await checkDatabase(store, { apiKey: false, now: NOW });
    expect(result.checks.find((check) => check.name === 'complaint rules')).toEqual({
      name: 'complaint rules',
      status: 'warn',
      detail:
        "Odoo's Automation Rules addon (base_automation) is uninstalled: complaint stages are checked by the form only, and their times stamped by the bridge within minutes",
      fix: 'Install "Automation Rules" in Odoo (Apps), then run `npx h23-bridge install` with an Odoo administrator’s login and API key.',
    });
  });

  it('stops at missing rights and names them; nothing after is asked', async () => {
    const store = new MemoryDoctorStore();
    store.missing = ['write mail.activity', 'create mail.activity'];
    const result = await checkDatabase(store, {
      apiKey: false,
      now: NOW,
      setup: { store: branchesReady, today: '2026-11-23' },
    });
    expect(result.failure?.step).toBe('rights');
    expect(result.failure?.name).toBe('rights');
    expect(String((result.failure?.error as Error).message)).toBe(
      'no right to write mail.activity, create mail.activity',
    );
    expect(statuses(result.checks)).toEqual([['latency', 'ok']]);
    expect(store.asked).not.toContain('apiKeys');
    expect(store.asked.some((call) => call.startsWith('moduleRecords'))).toBe(false);
  });

  it('a module count it may not read fails the rights step under the name "module"', async () => {
    const store = new MemoryDoctorStore();
    store.moduleRecords = async () => {
      throw new Error('access denied');
    };
    const result = await checkDatabase(store, { apiKey: false, now: NOW });
    expect(result.failure).toMatchObject({ step: 'rights', name: 'module' });
  });

  it('without the module: a warning with the fix, and no setup check even when asked', async () => {
    const store = new MemoryDoctorStore();
    store.moduleRecordCount = 0;
    let setupAsked = false;
    const setup: SetupStore = {
      ...branchesReady,
      branches: async () => {
        setupAsked = true;
        return [];
      },
    };
    const result = await checkDatabase(store, {
      apiKey: false,
      now: NOW,
      setup: { store: setup, today: '2026-11-23' },
    });
    expect(result.moduleInstalled).toBe(false);
    expect(result.checks.find((check) => check.name === 'module')).toMatchObject({
      status: 'warn',
      detail: 'h23_crm not installed yet',
      fix: 'Run `npx h23-bridge install` with an Odoo administrator’s login and API key.',
    });
    expect(result.checks.map((check) => check.name)).not.toContain('setup');
    expect(setupAsked).toBe(false);
  });

  it('with the module and setup asked, ends with the setup line', async () => {
    const result = await checkDatabase(new MemoryDoctorStore(), {
      apiKey: false,
      now: NOW,
      setup: { store: branchesReady, today: '2026-11-23' },
    });
    expect(result.checks.at(-1)?.name).toBe('setup');
  });

  it.each([
    [
      'a key expiring in 10 days warns',
      [{ name: 'a', expiresAt: '2026-12-03 00:00:00' }],
      'warn',
      '(in 10 days)',
    ],
    [
      'a key expiring in 30 days is fine',
      [{ name: 'a', expiresAt: '2026-12-23 00:00:00' }],
      'ok',
      '(in 30 days)',
    ],
    ['keys without expiry are fine', [{ name: 'a', expiresAt: null }], 'ok', 'none with an expiry date'],
    [
      'an expired key is counted apart, the live one decides',
      [
        { name: 'old', expiresAt: '2026-11-01 00:00:00' },
        { name: 'new', expiresAt: '2027-11-01 00:00:00' },
      ],
      'ok',
      '1 valid key(s) for this user (+1 expired)',
    ],
  ] as const)('%s', async (_, keys, status, detail) => {
    const store = new MemoryDoctorStore();
    store.keys = keys.map((key) => ({ ...key }));
    const check = (await checkDatabase(store, { apiKey: true, now: NOW })).checks.find(
      (c) => c.name === 'api key',
    );
    expect(check?.status).toBe(status);
    expect(check?.detail).toContain(detail);
  });

  it.each([
    ['loaded', { code: 'id_ID', known: true, active: true }, 'ok', 'id_ID loaded'],
    [
      'known, not loaded',
      { code: 'id_ID', known: true, active: false },
      'warn',
      'id_ID (odoo.lang) is not loaded',
    ],
    ['unknown', { code: 'id_ID', known: false, active: false }, 'warn', 'Odoo knows no language id_ID'],
  ] as const)('the work language %s', async (_, state, status, detail) => {
    const store = new MemoryDoctorStore();
    store.languages.set('id_ID', state);
    const check = (await checkDatabase(store, { apiKey: false, now: NOW })).checks.at(-1);
    expect(check).toMatchObject({ name: 'language', status });
    expect(check?.detail).toContain(detail);
  });

  it('a language that cannot be read is a warning, and without odoo.lang en_US is asked', async () => {
    const store = new MemoryDoctorStore();
    store.workLanguage = undefined;
    store.languageError = new Error('boom');
    const result = await checkDatabase(store, { apiKey: false, now: NOW });
    expect(store.asked).toContain('language en_US');
    expect(result.checks.at(-1)).toMatchObject({
      name: 'language',
      status: 'warn',
      detail: 'could not read res.lang: Error: boom',
    });
    expect(result.failure).toBeUndefined();
  });
});
