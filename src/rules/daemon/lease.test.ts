import { describe, expect, it } from 'vitest';
import { decideLease } from './lease.js';

describe('decideLease', () => {
  const now = 1_000_000;
  it.each([
    ['no lease yet', null, { take: true, renew: false }],
    ['a lease nobody holds', { holder: null, until: null }, { take: true, renew: false }],
    ['a lapsed lease of another daemon', { holder: 'b:2', until: now - 1 }, { take: true, renew: false }],
    ['a lease lapsing right now', { holder: 'b:2', until: now }, { take: true, renew: false }],
    ['my own lease', { holder: 'a:1', until: now + 5000 }, { take: true, renew: true }],
    [
      'another daemon’s live lease',
      { holder: 'b:2', until: now + 5000 },
      { take: false, holder: 'b:2', until: now + 5000 },
    ],
  ] as const)('%s', (_, current, expected) => {
    expect(decideLease(current, 'a:1', now)).toEqual(expected);
  });
});
