import { resolve } from 'node:path';
import type { Config } from '../../config/schema.js';
import type { WhatsAppWebhookEndpoint, WhatsAppWebhookResult } from '../connectors/health/server.js';
import type { OdooClient } from '../connectors/odoo/client.js';
import { isDataError } from '../connectors/odoo/errors.js';
import { OdooWhatsAppEvents } from '../connectors/odoo/whatsapp-event-store.js';
import { OdooWhatsAppOutbox } from '../connectors/odoo/whatsapp-outbox-store.js';
import { cloudApiFromConfig, messagingLimitOf } from '../connectors/whatsapp/from-config.js';
import { WebhookSpool } from '../connectors/whatsapp/webhook-spool.js';
import type { Logger } from '../logging/logger.js';
import { localClock } from '../rules/local-time.js';
import { webhookEvents } from '../rules/whatsapp/webhook-events.js';
import type { DaemonJob } from './daemon.js';
import { type BlastResult, runBlast, SYSTEM_CLOCK } from './whatsapp-blast.js';
import { applyWhatsAppEvents, type EventsResult } from './whatsapp-events.js';

/**
 * Messages claimed, stamped and recorded per round of Odoo calls (four: claim, stamp, read back,
 * record): about 12 s of sending at 80 per second, the most a stop can leave uncertain (settled by
 * their status webhooks when Meta took them). At 10,000 messages the blast makes about 8 Odoo
 * calls per 1,000 (npm run bench:whatsapp).
 */
export const BLAST_CHUNK = 1000;

export const WHATSAPP_EVENTS_JOB = 'whatsapp-events';

/**
 * The daemon's WhatsApp part (whatsapp.mode api): the FU1 blast on its cron,
 * within the sending hours, and the webhook's bodies, kept on disk when Meta
 * posts them and written to Odoo by the `whatsapp-events` job right after
 * (every minute as well, for what a stop left behind).
 */
export function whatsAppDaemon(client: OdooClient, logger: Logger, config: Config) {
  const settings = config.whatsapp;
  const spool = new WebhookSpool(resolve(settings.spoolDir));
  const outbox = new OdooWhatsAppOutbox(client, config.odoo.tz, logger);
  const eventStore = new OdooWhatsAppEvents(client, config.odoo.tz, logger);
  const api = cloudApiFromConfig(settings, config.odoo);

  const processSpool = async (): Promise<EventsResult & { bodies: number; problems: number }> => {
    const totals = { bodies: 0, problems: 0, customerFailures: 0 } as EventsResult & {
      bodies: number;
      problems: number;
    };
    for (;;) {
      const batch = await spool.take();
      if (!batch) return totals;
      if (batch.unreadable > 0)
        logger.warn({ lines: batch.unreadable }, 'WhatsApp webhook lines cut short by a stop: skipped');
      const eventsOf = (body: unknown) => {
        const parsed = webhookEvents(body);
        for (const problem of parsed.problems)
          logger.warn(problem, 'WhatsApp webhook: part of a body ignored');
        totals.problems += parsed.problems.length;
        return parsed.events;
      };
      const add = (result: EventsResult) => {
        for (const [key, value] of Object.entries(result) as Array<[keyof EventsResult, number]>) {
          totals[key] = (totals[key] ?? 0) + value;
        }
      };
      const result = await applyWhatsAppEvents(
        eventStore,
        batch.bodies.flatMap(({ body }) => eventsOf(body)),
        logger,
      ).catch((error: unknown) => {
        // Odoo refused the batch for its data: body by body, and a body Odoo refuses on its own is
        // set aside (with Odoo's message) rather than blocking every body after it. A network or
        // server failure is thrown: the batch stays on disk for the next run.
        if (!isDataError(error)) throw error;
        return null;
      });
      if (result) add(result);
      else {
        for (const { body, receivedAt } of batch.bodies) {
          try {
            add(await applyWhatsAppEvents(eventStore, eventsOf(body), logger));
          } catch (error) {
            if (!isDataError(error)) throw error;
            await spool.setAside({ body, receivedAt }, error.message);
            logger.error(
              { err: error.toLog(true) },
              'WhatsApp webhook body refused by Odoo: set aside in the spool folder',
            );
          }
        }
      }
      totals.bodies += batch.bodies.length;
      if (totals.unknownStatuses > 0)
        logger.warn(
          { count: totals.unknownStatuses },
          'WhatsApp statuses for messages the bridge did not send: ignored',
        );
      await batch.done();
    }
  };

  const jobs: DaemonJob[] = [
    {
      // Before the blast and the outcomes: a reply that came in the night answers its follow-up first.
      name: WHATSAPP_EVENTS_JOB,
      cron: '* * * * *',
      run: () => processSpool(),
      // SOP: a WhatsApp that failed is followed by a call at once, not at tomorrow's schedule.
      next: (result) => ((result as EventsResult).customerFailures > 0 ? ['schedule'] : []),
    },
    {
      name: 'whatsapp',
      cron: settings.blastCron,
      run: async (date) => {
        const { hour } = localClock(new Date(), config.odoo.tz);
        if (hour < settings.sendFromHour || hour >= settings.sendUntilHour) {
          logger.info(
            { hour, from: settings.sendFromHour, until: settings.sendUntilHour },
            'outside the WhatsApp sending hours: blast waits',
          );
          return { skipped: 'outside sending hours' };
        }
        return runBlast(
          outbox,
          api,
          {
            messagesPerSecond: settings.messagesPerSecond,
            messagingLimit: messagingLimitOf(settings),
            marketingEndpoint: settings.marketingEndpoint,
            chunkSize: BLAST_CHUNK,
          },
          SYSTEM_CLOCK,
          logger,
          date,
        );
      },
      next: (result) => {
        const blast = result as Partial<BlastResult>;
        return (blast.failed ?? 0) + (blast.noPhone ?? 0) > 0 ? ['schedule'] : [];
      },
    },
  ];

  const endpoint = (
    isActive: () => boolean,
    trigger: (job: string) => unknown,
    record: (result: WhatsAppWebhookResult) => void,
  ): WhatsAppWebhookEndpoint => ({
    verifyToken: settings.verifyToken ?? '',
    appSecret: settings.appSecret ?? '',
    maxBytes: settings.maxWebhookBytes,
    accept: async (body) => {
      if (!isActive()) return 'standby';
      await spool.append(body);
      trigger(WHATSAPP_EVENTS_JOB);
      return 'accepted';
    },
    record,
    logger,
  });

  return { jobs, endpoint, processSpool };
}
