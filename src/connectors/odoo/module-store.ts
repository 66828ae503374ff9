import {
  ACTIVITY,
  IR_MODEL,
  IR_MODEL_FIELDS,
  MESSAGE,
  MODEL_ACCESS,
  MODEL_DATA,
  RECORD_FIELDS,
  VIEW,
  WINDOW_ACTION,
} from '../../module/odoo-models.js';
import type { OdooClient } from './client.js';
import { isOdooError } from './errors.js';
import { decodeRecord, fieldNames } from './schema-codec.js';

/**
 * What the module installer and remover need to know about a database beyond
 * the records they declare: which external IDs a namespace holds, how many
 * business records the module's models hold, and what is left after removal.
 * The jobs see it as `ModuleStore`; `OdooModuleStore` is the one over Odoo.
 */

/**
 * Odoo's own module uninstall sets this context flag (odoo.addons.base.models.ir_model
 * MODULE_UNINSTALL_FLAG) so that custom fields that other custom fields depend on
 * (computed display names) can go together with them.
 */
export const FORCE_UNLINK = { _force_unlink: true };

/** One external ID of the namespace: its name (without the namespace), the model and id it names. */
export type ModuleDataRow = {
  id: number;
  name: string;
  model: string;
  resId: number;
};

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

/** What installing and removing the module read and remove, beyond upserting the declared records. */
export interface ModuleStore {
  /** Every external ID of the namespace. */
  moduleData(namespace: string): Promise<ModuleDataRow[]>;
  /**
   * Records held by each of the given models (archived ones included); a model
   * that does not exist counts 0, one the user may not read counts -1 (unknown).
   */
  countRecords(models: readonly string[]): Promise<Record<string, number>>;
  /** Removes every record of a model (archived included); returns how many went. */
  removeAllRecords(model: string): Promise<number>;
  /** Removes the activities of these activity types, whatever record they hang on; returns how many went. */
  removeActivitiesOfTypes(typeIds: readonly number[]): Promise<number>;
  /**
   * Removes those of the records that still exist (archived included), as a module
   * uninstall does (FORCE_UNLINK); returns how many went.
   */
  removeRecords(model: string, ids: readonly number[]): Promise<number>;
  /** Like `removeRecords` for fields, leaving those of `models` (they go with their model). */
  removeFieldsOutside(ids: readonly number[], models: readonly string[]): Promise<number>;
  /**
   * Removes those of the records no record of `usedBy.model` (archived included) points to
   * through `usedBy.field`; the others are the dealer's data now and stay. Returns both counts.
   */
  removeUnlessUsed(
    model: string,
    ids: readonly number[],
    usedBy: { model: string; field: string },
  ): Promise<{ removed: number; kept: number }>;
  /** Removes external IDs (rows of the namespace, by id); returns how many went. */
  removeExternalIds(ids: readonly number[]): Promise<number>;
  /** What is left of a module's models after removal: all zeros means no residue. */
  findResidue(
    namespace: string,
    modelPrefix: string,
    declaredNames: ReadonlyMap<string, readonly string[]>,
  ): Promise<Residue>;
  /** Access rows just created are written once more (see `refreshAccessRows`). */
  refreshAccessRows(ids: readonly number[]): Promise<void>;
}

const DATA_FIELDS = ['name', 'model', 'resId'] as const;
const ALL = { context: { active_test: false } };

export class OdooModuleStore implements ModuleStore {
  constructor(private readonly client: OdooClient) {}

  async moduleData(namespace: string): Promise<ModuleDataRow[]> {
    const rows: ModuleDataRow[] = [];
    for await (const page of this.client.searchPages(
      MODEL_DATA.model,
      [[MODEL_DATA.f.module, '=', namespace]],
      fieldNames(MODEL_DATA, DATA_FIELDS),
    )) {
      for (const raw of page) {
        const row = decodeRecord(MODEL_DATA, DATA_FIELDS, raw);
        rows.push({ id: row.id, name: row.name ?? '', model: row.model ?? '', resId: row.resId });
      }
    }
    return rows;
  }

  async countRecords(models: readonly string[]): Promise<Record<string, number>> {
    const existing = (
      await this.client.searchRead(
        IR_MODEL.model,
        [[IR_MODEL.f.model, 'in', [...models]]],
        fieldNames(IR_MODEL, ['model']),
      )
    ).map((raw) => decodeRecord(IR_MODEL, ['model'], raw).model);
    const counts: Record<string, number> = {};
    for (const model of models) {
      if (!existing.includes(model)) {
        counts[model] = 0;
        continue;
      }
      try {
        counts[model] = await this.client.searchCount(model, [], ALL);
      } catch (error) {
        if (!isOdooError(error) || error.code !== 'access') throw error;
        counts[model] = -1;
      }
    }
    return counts;
  }

  async removeAllRecords(model: string): Promise<number> {
    const ids: number[] = [];
    for await (const page of this.client.searchPages(model, [], [RECORD_FIELDS.id], ALL)) {
      ids.push(...page.map((row) => row.id));
    }
    return this.client.unlink(model, ids);
  }

  async removeActivitiesOfTypes(typeIds: readonly number[]): Promise<number> {
    if (typeIds.length === 0) return 0;
    const rows = await this.client.searchRead(
      ACTIVITY.model,
      [[ACTIVITY.f.type, 'in', [...typeIds]]],
      [RECORD_FIELDS.id],
      ALL,
    );
    if (rows.length === 0) return 0;
    return this.client.unlink(
      ACTIVITY.model,
      rows.map((row) => row.id),
    );
  }

  removeRecords(model: string, ids: readonly number[]): Promise<number> {
    return this.removeExisting(model, [[RECORD_FIELDS.id, 'in', [...ids]]]);
  }

  async removeUnlessUsed(
    model: string,
    ids: readonly number[],
    usedBy: { model: string; field: string },
  ): Promise<{ removed: number; kept: number }> {
    const users = await this.client.searchRead(
      usedBy.model,
      [[usedBy.field, 'in', [...ids]]],
      [usedBy.field],
      {
        ...ALL,
        idsOnly: true,
      },
    );
    const used = new Set(users.map((row) => Number(row[usedBy.field])));
    const free = ids.filter((id) => !used.has(id));
    const removed = free.length > 0 ? await this.removeRecords(model, free) : 0;
    return { removed, kept: ids.length - free.length };
  }

  removeFieldsOutside(ids: readonly number[], models: readonly string[]): Promise<number> {
    return this.removeExisting(IR_MODEL_FIELDS.model, [
      [RECORD_FIELDS.id, 'in', [...ids]],
      [IR_MODEL_FIELDS.f.model, 'not in', [...models]],
    ]);
  }

  private async removeExisting(model: string, domain: unknown[]): Promise<number> {
    const existing = await this.client.searchRead(model, domain, [RECORD_FIELDS.id], ALL);
    if (existing.length === 0) return 0;
    return this.client.unlink(
      model,
      existing.map((row) => row.id),
      { context: FORCE_UNLINK },
    );
  }

  async removeExternalIds(ids: readonly number[]): Promise<number> {
    if (ids.length === 0) return 0;
    return this.client.unlink(MODEL_DATA.model, [...ids]);
  }

  async findResidue(
    namespace: string,
    modelPrefix: string,
    declaredNames: ReadonlyMap<string, readonly string[]>,
  ): Promise<Residue> {
    const like = `${modelPrefix}%`;
    const count = async (model: string, domain: unknown[]): Promise<number> => {
      try {
        return await this.client.searchCount(model, domain, ALL);
      } catch (error) {
        if (isOdooError(error) && error.code === 'missing') return 0;
        throw error;
      }
    };
    return {
      models: await count(IR_MODEL.model, [[IR_MODEL.f.model, '=like', like]]),
      fields: await count(IR_MODEL_FIELDS.model, [
        '|',
        [IR_MODEL_FIELDS.f.model, '=like', like],
        [IR_MODEL_FIELDS.f.relation, '=like', like],
      ]),
      views: await count(VIEW.model, [[VIEW.f.model, '=like', like]]),
      actions: await count(WINDOW_ACTION.model, [[WINDOW_ACTION.f.resModel, '=like', like]]),
      externalIds: await count(MODEL_DATA.model, [[MODEL_DATA.f.module, '=', namespace]]),
      activities: await count(ACTIVITY.model, [[ACTIVITY.f.resModel, '=like', like]]),
      messages: await count(MESSAGE.model, [[MESSAGE.f.model, '=like', like]]),
      named: Object.fromEntries(
        await Promise.all(
          [...declaredNames].map(
            async ([model, names]) =>
              [model, await count(model, [[RECORD_FIELDS.name, 'in', [...names]]])] as const,
          ),
        ),
      ),
    };
  }

  /**
   * Odoo 19 keeps a stale access cache after an ir.model.access row is created
   * over RPC, until the row is written again: write each new row once more.
   */
  async refreshAccessRows(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    const rows = (await this.client.read(MODEL_ACCESS.model, ids, fieldNames(MODEL_ACCESS, ['active']))).map(
      (raw) => decodeRecord(MODEL_ACCESS, ['active'], raw),
    );
    await this.client.write(
      MODEL_ACCESS.model,
      rows.map((row) => ({ id: row.id, values: { [MODEL_ACCESS.f.active]: row.active } })),
    );
  }
}

/** The namespace's external IDs over Odoo (the daemon's start asks which exist). */
export function readModuleData(client: OdooClient, namespace: string): Promise<ModuleDataRow[]> {
  return new OdooModuleStore(client).moduleData(namespace);
}
