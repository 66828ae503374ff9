import type { ModuleDataRow, ModuleStore, Residue } from '../../src/connectors/odoo/module-store.js';
import {
  ACTIVITY,
  IR_MODEL,
  IR_MODEL_FIELDS,
  MODEL_ACCESS,
  RECORD_RULE,
  VIEW,
  WINDOW_ACTION,
} from '../../src/module/odoo-models.js';

/** A record of Odoo's declaration models: its name, and the model it is of or about (a field's, a view's, an action's). */
export interface DeclarationRecord {
  name?: string;
  of?: string;
}

/** Records that go with their `ir.model` (Odoo cascades them when a model is removed). */
const CASCADED = [IR_MODEL_FIELDS.model, MODEL_ACCESS.model, RECORD_RULE.model];

/**
 * A database as the module remover sees it, in memory: business records
 * counted per model, declaration records by model and id, the namespace's
 * external IDs, and activities. Removing a record drops its external IDs, and a
 * model takes its fields, access rows and rules along, as Odoo does. A kill
 * switch counts removals (each one call to Odoo): once spent, the next throws.
 */
export class MemoryModuleStore implements ModuleStore {
  readonly business = new Map<string, number>();
  readonly records = new Map<string, Map<number, DeclarationRecord>>();
  data: ModuleDataRow[] = [];
  readonly activities = new Map<number, { typeId: number; of: string }>();
  /** Removal calls, in order: the model and the ids asked for. */
  readonly removals: Array<{ model: string; ids: number[] }> = [];
  private nextDataId = 1;

  constructor(readonly killSwitch: { writesLeft: number } = { writesLeft: Number.POSITIVE_INFINITY }) {}

  /** A declaration record with its external ID in the namespace. */
  declare(model: string, id: number, key: string, record: DeclarationRecord = {}): this {
    const byId = this.records.get(model) ?? new Map<number, DeclarationRecord>();
    byId.set(id, record);
    this.records.set(model, byId);
    this.data.push({ id: this.nextDataId++, name: key, model, resId: id });
    return this;
  }

  private guard(model: string, ids: readonly number[]): void {
    if (this.killSwitch.writesLeft <= 0) throw new Error('connection lost (simulated kill)');
    this.killSwitch.writesLeft -= 1;
    this.removals.push({ model, ids: [...ids] });
  }

  private drop(model: string, ids: readonly number[]): void {
    const byId = this.records.get(model);
    for (const id of ids) {
      const record = byId?.get(id);
      byId?.delete(id);
      this.data = this.data.filter((row) => !(row.model === model && row.resId === id));
      if (model === IR_MODEL.model && record?.of) {
        for (const cascaded of CASCADED) {
          const gone = [...(this.records.get(cascaded) ?? [])].filter(([, other]) => other.of === record.of);
          this.drop(
            cascaded,
            gone.map(([goneId]) => goneId),
          );
        }
      }
    }
  }

  async moduleData(): Promise<ModuleDataRow[]> {
    return this.data.map((row) => ({ ...row }));
  }

  async countRecords(models: readonly string[]): Promise<Record<string, number>> {
    return Object.fromEntries(models.map((model) => [model, this.business.get(model) ?? 0]));
  }

  async removeAllRecords(model: string): Promise<number> {
    const count = this.business.get(model) ?? 0;
    if (count === 0) return 0;
    this.guard(model, []);
    this.business.set(model, 0);
    return count;
  }

  async removeActivitiesOfTypes(typeIds: readonly number[]): Promise<number> {
    const ids = [...this.activities]
      .filter(([, activity]) => typeIds.includes(activity.typeId))
      .map(([id]) => id);
    if (ids.length === 0) return 0;
    this.guard(ACTIVITY.model, ids);
    for (const id of ids) this.activities.delete(id);
    return ids.length;
  }

  /** Records another model points to, by model and id (a CRM stage holding leads). */
  readonly usedRecords = new Set<string>();

  async removeUnlessUsed(model: string, ids: readonly number[]): Promise<{ removed: number; kept: number }> {
    const free = ids.filter((id) => !this.usedRecords.has(`${model}:${id}`));
    const removed = await this.removeRecords(model, free);
    return { removed, kept: ids.length - free.length };
  }

  async removeRecords(model: string, ids: readonly number[]): Promise<number> {
    const existing = ids.filter((id) => this.records.get(model)?.has(id));
    if (existing.length === 0) return 0;
    this.guard(model, existing);
    this.drop(model, existing);
    return existing.length;
  }

  async removeFieldsOutside(ids: readonly number[], models: readonly string[]): Promise<number> {
    const fields = this.records.get(IR_MODEL_FIELDS.model);
    return this.removeRecords(
      IR_MODEL_FIELDS.model,
      ids.filter((id) => !models.includes(fields?.get(id)?.of ?? '')),
    );
  }

  async removeExternalIds(ids: readonly number[]): Promise<number> {
    if (ids.length === 0) return 0;
    this.guard('external IDs', ids);
    this.data = this.data.filter((row) => !ids.includes(row.id));
    return ids.length;
  }

  async findResidue(
    _namespace: string,
    modelPrefix: string,
    declaredNames: ReadonlyMap<string, readonly string[]>,
  ): Promise<Residue> {
    const about = (model: string) =>
      [...(this.records.get(model)?.values() ?? [])].filter((record) => record.of?.startsWith(modelPrefix))
        .length;
    return {
      models: about(IR_MODEL.model),
      fields: about(IR_MODEL_FIELDS.model),
      views: about(VIEW.model),
      actions: about(WINDOW_ACTION.model),
      externalIds: this.data.length,
      activities: [...this.activities.values()].filter((activity) => activity.of.startsWith(modelPrefix))
        .length,
      messages: 0,
      named: Object.fromEntries(
        [...declaredNames].map(([model, names]) => [
          model,
          [...(this.records.get(model)?.values() ?? [])].filter((record) => names.includes(record.name ?? ''))
            .length,
        ]),
      ),
    };
  }

  async refreshAccessRows(): Promise<void> {}

  /** What is left, comparable between runs. */
  state(): unknown {
    return {
      business: Object.fromEntries(this.business),
      records: Object.fromEntries([...this.records].map(([model, byId]) => [model, [...byId.keys()].sort()])),
      data: this.data.map((row) => `${row.model}/${row.resId}/${row.name}`).sort(),
      activities: [...this.activities.keys()].sort(),
    };
  }
}
