import { describe, expect, it } from 'vitest';
import { holidayKey, holidayLeaves, parseHolidayYear, planHolidayLeaves } from './holidays.js';

const file = (holidays: unknown, year: unknown = 2026) => ({ year, source: 'SKB', holidays });

describe('parseHolidayYear', () => {
  it('takes a good file, sorted by date', () => {
    const parsed = parseHolidayYear(
      file([
        { date: '2026-03-20', name: 'Cuti Bersama Idul Fitri 1447 H', kind: 'cuti_bersama' },
        { date: '2026-01-01', name: ' Tahun Baru 2026 Masehi ', kind: 'libur_nasional' },
      ]),
      2026,
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        year: 2026,
        source: 'SKB',
        holidays: [
          { date: '2026-01-01', name: 'Tahun Baru 2026 Masehi', kind: 'libur_nasional' },
          { date: '2026-03-20', name: 'Cuti Bersama Idul Fitri 1447 H', kind: 'cuti_bersama' },
        ],
      },
    });
  });

  it.each([
    ['not an object', [], [{ field: '(file)', message: 'must be a JSON object' }]],
    ['another year', file([], 2025), [{ field: 'year', value: 2025, message: 'must be 2026' }]],
    ['no list', file('x'), [{ field: 'holidays', value: 'x', message: 'must be a list' }]],
    [
      'a date that does not exist',
      file([{ date: '2026-02-30', name: 'X', kind: 'libur_nasional' }]),
      [{ entry: 1, field: 'date', value: '2026-02-30' }],
    ],
    [
      'a date of another year',
      file([{ date: '2027-01-01', name: 'X', kind: 'libur_nasional' }]),
      [{ entry: 1, field: 'date', value: '2027-01-01' }],
    ],
    [
      'a blank name',
      file([{ date: '2026-01-01', name: ' ', kind: 'libur_nasional' }]),
      [{ entry: 1, field: 'name', value: ' ' }],
    ],
    [
      'an unknown kind',
      file([{ date: '2026-01-01', name: 'X', kind: 'libur' }]),
      [{ entry: 1, field: 'kind', value: 'libur' }],
    ],
    [
      'a date twice',
      file([
        { date: '2026-01-01', name: 'X', kind: 'libur_nasional' },
        { date: '2026-01-01', name: 'Y', kind: 'cuti_bersama' },
      ]),
      [{ entry: 2, field: 'date', message: 'repeats entry 1' }],
    ],
  ])('refuses %s, naming the entry and field', (_case, data, problems) => {
    const parsed = parseHolidayYear(data, 2026);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems).toMatchObject(problems);
  });
});

describe('holidayLeaves', () => {
  it.each([
    ['Asia/Jakarta', '2026-03-19 17:00:00', '2026-03-20 16:59:59'],
    ['Asia/Makassar', '2026-03-19 16:00:00', '2026-03-20 15:59:59'],
    ['Asia/Jayapura', '2026-03-19 15:00:00', '2026-03-20 14:59:59'],
  ])('a day is local midnight to 23:59:59 in %s, in UTC as Odoo stores it', (zone, from, to) => {
    const [leave] = holidayLeaves(
      [{ date: '2026-03-20', name: 'Cuti Bersama Idul Fitri 1447 H', kind: 'cuti_bersama' }],
      zone,
    );
    expect(leave).toEqual({
      key: 'cuti_bersama_2026_03_20',
      name: 'Cuti Bersama Idul Fitri 1447 H',
      dateFrom: from,
      dateTo: to,
      cutiBersama: true,
    });
  });
});

describe('planHolidayLeaves', () => {
  const [newYear, nyepi] = holidayLeaves(
    [
      { date: '2026-01-01', name: 'Tahun Baru 2026 Masehi', kind: 'libur_nasional' },
      { date: '2026-03-19', name: 'Hari Suci Nyepi', kind: 'libur_nasional' },
    ],
    'Asia/Jakarta',
  );
  if (!newYear || !nyepi) throw new Error('no leaves');
  const stored = (leave: typeof newYear, id: number, name = leave.name) => ({
    id,
    name,
    dateFrom: leave.dateFrom,
    dateTo: leave.dateTo,
  });

  it('creates what is missing, updates what changed, leaves the rest, removes what the year no longer lists', () => {
    const plan = planHolidayLeaves(
      [newYear, nyepi],
      new Map([
        [newYear.key, stored(newYear, 1)],
        [nyepi.key, stored(nyepi, 2, 'Nyepi (lama)')],
        [holidayKey({ date: '2026-03-18', kind: 'libur_nasional' }), stored(nyepi, 3)],
        // Another year's leave is not this load's to remove.
        [holidayKey({ date: '2025-12-25', kind: 'libur_nasional' }), stored(nyepi, 4)],
      ]),
      2026,
    );
    expect(plan).toEqual({
      create: [],
      update: [{ id: 2, leave: nyepi }],
      unchanged: 1,
      remove: [{ key: 'libur_nasional_2026_03_18', id: 3 }],
    });
  });

  it('a re-run plans nothing', () => {
    const plan = planHolidayLeaves(
      [newYear, nyepi],
      new Map([
        [newYear.key, stored(newYear, 1)],
        [nyepi.key, stored(nyepi, 2)],
      ]),
      2026,
    );
    expect(plan).toEqual({ create: [], update: [], unchanged: 2, remove: [] });
  });
});
