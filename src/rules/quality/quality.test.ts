import { describe, expect, it } from 'vitest';
import {
  emptyCounts,
  formatCount,
  type QualityCounts,
  renderQualityTable,
  summarizeQuality,
  validRate,
} from './quality.js';

const DAY = '2026-11-23';
const counts = (values: Partial<QualityCounts>): QualityCounts => ({ ...emptyCounts(), ...values });

describe('validRate', () => {
  it.each([
    { complete: 0, customers: 0, rate: 0 },
    { complete: 5, customers: 0, rate: 0 },
    { complete: 0, customers: 7, rate: 0 },
    { complete: 7, customers: 7, rate: 100 },
    { complete: 2, customers: 3, rate: 66.7 },
    { complete: 1, customers: 3, rate: 33.3 },
    { complete: 1, customers: 8, rate: 12.5 },
    { complete: 1, customers: 400, rate: 0.3 }, // 0.25 rounds half up
    { complete: 1, customers: 1999, rate: 0.1 },
    { complete: 1, customers: 20001, rate: 0 },
    { complete: 12_345, customers: 17_890, rate: 69 },
  ])('$complete of $customers → $rate', ({ complete, customers, rate }) => {
    expect(validRate(complete, customers)).toBe(rate);
  });
});

describe('summarizeQuality', () => {
  const branches = [
    { id: 2, name: 'Sukabumi', active: true },
    { id: 1, name: 'Bogor', active: true },
    { id: 3, name: 'Depok (tutup)', active: false },
    { id: 4, name: 'Cianjur (tutup)', active: false },
  ];

  it.each([
    {
      title: 'every active branch gets a row, even with nothing to count; counts missing are 0',
      counts: new Map([[1, { customers: 4, completeRecords: 3 }]]),
      recorded: new Set<number | null>(),
      rows: [
        ['Bogor', 4, 75],
        ['Sukabumi', 0, 0],
      ],
    },
    {
      title: 'an archived branch appears only with something to count or a record already written',
      counts: new Map([[3, { worTotal: 2 }]]),
      recorded: new Set<number | null>([4]),
      rows: [
        ['Bogor', 0, 0],
        ['Cianjur (tutup)', 0, 0],
        ['Depok (tutup)', 0, 0],
        ['Sukabumi', 0, 0],
      ],
    },
    {
      title: 'records without a branch come last as "Tanpa Cabang", only when there are some',
      counts: new Map<number | null, Partial<QualityCounts>>([
        [null, { customers: 3, completeRecords: 1 }],
        [2, { customers: 1 }],
      ]),
      recorded: new Set<number | null>(),
      rows: [
        ['Bogor', 0, 0],
        ['Sukabumi', 1, 0],
        ['Tanpa Cabang', 3, 33.3],
      ],
    },
    {
      title: 'a no-branch row written earlier in the day stays (now at zero) so it is not left stale',
      counts: new Map<number | null, Partial<QualityCounts>>([[null, {}]]),
      recorded: new Set<number | null>([null]),
      rows: [
        ['Bogor', 0, 0],
        ['Sukabumi', 0, 0],
        ['Tanpa Cabang', 0, 0],
      ],
    },
    {
      title: 'a branch Odoo counts but the branch list lacks keeps its id as its name',
      counts: new Map([[9, { customers: 2, completeRecords: 2 }]]),
      recorded: new Set<number | null>(),
      rows: [
        ['Bogor', 0, 0],
        ['Cabang #9', 2, 100],
        ['Sukabumi', 0, 0],
      ],
    },
  ])('$title', ({ counts: given, recorded, rows }) => {
    const snapshot = summarizeQuality({ date: DAY, branches, counts: given, recorded });
    expect(snapshot.rows.map((row) => [row.branchName, row.customers, row.validRate])).toEqual(rows);
  });

  it('the total sums every count and takes its rate from the sums, not the mean of rates', () => {
    const snapshot = summarizeQuality({
      date: DAY,
      branches,
      counts: new Map<number | null, Partial<QualityCounts>>([
        [
          1,
          counts({
            customers: 10,
            validMobile: 9,
            completeAddress: 8,
            withPurchaseDate: 10,
            completeRecords: 7,
            worTotal: 5,
            worMatched: 3,
            worCreated: 1,
            worReview: 1,
          }),
        ],
        [2, counts({ customers: 2, validMobile: 1, completeRecords: 0, worTotal: 1, worReview: 1 })],
        [null, counts({ customers: 1, validMobile: 1, completeAddress: 1, completeRecords: 1 })],
      ]),
    });
    expect(snapshot.date).toBe(DAY);
    expect(snapshot.rows.find((row) => row.branchId === 1)).toEqual({
      branchId: 1,
      branchName: 'Bogor',
      customers: 10,
      validMobile: 9,
      completeAddress: 8,
      withPurchaseDate: 10,
      completeRecords: 7,
      validRate: 70,
      worTotal: 5,
      worMatched: 3,
      worCreated: 1,
      worReview: 1,
    });
    expect(snapshot.total).toEqual({
      customers: 13,
      validMobile: 11,
      completeAddress: 9,
      withPurchaseDate: 10,
      completeRecords: 8,
      validRate: 61.5,
      worTotal: 6,
      worMatched: 3,
      worCreated: 1,
      worReview: 2,
    });
  });

  it('no branch and nothing counted: no rows and a zero total', () => {
    const snapshot = summarizeQuality({ date: DAY, branches: [], counts: new Map() });
    expect(snapshot.rows).toEqual([]);
    expect(snapshot.total).toEqual({ ...emptyCounts(), validRate: 0 });
  });
});

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [1_234_567, '1,234,567'],
    [-12_000, '-12,000'],
  ])('%d → %s', (value, text) => {
    expect(formatCount(value)).toBe(text);
  });
});

describe('renderQualityTable', () => {
  it('aligns names left and numbers right, with the total under a rule', () => {
    const snapshot = summarizeQuality({
      date: DAY,
      branches: [{ id: 1, name: 'Bogor', active: true }],
      counts: new Map<number | null, Partial<QualityCounts>>([
        [1, counts({ customers: 12_500, validMobile: 11_000, completeRecords: 10_000, worTotal: 3 })],
        [null, counts({ customers: 2, completeRecords: 1 })],
      ]),
    });
    expect(renderQualityTable(snapshot)).toEqual([
      'Branch        Customers  Valid mobile  Full address  Purchase date  Complete  Complete %  WOR  Matched  New  Review',
      '------------  ---------  ------------  ------------  -------------  --------  ----------  ---  -------  ---  ------',
      'Bogor            12,500        11,000             0              0    10,000       80.0%    3        0    0       0',
      'Tanpa Cabang          2             0             0              0         1       50.0%    0        0    0       0',
      '------------  ---------  ------------  ------------  -------------  --------  ----------  ---  -------  ---  ------',
      'Total            12,502        11,000             0              0    10,001       80.0%    3        0    0       0',
    ]);
  });
});
