import { describe, expect, it } from 'vitest';
import { readHolidayFile } from '../connectors/data/holiday-file.js';
import type { HolidayStore, HolidayWriteFailure } from '../connectors/odoo/holiday-store.js';
import { silentLogger } from '../logging/logger.js';
import type { HolidayLeave, StoredHolidayLeave } from '../rules/holidays.js';
import { ensureHolidays, type HolidaySource, loadHolidays } from './load-holidays.js';

/** Odoo's global leaves under the bridge's keys, in memory. */
class MemoryHolidays implements HolidayStore {
  readonly leaves = new Map<string, StoredHolidayLeave>();
  writes = 0;
  private nextId = 1;
  async stored(year: number) {
    return new Map([...this.leaves].filter(([key]) => key.includes(`_${year}_`)));
  }
  async create(leaves: readonly HolidayLeave[]): Promise<HolidayWriteFailure[]> {
    this.writes += leaves.length;
    for (const leave of leaves) this.leaves.set(leave.key, { id: this.nextId++, ...leave });
    return [];
  }
  async update(changes: ReadonlyArray<{ id: number; leave: HolidayLeave }>): Promise<HolidayWriteFailure[]> {
    this.writes += changes.length;
    for (const { id, leave } of changes) this.leaves.set(leave.key, { id, ...leave });
    return [];
  }
  async remove(ids: readonly number[]) {
    this.writes += ids.length;
    for (const [key, leave] of this.leaves) if (ids.includes(leave.id)) this.leaves.delete(key);
  }
}

const options = { year: 2026, timeZone: 'Asia/Jakarta', dryRun: false };

describe('loadHolidays', () => {
  it('writes the shipped 2026 file once: 25 days, 8 of them cuti bersama', async () => {
    const store = new MemoryHolidays();
    const first = await loadHolidays(store, readHolidayFile(2026), options, silentLogger());
    expect(first).toMatchObject({ holidays: 25, cutiBersama: 8, created: 25, updated: 0, removed: 0 });
    expect(store.leaves.get('cuti_bersama_2026_03_20')).toMatchObject({
      name: 'Cuti Bersama Idul Fitri 1447 H',
      dateFrom: '2026-03-19 17:00:00',
      dateTo: '2026-03-20 16:59:59',
    });
    const again = await loadHolidays(store, readHolidayFile(2026), options, silentLogger());
    expect(again).toMatchObject({ created: 0, updated: 0, removed: 0, unchanged: 25 });
    expect(store.writes).toBe(25);
  });

  it('a corrected file changes only what it corrects', async () => {
    const store = new MemoryHolidays();
    const shipped = readHolidayFile(2026);
    if (!shipped.found) throw new Error('no 2026 file');
    await loadHolidays(store, shipped, options, silentLogger());
    const data = shipped.data as { holidays: Array<{ date: string; name: string; kind: string }> };
    const corrected: HolidaySource = {
      found: true,
      path: 'koreksi.json',
      data: {
        ...data,
        holidays: data.holidays
          .filter((day) => day.date !== '2026-12-24')
          .map((day) => (day.date === '2026-01-16' ? { ...day, name: 'Isra Mikraj (koreksi)' } : day)),
      },
    };
    const report = await loadHolidays(store, corrected, options, silentLogger());
    expect(report).toMatchObject({ created: 0, updated: 1, removed: 1, unchanged: 23 });
    expect(store.leaves.has('cuti_bersama_2026_12_24')).toBe(false);
  });

  it('a year without data says so and writes nothing; a bad file names the entry', async () => {
    const store = new MemoryHolidays();
    const missing = await loadHolidays(
      store,
      readHolidayFile(2031),
      { ...options, year: 2031 },
      silentLogger(),
    );
    expect(missing.refused?.message).toMatch(/^no holiday data for 2031 \(.*id-2031\.json\)$/);
    const bad = await loadHolidays(
      store,
      {
        found: true,
        path: 'x.json',
        data: { year: 2026, holidays: [{ date: '2026-13-01', name: 'X', kind: 'x' }] },
      },
      options,
      silentLogger(),
    );
    expect(bad.refused?.problems).toEqual([
      { entry: 1, field: 'date', value: '2026-13-01', message: 'must be a date of 2026 (YYYY-MM-DD)' },
    ]);
    expect(store.writes).toBe(0);
  });

  it('at an administrator’s start: this year and the next where the bridge ships them', async () => {
    const store = new MemoryHolidays();
    const reports = await ensureHolidays(
      store,
      (year) => readHolidayFile(year),
      { today: '2026-12-01', timeZone: 'Asia/Jakarta' },
      silentLogger(),
    );
    expect(reports.map((report) => report.year)).toEqual([2026]);
    expect(store.leaves.size).toBe(25);
  });
});
