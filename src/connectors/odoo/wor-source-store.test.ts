import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../config/schema.js';
import { serviceTypeOf, sourceFieldProblems } from './wor-source-store.js';

describe('serviceTypeOf', () => {
  it.each([
    ['kpb1', 'kpb1'],
    ['KPB 2', 'kpb2'],
    ['KPB-3', 'kpb3'],
    ['4', 'kpb4'],
    ['Reguler', 'regular'],
    ['Servis Reguler', 'regular'],
    ['service regular', 'regular'],
    ['KPB ke-1', 'kpb1'],
    ['KPB IV', 'kpb4'],
    ['rutin', 'regular'],
    ['KPB 5', false],
    ['Ganti oli', false],
  ])('%s → %s', (text, expected) => {
    expect(serviceTypeOf(text)).toBe(expected);
  });
});

describe('sourceFieldProblems: the dealer WOR model against fields_get', () => {
  const dealer = configSchema.shape.wor.parse({
    model: 'dms.wor',
    fields: {
      name: 'wo_number',
      visitDate: 'visit_at',
      branch: 'dealer_code',
      engineNumber: 'engine_no',
      carrierName: 'customer_name',
      carrierPhone: 'customer_phone',
      carrierAddress: null,
      frameNumber: null,
      modelName: 'unit_model',
      serviceType: 'service_kind',
    },
  });
  const fields = {
    wo_number: { type: 'char' },
    visit_at: { type: 'datetime' },
    dealer_code: { type: 'char' },
    engine_no: { type: 'char' },
    customer_name: { type: 'char' },
    customer_phone: { type: 'char' },
    customer_phone2: { type: 'char' },
    unit_model: { type: 'selection' },
    service_kind: { type: 'selection' },
    branch_id: { type: 'many2one', relation: 'res.company' },
  };

  it('accepts a model whose fields exist with usable types', () => {
    expect(sourceFieldProblems(dealer, fields)).toEqual([]);
  });

  it.each([
    [
      { carrierPhone: 'phone' },
      'wor.fields.carrierPhone: "dms.wor" has no field "phone" (fields with a similar name: customer_phone, customer_phone2)',
    ],
    [
      { carrierPhone: 'customer_hp' },
      'wor.fields.carrierPhone: "dms.wor" has no field "customer_hp" (fields with a similar name: customer_name, customer_phone, customer_phone2)',
    ],
    [
      { visitDate: 'engine_no' },
      'wor.fields.visitDate: "engine_no" is a char field; expected date or datetime',
    ],
    [
      { branch: 'branch_id' },
      'wor.fields.branch: "branch_id" links to res.company; expected a link to x_h23_branch or a char dealer code',
    ],
    [{ engineNumber: null }, 'wor.fields.engineNumber: required, but set to null'],
  ])('names the config key: %o', (override, message) => {
    const config = { ...dealer, fields: { ...dealer.fields, ...override } };
    expect(sourceFieldProblems(config, fields)).toEqual([message]);
  });
});
