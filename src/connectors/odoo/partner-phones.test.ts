import { describe, expect, it } from 'vitest';
import { phoneSpellings } from './partner-phones.js';

describe('phoneSpellings: how an HP number is typed into Odoo by hand', () => {
  it.each([
    [
      '+6281290000017',
      ['081290000017', '0812-9000-0017', '0812 9000 0017', '+62 812 9000 0017', '+62 81290000017'],
    ],
    ['+628123456789', ['0812-3456-789', '0812-345-6789', '0812 345 6789', '0812.345.6789', '628123456789']],
  ])('%s is found as %j', (e164, typed) => {
    const spellings = phoneSpellings(e164);
    expect(spellings[0]).toBe(e164);
    for (const spelling of typed) expect(spellings).toContain(spelling);
  });

  it('every spelling is the same number: nothing else is searched', () => {
    const digits = (text: string) => text.replace(/\D/g, '').replace(/^62/, '0');
    expect(new Set(phoneSpellings('+6281290000017').map(digits))).toEqual(new Set(['081290000017']));
  });
});
