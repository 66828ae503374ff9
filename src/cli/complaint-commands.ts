import type { Command } from 'commander';
import { OdooClient } from '../connectors/odoo/client.js';
import { OdooComplaintStore } from '../connectors/odoo/complaint-store.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { type ComplaintsReport, runComplaints } from '../jobs/complaints.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { type GlobalOptions, loadRuntime, writeJson, writeLine } from './runtime.js';

function printComplaints(report: ComplaintsReport): void {
  writeLine(
    `Complaints: ${report.opened} opened from follow-ups, ${report.checked} checked, ${report.updated} updated, ${report.escalated.length} escalated`,
  );
  for (const escalated of report.escalated)
    writeLine(
      `  ! ${escalated.reference}: late (${escalated.late.join(', ')}): escalated to the branch head and the CS managers`,
    );
  for (const failed of report.openFailed) writeLine(`  ! follow-up ${failed.followUpId}: ${failed.error}`);
  writeLine(
    `  ${report.activities} activities, ${report.notes} chatter notes (Odoo: CRM H23 → Keluhan Pelanggan)`,
  );
}

export function registerComplaintCommands(program: Command): void {
  program
    .command('complaints')
    .description(
      'Open complaints from disappointed follow-ups, count each complaint’s service-level deadlines in working hours, escalate the late ones (what the daemon does every few minutes)',
    )
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { json?: boolean }, command: Command) => {
      const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'complaints');
      const client = await OdooClient.connect(connectionFromConfig(runtime.config.odoo), runtime.logger);
      const report = await runComplaints(new OdooComplaintStore(client), runtime.logger, {
        now: Date.now(),
        timeZone: runtime.config.odoo.tz,
        levels: runtime.config.complaints.serviceLevels,
      });
      if (options.json) writeJson(report);
      else printComplaints(report);
      process.exitCode = report.openFailed.length > 0 ? EXIT.odoo : EXIT.ok;
    });
}
