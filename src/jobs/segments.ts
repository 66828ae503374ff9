import type { Config } from '../../config/schema.js';
import type {
  PartnerSegmentValues,
  SegmentChangeRow,
  SegmentMonthRow,
  SegmentStore,
} from '../connectors/odoo/segment-store.js';
import type { Logger } from '../logging/logger.js';
import {
  type CustomerSegment,
  SEGMENT_LABELS,
  type Segment,
  type SegmentPolicy,
  segmentChanges,
  segmentCustomers,
  segmentPolicy,
} from '../rules/loyalty/segments.js';

export interface SegmentsRequest {
  /** The dealer date the segments are computed as of. */
  today: string;
  policy: SegmentPolicy;
}

export interface SegmentsReport {
  today: string;
  customers: number;
  /** Customers per segment after the run. */
  segments: Record<Segment, number>;
  spendKnown: boolean;
  /** Customers whose segment changed (or was set for the first time) today. */
  changes: number;
  /** Moves between two segments, `from>to` (`new>to` the first time): counts. */
  moves: Record<string, number>;
  changesCreated: number;
  changesUpdated: number;
  partnersWritten: number;
  /** Customers no longer with a unit or a visit: their segment cleared. */
  partnersCleared: number;
  monthLinesCreated: number;
  monthLinesUpdated: number;
  /** What Odoo refused, by record; the rest was written. */
  errors: Array<{ record: string; message: string }>;
}

/** The job's request from the config, as of a dealer date. */
export function segmentsRequestOf(config: Pick<Config, 'segments'>, today: string): SegmentsRequest {
  const { segments } = config;
  return {
    today,
    policy: segmentPolicy({
      loyalVisits: segments.loyalVisits,
      activeMonths: segments.activeMonths,
      lostAfterMonths: segments.lostAfterMonths,
      loyalWindowMonths: segments.loyalWindowMonths,
    }),
  };
}

/** The store as it reads, writing nothing: `segments --dry-run`. */
export function dryRunSegmentStore(store: SegmentStore): SegmentStore {
  return {
    histories: (today, policy) => store.histories(today, policy),
    storedSegments: () => store.storedSegments(),
    changes: (keys) => store.changes(keys),
    createChanges: async () => {},
    updateChanges: async () => {},
    writePartners: async () => [],
    monthLines: (month) => store.monthLines(month),
    createMonthLines: async () => {},
    updateMonthLines: async () => {},
  };
}

const SEGMENTS = Object.keys(SEGMENT_LABELS) as Segment[];
const CLEARED: PartnerSegmentValues = {
  segment: null,
  recency: 0,
  frequency: 0,
  monetary: 0,
  lastService: null,
};

export const changeKey = (partnerId: number, date: string): string => `${partnerId}:${date}`;
export const monthKey = (branchId: number | null, month: string, segment: Segment): string =>
  `${branchId ?? 'all'}:${month.slice(0, 7)}:${segment}`;

function valuesOf(customer: CustomerSegment): PartnerSegmentValues {
  return {
    segment: customer.segment,
    recency: customer.recency,
    frequency: customer.frequency,
    monetary: customer.monetary ?? 0,
    lastService: customer.lastVisit,
  };
}

function sameValues(a: PartnerSegmentValues, b: PartnerSegmentValues): boolean {
  return (
    a.segment === b.segment &&
    a.recency === b.recency &&
    a.frequency === b.frequency &&
    a.monetary === b.monetary &&
    a.lastService === b.lastService
  );
}

/**
 * The nightly segments job (issue 15): every customer's segment and scores from their service
 * history as of `today`, stored on the customer; a change of segment recorded once per customer
 * and day; the month's count per segment and branch. Writes in that order, each keyed, so a run
 * killed anywhere and run again records every change once: the changes go first, while the
 * customers still hold the segment they come from.
 */
export async function runSegments(
  store: SegmentStore,
  logger: Logger,
  request: SegmentsRequest,
): Promise<SegmentsReport> {
  const { today, policy } = request;
  const read = await store.histories(today, policy);
  const current = segmentCustomers(read.histories, today, policy);
  const storedRows = await store.storedSegments();
  const stored = new Map(storedRows.map((row) => [row.partnerId, row]));
  const storedSegment = new Map(
    storedRows.flatMap((row) => (row.segment === null ? [] : [[row.partnerId, row.segment] as const])),
  );
  const report: SegmentsReport = {
    today,
    customers: current.length,
    segments: Object.fromEntries(SEGMENTS.map((segment) => [segment, 0])) as Record<Segment, number>,
    spendKnown: read.spendKnown,
    changes: 0,
    moves: {},
    changesCreated: 0,
    changesUpdated: 0,
    partnersWritten: 0,
    partnersCleared: 0,
    monthLinesCreated: 0,
    monthLinesUpdated: 0,
    errors: [],
  };
  for (const customer of current) report.segments[customer.segment] += 1;

  // 1. The changes, by key.
  const changes = segmentChanges(storedSegment, current);
  report.changes = changes.length;
  const rows: SegmentChangeRow[] = changes.map((change) => ({
    key: changeKey(change.partnerId, today),
    partnerId: change.partnerId,
    branchId: read.branchOf.get(change.partnerId) ?? null,
    date: today,
    from: change.from,
    to: change.to,
  }));
  for (const row of rows) {
    const move = `${row.from ?? 'new'}>${row.to}`;
    report.moves[move] = (report.moves[move] ?? 0) + 1;
  }
  const existing = await store.changes(rows.map((row) => row.key));
  const creates = rows.filter((row) => !existing.has(row.key));
  // Changed again the same day (a WOR entered after the night's run): the day's record follows.
  const updates = rows.flatMap((row) => {
    const found = existing.get(row.key);
    return found && found.to !== row.to ? [{ id: found.id, to: row.to, branchId: row.branchId }] : [];
  });
  await store.createChanges(creates);
  await store.updateChanges(updates);
  report.changesCreated = creates.length;
  report.changesUpdated = updates.length;

  // 2. The customers' fields, where they differ; a former customer's cleared.
  const partnerWrites: Array<{ partnerId: number; values: PartnerSegmentValues }> = [];
  const segmented = new Set<number>();
  for (const customer of current) {
    segmented.add(customer.partnerId);
    const values = valuesOf(customer);
    const before = stored.get(customer.partnerId);
    if (!before || !sameValues(before, values)) partnerWrites.push({ partnerId: customer.partnerId, values });
  }
  let cleared = 0;
  for (const row of storedRows) {
    if (segmented.has(row.partnerId)) continue;
    partnerWrites.push({ partnerId: row.partnerId, values: CLEARED });
    cleared += 1;
  }
  const refused = await store.writePartners(partnerWrites);
  report.partnersWritten = partnerWrites.length - refused.length;
  report.partnersCleared = cleared;
  report.errors.push(...refused.map((error) => ({ record: error.record, message: error.message })));

  // 3. The month's counts per branch and for all branches.
  const month = `${today.slice(0, 7)}-01`;
  const counts = new Map<string, { branchId: number | null; segment: Segment; customers: number }>();
  const count = (branchId: number | null, segment: Segment) => {
    const key = monthKey(branchId, month, segment);
    const line = counts.get(key) ?? { branchId, segment, customers: 0 };
    line.customers += 1;
    counts.set(key, line);
  };
  for (const segment of SEGMENTS)
    counts.set(monthKey(null, month, segment), { branchId: null, segment, customers: 0 });
  for (const customer of current) {
    count(null, customer.segment);
    const branchId = read.branchOf.get(customer.partnerId);
    if (branchId !== undefined) count(branchId, customer.segment);
  }
  const lines = new Map((await store.monthLines(month)).map((line) => [line.key, line]));
  const lineCreates: SegmentMonthRow[] = [];
  const lineUpdates: Array<{ id: number; customers: number; countedOn: string }> = [];
  for (const [key, line] of counts) {
    const have = lines.get(key);
    if (!have) lineCreates.push({ key, month, ...line, countedOn: today });
    else if (have.customers !== line.customers)
      lineUpdates.push({ id: have.id, customers: line.customers, countedOn: today });
  }
  // A branch with no customer left in a segment: its line of the month goes to 0.
  for (const [key, have] of lines) {
    if (!counts.has(key) && have.customers !== 0)
      lineUpdates.push({ id: have.id, customers: 0, countedOn: today });
  }
  await store.createMonthLines(lineCreates);
  await store.updateMonthLines(lineUpdates);
  report.monthLinesCreated = lineCreates.length;
  report.monthLinesUpdated = lineUpdates.length;

  logger.info(
    {
      today,
      customers: report.customers,
      segments: report.segments,
      changes: report.changes,
      changesCreated: report.changesCreated,
      partnersWritten: report.partnersWritten,
      partnersCleared: report.partnersCleared,
      monthLinesCreated: report.monthLinesCreated,
      monthLinesUpdated: report.monthLinesUpdated,
      refused: report.errors.length,
    },
    'customer segments computed',
  );
  return report;
}
