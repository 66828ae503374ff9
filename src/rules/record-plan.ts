/**
 * Declared vs installed → plan. Values are plain and already normalised by the
 * reader (links as ids, sets as id lists, empty as null), so this rule knows no
 * Odoo model and no wire format: it only decides create, update or leave alone.
 */

export type PlainValue = string | number | boolean | null | readonly number[];

export interface DesiredRecord {
  /** The stable key: an external ID or a unique business key. */
  key: string;
  values: Readonly<Record<string, PlainValue>>;
}

export interface CurrentRecord {
  id: number;
  values: Readonly<Record<string, PlainValue>>;
}

export type RecordAction =
  | { action: 'create'; key: string; values: Record<string, PlainValue> }
  | {
      action: 'update';
      key: string;
      id: number;
      values: Record<string, PlainValue>;
      before: Record<string, PlainValue>;
    }
  | { action: 'unchanged'; key: string; id: number };

const FLOAT_TOLERANCE = 1e-9;

function isEmpty(value: PlainValue | undefined): boolean {
  return (
    value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

/** Equal as Odoo sees it: empty is empty whatever its spelling, sets ignore order, floats ignore rounding noise. */
export function samePlainValue(a: PlainValue | undefined, b: PlainValue | undefined): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean') return Boolean(a) === Boolean(b);
  if (isEmpty(a) || isEmpty(b)) return isEmpty(a) && isEmpty(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    const left = new Set(a);
    return left.size === new Set(b).size && b.every((item) => left.has(item));
  }
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < FLOAT_TOLERANCE;
  return a === b;
}

export function planRecords(
  desired: readonly DesiredRecord[],
  current: ReadonlyMap<string, CurrentRecord>,
): RecordAction[] {
  return desired.map((record): RecordAction => {
    const existing = current.get(record.key);
    if (!existing) return { action: 'create', key: record.key, values: { ...record.values } };
    const values: Record<string, PlainValue> = {};
    const before: Record<string, PlainValue> = {};
    for (const [field, value] of Object.entries(record.values)) {
      if (samePlainValue(existing.values[field], value)) continue;
      values[field] = value;
      before[field] = existing.values[field] ?? null;
    }
    return Object.keys(values).length === 0
      ? { action: 'unchanged', key: record.key, id: existing.id }
      : { action: 'update', key: record.key, id: existing.id, values, before };
  });
}

export interface PlanCounts {
  create: number;
  update: number;
  unchanged: number;
}

export function countActions(actions: readonly RecordAction[]): PlanCounts {
  const counts: PlanCounts = { create: 0, update: 0, unchanged: 0 };
  for (const action of actions) counts[action.action] += 1;
  return counts;
}
