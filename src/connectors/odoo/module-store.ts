import type { OdooClient } from './client.js';
import { isOdooError } from './errors.js';

/**
 * What the module installer and remover need to know about a database beyond
 * the records they declare: which external IDs a namespace holds, how many
 * business records the module's models hold, and what is left after removal.
 */

/**
 * Odoo's own module uninstall sets this context flag (odoo.addons.base.models.ir_model
 * MODULE_UNINSTALL_FLAG) so that custom fields that other custom fields depend on
 * (computed display names) can go together with them.
 */
export const FORCE_UNLINK = { _force_unlink: true };

export type ModuleDataRow = {
  id: number;
  name: string;
  model: string;
  res_id: number;
};

export async function readModuleData(client: OdooClient, namespace: string): Promise<ModuleDataRow[]> {
  const rows: ModuleDataRow[] = [];
  for await (const page of client.searchPages<ModuleDataRow>(
    'ir.model.data',
    [['module', '=', namespace]],
    ['name', 'model', 'res_id'],
  )) {
    rows.push(...page);
  }
  return rows;
}

/**
 * Records held by each of the given models (archived ones included); a model
 * that does not exist counts 0, one the user may not read counts -1 (unknown).
 */
export async function countRecords(
  client: OdooClient,
  models: readonly string[],
): Promise<Record<string, number>> {
  const existing = await client.searchRead<{ id: number; model: string }>(
    'ir.model',
    [['model', 'in', [...models]]],
    ['model'],
  );
  const counts: Record<string, number> = {};
  for (const model of models) {
    if (!existing.some((row) => row.model === model)) {
      counts[model] = 0;
      continue;
    }
    try {
      counts[model] = await client.searchCount(model, [], { context: { active_test: false } });
    } catch (error) {
      if (!isOdooError(error) || error.code !== 'access') throw error;
      counts[model] = -1;
    }
  }
  return counts;
}

/** Every record id of a model (archived included), a page at a time. */
export async function allRecordIds(client: OdooClient, model: string): Promise<number[]> {
  const ids: number[] = [];
  for await (const page of client.searchPages(model, [], ['id'], { context: { active_test: false } })) {
    ids.push(...page.map((row) => row.id));
  }
  return ids;
}

/** Activities of the given activity types, whatever record they hang on. */
export async function activityIdsOfTypes(client: OdooClient, typeIds: readonly number[]): Promise<number[]> {
  if (typeIds.length === 0) return [];
  const rows = await client.searchRead('mail.activity', [['activity_type_id', 'in', [...typeIds]]], ['id'], {
    context: { active_test: false },
  });
  return rows.map((row) => row.id);
}

export interface Residue {
  models: number;
  fields: number;
  views: number;
  actions: number;
  externalIds: number;
  activities: number;
  messages: number;
  /** Declared records still found by name (groups, menus, activity types…), per model. */
  named: Record<string, number>;
}

/** What is left of a module's models after removal: all zeros means no residue. */
export async function findResidue(
  client: OdooClient,
  namespace: string,
  modelPrefix: string,
  declaredNames: ReadonlyMap<string, readonly string[]>,
): Promise<Residue> {
  const like = `${modelPrefix}%`;
  const count = async (model: string, domain: unknown[]): Promise<number> => {
    try {
      return await client.searchCount(model, domain, { context: { active_test: false } });
    } catch (error) {
      if (isOdooError(error) && error.code === 'missing') return 0;
      throw error;
    }
  };
  return {
    models: await count('ir.model', [['model', '=like', like]]),
    fields: await count('ir.model.fields', ['|', ['model', '=like', like], ['relation', '=like', like]]),
    views: await count('ir.ui.view', [['model', '=like', like]]),
    actions: await count('ir.actions.act_window', [['res_model', '=like', like]]),
    externalIds: await count('ir.model.data', [['module', '=', namespace]]),
    activities: await count('mail.activity', [['res_model', '=like', like]]),
    messages: await count('mail.message', [['model', '=like', like]]),
    named: Object.fromEntries(
      await Promise.all(
        [...declaredNames].map(
          async ([model, names]) => [model, await count(model, [['name', 'in', [...names]]])] as const,
        ),
      ),
    ),
  };
}

/**
 * Odoo 19 keeps a stale access cache after an ir.model.access row is created
 * over RPC, until the row is written again: write each new row once more.
 */
export async function refreshAccessRows(client: OdooClient, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await client.read<{ id: number; active: boolean }>('ir.model.access', ids, ['active']);
  await client.write(
    'ir.model.access',
    rows.map((row) => ({ id: row.id, values: { active: row.active } })),
  );
}
