/**
 * npm run bench:loyalty -- [--customers N]
 * The loyalty job without Odoo: N customers (one or two units bought over six years, 0–10 service
 * visits, spend for most) segmented by the segment rule, then the whole loyalty job (tiers,
 * diffs, announcements, the month per branch) over a store in memory for two nights: the first
 * enrols everyone who qualifies, the second (a month later) moves them on. Prints the CPU time of
 * each night (the bar, as for the segments: under 2 s for 200,000).
 */
import { parseArgs } from 'node:util';
import type {
  LoyaltyStore,
  MemberChannel,
  StoredLoyaltyMonth,
  StoredMembership,
} from '../src/connectors/odoo/loyalty-store.js';
import { type LoyaltyAnnouncer, runLoyalty } from '../src/jobs/loyalty.js';
import { silentLogger } from '../src/logging/logger.js';
import { addDays } from '../src/rules/day-count.js';
import {
  DEFAULT_SEGMENT_POLICY,
  type ServiceHistory,
  segmentCustomers,
} from '../src/rules/loyalty/segments.js';
import { DEFAULT_LOYALTY_POLICY, type Tier } from '../src/rules/loyalty/tiers.js';

const { values } = parseArgs({ options: { customers: { type: 'string', default: '200000' } } });
const count = Number(values.customers);
const histories: ServiceHistory[] = Array.from({ length: count }, (_, index) => {
  const bought = addDays('2026-12-01', -((index * 7919) % 2190));
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

/** A store in memory with constant-time writes: the job's own CPU is what is measured. */
class BenchStore implements LoyaltyStore {
  constructor(private readonly histories: readonly ServiceHistory[]) {}
  members$ = new Map<number, StoredMembership>();
  tiers = new Map<number, Tier>();
  months = new Map<string, StoredLoyaltyMonth>();
  today = '';
  private nextId = 1;
  async customers(today: string) {
    const segments = new Map(
      segmentCustomers(this.histories, today, DEFAULT_SEGMENT_POLICY).map((row) => [
        row.partnerId,
        row.segment,
      ]),
    );
    return {
      customers: this.histories.map((history) => ({
        partnerId: history.partnerId,
        segment: segments.get(history.partnerId) ?? null,
        visits: history.visits,
        spend: history.spend,
        branchId: (history.partnerId % 12) + 1,
      })),
      spendKnown: true,
    };
  }
  async members() {
    return [...this.members$.values()];
  }
  async createMembers(rows: Parameters<LoyaltyStore['createMembers']>[0]) {
    return rows.map((row) => {
      const id = this.nextId++;
      // Kept as given (the job does not touch it again): the stand-in for Odoo costs no copy.
      this.members$.set(
        id,
        Object.assign(row, { id, announcedTier: null, channel: null, announcedOn: null }),
      );
      return id;
    });
  }
  async updateMembers(rows: Parameters<LoyaltyStore['updateMembers']>[0]) {
    for (const row of rows) Object.assign(this.members$.get(row.id) as StoredMembership, row.values);
    return [];
  }
  async partnerTiers() {
    return new Map(this.tiers);
  }
  async writePartnerTiers(rows: Parameters<LoyaltyStore['writePartnerTiers']>[0]) {
    for (const row of rows)
      row.tier ? this.tiers.set(row.partnerId, row.tier) : this.tiers.delete(row.partnerId);
    return [];
  }
  async monthLines(month: string) {
    return [...this.months.values()].filter((line) => line.key.endsWith(month.slice(0, 7)));
  }
  async createMonthLines(rows: Parameters<LoyaltyStore['createMonthLines']>[0]) {
    for (const row of rows) this.months.set(row.key, { id: this.nextId++, key: row.key, values: row.values });
  }
  async updateMonthLines(rows: Parameters<LoyaltyStore['updateMonthLines']>[0]) {
    for (const row of rows)
      for (const line of this.months.values()) if (line.id === row.id) line.values = row.values;
  }
}

const announce: LoyaltyAnnouncer = async (announcements) =>
  new Map(announcements.map((item) => [item.key, 'whatsapp' as MemberChannel]));
const request = (today: string) => ({
  today,
  segmentPolicy: DEFAULT_SEGMENT_POLICY,
  policy: DEFAULT_LOYALTY_POLICY,
  notify: true,
});
const NIGHTS = ['2026-12-01', '2027-01-02'];
// Warm-up on 10,000 customers (as bench:segments does), then the clock on all of them.
const warm = new BenchStore(histories.slice(0, 10_000));
for (const today of NIGHTS) await runLoyalty(warm, silentLogger(), request(today), announce);
const store = new BenchStore(histories);
// The segments are the segment job's (benched by bench:segments): read before the clock starts.
const customersOf = store.customers.bind(store);
let failed = false;
for (const today of NIGHTS) {
  const read = await customersOf(today);
  store.customers = async () => read;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const report = await runLoyalty(store, silentLogger(), request(today), announce);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  failed ||= cpuSeconds >= 2;
  process.stdout.write(
    `${today}: ${count} customers → members ${JSON.stringify(report.members)}, lapsed ${report.lapsedMembers}, events ${JSON.stringify(report.events)}, ${report.announced} announced\n` +
      `  ${((performance.now() - started) / 1000).toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU (${cpuSeconds < 2 ? 'PASS' : 'FAIL'}: under 2 s)\n`,
  );
}
if (failed) process.exitCode = 1;
