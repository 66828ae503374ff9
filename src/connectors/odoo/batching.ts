/** Splits a list into consecutive chunks of at most `size` items. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`Expected size to be an integer >= 1, got ${size}`);
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** JSON with sorted keys, so that equal values give equal strings whatever their key order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface RecordUpdate<V = Record<string, unknown>> {
  id: number;
  values: V;
}

export interface WriteGroup<V = Record<string, unknown>> {
  ids: number[];
  values: V;
  /** Positions in the input of the updates this group serves. */
  positions: number[];
}

/**
 * Groups updates that set identical values, so one `write(ids, values)` serves
 * them all. Groups keep the order in which their values first appear.
 */
export function groupWrites<V>(updates: readonly RecordUpdate<V>[]): WriteGroup<V>[] {
  const groups = new Map<string, WriteGroup<V>>();
  updates.forEach((update, position) => {
    const key = stableStringify(update.values);
    const group = groups.get(key);
    if (group) {
      if (!group.ids.includes(update.id)) group.ids.push(update.id);
      group.positions.push(position);
    } else {
      groups.set(key, { ids: [update.id], values: update.values, positions: [position] });
    }
  });
  return [...groups.values()];
}
