import type { Command } from 'commander';
import { OdooClient } from '../connectors/odoo/client.js';
import { connectionFromConfig } from '../connectors/odoo/from-config.js';
import { OdooWhatsAppOutbox } from '../connectors/odoo/whatsapp-outbox-store.js';
import { OdooTemplateStore } from '../connectors/odoo/whatsapp-template-store.js';
import { CloudApiFailure } from '../connectors/whatsapp/cloud-api.js';
import { cloudApiFromConfig, messagingLimitOf } from '../connectors/whatsapp/from-config.js';
import { dealerToday } from '../jobs/dealer-today.js';
import { type BlastResult, runBlast, SYSTEM_CLOCK } from '../jobs/whatsapp-blast.js';
import { BLAST_CHUNK } from '../jobs/whatsapp-daemon.js';
import { syncTemplates } from '../jobs/whatsapp-templates.js';
import { underDaemonLease } from './daemon-lease.js';
import { EXIT, EXIT_CODE_HELP } from './exit-codes.js';
import { CliExit, checkedDate, type GlobalOptions, loadRuntime, writeJson, writeLine } from './runtime.js';

async function whatsAppRuntime(command: Command, job: string) {
  const runtime = loadRuntime(command.optsWithGlobals<GlobalOptions>(), job);
  if (runtime.config.whatsapp.mode !== 'api') {
    throw new CliExit(
      EXIT.usage,
      `whatsapp.mode is ${runtime.config.whatsapp.mode}: set it to api (WHATSAPP_MODE=api) with the Cloud API ids and token to send by WhatsApp`,
    );
  }
  const api = cloudApiFromConfig(runtime.config.whatsapp, runtime.config.odoo);
  const client = await OdooClient.connect(connectionFromConfig(runtime.config.odoo), runtime.logger);
  return { runtime, api, client };
}

function printBlast(result: BlastResult, date: string): void {
  writeLine(`WhatsApp FU1 blast for ${date}`);
  writeLine(`  queued       ${result.queued}`);
  writeLine(`  sent         ${result.sent}`);
  writeLine(`  failed       ${result.failed} (WA gagal: FU2 by phone is due)`);
  writeLine(
    `  uncertain    ${result.uncertain + result.interrupted} (not resent: check them in CRM H23 → Pesan WhatsApp → Perlu Dicek)`,
  );
  writeLine(`  no number    ${result.noPhone}`);
  writeLine(`  opted out    ${result.optedOut}`);
  writeLine(`  next days    ${result.deferred} (over the messaging limit)`);
  if (result.requeued + result.leftQueued > 0)
    writeLine(`  still queued ${result.requeued + result.leftQueued}`);
  if (result.stopped)
    writeLine(
      `  stopped      ${result.stopped.reason}${result.stopped.code ? ` (WhatsApp error ${result.stopped.code})` : ''}`,
    );
}

export function registerWhatsAppCommands(program: Command): void {
  const whatsapp = program
    .command('whatsapp')
    .description('FU1 by WhatsApp: templates and the blast (whatsapp.mode api)');

  whatsapp
    .command('templates')
    .description('WhatsApp message templates')
    .command('sync')
    .description(
      "Read the templates' review state, category and text from Meta into Odoo (CRM H23 → Konfigurasi → Template WhatsApp)",
    )
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { json?: boolean }, command: Command) => {
      const { runtime, api, client } = await whatsAppRuntime(command, 'whatsapp-templates');
      try {
        const result = await syncTemplates(
          api,
          new OdooTemplateStore(client),
          SYSTEM_CLOCK.now(),
          runtime.logger,
        );
        if (options.json) return writeJson(result);
        writeLine(
          `WhatsApp templates: ${result.updated} updated, ${result.created} added, ${result.unchanged} unchanged`,
        );
        writeLine(`  approved     ${result.approved.join(', ') || 'none'}`);
        for (const template of result.notUsable)
          writeLine(`  not usable   ${template.name} (${template.language}): ${template.status}`);
      } catch (error) {
        if (error instanceof CloudApiFailure) throw new CliExit(EXIT.whatsapp, error.message);
        throw error;
      }
    });

  whatsapp
    .command('blast')
    .description(
      "Send the day's FU1 WhatsApp messages (each once; the daemon runs it on daemon's whatsapp.blastCron)",
    )
    .option('--date <date>', 'the dealer date (YYYY-MM-DD); default today in odoo.tz')
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { date?: string; json?: boolean }, command: Command) => {
      checkedDate('--date', options.date);
      const { runtime, api, client } = await whatsAppRuntime(command, 'whatsapp-blast');
      const date = options.date ?? dealerToday(runtime.config.odoo.tz);
      const { whatsapp } = runtime.config;
      // Under the daemon's lease: a running daemon sends the blast itself (whatsapp.blastCron).
      const result = await underDaemonLease(
        client,
        runtime.config,
        runtime.logger,
        (holder) =>
          `the h23-bridge daemon ${holder} holds the lease and sends the blast itself (whatsapp.blastCron): not sending beside it`,
        () =>
          runBlast(
            new OdooWhatsAppOutbox(client, runtime.config.odoo.tz, runtime.logger),
            api,
            {
              messagesPerSecond: whatsapp.messagesPerSecond,
              messagingLimit: messagingLimitOf(whatsapp),
              marketingEndpoint: whatsapp.marketingEndpoint,
              chunkSize: BLAST_CHUNK,
            },
            SYSTEM_CLOCK,
            runtime.logger,
            date,
          ),
      );
      if (options.json) writeJson(result);
      else printBlast(result, date);
      if (result.stopped) process.exitCode = EXIT.whatsapp;
    });
}
