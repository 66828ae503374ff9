/**
 * npm run bench:segments -- [--customers N]
 * The segment rule alone, no Odoo: N customers with one or two units bought over six years and
 * 0–10 service visits each (some the same day from two sources), and known spend for most,
 * segmented and scored for one date. Prints the CPU time (the issue's bar: under 2 s for 200,000).
 */
import { parseArgs } from 'node:util';
import { addDays } from '../src/rules/day-count.js';
import { type ServiceHistory, segmentCustomers } from '../src/rules/loyalty/segments.js';

const { values } = parseArgs({ options: { customers: { type: 'string', default: '200000' } } });
const count = Number(values.customers);
const today = '2026-12-01';
const histories: ServiceHistory[] = Array.from({ length: count }, (_, index) => {
  const bought = addDays(today, -((index * 7919) % 2190));
  const visits = Array.from({ length: index % 11 }, (_, visit) =>
    addDays(bought, 60 + visit * ((index % 5) + 1) * 45),
  );
  if (index % 7 === 0 && visits[0]) visits.push(visits[0]);
  return {
    partnerId: index + 1,
    purchases: index % 4 === 0 ? [bought, addDays(bought, 400)] : [bought],
    visits,
    spend: index % 10 === 0 ? null : ((index * 104729) % 5_000_000) + 50_000,
  };
});
for (let warm = 0; warm < 2; warm += 1) segmentCustomers(histories.slice(0, 10_000), today);
const cpuBefore = process.cpuUsage();
const started = performance.now();
const segments = segmentCustomers(histories, today);
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const bySegment = new Map<string, number>();
for (const customer of segments) bySegment.set(customer.segment, (bySegment.get(customer.segment) ?? 0) + 1);
process.stdout.write(
  `${count} customers, ${histories.reduce((sum, h) => sum + h.visits.length, 0)} visits → ${[...bySegment].map(([segment, n]) => `${segment} ${n}`).join(', ')}\n` +
    `${((performance.now() - started) / 1000).toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU\n` +
    `${cpuSeconds < 2 ? 'PASS' : 'FAIL'}: the bar is under 2 s of CPU\n`,
);
if (cpuSeconds >= 2) process.exitCode = 1;
