import { failureCode, type RowIssue } from './issues.js';
import { columnLabel, type Layout } from './layout.js';
import {
  type CellValue,
  cellText,
  displayValue,
  normalizeEngineNumber,
  parseIndonesianDate,
  parseIndonesianNumber,
} from './normalize.js';
import { dayNumber, isoDateOf, NumberColumn } from './number-column.js';

/**
 * The A2 report: per-unit KPB history. Two layouts are seen: one row per unit
 * with a date column per KPB ("wide"), or one row per service with the KPB
 * number and its date ("long"). Both are read; the aggregate is the same.
 */
export type A2Field =
  | 'engineNumber'
  | 'kpb1Date'
  | 'kpb2Date'
  | 'kpb3Date'
  | 'kpb4Date'
  | 'kpbNumber'
  | 'serviceDate'
  | 'km';

export const A2_REQUIRED: readonly (readonly A2Field[])[] = [
  ['engineNumber'],
  ['kpb1Date', 'kpb2Date', 'kpb3Date', 'kpb4Date', 'serviceDate'],
];

export type KpbNumber = 1 | 2 | 3 | 4;
export const KPB_NUMBERS: readonly KpbNumber[] = [1, 2, 3, 4];

export interface KpbService {
  kpb: KpbNumber;
  date: string;
  /** Where the date was read, for messages. */
  column?: string;
}

export interface A2Record {
  row: number;
  engineNumber: string;
  engineColumn?: string;
  services: KpbService[];
  km: number | null;
}

const KPB_DATE_FIELDS: Readonly<Record<KpbNumber, A2Field>> = {
  1: 'kpb1Date',
  2: 'kpb2Date',
  3: 'kpb3Date',
  4: 'kpb4Date',
};

export function parseA2Row(
  row: number,
  cells: readonly CellValue[],
  layout: Layout<A2Field>,
  today: string,
): { record: A2Record | null; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const cell = (field: A2Field): CellValue => {
    const index = layout.columns[field];
    return index === undefined ? null : (cells[index] ?? null);
  };
  const located = (field: A2Field, code: RowIssue['code'], severity: RowIssue['severity']): RowIssue => {
    const column = columnLabel(layout, field);
    const value = displayValue(
      cell(field),
      field !== 'engineNumber' && field !== 'km' && field !== 'kpbNumber',
    );
    return { row, ...(column ? { column } : {}), ...(value ? { value } : {}), code, severity };
  };
  const readDate = (field: A2Field): string | null => {
    const parsed = parseIndonesianDate(cell(field));
    if (parsed.ok) {
      if (parsed.value > today) {
        issues.push(located(field, 'kpb_date_future', 'error'));
        return null;
      }
      return parsed.value;
    }
    if (parsed.reason === 'empty') return null;
    issues.push(located(field, failureCode('kpb_date', parsed.reason), 'error'));
    return null;
  };

  const engine = normalizeEngineNumber(cell('engineNumber'));
  if (!engine.ok) {
    issues.push(located('engineNumber', failureCode('engine', engine.reason), 'error'));
    return { record: null, issues };
  }
  const services: KpbService[] = [];
  for (const kpb of KPB_NUMBERS) {
    const field = KPB_DATE_FIELDS[kpb];
    if (layout.columns[field] === undefined) continue;
    const date = readDate(field);
    const column = columnLabel(layout, field);
    if (date) services.push({ kpb, date, ...(column ? { column } : {}) });
  }
  if (layout.columns.serviceDate !== undefined) {
    const date = readDate('serviceDate');
    const kpb = kpbNumberOf(cell('kpbNumber'));
    const column = columnLabel(layout, 'serviceDate');
    if (date && kpb) services.push({ kpb, date, ...(column ? { column } : {}) });
    else if (date && !kpb) issues.push(located('kpbNumber', 'kpb_number_invalid', 'error'));
  }
  let km: number | null = null;
  if (layout.columns.km !== undefined && cellText(cell('km'))) {
    const parsed = parseIndonesianNumber(cell('km'));
    if (parsed.ok && parsed.value >= 0) km = Math.round(parsed.value);
    else issues.push(located('km', 'km_unreadable', 'warning'));
  }
  const rejected = issues.some((issue) => issue.severity === 'error');
  if (services.length === 0 && !rejected) issues.push({ row, code: 'kpb_missing', severity: 'error' });
  if (services.length === 0) return { record: null, issues };
  const engineColumn = columnLabel(layout, 'engineNumber');
  return {
    record: { row, engineNumber: engine.value, ...(engineColumn ? { engineColumn } : {}), services, km },
    issues,
  };
}

/** `1`, `KPB 1`, `KPB1`, `Kpb-1`, `I` … `IV`. */
function kpbNumberOf(cell: CellValue): KpbNumber | null {
  const text = cellText(cell)
    .toUpperCase()
    .replace(/KPB|[\s\-.]/g, '');
  const roman: Readonly<Record<string, KpbNumber>> = { I: 1, II: 2, III: 3, IV: 4 };
  const value = roman[text] ?? Number(text);
  return value === 1 || value === 2 || value === 3 || value === 4 ? value : null;
}

/** Everything the A2 file says of one unit, gathered over its rows. */
export interface A2Unit {
  engineNumber: string;
  engineColumn?: string;
  rows: number[];
  /** Per KPB: the date and the rows and columns that gave it. */
  kpb: Map<KpbNumber, { date: string; rows: number[]; column?: string; conflict: boolean }>;
  km: number | null;
}

/**
 * Folds A2 rows into one entry per engine number. The whole file is folded
 * before anything is written (a KPB recorded twice with different dates must be
 * known before either is applied), so it is kept in typed columns: per engine
 * four dates, four rows, conflict bits and the odometer, a few dozen bytes.
 */
export class A2Aggregate {
  private readonly index = new Map<string, number>();
  private readonly days = new NumberColumn();
  private readonly rows = new NumberColumn();
  private readonly conflicts = new NumberColumn();
  /** Odometer + 1; 0 = not given. */
  private readonly km = new NumberColumn();
  /** Rows beyond the first per KPB (a KPB repeated), and rows that gave only an odometer: few. */
  private readonly extraRows = new Map<string, number[]>();
  private readonly columns = new Map<KpbNumber, string>();
  private engineColumn: string | undefined;

  get size(): number {
    return this.index.size;
  }

  add(record: A2Record): void {
    this.engineColumn ??= record.engineColumn;
    let at = this.index.get(record.engineNumber);
    if (at === undefined) {
      at = this.conflicts.push(0);
      this.km.push(0);
      for (let slot = 0; slot < 4; slot += 1) {
        this.days.push(0);
        this.rows.push(0);
      }
      this.index.set(record.engineNumber, at);
    }
    if (record.km !== null) this.km.set(at, Math.max(this.km.get(at), record.km + 1));
    for (const service of record.services) {
      if (service.column && !this.columns.has(service.kpb)) this.columns.set(service.kpb, service.column);
      const slot = at * 4 + service.kpb - 1;
      const day = dayNumber(service.date);
      if (this.rows.get(slot) === 0) {
        this.days.set(slot, day);
        this.rows.set(slot, record.row);
        continue;
      }
      // Pushed in place: copying the list per repeat was quadratic in a KPB repeated on 20,000 rows.
      const extra = this.extraRows.get(record.engineNumber);
      if (extra) extra.push(record.row);
      else this.extraRows.set(record.engineNumber, [record.row]);
      if (this.days.get(slot) !== day)
        this.conflicts.set(at, this.conflicts.get(at) | (1 << (service.kpb - 1)));
    }
  }

  /** The units, in the order first seen, as plain objects one at a time. */
  *units(): Generator<A2Unit> {
    for (const [engineNumber, at] of this.index) {
      const extra = this.extraRows.get(engineNumber) ?? [];
      const kpb: A2Unit['kpb'] = new Map();
      const rows = new Set<number>();
      for (const number of KPB_NUMBERS) {
        const slot = at * 4 + number - 1;
        const first = this.rows.get(slot);
        if (first === 0) continue;
        const conflict = (this.conflicts.get(at) & (1 << (number - 1))) !== 0;
        // A repeated KPB's other rows are in `extra`; for a conflict, they all share the blame.
        const kpbRows = conflict ? [first, ...extra] : [first];
        const column = this.columns.get(number);
        kpb.set(number, {
          date: isoDateOf(this.days.get(slot)),
          rows: kpbRows,
          ...(column ? { column } : {}),
          conflict,
        });
        rows.add(first);
      }
      for (const row of extra) rows.add(row);
      const km = this.km.get(at);
      yield {
        engineNumber,
        ...(this.engineColumn ? { engineColumn: this.engineColumn } : {}),
        rows: [...rows].sort((a, b) => a - b),
        kpb,
        km: km === 0 ? null : km - 1,
      };
    }
  }
}
