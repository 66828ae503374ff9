/** Plain values out of what `search_read` answers: `false` for empty, `[id, name]` or an id for a link. */

export function linkId(value: unknown): number | null {
  if (Array.isArray(value)) return typeof value[0] === 'number' ? value[0] : null;
  return typeof value === 'number' && value > 0 ? value : null;
}

export function linkName(value: unknown): string | null {
  return Array.isArray(value) && value.length > 1 ? String(value[1]) : null;
}

export function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}
