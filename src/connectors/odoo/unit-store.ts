import type { Schema } from '../../module/model-spec.js';
import { BRANCH, UNIT } from '../../module/models.js';
import { PARTNER } from '../../module/odoo-models.js';
import { dealerCodeKey } from '../../rules/dealer-code.js';
import type { CurrentRecord, PlainValue } from '../../rules/record-plan.js';
import type { ItemOutcome, OdooClient, OdooRecord } from './client.js';
import type { FieldMap } from './field-values.js';
import { loadUpdates, plainValues } from './keyed-records.js';
import { partnerPhonesOf, partnerPhoneValues, searchPartnersByPhone } from './partner-phones.js';
import { decodeRecord, type FieldKey, fieldNames } from './schema-codec.js';

/**
 * Units (`UNIT`) and their owners (`res.partner`) as the import sees
 * them: read by their stable keys (engine number; the owner key), written in
 * one call per chunk. Values are keyed by the schema's field keys
 * (`engineNumber`, `partnerId`…); Odoo's names come from the schema.
 */

/** What the import reads and writes of a unit. */
const UNIT_KEYS = [
  'engineNumber',
  'frameNumber',
  'modelName',
  'color',
  'purchaseDate',
  'branch',
  'dealerCode',
  'partnerId',
  'phoneInvalid',
  'dataIncomplete',
  'notInCdb',
  'cdbOwnerKey',
  'ownerConfirmed',
  'kpb1Date',
  'kpb2Date',
  'kpb3Date',
  'kpb4Date',
  'lastKm',
  'importHash',
  'ownerHash',
] as const satisfies ReadonlyArray<FieldKey<typeof UNIT>>;

/** What a CDB import reads of a unit first: its fingerprints, and what the summary and they need besides. */
const STAMP_KEYS = [
  'engineNumber',
  'importHash',
  'ownerHash',
  'branch',
  'partnerId',
] as const satisfies ReadonlyArray<FieldKey<typeof UNIT>>;

/**
 * A unit as a CDB import first sees it: the fingerprints the last import wrote (Odoo empties
 * them when anyone changes what they stand for, see `UNIT.fields.importHash`), its branch and
 * its owner.
 */
export interface UnitStamp {
  id: number;
  importHash: string | null;
  ownerHash: string | null;
  branch: number | null;
  partnerId: number | null;
}

/** `phone` is read from and written to the dialect's phone fields (see partner-phones). */
const OWNER_KEYS = ['key', 'name', 'street', 'city'] as const satisfies ReadonlyArray<
  FieldKey<typeof PARTNER>
>;

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

function outcomesToWritten(outcomes: readonly ItemOutcome[], keys: readonly string[]): Written[] {
  return outcomes.map((outcome) => {
    const key = keys[outcome.index] ?? '';
    if (outcome.error) return { key, error: outcome.error.message };
    return outcome.id === undefined ? { key } : { key, id: outcome.id };
  });
}

/**
 * Records of one model kept by a stable key field, with the values of `keys`
 * in plain form (see `toPlainValue`) keyed by the schema's keys.
 */
export class KeyedStore<S extends Schema = Schema> {
  private fields: FieldMap | null = null;

  constructor(
    protected readonly client: OdooClient,
    protected readonly schema: S,
    private readonly keys: ReadonlyArray<FieldKey<S>>,
    protected readonly keyField: FieldKey<S>,
  ) {}

  protected get model(): string {
    return this.schema.model;
  }

  /** Odoo fields read for a record: the keys', and any a subclass decodes itself. */
  protected odooFields(): string[] {
    return fieldNames(this.schema, this.keys);
  }

  protected toOdoo(values: Readonly<Record<string, PlainValue>>): Record<string, unknown> {
    const odoo: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
      if (!this.keys.includes(key)) throw new Error(`No Odoo field for ${key}`);
      odoo[this.schema.f[key] as string] = value ?? false;
    }
    return odoo;
  }

  protected fromOdoo(
    record: Readonly<Record<string, unknown>>,
    fields: FieldMap,
  ): Record<string, PlainValue> {
    const names = this.keys.map((key) => this.schema.f[key] as string);
    const plain = plainValues(Object.fromEntries(names.map((name) => [name, record[name]])), fields);
    return Object.fromEntries(this.keys.map((key, at) => [key, plain[names[at] as string] ?? null]));
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
    // Links as bare ids (`load: null`): Odoo then computes no display names.
    const records = await this.client.searchRead(
      this.model,
      [[this.schema.f[this.keyField] as string, 'in', [...keys]]],
      this.odooFields(),
      { context: { active_test: false }, order: 'id', idsOnly: true },
    );
    for (const record of records) {
      const values = this.fromOdoo(record, fields);
      const key = values[this.keyField];
      // The oldest record wins should a key ever have been doubled by hand.
      if (typeof key === 'string' && !found.has(key)) found.set(key, { id: record.id, values });
    }
    return found;
  }

  /**
   * One `create` per chunk; a refused row is isolated (bisection) and reported with Odoo's
   * message. A chunk whose reply was lost is looked up by the key field before it is sent again.
   */
  async create(rows: ReadonlyArray<{ key: string; values: Record<string, PlainValue> }>): Promise<Written[]> {
    if (rows.length === 0) return [];
    const outcomes = await this.client.create(
      this.model,
      rows.map((row) => this.toOdoo({ ...row.values, [this.keyField]: row.key })),
      { chunkSize: rows.length, context: BULK_CONTEXT, key: this.schema.f[this.keyField] as string },
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

export class UnitStore extends KeyedStore<typeof UNIT> {
  constructor(client: OdooClient) {
    super(client, UNIT, UNIT_KEYS, 'engineNumber');
  }

  branchesByDealerCode(): Promise<Map<string, number>> {
    return readBranchesByDealerCode(this.client);
  }

  /** The stamps of the units behind these engine numbers, in one `search_read` of five small fields. */
  async readStamps(keys: readonly string[]): Promise<Map<string, UnitStamp>> {
    const found = new Map<string, UnitStamp>();
    if (keys.length === 0) return found;
    const records = await this.client.searchRead(
      UNIT.model,
      [[UNIT.f.engineNumber, 'in', [...keys]]],
      fieldNames(UNIT, STAMP_KEYS),
      { context: { active_test: false }, order: 'id', idsOnly: true },
    );
    for (const record of records) {
      const { engineNumber, ...stamp } = decodeRecord(UNIT, STAMP_KEYS, record);
      // The oldest unit wins, as in readByKeys.
      if (engineNumber !== null && !found.has(engineNumber)) found.set(engineNumber, stamp);
    }
    return found;
  }
}

/** Branch ids by dealer code (upper case), to place units and WORs in their branch. */
export async function readBranchesByDealerCode(client: OdooClient): Promise<Map<string, number>> {
  const branches = await client.searchRead(
    BRANCH.model,
    [[BRANCH.f.dealerCode, '!=', false]],
    [BRANCH.f.dealerCode],
  );
  return new Map(
    branches.flatMap((branch) => {
      const code = dealerCodeKey(branch[BRANCH.f.dealerCode]);
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

export class OwnerStore extends KeyedStore<typeof PARTNER> {
  constructor(client: OdooClient) {
    super(client, PARTNER, OWNER_KEYS, 'key');
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
      .filter((record) => !record[PARTNER.f.key])
      .map((record) => {
        const phones = partnerPhonesOf(this.client.dialect, record);
        const name = record[PARTNER.f.name];
        return {
          id: record.id,
          values: this.fromOdoo(record, fields),
          name: typeof name === 'string' ? name : '',
          phones: [...(phones.primary ? [phones.primary] : []), ...phones.others],
        };
      });
  }
}
