/**
 * npm run bench:schedule -- [--units N]
 * The planning step alone, no Odoo: N units bought over four years, some KPBs done and some
 * follow-ups under way, planned for one date with a Monday-to-Saturday calendar and holidays.
 * Prints the CPU time of the plan (the bar: under a second for 100,000 units).
 */
import { parseArgs } from 'node:util';
import { addDays, workCalendar } from '../src/rules/followup/calendar.js';
import {
  type ExistingFollowUp,
  planSchedule,
  type ScheduledUnit,
  SOP_POLICY,
} from '../src/rules/followup/schedule.js';

const { values } = parseArgs({ options: { units: { type: 'string', default: '100000' } } });
const count = Number(values.units);
const today = '2026-11-23';
const units: ScheduledUnit[] = Array.from({ length: count }, (_, index) => {
  const purchaseDate = addDays(today, -(index % 1460));
  return {
    unitId: index + 1,
    purchaseDate,
    kpbDone: index % 3 === 0 ? { 1: addDays(purchaseDate, 40) } : {},
  };
});
const followUps: ExistingFollowUp[] = units
  .filter((_, index) => index % 5 === 0)
  .map((unit, index) => ({
    id: index + 1,
    unitId: unit.unitId,
    kpb: 1,
    stage: 'fu1',
    state: 'contacted',
    result: 'no_response',
    dueDate: addDays(unit.purchaseDate, 30),
  }));
const calendar = workCalendar({ holidays: ['2026-12-25', '2026-12-26', '2027-01-01'] });
for (let warm = 0; warm < 2; warm += 1)
  planSchedule(units.slice(0, 5000), followUps, today, SOP_POLICY, calendar);
const cpuBefore = process.cpuUsage();
const started = performance.now();
const actions = planSchedule(units, followUps, today, SOP_POLICY, calendar);
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(
  `${count} units, ${followUps.length} follow-ups → ${actions.length} actions in ${(performance.now() - started).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU\n`,
);
