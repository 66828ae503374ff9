import { describe, expect, it } from 'vitest';
import { excelSerialToIso, isoToExcelSerial } from './excel-date.js';

describe('Excel serial dates', () => {
  it.each([
    // The case: a 1904 workbook's 44425 is 2025-08-18, not 2021-08-17.
    { serial: 44425, system: 1904 as const, expected: '2025-08-18' },
    { serial: 45887, system: 1900 as const, expected: '2025-08-18' },
    { serial: 45351, system: 1900 as const, expected: '2024-02-29' },
    { serial: 43889, system: 1904 as const, expected: '2024-02-29' },
    { serial: 45887.5, system: 1900 as const, expected: '2025-08-18 12:00:00' },
    { serial: 61, system: 1900 as const, expected: '1900-03-01' },
    { serial: 0, system: 1900 as const, expected: null },
    { serial: -3, system: 1904 as const, expected: null },
    { serial: 3_000_000, system: 1900 as const, expected: null },
  ])('$serial in the $system system is $expected', ({ serial, system, expected }) => {
    expect(excelSerialToIso(serial, system)).toBe(expected);
  });

  it('writes the 1900 serial back', () => {
    expect(isoToExcelSerial('2025-08-18')).toBe(45887);
    expect(excelSerialToIso(isoToExcelSerial('2031-12-31'))).toBe('2031-12-31');
  });
});
