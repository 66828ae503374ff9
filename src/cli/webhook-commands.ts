import type { Command } from 'commander';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { requireAdministrator } from '../connectors/odoo/identity.js';
import {
  installWebhookRule,
  parseBaseUrl,
  removeWebhookRule,
  type WebhookInstallReport,
  type WebhookStatusReport,
  webhookRuleStatus,
} from '../jobs/webhook-rule.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { CliExit, type GlobalOptions, loadRuntime, type Runtime, writeJson, writeLine } from './runtime.js';

const ADMIN_NOTE =
  'Needs an Odoo administrator (Administration / Settings): run it with the admin’s login and API key (ODOO_USER, ODOO_API_KEY); the bridge user has no rights on automation rules.';

/** Automation rules are Settings' to change: an administrator, or a plain refusal naming the fix. */
async function connect(runtime: Runtime, adminCommand?: string): Promise<OdooClient> {
  const client = await OdooClient.connect(connectionFromConfig(runtime.config.odoo), runtime.logger);
  if (adminCommand) await requireAdministrator(client, adminCommand);
  return client;
}

export function registerWebhookCommands(program: Command): void {
  const webhook = program
    .command('webhook')
    .description(
      'The Odoo automation rules that tell the daemon at once when a WOR is created or changed, and when a PIC saves an import batch (push; polling on daemon.worCron and daemon.importCron stays the fallback)',
    );

  webhook
    .command('install')
    .description(
      `Create or update the rules that POST to <url>/webhook/wor?token=… and <url>/webhook/import?token=… (daemon.webhookToken). ${ADMIN_NOTE}`,
    )
    .requiredOption('--url <url>', 'base URL of the bridge as Odoo reaches it, e.g. http://10.0.0.5:9464')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { url: string; json?: boolean }, command: Command) => {
      const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'webhook-install');
      const token = runtime.config.daemon.webhookToken;
      if (token === undefined) {
        throw new CliExit(
          EXIT.usage,
          'daemon.webhookToken (env H23_WEBHOOK_TOKEN) is not set: give the daemon and this command the same secret of 24+ characters (e.g. `openssl rand -hex 24`)',
        );
      }
      let baseUrl: URL;
      try {
        baseUrl = parseBaseUrl(options.url);
      } catch (error) {
        throw new CliExit(EXIT.usage, (error as Error).message);
      }
      const report = await installWebhookRule(await connect(runtime, 'webhook install'), runtime.logger, {
        baseUrl,
        token,
        wor: runtime.config.wor,
        odooUrl: runtime.config.odoo.url,
      });
      if (options.json) writeJson(report);
      else printInstallReport(report);
      process.exitCode =
        report.outcome === 'installed' || report.outcome === 'unchanged' ? EXIT.ok : EXIT.odoo;
    });

  webhook
    .command('status')
    .description(
      `Show the rules Odoo holds, their URLs (token hidden) and what keeps them from working. ${ADMIN_NOTE}`,
    )
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { json?: boolean }, command: Command) => {
      const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'webhook-status');
      const report = await webhookRuleStatus(await connect(runtime), {
        wor: runtime.config.wor,
        token: runtime.config.daemon.webhookToken,
      });
      if (options.json) writeJson(report);
      else printStatusReport(report);
    });

  webhook
    .command('remove')
    .description(
      `Remove both rules and their actions; the daemon keeps polling on daemon.worCron and daemon.importCron. ${ADMIN_NOTE}`,
    )
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { json?: boolean }, command: Command) => {
      const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'webhook-remove');
      const report = await removeWebhookRule(await connect(runtime, 'webhook remove'), runtime.logger, {
        wor: runtime.config.wor,
      });
      if (options.json) writeJson(report);
      else writeLine(report.message);
    });
}

function printInstallReport(report: WebhookInstallReport): void {
  for (const warning of report.warnings) writeLine(`warning: ${warning}`);
  if (report.outcome === 'unsupported' || report.outcome === 'needs_base_automation') {
    writeLine(`Not installed: ${report.message}`);
    for (const step of report.manualSteps ?? []) writeLine(step);
    return;
  }
  writeLine(report.message);
  for (const rule of report.rules) {
    writeLine(`${rule.job}: ${rule.message}`);
    for (const change of rule.changes)
      writeLine(
        `  ${change.action.padEnd(9)} ${change.xmlid}${change.changed ? ` (${change.changed.join(', ')})` : ''}`,
      );
    if (rule.watchedFields.length)
      writeLine(`  watched fields on ${rule.model}: ${rule.watchedFields.join(', ')}`);
  }
  writeLine(
    'The daemon must run with the same daemon.webhookToken and listen where that URL points (daemon.host, daemon.port).',
  );
}

function printStatusReport(report: WebhookStatusReport): void {
  writeLine(`Odoo ${report.odooVersion}; base_automation ${report.automationAddon}`);
  for (const rule of report.rules) {
    writeLine(`${rule.job} rule on ${rule.model}: ${rule.installed ? 'installed' : 'not installed'}`);
    if (rule.url) writeLine(`  URL            ${rule.url}`);
    if (rule.active !== undefined) writeLine(`  active         ${rule.active ? 'yes' : 'no'}`);
    if (rule.tokenMatches !== undefined)
      writeLine(
        `  token          ${rule.tokenMatches === null ? 'daemon.webhookToken not set here: not compared' : rule.tokenMatches ? 'matches daemon.webhookToken' : 'differs from daemon.webhookToken'}`,
      );
    if (rule.watchedFields) writeLine(`  watched fields ${rule.watchedFields.join(', ') || '(all)'}`);
    if (rule.payloadFields) writeLine(`  payload fields ${rule.payloadFields.join(', ')}`);
  }
  if (report.problems.length === 0) writeLine('✔ installed and consistent with this configuration');
  for (const problem of report.problems) writeLine(`✘ ${problem}`);
}
