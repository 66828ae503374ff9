import type { Command } from 'commander';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { runDailySummaries } from '../jobs/daily-summaries.js';
import { dealerToday } from '../jobs/dealer-today.js';
import { isDefaultBranchError } from '../jobs/default-branch.js';
import { processOutcomes } from '../jobs/process-outcomes.js';
import { heldSentence, type ScheduleReport, scheduleFollowUps } from '../jobs/schedule-followups.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { CliExit, checkedDate, type GlobalOptions, loadRuntime, writeJson, writeLine } from './runtime.js';

/** The start of every dated command: a checked `--date` (default today in the dealer's zone), config, logger and a client. */
async function dateCommand(command: Command, dateOption: string | undefined, job: string) {
  checkedDate('--date', dateOption);
  const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), job);
  const client = await OdooClient.connect(connectionFromConfig(runtime.config.odoo), runtime.logger);
  return { runtime, client, date: dateOption ?? dealerToday(runtime.config.odoo.tz) };
}

/**
 * The lines that say which units the schedule held and what to do (also under
 * `run --once`); none when every unit has a branch with a CRM admin.
 */
export function heldLines(
  report: Pick<ScheduleReport, 'held' | 'unitsLinked' | 'followUpsRepaired' | 'dryRun'>,
): string[] {
  const verb = report.dryRun ? 'would' : 'did';
  const lines: string[] = [];
  if (report.unitsLinked > 0)
    lines.push(
      `  branches     ${verb} link ${report.unitsLinked} unit(s) to the branch of their dealer code (or the default branch)`,
    );
  if (report.followUpsRepaired > 0)
    lines.push(
      `  repaired     ${verb} give ${report.followUpsRepaired} open follow-up(s) their missing branch or CRM admin`,
    );
  const { held } = report;
  if (held.units === 0) return lines;
  lines.push(`  held         ${heldSentence(held)}`);
  const fixes = [
    ...(held.noBranch.some((row) => row.dealerCode)
      ? [
          'create a branch with each dealer code named (CRM H23 → Konfigurasi → Cabang: Kode Dealer, Admin CRM)',
        ]
      : []),
    ...(held.noBranch.some((row) => !row.dealerCode)
      ? [
          'units with no dealer code: set their branch by hand, re-import the CDB, or name a default branch (import.defaultBranch)',
        ]
      : []),
    ...(held.noAdmin.length > 0 ? ['add a CRM admin (Admin CRM) to each branch named'] : []),
  ];
  lines.push(`  fix          ${fixes.join('; ')}; the next run schedules them`);
  return lines;
}

function printSchedule(report: ScheduleReport, calls: number): void {
  const verb = report.dryRun ? 'would' : 'did';
  writeLine(`KPB follow-ups for ${report.date}${report.dryRun ? ' (plan only, nothing written)' : ''}`);
  writeLine(`  units read   ${report.unitsRead}`);
  writeLine(
    `  follow-ups   ${verb} create ${report.followUpsCreated}, ${verb} close ${report.followUpsClosed}`,
  );
  writeLine(`  activities   ${verb} create ${report.activitiesCreated}`);
  for (const line of heldLines(report)) writeLine(line);
  writeLine(`  odoo         ${calls} calls in all`);
  for (const action of report.actions.slice(0, 20)) {
    writeLine(
      action.action === 'create'
        ? `  + unit ${action.unitId} KPB ${action.kpb} ${action.stage.toUpperCase()} (${action.channel}) due ${action.dueDate}`
        : action.action === 'no_answer'
          ? `  - follow-up ${action.followUpId} → no response to its WhatsApp`
          : `  - follow-up ${action.followUpId} → ${action.state} (${action.reason})`,
    );
  }
  if (report.actions.length > 20) writeLine(`  … ${report.actions.length - 20} more`);
  for (const refused of report.refused) writeLine(`  ! ${refused.key}: ${refused.error}`);
}

async function runSchedule(
  command: Command,
  options: { date?: string; json?: boolean },
  dryRun: boolean,
): Promise<void> {
  const { runtime, client, date } = await dateCommand(command, options.date, dryRun ? 'plan' : 'schedule');
  let report: ScheduleReport;
  try {
    report = await scheduleFollowUps(client, runtime.logger, {
      date,
      dryRun,
      timeZone: runtime.config.odoo.tz,
      whatsApp: runtime.config.whatsapp.mode,
      ...(runtime.config.import.defaultBranch ? { defaultBranch: runtime.config.import.defaultBranch } : {}),
    });
  } catch (error) {
    if (isDefaultBranchError(error)) throw new CliExit(EXIT.usage, error.message);
    throw error;
  }
  if (options.json) writeJson(report);
  else printSchedule(report, client.calls);
  process.exitCode = report.refused.length > 0 ? EXIT.odoo : EXIT.ok;
}

async function runOutcomes(
  command: Command,
  options: { date?: string; dryRun?: boolean; json?: boolean },
): Promise<void> {
  const { runtime, client, date } = await dateCommand(command, options.date, 'outcomes');
  const report = await processOutcomes(client, runtime.logger, {
    date,
    dryRun: options.dryRun ?? false,
  });
  if (options.json) {
    writeJson(report);
    return;
  }
  const verb = report.dryRun ? 'would' : 'did';
  writeLine(`Follow-up outcomes as of ${report.date}${report.dryRun ? ' (plan only, nothing written)' : ''}`);
  writeLine(`  follow-ups   ${report.followUpsRead} with a recorded result`);
  writeLine(`  bookings     ${verb} create ${report.eventsCreated} calendar event(s)`);
  writeLine(
    `  activities   ${verb} create ${report.activitiesCreated} (offers the SOP requires, fixes), ${verb} close ${report.activitiesFinished}`,
  );
  writeLine(`  states       ${verb} set ${report.statesSet}`);
  for (const { followUpId, message } of report.refused)
    writeLine(`  ✘ follow-up ${followUpId}: Odoo refused its SOP activity: ${message}`);
  if (report.refused.length > 0) process.exitCode = EXIT.odoo;
}

async function runSummaries(
  command: Command,
  options: { date?: string; dryRun?: boolean; json?: boolean },
): Promise<void> {
  const { runtime, client, date } = await dateCommand(command, options.date, 'summaries');
  const report = await runDailySummaries(client, runtime.logger, {
    date,
    now: new Date(),
    timeZone: runtime.config.odoo.tz,
    dryRun: options.dryRun ?? false,
  });
  if (options.json) {
    writeJson(report);
    return;
  }
  writeLine(`Daily summaries for ${report.date}${report.dryRun ? ' (plan only, nothing written)' : ''}`);
  writeLine(`  lines        ${report.lines.length} (${report.created} new, ${report.updated} updated)`);
  for (const line of report.lines.filter((item) => item.adminId === null)) {
    writeLine(
      `  branch ${line.branchId ?? '-'}   due ${line.due}, contacted ${line.contacted}, booked ${line.booked}, done ${line.doneServices}, conversion ${line.conversionRate}%`,
    );
  }
  if (report.mailed.length > 0) writeLine(`  e-mailed     ${report.mailed.join(', ')}`);
  for (const skipped of report.notMailed) writeLine(`  not mailed   ${skipped.branch}: ${skipped.reason}`);
}

export function registerFollowUpCommands(program: Command): void {
  program
    .command('summaries')
    .description(
      'Write the daily follow-up summaries per admin and branch; e-mail each branch head once its end of day has passed',
    )
    .option('--date <date>', 'the dealer date (YYYY-MM-DD); default today in odoo.tz')
    .option('--dry-run', 'only compute them')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action((options: { date?: string; dryRun?: boolean; json?: boolean }, command: Command) =>
      runSummaries(command, options),
    );

  program
    .command('outcomes')
    .description(
      'Apply the SOP to recorded follow-up results: bookings to calendar events, required offers and fixes as activities',
    )
    .option('--date <date>', 'the dealer date (YYYY-MM-DD) for activity deadlines; default today in odoo.tz')
    .option('--dry-run', 'only show what would be written')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action((options: { date?: string; dryRun?: boolean; json?: boolean }, command: Command) =>
      runOutcomes(command, options),
    );

  program
    .command('plan')
    .description('Show the KPB follow-ups the schedule asks for on a date, writing nothing')
    .option('--date <date>', 'the dealer date (YYYY-MM-DD); default today in odoo.tz')
    .option('--json', 'print the plan as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action((options: { date?: string; json?: boolean }, command: Command) =>
      runSchedule(command, options, true),
    );

  program
    .command('schedule')
    .description(
      'Create the KPB follow-ups and their activities due on a date, and close what a done KPB ends; a re-run changes nothing',
    )
    .option('--date <date>', 'the dealer date (YYYY-MM-DD); default today in odoo.tz')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action((options: { date?: string; json?: boolean }, command: Command) =>
      runSchedule(command, options, false),
    );
}
