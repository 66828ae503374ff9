import type { CurrentRecord, PlainValue, RecordAction } from '../record-plan.js';
import { planRecords } from '../record-plan.js';
import type { ParsedRow } from './cdb.js';
import { failureCode, type RowIssue, rowList } from './issues.js';
import { fingerprintOf } from './key-census.js';
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

/**
 * Paper pre-work-orders (Pra WO): workshops without a tablet write the WOR on
 * paper and an admin types a batch into a spreadsheet. Each row becomes a WOR
 * (source `paper`) that the reconciliation then matches against units and
 * owners. A WOR the reconciliation can still use goes in with a warning (a
 * malformed engine number goes to the admin's review there); only a row with
 * no engine number, no carrier or no possible visit date is refused.
 */

export type WorField =
  | 'woNumber'
  | 'visitDate'
  | 'dealerCode'
  | 'engineNumber'
  | 'carrierName'
  | 'carrierPhone'
  | 'carrierAddress'
  | 'frameNumber'
  | 'modelName'
  | 'serviceType'
  | 'advisor';

export const WOR_REQUIRED: readonly (readonly WorField[])[] = [
  ['engineNumber'],
  ['visitDate'],
  ['carrierName'],
];

export type ServiceType = 'kpb1' | 'kpb2' | 'kpb3' | 'kpb4' | 'regular';

const ROMAN: Readonly<Record<string, number>> = { i: 1, ii: 2, iii: 3, iv: 4 };
const REGULAR = new Set(['reguler', 'regular', 'reg', 'rutin']);

/**
 * What admins write in the service-type column: `KPB 1`, `KPB1`, `KPB-1`,
 * `KPB ke-1`, `KPB I`, `1`, `Reguler`, `Servis Reguler`, `Regular`. Null when
 * the cell is empty; `unknown` when it says something else.
 */
export function parseServiceType(cell: CellValue | undefined): ServiceType | null | 'unknown' {
  const compact = cellText(cell)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
    .replace(/^(servis|service)/, '');
  if (!compact || compact === '-') return null;
  if (REGULAR.has(compact)) return 'regular';
  const numbered = /^(?:kpb)?(?:ke)?([1-4])$/.exec(compact);
  if (numbered) return `kpb${numbered[1]}` as ServiceType;
  const roman = /^kpb(?:ke)?(iv|iii|ii|i)$/.exec(compact);
  if (roman) return `kpb${ROMAN[roman[1] ?? '']}` as ServiceType;
  return 'unknown';
}

export interface PraWoValues {
  /** As typed, upper case and single-spaced; null when the admin left it out. */
  woNumber: string | null;
  visitDate: string;
  /** The row's dealer code, or the one given for the whole file. */
  dealerCode: string | null;
  /** Normalised, or, when malformed, the text as typed (upper case) for the admin's review. */
  engineNumber: string;
  carrierName: string;
  /** E.164 when valid, else the text as typed. */
  carrierPhone: string | null;
  carrierAddress: string | null;
  frameNumber: string | null;
  modelName: string | null;
  serviceType: ServiceType | null;
  /** The service advisor (SA) who took the unit in; absent without the column (older fingerprints stay). */
  advisor?: string;
}

export interface PraWoRecord {
  row: number;
  /** The WOR's stable key in Odoo (`WOR.f.sourceRef`), see `praWoSourceRef`. */
  key: string;
  /** The WOR's name: its WO number, or `PRA-<date>-<engine>`. */
  name: string;
  values: PraWoValues;
  /** Same for two rows exactly when they say the same thing. */
  fingerprint: number;
}

/**
 * The key of a paper WOR: its WO number within its branch (WO numbers restart
 * per workshop), or, without one, branch, visit date and engine number.
 */
export function praWoSourceRef(values: PraWoValues): string {
  const branch = values.dealerCode ?? 'none';
  return values.woNumber
    ? `pra-wo:${branch}:${values.woNumber}`
    : `pra-wo:${branch}:${values.visitDate}:${values.engineNumber}`;
}

export function praWoName(values: PraWoValues): string {
  return values.woNumber ?? `PRA-${values.visitDate}-${values.engineNumber}`;
}

/**
 * Reads one Pra WO row. `today` is the dealer's date: a later visit is
 * impossible. `defaultDealerCode` (the `--branch` option) places rows that name
 * no dealer code.
 */
export function parsePraWoRow(
  row: number,
  cells: readonly CellValue[],
  layout: Layout<WorField>,
  today: string,
  defaultDealerCode: string | null = null,
): ParsedRow<PraWoRecord> {
  const issues: RowIssue[] = [];
  const cell = (field: WorField): CellValue => {
    const index = layout.columns[field];
    return index === undefined ? null : (cells[index] ?? null);
  };
  const located = (field: WorField, issue: Omit<RowIssue, 'row' | 'column' | 'value'>): RowIssue => {
    const column = columnLabel(layout, field);
    const value = displayValue(cell(field), field === 'visitDate');
    return { row, ...(column ? { column } : {}), ...(value ? { value } : {}), ...issue };
  };
  const text = (field: WorField): string | null => {
    const value = cellText(cell(field)).replace(/\s+/g, ' ');
    return value && value !== '-' ? value : null;
  };

  const engine = normalizeEngineNumber(cell('engineNumber'));
  let engineNumber: string | null = engine.ok ? engine.value : null;
  if (!engine.ok) {
    const code = failureCode('wor_engine', engine.reason);
    if (engine.reason === 'empty') issues.push(located('engineNumber', { code, severity: 'error' }));
    else {
      // The reconciliation sends a WOR with a malformed engine number to the admin's review.
      engineNumber = cellText(cell('engineNumber')).toUpperCase();
      issues.push(located('engineNumber', { code, severity: 'warning' }));
    }
  }

  const visit = parseIndonesianDate(cell('visitDate'));
  let visitDate: string | null = null;
  if (!visit.ok) {
    issues.push(located('visitDate', { code: failureCode('visit_date', visit.reason), severity: 'error' }));
  } else if (visit.value > today) {
    issues.push(located('visitDate', { code: 'visit_date_future', severity: 'error' }));
  } else {
    visitDate = visit.value;
  }

  const name = normalizeName(cell('carrierName'));
  if (!name.ok) issues.push(located('carrierName', { code: 'carrier_name_missing', severity: 'error' }));

  let carrierPhone: string | null = null;
  const phone = normalizePhone(cell('carrierPhone'));
  if (phone.ok) carrierPhone = phone.value.e164;
  else if (phone.reason !== 'empty') {
    carrierPhone = text('carrierPhone');
    issues.push(
      located('carrierPhone', { code: failureCode('carrier_phone', phone.reason), severity: 'warning' }),
    );
  }

  const frame = normalizeFrameNumber(cell('frameNumber'));
  if (!frame.ok && frame.reason !== 'empty') {
    issues.push(located('frameNumber', { code: 'frame_malformed', severity: 'warning' }));
  }

  const serviceType = parseServiceType(cell('serviceType'));
  if (serviceType === 'unknown') {
    issues.push(located('serviceType', { code: 'service_type_unknown', severity: 'warning' }));
  }

  if (engineNumber === null || visitDate === null || !name.ok) return { record: null, issues };

  const values: PraWoValues = {
    woNumber: text('woNumber')?.toUpperCase() ?? null,
    visitDate,
    dealerCode: text('dealerCode')?.toUpperCase() ?? defaultDealerCode,
    engineNumber,
    carrierName: name.value.display,
    carrierPhone,
    carrierAddress: text('carrierAddress'),
    frameNumber: frame.ok ? frame.value : null,
    modelName: text('modelName'),
    serviceType: serviceType === 'unknown' ? null : serviceType,
  };
  const advisor = text('advisor');
  if (advisor) values.advisor = advisor.replace(/\s+/g, ' ');
  return {
    record: {
      row,
      key: praWoSourceRef(values),
      name: praWoName(values),
      values,
      fingerprint: fingerprintOf(Object.values(values)),
    },
    issues,
  };
}

/** A row whose key another row of the file holds with different data: none of them goes in. */
export function praWoConflictIssue(record: PraWoRecord, rows: readonly number[], column?: string): RowIssue {
  return {
    row: record.row,
    ...(column ? { column } : {}),
    value: record.values.woNumber ?? `${record.values.visitDate} ${record.values.engineNumber}`,
    code: 'wo_duplicate_conflict',
    severity: 'error',
    detail: `lihat juga baris ${rowList(rows, record.row)}`,
  };
}

type Values = Record<string, PlainValue>;

/**
 * The WOR values a row asks for, in the bridge's field names. An empty cell
 * never erases what Odoo holds, and nothing the reconciliation owns (state,
 * resolution, review, links) is named here, so it is never touched.
 */
export function desiredPraWo(record: PraWoRecord, branchByDealerCode: ReadonlyMap<string, number>): Values {
  const { values } = record;
  const desired: Record<string, PlainValue | undefined> = {
    name: record.name,
    source: 'paper',
    visitDate: values.visitDate,
    branch: values.dealerCode ? branchByDealerCode.get(values.dealerCode) : undefined,
    engineNumber: values.engineNumber,
    carrierName: values.carrierName,
    carrierPhone: values.carrierPhone,
    carrierAddress: values.carrierAddress,
    frameNumber: values.frameNumber,
    modelName: values.modelName,
    serviceType: values.serviceType,
    advisor: values.advisor,
  };
  const kept: Values = {};
  for (const [field, value] of Object.entries(desired)) {
    if (value !== null && value !== undefined && value !== '') kept[field] = value;
  }
  return kept;
}

export interface PraWoPlan {
  /** One per record, in order. */
  actions: RecordAction[];
  /** Warnings: dealer codes no branch in Odoo carries. */
  issues: RowIssue[];
}

/** Pra WO rows against the WORs Odoo holds under their keys → the writes to make. */
export function planPraWos(
  records: readonly PraWoRecord[],
  current: ReadonlyMap<string, CurrentRecord>,
  branchByDealerCode: ReadonlyMap<string, number>,
  dealerCodeColumn?: string,
): PraWoPlan {
  const issues: RowIssue[] = [];
  for (const record of records) {
    const code = record.values.dealerCode;
    if (code && !branchByDealerCode.has(code)) {
      issues.push({
        row: record.row,
        ...(dealerCodeColumn ? { column: dealerCodeColumn } : {}),
        value: code,
        code: 'dealer_code_unknown',
        severity: 'warning',
      });
    }
  }
  const actions = planRecords(
    records.map((record) => ({ key: record.key, values: desiredPraWo(record, branchByDealerCode) })),
    current,
  );
  return { actions, issues };
}
