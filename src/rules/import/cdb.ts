import { ownerKey } from '../owner-key.js';
import { failureCode, type RowIssue, rowList } from './issues.js';
import { fingerprintOf, KeyCensus, type RowDecision } from './key-census.js';
import { columnLabel, type Layout } from './layout.js';
import {
  type CellValue,
  cellText,
  displayValue,
  normalizeEngineNumber,
  normalizeFrameNumber,
  normalizeName,
  normalizePhone,
  parseIndonesianDate,
} from './normalize.js';
import { dayNumber, NumberColumn } from './number-column.js';

/** The CDB (customer database) report: one row per unit with its owner. */
export type CdbField =
  | 'engineNumber'
  | 'frameNumber'
  | 'ownerName'
  | 'phone'
  | 'address'
  | 'city'
  | 'modelName'
  | 'color'
  | 'purchaseDate'
  | 'dealerCode';

export const CDB_REQUIRED: readonly (readonly CdbField[])[] = [['engineNumber'], ['purchaseDate']];

/** The owner as the report describes them, keyed for matching. */
export interface OwnerValues {
  /**
   * Stable identity: normalised phone and name (`+62812…|budi santoso`); without a
   * usable phone, the engine number and name. Never the name alone.
   */
  key: string;
  name: string;
  phone: string | null;
  street: string | null;
  city: string | null;
}

export interface UnitValues {
  engineNumber: string;
  frameNumber: string | null;
  modelName: string | null;
  color: string | null;
  purchaseDate: string;
  dealerCode: string | null;
  phoneInvalid: boolean;
  dataIncomplete: boolean;
}

export interface CdbRecord {
  row: number;
  unit: UnitValues;
  owner: OwnerValues | null;
  /** Same for two rows exactly when they say the same thing. */
  fingerprint: number;
}

export interface ParsedRow<R> {
  /** Null when the row cannot be imported (its errors are in `issues`). */
  record: R | null;
  issues: RowIssue[];
}

/** Purchases before this are data-entry errors, not motorcycles still under KPB. */
const EARLIEST_PURCHASE = '2000-01-01';

/** Reads one CDB row. `today` is the dealer's date: a later purchase date is impossible. */
export function parseCdbRow(
  row: number,
  cells: readonly CellValue[],
  layout: Layout<CdbField>,
  today: string,
): ParsedRow<CdbRecord> {
  const issues: RowIssue[] = [];
  const cell = (field: CdbField): CellValue => {
    const index = layout.columns[field];
    return index === undefined ? null : (cells[index] ?? null);
  };
  const located = (field: CdbField, issue: Omit<RowIssue, 'row' | 'column' | 'value'>): RowIssue => {
    const column = columnLabel(layout, field);
    const value = displayValue(cell(field), field === 'purchaseDate');
    return {
      row,
      ...(column ? { column } : {}),
      ...(value ? { value } : {}),
      ...issue,
    };
  };
  const text = (field: CdbField): string | null => {
    const value = cellText(cell(field)).replace(/\s+/g, ' ');
    return value && value !== '-' ? value : null;
  };

  const engine = normalizeEngineNumber(cell('engineNumber'));
  if (!engine.ok) {
    issues.push(located('engineNumber', { code: failureCode('engine', engine.reason), severity: 'error' }));
  }
  const purchase = parseIndonesianDate(cell('purchaseDate'));
  let purchaseDate: string | null = null;
  if (!purchase.ok) {
    issues.push(
      located('purchaseDate', { code: failureCode('purchase_date', purchase.reason), severity: 'error' }),
    );
  } else if (purchase.value > today) {
    issues.push(located('purchaseDate', { code: 'purchase_date_future', severity: 'error' }));
  } else if (purchase.value < EARLIEST_PURCHASE) {
    issues.push(located('purchaseDate', { code: 'purchase_date_too_old', severity: 'error' }));
  } else {
    purchaseDate = purchase.value;
  }

  const frame = normalizeFrameNumber(cell('frameNumber'));
  if (!frame.ok && frame.reason !== 'empty') {
    issues.push(located('frameNumber', { code: 'frame_malformed', severity: 'warning' }));
  }
  const phone = normalizePhone(cell('phone'));
  if (!phone.ok) {
    issues.push(located('phone', { code: failureCode('phone', phone.reason), severity: 'warning' }));
  }
  const name = normalizeName(cell('ownerName'));
  if (!name.ok) issues.push(located('ownerName', { code: 'owner_name_missing', severity: 'warning' }));

  if (!engine.ok || purchaseDate === null) return { record: null, issues };

  const street = text('address');
  const owner: OwnerValues | null = name.ok
    ? {
        key: ownerKey({
          phoneE164: phone.ok ? phone.value.e164 : null,
          nameKey: name.value.matchKey,
          engineNumber: engine.value,
        }),
        name: name.value.display,
        phone: phone.ok ? phone.value.e164 : null,
        street,
        city: text('city'),
      }
    : null;
  const unit: UnitValues = {
    engineNumber: engine.value,
    frameNumber: frame.ok ? frame.value : null,
    modelName: text('modelName'),
    color: text('color'),
    purchaseDate,
    dealerCode: text('dealerCode')?.toUpperCase() ?? null,
    phoneInvalid: !phone.ok || phone.value.kind !== 'mobile',
    dataIncomplete: !name.ok || !street || !frame.ok || !text('modelName'),
  };
  return { record: { row, unit, owner, fingerprint: rowFingerprint(unit, owner) }, issues };
}

function rowFingerprint(unit: UnitValues, owner: OwnerValues | null): number {
  return fingerprintOf([
    ...Object.values(unit),
    ...(owner ? [owner.key, owner.name, owner.phone, owner.street, owner.city] : []),
  ]);
}

export type { RowDecision };

/**
 * The whole-file facts a row cannot know alone, gathered in a first pass:
 * engine numbers that appear twice (same data: applied once; different data:
 * none applied, all flagged), and for each owner the row whose data wins (the
 * latest purchase, then the last row), so that re-importing a file writes
 * nothing however its rows are ordered. Kept in typed columns: 200,000 rows
 * cost their keys and a few megabytes.
 */
export class CdbCensus {
  private readonly engines = new KeyCensus();
  private readonly ownerIndex = new Map<string, number>();
  private readonly ownerRow = new NumberColumn();
  private readonly ownerDay = new NumberColumn();

  note(record: CdbRecord): void {
    this.engines.note(record.unit.engineNumber, record.fingerprint, record.row);
    if (record.owner) {
      const day = dayNumber(record.unit.purchaseDate);
      const at = this.ownerIndex.get(record.owner.key);
      if (at === undefined) {
        this.ownerIndex.set(record.owner.key, this.ownerRow.push(record.row));
        this.ownerDay.push(day);
      } else if (day >= this.ownerDay.get(at)) {
        this.ownerRow.set(at, record.row);
        this.ownerDay.set(at, day);
      }
    }
  }

  decide(record: CdbRecord): RowDecision {
    return this.engines.decide(record.unit.engineNumber, record.row);
  }

  /** Where the census keeps this engine number (0, 1, 2… in file order of first sight). */
  unitPosition(engineNumber: string): number | undefined {
    return this.engines.position(engineNumber);
  }

  /** The engine numbers in file order of first sight, with their rows and whether they conflict. */
  units(): ReturnType<KeyCensus['keys']> {
    return this.engines.keys();
  }

  /** Where the census keeps this owner key: with the row, says whether the row owns its data ({@link ownsOwnerDataAt}). */
  ownerPosition(key: string): number | undefined {
    return this.ownerIndex.get(key);
  }

  ownsOwnerDataAt(ownerPosition: number, row: number): boolean {
    return this.ownerRow.get(ownerPosition) === row;
  }

  /** Whether this row's owner data is the one to keep for its owner key. */
  ownsOwnerData(record: CdbRecord): boolean {
    if (!record.owner) return false;
    const at = this.ownerIndex.get(record.owner.key);
    return at !== undefined && this.ownerRow.get(at) === record.row;
  }
}

export function conflictIssue(record: CdbRecord, rows: readonly number[], column?: string): RowIssue {
  return conflictIssueAt(record.row, record.unit.engineNumber, rows, column);
}

/** {@link conflictIssue} of the row `row` of engine number `engineNumber`. */
export function conflictIssueAt(
  row: number,
  engineNumber: string,
  rows: readonly number[],
  column?: string,
): RowIssue {
  return {
    row,
    ...(column ? { column } : {}),
    value: engineNumber,
    code: 'duplicate_conflict',
    severity: 'error',
    detail: `lihat juga baris ${rowList(rows, row)}`,
  };
}
