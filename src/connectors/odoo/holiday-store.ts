import { CALENDAR_LEAVES, MODEL_DATA } from '../../module/odoo-models.js';
import {
  type HolidayLeave,
  isCutiBersamaKey,
  isHolidayKeyOfYear,
  type StoredHolidayLeave,
} from '../../rules/holidays.js';
import type { RecordAction } from '../../rules/record-plan.js';
import type { OdooClient } from './client.js';
import type { OdooError } from './errors.js';
import { applyRecordActions } from './keyed-records.js';
import { decodeRecord, encodeValues, fieldNames } from './schema-codec.js';

/**
 * The external-ID namespace of the holidays the bridge loads: not the module's, so that
 * removing the module leaves the company's public holidays (and their keys) in place.
 */
export const HOLIDAY_NAMESPACE = 'h23_holidays';

export interface HolidayWriteFailure {
  key: string;
  error: OdooError;
}

export interface HolidayStore {
  /** The loaded leaves of the year, by key. */
  stored(year: number): Promise<Map<string, StoredHolidayLeave>>;
  create(leaves: readonly HolidayLeave[]): Promise<HolidayWriteFailure[]>;
  update(changes: ReadonlyArray<{ id: number; leave: HolidayLeave }>): Promise<HolidayWriteFailure[]>;
  remove(ids: readonly number[]): Promise<void>;
}

const LEAVE_READ = ['name', 'dateFrom', 'dateTo'] as const;

function leaveValues(leave: HolidayLeave): Record<string, unknown> {
  // A global leave: no resource, no calendar: every working calendar of the company closes.
  return encodeValues(CALENDAR_LEAVES, {
    name: leave.name,
    dateFrom: leave.dateFrom,
    dateTo: leave.dateTo,
    calendar: null,
    resource: null,
  });
}

async function keysOf(client: OdooClient, year?: number): Promise<Map<number, string>> {
  const rows = await client.searchRead(
    MODEL_DATA.model,
    [
      [MODEL_DATA.f.module, '=', HOLIDAY_NAMESPACE],
      [MODEL_DATA.f.model, '=', CALENDAR_LEAVES.model],
    ],
    fieldNames(MODEL_DATA, ['name', 'resId']),
  );
  const keys = new Map<number, string>();
  for (const raw of rows) {
    const row = decodeRecord(MODEL_DATA, ['name', 'resId'], raw);
    const key = String(row.name ?? '');
    if (year === undefined || isHolidayKeyOfYear(key, year)) keys.set(row.resId, key);
  }
  return keys;
}

/** The ids of the cuti bersama leaves the bridge loaded (a branch that works them does not close). */
export async function cutiBersamaLeaveIds(client: OdooClient): Promise<Set<number>> {
  const keys = await keysOf(client);
  return new Set([...keys].filter(([, key]) => isCutiBersamaKey(key)).map(([id]) => id));
}

export class OdooHolidayStore implements HolidayStore {
  constructor(private readonly client: OdooClient) {}

  async stored(year: number): Promise<Map<string, StoredHolidayLeave>> {
    const keys = await keysOf(this.client, year);
    if (keys.size === 0) return new Map();
    const records = await this.client.read(
      CALENDAR_LEAVES.model,
      [...keys.keys()],
      fieldNames(CALENDAR_LEAVES, LEAVE_READ),
    );
    const stored = new Map<string, StoredHolidayLeave>();
    for (const raw of records) {
      const leave = decodeRecord(CALENDAR_LEAVES, LEAVE_READ, raw);
      const key = keys.get(raw.id);
      if (key === undefined) continue;
      stored.set(key, {
        id: raw.id,
        name: String(leave.name ?? ''),
        dateFrom: String(leave.dateFrom ?? ''),
        dateTo: String(leave.dateTo ?? ''),
      });
    }
    return stored;
  }

  async create(leaves: readonly HolidayLeave[]): Promise<HolidayWriteFailure[]> {
    if (leaves.length === 0) return [];
    const names = Object.keys(leaveValues(leaves[0] as HolidayLeave));
    const fields = await this.client.fieldsGet(CALENDAR_LEAVES.model, names);
    const actions: RecordAction[] = leaves.map((leave) => ({
      action: 'create',
      key: `${HOLIDAY_NAMESPACE}.${leave.key}`,
      values: {},
    }));
    const rows = new Map(leaves.map((leave) => [`${HOLIDAY_NAMESPACE}.${leave.key}`, leaveValues(leave)]));
    const outcomes = await applyRecordActions(this.client, CALENDAR_LEAVES.model, actions, rows, fields);
    return failuresOf(outcomes);
  }

  async update(changes: ReadonlyArray<{ id: number; leave: HolidayLeave }>): Promise<HolidayWriteFailure[]> {
    const outcomes = await this.client.write(
      CALENDAR_LEAVES.model,
      changes.map((change) => ({ id: change.id, values: leaveValues(change.leave) })),
    );
    return outcomes.flatMap((outcome) => {
      const change = changes[outcome.index];
      return outcome.error && change ? [{ key: change.leave.key, error: outcome.error }] : [];
    });
  }

  async remove(ids: readonly number[]): Promise<void> {
    if (ids.length > 0) await this.client.unlink(CALENDAR_LEAVES.model, [...ids]);
  }
}

function failuresOf(
  outcomes: ReadonlyArray<{ xmlid: string; action: string; error?: OdooError }>,
): HolidayWriteFailure[] {
  return outcomes.flatMap((outcome) =>
    outcome.action === 'failed' && outcome.error
      ? [{ key: outcome.xmlid.slice(HOLIDAY_NAMESPACE.length + 1), error: outcome.error }]
      : [],
  );
}
