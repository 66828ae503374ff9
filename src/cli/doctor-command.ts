import type { Command } from 'commander';
import { type DoctorReport, runDoctor } from '../jobs/doctor.js';
import { EXIT, EXIT_CODE_HELP, exitCodeFor } from './exit-codes.js';
import { type GlobalOptions, loadRuntime, writeJson, writeLine } from './runtime.js';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description(
      'Check the connection to Odoo: server, version, protocol, database, user, rights, latency, module',
    )
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { json?: boolean }, command: Command) => {
      const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'doctor');
      const { defaultBranch } = runtime.config.import;
      const report = await runDoctor(runtime.config.odoo, runtime.logger, new Date(), {
        setup: defaultBranch ? { defaultBranch } : {},
        whatsapp: runtime.config.whatsapp,
      });
      if (options.json) writeJson(report);
      else printReport(report);
      process.exitCode = report.ok ? EXIT.ok : exitCodeForReport(report);
    });
}

export function exitCodeForReport(report: DoctorReport): number {
  if (report.ok) return EXIT.ok;
  if (report.failedStep === 'reach') return EXIT.unreachable;
  if (report.failedStep === 'version') return EXIT.odoo;
  if (report.failedStep === 'protocol') return EXIT.usage;
  if (report.failedStep === 'rights') return EXIT.access;
  if (report.failedStep === 'whatsapp') return EXIT.whatsapp;
  return report.failedCode ? exitCodeFor(report.failedCode) : EXIT.internal;
}

const MARK = { ok: '✔', warn: '!', fail: '✘' } as const;

function printReport(report: DoctorReport): void {
  writeLine(`h23-bridge doctor — ${report.url} / ${report.database}`);
  for (const check of report.checks) {
    writeLine(`${MARK[check.status]} ${check.name.padEnd(9)} ${check.detail}`);
    if (check.cause) writeLine(`    cause: ${check.cause}`);
    if (check.fix) writeLine(`    fix:   ${check.fix}`);
  }
  if (report.user && report.user.groups.length > 0) {
    writeLine(`  groups: ${report.user.groups.join('; ')}`);
  }
  writeLine(report.ok ? 'All checks passed.' : 'Doctor found a problem (see above).');
}
