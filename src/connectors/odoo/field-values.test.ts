import { describe, expect, it } from 'vitest';
import { samePlainValue } from '../../rules/record-plan.js';
import { x2many } from './commands.js';
import { type FieldMap, toLoadTable, toPlainValue } from './field-values.js';

const fields: FieldMap = {
  name: { type: 'char', string: 'Name' },
  parent_id: { type: 'many2one', string: 'Parent', relation: 'res.partner' },
  category_id: { type: 'many2many', string: 'Tags', relation: 'res.partner.category' },
  active: { type: 'boolean', string: 'Active' },
  credit_limit: { type: 'float', string: 'Credit' },
  color: { type: 'integer', string: 'Color' },
  x_booked_at: { type: 'datetime', string: 'Booking' },
  x_purchase_date: { type: 'date', string: 'Purchase date' },
  child_ids: { type: 'one2many', string: 'Contacts', relation: 'res.partner' },
};

describe('toPlainValue: read and desired values compare equal when Odoo would store the same', () => {
  it.each<[string, unknown, unknown, boolean]>([
    ['name', 'Budi', 'Budi', true],
    ['name', false, '', true],
    ['name', false, null, true],
    ['name', 'Budi', 'Budi S', false],
    ['parent_id', [3, 'PT Astra'], 3, true],
    ['parent_id', false, null, true],
    ['parent_id', [3, 'PT Astra'], 4, false],
    ['category_id', [1, 2], [x2many.set([2, 1])], true],
    ['category_id', [1, 2], [2, 1], true],
    ['category_id', [1], [x2many.set([1, 2])], false],
    ['category_id', [1], [x2many.link(1)], false],
    ['active', false, false, true],
    ['active', true, 1, true],
    ['credit_limit', 0.1 + 0.2, 0.3, true],
    ['color', 0, false, true],
    ['x_booked_at', '2026-11-23 02:00:00', new Date('2026-11-23T02:00:00Z'), true],
    ['x_purchase_date', '2025-08-17', '2025-08-17', true],
  ])('%s: %j vs %j → %s', (name, current, desired, expected) => {
    const field = fields[name];
    expect(samePlainValue(toPlainValue(current, field), toPlainValue(desired, field))).toBe(expected);
  });
});

describe('toLoadTable', () => {
  it('renders values the way load() reads them', () => {
    const table = toLoadTable(
      'res.partner',
      [
        {
          xmlid: 'h23_crm.a',
          values: {
            name: 'Budi',
            parent_id: 3,
            category_id: [x2many.set([1, 2])],
            active: true,
            credit_limit: 1.5,
            x_booked_at: new Date('2026-11-23T02:00:00Z'),
          },
        },
        { xmlid: 'h23_crm.b', values: { name: 'Sari', parent_id: false, active: false } },
      ],
      fields,
    );
    expect(table).toEqual({
      columns: ['id', 'active', 'category_id/.id', 'credit_limit', 'name', 'parent_id/.id', 'x_booked_at'],
      data: [
        ['h23_crm.a', '1', '1,2', '1.5', 'Budi', '3', '2026-11-23 02:00:00'],
        ['h23_crm.b', '0', '', '', 'Sari', '', ''],
      ],
    });
  });

  it.each([
    ['an unknown field', { nope: 1 }, /nope: no such field/],
    ['a one2many', { child_ids: [x2many.create({ name: 'x' })] }, /one2many fields cannot be loaded/],
    ['a many2many edit', { category_id: [x2many.link(1)] }, /only a list of ids or a single set command/],
  ])('refuses %s', (_, values, message) => {
    expect(() => toLoadTable('res.partner', [{ xmlid: 'h23_crm.a', values }], fields)).toThrow(message);
  });
});
