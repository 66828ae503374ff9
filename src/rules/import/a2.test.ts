import { describe, expect, it } from 'vitest';
import { A2Aggregate, type A2Field, parseA2Row } from './a2.js';
import type { Layout } from './layout.js';
import type { CellValue } from './normalize.js';

const TODAY = '2026-11-23';
const WIDE: Layout<A2Field> = {
  headerRow: 1,
  headers: ['No Mesin', 'Tgl KPB 1', 'Tgl KPB 2', 'Tgl KPB 3', 'Tgl KPB 4', 'KM'],
  columns: { engineNumber: 0, kpb1Date: 1, kpb2Date: 2, kpb3Date: 3, kpb4Date: 4, km: 5 },
};
const LONG: Layout<A2Field> = {
  headerRow: 1,
  headers: ['No Mesin', 'Jenis KPB', 'Tgl Servis'],
  columns: { engineNumber: 0, kpbNumber: 1, serviceDate: 2 },
};

describe('parseA2Row', () => {
  it.each<[string, Layout<A2Field>, CellValue[], Array<[number, string]>, number | null]>([
    [
      'wide: two KPBs done',
      WIDE,
      ['JM31E1234567', '17/09/2025', 46000, '', '', '1.250'],
      [
        [1, '2025-09-17'],
        [2, '2025-12-09'],
      ],
      1250,
    ],
    ['long: KPB 2 by number', LONG, ['JM31E1234567', '2', '8 Desember 2025'], [[2, '2025-12-08']], null],
    ['long: "KPB 3"', LONG, ['JM31E1234567', 'KPB 3', '01-Mar-26'], [[3, '2026-03-01']], null],
    ['long: roman IV', LONG, ['JM31E1234567', 'IV', '2026-06-01'], [[4, '2026-06-01']], null],
  ])('%s', (_, layout, cells, services, km) => {
    const { record, issues } = parseA2Row(5, cells, layout, TODAY);
    expect(issues).toEqual([]);
    expect(record?.services.map((service) => [service.kpb, service.date])).toEqual(services);
    expect(record?.km).toBe(km);
  });

  it.each<[string, Layout<A2Field>, CellValue[], string, boolean]>([
    ['no engine number', WIDE, ['', '17/09/2025'], 'engine_missing', true],
    ['an unreadable KPB date', WIDE, ['JM31E1234567', '32/13/2024'], 'kpb_date_not_in_calendar', true],
    ['a KPB date after today', WIDE, ['JM31E1234567', '01/12/2026'], 'kpb_date_future', true],
    ['no KPB at all', WIDE, ['JM31E1234567', '', '', '', ''], 'kpb_missing', true],
    ['long: KPB number 5', LONG, ['JM31E1234567', '5', '01/01/2026'], 'kpb_number_invalid', true],
    [
      'an unreadable odometer',
      WIDE,
      ['JM31E1234567', '17/09/2025', '', '', '', 'dua ribu'],
      'km_unreadable',
      false,
    ],
  ])('%s → %s', (_, layout, cells, code, refused) => {
    const { record, issues } = parseA2Row(5, cells, layout, TODAY);
    expect(issues.map((issue) => issue.code)).toContain(code);
    expect(record === null).toBe(refused);
  });
});

describe('A2Aggregate', () => {
  const add = (aggregate: A2Aggregate, row: number, cells: CellValue[], layout = LONG) => {
    const { record } = parseA2Row(row, cells, layout, TODAY);
    if (record) aggregate.add(record);
  };

  it('folds one row per service into one unit with its KPB dates', () => {
    const aggregate = new A2Aggregate();
    add(aggregate, 2, ['JM31E1234567', '1', '17/09/2025']);
    add(aggregate, 3, ['JM41E7654321', '1', '01/10/2025']);
    add(aggregate, 4, ['JM31E-1234567', '2', '08/12/2025']);
    const units = [...aggregate.units()];
    expect(units).toHaveLength(2);
    expect(units[0]?.rows).toEqual([2, 4]);
    expect([...(units[0]?.kpb ?? [])].map(([kpb, entry]) => [kpb, entry.date, entry.conflict])).toEqual([
      [1, '2025-09-17', false],
      [2, '2025-12-08', false],
    ]);
  });

  it('the same KPB twice with one date is fine; with two dates it is a conflict naming both rows', () => {
    const aggregate = new A2Aggregate();
    add(aggregate, 2, ['JM31E1234567', '1', '17/09/2025']);
    add(aggregate, 3, ['JM31E1234567', '1', '17/09/2025']);
    add(aggregate, 4, ['JM41E7654321', '1', '17/09/2025']);
    add(aggregate, 5, ['JM41E7654321', '1', '18/09/2025']);
    const [same, conflicting] = [...aggregate.units()];
    expect(same?.kpb.get(1)).toMatchObject({ conflict: false });
    expect(same?.rows).toEqual([2, 3]);
    expect(conflicting?.kpb.get(1)).toMatchObject({ conflict: true, rows: [4, 5] });
  });

  it('a KPB repeated on 40,000 rows is gathered in linear time (regression: its rows were copied per repeat)', () => {
    const aggregate = new A2Aggregate();
    for (let row = 2; row < 40_002; row += 1) add(aggregate, row, ['JM31E1234567', '1', '17/09/2025']);
    const [unit] = [...aggregate.units()];
    // Copying the list on every repeat took 25 s here (800 million copies): the test's timeout
    // catches it coming back; speed itself is measured by `npm run fuzz`, not here.
    expect(unit?.rows).toHaveLength(40_000);
    expect(unit?.kpb.get(1)).toMatchObject({ conflict: false });
  });

  it('keeps the highest odometer reading', () => {
    const aggregate = new A2Aggregate();
    add(aggregate, 2, ['JM31E1234567', '17/09/2025', '', '', '', '2.000'], WIDE);
    add(aggregate, 3, ['JM31E1234567', '17/09/2025', '', '', '', '900'], WIDE);
    expect([...aggregate.units()][0]?.km).toBe(2000);
  });
});
