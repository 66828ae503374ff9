import type { Command } from 'commander';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { OdooNoticeStore } from '../connectors/odoo/notice-store.js';
import { OdooSurveyStore } from '../connectors/odoo/survey-store.js';
import { dealerToday } from '../jobs/dealer-today.js';
import {
  dryRunSurveyStore,
  runSurveys,
  type SurveysReport,
  surveyNoticeSender,
  surveysRequestOf,
} from '../jobs/surveys.js';
import { dryRunOrUnderLease } from './daemon-lease.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { type GlobalOptions, loadRuntime, pastOrToday, writeJson, writeLine } from './runtime.js';

export const SURVEY_ADDON_ADVICE =
  "Odoo's Surveys app is not installed: install it (Odoo → Apps → Surveys, or `odoo-bin -d <db> -i survey`), then run `h23-bridge install` to add the satisfaction survey.";

function printSurveys(report: SurveysReport, dryRun: boolean): void {
  if (report.survey === 'no_addon') {
    writeLine(SURVEY_ADDON_ADVICE);
    return;
  }
  if (report.survey === 'not_installed') {
    writeLine(
      "The satisfaction survey is not in Odoo yet: run `h23-bridge install` (Odoo's Surveys app is installed).",
    );
    return;
  }
  const would = dryRun ? 'would ' : '';
  const skipped = Object.entries(report.skipped)
    .map(([reason, count]) => `${reason} ${count}`)
    .join(', ');
  writeLine(`Satisfaction surveys on ${report.today}: ${report.visits} done service(s) in the window`);
  writeLine(
    `  ${would}invite ${report.invited}${skipped ? ` (skipped: ${skipped})` : ''}, ${report.links} link(s) made`,
  );
  const notices = Object.entries(report.notices)
    .map(([state, count]) => `${state} ${count}`)
    .join(', ');
  if (notices) writeLine(`  notices: ${notices}`);
  if (report.noticesPending > 0)
    writeLine(
      `  ${report.noticesPending} invitation(s) wait for the customer-notice sender (WhatsApp / e-mail)`,
    );
  writeLine(
    `  ${report.answered} answer(s) read back, ${report.detractors} detractor(s), ${report.complaintsOpened} complaint(s) opened`,
  );
  writeLine(
    `  ${would}write ${report.evaluationLinesCreated + report.evaluationLinesUpdated} evaluation line(s) (Odoo: CRM H23 → Survei Kepuasan), queue ${report.mailsQueued} e-mail(s) to branch heads`,
  );
  for (const branch of report.mailsWithoutAddress)
    writeLine(`  ! ${branch}: the branch head has no e-mail address`);
}

export function registerSurveyCommands(program: Command): void {
  program
    .command('surveys')
    .description(
      "Satisfaction surveys after each done service (Odoo's Surveys app): invite the customers, read the answers back onto the visit and the follow-up, open a complaint for each detractor, count the monthly evaluation per branch, admin and service advisor and e-mail last month's to the branch heads (what the daemon does every hour)",
    )
    .option('--date <YYYY-MM-DD>', 'run as of this dealer date (default: today); never a future one')
    .option('--dry-run', 'compute and print, write nothing to Odoo')
    .option('--json', 'print the report as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { date?: string; dryRun?: boolean; json?: boolean }, command: Command) => {
      const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), 'surveys');
      const today = dealerToday(runtime.config.odoo.tz);
      const date = pastOrToday('--date', options.date, today, runtime.config.odoo.tz);
      const client = await OdooClient.connect(connectionFromConfig(runtime.config.odoo), runtime.logger);
      const request = surveysRequestOf(runtime.config, date);
      const report = await dryRunOrUnderLease(
        {
          dryRun: options.dryRun === true,
          store: new OdooSurveyStore(client),
          dryRunStore: dryRunSurveyStore,
          client,
          config: runtime.config,
          logger: runtime.logger,
          refusal: (holder) =>
            `the h23-bridge daemon ${holder} holds the lease and runs the surveys itself (daemon.surveysCron): not running beside it`,
        },
        (store) =>
          runSurveys(
            store,
            runtime.logger,
            request,
            // A dry run sends nothing: the invitations it would make are counted, not handed over.
            options.dryRun
              ? undefined
              : surveyNoticeSender(
                  new OdooNoticeStore(client, runtime.config.odoo.tz, runtime.config.whatsapp.mode === 'api'),
                  runtime.logger,
                  date,
                ),
          ),
      );
      if (options.json) writeJson(report);
      else printSurveys(report, options.dryRun === true);
      // Without the survey there is nothing to do: said above, and in the exit code.
      process.exitCode = report.survey === 'ready' ? EXIT.ok : EXIT.odoo;
    });
}
