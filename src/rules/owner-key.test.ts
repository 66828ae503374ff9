import { describe, expect, it } from 'vitest';
import { ownerKey, ownerKeyEnginePrefix } from './owner-key.js';

describe('ownerKey', () => {
  it.each([
    {
      phoneE164: '+6281234567890',
      nameKey: 'budi santoso',
      engineNumber: 'JBK1E1234567',
      expected: '+6281234567890|budi santoso',
    },
    {
      phoneE164: null,
      nameKey: 'budi santoso',
      engineNumber: 'JBK1E1234567',
      expected: 'JBK1E1234567|budi santoso',
    },
  ])('$expected', ({ expected, ...person }) => {
    expect(ownerKey(person)).toBe(expected);
  });

  it('a phoneless key starts with its engine prefix', () => {
    const key = ownerKey({ phoneE164: null, nameKey: 'sari', engineNumber: 'KC56E8895266' });
    expect(key.startsWith(ownerKeyEnginePrefix('KC56E8895266'))).toBe(true);
  });
});
