import { Command, CommanderError } from 'commander';
import { isOdooError } from '../connectors/odoo/errors.js';
import { closestWord } from '../rules/closest-word.js';
import { registerAuditCommands } from './audit-commands.js';
import { registerComplaintCommands } from './complaint-commands.js';
import { registerDaemonCommand } from './daemon-command.js';
import { registerDemoCommand } from './demo-command.js';
import { registerDoctor } from './doctor-command.js';
import { EXIT, EXIT_CODE_HELP, exitCodeFor } from './exit-codes.js';
import { registerFollowUpCommands } from './followup-commands.js';
import { registerHolidayCommands } from './holiday-commands.js';
import { registerImportCommands } from './import-commands.js';
import { registerKpiCommands } from './kpi-commands.js';
import { registerLeadCommands } from './lead-commands.js';
import { registerLoyaltyCommands } from './loyalty-commands.js';
import { registerModuleCommands } from './module-commands.js';
import { registerReminderCommands } from './reminder-commands.js';
import { registerReportCommands } from './report-commands.js';
import { CliExit } from './runtime.js';
import { registerSegmentCommands } from './segment-commands.js';
import { registerSetupCommand } from './setup-command.js';
import { registerSurveyCommands } from './survey-commands.js';
import { registerWebhookCommands } from './webhook-commands.js';
import { registerWhatsAppCommands } from './whatsapp-commands.js';
import { registerWorCommands } from './wor-commands.js';

export function buildProgram(): Command {
  const program = new Command('h23-bridge')
    .description('Runs the CRM procedures of Honda H23 workshops inside Odoo')
    .option('-c, --config <file>', 'config file (JSON); default $H23_CONFIG or ./h23-bridge.config.json')
    .option('--log-level <level>', 'fatal | error | warn | info | debug | trace | silent')
    .showHelpAfterError()
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .exitOverride();
  registerDoctor(program);
  registerSetupCommand(program);
  registerDemoCommand(program);
  registerModuleCommands(program);
  registerImportCommands(program);
  registerWorCommands(program);
  registerFollowUpCommands(program);
  registerReportCommands(program);
  registerDaemonCommand(program);
  registerWebhookCommands(program);
  registerWhatsAppCommands(program);
  registerHolidayCommands(program);
  registerComplaintCommands(program);
  registerKpiCommands(program);
  registerSegmentCommands(program);
  registerReminderCommands(program);
  registerLeadCommands(program);
  registerLoyaltyCommands(program);
  registerAuditCommands(program);
  registerSurveyCommands(program);
  return program;
}

/** Global options that take a value: the word after them is not a command. */
const VALUE_OPTIONS = new Set(['-c', '--config', '--log-level']);

/** The command word of the command line, past the global options; undefined for none. */
function commandWord(args: readonly string[]): string | undefined {
  for (let at = 0; at < args.length; at += 1) {
    const arg = args[at] as string;
    if (VALUE_OPTIONS.has(arg)) at += 1;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/**
 * A mistyped command is named, with the nearest one, and exits 2, even beside `--help`
 * (Commander would print the general help and exit 0, as if all were well).
 */
function unknownCommand(program: Command, args: readonly string[]): string | undefined {
  const word = commandWord(args);
  if (word === undefined || word === 'help') return undefined;
  const names = program.commands.flatMap((command) => [command.name(), ...command.aliases()]);
  if (names.includes(word)) return undefined;
  const nearest = closestWord(word, names, (name) => name, Math.max(2, Math.floor(word.length / 3)));
  return `unknown command '${word}'${nearest ? ` (did you mean '${nearest}'?)` : ''}; \`h23-bridge --help\` lists the commands`;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  const unknown = unknownCommand(program, argv.slice(2));
  if (unknown) {
    process.stderr.write(`h23-bridge: ${unknown}\n`);
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliExit) {
      process.stderr.write(`h23-bridge: ${error.message}\n`);
      return error.exitCode;
    }
    if (isOdooError(error)) {
      process.stderr.write(
        `h23-bridge: Odoo ${error.code} error${error.location ? ` in ${error.location}` : ''}: ${error.message}\n`,
      );
      return exitCodeFor(error.code);
    }
    process.stderr.write(
      `h23-bridge: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.internal;
  }
}
