import { describe, expect, it } from 'vitest';
import { toJson2Body } from './json2-arguments.js';

describe('toJson2Body', () => {
  it.each<[string, string, unknown[], object, object]>([
    [
      'search_read by position',
      'search_read',
      [[['a', '=', 1]], ['name']],
      {},
      { domain: [['a', '=', 1]], fields: ['name'] },
    ],
    ['search_read by name', 'search_read', [], { domain: [], limit: 5 }, { domain: [], limit: 5 }],
    ['create', 'create', [[{ name: 'x' }]], {}, { vals_list: [{ name: 'x' }] }],
    ['write takes ids first', 'write', [[1, 2], { name: 'x' }], {}, { ids: [1, 2], vals: { name: 'x' } }],
    ['read', 'read', [[3]], { fields: ['name'] }, { ids: [3], fields: ['name'] }],
    ['unlink', 'unlink', [[4]], {}, { ids: [4] }],
    ['unknown record method', 'action_done', [[5]], {}, { ids: [5] }],
    ['unknown method with kwargs only', 'context_get', [], {}, {}],
    [
      'record method with named arguments',
      'has_access',
      [[]],
      { operation: 'read' },
      { ids: [], operation: 'read' },
    ],
    ['load', 'load', [['id', 'name'], [['m.x', 'X']]], {}, { fields: ['id', 'name'], data: [['m.x', 'X']] }],
  ])('%s', (_, method, args, kwargs, expected) => {
    expect(toJson2Body('res.partner', method, args, kwargs)).toEqual(expected);
  });

  it.each<[string, string, unknown[], object, RegExp]>([
    ['extra positional args', 'search_count', [[], 5, 'x'], {}, /named arguments/],
    ['record method without ids', 'write', [{ name: 'x' }], {}, /list of ids/],
    ['unknown method with positional values', 'do_it', ['x'], {}, /list of ids/],
    ['same argument twice', 'search_read', [[]], { domain: [] }, /both by position and by name/],
  ])('refuses %s', (_, method, args, kwargs, message) => {
    expect(() => toJson2Body('res.partner', method, args, kwargs)).toThrow(message);
  });
});
