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
  IMPORT_BATCH_MODEL,
  IMPORT_HOOK,
  type InstalledRule,
  RULE_TRIGGER,
  readInstalledRule,
  removeInstalledRule,
  resolveRuleTargets,
  ruleRow,
  SERVER_ACTION_MODEL,
  WEBHOOK_ACTION_STATE,
  type WebhookHook,
  WOR_HOOK,
} from '../connectors/odoo/webhook-rule-store.js';
import type { Logger } from '../logging/logger.js';
import { upsertByExternalId } from './upsert.js';

/** The daemon jobs Odoo can ask for: `/webhook/<job>` (`src/connectors/health/server.ts`). */
export type WebhookJob = WebhookHook['job'];

/** The daemon's webhook path of a job. */
export function webhookPath(job: WebhookJob): string {
  return `/webhook/${job}`;
}

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

/** `<base>/webhook/<job>?token=<token>`: Odoo's webhook cannot send headers, so the token rides in the query. */
export function webhookUrl(base: URL, token: string, job: WebhookJob): string {
  const prefix = base.pathname.replace(/\/+$/, '');
  return `${base.origin}${prefix}${webhookPath(job)}?token=${encodeURIComponent(token)}`;
}

/** The path of a stored webhook URL, or undefined. */
function pathOf(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
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

/** A rule to install: the hook, the model it watches and the fields the configuration adds. */
export interface HookTarget {
  hook: WebhookHook;
  model: string;
  inputFields: string[];
  /** What makes Odoo call, for messages. */
  when: string;
}

/** The WOR input fields named in the config (null ones are not read). */
function configuredWorFields(wor: WorConfig): string[] {
  return Object.values(wor.fields).filter((name): name is string => typeof name === 'string');
}

/** Both rules: WORs (model and input fields from the config) and the import batches of the module. */
export function hookTargets(wor: WorConfig): HookTarget[] {
  return [
    {
      hook: WOR_HOOK,
      model: wor.model,
      inputFields: configuredWorFields(wor),
      when: 'a WOR is created or its input changes',
    },
    {
      hook: IMPORT_HOOK,
      model: IMPORT_BATCH_MODEL,
      inputFields: [],
      when: 'an import batch is saved or its file replaced',
    },
  ];
}

const POLLING = 'the daemon polls WORs on daemon.worCron and import batches on daemon.importCron';

/** English steps for an Odoo without the `base_automation` addon (the bridge never installs addons). */
export function manualSteps(targets: readonly HookTarget[]): string[] {
  return [
    `The webhooks need Odoo's "Automation Rules" addon (${AUTOMATION_ADDON}), which is not installed in this database.`,
    'To install it, as an Odoo administrator:',
    '  1. Open Apps, remove the "Apps" filter in the search bar, and search for "Automation Rules".',
    '  2. Click Activate (Odoo reloads its registry for a moment; users may see a short pause).',
    '  3. Run `npx h23-bridge webhook install --url <bridge base URL>` again with the administrator’s login or API key.',
    'Or create the rules by hand (Settings → Technical → Automation → Automation Rules, developer mode on), each with trigger "On create and edit" and one action of type "Send Webhook Notification" with fields "ID" and "Last Updated on":',
    ...targets.map(
      (target) =>
        `  - model ${target.model}, trigger fields ${[...target.inputFields, ...target.hook.watchedFields].join(', ')}, URL <bridge base URL>${webhookPath(target.hook.job)}?token=<daemon.webhookToken>`,
    ),
    `Until then nothing is lost: ${POLLING}.`,
  ];
}

export interface WebhookChange {
  xmlid: string;
  action: 'create' | 'update' | 'unchanged';
  changed?: string[];
}

/** One rule as `install` left it. */
export interface HookInstallReport {
  job: WebhookJob;
  model: string;
  /** The webhook URL with the token masked. */
  url: string;
  outcome: 'installed' | 'unchanged';
  message: string;
  watchedFields: string[];
  changes: WebhookChange[];
}

export interface WebhookInstallReport {
  odooVersion: string;
  outcome: 'installed' | 'unchanged' | 'unsupported' | 'needs_base_automation';
  message: string;
  warnings: string[];
  manualSteps?: string[];
  /** Per rule: the WOR one, then the import one. */
  rules: HookInstallReport[];
}

export interface WebhookInstallOptions {
  baseUrl: URL;
  token: string;
  wor: WorConfig;
  odooUrl: string;
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

/** Whether the addon and the Odoo version allow the rules; the reason otherwise. */
async function gate(
  client: OdooClient,
  targets: readonly HookTarget[],
): Promise<
  | { ok: true }
  | { ok: false; outcome: 'unsupported' | 'needs_base_automation'; message: string; steps?: string[] }
> {
  if (!client.dialect.webhookAction) {
    return {
      ok: false,
      outcome: 'unsupported',
      message: `Odoo ${client.version.version} has no webhook actions (they came with Odoo 17): ${POLLING} instead.`,
    };
  }
  const state = await automationAddonState(client);
  if (state !== 'installed') {
    return {
      ok: false,
      outcome: 'needs_base_automation',
      message: `Odoo's ${AUTOMATION_ADDON} addon is ${state === 'absent' ? 'missing' : state} in this database; nothing was written. Meanwhile ${POLLING}.`,
      steps: manualSteps(targets),
    };
  }
  return { ok: true };
}

/** Creates or updates one hook's rule and action; returns what it did. */
async function installHook(
  client: OdooClient,
  target: HookTarget,
  options: WebhookInstallOptions,
): Promise<HookInstallReport> {
  const { hook, model } = target;
  const url = webhookUrl(options.baseUrl, options.token, hook.job);
  const targets = await resolveRuleTargets(client, hook, model, target.inputFields);
  const changes: WebhookChange[] = [];
  const apply = async (modelName: string, row: ReturnType<typeof ruleRow>) => {
    const [outcome] = (await upsertByExternalId(client, modelName, [row], { normalize: normalizeStoredText }))
      .outcomes;
    if (!outcome || outcome.action === 'failed' || outcome.id === undefined)
      throw outcome?.error ?? new OdooError({ code: 'protocol', message: `${row.xmlid} was not written` });
    changes.push({
      xmlid: outcome.xmlid,
      action: outcome.action,
      ...(outcome.changed ? { changed: outcome.changed } : {}),
    });
    return outcome.id;
  };
  const ruleId = await apply(AUTOMATION_MODEL, ruleRow(hook, targets));
  const actionExists = (await resolveXmlids(client, [hook.xmlids.action])).has(hook.xmlids.action);
  await apply(SERVER_ACTION_MODEL, actionRow(client.dialect, hook, targets, ruleId, url, actionExists));
  const changed = changes.some((change) => change.action !== 'unchanged');
  const masked = maskWebhookUrl(url);
  return {
    job: hook.job,
    model,
    url: masked,
    outcome: changed ? 'installed' : 'unchanged',
    message: changed
      ? `Automation rule "${hook.ruleName}" on ${model} now calls ${masked} when ${target.when}.`
      : `The automation rule on ${model} already calls ${masked}: nothing to change.`,
    watchedFields: [...targets.triggerFields.keys()].sort(),
    changes,
  };
}

/**
 * Creates or updates the automation rules that POST to the bridge when a WOR
 * is created or its input changes, and when an import batch is saved or its
 * file replaced; keyed by external IDs in the module's namespace: a re-run
 * with the same URL changes nothing, one with another URL or token updates
 * the actions in place.
 */
export async function installWebhookRule(
  client: OdooClient,
  logger: Logger,
  options: WebhookInstallOptions,
): Promise<WebhookInstallReport> {
  const targets = hookTargets(options.wor);
  const report: WebhookInstallReport = {
    odooVersion: client.version.version,
    outcome: 'unchanged',
    message: '',
    warnings: urlWarnings(options.baseUrl, options.odooUrl),
    rules: [],
  };
  try {
    const allowed = await gate(client, targets);
    if (!allowed.ok) {
      report.outcome = allowed.outcome;
      report.message = allowed.message;
      if (allowed.steps) report.manualSteps = allowed.steps;
      return report;
    }
    for (const target of targets) report.rules.push(await installHook(client, target, options));
    const changed = report.rules.some((rule) => rule.outcome === 'installed');
    report.outcome = changed ? 'installed' : 'unchanged';
    report.message = changed
      ? 'Odoo now calls the bridge at once for new and changed WORs and for uploaded import batches.'
      : 'The automation rules already call the bridge: nothing to change.';
    logger.info(
      {
        outcome: report.outcome,
        rules: Object.fromEntries(report.rules.map((rule) => [rule.job, rule.changes.map((c) => c.action)])),
      },
      'webhook rules',
    );
    return report;
  } catch (error) {
    throw asAdminError(error);
  }
}

/** One rule as the database holds it. */
export interface HookStatusReport {
  job: WebhookJob;
  model: string;
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

export interface WebhookStatusReport {
  odooVersion: string;
  automationAddon: string;
  /** Both rules are in place. */
  installed: boolean;
  /** Every installed rule carries `daemon.webhookToken` (null: no token configured here, or none installed). */
  tokenMatches: boolean | null;
  /** What keeps either rule from doing its job, each named by its job; empty when both do. */
  problems: string[];
  rules: HookStatusReport[];
}

/** Compares what the database holds with what `install` would write; pure. */
export function assessRule(
  installed: InstalledRule,
  expected: { model: string; job: WebhookJob; token: string | undefined },
): string[] {
  const problems: string[] = [];
  const { rule, action } = installed;
  const setting = expected.job === 'wor' ? 'wor.model' : 'the module';
  if (!rule && !action)
    return ['not installed: run `npx h23-bridge webhook install --url <bridge base URL>`'];
  if (!rule) problems.push('the automation rule is missing: run `webhook install` again');
  if (!action) problems.push('its webhook action is missing: run `webhook install` again');
  if (rule && !rule.active) problems.push('the automation rule is archived: nothing is sent');
  if (rule && rule.model !== expected.model)
    problems.push(
      `the rule watches ${rule.model}, but ${setting} has ${expected.model}: run \`webhook install\` again`,
    );
  if (rule && rule.trigger !== RULE_TRIGGER)
    problems.push(
      `the rule's trigger is ${rule.trigger}, not "on create and edit": run \`webhook install\` again`,
    );
  if (rule && action && !rule.actionIds.includes(action.id))
    problems.push('the rule does not run the webhook action: run `webhook install` again');
  if (action && action.state !== WEBHOOK_ACTION_STATE)
    problems.push(`the action is of type ${action.state}, not a webhook: run \`webhook install\` again`);
  if (action && !action.url) problems.push('the action has no URL: run `webhook install` again');
  const path = action?.url ? pathOf(action.url) : undefined;
  if (path !== undefined && !path.endsWith(webhookPath(expected.job)))
    problems.push(
      `the URL does not end in ${webhookPath(expected.job)}, so the daemon runs another job: run \`webhook install\` again`,
    );
  const token = action?.url ? tokenOf(action.url) : undefined;
  if (action?.url && expected.token !== undefined && token !== expected.token)
    problems.push(
      'the URL carries another token than daemon.webhookToken: the daemon answers 401; run `webhook install` again',
    );
  return problems;
}

/** What the database holds of both rules, and whether they do their job, without writing. */
export async function webhookRuleStatus(
  client: OdooClient,
  options: { wor: WorConfig; token: string | undefined },
): Promise<WebhookStatusReport> {
  try {
    const supported = client.dialect.webhookAction;
    const addon = supported ? await automationAddonState(client) : 'unsupported';
    const report: WebhookStatusReport = {
      odooVersion: client.version.version,
      automationAddon: addon,
      installed: false,
      tokenMatches: null,
      problems: [],
      rules: [],
    };
    if (!supported) {
      report.problems.push(`Odoo ${client.version.version} has no webhook actions (Odoo 17+): ${POLLING}`);
      return report;
    }
    if (addon !== 'installed')
      report.problems.push(`Odoo's ${AUTOMATION_ADDON} addon is ${addon}: no rule can run`);
    for (const { hook, model } of hookTargets(options.wor)) {
      const installed = await readInstalledRule(client, hook, addon === 'installed');
      const rule: HookStatusReport = {
        job: hook.job,
        model,
        installed: installed.rule !== undefined && installed.action !== undefined,
        problems: assessRule(installed, { model, job: hook.job, token: options.token }),
      };
      if (installed.rule) {
        rule.active = installed.rule.active;
        rule.watchedFields = installed.rule.triggerFields;
      }
      if (installed.action) {
        rule.url = maskWebhookUrl(installed.action.url);
        rule.payloadFields = installed.action.payloadFields;
        rule.tokenMatches =
          options.token === undefined ? null : tokenOf(installed.action.url) === options.token;
      }
      report.rules.push(rule);
      report.problems.push(...rule.problems.map((problem) => `${hook.job} rule: ${problem}`));
    }
    report.installed = report.rules.every((rule) => rule.installed);
    const compared = report.rules.flatMap((rule) =>
      typeof rule.tokenMatches === 'boolean' ? [rule.tokenMatches] : [],
    );
    report.tokenMatches =
      options.token === undefined || compared.length === 0 ? null : compared.every(Boolean);
    return report;
  } catch (error) {
    throw asAdminError(error);
  }
}

export interface WebhookRemoveReport {
  removed: number;
  message: string;
}

/** Removes both rules and their actions; a second run finds nothing and says so. */
export async function removeWebhookRule(
  client: OdooClient,
  logger: Logger,
  options: { wor: WorConfig },
): Promise<WebhookRemoveReport> {
  try {
    const addon = client.dialect.webhookAction ? await automationAddonState(client) : 'absent';
    let removed = 0;
    for (const { hook } of hookTargets(options.wor)) {
      const installed = await readInstalledRule(client, hook, addon === 'installed');
      removed += await removeInstalledRule(client, hook, installed);
    }
    logger.info({ removed }, 'webhook rules removed');
    return {
      removed,
      message:
        removed > 0
          ? `Removed the webhook rules: Odoo no longer calls the bridge; ${POLLING}.`
          : 'No webhook rule to remove.',
    };
  } catch (error) {
    throw asAdminError(error);
  }
}
