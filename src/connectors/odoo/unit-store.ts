import type { CurrentRecord, PlainValue } from '../../rules/record-plan.js';
import type { ItemOutcome, OdooClient } from './client.js';
import type { FieldMap } from './field-values.js';
import { loadUpdates, plainValues } from './keyed-records.js';

/**
 * Units (`x_h23_unit`) and their owners (`res.partner`) as the import sees
 * them: read by their stable keys (engine number; the owner key), written in
 * one call per chunk. Odoo's field names stay here; the rest of the bridge
 * speaks `engineNumber`, `ownerId`…
 */

const UNIT_MODEL = 'x_h23_unit';
const OWNER_MODEL = 'res.partner';
const BRANCH_MODEL = 'x_h23_branch';

const UNIT_FIELDS: Readonly<Record<string, string>> = {
  engineNumber: 'x_engine_number',
  frameNumber: 'x_frame_number',
  modelName: 'x_model_name',
  color: 'x_color',
  purchaseDate: 'x_purchase_date',
  branchId: 'x_branch_id',
  ownerId: 'x_partner_id',
  phoneInvalid: 'x_phone_invalid',
  dataIncomplete: 'x_data_incomplete',
  notInCdb: 'x_not_in_cdb',
  cdbOwnerKey: 'x_cdb_owner_key',
  ownerConfirmed: 'x_owner_confirmed',
  kpb1Date: 'x_kpb1_date',
  kpb2Date: 'x_kpb2_date',
  kpb3Date: 'x_kpb3_date',
  kpb4Date: 'x_kpb4_date',
  km: 'x_last_km',
};

const OWNER_FIELDS: Readonly<Record<string, string>> = {
  key: 'x_h23_key',
  name: 'name',
  phone: 'phone',
  street: 'street',
  city: 'city',
};

/**
 * Bulk work leaves no trace in the chatter and sends no mail: no tracking
 * values, no "created" note, no follower subscription (what Odoo's own import
 * screen does with its "track history" box off).
 */
export const BULK_CONTEXT = {
  tracking_disable: true,
  mail_create_nolog: true,
  mail_create_nosubscribe: true,
  mail_notrack: true,
  import_file: true,
} as const;

export interface Written {
  key: string;
  id?: number;
  error?: string;
}

type Mapping = Readonly<Record<string, string>>;

function toOdoo(values: Readonly<Record<string, PlainValue>>, mapping: Mapping): Record<string, unknown> {
  const odoo: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(values)) {
    const name = mapping[field];
    if (!name) throw new Error(`No Odoo field for ${field}`);
    odoo[name] = value ?? false;
  }
  return odoo;
}

function fromOdoo(
  record: Readonly<Record<string, unknown>>,
  mapping: Mapping,
  fields: FieldMap,
): Record<string, PlainValue> {
  const odooValues: Record<string, unknown> = {};
  for (const name of Object.values(mapping)) odooValues[name] = record[name];
  const plain = plainValues(odooValues, fields);
  const values: Record<string, PlainValue> = {};
  for (const [field, name] of Object.entries(mapping)) values[field] = plain[name] ?? null;
  return values;
}

function outcomesToWritten(outcomes: readonly ItemOutcome[], keys: readonly string[]): Written[] {
  return outcomes.map((outcome) => {
    const key = keys[outcome.index] ?? '';
    if (outcome.error) return { key, error: outcome.error.message };
    return outcome.id === undefined ? { key } : { key, id: outcome.id };
  });
}

export class KeyedStore {
  private fields: FieldMap | null = null;

  constructor(
    protected readonly client: OdooClient,
    private readonly model: string,
    private readonly mapping: Mapping,
    private readonly keyField: string,
  ) {}

  private async fieldMap(): Promise<FieldMap> {
    this.fields ??= await this.client.fieldsGet(this.model, Object.values(this.mapping));
    return this.fields;
  }

  /** The records behind these keys, in one `search_read` (archived ones too: never re-created). */
  async readByKeys(keys: readonly string[]): Promise<Map<string, CurrentRecord>> {
    const found = new Map<string, CurrentRecord>();
    if (keys.length === 0) return found;
    const fields = await this.fieldMap();
    const keyName = this.mapping[this.keyField] as string;
    const records = await this.client.searchRead(
      this.model,
      [[keyName, 'in', [...keys]]],
      Object.values(this.mapping),
      {
        context: { active_test: false },
        order: 'id',
      },
    );
    for (const record of records) {
      const values = fromOdoo(record, this.mapping, fields);
      const key = values[this.keyField];
      // The oldest record wins should a key ever have been doubled by hand.
      if (typeof key === 'string' && !found.has(key)) found.set(key, { id: record.id, values });
    }
    return found;
  }

  /** One `create` per chunk; a refused row is isolated (bisection) and reported with Odoo's message. */
  async create(rows: ReadonlyArray<{ key: string; values: Record<string, PlainValue> }>): Promise<Written[]> {
    if (rows.length === 0) return [];
    const outcomes = await this.client.create(
      this.model,
      rows.map((row) => toOdoo({ ...row.values, [this.keyField]: row.key }, this.mapping)),
      { chunkSize: rows.length, context: BULK_CONTEXT },
    );
    return outcomesToWritten(
      outcomes,
      rows.map((row) => row.key),
    );
  }

  /** Updates with differing values in one `load` per set of changed fields. */
  async update(
    rows: ReadonlyArray<{ key: string; id: number; values: Record<string, PlainValue> }>,
  ): Promise<Written[]> {
    if (rows.length === 0) return [];
    const outcomes = await loadUpdates(
      this.client,
      this.model,
      rows.map((row) => ({ id: row.id, values: toOdoo(row.values, this.mapping) })),
      await this.fieldMap(),
      { context: BULK_CONTEXT },
    );
    return outcomesToWritten(
      outcomes,
      rows.map((row) => row.key),
    );
  }
}

export class UnitStore extends KeyedStore {
  constructor(client: OdooClient) {
    super(client, UNIT_MODEL, UNIT_FIELDS, 'engineNumber');
  }

  branchesByDealerCode(): Promise<Map<string, number>> {
    return readBranchesByDealerCode(this.client);
  }
}

/** Branch ids by dealer code (`x_dealer_code`, upper case), to place units and WORs in their branch. */
export async function readBranchesByDealerCode(client: OdooClient): Promise<Map<string, number>> {
  const branches = await client.searchRead(BRANCH_MODEL, [['x_dealer_code', '!=', false]], ['x_dealer_code']);
  return new Map(
    branches.flatMap((branch) =>
      typeof branch.x_dealer_code === 'string'
        ? [[branch.x_dealer_code.trim().toUpperCase(), branch.id] as const]
        : [],
    ),
  );
}

export class OwnerStore extends KeyedStore {
  constructor(client: OdooClient) {
    super(client, OWNER_MODEL, OWNER_FIELDS, 'key');
  }
}
