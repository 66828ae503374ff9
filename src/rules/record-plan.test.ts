import { describe, expect, it } from 'vitest';
import {
  type CurrentRecord,
  countActions,
  type PlainValue,
  planRecords,
  samePlainValue,
} from './record-plan.js';

describe('samePlainValue', () => {
  it.each<[PlainValue | undefined, PlainValue | undefined, boolean]>([
    ['a', 'a', true],
    ['a', 'b', false],
    [null, '', true],
    [null, undefined, true],
    [[], null, true],
    ['', 'x', false],
    [false, null, true],
    [true, false, false],
    [true, 1, true],
    [[1, 2, 3], [3, 2, 1], true],
    [[1, 2], [1, 2, 3], false],
    [0.1 + 0.2, 0.3, true],
    [1, 2, false],
    [5, '5', false],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(samePlainValue(a, b)).toBe(expected);
    expect(samePlainValue(b, a)).toBe(expected);
  });
});

describe('planRecords', () => {
  const current = new Map<string, CurrentRecord>([
    ['h23_crm.view_a', { id: 10, values: { name: 'A', priority: 16, group_ids: [3, 4] } }],
    ['h23_crm.view_b', { id: 11, values: { name: 'B', priority: 16, group_ids: [] } }],
  ]);

  it.each<[string, { key: string; values: Record<string, PlainValue> }, unknown]>([
    [
      'a new key is created',
      { key: 'h23_crm.view_c', values: { name: 'C' } },
      { action: 'create', key: 'h23_crm.view_c', values: { name: 'C' } },
    ],
    [
      'equal values are left alone',
      { key: 'h23_crm.view_a', values: { name: 'A', group_ids: [4, 3] } },
      { action: 'unchanged', key: 'h23_crm.view_a', id: 10 },
    ],
    [
      'only the changed fields are written, with what they were',
      { key: 'h23_crm.view_a', values: { name: 'A2', priority: 16 } },
      { action: 'update', key: 'h23_crm.view_a', id: 10, values: { name: 'A2' }, before: { name: 'A' } },
    ],
    [
      'a field the record never had counts as empty',
      { key: 'h23_crm.view_b', values: { help: 'tip' } },
      { action: 'update', key: 'h23_crm.view_b', id: 11, values: { help: 'tip' }, before: { help: null } },
    ],
    [
      'an empty set equals no links',
      { key: 'h23_crm.view_b', values: { group_ids: [] } },
      { action: 'unchanged', key: 'h23_crm.view_b', id: 11 },
    ],
  ])('%s', (_, desired, expected) => {
    expect(planRecords([desired], current)).toEqual([expected]);
  });

  it('keeps the declared order and counts the actions', () => {
    const plan = planRecords(
      [
        { key: 'h23_crm.view_c', values: { name: 'C' } },
        { key: 'h23_crm.view_a', values: { name: 'A' } },
        { key: 'h23_crm.view_b', values: { name: 'B2' } },
      ],
      current,
    );
    expect(plan.map((action) => action.key)).toEqual(['h23_crm.view_c', 'h23_crm.view_a', 'h23_crm.view_b']);
    expect(countActions(plan)).toEqual({ create: 1, update: 1, unchanged: 1 });
  });

  it('a second plan after applying the first is all unchanged', () => {
    const desired = [
      { key: 'k1', values: { name: 'x', ids: [1, 2] } },
      { key: 'k2', values: { name: 'y', flag: true } },
    ];
    const first = planRecords(desired, new Map());
    const applied = new Map(
      first.map((action, index) => [action.key, { id: index + 1, values: desired[index]?.values ?? {} }]),
    );
    expect(countActions(planRecords(desired, applied))).toEqual({ create: 0, update: 0, unchanged: 2 });
  });
});
