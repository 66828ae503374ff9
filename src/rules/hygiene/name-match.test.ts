import { describe, expect, it } from 'vitest';
import { nameMatchKey } from '../import/normalize.js';
import { matchNames, typoDistance } from './name-match.js';

const words = (name: string) => nameMatchKey(name).split(' ').filter(Boolean);

describe('typoDistance', () => {
  it.each([
    ['santoso', 'santoso', 0],
    ['santoso', 'santosa', 1],
    ['santoso', 'santsoo', 1],
    ['muhammad', 'muhamad', 1],
    ['rizki', 'rizal', 2],
    ['', 'abc', 3],
  ])('%s → %s: %i', (a, b, expected) => {
    expect(typoDistance(a, b)).toBe(expected);
  });
});

describe('matchNames', () => {
  it.each([
    ['Bpk. Budi Santoso', 'BUDI SANTOSO', 'same', 1],
    ['Ibu Hj. Siti Aminah', 'Siti Aminah', 'same', 1],
    ['Sdr. Budi Santoso', 'Budi Santosa', 'typo', 0.95],
    ['Muhammad Rizki', 'Muhamad Rizki', 'typo', 0.95],
    ['Siti Nurhaliza', 'Siti Nur Haliza', 'same', 1],
    ['Santoso Budi', 'Budi Santoso', 'reordered', 0.95],
    ['M. Rizki', 'Muhammad Rizki', 'initial', 0.9],
    ['Budi', 'Budi Santoso', 'partial', 0.8],
    ['Dewi Lestari', 'Dewi Lestari Putri', 'partial', 0.9],
  ])('%s ~ %s (%s, %f)', (a, b, kind, similarity) => {
    expect(matchNames(words(a), words(b))).toMatchObject({ kind, similarity });
  });

  it.each([
    ['Budi Santoso', 'Siti Santoso'],
    ['Budi Santoso', 'Bayu Santoso'],
    ['Muhammad Rizki', 'Muhammad Rizal'],
    ['Ahmad Fauzi', 'Ahmad Fauzan'],
    ['Ani Rahayu', 'Ina Rahayu'],
    ['Dedi Nasution', 'Dewi Nasution'],
    ['Rina Wijaya', 'Rini Wijaya'],
    ['A. S.', 'Agus Salim'],
    ['', 'Budi'],
  ])('%s and %s are two people', (a, b) => {
    expect(matchNames(words(a), words(b))).toBeNull();
  });
});
