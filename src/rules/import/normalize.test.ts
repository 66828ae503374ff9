import { describe, expect, it } from 'vitest';
import {
  type CellValue,
  displayValue,
  nameMatchKey,
  normalizeEngineNumber,
  normalizeFrameNumber,
  normalizeName,
  normalizePhone,
  parseIndonesianDate,
  parseIndonesianNumber,
} from './normalize.js';

describe('normalizeEngineNumber', () => {
  it.each<[CellValue, string]>([
    ['JM31E1234567', 'JM31E1234567'],
    [' jm31e-1234567 ', 'JM31E1234567'],
    ['KF41E 1234 567', 'KF41E1234567'],
    ['jbk1e.1234567', 'JBK1E1234567'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeEngineNumber(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[CellValue, string]>([
    ['', 'empty'],
    [null, 'empty'],
    ['   ', 'empty'],
    ['JM31E#123456', 'engine_malformed'],
    ['ABC', 'engine_malformed'],
    ['12345678901', 'engine_malformed'],
    ['JM31EABCDEFG', 'engine_malformed'],
    ['JM31E12345678901234', 'engine_malformed'],
  ])('%j is refused (%s)', (input, reason) => {
    expect(normalizeEngineNumber(input)).toEqual({ ok: false, reason });
  });
});

describe('normalizeFrameNumber', () => {
  it.each<[CellValue, { ok: boolean; value?: string; reason?: string }]>([
    ['MH1JM3112NK123456', { ok: true, value: 'MH1JM3112NK123456' }],
    ['mh1-jm3112-nk123456', { ok: true, value: 'MH1JM3112NK123456' }],
    ['MH1JM3112NK12345', { ok: false, reason: 'frame_malformed' }],
    ['MH1JM3112OK123456', { ok: false, reason: 'frame_malformed' }],
    ['', { ok: false, reason: 'empty' }],
  ])('%j', (input, expected) => {
    expect(normalizeFrameNumber(input)).toEqual(expected);
  });
});

describe('normalizePhone', () => {
  it.each<[CellValue, string, 'mobile' | 'landline']>([
    ['081234567890', '+6281234567890', 'mobile'],
    ['0812-3456-7890', '+6281234567890', 'mobile'],
    ['+62 812-3456-7890', '+6281234567890', 'mobile'],
    ['6281234567890', '+6281234567890', 'mobile'],
    ['81234567890', '+6281234567890', 'mobile'],
    [81234567890, '+6281234567890', 'mobile'],
    ['(0812) 345 678', '+62812345678', 'mobile'],
    ['0062 878 1234 5678', '+6287812345678', 'mobile'],
    ['0895-1234-56789', '+62895123456789', 'mobile'],
    ['HP: 0813 1111 2222', '+6281311112222', 'mobile'],
    ['0812345678901 / 0813 2222 3333', '+62812345678901', 'mobile'],
    ['-/ 0856 1234 5678', '+6285612345678', 'mobile'],
    ['(021) 555-1234', '+62215551234', 'landline'],
    ['0274 512345', '+62274512345', 'landline'],
    ['022-87654321', '+622287654321', 'landline'],
  ])('%j → %s (%s)', (input, e164, kind) => {
    expect(normalizePhone(input)).toEqual({ ok: true, value: { e164, kind } });
  });

  it.each<[CellValue, string]>([
    ['', 'empty'],
    ['-', 'empty'],
    ['0', 'empty'],
    ['08123', 'phone_invalid'],
    ['0800-1234-5678', 'phone_invalid'],
    ['0812345678901234', 'phone_invalid'],
    ['08888888888', 'phone_invalid'],
    ['+1 415 555 0100', 'phone_invalid'],
    ['tidak ada', 'phone_invalid'],
    ['6.28123E+12', 'phone_precision_lost'],
    [6.28123456789012e22, 'phone_precision_lost'],
    ['12345', 'phone_invalid'],
  ])('%j is refused (%s)', (input, reason) => {
    expect(normalizePhone(input)).toEqual({ ok: false, reason });
  });
});

describe('normalizeName', () => {
  it.each<[string, string, string]>([
    ['  BUDI   SANTOSO ', 'Budi Santoso', 'budi santoso'],
    ['Bpk. H. Ahmad Fauzi, S.Kom', 'Bpk. H. Ahmad Fauzi, S.Kom', 'ahmad fauzi'],
    ['IBU SITI NURHALIZA', 'Ibu Siti Nurhaliza', 'siti nurhaliza'],
    ["NY. DEWI O'NEIL", "Ny. Dewi O'Neil", 'dewi oneil'],
    ['Sdr Rizky-Pratama', 'Sdr Rizky-Pratama', 'rizky-pratama'.replace('-', '')],
    ['Hj. Siti', 'Hj. Siti', 'siti'],
    ['IBU Rina Hidayat', 'Ibu Rina Hidayat', 'rina hidayat'],
    ['BPK. Joko Gunawan', 'Bpk. Joko Gunawan', 'joko gunawan'],
    ['BPK. H. Joko Gunawan', 'Bpk. H. Joko Gunawan', 'joko gunawan'],
    ['Rina IBU', 'Rina IBU', 'rina ibu'],
    ['PT. Maju Jaya', 'PT. Maju Jaya', 'pt maju jaya'],
    ['Ibu', 'Ibu', 'ibu'],
    ['Dr. José Rizal', 'Dr. José Rizal', 'jose rizal'],
  ])('%j → display %j, match %j', (input, display, matchKey) => {
    expect(normalizeName(input)).toEqual({ ok: true, value: { display, matchKey } });
  });

  it.each<[CellValue]>([[''], [null], ['  '], ['-'], ['12345']])('%j is empty', (input) => {
    expect(normalizeName(input)).toEqual({ ok: false, reason: 'empty' });
  });

  it('the same person written differently gets one match key', () => {
    const spellings = ['Bapak Ahmad Fauzi', 'AHMAD FAUZI', 'ahmad  fauzi', 'H. Ahmad Fauzi, SE'];
    expect(new Set(spellings.map(nameMatchKey))).toEqual(new Set(['ahmad fauzi']));
  });
});

describe('parseIndonesianDate', () => {
  it.each<[CellValue, string]>([
    ['17/08/2025', '2025-08-17'],
    ['17-08-2025', '2025-08-17'],
    ['7/8/25', '2025-08-07'],
    ['17.08.2025', '2025-08-17'],
    ['17-Agu-25', '2025-08-17'],
    ['17-Aug-2025', '2025-08-17'],
    ['17 Agustus 2025', '2025-08-17'],
    ['1 Januari 2024', '2024-01-01'],
    ['29 Pebruari 2024', '2024-02-29'],
    ['5 Mei 2023', '2023-05-05'],
    ['31 Des 2022', '2022-12-31'],
    ['2025-08-17', '2025-08-17'],
    ['2025-08-17 00:00:00', '2025-08-17'],
    ['17/08/2025 14.30', '2025-08-17'],
    [45886, '2025-08-17'],
    ['45886', '2025-08-17'],
    [45886.5, '2025-08-17'],
  ])('%j → %s', (input, expected) => {
    expect(parseIndonesianDate(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[CellValue, string]>([
    ['', 'empty'],
    ['31/02/2025', 'date_not_in_calendar'],
    ['29/02/2023', 'date_not_in_calendar'],
    ['17/13/2025', 'date_not_in_calendar'],
    ['00/08/2025', 'date_not_in_calendar'],
    ['17 Agustos 2025', 'date_unreadable'],
    ['kemarin', 'date_unreadable'],
    [12, 'date_unreadable'],
    ['2025/08', 'date_unreadable'],
  ])('%j is refused (%s)', (input, reason) => {
    expect(parseIndonesianDate(input)).toEqual({ ok: false, reason });
  });
});

describe('parseIndonesianNumber', () => {
  it.each<[CellValue, number]>([
    ['1.250.000', 1250000],
    ['Rp 1.250.000', 1250000],
    ['12.500,5', 12500.5],
    ['12500', 12500],
    ['3,5', 3.5],
    ['99.5', 99.5],
    [1250000, 1250000],
  ])('%j → %d', (input, expected) => {
    expect(parseIndonesianNumber(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[CellValue, string]>([
    ['', 'empty'],
    ['1.25.000', 'number_unreadable'],
    ['dua ribu', 'number_unreadable'],
  ])('%j is refused (%s)', (input, reason) => {
    expect(parseIndonesianNumber(input)).toEqual({ ok: false, reason });
  });
});

describe('displayValue', () => {
  it.each<[CellValue, boolean, string]>([
    [45886, true, '45886 (2025-08-17)'],
    [45886, false, '45886'],
    ['17/08/2025', true, '17/08/2025'],
    [12, true, '12'],
  ])('%j (date: %s) → %j', (cell, isDate, expected) => {
    expect(displayValue(cell, isDate)).toBe(expected);
  });
});

describe('values longer than any of their kind', () => {
  // The readers let a cell reach Excel's 32,767 characters. A pattern that backtracks over a run
  // of 30,000 spaces took over a second per cell (a quadratic `\s+…$`); such values are
  // refused before any pattern runs.
  const runs = [
    `a${' '.repeat(30_000)}x`,
    `a${'\t '.repeat(15_000)}1:2x`,
    `Budi${','.repeat(30_000)}x`,
    `0812${' / '.repeat(10_000)}x`,
    '1 '.repeat(15_000),
  ];
  const normalizers = {
    normalizeEngineNumber,
    normalizeFrameNumber,
    normalizePhone,
    normalizeName,
    parseIndonesianDate,
    parseIndonesianNumber,
  } as const;

  // Backtracking took over a second per value here: the test's timeout catches it coming back
  // (speed itself is measured by `npm run fuzz`, not here).
  it.each(Object.entries(normalizers))('%s answers each of them', (_, normalize) => {
    for (const value of runs) expect(normalize(value)).toHaveProperty('ok');
  });

  it.each<[string, (value: string) => { ok: boolean; reason?: string }, string]>([
    ['an engine number', normalizeEngineNumber, 'engine_malformed'],
    ['a frame number', normalizeFrameNumber, 'frame_malformed'],
    ['a phone', normalizePhone, 'phone_invalid'],
    ['a date', parseIndonesianDate, 'date_unreadable'],
    ['a number', parseIndonesianNumber, 'number_unreadable'],
  ])('%s of 200 characters is refused as such', (_, normalize, reason) => {
    expect(normalize(`1${'2'.repeat(199)}`)).toEqual({ ok: false, reason });
  });

  it('a name keeps its length and loses its trailing commas', () => {
    const name = normalizeName(`Budi Santoso${','.repeat(30_000)}`);
    expect(name.ok && name.value.display).toBe('Budi Santoso');
  });
});
