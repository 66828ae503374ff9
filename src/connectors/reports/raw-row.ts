import type { CellValue } from '../../rules/import/normalize.js';

/** A row as a reader gives it: its number in the file (1-based) and its cells. */
export interface RawRow {
  row: number;
  cells: CellValue[];
}
