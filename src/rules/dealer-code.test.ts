import { describe, expect, it } from 'vitest';
import { dealerCodeKey } from './dealer-code.js';

describe('dealerCodeKey', () => {
  it.each([
    [' ahs01 ', 'AHS01'],
    ['07123', '07123'],
    ['', null],
    ['   ', null],
    [false, null],
    [null, null],
  ])('%j → %j', (code, expected) => {
    expect(dealerCodeKey(code)).toBe(expected);
  });
});
