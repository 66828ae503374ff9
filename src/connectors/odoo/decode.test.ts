import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  date,
  datetime,
  decodeRecord,
  decodeRecords,
  id,
  many2one,
  many2oneId,
  optional,
  text,
  x2manyIds,
} from './decode.js';

const partner = z.object({
  id,
  name: text,
  parent_id: many2one,
  company_id: many2oneId,
  category_id: x2manyIds,
  x_purchase_date: date,
  write_date: datetime,
  credit_limit: optional(z.number()),
});

describe('decoders', () => {
  it('turns Odoo’s false and [id, name] into null and links', () => {
    expect(
      decodeRecord(
        partner,
        {
          id: 7,
          name: false,
          parent_id: [3, 'PT Astra'],
          company_id: false,
          category_id: [1, 2],
          x_purchase_date: '2025-08-17',
          write_date: '2026-11-23 01:02:03',
          credit_limit: false,
        },
        'res.partner',
      ),
    ).toEqual({
      id: 7,
      name: null,
      parent_id: { id: 3, name: 'PT Astra' },
      company_id: null,
      category_id: [1, 2],
      x_purchase_date: '2025-08-17',
      write_date: new Date('2026-11-23T01:02:03Z'),
      credit_limit: null,
    });
  });

  it.each([
    [text, '', null],
    [text, 'Budi', 'Budi'],
    [many2one, false, null],
    [many2one, [5, false], { id: 5, name: '' }],
    [many2oneId, 9, 9],
    [date, false, null],
    [datetime, false, null],
  ])('%#: %j', (schema, raw, expected) => {
    expect(schema.parse(raw)).toEqual(expected);
  });

  it('names the model, record, field and value when a reply does not fit', () => {
    expect(() => decodeRecord(partner, { id: 7, name: 5, parent_id: false }, 'res.partner')).toThrow(
      /res\.partner\(7\): field "name": .* got 5/,
    );
  });

  it('keeps the good records and reports the bad ones', () => {
    const { records, failures } = decodeRecords(
      z.object({ id, x_engine: text }),
      [
        { id: 1, x_engine: 'JM11E1234567' },
        { id: 2, x_engine: 42 },
      ],
      'x_h23_unit',
    );
    expect(records).toEqual([{ id: 1, x_engine: 'JM11E1234567' }]);
    expect(failures).toEqual([
      { recordId: 2, message: expect.stringContaining('x_h23_unit(2): field "x_engine"') },
    ]);
  });
});
