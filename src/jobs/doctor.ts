import type { OdooConfig, WhatsAppConfig } from '../../config/schema.js';
import { chooseProtocol, listDatabases, OdooClient, probeServer } from '../connectors/odoo/client.js';
import { type Dialect, dialectFor, supportNotice } from '../connectors/odoo/dialect.js';
import type { KpiReadiness } from '../connectors/odoo/doctor-store.js';
import { OdooDoctorStore } from '../connectors/odoo/doctor-store.js';
import { isOdooError, OdooError } from '../connectors/odoo/errors.js';
import { FollowUpStore } from '../connectors/odoo/followup-store.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import type { ApiKeySummary, UserSummary } from '../connectors/odoo/identity.js';
import type { LanguageState } from '../connectors/odoo/language.js';
import type { ServerVersion } from '../connectors/odoo/transport.js';
import { OdooWhatsAppOutbox } from '../connectors/odoo/whatsapp-outbox-store.js';
import { approvedFirstContactTemplate } from '../connectors/odoo/whatsapp-template-store.js';
import { cloudApiFromConfig } from '../connectors/whatsapp/from-config.js';
import type { Logger } from '../logging/logger.js';
import { MODULE_NAMESPACE } from '../module/namespace.js';
import { LANG } from '../module/odoo-models.js';
import { dealerToday } from './dealer-today.js';
import { adviseOnFailure, type DoctorStep } from './doctor-advice.js';
import { checkSetup, type SetupStore } from './doctor-setup.js';
import { checkWhatsApp } from './whatsapp-doctor.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  detail: string;
  cause?: string;
  fix?: string;
}

export interface DoctorReport {
  ok: boolean;
  /** The step that failed, which sets the exit code. */
  failedStep?: DoctorStep;
  failedCode?: OdooError['code'];
  url: string;
  database: string;
  server?: ServerVersion;
  protocol?: 'jsonrpc' | 'json2';
  user?: UserSummary;
  latencyMs?: { median: number; max: number; samples: number };
  moduleInstalled?: boolean;
  checks: DoctorCheck[];
}

/** What doctor asks the database once logged in: `OdooDoctorStore` over Odoo, or memory in tests. */
export interface DoctorStore {
  /** The language the bridge works in (`odoo.lang`), if any. */
  readonly workLanguage: string | undefined;
  /** One cheap call, timed for the latency line. */
  roundTrip(): Promise<void>;
  /** The connected user's own API keys. */
  apiKeys(): Promise<ApiKeySummary[]>;
  /** Rights the daily jobs need on standard models that the user lacks (`write mail.activity`). */
  missingRights(): Promise<string[]>;
  /** External IDs of the module's namespace: 0 when it is not installed. */
  moduleRecords(namespace: string): Promise<number>;
  language(code: string): Promise<LanguageState>;
  /** State of Odoo's Automation Rules addon, which enforces the complaint stages. */
  automationAddon(): Promise<string>;
  /** Who the KPI scorecard measures and who validates it, and where its sales come from. */
  kpiReadiness(): Promise<KpiReadiness>;
  /** Odoo's Surveys app and the module's satisfaction survey in it (issue 15). */
  surveyReadiness(): Promise<'ready' | 'no_addon' | 'not_installed'>;
}

/** The checks after login, in order; the first failing one ends them. */
export interface DatabaseChecks {
  checks: DoctorCheck[];
  latencyMs: { median: number; max: number; samples: number };
  moduleInstalled?: boolean;
  failure?: { step: DoctorStep; name: string; error: unknown };
}

const LATENCY_SAMPLES = 5;
const KEY_EXPIRY_WARNING_DAYS = 14;

/**
 * Checks, one step after another, everything the bridge needs from Odoo and says,
 * for the first thing that fails, why and how to fix it.
 */
export async function runDoctor(
  odoo: OdooConfig,
  logger: Logger,
  now: Date = new Date(),
  options: {
    /**
     * Also check the dealer's setup for the KPB schedule once the module is
     * installed (branches with dealer codes and CRM admins; units held without
     * them): what `h23-bridge doctor` does. A warning at most.
     */
    setup?: { defaultBranch?: string };
    /** whatsapp.mode api: also check the Cloud API token, number and FU1 template. */
    whatsapp?: WhatsAppConfig;
  } = {},
): Promise<DoctorReport> {
  const connection = connectionFromConfig(odoo);
  const report: DoctorReport = { ok: false, url: odoo.url, database: odoo.db, checks: [] };
  const fail = async (step: DoctorStep, name: string, error: unknown): Promise<DoctorReport> => {
    const odooError = isOdooError(error)
      ? error
      : new OdooError({ code: 'protocol', message: String(error) });
    const databases = odooError.code === 'missing' ? await listDatabases(connection) : null;
    const advice = adviseOnFailure({
      step,
      error: odooError,
      url: odoo.url,
      db: odoo.db,
      protocol: odoo.protocol,
      usesApiKey: odoo.apiKey !== undefined,
      databases,
    });
    report.checks.push({ name, status: 'fail', detail: odooError.message, ...advice });
    report.failedStep = step;
    report.failedCode = odooError.code;
    logger.debug({ err: odooError.toLog(true), step }, 'doctor step failed');
    return report;
  };

  let version: ServerVersion;
  try {
    version = await probeServer(connection);
    report.server = version;
    report.checks.push({
      name: 'server',
      status: 'ok',
      detail: `Odoo ${version.version} ${version.edition === 'enterprise' ? 'Enterprise' : 'Community'} at ${odoo.url}`,
    });
  } catch (error) {
    return fail('reach', 'server', error);
  }

  const dialect = dialectFor(version.major);
  const notice = supportNotice(dialect, version.version);
  if (dialect.support === 'unsupported') {
    report.checks.push({
      name: 'version',
      status: 'fail',
      detail: notice ?? '',
      cause: "The extension's views, fields and API calls are written for Odoo 17, 18 and 19.",
      fix: 'Run the bridge against an Odoo 17.0 or later database (upgrade Odoo, or point ODOO_URL at a newer server).',
    });
    report.failedStep = 'version';
    return report;
  }
  report.checks.push({
    name: 'version',
    status: dialect.support === 'unverified' ? 'warn' : 'ok',
    detail: notice ?? `dialect of Odoo ${dialect.major} (${describeDialect(dialect)})`,
  });

  try {
    report.protocol = chooseProtocol(odoo.protocol, version, odoo.apiKey !== undefined);
    const why = odoo.protocol === 'auto' ? ' (auto)' : '';
    report.checks.push({ name: 'protocol', status: 'ok', detail: `${report.protocol}${why}` });
  } catch (error) {
    return fail('protocol', 'protocol', error);
  }

  let client: OdooClient;
  let store: OdooDoctorStore;
  try {
    client = await OdooClient.connect(connection, logger);
    store = new OdooDoctorStore(client);
    report.user = await store.currentUser();
    report.checks.push({
      name: 'login',
      status: 'ok',
      detail: `user ${report.user.login} (id ${report.user.id}) on database ${odoo.db}, ${report.user.groups.length} groups`,
    });
  } catch (error) {
    return fail('login', 'login', error);
  }

  const checked = await checkDatabase(store, {
    apiKey: odoo.apiKey !== undefined,
    now,
    ...(options.setup
      ? {
          setup: {
            store: new FollowUpStore(client),
            today: dealerToday(odoo.tz, now),
            ...(options.setup.defaultBranch ? { defaultBranch: options.setup.defaultBranch } : {}),
          },
        }
      : {}),
  });
  report.latencyMs = checked.latencyMs;
  report.checks.push(...checked.checks);
  if (checked.moduleInstalled !== undefined) report.moduleInstalled = checked.moduleInstalled;
  if (checked.failure) return fail(checked.failure.step, checked.failure.name, checked.failure.error);

  if (options.whatsapp?.mode === 'api' && report.moduleInstalled) {
    const outbox = new OdooWhatsAppOutbox(client, odoo.tz);
    const checks = await checkWhatsApp(
      cloudApiFromConfig(options.whatsapp, odoo),
      () => approvedFirstContactTemplate(client),
      () => outbox.dealerRefusals(),
    );
    report.checks.push(...checks);
    if (checks.some((check) => check.status === 'fail')) {
      report.failedStep = 'whatsapp';
      return report;
    }
  }
  report.ok = true;
  return report;
}

/**
 * Doctor's checks of a database it is logged in to: latency, API keys, rights,
 * the module, the language and (with `setup`, once the module is installed)
 * the dealer's setup. Stops at the first failure, which the caller explains.
 */
export async function checkDatabase(
  store: DoctorStore,
  options: {
    apiKey: boolean;
    now: Date;
    setup?: { store: SetupStore; today: string; defaultBranch?: string };
  },
): Promise<DatabaseChecks> {
  const latencyMs = await measureLatency(store);
  const result: DatabaseChecks = { checks: [], latencyMs };
  result.checks.push({
    name: 'latency',
    status: latencyMs.median > 1000 ? 'warn' : 'ok',
    detail: `round trip median ${latencyMs.median} ms, max ${latencyMs.max} ms over ${latencyMs.samples} calls`,
  });

  if (options.apiKey) result.checks.push(await checkApiKeys(store, options.now));

  try {
    const missing = await store.missingRights();
    if (missing.length > 0) {
      throw new OdooError({ code: 'access', message: `no right to ${missing.join(', ')}` });
    }
    result.checks.push({
      name: 'rights',
      status: 'ok',
      detail: 'the user has the rights the bridge needs on standard models',
    });
  } catch (error) {
    result.failure = { step: 'rights', name: 'rights', error };
    return result;
  }

  try {
    const records = await store.moduleRecords(MODULE_NAMESPACE);
    result.moduleInstalled = records > 0;
    result.checks.push({
      name: 'module',
      status: records > 0 ? 'ok' : 'warn',
      detail:
        records > 0
          ? `${MODULE_NAMESPACE} installed (${records} records)`
          : `${MODULE_NAMESPACE} not installed yet`,
      ...(records > 0
        ? {}
        : { fix: 'Run `npx h23-bridge install` with an Odoo administrator’s login and API key.' }),
    });
  } catch (error) {
    result.failure = { step: 'rights', name: 'module', error };
    return result;
  }

  if (result.moduleInstalled) {
    result.checks.push(await checkComplaintRules(store));
    result.checks.push(await checkKpi(store));
    result.checks.push(await checkSurvey(store));
  }
  result.checks.push(await checkLanguage(store));
  if (options.setup && result.moduleInstalled) {
    const { store: setupStore, today, defaultBranch } = options.setup;
    result.checks.push(await checkSetup(setupStore, { today, ...(defaultBranch ? { defaultBranch } : {}) }));
  }
  return result;
}

/**
 * The complaint stage rules run in Odoo through its Automation Rules addon: without it the form
 * still requires each step's fields, but an import or a script can skip them, and the stage times
 * are stamped when the bridge next looks.
 */
async function checkComplaintRules(store: DoctorStore): Promise<DoctorCheck> {
  try {
    const state = await store.automationAddon();
    if (state === 'installed')
      return {
        name: 'complaint rules',
        status: 'ok',
        detail: 'enforced by an automation rule (base_automation)',
      };
    return {
      name: 'complaint rules',
      status: 'warn',
      detail: `Odoo's Automation Rules addon (base_automation) is ${state}: complaint stages are checked by the form only, and their times stamped by the bridge within minutes`,
      fix: 'Install "Automation Rules" in Odoo (Apps), then run `npx h23-bridge install` with an Odoo administrator’s login and API key.',
    };
  } catch (error) {
    return {
      name: 'complaint rules',
      status: 'warn',
      detail: `could not read the addon's state: ${isOdooError(error) ? error.message : String(error)}`,
    };
  }
}

/** The satisfaction surveys need Odoo's Surveys app, and the module's survey installed in it. */
async function checkSurvey(store: DoctorStore): Promise<DoctorCheck> {
  const name = 'satisfaction survey';
  try {
    const state = await store.surveyReadiness();
    if (state === 'ready')
      return {
        name,
        status: 'ok',
        detail: "the survey is in Odoo's Surveys app: done services get an invitation",
      };
    if (state === 'not_installed')
      return {
        name,
        status: 'warn',
        detail: "Odoo's Surveys app is installed, the module's satisfaction survey is not yet",
        fix: 'Run `h23-bridge install` (the daemon does at start) to add the survey.',
      };
    return {
      name,
      status: 'warn',
      detail: "Odoo's Surveys app is not installed: no satisfaction survey after a service",
      fix: 'Install it (Odoo → Apps → Surveys, or `odoo-bin -d <db> -i survey`), then run `h23-bridge install`.',
    };
  } catch (error) {
    return {
      name,
      status: 'warn',
      detail: `could not read the survey: ${isOdooError(error) ? error.message : String(error)}`,
    };
  }
}

/**
 * The KPI scorecard needs its officers in the Customer Relations Officer group, a Head of
 * Marketing to validate the samples (else the PIC CRM is asked), and sales (invoices or orders).
 */
async function checkKpi(store: DoctorStore): Promise<DoctorCheck> {
  const name = 'kpi scorecard';
  try {
    const ready = await store.kpiReadiness();
    if (ready.officers === 0) {
      return {
        name,
        status: 'ok',
        detail: 'nobody is in the Customer Relations Officer group: no scorecard is computed',
      };
    }
    const problems: string[] = [];
    if (ready.headsOfMarketing === 0)
      problems.push('nobody is in the Head of Marketing group: the PIC CRM gets the validations and reviews');
    if (ready.salesAddons.length === 0)
      problems.push('neither Invoicing nor Sales is installed: KPI-3 to KPI-6 count no sales');
    const detail = `${ready.officers} officer(s), ${ready.headsOfMarketing} Head(s) of Marketing, sales from ${ready.salesAddons.join(' and ') || 'nothing'}`;
    return problems.length === 0
      ? { name, status: 'ok', detail }
      : {
          name,
          status: 'warn',
          detail: `${detail}: ${problems.join('; ')}`,
          fix: 'In Odoo, Settings → Users: put the Head of Marketing in CRM H23 / Head of Marketing; install Invoicing or Sales for the revenue KPIs.',
        };
  } catch (error) {
    return {
      name,
      status: 'warn',
      detail: `could not read the KPI roles: ${isOdooError(error) ? error.message : String(error)}`,
    };
  }
}

/** The bridge works in its context's language; Odoo writes its own texts in it only when loaded. */
async function checkLanguage(store: DoctorStore): Promise<DoctorCheck> {
  const code = store.workLanguage ?? 'en_US';
  try {
    const lang = await store.language(code);
    if (lang.active) return { name: 'language', status: 'ok', detail: `${code} loaded` };
    return {
      name: 'language',
      status: 'warn',
      detail: lang.known
        ? `${code} (odoo.lang) is not loaded in this database: Odoo's own texts the bridge triggers come in English`
        : `Odoo knows no language ${code} (odoo.lang)`,
      fix: lang.known
        ? 'Run `npx h23-bridge install` with an Odoo administrator’s login and API key (it loads the language), or add it in Settings → Languages.'
        : 'Set ODOO_LANG (odoo.lang) to a language code Odoo has, e.g. id_ID.',
    };
  } catch (error) {
    return {
      name: 'language',
      status: 'warn',
      detail: `could not read ${LANG.model}: ${isOdooError(error) ? error.message : String(error)}`,
    };
  }
}

async function measureLatency(store: DoctorStore): Promise<{ median: number; max: number; samples: number }> {
  const samples: number[] = [];
  for (let index = 0; index < LATENCY_SAMPLES; index += 1) {
    const started = performance.now();
    await store.roundTrip();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)] ?? 0;
  return {
    median: Math.round(median * 10) / 10,
    max: Math.round((samples.at(-1) ?? 0) * 10) / 10,
    samples: samples.length,
  };
}

async function checkApiKeys(store: DoctorStore, now: Date): Promise<DoctorCheck> {
  try {
    const keys = await store.apiKeys();
    const dated = keys
      .filter((key) => key.expiresAt !== null)
      .map((key) => ({
        ...key,
        days: (Date.parse(`${key.expiresAt?.replace(' ', 'T')}Z`) - now.getTime()) / 86_400_000,
      }));
    // Expired keys no longer log in, so the key in use is among the others.
    const expired = dated.filter((key) => key.days < 0).length;
    const live = dated.filter((key) => key.days >= 0).sort((a, b) => a.days - b.days);
    const soonest = live[0];
    const count = `${keys.length - expired} valid key(s) for this user${expired ? ` (+${expired} expired)` : ''}`;
    if (!soonest) return { name: 'api key', status: 'ok', detail: `${count}, none with an expiry date` };
    const detail = `${count}; the first to expire, "${soonest.name}", expires ${soonest.expiresAt} UTC (in ${Math.floor(soonest.days)} days)`;
    if (soonest.days > KEY_EXPIRY_WARNING_DAYS) return { name: 'api key', status: 'ok', detail };
    return {
      name: 'api key',
      status: 'warn',
      detail,
      fix: 'Run `npx h23-bridge setup` with an Odoo administrator’s login and API key: it gives the bridge user a new key (or create one in Odoo and update ODOO_API_KEY).',
    };
  } catch (error) {
    const message = isOdooError(error) ? error.message : String(error);
    return { name: 'api key', status: 'warn', detail: `could not read the user's API keys: ${message}` };
  }
}

/** The dialect's main facts in a few words, for the `version` line. */
function describeDialect(dialect: Dialect): string {
  return [
    `${dialect.listView} views`,
    dialect.groupsField,
    dialect.readGroup,
    `partner ${dialect.partnerPhoneFields.join(' + ')}`,
    dialect.json2 ? 'JSON-2 available' : 'JSON-RPC only',
  ].join(', ');
}
