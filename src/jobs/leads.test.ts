import { describe, expect, it } from 'vitest';
import { MemoryLeadStore } from '../../test/support/memory-lead-store.js';
import { silentLogger } from '../logging/logger.js';
import { addMonths } from '../rules/day-count.js';
import { type LeadsRequest, runLeads } from './leads.js';

const logger = silentLogger();
const COMPLETION = '2026-01-15';
const DATES = [
  COMPLETION,
  '2026-01-16',
  '2026-06-01',
  addMonths(COMPLETION, 12),
  '2027-02-01',
  addMonths(COMPLETION, 24),
  '2028-06-01',
];

function request(today: string): LeadsRequest {
  return { today, timeZone: 'Asia/Jakarta', staleDays: 7, recontactMonths: [12, 24], dryRun: false };
}

/** Three won deals: one complete at handover, one whose data comes a day later, one not handed over. */
function crm(store: MemoryLeadStore): MemoryLeadStore {
  return store
    .deal(1, {
      bastDate: COMPLETION,
      completionDate: COMPLETION,
      contractValue: 300_000_000,
      products: '12 unit Vario',
    })
    .deal(2, { bastDate: COMPLETION })
    .deal(3);
}

/** Between the runs a salesperson completes deal 2 (the day after the handover). */
async function year(store: MemoryLeadStore, from = 0): Promise<void> {
  for (const date of DATES.slice(from)) {
    if (date === '2026-01-16')
      Object.assign(store.deals.get(2) ?? {}, {
        completionDate: COMPLETION,
        contractValue: 120_000_000,
        products: '5 unit Beat',
      });
    await runLeads(store, logger, request(date));
  }
}

describe('runLeads: past clients over two years', () => {
  it('asks, records, marks the customers and calls each past client at 12 and 24 months, once each', async () => {
    const store = crm(new MemoryLeadStore());
    const first = await runLeads(store, logger, request(COMPLETION));
    expect(first).toMatchObject({
      wonDeals: 3,
      handedOver: 2,
      projectIncomplete: 1,
      askedForProject: 1,
      projectsRecorded: 1,
      statusChanges: { client: 2, past_client: 1, cleared: 0 },
    });
    await year(store, 1);
    const { deals, statuses, activities } = store.snapshot();
    expect(
      deals.map((deal) => [deal.id, deal.projectRecorded, deal.recontacts, deal.projectMissing]),
    ).toEqual([
      [1, COMPLETION, '12, 24', null],
      [2, '2026-01-16', '12, 24', null],
      [3, null, null, null],
    ]);
    expect(statuses).toEqual([
      [101, 'past_client'],
      [102, 'past_client'],
      [103, 'client'],
    ]);
    expect(activities.map((a) => [a.leadId, a.kind, a.summary, a.done, a.deadline])).toEqual([
      [1, 'recontact', 'Hubungi kembali mantan klien: 12 bulan setelah proyek selesai', false, '2027-01-15'],
      [1, 'recontact', 'Hubungi kembali mantan klien: 24 bulan setelah proyek selesai', false, '2028-01-15'],
      [2, 'recontact', 'Hubungi kembali mantan klien: 12 bulan setelah proyek selesai', false, '2027-01-15'],
      [2, 'recontact', 'Hubungi kembali mantan klien: 24 bulan setelah proyek selesai', false, '2028-01-15'],
      [
        2,
        'project',
        'Lengkapi data proyek: nilai kontrak akhir, produk terpasang, tanggal proyek selesai',
        true,
        COMPLETION,
      ],
    ]);
  });

  it('a re-run of any day changes nothing', async () => {
    const store = crm(new MemoryLeadStore());
    await year(store);
    const before = JSON.stringify(store.snapshot());
    for (const date of DATES) {
      const again = await runLeads(store, logger, request(date));
      expect(again).toMatchObject({ askedForProject: 0, projectsRecorded: 0, recontacts: 0 });
    }
    expect(JSON.stringify(store.snapshot())).toBe(before);
  });

  it('whichever write the kill hit, re-running the day ends as an uninterrupted run', async () => {
    const counter = { writesLeft: 1_000_000 };
    const reference = crm(new MemoryLeadStore(counter));
    await year(reference);
    const writes = 1_000_000 - counter.writesLeft;
    const expected = JSON.stringify(reference.snapshot());
    let kills = 0;
    for (let day = 0; day < DATES.length; day += 1) {
      for (let writesLeft = 0; ; writesLeft += 1) {
        // The whole two years again, killed on this day at this write, the day then re-run.
        const killSwitch = { writesLeft: Number.POSITIVE_INFINITY };
        const replay = crm(new MemoryLeadStore(killSwitch));
        let killed = false;
        for (const [index, date] of DATES.entries()) {
          if (date === '2026-01-16')
            Object.assign(replay.deals.get(2) ?? {}, {
              completionDate: COMPLETION,
              contractValue: 120_000_000,
              products: '5 unit Beat',
            });
          killSwitch.writesLeft = index === day ? writesLeft : Number.POSITIVE_INFINITY;
          try {
            await runLeads(replay, logger, request(date));
          } catch (error) {
            expect((error as Error).message).toBe('killed');
            killed = true;
            kills += 1;
            killSwitch.writesLeft = Number.POSITIVE_INFINITY;
            await runLeads(replay, logger, request(date));
          }
        }
        expect(JSON.stringify(replay.snapshot())).toBe(expected);
        if (!killed) break;
      }
    }
    // Every write of the two years was a kill point once.
    expect(kills).toBe(writes);
  });
});
