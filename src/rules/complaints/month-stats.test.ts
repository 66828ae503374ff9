import { describe, expect, it } from 'vitest';
import { type ComplaintForMonth, monthStats } from './month-stats.js';

const wib = (local: string) => Date.parse(`${local}+07:00`);
const complaint = (values: Partial<ComplaintForMonth>): ComplaintForMonth => ({
  branchId: 1,
  receivedAt: wib('2026-03-10T09:00:00'),
  solved: false,
  solvedInTime: false,
  escalated: false,
  closed: false,
  ...values,
});

describe('monthStats', () => {
  it('counts per branch and for all branches, by the dealer-local month of receipt', () => {
    const lines = monthStats(
      [
        complaint({ solved: true, solvedInTime: true, closed: true }),
        complaint({ solved: true, escalated: true }),
        complaint({ solved: true, solvedInTime: true }),
        complaint({ branchId: 2 }),
        // 00:30 WIB on 1 April is still 31 March in UTC: April here.
        complaint({ receivedAt: wib('2026-04-01T00:30:00'), solved: true }),
        complaint({ branchId: null, receivedAt: wib('2026-03-31T23:00:00') }),
      ],
      'Asia/Jakarta',
    );
    expect(
      lines.map((line) => [
        line.key,
        line.received,
        line.solved,
        line.solvedInTime,
        line.inTimeShare,
        line.open,
      ]),
    ).toEqual([
      ['1:2026-03', 3, 3, 2, 66.7, 2],
      ['1:2026-04', 1, 1, 0, 0, 1],
      ['2:2026-03', 1, 0, 0, 0, 1],
      ['all:2026-03', 5, 3, 2, 66.7, 4],
      ['all:2026-04', 1, 1, 0, 0, 1],
    ]);
    expect(lines[0]).toMatchObject({ month: '2026-03-01', escalated: 1, closed: 1 });
  });

  it('nothing received: no line', () => {
    expect(monthStats([], 'Asia/Jakarta')).toEqual([]);
  });
});
