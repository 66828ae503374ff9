import type { OdooClient } from '../connectors/odoo/client.js';
import type { Dialect } from '../connectors/odoo/dialect.js';
import {
  activityIdsOfTypes,
  allRecordIds,
  countRecords,
  FORCE_UNLINK,
  findResidue,
  type ModuleDataRow,
  type Residue,
  readModuleData,
} from '../connectors/odoo/module-store.js';
import { isWebhookRuleKey } from '../connectors/odoo/webhook-rule-store.js';
import type { Logger } from '../logging/logger.js';
import { buildModule, MODULE_MODELS, MODULE_NAMESPACE } from '../module/index.js';
import { SOURCE_LANGUAGE } from './module-install.js';

/**
 * Removal order, the reverse of the load order: what refers to something goes
 * before it (menus before actions, views before models). A model takes its
 * fields, access rows and record rules with it, so the administrator keeps its
 * rights on the module's models until the very end; what remains after the
 * models are rows on standard models and the groups.
 */
const REMOVAL_ORDER = [
  'ir.ui.menu',
  'ir.actions.act_window',
  'ir.actions.server',
  'ir.ui.view',
  'mail.activity.type',
  'ir.default',
  'ir.model.fields',
  'ir.model',
  'ir.rule',
  'ir.model.access',
  'res.groups',
  'res.groups.privilege',
  'ir.module.category',
] as const;

export interface UninstallReport {
  namespace: string;
  /** Business records held by the module's models before removal. */
  records: Record<string, number>;
  refused: boolean;
  removed: Record<string, number>;
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
  const records = await countRecords(client, MODULE_MODELS);
  const report: UninstallReport = { namespace: MODULE_NAMESPACE, records, refused: false, removed: {} };
  // -1: the model exists but cannot be counted (its access rows are gone): assume it holds records.
  const held = Object.values(records).reduce((sum, count) => sum + Math.abs(count), 0);
  if (held > 0 && !options.force) {
    report.refused = true;
    logger.warn({ records }, 'uninstall refused: the module models hold records');
    return report;
  }

  // Business records first: follow-ups and WORs point to units, units to branches.
  for (const model of [
    'x_h23_followup',
    'x_h23_wor',
    'x_h23_daily_summary',
    'x_h23_data_quality',
    'x_h23_import_batch',
    'x_h23_unit',
    'x_h23_branch',
  ]) {
    if (!records[model] || (records[model] ?? 0) < 0) continue;
    report.removed[model] = await client.unlink(model, await allRecordIds(client, model));
  }

  const data = await readModuleData(client, MODULE_NAMESPACE);
  const byModel = new Map<string, ModuleDataRow[]>();
  for (const row of data) byModel.set(row.model, [...(byModel.get(row.model) ?? []), row]);

  const activityTypes = (byModel.get('mail.activity.type') ?? []).map((row) => row.res_id);
  const activities = await activityIdsOfTypes(client, activityTypes);
  if (activities.length) report.removed['mail.activity'] = await client.unlink('mail.activity', activities);

  for (const model of REMOVAL_ORDER) {
    // The WOR webhook's server action shares the namespace: `h23-bridge webhook` owns it.
    const rows = (byModel.get(model) ?? []).filter((row) => !isWebhookRuleKey(row.name));
    const ids = [...new Set(rows.map((row) => row.res_id))];
    if (ids.length === 0) continue;
    // Fields of the module's models go with their model (removing them one by one trips over
    // computed fields that depend on them); only fields added to other models are removed here.
    const domain: unknown[] = [['id', 'in', ids]];
    if (model === 'ir.model.fields') domain.push(['model', 'not in', [...MODULE_MODELS]]);
    const existing = await client.searchRead(model, domain, ['id'], { context: { active_test: false } });
    report.removed[model] = existing.length
      ? await client.unlink(
          model,
          existing.map((row) => row.id),
          { context: FORCE_UNLINK },
        )
      : 0;
    logger.info({ model, removed: report.removed[model] }, 'removed');
  }

  // Odoo drops a record's external IDs with it; remove whatever key is left.
  const leftover = await readModuleData(client, MODULE_NAMESPACE);
  if (leftover.length)
    report.removed['ir.model.data'] = await client.unlink(
      'ir.model.data',
      leftover.map((row) => row.id),
    );

  report.residue = await findResidue(client, MODULE_NAMESPACE, 'x_h23_', declaredNames(client.dialect));
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
  for (const record of buildModule(dialect)) {
    const name = record.values.name;
    if (typeof name !== 'string' || record.model === 'ir.model' || record.model === 'ir.model.fields')
      continue;
    names.set(record.model, [...(names.get(record.model) ?? []), name]);
  }
  return names;
}
