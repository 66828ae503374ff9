import type { PlainValue } from '../../rules/record-plan.js';
import { idsSetBy } from './commands.js';
import { OdooError } from './errors.js';
import { linkId } from './read-values.js';

/** What the bridge knows of a field from `fields_get`. */
export interface FieldInfo {
  type: string;
  string: string;
  relation?: string;
  required?: boolean;
  readonly?: boolean;
  selection?: Array<[string, string]>;
}

export type FieldMap = Readonly<Record<string, FieldInfo>>;

/** Odoo's UTC datetime text (`YYYY-MM-DD HH:MM:SS`) for a Date or such a text. */
export function toOdooDatetime(value: unknown): string | false {
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace('T', ' ');
  return typeof value === 'string' && value ? value : false;
}

/**
 * A value as read from Odoo, or as we would write it, in the plain form rules
 * compare: links as ids, sets as id lists, empty as null, datetimes as UTC text.
 */
export function toPlainValue(value: unknown, field: FieldInfo | undefined): PlainValue {
  if (value === undefined || value === null) return null;
  switch (field?.type) {
    case 'many2one':
      return linkId(value);
    case 'many2many':
    case 'one2many':
      return idsSetBy(value) ?? JSON.stringify(value);
    case 'boolean':
      return Boolean(value);
    case 'integer':
    case 'float':
    case 'monetary':
      return value === false ? 0 : Number(value);
    case 'datetime':
      return toOdooDatetime(value) || null;
    default:
      if (value === false || value === '') return null;
      return typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value);
  }
}

export interface LoadTable {
  columns: string[];
  data: string[][];
}

/**
 * Turns `create`-style values into the table `Model.load(fields, data)` takes:
 * every cell a string, links by database id through the `field/.id` column, and
 * the external ID in the `id` column. `load` creates a record and its external ID
 * in one transaction, which a `create` followed by an `ir.model.data` create cannot.
 * Datetimes must then be loaded with `tz: 'UTC'` in the context (load reads them in the user's zone).
 */
export function toLoadTable(
  model: string,
  rows: ReadonlyArray<{ xmlid: string; values: Readonly<Record<string, unknown>> }>,
  fields: FieldMap,
): LoadTable {
  return keyedTable(
    model,
    'id',
    rows.map((row) => [row.xmlid, row.values] as const),
    fields,
  );
}

/** Like {@link toLoadTable}, for updates: the database id in the `.id` column. */
export function toUpdateTable(
  model: string,
  rows: ReadonlyArray<{ id: number; values: Readonly<Record<string, unknown>> }>,
  fields: FieldMap,
): LoadTable {
  return keyedTable(
    model,
    '.id',
    rows.map((row) => [String(row.id), row.values] as const),
    fields,
  );
}

function keyedTable(
  model: string,
  keyColumn: 'id' | '.id',
  rows: ReadonlyArray<readonly [string, Readonly<Record<string, unknown>>]>,
  fields: FieldMap,
): LoadTable {
  const names = [...new Set(rows.flatMap(([, values]) => Object.keys(values)))].sort();
  const columns = [keyColumn, ...names.map((name) => (isLink(fields[name]) ? `${name}/.id` : name))];
  const data = rows.map(([key, values]) => [
    key,
    ...names.map((name) => toCell(model, name, values[name], fields[name])),
  ]);
  return { columns, data };
}

function isLink(field: FieldInfo | undefined): boolean {
  return field?.type === 'many2one' || field?.type === 'many2many';
}

function toCell(model: string, name: string, value: unknown, field: FieldInfo | undefined): string {
  if (!field) throw unsupported(model, name, 'no such field');
  if (value === undefined || value === null || value === false) return field.type === 'boolean' ? '0' : '';
  switch (field.type) {
    case 'many2one':
      return String(linkId(value) ?? '');
    case 'many2many': {
      const ids = idsSetBy(value);
      if (!ids) throw unsupported(model, name, 'only a list of ids or a single set command can be loaded');
      return ids.join(',');
    }
    case 'boolean':
      return value ? '1' : '0';
    case 'integer':
    case 'float':
    case 'monetary':
      return String(Number(value));
    case 'datetime':
      return String(toOdooDatetime(value) || '');
    case 'one2many':
    case 'properties':
    case 'properties_definition':
      throw unsupported(model, name, `${field.type} fields cannot be loaded`);
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

function unsupported(model: string, name: string, reason: string): OdooError {
  return new OdooError({
    code: 'protocol',
    message: `Cannot load ${model}.${name}: ${reason}`,
    model,
    method: 'load',
  });
}
