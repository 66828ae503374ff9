/**
 * Builders for Odoo's x2many write commands (odoo.fields.Command, stable since
 * Odoo 8): `[code, id, values]` triplets in `create` and `write` values.
 */
export type X2ManyCommand =
  | readonly [0, 0, Record<string, unknown>]
  | readonly [1, number, Record<string, unknown>]
  | readonly [2, number, 0]
  | readonly [3, number, 0]
  | readonly [4, number, 0]
  | readonly [5, 0, 0]
  | readonly [6, 0, readonly number[]];

export const x2many = {
  /** Create a new related record from values. */
  create: (values: Record<string, unknown>): X2ManyCommand => [0, 0, values],
  /** Update the related record `id` with values. */
  update: (id: number, values: Record<string, unknown>): X2ManyCommand => [1, id, values],
  /** Remove the link and delete the related record. */
  delete: (id: number): X2ManyCommand => [2, id, 0],
  /** Remove the link, keep the record. */
  unlink: (id: number): X2ManyCommand => [3, id, 0],
  /** Add a link to an existing record. */
  link: (id: number): X2ManyCommand => [4, id, 0],
  /** Remove every link. */
  clear: (): X2ManyCommand => [5, 0, 0],
  /** Replace all links by exactly these ids. */
  set: (ids: readonly number[]): X2ManyCommand => [6, 0, [...ids]],
} as const;

/** The ids a `set` command leaves, or undefined when the commands are not a plain replacement. */
export function idsSetBy(value: unknown): number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  if (value.every((item) => typeof item === 'number')) return value as number[];
  if (value.length === 1 && Array.isArray(value[0]) && value[0][0] === 6 && Array.isArray(value[0][2])) {
    return value[0][2] as number[];
  }
  if (value.length === 1 && Array.isArray(value[0]) && value[0][0] === 5) return [];
  return undefined;
}
