import { describe, expect, it } from 'vitest';
import { dialectFor } from '../connectors/odoo/dialect.js';
import { buildModule } from './index.js';
import { SURVEY_ADDON } from './odoo-models.js';
import { SURVEY_SCORED_ANSWERS, SURVEY_XMLIDS } from './survey.js';

describe.each([17, 18, 19])('the satisfaction survey on Odoo %i', (major) => {
  const target = dialectFor(major);

  it('is declared only where Odoo’s Surveys app is installed, with its access for the bridge', () => {
    const without = buildModule(target, new Set());
    expect(without.filter((record) => record.model.startsWith('survey.'))).toEqual([]);
    expect(without.some((record) => record.xmlid === 'h23_crm.access_survey_user_input_bridge')).toBe(false);
    const records = buildModule(target, new Set([SURVEY_ADDON]));
    const counts: Record<string, number> = {};
    for (const record of records.filter((r) => r.model.startsWith('survey.')))
      counts[record.model] = (counts[record.model] ?? 0) + 1;
    expect(counts).toEqual({ 'survey.survey': 1, 'survey.question': 3, 'survey.question.answer': 16 });
    const access = records.find((record) => record.xmlid === 'h23_crm.access_survey_user_input_bridge');
    expect(access?.values).toMatchObject({
      perm_read: true,
      perm_write: true,
      perm_create: true,
      perm_unlink: false,
    });
    const lines = records.find((record) => record.xmlid === 'h23_crm.access_survey_user_input_line_bridge');
    expect(lines?.values).toMatchObject({ perm_read: true, perm_write: false, perm_create: false });
  });

  it('asks CSAT 1–5 and NPS 0–10 as single choices (17 has no scale type), by invited token, on one page', () => {
    const records = buildModule(target, new Set([SURVEY_ADDON]));
    const byXmlid = new Map(records.map((record) => [record.xmlid, record]));
    expect(byXmlid.get(SURVEY_XMLIDS.survey)?.values).toMatchObject({
      access_mode: 'token',
      questions_layout: 'one_page',
      users_login_required: false,
    });
    expect(byXmlid.get(SURVEY_XMLIDS.csat)?.values).toMatchObject({
      question_type: 'simple_choice',
      constr_mandatory: true,
    });
    expect(byXmlid.get(SURVEY_XMLIDS.nps)?.values).toMatchObject({
      question_type: 'simple_choice',
      constr_mandatory: true,
    });
    expect(byXmlid.get(SURVEY_XMLIDS.comment)?.values).toMatchObject({
      question_type: 'text_box',
      constr_mandatory: false,
    });
    const values = (question: 'csat' | 'nps') =>
      SURVEY_SCORED_ANSWERS.filter((answer) => answer.question === question).map(
        (answer) => byXmlid.get(answer.xmlid)?.values.value,
      );
    expect(values('csat')).toEqual([
      '1 - Sangat tidak puas',
      '2 - Tidak puas',
      '3 - Biasa saja',
      '4 - Puas',
      '5 - Sangat puas',
    ]);
    expect(values('nps')).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    // What refers to the survey comes after it: the installer creates it first.
    const order = records.map((record) => record.xmlid);
    expect(order.indexOf(SURVEY_XMLIDS.survey)).toBeLessThan(order.indexOf(SURVEY_XMLIDS.csat));
  });
});
