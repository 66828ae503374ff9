import { BRANCH, UNIT } from '../../module/models.js';
import { dealerCodeKey } from '../../rules/dealer-code.js';
import type { CurrentRecord, PlainValue } from '../../rules/record-plan.js';
import type { ItemOutcome, OdooClient, OdooRecord } from './client.js';
import type { FieldMap } from './field-values.js';
import { loadUpdates, plainValues } from './keyed-records.js';
import {
  PARTNER_MODEL,
  partnerPhonesOf,
  partnerPhoneValues,
  searchPartnersByPhone,
} from './partner-phones.js';

/**
 * Units (`x_h23_unit`) and their owners (`res.partner`) as the import sees
 * them: read by their stable keys (engine number; the owner key), written in
 * one call per chunk. Odoo's field names stay here; the rest of the bridge
 * speaks `engineNumber`, `ownerId`…
 */

const UNIT_MODEL = UNIT.model;
const BRANCH_MODEL = BRANCH.model;

const UNIT_FIELDS: Readonly<Record<string, string>> = {
  engineNumber: 'x_engine_number',
  frameNumber: 'x_frame_number',
  modelName: 'x_model_name',
  color: 'x_color',
  purchaseDate: 'x_purchase_date',
  branchId: 'x_branch_id',
  dealerCode: 'x_dealer_code',
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

/** `phone` is read from and written to the dialect's phone fields (see partner-phones). */
const OWNER_FIELDS: Readonly<Record<string, string>> = {
  key: 'x_h23_key',
  name: 'name',
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
    protected readonly model: string,
    private readonly mapping: Mapping,
    protected readonly keyField: string,
  ) {}

  /** Odoo fields read for a record: the mapping's, and any a subclass decodes itself. */
  protected odooFields(): string[] {
    return Object.values(this.mapping);
  }

  protected toOdoo(values: Readonly<Record<string, PlainValue>>): Record<string, unknown> {
    return toOdoo(values, this.mapping);
  }

  protected fromOdoo(
    record: Readonly<Record<string, unknown>>,
    fields: FieldMap,
  ): Record<string, PlainValue> {
    return fromOdoo(record, this.mapping, fields);
  }

  protected async fieldMap(): Promise<FieldMap> {
    this.fields ??= await this.client.fieldsGet(this.model, this.odooFields());
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
      this.odooFields(),
      {
        context: { active_test: false },
        order: 'id',
      },
    );
    for (const record of records) {
      const values = this.fromOdoo(record, fields);
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
      rows.map((row) => this.toOdoo({ ...row.values, [this.keyField]: row.key })),
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
      rows.map((row) => ({ id: row.id, values: this.toOdoo(row.values) })),
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
    branches.flatMap((branch) => {
      const code = dealerCodeKey(branch.x_dealer_code);
      return code ? [[code, branch.id] as const] : [];
    }),
  );
}

/** A partner the bridge has not keyed yet (made by hand or by the DMS), as the import compares it. */
export interface UnkeyedOwner extends CurrentRecord {
  name: string;
  /** Its numbers in any phone field, as typed. */
  phones: string[];
}

export class OwnerStore extends KeyedStore {
  constructor(client: OdooClient) {
    super(client, PARTNER_MODEL, OWNER_FIELDS, 'key');
  }

  protected override odooFields(): string[] {
    return [...super.odooFields(), ...this.client.dialect.partnerPhoneFields];
  }

  protected override toOdoo(values: Readonly<Record<string, PlainValue>>): Record<string, unknown> {
    const { phone, ...rest } = values;
    return {
      ...super.toOdoo(rest),
      ...partnerPhoneValues(this.client.dialect, typeof phone === 'string' ? phone : null),
    };
  }

  protected override fromOdoo(
    record: Readonly<Record<string, unknown>>,
    fields: FieldMap,
  ): Record<string, PlainValue> {
    const phones = partnerPhonesOf(this.client.dialect, record as OdooRecord);
    return { ...super.fromOdoo(record, fields), phone: phones.primary };
  }

  /** Partners without the bridge's key holding any of these numbers (E.164) in a phone field. */
  async readUnkeyedByPhones(e164s: readonly string[]): Promise<UnkeyedOwner[]> {
    if (e164s.length === 0) return [];
    const fields = await this.fieldMap();
    const records = await searchPartnersByPhone(this.client, e164s, this.odooFields());
    return records
      .filter((record) => !record.x_h23_key)
      .map((record) => {
        const phones = partnerPhonesOf(this.client.dialect, record);
        return {
          id: record.id,
          values: this.fromOdoo(record, fields),
          name: typeof record.name === 'string' ? record.name : '',
          phones: [...(phones.primary ? [phones.primary] : []), ...phones.others],
        };
      });
  }
}
