import type { CellValue } from './normalize.js';
import { cellText } from './normalize.js';

/**
 * Where each value sits in a report. The portal's layout is not fixed, so
 * columns are found by their header text (any of several aliases) rather than
 * by position, and the header row is found among the first rows: exports often
 * start with a title and a period line.
 */

export type ColumnAliases<Field extends string> = Readonly<Record<Field, readonly string[]>>;

export interface Layout<Field extends string> {
  /** 1-based row number of the header in the file. */
  headerRow: number;
  /** Column index (0-based) of each field found. */
  columns: Partial<Record<Field, number>>;
  /** The header text as written in the file, by column index, for error messages. */
  headers: readonly string[];
}

export type LayoutResult<Field extends string> =
  | { ok: true; layout: Layout<Field> }
  | { ok: false; missing: Field[]; bestRow: number | null; seenHeaders: string[] };

/** `No. Mesin`, `NO_MESIN` and `nomesin` are one header. */
export function headerKey(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]/g, '');
}

/** How many rows from the top may hold titles before the header. */
export const HEADER_SEARCH_ROWS = 25;

/**
 * Finds the header row: the first of `rows` that names every required field,
 * or reports the fields missing from the row that came closest.
 */
export function locateLayout<Field extends string>(
  rows: ReadonlyArray<{ row: number; cells: readonly CellValue[] }>,
  aliases: ColumnAliases<Field>,
  required: readonly (readonly Field[])[],
): LayoutResult<Field> {
  const lookup = new Map<string, Field>();
  for (const [field, names] of Object.entries(aliases) as [Field, readonly string[]][]) {
    for (const name of names) lookup.set(headerKey(name), field);
  }
  let best: { row: number; missing: Field[]; headers: string[] } | null = null;
  for (const { row, cells } of rows.slice(0, HEADER_SEARCH_ROWS)) {
    const headers = cells.map((cell) => cellText(cell));
    const columns: Partial<Record<Field, number>> = {};
    headers.forEach((header, index) => {
      const field = lookup.get(headerKey(header));
      if (field !== undefined && columns[field] === undefined) columns[field] = index;
    });
    const found = Object.keys(columns).length;
    if (found === 0) continue;
    const missing = missingFields(columns, required);
    if (missing.length === 0) return { ok: true, layout: { headerRow: row, columns, headers } };
    if (!best || missing.length < best.missing.length) best = { row, missing, headers };
  }
  return best
    ? { ok: false, missing: best.missing, bestRow: best.row, seenHeaders: best.headers.filter(Boolean) }
    : { ok: false, missing: required.map((group) => group[0] as Field), bestRow: null, seenHeaders: [] };
}

/** Each inner list of `required` is one requirement, met by any of its fields; a miss names the first. */
function missingFields<Field extends string>(
  columns: Partial<Record<Field, number>>,
  required: readonly (readonly Field[])[],
): Field[] {
  return required.flatMap((anyOf) =>
    anyOf.some((field) => columns[field] !== undefined) ? [] : [anyOf[0] as Field],
  );
}

/** `A`, `B`, …, `Z`, `AA`: how spreadsheet users name a column. */
export function columnLetter(index: number): string {
  let letters = '';
  let rest = index + 1;
  while (rest > 0) {
    const digit = (rest - 1) % 26;
    letters = String.fromCharCode(65 + digit) + letters;
    rest = Math.floor((rest - 1) / 26);
  }
  return letters;
}

/** `No HP (F)`: the header as written and the column letter, to find a value in Excel. */
export function columnLabel<Field extends string>(layout: Layout<Field>, field: Field): string | undefined {
  const index = layout.columns[field];
  return index === undefined ? undefined : `${layout.headers[index] || field} (${columnLetter(index)})`;
}
