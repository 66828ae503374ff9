import { describe, expect, it } from 'vitest';
import { indonesianDate } from './indonesian-date.js';

describe('indonesianDate', () => {
  it.each([
    ['2026-08-10', '10 Agustus 2026'],
    ['2026-12-01', '1 Desember 2026'],
    ['2024-02-29', '29 Februari 2024'],
    ['', ''],
    ['bukan tanggal', 'bukan tanggal'],
  ])('%s → %s', (iso, expected) => {
    expect(indonesianDate(iso)).toBe(expected);
  });
});
