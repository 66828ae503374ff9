import { describe, expect, it } from 'vitest';
import { MemoryModuleStore } from '../../test/support/memory-module-store.js';
import { silentLogger } from '../logging/logger.js';
import { MODULE_MODELS } from '../module/index.js';
import { BRANCH, FOLLOWUP, UNIT } from '../module/models.js';
import {
  ACTIVITY,
  ACTIVITY_TYPE,
  GROUPS,
  IR_MODEL,
  IR_MODEL_FIELDS,
  MENU,
  MODEL_ACCESS,
  PARTNER,
  SERVER_ACTION,
  SURVEY,
  SURVEY_QUESTION,
  SURVEY_QUESTION_ANSWER,
  VIEW,
  WINDOW_ACTION,
} from '../module/odoo-models.js';
import { hasResidue, removeModule } from './module-uninstall.js';

const GROUP_NAME = 'CRM H23 / Admin CRM';
const declaredNames = new Map([[GROUPS.model, [GROUP_NAME]]]);

/**
 * A small installed module: two models with a field each, a field added to
 * res.partner, a view, an action, a menu, an access row, a group, an activity
 * type with an activity, and the WOR webhook's action (owned by `webhook`).
 */
function installed(killSwitch?: { writesLeft: number }): MemoryModuleStore {
  const store = new MemoryModuleStore(killSwitch)
    .declare(IR_MODEL.model, 1, 'model_x_h23_branch', { of: BRANCH.model })
    .declare(IR_MODEL.model, 2, 'model_x_h23_unit', { of: UNIT.model })
    .declare(IR_MODEL_FIELDS.model, 10, 'field_unit_engine', { of: UNIT.model })
    .declare(IR_MODEL_FIELDS.model, 11, 'field_branch_code', { of: BRANCH.model })
    .declare(IR_MODEL_FIELDS.model, 12, 'field_partner_key', { of: PARTNER.model })
    .declare(MODEL_ACCESS.model, 20, 'access_unit_admin', { of: UNIT.model })
    .declare(GROUPS.model, 30, 'group_admin', { name: GROUP_NAME })
    .declare(ACTIVITY_TYPE.model, 40, 'activity_kpb', { name: 'Follow Up KPB' })
    .declare(VIEW.model, 50, 'view_unit_form', { of: UNIT.model })
    .declare(WINDOW_ACTION.model, 60, 'action_units', { of: UNIT.model })
    .declare(MENU.model, 70, 'menu_units', { name: 'Unit' })
    .declare(SERVER_ACTION.model, 80, 'webhook_wor_action', { name: 'H23: kirim webhook WOR' });
  store.activities.set(90, { typeId: 40, of: UNIT.model });
  store.activities.set(91, { typeId: 99, of: PARTNER.model });
  return store;
}

function withRecords(store: MemoryModuleStore): MemoryModuleStore {
  store.business.set(UNIT.model, 3);
  store.business.set(BRANCH.model, 1);
  return store;
}

describe('removing the module', () => {
  it('removes the satisfaction survey it declared in Odoo’s Surveys app: answers, questions, then the survey', async () => {
    const store = installed()
      .declare(SURVEY.model, 100, 'survey_satisfaction', { name: 'Survei Kepuasan Servis H23' })
      .declare(SURVEY_QUESTION.model, 101, 'survey_question_csat', { name: 'CSAT' })
      .declare(SURVEY_QUESTION_ANSWER.model, 102, 'survey_answer_csat_5', { name: '5' });
    await removeModule(store, silentLogger(), { force: true, declaredNames });
    const order = store.removals.map((removal) => removal.model);
    expect(order.slice(1, 4)).toEqual([SURVEY_QUESTION_ANSWER.model, SURVEY_QUESTION.model, SURVEY.model]);
    expect(store.state()).toMatchObject({ data: [] });
  });

  it('refuses while its models hold records, touching nothing', async () => {
    const store = withRecords(installed());
    const report = await removeModule(store, silentLogger(), { force: false, declaredNames });
    expect(report.refused).toBe(true);
    expect(report.records).toMatchObject({ [UNIT.model]: 3, [BRANCH.model]: 1, [FOLLOWUP.model]: 0 });
    expect(Object.keys(report.records).sort()).toEqual([...MODULE_MODELS].sort());
    expect(store.removals).toEqual([]);
  });

  it('counts a model it may not count (-1) as holding records', async () => {
    const store = installed();
    store.business.set(UNIT.model, -1);
    expect((await removeModule(store, silentLogger(), { force: false, declaredNames })).refused).toBe(true);
  });

  it('with force, removes records first, then the declaration in reverse load order, and leaves no residue', async () => {
    const store = withRecords(installed());
    const report = await removeModule(store, silentLogger(), { force: true, declaredNames });
    expect(report.refused).toBe(false);
    expect(store.removals.map((removal) => [removal.model, removal.ids])).toEqual([
      [UNIT.model, []],
      [BRANCH.model, []],
      [ACTIVITY.model, [90]],
      [MENU.model, [70]],
      [WINDOW_ACTION.model, [60]],
      [VIEW.model, [50]],
      [ACTIVITY_TYPE.model, [40]],
      // Only the field on res.partner: the module's own fields go with their models.
      [IR_MODEL_FIELDS.model, [12]],
      [IR_MODEL.model, [1, 2]],
      [GROUPS.model, [30]],
      // Every key left in the namespace, the webhook's included (its rule goes with the WOR model).
      ['external IDs', [12]],
    ]);
    expect(report.removed).toMatchObject({
      [UNIT.model]: 3,
      [BRANCH.model]: 1,
      [ACTIVITY.model]: 1,
      [IR_MODEL_FIELDS.model]: 1,
      [IR_MODEL.model]: 2,
    });
    // The access row went with its model: nothing was left to remove.
    expect(report.removed[MODEL_ACCESS.model]).toBe(0);
    // The webhook's action is not the declaration's to remove; other activities stay.
    expect(store.state()).toMatchObject({
      records: { [SERVER_ACTION.model]: [80] },
      data: [],
      activities: [91],
    });
    expect(report.residue).toEqual({
      models: 0,
      fields: 0,
      views: 0,
      actions: 0,
      externalIds: 0,
      activities: 0,
      messages: 0,
      named: { [GROUPS.model]: 0 },
    });
    expect(hasResidue(report.residue)).toBe(false);
  });

  it('removes external IDs whose record is already gone', async () => {
    const store = installed();
    store.records.get(MENU.model)?.delete(70);
    const report = await removeModule(store, silentLogger(), { force: true, declaredNames });
    expect(report.removed[MENU.model]).toBe(0);
    expect(store.state()).toMatchObject({ data: [] });
    expect(hasResidue(report.residue)).toBe(false);
  });

  it('names a declared record that lost its external ID (the removal cannot find it) as residue', async () => {
    const store = installed();
    store.records.get(MENU.model)?.set(71, { name: 'Konfigurasi' });
    const names = new Map([[MENU.model, ['Unit', 'Konfigurasi']]]);
    const report = await removeModule(store, silentLogger(), { force: true, declaredNames: names });
    expect(report.residue?.named).toEqual({ [MENU.model]: 1 });
    expect(hasResidue(report.residue)).toBe(true);
  });

  it('killed at any removal, a re-run ends as an uninterrupted run', async () => {
    const whole = withRecords(installed());
    await removeModule(whole, silentLogger(), { force: true, declaredNames });
    const writes = whole.removals.length;
    expect(writes).toBeGreaterThan(5);
    for (let killAt = 0; killAt <= writes; killAt += 1) {
      const killSwitch = { writesLeft: killAt };
      const store = withRecords(installed(killSwitch));
      const first = removeModule(store, silentLogger(), { force: true, declaredNames });
      if (killAt < writes) await expect(first, `kill at ${killAt}`).rejects.toThrow('simulated kill');
      else await first;
      killSwitch.writesLeft = Number.POSITIVE_INFINITY;
      const rerun = await removeModule(store, silentLogger(), { force: true, declaredNames });
      expect(store.state(), `kill at ${killAt}`).toEqual(whole.state());
      expect(rerun.residue, `kill at ${killAt}`).toEqual(
        (await removeModule(whole, silentLogger(), { force: true, declaredNames })).residue,
      );
    }
  });
});
