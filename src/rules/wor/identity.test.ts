import { describe, expect, it } from 'vitest';
import { sameAddress, sameName } from './identity.js';

describe('sameName', () => {
  it.each([
    ['Budi Santoso', 'BUDI SANTOSO', true],
    ['Bpk. H. Ahmad Fauzi, S.Kom', 'Ahmad Fauzi', true],
    ['Muhammad Rizky', 'Muhamad Rizki', true],
    ['M. Rizki', 'Muhammad Rizki', true],
    ['Soekarno Putra', 'Sukarno Putra', true],
    ['Djoko Susilo', 'Joko Susilo', true],
    ['Siti Nurhaliza', 'Siti Nurhalisa', true],
    ['Budi', 'Budi Santoso', true],
    ['Dewi Lestari', 'Dewi Lestari Putri', true],
    ['Muhammad Rizki', 'Muhammad Fauzi', false],
    ['Budi Santoso', 'Agus Santoso', false],
    ['Ahmad Fauzi', 'Ahmad Fauzan', false],
    ['Ani', 'Ana', false],
    ['M. R.', 'Muhammad Rizki', false],
    ['', 'Budi', false],
  ])('%s ~ %s → %s', (left, right, expected) => {
    expect(sameName(left, right)).toBe(expected);
    expect(sameName(right, left)).toBe(expected);
  });
});

describe('sameAddress', () => {
  it.each([
    ['Jl. Merdeka No. 5', 'JALAN MERDEKA NOMOR 5', true],
    ['Jln Merdeka no 5, Bekasi', 'Jl. Merdeka No.5', true],
    ['Gg. Mawar 3', 'Gang Mawar 3', true],
    ['Jl. Merdeka No. 5', 'Jl. Merdeka No. 7', false],
    ['Jl. Merdeka No. 5', null, false],
    ['', '', false],
  ])('%s ~ %s → %s', (left, right, expected) => {
    expect(sameAddress(left, right)).toBe(expected);
  });
});
