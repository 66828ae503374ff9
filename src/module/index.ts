import { activityTypeRecords } from './activity-types.js';
import { automationRecords } from './automations.js';
import { leadPipelineRecords } from './leads.js';
import { defaultRecord, fieldRecord, modelOrderRecord, modelRecords } from './model-spec.js';
import { EXTENDED_FIELDS, MODELS } from './models.js';
import { accessRecords, groupRecords, ruleRecords } from './security.js';
import { surveyRecords } from './survey.js';
import type { DeclaredRecord, TargetOdoo } from './types.js';
import {
  actionRecords,
  dedupeMenuRecords,
  loyaltyMenuRecords,
  menuRecords,
  segmentMenuRecords,
  surveyMenuRecords,
  viewRecords,
} from './views.js';

export { MODULE_NAMESPACE } from './namespace.js';
export type { DeclaredRecord, TargetOdoo } from './types.js';

/**
 * Every record of the extension, in load order (as an addon's manifest orders
 * its data files): models, their fields (computed ones last, once what they read
 * exists), the models' default order (which needs the fields), security, activity types, views, actions, menus,
 * the automation rules (where Odoo's Automation Rules addon is installed) and the satisfaction
 * survey (where Odoo's Surveys app is).
 */
export function buildModule(
  target: TargetOdoo,
  /** Odoo addons installed in the database that the module's optional records need (base_automation). */
  addons: ReadonlySet<string> = new Set(),
): DeclaredRecord[] {
  const perModel = MODELS.map((spec) => modelRecords(spec, target));
  const models = perModel.map(([model]) => model as DeclaredRecord);
  const fields = perModel.flatMap(([, ...rest]) => rest);
  // Computed fields read what the plain ones hold; a one2many needs its inverse many2one, which
  // may be declared on a model later in the list: both come after every plain field.
  const later = (field: DeclaredRecord): boolean =>
    'compute' in field.values || field.values.ttype === 'one2many';
  const plainFields = fields.filter((field) => !later(field));
  const computedFields = fields.filter(later);
  return [
    ...models,
    ...plainFields,
    ...EXTENDED_FIELDS.filter(({ addon }) => !addon || addons.has(addon)).map(({ model, modelRef, field }) =>
      fieldRecord(model, field, target, modelRef),
    ),
    ...computedFields,
    ...MODELS.map(modelOrderRecord),
    ...MODELS.flatMap((spec) =>
      Object.values(spec.fields).flatMap((field) => defaultRecord(spec.model, field) ?? []),
    ),
    ...groupRecords(target),
    ...accessRecords(addons, target),
    ...ruleRecords(),
    ...activityTypeRecords(target),
    ...viewRecords(target),
    ...actionRecords(target),
    ...menuRecords(target),
    ...segmentMenuRecords(target),
    ...loyaltyMenuRecords(target),
    ...dedupeMenuRecords(target),
    ...surveyMenuRecords(target),
    ...automationRecords(target, addons),
    ...leadPipelineRecords(target, addons),
    ...surveyRecords(addons),
  ];
}

/** The technical names of the module's own models, for counts and removal. */
export const MODULE_MODELS: readonly string[] = MODELS.map((spec) => spec.model);
