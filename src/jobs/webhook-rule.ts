import type { WorConfig } from '../../config/schema.js';
import type { OdooClient } from '../connectors/odoo/client.js';
import { isOdooError, OdooError } from '../connectors/odoo/errors.js';
import { resolveXmlids } from '../connectors/odoo/external-ids.js';
import { normalizeStoredText } from '../connectors/odoo/stored-text.js';
import {
  AUTOMATION_ADDON,
  AUTOMATION_MODEL,
  actionRow,
  automationAddonState,
  type InstalledRule,
  RULE_NAME,
  readInstalledRule,
  removeInstalledRule,
  resolveRuleTargets,
  ruleRow,
  SERVER_ACTION_MODEL,
  WEBHOOK_RULE_XMLIDS,
} from '../connectors/odoo/webhook-rule-store.js';
import type { Logger } from '../logging/logger.js';
import { upsertByExternalId } from './upsert.js';

/** The daemon's webhook path for the WOR job (`src/connectors/health/server.ts`, job `wor`). */
export const WOR_WEBHOOK_PATH = '/webhook/wor';

/** The bridge's base URL as given to `--url`: http(s), no path beyond a prefix, no query, no credentials. */
export function parseBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(
      `--url ${JSON.stringify(text)} is not a URL; give the bridge's base URL, e.g. http://10.0.0.5:9464`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`--url must start with http:// or https://, got ${url.protocol}`);
  if (url.search || url.hash || url.username || url.password)
    throw new Error('--url takes the base URL only: no query, fragment or credentials (the token is added)');
  return url;
}

/** `<base>/webhook/wor?token=<token>`: Odoo's webhook cannot send headers, so the token rides in the query. */
export function webhookUrl(base: URL, token: string): string {
  const prefix = base.pathname.replace(/\/+$/, '');
  return `${base.origin}${prefix}${WOR_WEBHOOK_PATH}?token=${encodeURIComponent(token)}`;
}

/** The URL with its token hidden, for output and logs. */
export function maskWebhookUrl(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/g, '$1***');
}

/** The token in a stored webhook URL, or undefined. */
export function tokenOf(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('token') ?? undefined;
  } catch {
    return undefined;
  }
}

const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\])$/i;
const PRIVATE =
  /^(localhost|127(\.\d+){3}|10(\.\d+){3}|192\.168(\.\d+){2}|172\.(1[6-9]|2\d|3[01])(\.\d+){2}|\[::1\]|\[f[cd][0-9a-f:]*\]|[\w-]+\.(local|lan|internal))$/i;

/** What to tell the operator about the URL before Odoo starts calling it. */
export function urlWarnings(base: URL, odooUrl: string): string[] {
  const warnings: string[] = [];
  if (base.protocol === 'http:' && !PRIVATE.test(base.hostname))
    warnings.push(
      `${base.host} does not look private and the URL is plain http: the token travels in clear text. Put the bridge behind HTTPS, or use a private network address.`,
    );
  let odooHost = '';
  try {
    odooHost = new URL(odooUrl).hostname;
  } catch {
    // config validation already refused a bad odoo.url
  }
  if (LOOPBACK.test(base.hostname) && odooHost && !LOOPBACK.test(odooHost))
    warnings.push(
      `${base.host} is a loopback address, but Odoo runs at ${odooHost}: Odoo would call its own machine. Give an address of the bridge that Odoo can reach, and set daemon.host so the daemon listens on it.`,
    );
  return warnings;
}

/** English steps for an Odoo without the `base_automation` addon (the bridge never installs addons). */
export function manualSteps(model: string): string[] {
  return [
    `The webhook needs Odoo's "Automation Rules" addon (${AUTOMATION_ADDON}), which is not installed in this database.`,
    'To install it, as an Odoo administrator:',
    '  1. Open Apps, remove the "Apps" filter in the search bar, and search for "Automation Rules".',
    '  2. Click Activate (Odoo reloads its registry for a moment; users may see a short pause).',
    '  3. Run `npx h23-bridge webhook install --url <bridge base URL>` again with the administrator’s login or API key.',
    `Or create the rule by hand (Settings → Technical → Automation → Automation Rules, developer mode on): model ${model}, trigger "On create and edit", one action of type "Send Webhook Notification" with URL <bridge base URL>${WOR_WEBHOOK_PATH}?token=<daemon.webhookToken> and fields "ID" and "Last Updated on".`,
    `Until then nothing is lost: the daemon polls WORs on daemon.worCron.`,
  ];
}

export interface WebhookChange {
  xmlid: string;
  action: 'create' | 'update' | 'unchanged';
  changed?: string[];
}

export interface WebhookInstallReport {
  odooVersion: string;
  model: string;
  /** The webhook URL with the token masked. */
  url: string;
  outcome: 'installed' | 'unchanged' | 'unsupported' | 'needs_base_automation';
  message: string;
  warnings: string[];
  manualSteps?: string[];
  watchedFields?: string[];
  changes?: WebhookChange[];
}

export interface WebhookInstallOptions {
  baseUrl: URL;
  token: string;
  wor: WorConfig;
  odooUrl: string;
}

/** The WOR input fields named in the config (null ones are not read). */
function configuredWorFields(wor: WorConfig): string[] {
  return Object.values(wor.fields).filter((name): name is string => typeof name === 'string');
}

/** Odoo refuses the bridge user on these models: say who must run the command instead. */
function asAdminError(error: unknown): unknown {
  if (!isOdooError(error) || error.code !== 'access') return error;
  return new OdooError({
    code: 'access',
    message: `${error.message} — the webhook rule is written by an Odoo administrator (group Administration / Settings): run this command with the admin's login and API key (ODOO_USER, ODOO_API_KEY), not the bridge user's`,
    model: error.model,
    method: error.method,
  });
}

/** Whether the addon and the Odoo version allow the rule; the reason otherwise. */
async function gate(
  client: OdooClient,
  model: string,
): Promise<
  | { ok: true }
  | { ok: false; outcome: 'unsupported' | 'needs_base_automation'; message: string; steps?: string[] }
> {
  if (!client.dialect.webhookAction) {
    return {
      ok: false,
      outcome: 'unsupported',
      message: `Odoo ${client.version.version} has no webhook actions (they came with Odoo 17): the daemon polls WORs on daemon.worCron instead.`,
    };
  }
  const state = await automationAddonState(client);
  if (state !== 'installed') {
    return {
      ok: false,
      outcome: 'needs_base_automation',
      message: `Odoo's ${AUTOMATION_ADDON} addon is ${state === 'absent' ? 'missing' : state} in this database; nothing was written. The daemon keeps polling WORs on daemon.worCron.`,
      steps: manualSteps(model),
    };
  }
  return { ok: true };
}

/**
 * Creates or updates the automation rule that POSTs to the bridge when a WOR
 * is created or its input changes, keyed by external IDs in the module's
 * namespace: a re-run with the same URL changes nothing, one with another URL
 * or token updates the action in place.
 */
export async function installWebhookRule(
  client: OdooClient,
  logger: Logger,
  options: WebhookInstallOptions,
): Promise<WebhookInstallReport> {
  const model = options.wor.model;
  const url = webhookUrl(options.baseUrl, options.token);
  const report: WebhookInstallReport = {
    odooVersion: client.version.version,
    model,
    url: maskWebhookUrl(url),
    outcome: 'unchanged',
    message: '',
    warnings: urlWarnings(options.baseUrl, options.odooUrl),
  };
  try {
    const allowed = await gate(client, model);
    if (!allowed.ok) {
      report.outcome = allowed.outcome;
      report.message = allowed.message;
      if (allowed.steps) report.manualSteps = allowed.steps;
      return report;
    }
    const targets = await resolveRuleTargets(client, model, configuredWorFields(options.wor));
    report.watchedFields = [...targets.triggerFields.keys()].sort();
    const changes: WebhookChange[] = [];
    const apply = async (modelName: string, row: ReturnType<typeof ruleRow>) => {
      const [outcome] = (
        await upsertByExternalId(client, modelName, [row], { normalize: normalizeStoredText })
      ).outcomes;
      if (!outcome || outcome.action === 'failed' || outcome.id === undefined)
        throw outcome?.error ?? new OdooError({ code: 'protocol', message: `${row.xmlid} was not written` });
      changes.push({
        xmlid: outcome.xmlid,
        action: outcome.action,
        ...(outcome.changed ? { changed: outcome.changed } : {}),
      });
      return outcome.id;
    };
    const ruleId = await apply(AUTOMATION_MODEL, ruleRow(targets));
    const actionExists = (await resolveXmlids(client, [WEBHOOK_RULE_XMLIDS.action])).has(
      WEBHOOK_RULE_XMLIDS.action,
    );
    await apply(SERVER_ACTION_MODEL, actionRow(client.dialect, targets, ruleId, url, actionExists));
    report.changes = changes;
    const changed = changes.some((change) => change.action !== 'unchanged');
    report.outcome = changed ? 'installed' : 'unchanged';
    report.message = changed
      ? `Automation rule "${RULE_NAME}" on ${model} now calls ${report.url} when a WOR is created or its input changes.`
      : `The automation rule on ${model} already calls ${report.url}: nothing to change.`;
    logger.info(
      { model, outcome: report.outcome, changes: changes.map((change) => change.action) },
      'webhook rule',
    );
    return report;
  } catch (error) {
    throw asAdminError(error);
  }
}

export interface WebhookStatusReport {
  odooVersion: string;
  model: string;
  automationAddon: string;
  installed: boolean;
  active?: boolean;
  /** The webhook URL with the token masked. */
  url?: string;
  /** Whether the URL's token is `daemon.webhookToken` (null: no token configured here). */
  tokenMatches?: boolean | null;
  watchedFields?: string[];
  payloadFields?: string[];
  /** What makes the rule not do its job; empty when it does. */
  problems: string[];
}

/** Compares what the database holds with what `install` would write; pure. */
export function assessRule(
  installed: InstalledRule,
  expected: { model: string; token: string | undefined },
): string[] {
  const problems: string[] = [];
  const { rule, action } = installed;
  if (!rule && !action)
    return ['not installed: run `npx h23-bridge webhook install --url <bridge base URL>`'];
  if (!rule)
    problems.push(
      `the automation rule ${WEBHOOK_RULE_XMLIDS.rule} is missing: run \`webhook install\` again`,
    );
  if (!action)
    problems.push(
      `its webhook action ${WEBHOOK_RULE_XMLIDS.action} is missing: run \`webhook install\` again`,
    );
  if (rule && !rule.active) problems.push('the automation rule is archived: nothing is sent');
  if (rule && rule.model !== expected.model)
    problems.push(
      `the rule watches ${rule.model}, but wor.model is ${expected.model}: run \`webhook install\` again`,
    );
  if (rule && rule.trigger !== 'on_create_or_write')
    problems.push(
      `the rule's trigger is ${rule.trigger}, not "on create and edit": run \`webhook install\` again`,
    );
  if (rule && action && !rule.actionIds.includes(action.id))
    problems.push('the rule does not run the webhook action: run `webhook install` again');
  if (action && action.state !== 'webhook')
    problems.push(`the action is of type ${action.state}, not a webhook: run \`webhook install\` again`);
  if (action && !action.url) problems.push('the action has no URL: run `webhook install` again');
  const token = action?.url ? tokenOf(action.url) : undefined;
  if (action?.url && expected.token !== undefined && token !== expected.token)
    problems.push(
      'the URL carries another token than daemon.webhookToken: the daemon answers 401; run `webhook install` again',
    );
  return problems;
}

/** What the database holds, and whether it does its job, without writing. */
export async function webhookRuleStatus(
  client: OdooClient,
  options: { wor: WorConfig; token: string | undefined },
): Promise<WebhookStatusReport> {
  try {
    const supported = client.dialect.webhookAction;
    const addon = supported ? await automationAddonState(client) : 'unsupported';
    const report: WebhookStatusReport = {
      odooVersion: client.version.version,
      model: options.wor.model,
      automationAddon: addon,
      installed: false,
      problems: [],
    };
    if (!supported) {
      report.problems.push(
        `Odoo ${client.version.version} has no webhook actions (Odoo 17+): the daemon polls WORs on daemon.worCron`,
      );
      return report;
    }
    const installed = await readInstalledRule(client, addon === 'installed');
    if (addon !== 'installed')
      report.problems.push(`Odoo's ${AUTOMATION_ADDON} addon is ${addon}: no rule can run`);
    report.problems.push(...assessRule(installed, { model: options.wor.model, token: options.token }));
    report.installed = installed.rule !== undefined && installed.action !== undefined;
    if (installed.rule) {
      report.active = installed.rule.active;
      report.watchedFields = installed.rule.triggerFields;
    }
    if (installed.action) {
      report.url = maskWebhookUrl(installed.action.url);
      report.payloadFields = installed.action.payloadFields;
      const token = tokenOf(installed.action.url);
      report.tokenMatches = options.token === undefined ? null : token === options.token;
    }
    return report;
  } catch (error) {
    throw asAdminError(error);
  }
}

export interface WebhookRemoveReport {
  removed: number;
  message: string;
}

/** Removes the rule and its action; a second run finds nothing and says so. */
export async function removeWebhookRule(client: OdooClient, logger: Logger): Promise<WebhookRemoveReport> {
  try {
    const addon = client.dialect.webhookAction ? await automationAddonState(client) : 'absent';
    const installed = await readInstalledRule(client, addon === 'installed');
    const removed = await removeInstalledRule(client, installed);
    logger.info({ removed }, 'webhook rule removed');
    return {
      removed,
      message:
        removed > 0
          ? 'Removed the webhook rule: Odoo no longer calls the bridge; the daemon polls WORs on daemon.worCron.'
          : 'No webhook rule to remove.',
    };
  } catch (error) {
    throw asAdminError(error);
  }
}
