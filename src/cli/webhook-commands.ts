import type { Command } from 'commander';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
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

async function connect(runtime: Runtime): Promise<OdooClient> {
  return OdooClient.connect(connectionFromConfig(runtime.config.odoo), runtime.logger);
}

export function registerWebhookCommands(program: Command): void {
  const webhook = program
    .command('webhook')
    .description(
      'The Odoo automation rule that tells the daemon at once when a WOR is created or changed (push; daemon.worCron polling stays the fallback)',
    );

  webhook
    .command('install')
    .description(
      `Create or update the rule that POSTs to <url>/webhook/wor?token=… (daemon.webhookToken). ${ADMIN_NOTE}`,
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
      const report = await installWebhookRule(await connect(runtime), runtime.logger, {
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
      `Show the rule Odoo holds, its URL (token hidden) and what keeps it from working. ${ADMIN_NOTE}`,
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
    .description(`Remove the rule and its action; the daemon keeps polling on daemon.worCron. ${ADMIN_NOTE}`)
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { json?: boolean }, command: Command) => {
      const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'webhook-remove');
      const report = await removeWebhookRule(await connect(runtime), runtime.logger);
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
  for (const change of report.changes ?? [])
    writeLine(
      `  ${change.action.padEnd(9)} ${change.xmlid}${change.changed ? ` (${change.changed.join(', ')})` : ''}`,
    );
  if (report.watchedFields?.length)
    writeLine(`  watched fields on ${report.model}: ${report.watchedFields.join(', ')}`);
  writeLine(
    'The daemon must run with the same daemon.webhookToken and listen where that URL points (daemon.host, daemon.port).',
  );
}

function printStatusReport(report: WebhookStatusReport): void {
  writeLine(
    `Odoo ${report.odooVersion}; base_automation ${report.automationAddon}; WOR model ${report.model}`,
  );
  if (report.url) writeLine(`  URL            ${report.url}`);
  if (report.active !== undefined) writeLine(`  active         ${report.active ? 'yes' : 'no'}`);
  if (report.tokenMatches !== undefined)
    writeLine(
      `  token          ${report.tokenMatches === null ? 'daemon.webhookToken not set here: not compared' : report.tokenMatches ? 'matches daemon.webhookToken' : 'differs from daemon.webhookToken'}`,
    );
  if (report.watchedFields) writeLine(`  watched fields ${report.watchedFields.join(', ') || '(all)'}`);
  if (report.payloadFields) writeLine(`  payload fields ${report.payloadFields.join(', ')}`);
  if (report.problems.length === 0) writeLine('✔ installed and consistent with this configuration');
  for (const problem of report.problems) writeLine(`✘ ${problem}`);
}
