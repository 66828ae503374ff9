/**
 * Data quality (SPEC DB-3): how many customer records each branch holds, how
 * many of them can be followed up (a WhatsApp-able mobile, a full address, a
 * purchase date to schedule KPBs from), and how the day's workshop registrations
 * (WOR) were settled. Pure arithmetic over counts the connector read.
 */

/** What the connector counts per branch; every count is a number of records. */
export interface QualityCounts {
  /** Units with an owner. */
  customers: number;
  /** …whose owner has an Indonesian mobile in E.164 (+628…). */
  validMobile: number;
  /** …whose owner has a street and a city. */
  completeAddress: number;
  /** …with a purchase date. */
  withPurchaseDate: number;
  /** …with all three at once. */
  completeRecords: number;
  /** WORs of the date. */
  worTotal: number;
  /** …matched to an owner or carrier (automatically or by an admin). */
  worMatched: number;
  /** …that brought a unit and owner the CDB did not know. */
  worCreated: number;
  /** …waiting for an admin's review. */
  worReview: number;
}

export const QUALITY_COUNT_NAMES = [
  'customers',
  'validMobile',
  'completeAddress',
  'withPurchaseDate',
  'completeRecords',
  'worTotal',
  'worMatched',
  'worCreated',
  'worReview',
] as const satisfies ReadonlyArray<keyof QualityCounts>;

export interface QualityBranch {
  id: number;
  name: string;
  active: boolean;
}

export interface QualityRow extends QualityCounts {
  /** The branch, or null for records that have none. */
  branchId: number | null;
  branchName: string;
  /** Complete records in percent of customers, one decimal; 0 when there are no customers. */
  validRate: number;
}

export interface QualitySnapshot {
  date: string;
  rows: QualityRow[];
  total: QualityCounts & { validRate: number };
}

/** How the records without a branch are shown (in Odoo and the CLI). */
export const NO_BRANCH_NAME = 'Tanpa Cabang';

export function emptyCounts(): QualityCounts {
  return {
    customers: 0,
    validMobile: 0,
    completeAddress: 0,
    withPurchaseDate: 0,
    completeRecords: 0,
    worTotal: 0,
    worMatched: 0,
    worCreated: 0,
    worReview: 0,
  };
}

/** `complete / customers × 100`, rounded half up to one decimal (in integers, so no float noise); 0 without customers. */
export function validRate(complete: number, customers: number): number {
  if (customers <= 0) return 0;
  return Math.round((complete * 1000) / customers) / 10;
}

function isEmpty(counts: QualityCounts): boolean {
  return QUALITY_COUNT_NAMES.every((name) => counts[name] === 0);
}

/**
 * One row per branch that is active, has something to count, or already has a
 * record for the date (so a count that fell to zero is written as zero), and
 * one for records without a branch under the same conditions; branches by
 * name, the row without a branch last, and the total over all rows.
 */
export function summarizeQuality(input: {
  date: string;
  branches: readonly QualityBranch[];
  /** Counts by branch id; `null` for records without a branch. Missing counts are 0. */
  counts: ReadonlyMap<number | null, Partial<QualityCounts>>;
  /** Branches (or null) that already have a record for the date. */
  recorded?: ReadonlySet<number | null>;
}): QualitySnapshot {
  const recorded = input.recorded ?? new Set<number | null>();
  const countsOf = (branchId: number | null): QualityCounts => ({
    ...emptyCounts(),
    ...input.counts.get(branchId),
  });
  const names = new Map(input.branches.map((branch) => [branch.id, branch]));
  const candidates = new Set<number | null>([
    ...input.branches.filter((branch) => branch.active).map((branch) => branch.id),
    ...input.counts.keys(),
    ...recorded,
  ]);
  const rows: QualityRow[] = [];
  for (const branchId of candidates) {
    const counts = countsOf(branchId);
    const wanted =
      recorded.has(branchId) || !isEmpty(counts) || (branchId !== null && names.get(branchId)?.active);
    if (!wanted) continue;
    const branchName =
      branchId === null ? NO_BRANCH_NAME : (names.get(branchId)?.name ?? `Cabang #${branchId}`);
    rows.push({
      branchId,
      branchName,
      ...counts,
      validRate: validRate(counts.completeRecords, counts.customers),
    });
  }
  rows.sort((a, b) => {
    if (a.branchId === null || b.branchId === null) return a.branchId === null ? 1 : -1;
    return a.branchName.localeCompare(b.branchName) || a.branchId - b.branchId;
  });
  const total = emptyCounts();
  for (const row of rows) for (const name of QUALITY_COUNT_NAMES) total[name] += row[name];
  return {
    date: input.date,
    rows,
    total: { ...total, validRate: validRate(total.completeRecords, total.customers) },
  };
}

/** Thousands grouped with commas, as the CLI prints every count. */
export function formatCount(value: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(value)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatRate(value: number): string {
  return `${value.toFixed(1)}%`;
}

const COLUMNS: ReadonlyArray<{
  heading: string;
  cell: (row: QualityCounts & { validRate: number }) => string;
}> = [
  { heading: 'Customers', cell: (row) => formatCount(row.customers) },
  { heading: 'Valid mobile', cell: (row) => formatCount(row.validMobile) },
  { heading: 'Full address', cell: (row) => formatCount(row.completeAddress) },
  { heading: 'Purchase date', cell: (row) => formatCount(row.withPurchaseDate) },
  { heading: 'Complete', cell: (row) => formatCount(row.completeRecords) },
  { heading: 'Complete %', cell: (row) => formatRate(row.validRate) },
  { heading: 'WOR', cell: (row) => formatCount(row.worTotal) },
  { heading: 'Matched', cell: (row) => formatCount(row.worMatched) },
  { heading: 'New', cell: (row) => formatCount(row.worCreated) },
  { heading: 'Review', cell: (row) => formatCount(row.worReview) },
];

/** The snapshot as a text table: branch names left, numbers right-aligned, a rule, then the total. */
export function renderQualityTable(snapshot: QualitySnapshot): string[] {
  const header = ['Branch', ...COLUMNS.map((column) => column.heading)];
  const body = snapshot.rows.map((row) => [row.branchName, ...COLUMNS.map((column) => column.cell(row))]);
  const footer = ['Total', ...COLUMNS.map((column) => column.cell(snapshot.total))];
  const table = [header, ...body, footer];
  const widths = header.map((_, index) => Math.max(...table.map((cells) => (cells[index] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => (index === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[index] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...body.map(line), rule, line(footer)];
}
