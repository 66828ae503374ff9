/**
 * npm run bench:kpi -- [--officers N] [--messages N]
 * The KPI job's computation for a quarter, no Odoo: N officers, N customer messages received in
 * 2026-Q3 (each answered, most within 1×24 jam, some late, some never), a sale and a re-order
 * follow-up for every 20th customer, run as of the audit day (1 October 2026) so that every card
 * is computed and every sample drawn, through the job's own code with an in-memory store (what
 * Odoo's reads would hand it). Prints the bridge's CPU time for the run (the bar: under
 * 10 s for 50 officers and 500,000 messages) and the process's resident memory after it.
 */
import { parseArgs } from 'node:util';
import { runKpi } from '../src/jobs/kpi.js';
import { silentLogger } from '../src/logging/logger.js';
import { kpiPolicy } from '../src/rules/kpi/score.js';
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
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(
  `${officers} officers, ${messages} customer messages (${store.messageRows.length} with replies), ${store.saleRows.length} invoices, ${store.followUpRows.length} follow-ups\n` +
    `→ ${report.cardsWritten} cards, ${report.samplesCreated} sampled messages in ${((performance.now() - started) / 1000).toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU, ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB resident\n` +
    `${cpuSeconds < 10 ? 'PASS' : 'FAIL'}: the bar is under 10 s of bridge CPU\n`,
);
if (cpuSeconds >= 10) process.exitCode = 1;
