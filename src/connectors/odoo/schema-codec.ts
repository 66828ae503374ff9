import type { OdooFieldSpec, OdooFieldType, Schema } from '../../module/model-spec.js';
import type { OdooRecord } from './client.js';
import { idsSetBy, type X2ManyCommand, x2many } from './commands.js';
import { type FieldMap, toOdooDatetime } from './field-values.js';
import { linkId } from './read-values.js';

/**
 * Between an Odoo record and the bridge's own shape, driven by a model's
 * schema (`src/module/models.ts`, `odoo-models.ts`): stores ask for fields by
 * key (`engineNumber`) and get typed values back; Odoo's names stay in the
 * schema.
 */

/** The bridge's value for a field type: links as ids, sets as id lists, empty as null. */
export type ValueOf<T extends OdooFieldType> = T extends 'many2one'
  ? number | null
  : T extends 'many2many' | 'one2many'
    ? number[]
    : T extends 'boolean'
      ? boolean
      : T extends 'integer' | 'float' | 'monetary'
        ? number
        : string | null;

export type FieldKey<S extends Schema> = keyof S['fields'] & string;

/** A record read with these fields (all of the schema's by default). */
export type RecordOf<S extends Schema, K extends FieldKey<S> = FieldKey<S>> = { id: number } & {
  -readonly [P in K]: ValueOf<S['fields'][P]['type']>;
};

/** A value to write: as read, or for a set x2many commands (`x2many.link(id)`) besides plain ids. */
export type WriteValueOf<T extends OdooFieldType> = T extends 'many2many' | 'one2many'
  ? number[] | X2ManyCommand[]
  : ValueOf<T>;

/** Values to write: any of the schema's fields. */
export type ValuesOf<S extends Schema> = {
  -readonly [P in FieldKey<S>]?: WriteValueOf<S['fields'][P]['type']>;
};

function specOf<S extends Schema>(schema: S, key: string): S['fields'][string] {
  const spec = schema.fields[key];
  if (!spec) throw new Error(`${schema.model} has no field ${key} in its schema`);
  return spec as S['fields'][string];
}

/** Odoo's names of these fields, for `search_read`'s field list. */
export function fieldNames<S extends Schema, K extends FieldKey<S>>(schema: S, keys: readonly K[]): string[] {
  return keys.map((key) => specOf(schema, key).name);
}

/** Odoo's names of every field in the schema. */
export function allFieldNames(schema: Schema): string[] {
  return Object.values(schema.fields).map((field) => field.name);
}

/** One value as read from Odoo, as the bridge holds it. */
export function decodeValue(type: OdooFieldType, value: unknown): unknown {
  switch (type) {
    case 'many2one':
      return linkId(value);
    case 'many2many':
    case 'one2many':
      return idsSetBy(value) ?? [];
    case 'boolean':
      return value === true;
    case 'integer':
    case 'float':
    case 'monetary':
      return typeof value === 'number' ? value : 0;
    case 'datetime':
      return toOdooDatetime(value) || null;
    default:
      return typeof value === 'string' && value !== '' ? value : null;
  }
}

/** A record read with `fieldNames(schema, keys)`, keyed the bridge's way. */
export function decodeRecord<S extends Schema, K extends FieldKey<S>>(
  schema: S,
  keys: readonly K[],
  record: Readonly<OdooRecord>,
): RecordOf<S, K> {
  const decoded: Record<string, unknown> = { id: record.id };
  for (const key of keys) {
    const spec = specOf(schema, key);
    decoded[key] = decodeValue(spec.type, record[spec.name]);
  }
  return decoded as RecordOf<S, K>;
}

/** Values for `create`/`write`: empty as `false`, id lists as a replace command. */
export function encodeValues<S extends Schema>(schema: S, values: ValuesOf<S>): Record<string, unknown> {
  const encoded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const spec = specOf(schema, key);
    if (spec.type === 'many2many' || spec.type === 'one2many') {
      // Plain ids replace the set; x2many commands (see commands.ts) pass as given.
      const list = Array.isArray(value) ? (value as unknown[]) : [];
      encoded[spec.name] = list.every((item) => typeof item === 'number')
        ? [x2many.set(list as number[])]
        : list;
    } else {
      encoded[spec.name] = value ?? false;
    }
  }
  return encoded;
}

/** A dotted path through links (`x_unit_id.x_partner_id`), for domains and `depends`. */
export function fieldPath(...names: readonly string[]): string {
  return names.join('.');
}

/** A schema with more fields (Odoo's log access columns, say), for reading what the model declares nowhere. */
export function withFields<S extends Schema, const E extends Readonly<Record<string, OdooFieldSpec>>>(
  schema: S,
  extra: E,
): Schema<S['fields'] & E> {
  const fields = { ...schema.fields, ...extra } as S['fields'] & E;
  const f = Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, field.name]));
  return { model: schema.model, fields, f: f as Schema<S['fields'] & E>['f'] };
}

/** What `fields_get` would say of the schema's fields, for `load` tables: no call needed. */
export function fieldInfoOf(schema: Schema): FieldMap {
  return Object.fromEntries(
    Object.values(schema.fields).map((field) => [
      field.name,
      { type: field.type, string: field.name, ...(field.relation ? { relation: field.relation } : {}) },
    ]),
  );
}
