import type { Config } from '../../config/schema.js';
import { readHolidayFile } from '../connectors/data/holiday-file.js';
import type { OdooClient } from '../connectors/odoo/client.js';
import { type GreetingStore, OdooGreetingStore } from '../connectors/odoo/greeting-store.js';
import { OdooNoticeStore } from '../connectors/odoo/notice-store.js';
import type { Logger } from '../logging/logger.js';
import { type Holiday, parseHolidayYear } from '../rules/holidays.js';
import { greetingDay, greetingNotices, type Occasion } from '../rules/notices/greetings.js';
import { type NoticeReport, type NoticeStore, sendNotices } from './customer-notices.js';

export type { GreetingStore };

export interface GreetingsRequest {
  today: string;
  /** The national holidays of today's year (the curated data); empty when the year has none. */
  holidays: readonly Holiday[];
  occasions: readonly Occasion[];
  promo: string | null;
  /** Count the contacts, send nothing. */
  dryRun: boolean;
}

export interface GreetingsReport {
  today: string;
  /** The holiday greeted today, or null on an ordinary day. */
  holiday: string | null;
  contacts: number;
  notices: NoticeReport;
}

export function greetingsRequestOf(
  config: Pick<Config, 'greetings'>,
  today: string,
  holidays: readonly Holiday[],
  dryRun = false,
): GreetingsRequest {
  return {
    dryRun,
    today,
    holidays,
    occasions: config.greetings.enabled ? config.greetings.occasions : [],
    promo: config.greetings.promo ?? null,
  };
}

/**
 * Holiday greetings (LD-5): on a national holiday of an enabled occasion, every reachable
 * contact is handed a greeting notice keyed by occasion, year and contact, page by page; the
 * notices record each once, ever, and send it by WhatsApp template or e-mail, to nobody who
 * opted out. A run killed half-way greets the rest on its next run that day; none twice.
 */
export async function runGreetings(
  store: GreetingStore,
  notices: NoticeStore,
  logger: Logger,
  request: GreetingsRequest,
): Promise<GreetingsReport> {
  const day = greetingDay(request.today, request.holidays, request.occasions);
  const report: GreetingsReport = {
    today: request.today,
    holiday: day?.holiday ?? null,
    contacts: 0,
    notices: { whatsapp: 0, email: 0, skipped: {}, already: 0, completed: 0 },
  };
  if (!day) return report;
  const dealer = await store.dealerName();
  for await (const page of store.contacts()) {
    report.contacts += page.length;
    if (request.dryRun) continue;
    const sent = await sendNotices(
      notices,
      logger,
      greetingNotices(day, page, dealer, request.promo),
      request.today,
    );
    report.notices.whatsapp += sent.whatsapp;
    report.notices.email += sent.email;
    report.notices.already += sent.already;
    report.notices.completed += sent.completed;
    for (const [reason, count] of Object.entries(sent.skipped))
      report.notices.skipped[reason] = (report.notices.skipped[reason] ?? 0) + count;
  }
  logger.info({ ...report }, 'holiday greetings');
  return report;
}

/** The national holidays of `year` from the curated data; none (with a warning) when the file is absent or bad. */
export function holidaysOfYear(year: number, logger: Logger): Holiday[] {
  const source = readHolidayFile(year);
  if (!source.found) {
    logger.warn({ year, reason: source.message }, 'holiday greetings: no holiday data for the year');
    return [];
  }
  const parsed = parseHolidayYear(source.data, year);
  if (!parsed.ok) {
    logger.warn(
      { year, path: source.path, problems: parsed.problems.length },
      'holiday greetings: bad holiday data',
    );
    return [];
  }
  return parsed.value.holidays;
}

/** The greetings as of a dealer date, against Odoo: the daemon's job and `h23-bridge greetings`. */
export function greetContacts(
  client: OdooClient,
  logger: Logger,
  config: Pick<Config, 'greetings' | 'odoo' | 'whatsapp'>,
  today: string,
  dryRun = false,
): Promise<GreetingsReport> {
  const stores = greetingStores(client, config);
  return runGreetings(
    stores.contacts,
    stores.notices,
    logger,
    greetingsRequestOf(config, today, holidaysOfYear(Number(today.slice(0, 4)), logger), dryRun),
  );
}

export function greetingStores(
  client: OdooClient,
  config: Pick<Config, 'odoo' | 'whatsapp'>,
): { contacts: GreetingStore; notices: NoticeStore } {
  return {
    contacts: new OdooGreetingStore(client),
    notices: new OdooNoticeStore(client, config.odoo.tz, config.whatsapp.mode === 'api'),
  };
}
