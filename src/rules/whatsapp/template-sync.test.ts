import { describe, expect, it } from 'vitest';
import { type LocalTemplate, type MetaTemplate, planTemplateSync } from './template-sync.js';

const meta = (name: string, status: string, category = 'UTILITY', language = 'id'): MetaTemplate => ({
  name,
  language,
  status,
  category,
  body: `Halo {{1}} ${name}`,
});

const local = (
  id: number,
  name: string,
  status: string | null,
  extra: Partial<LocalTemplate> = {},
): LocalTemplate => ({
  id,
  name,
  language: 'id',
  status,
  category: 'utility',
  body: `Halo {{1}} ${name}`,
  ...extra,
});

describe('planTemplateSync', () => {
  it('takes Meta’s review state, category and body for the templates in Odoo', () => {
    const plan = planTemplateSync(
      [meta('kpb_fu1', 'APPROVED', 'MARKETING')],
      [local(1, 'kpb_fu1', 'PENDING')],
    );
    expect(plan.update).toEqual([
      { id: 1, values: { status: 'APPROVED', category: 'marketing', body: 'Halo {{1}} kpb_fu1' } },
    ]);
  });

  it('changes nothing when Odoo already says what Meta says', () => {
    expect(planTemplateSync([meta('kpb_fu1', 'APPROVED')], [local(1, 'kpb_fu1', 'APPROVED')])).toEqual({
      update: [],
      create: [],
      unchanged: 1,
    });
  });

  it('marks a template Meta does not have (other language, or deleted) MISSING', () => {
    const plan = planTemplateSync(
      [meta('kpb_fu1', 'APPROVED', 'UTILITY', 'en')],
      [local(1, 'kpb_fu1', 'APPROVED')],
    );
    expect(plan.update).toEqual([{ id: 1, values: { status: 'MISSING' } }]);
    expect(plan.create).toEqual([expect.objectContaining({ name: 'kpb_fu1', language: 'en' })]);
  });

  it('adds Meta’s other templates for the PIC to map, each once', () => {
    const plan = planTemplateSync([meta('promo', 'PAUSED'), meta('promo', 'PAUSED')], []);
    expect(plan.create).toEqual([
      {
        name: 'promo',
        language: 'id',
        values: { status: 'PAUSED', category: 'utility', body: 'Halo {{1}} promo' },
      },
    ]);
  });

  it('reads a state the module does not know as pending, never as approved', () => {
    const plan = planTemplateSync([meta('x', 'SOMETHING_NEW')], [local(1, 'x', 'APPROVED')]);
    expect(plan.update[0]?.values.status).toBe('PENDING');
  });
});
