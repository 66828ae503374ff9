import { describe, expect, it } from 'vitest';
import { chunk, groupWrites, stableStringify } from './batching.js';

describe('chunk', () => {
  it.each([
    [[1, 2, 3, 4, 5], 2, [[1, 2], [3, 4], [5]]],
    [[1, 2], 5, [[1, 2]]],
    [[], 3, []],
  ])('%j by %i', (items, size, expected) => {
    expect(chunk(items, size)).toEqual(expected);
  });

  it('refuses a size below one', () => {
    expect(() => chunk([1], 0)).toThrow('Expected size to be an integer >= 1, got 0');
  });
});

describe('stableStringify', () => {
  it('ignores key order and undefined keys', () => {
    expect(stableStringify({ b: 1, a: [{ d: 2, c: 3 }], e: undefined })).toBe(
      stableStringify({ a: [{ c: 3, d: 2 }], b: 1 }),
    );
  });

  it('tells different values apart', () => {
    expect(stableStringify({ a: 1 })).not.toBe(stableStringify({ a: '1' }));
  });
});

describe('groupWrites', () => {
  it('puts updates with identical values in one group, in first-seen order', () => {
    const groups = groupWrites([
      { id: 1, values: { state: 'done', kpb: 1 } },
      { id: 2, values: { state: 'open' } },
      { id: 3, values: { kpb: 1, state: 'done' } },
      { id: 1, values: { state: 'done', kpb: 1 } },
    ]);
    expect(groups).toEqual([
      { ids: [1, 3], values: { state: 'done', kpb: 1 }, positions: [0, 2, 3] },
      { ids: [2], values: { state: 'open' }, positions: [1] },
    ]);
  });
});
