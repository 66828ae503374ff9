/**
 * npm run bench:kpi -- [--officers N] [--messages N]
 * Two parts, both the bridge's own code: (1) the KPI store's message read, fed by a fake Odoo
 * that answers `mail.message` pages as JSON text the way Odoo's JSON-RPC does (parse, decode,
 * classify, thread owners and commercial partners); (2) the job's computation over what such a
 * read gives.
 * The KPI job's computation for a quarter, no Odoo: N officers, N customer messages received in
 * 2026-Q3 (each answered, most within 1×24 jam, some late, some never), a sale and a re-order
 * follow-up for every 20th customer, run as of the audit day (1 October 2026) so that every card
 * is computed and every sample drawn, through the job's own code with an in-memory store (what
 * Odoo's reads would hand it). Prints the bridge's CPU time for the run (the bar: under
 * 10 s for 50 officers and 500,000 messages) and the process's resident memory after it.
 */
import { parseArgs } from 'node:util';
import { OdooClient } from '../src/connectors/odoo/client.js';
import { OdooKpiStore } from '../src/connectors/odoo/kpi-store.js';
import type { RpcCall } from '../src/connectors/odoo/transport.js';
import { runKpi } from '../src/jobs/kpi.js';
import { silentLogger } from '../src/logging/logger.js';
import { kpiPolicy } from '../src/rules/kpi/score.js';
import { odooDatetimeOfInstant } from '../src/rules/local-time.js';
import { FakeTransport } from '../test/support/fake-transport.js';
import { MemoryKpiStore } from '../test/support/memory-kpi-store.js';

const { values } = parseArgs({
  options: { officers: { type: 'string', default: '50' }, messages: { type: 'string', default: '500000' } },
});
const officers = Number(values.officers);
const messages = Number(values.messages);

function scenario(): MemoryKpiStore {
  const store = new MemoryKpiStore();
  store.officerRows = Array.from({ length: officers }, (_, index) => ({
    id: index + 1,
    name: `Officer ${index + 1}`,
  }));
  store.reviewerIds = [9999];
  const quarterStart = Date.parse('2026-07-01T00:00:00+07:00');
  const quarterMs = Date.parse('2026-10-01T00:00:00+07:00') - quarterStart;
  const customers = Math.max(1, Math.floor(messages / 5));
  for (let customer = 0; customer < customers; customer += 1) {
    const officer = (customer % officers) + 1;
    store.threadRows.push({ key: `res.partner,${customer}`, ownerUserId: officer, partnerId: customer });
  }
  for (let index = 0; index < messages; index += 1) {
    const customer = index % customers;
    const officer = (customer % officers) + 1;
    const thread = `res.partner,${customer}`;
    // Spread over the quarter, any hour of any day (nights and Sundays included).
    const at = quarterStart + Math.floor(((index * 7919) % messages) * (quarterMs / messages));
    store.messageRows.push({
      key: `mail:${index * 2}`,
      channel: 'email',
      thread,
      at,
      direction: 'inbound',
      authorUserId: null,
    });
    if (index % 50 === 0) continue;
    const delay = index % 10 === 0 ? 40 * 3_600_000 : ((index % 7) + 1) * 1_800_000;
    store.messageRows.push({
      key: `mail:${index * 2 + 1}`,
      channel: 'email',
      thread,
      at: at + delay,
      direction: 'outbound',
      authorUserId: officer,
    });
  }
  for (let customer = 0; customer < customers; customer += 20) {
    const officer = (customer % officers) + 1;
    store.saleRows.push({
      source: 'invoice',
      partnerId: customer,
      userId: officer,
      date: '2026-05-10',
      amount: 1_000_000,
      export: false,
    });
    store.saleRows.push({
      source: 'invoice',
      partnerId: customer,
      userId: officer,
      date: '2026-08-10',
      amount: 1_100_000,
      export: customer % 100 === 0,
    });
    store.followUpRows.push({
      key: `f${customer}`,
      officerId: officer,
      partnerId: customer,
      date: '2026-07-15',
    });
  }
  return store;
}

const store = scenario();

/** Odoo's answers to the store's message read: the scenario's messages as raw mail.message rows. */
function fakeOdoo(): OdooClient {
  const customerPartner = (thread: string) => Number(thread.split(',')[1]) + 100_000;
  const rows = store.messageRows.map((message, index) => ({
    id: index + 1,
    model: 'res.partner',
    res_id: customerPartner(message.thread),
    date: odooDatetimeOfInstant(message.at),
    author_id:
      message.direction === 'inbound'
        ? [customerPartner(message.thread), 'Pelanggan']
        : [Number(message.authorUserId) + 10, 'Officer'],
    message_type: message.direction === 'inbound' ? 'email' : 'comment',
    subtype_id: [1, 'Discussions'],
  }));
  // Odoo's side of the wire, serialised before the clock starts: ids are 1…n, pages of 5,000.
  const pageText = new Map<number, string>();
  for (let start = 0; start < rows.length; start += 5000)
    pageText.set(start, JSON.stringify(rows.slice(start, start + 5000)));
  const handle = (call: RpcCall): unknown => {
    const domain = (call.kwargs.domain ?? []) as unknown[];
    if (call.model === 'res.users')
      return store.officerRows.map((o) => ({ id: o.id, partner_id: [o.id + 10, o.name] }));
    if (call.model === 'ir.model.data')
      return [{ id: 1, module: 'mail', name: 'mt_comment', model: 'mail.message.subtype', res_id: 1 }];
    if (call.model === 'ir.module.module') return [];
    if (call.model === 'x_h23_wa_message') return [];
    if (call.model === 'mail.message') {
      const after = Number(
        (domain.find((term) => Array.isArray(term) && term[0] === 'id') as unknown[] | undefined)?.[2] ?? 0,
      );
      // What the wire carries: JSON text, parsed by the client.
      return JSON.parse(pageText.get(after) ?? '[]');
    }
    if (call.model === 'res.partner' && call.method === 'read') {
      const ids = call.args[0] as number[];
      return JSON.parse(
        JSON.stringify(
          ids.map((id) => ({
            id,
            user_id: [((id - 100_000) % officers) + 1, 'Officer'],
            commercial_partner_id: [id, 'Pelanggan'],
          })),
        ),
      );
    }
    throw new Error(`unexpected ${call.model}.${call.method}`);
  };
  return OdooClient.over(
    new FakeTransport(handle),
    { uid: 99_999, version: { version: '19.0', major: 19, minor: 0, edition: 'community' }, db: 'bench' },
    { maxInFlight: 1, retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 }, context: {} },
    silentLogger(),
  );
}

// (1) the store's read: binary-searching pages would be Odoo's work; here only ours is timed.
const odooStore = new OdooKpiStore(fakeOdoo(), 'Asia/Jakarta');
const readCpuBefore = process.cpuUsage();
const read = await odooStore.messages(Date.parse('2026-04-01T00:00:00+07:00'));
const readCpu = process.cpuUsage(readCpuBefore);
const readSeconds = (readCpu.user + readCpu.system) / 1e6;
if (read.messages.length !== store.messageRows.length)
  throw new Error(`the store read ${read.messages.length} of ${store.messageRows.length} messages`);
const request = {
  now: Date.parse('2026-10-01T09:00:00+07:00'),
  timeZone: 'Asia/Jakarta',
  policy: kpiPolicy({ reorderConversionTarget: 0.3 }),
  fastReplyWorkingHours: null,
  reorderWindowDays: 30,
  revenueSource: 'auto' as const,
  drawSeed: (key: string) => [...key].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) >>> 0, 7),
};
global.gc?.();
const cpuBefore = process.cpuUsage();
const started = performance.now();
const report = await runKpi(store, silentLogger(), request);
const cpu = process.cpuUsage(cpuBefore);
const jobSeconds = (cpu.user + cpu.system) / 1e6;
const cpuSeconds = readSeconds + jobSeconds;
process.stdout.write(
  `${officers} officers, ${messages} customer messages (${store.messageRows.length} with replies), ${store.saleRows.length} invoices, ${store.followUpRows.length} follow-ups\n` +
    `(1) store read of ${read.messages.length} messages and ${read.threads.length} threads: ${readSeconds.toFixed(2)} s CPU\n` +
    `(2) job → ${report.cardsWritten} cards, ${report.samplesCreated} sampled messages in ${((performance.now() - started) / 1000).toFixed(2)} s wall, ${jobSeconds.toFixed(2)} s CPU\n` +
    `total ${cpuSeconds.toFixed(2)} s of bridge CPU, ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB resident\n` +
    `${cpuSeconds < 10 ? 'PASS' : 'FAIL'}: the bar is under 10 s of bridge CPU\n`,
);
if (cpuSeconds >= 10) process.exitCode = 1;
