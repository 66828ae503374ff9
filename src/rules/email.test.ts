import { describe, expect, it } from 'vitest';
import { normalizeEmail, validEmail } from './email.js';

describe('normalizeEmail', () => {
  it.each([
    ['Budi.S@Example.co.id ', { ok: true, email: 'budi.s@example.co.id' }],
    ['', { ok: false, empty: true }],
    [null, { ok: false, empty: true }],
    ['budi@gmail', { ok: false, empty: false }],
    ['budi gmail.com', { ok: false, empty: false }],
    ['budi@@gmail.com', { ok: false, empty: false }],
    ['budi..s@gmail.com', { ok: false, empty: false }],
  ])('%j', (input, expected) => {
    expect(normalizeEmail(input)).toEqual(expected);
  });
});

describe('validEmail', () => {
  it.each([
    [' Budi.S@Example.co.id ', 'Budi.S@Example.co.id'],
    ['budi@example.co.id', 'budi@example.co.id'],
    ['  budi.santoso+servis@mail.com ', 'budi.santoso+servis@mail.com'],
    ['budi example.com', null],
    ['<budi@example.com>', null],
    ['', null],
    ['budi@gmail', null],
    ['budi <budi@gmail.com>', null],
    [null, null],
  ])('%j → %j', (input, expected) => {
    expect(validEmail(input)).toBe(expected);
  });
});
