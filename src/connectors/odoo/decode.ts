import { z } from 'zod';
import { OdooError } from './errors.js';

/**
 * Zod decoders for Odoo's wire values. Odoo sends `false` for every empty
 * non-boolean field and `[id, display_name]` for many-to-one links; rules must
 * only ever see `null` and `{ id, name }`.
 */

/** An optional value of any type: Odoo's `false` becomes `null`. */
export function optional<T extends z.ZodType>(schema: T) {
  return z.union([z.literal(false), z.null(), schema]).transform((value) => (value === false ? null : value));
}

/** Char, text, html, selection: `false` or empty → `null`. */
export const text = z
  .union([z.literal(false), z.null(), z.string()])
  .transform((value) => (value === false || value === null || value === '' ? null : value));

export interface Link {
  id: number;
  name: string;
}

/** Many-to-one as read with the default `load`: `[id, name]` or `false`. */
export const many2one = z
  .union([z.literal(false), z.null(), z.tuple([z.number().int(), z.union([z.string(), z.literal(false)])])])
  .transform((value): Link | null => (Array.isArray(value) ? { id: value[0], name: value[1] || '' } : null));

/** Many-to-one read with `load: false` (or from `ir.model.data`): a bare id or `false`. */
export const many2oneId = z
  .union([z.literal(false), z.null(), z.number().int()])
  .transform((value) => (typeof value === 'number' && value > 0 ? value : null));

/** One2many / many2many: a list of ids. */
export const x2manyIds = z.array(z.number().int());

/** A date field: `YYYY-MM-DD` kept as a plain local date string (no time zone games). */
export const date = z
  .union([z.literal(false), z.null(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)])
  .transform((value) => (typeof value === 'string' ? value : null));

/** A datetime field: Odoo stores and sends UTC as `YYYY-MM-DD HH:MM:SS`. */
export const datetime = z
  .union([z.literal(false), z.null(), z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)])
  .transform((value) => (typeof value === 'string' ? new Date(`${value.replace(' ', 'T')}Z`) : null));

/** A number field where Odoo sends `0`, never `false`; tolerate `false` from computed fields. */
export const number = z
  .union([z.literal(false), z.number()])
  .transform((value) => (value === false ? 0 : value));

export const id = z.number().int().positive();

/** Decodes one record, or throws a protocol error naming the model, record and field. */
export function decodeRecord<S extends z.ZodType>(schema: S, raw: unknown, model: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new OdooError({ code: 'protocol', message: describeIssues(parsed.error, raw, model), model });
}

export interface DecodeFailure {
  recordId: number | undefined;
  message: string;
}

/** Decodes many records; a record that does not fit is reported, the others still come through. */
export function decodeRecords<S extends z.ZodType>(
  schema: S,
  rows: readonly unknown[],
  model: string,
): { records: z.output<S>[]; failures: DecodeFailure[] } {
  const records: z.output<S>[] = [];
  const failures: DecodeFailure[] = [];
  for (const raw of rows) {
    const parsed = schema.safeParse(raw);
    if (parsed.success) records.push(parsed.data);
    else failures.push({ recordId: recordIdOf(raw), message: describeIssues(parsed.error, raw, model) });
  }
  return { records, failures };
}

function recordIdOf(raw: unknown): number | undefined {
  const value = (raw as { id?: unknown } | null)?.id;
  return typeof value === 'number' ? value : undefined;
}

function describeIssues(error: z.ZodError, raw: unknown, model: string): string {
  const where = `${model}${recordIdOf(raw) === undefined ? '' : `(${recordIdOf(raw)})`}`;
  const issues = error.issues.map((issue) => {
    const path = issue.path.join('.');
    const value = issue.path.reduce<unknown>(
      (node, key) =>
        node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined,
      raw,
    );
    return `field "${path}": ${issue.message}, got ${JSON.stringify(value) ?? 'nothing'}`;
  });
  return `Unexpected value from Odoo in ${where}: ${issues.join('; ')}`;
}
