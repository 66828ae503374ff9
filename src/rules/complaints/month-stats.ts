import { localDate } from '../local-time.js';

/** A complaint as the monthly service-level count reads it (instants: UTC epoch milliseconds). */
export interface ComplaintForMonth {
  branchId: number | null;
  receivedAt: number;
  solved: boolean;
  solvedInTime: boolean;
  escalated: boolean;
  closed: boolean;
}

export interface MonthStats {
  /** `<branch id or all>:<YYYY-MM>`: one line per branch and month, and one for all branches. */
  key: string;
  /** The first day of the month, dealer time. */
  month: string;
  branchId: number | null;
  received: number;
  solved: number;
  solvedInTime: number;
  escalated: number;
  closed: number;
  open: number;
  /** Solved in time over solved, in percent with one decimal; 0 while none is solved. */
  inTimeShare: number;
}

/** A line with nothing counted: a new one, or one no complaint produces any more. */
export function emptyMonthStats(key: string, month: string, branchId: number | null): MonthStats {
  return {
    key,
    month,
    branchId,
    received: 0,
    solved: 0,
    solvedInTime: 0,
    escalated: 0,
    closed: 0,
    open: 0,
    inTimeShare: 0,
  };
}

export function monthStatsKey(branchId: number | null, month: string): string {
  return `${branchId ?? 'all'}:${month.slice(0, 7)}`;
}

/**
 * Complaints counted by the dealer-local month they were received in, per branch and for all
 * branches: what was solved within the service level out of what was solved.
 */
export function monthStats(complaints: readonly ComplaintForMonth[], timeZone: string): MonthStats[] {
  const lines = new Map<string, MonthStats>();
  const add = (branchId: number | null, month: string, complaint: ComplaintForMonth) => {
    const key = monthStatsKey(branchId, month);
    const line = lines.get(key) ?? emptyMonthStats(key, month, branchId);
    line.received += 1;
    if (complaint.solved) line.solved += 1;
    if (complaint.solvedInTime) line.solvedInTime += 1;
    if (complaint.escalated) line.escalated += 1;
    if (complaint.closed) line.closed += 1;
    else line.open += 1;
    line.inTimeShare = line.solved === 0 ? 0 : Math.round((line.solvedInTime / line.solved) * 1000) / 10;
    lines.set(key, line);
  };
  for (const complaint of complaints) {
    const month = `${localDate(new Date(complaint.receivedAt), timeZone).slice(0, 7)}-01`;
    if (complaint.branchId !== null) add(complaint.branchId, month, complaint);
    add(null, month, complaint);
  }
  return [...lines.values()].sort((a, b) => a.key.localeCompare(b.key));
}
