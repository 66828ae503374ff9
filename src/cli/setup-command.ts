import type { Command } from 'commander';
import { writeOdooCredentials } from '../../config/load.js';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { dealerToday } from '../jobs/dealer-today.js';
import { dealerCodesInCdb, SetupRefusal, type SetupReport, setupBridge } from '../jobs/setup.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { CliExit, type GlobalOptions, loadRuntime, writeJson, writeLine } from './runtime.js';

interface SetupOptions {
  branch: string[];
  cdb?: string;
  login: string;
  writeConfig?: string;
  json?: boolean;
}

/** `CODE` or `CODE=Name`; a code is what the portal writes in "Kode Dealer". */
export function parseBranchOption(value: string, previous: string[]): string[] {
  const [code = ''] = value.split('=');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(code.trim()))
    throw new CliExit(
      EXIT.usage,
      `--branch takes CODE or CODE=Name (the dealer code as in the CDB's "Kode Dealer"), got "${value}"`,
    );
  return [...previous, value];
}

function branchesOf(values: readonly string[]): Array<{ dealerCode: string; name?: string }> {
  return values.map((value) => {
    const [code = '', ...rest] = value.split('=');
    const name = rest.join('=').trim();
    return { dealerCode: code, ...(name ? { name } : {}) };
  });
}

export function registerSetupCommand(program: Command): void {
  program
    .command('setup')
    .description(
      "A dealer's first setup, as an Odoo administrator: installs or upgrades the extension, creates the least-privilege bridge user with its own API key, creates the branches, and says what is left to do in Odoo",
    )
    .option(
      '--branch <CODE[=Name]>',
      'a branch by its dealer code (repeatable), e.g. --branch 07123="AHASS Sudirman"',
      parseBranchOption,
      [],
    )
    .option('--cdb <file>', 'create a branch for every dealer code this CDB report names')
    .option('--login <login>', 'login of the bridge user', 'h23-bridge')
    .option(
      '--write-config <file>',
      "put the bridge user's login and API key in this config file (created if absent, readable by its owner only) instead of printing the key",
    )
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText(
      'after',
      `
Run it with an administrator's login and API key (the quick start's config file). With
--write-config h23-bridge.config.json the daemon then runs as the bridge user; keep the
administrator's key for upgrades (ODOO_USER=admin ODOO_API_KEY=… npx h23-bridge install).
A re-run gives the bridge user a new key and revokes the ones an earlier setup made.

${EXIT_CODE_HELP}`,
    )
    .action(async (options: SetupOptions, command: Command) => {
      const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'setup');
      const { config, logger } = runtime;
      const connection = connectionFromConfig(config.odoo);
      const fromCdb = options.cdb
        ? await dealerCodesInCdb(options.cdb, config.import.cdbColumns, config.import.sheet)
        : [];
      const admin = await OdooClient.connect(connection, logger);
      let written: string | undefined;
      let report: SetupReport;
      try {
        report = await setupBridge(admin, logger, {
          login: options.login,
          date: dealerToday(config.odoo.tz),
          timeZone: config.odoo.tz,
          branches: [...branchesOf(options.branch), ...fromCdb],
          // Keys are made by their owner, in a web session (password): whatever the daemon uses.
          loginAs: (user, password) =>
            OdooClient.connectWebSession({ ...connection, user, password }, logger),
          deliver: async (apiKey) => {
            if (options.writeConfig)
              written = writeOdooCredentials(options.writeConfig, {
                url: config.odoo.url,
                db: config.odoo.db,
                user: options.login,
                apiKey,
              });
            // Printed at once: should anything fail after this, the key is not lost.
            else if (!options.json)
              writeLine(`API key of ${options.login} (shown once, store it now): ${apiKey}`);
          },
        });
      } catch (error) {
        if (error instanceof SetupRefusal) throw new CliExit(EXIT.usage, error.message);
        throw error;
      }
      if (options.json)
        writeJson({ ...report, apiKey: written ? '(written to the config file)' : report.apiKey });
      else printSetup(report, written);
      process.exitCode = EXIT.ok;
    });
}

function printSetup(report: SetupReport, written: string | undefined): void {
  const extension = {
    current: 'up to date',
    installed: 'installed',
    upgraded: 'upgraded',
    missing: 'missing',
    outdated: 'older than this bridge',
  }[report.extension];
  writeLine(`✔ extension  h23_crm ${extension}`);
  writeLine(
    `✔ bridge     user ${report.user.login} (id ${report.user.id}) ${report.user.created ? 'created' : 'updated'} in group "CRM H23 / Bridge (pengguna teknis)"`,
  );
  writeLine(
    `✔ api key    "${report.keyName}" made${report.keysRevoked ? `; ${report.keysRevoked} older setup key(s) revoked` : ''}`,
  );
  if (written) {
    writeLine(`             written to ${written} (mode 600) as odoo.user / odoo.apiKey`);
    if (process.env.ODOO_API_KEY || process.env.ODOO_USER)
      writeLine(
        '             note: ODOO_USER / ODOO_API_KEY in the environment override the file: unset them for the daemon',
      );
  } else {
    writeLine('             shown above, once (Odoo keeps only its hash)');
  }
  if (report.keysRevoked)
    writeLine(
      '             a daemon still using an earlier key stops being let in: restart it with the new one',
    );
  const created = new Set(report.branchesCreated.map((branch) => branch.dealerCode));
  for (const branch of report.branches)
    writeLine(
      `✔ branch     ${branch.dealerCode ?? '(no code)'} "${branch.name}"${branch.dealerCode && created.has(branch.dealerCode) ? ' created' : ''}`,
    );
  if (report.todo.length) {
    writeLine('');
    writeLine('Left to do in Odoo:');
    for (const [index, item] of report.todo.entries()) writeLine(`  ${index + 1}. ${item}`);
  }
}
