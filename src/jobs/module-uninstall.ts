import type { OdooClient } from '../connectors/odoo/client.js';
import type { Dialect } from '../connectors/odoo/dialect.js';
import {
  type ModuleDataRow,
  type ModuleStore,
  OdooModuleStore,
  type Residue,
} from '../connectors/odoo/module-store.js';
import { isWebhookRuleKey } from '../connectors/odoo/webhook-rule-store.js';
import type { Logger } from '../logging/logger.js';
import { buildModule, MODULE_MODELS, MODULE_NAMESPACE } from '../module/index.js';
import {
  BRANCH,
  COMPLAINT,
  DAILY_SUMMARY,
  DATA_QUALITY,
  FOLLOWUP,
  IMPORT_BATCH,
  UNIT,
  WOR,
} from '../module/models.js';
import { MODEL_PREFIX } from '../module/namespace.js';
import {
  ACTIVITY,
  ACTIVITY_TYPE,
  AUTOMATION,
  CRM_STAGE,
  CRM_TEAM,
  GROUP_PRIVILEGE,
  GROUPS,
  IR_DEFAULT,
  IR_MODEL,
  IR_MODEL_FIELDS,
  LEAD,
  LOST_REASON,
  MENU,
  MODEL_ACCESS,
  MODEL_DATA,
  MODULE_CATEGORY,
  OPTIONAL_ADDONS,
  RECORD_RULE,
  SERVER_ACTION,
  SURVEY,
  SURVEY_QUESTION,
  SURVEY_QUESTION_ANSWER,
  VIEW,
  WINDOW_ACTION,
} from '../module/odoo-models.js';
import { SOURCE_LANGUAGE } from './module-install.js';

/**
 * Removal order, the reverse of the load order: what refers to something goes
 * before it (menus before actions, views before models). A model takes its
 * fields, access rows and record rules with it, so the administrator keeps its
 * rights on the module's models until the very end; what remains after the
 * models are rows on standard models and the groups.
 */
const REMOVAL_ORDER: readonly string[] = [
  // The satisfaction survey (where the Surveys app is): its answers go with it.
  SURVEY_QUESTION_ANSWER.model,
  SURVEY_QUESTION.model,
  SURVEY.model,
  AUTOMATION.model,
  MENU.model,
  WINDOW_ACTION.model,
  SERVER_ACTION.model,
  VIEW.model,
  ACTIVITY_TYPE.model,
  IR_DEFAULT.model,
  IR_MODEL_FIELDS.model,
  IR_MODEL.model,
  RECORD_RULE.model,
  MODEL_ACCESS.model,
  GROUPS.model,
  GROUP_PRIVILEGE.model,
  MODULE_CATEGORY.model,
];

/** Business records first: follow-ups and WORs point to units, units to branches. */
const RECORDS_REMOVAL_ORDER: readonly string[] = [
  COMPLAINT.model,
  FOLLOWUP.model,
  WOR.model,
  DAILY_SUMMARY.model,
  DATA_QUALITY.model,
  IMPORT_BATCH.model,
  UNIT.model,
  BRANCH.model,
];

/**
 * The leads pipeline's records in Odoo's CRM (see src/module/leads.ts), removed unless a lead
 * holds them: a dealer's leads keep their stage, team and lost reason, which stay as theirs.
 */
const PIPELINE_REMOVAL: ReadonlyArray<{ model: string; usedBy: { model: string; field: string } }> = [
  { model: LOST_REASON.model, usedBy: { model: LEAD.model, field: LEAD.f.lostReason } },
  { model: CRM_STAGE.model, usedBy: { model: LEAD.model, field: LEAD.f.stage } },
  { model: CRM_TEAM.model, usedBy: { model: LEAD.model, field: LEAD.f.team } },
];

export interface UninstallReport {
  namespace: string;
  /** Business records held by the module's models before removal. */
  records: Record<string, number>;
  refused: boolean;
  removed: Record<string, number>;
  /** Records of the leads pipeline that leads hold, left in place (their external IDs removed). */
  kept: Record<string, number>;
  residue?: Residue;
}

/**
 * Removes everything the module created. Refuses while its models hold business
 * records unless `force`; with `force` those records go first (with their
 * messages, followers and activities, which Odoo removes alongside).
 */
export async function uninstallModule(
  odoo: OdooClient,
  logger: Logger,
  options: { force: boolean },
): Promise<UninstallReport> {
  // Names are matched as installed, in the source terms: in id_ID, "Konfigurasi" is also the
  // translated name of every app's own Configuration menu.
  const client = odoo.withContext({ lang: SOURCE_LANGUAGE });
  return removeModule(new OdooModuleStore(client), logger, {
    ...options,
    declaredNames: declaredNames(client.dialect),
  });
}

/** The removal over a store: Odoo's (`uninstallModule`), or memory in tests. */
export async function removeModule(
  store: ModuleStore,
  logger: Logger,
  options: { force: boolean; declaredNames: ReadonlyMap<string, readonly string[]> },
): Promise<UninstallReport> {
  const records = await store.countRecords(MODULE_MODELS);
  const report: UninstallReport = {
    namespace: MODULE_NAMESPACE,
    records,
    refused: false,
    removed: {},
    kept: {},
  };
  // -1: the model exists but cannot be counted (its access rows are gone): assume it holds records.
  const held = Object.values(records).reduce((sum, count) => sum + Math.abs(count), 0);
  if (held > 0 && !options.force) {
    report.refused = true;
    logger.warn({ records }, 'uninstall refused: the module models hold records');
    return report;
  }

  for (const model of RECORDS_REMOVAL_ORDER) {
    if (!records[model] || (records[model] ?? 0) < 0) continue;
    report.removed[model] = await store.removeAllRecords(model);
  }

  const data = await store.moduleData(MODULE_NAMESPACE);
  const byModel = new Map<string, ModuleDataRow[]>();
  for (const row of data) byModel.set(row.model, [...(byModel.get(row.model) ?? []), row]);

  const activityTypes = (byModel.get(ACTIVITY_TYPE.model) ?? []).map((row) => row.resId);
  const activities = await store.removeActivitiesOfTypes(activityTypes);
  if (activities) report.removed[ACTIVITY.model] = activities;

  for (const { model, usedBy } of PIPELINE_REMOVAL) {
    const ids = [...new Set((byModel.get(model) ?? []).map((row) => row.resId))];
    if (ids.length === 0) continue;
    const { removed, kept } = await store.removeUnlessUsed(model, ids, usedBy);
    report.removed[model] = removed;
    if (kept > 0) {
      report.kept[model] = kept;
      logger.warn({ model, kept }, 'kept: leads hold them');
    }
  }

  for (const model of REMOVAL_ORDER) {
    // The WOR webhook's server action shares the namespace: `h23-bridge webhook` owns it.
    const rows = (byModel.get(model) ?? []).filter((row) => !isWebhookRuleKey(row.name));
    const ids = [...new Set(rows.map((row) => row.resId))];
    if (ids.length === 0) continue;
    // Fields of the module's models go with their model (removing them one by one trips over
    // computed fields that depend on them); only fields added to other models are removed here.
    report.removed[model] =
      model === IR_MODEL_FIELDS.model
        ? await store.removeFieldsOutside(ids, MODULE_MODELS)
        : await store.removeRecords(model, ids);
    logger.info({ model, removed: report.removed[model] }, 'removed');
  }

  // Odoo drops a record's external IDs with it; remove whatever key is left.
  const leftover = await store.moduleData(MODULE_NAMESPACE);
  if (leftover.length)
    report.removed[MODEL_DATA.model] = await store.removeExternalIds(leftover.map((row) => row.id));

  report.residue = await store.findResidue(MODULE_NAMESPACE, MODEL_PREFIX, options.declaredNames);
  return report;
}

export function hasResidue(residue: Residue | undefined): boolean {
  if (!residue) return false;
  const { named, ...counts } = residue;
  return Object.values(counts).some((count) => count > 0) || Object.values(named).some((count) => count > 0);
}

/** Names of the declared records that carry one, per Odoo model (models and fields are probed by prefix). */
function declaredNames(dialect: Dialect): Map<string, string[]> {
  const names = new Map<string, string[]>();
  // With the automation rules, which the module declares where Odoo's addon is installed.
  for (const record of buildModule(dialect, new Set(OPTIONAL_ADDONS))) {
    const name = record.values.name;
    // The pipeline's records that leads hold stay by design (`kept`): not residue.
    const kept = PIPELINE_REMOVAL.some((entry) => entry.model === record.model);
    if (
      typeof name !== 'string' ||
      kept ||
      record.model === IR_MODEL.model ||
      record.model === IR_MODEL_FIELDS.model
    )
      continue;
    names.set(record.model, [...(names.get(record.model) ?? []), name]);
  }
  return names;
}
