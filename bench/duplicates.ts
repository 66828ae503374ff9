/**
 * npm run bench:duplicates -- [--customers N] [--duplicates D] [--seed S] [--mobile]
 * The duplicate audit's rules alone, no Odoo: N customers (default 10,000) of which D (500)
 * are seeded duplicates of realistic kinds (test/support/duplicate-population.ts), with
 * households sharing a phone that must not merge. Prints recall over the seeded duplicates,
 * precision over the pairs the groups put together, and the CPU time (issue 17's bar:
 * recall ≥ 95%, precision ≥ 98%).
 */
import { parseArgs } from 'node:util';
import { planAudit } from '../src/rules/hygiene/audit.js';
import { duplicatePopulation, measureDuplicates } from '../test/support/duplicate-population.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '10000' },
    duplicates: { type: 'string', default: '500' },
    seed: { type: 'string', default: '17' },
    mobile: { type: 'boolean', default: false },
  },
});
const population = duplicatePopulation({
  customers: Number(values.customers),
  duplicates: Number(values.duplicates),
  seed: Number(values.seed),
  mobileField: values.mobile,
});
const cpuBefore = process.cpuUsage();
const started = performance.now();
const plan = planAudit(population.records);
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const measured = measureDuplicates(population, plan.search.groups);
const byKind = new Map<string, { seeded: number; found: number }>();
const groupOf = new Map<number, number>();
plan.search.groups.forEach((group, index) => {
  for (const id of group.partnerIds) groupOf.set(id, index);
});
for (const duplicate of population.duplicates) {
  const line = byKind.get(duplicate.kind) ?? { seeded: 0, found: 0 };
  line.seeded += 1;
  if (groupOf.has(duplicate.id) && groupOf.get(duplicate.id) === groupOf.get(duplicate.of)) line.found += 1;
  byKind.set(duplicate.kind, line);
}
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const pass = measured.recall >= 0.95 && measured.precision >= 0.98 && measured.familyPhonesJoined === 0;
process.stdout.write(
  `${population.records.length} customers, ${measured.seeded} seeded duplicates, ${population.familyPhonePairs.length} family phones (seed ${values.seed}${values.mobile ? ', phone+mobile' : ''})\n` +
    `${plan.search.groups.length} groups, ${plan.search.comparisons} comparisons, ${plan.search.oversizedBlocks.length} oversized block(s)\n` +
    `recall ${percent(measured.recall)} (${measured.found}/${measured.seeded}): ${[...byKind].map(([kind, line]) => `${kind} ${line.found}/${line.seeded}`).join(', ')}\n` +
    `precision ${percent(measured.precision)} (${measured.truePairs}/${measured.predictedPairs} pairs), family phones joined: ${measured.familyPhonesJoined}\n` +
    `inaccurate: ${plan.counts.phoneInvalid} phone, ${plan.counts.emailMissing} e-mail missing, ${plan.counts.emailMalformed} malformed, ${plan.counts.addressIncomplete} address\n` +
    `${((performance.now() - started) / 1000).toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU\n` +
    `${pass ? 'PASS' : 'FAIL'}: the bar is recall ≥ 95%, precision ≥ 98%, no family phone joined\n`,
);
if (!pass) process.exitCode = 1;
