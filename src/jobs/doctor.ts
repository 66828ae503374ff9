import type { OdooConfig } from '../../config/schema.js';
import { chooseProtocol, listDatabases, OdooClient, probeServer } from '../connectors/odoo/client.js';
import { type Dialect, dialectFor, supportNotice } from '../connectors/odoo/dialect.js';
import { isOdooError, OdooError } from '../connectors/odoo/errors.js';
import { FollowUpStore } from '../connectors/odoo/followup-store.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import {
  countModuleRecords,
  hasModelAccess,
  type Operation,
  readApiKeys,
  readCurrentUser,
  type UserSummary,
} from '../connectors/odoo/identity.js';
import { readLanguage } from '../connectors/odoo/language.js';
import type { ServerVersion } from '../connectors/odoo/transport.js';
import type { Logger } from '../logging/logger.js';
import { MODULE_NAMESPACE } from '../module/namespace.js';
import { dealerToday } from './dealer-today.js';
import { adviseOnFailure, type DoctorStep } from './doctor-advice.js';
import { checkSetup } from './doctor-setup.js';

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

/** Rights the daily jobs need on standard models; the module's own models come with its bridge group. */
export const BRIDGE_STANDARD_ACCESS: ReadonlyArray<{ model: string; operations: Operation[] }> = [
  { model: 'res.partner', operations: ['read', 'write', 'create'] },
  { model: 'mail.activity', operations: ['read', 'write', 'create'] },
  { model: 'ir.model.data', operations: ['read'] },
];

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
  try {
    client = await OdooClient.connect(connection, logger);
    report.user = await readCurrentUser(client);
    report.checks.push({
      name: 'login',
      status: 'ok',
      detail: `user ${report.user.login} (id ${report.user.id}) on database ${odoo.db}, ${report.user.groups.length} groups`,
    });
  } catch (error) {
    return fail('login', 'login', error);
  }

  report.latencyMs = await measureLatency(client);
  report.checks.push({
    name: 'latency',
    status: report.latencyMs.median > 1000 ? 'warn' : 'ok',
    detail: `round trip median ${report.latencyMs.median} ms, max ${report.latencyMs.max} ms over ${report.latencyMs.samples} calls`,
  });

  if (odoo.apiKey !== undefined) report.checks.push(await checkApiKeys(client, now));

  try {
    const missing: string[] = [];
    for (const { model, operations } of BRIDGE_STANDARD_ACCESS) {
      for (const operation of operations) {
        if (!(await hasModelAccess(client, model, operation))) missing.push(`${operation} ${model}`);
      }
    }
    if (missing.length > 0) {
      throw new OdooError({ code: 'access', message: `no right to ${missing.join(', ')}` });
    }
    report.checks.push({
      name: 'rights',
      status: 'ok',
      detail: 'the user has the rights the bridge needs on standard models',
    });
  } catch (error) {
    return fail('rights', 'rights', error);
  }

  try {
    const records = await countModuleRecords(client, MODULE_NAMESPACE);
    report.moduleInstalled = records > 0;
    report.checks.push({
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
    return fail('rights', 'module', error);
  }

  report.checks.push(await checkLanguage(client));
  if (options.setup && report.moduleInstalled) {
    const { defaultBranch } = options.setup;
    report.checks.push(
      await checkSetup(new FollowUpStore(client), {
        today: dealerToday(odoo.tz, now),
        ...(defaultBranch ? { defaultBranch } : {}),
      }),
    );
  }

  report.ok = true;
  return report;
}

/** The bridge works in its context's language; Odoo writes its own texts in it only when loaded. */
async function checkLanguage(client: OdooClient): Promise<DoctorCheck> {
  const code = client.language ?? 'en_US';
  try {
    const lang = await readLanguage(client, code);
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
      detail: `could not read res.lang: ${isOdooError(error) ? error.message : String(error)}`,
    };
  }
}

async function measureLatency(client: OdooClient): Promise<{ median: number; max: number; samples: number }> {
  const samples: number[] = [];
  for (let index = 0; index < LATENCY_SAMPLES; index += 1) {
    const started = performance.now();
    await client.searchCount('res.users', [['id', '=', client.uid]]);
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

async function checkApiKeys(client: OdooClient, now: Date): Promise<DoctorCheck> {
  try {
    const keys = await readApiKeys(client);
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
