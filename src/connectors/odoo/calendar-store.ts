import { CALENDAR_ATTENDANCE, CALENDAR_LEAVES, RESOURCE_CALENDAR } from '../../module/odoo-models.js';
import { instantOfOdooDatetime } from '../../rules/local-time.js';
import type { AttendanceSpan, ClosedSpan } from '../../rules/working-time.js';
import type { OdooClient } from './client.js';
import { cutiBersamaLeaveIds } from './holiday-store.js';
import { decodeRecord, fieldNames } from './schema-codec.js';

/**
 * A branch's working calendar as Odoo holds it, read over RPC: the attendance lines of its
 * `resource.calendar` and the leaves that close it (its own, and the company's global leaves:
 * national holidays and cuti bersama). Odoo's own calendar methods are not called: their datetime
 * arguments arrive over RPC as strings and fail, so the rules count working time themselves.
 */
export interface BranchCalendarData {
  /** The calendar's time zone, when it has one. */
  timeZone: string | null;
  /** Empty when the branch has no calendar: the rules then use Monday–Saturday. */
  attendance: AttendanceSpan[];
  closed: ClosedSpan[];
}

const ATTENDANCE_READ = ['dayOfWeek', 'hourFrom', 'hourTo', 'dayPeriod', 'displayType'] as const;
const LEAVE_READ = ['dateFrom', 'dateTo'] as const;

function utc(odooDatetime: unknown): number {
  return instantOfOdooDatetime(String(odooDatetime));
}

/** The calendar's attendance and every leave that closes it between `from` and `to` (dealer dates). */
export async function readBranchCalendar(
  client: OdooClient,
  calendarId: number | null,
  from: string,
  to: string,
): Promise<BranchCalendarData> {
  const data: BranchCalendarData = { timeZone: null, attendance: [], closed: [] };
  if (calendarId !== null) {
    const [calendar] = await client.read(
      RESOURCE_CALENDAR.model,
      [calendarId],
      fieldNames(RESOURCE_CALENDAR, ['tz']),
    );
    data.timeZone = calendar ? (decodeRecord(RESOURCE_CALENDAR, ['tz'], calendar).tz ?? null) : null;
    const lines = await client.searchRead(
      CALENDAR_ATTENDANCE.model,
      [
        [CALENDAR_ATTENDANCE.f.calendar, '=', calendarId],
        // The branch's own hours, not one person's (17 and 18 keep per-resource lines too).
        ...(client.dialect.attendanceResource ? [[CALENDAR_ATTENDANCE.f.resource, '=', false]] : []),
      ],
      fieldNames(CALENDAR_ATTENDANCE, ATTENDANCE_READ),
    );
    for (const raw of lines) {
      const line = decodeRecord(CALENDAR_ATTENDANCE, ATTENDANCE_READ, raw);
      if (line.dayPeriod === 'lunch' || line.displayType) continue;
      data.attendance.push({
        // Odoo counts weekdays from Monday = 0; the rules from Sunday = 0.
        weekday: (Number(line.dayOfWeek) + 1) % 7,
        from: Number(line.hourFrom),
        to: Number(line.hourTo),
      });
    }
  }
  const leaves = await client.searchRead(
    CALENDAR_LEAVES.model,
    [
      [CALENDAR_LEAVES.f.resource, '=', false],
      ...(calendarId === null
        ? [[CALENDAR_LEAVES.f.calendar, '=', false]]
        : ['|', [CALENDAR_LEAVES.f.calendar, '=', calendarId], [CALENDAR_LEAVES.f.calendar, '=', false]]),
      [CALENDAR_LEAVES.f.dateTo, '>=', `${from} 00:00:00`],
      [CALENDAR_LEAVES.f.dateFrom, '<=', `${to} 23:59:59`],
    ],
    fieldNames(CALENDAR_LEAVES, LEAVE_READ),
  );
  const cutiBersama = leaves.length > 0 ? await cutiBersamaLeaveIds(client) : new Set<number>();
  for (const raw of leaves) {
    const leave = decodeRecord(CALENDAR_LEAVES, LEAVE_READ, raw);
    // Odoo's leaves end at 23:59:59: the span runs to the next second.
    data.closed.push({
      from: utc(leave.dateFrom),
      to: utc(leave.dateTo) + 1000,
      cutiBersama: cutiBersama.has(raw.id),
    });
  }
  return data;
}
