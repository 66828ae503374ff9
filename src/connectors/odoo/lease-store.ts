import { BRIDGE_STATE } from '../../module/models.js';
import { decideLease, type LeaseState } from '../../rules/daemon/lease.js';
import { instantOfOptionalOdooDatetime } from '../../rules/local-time.js';
import type { OdooClient } from './client.js';
import { toOdooDatetime } from './field-values.js';
import { decodeRecord, encodeValues, fieldNames, type ValuesOf } from './schema-codec.js';

/**
 * The bridge's own state in Odoo (`BRIDGE_STATE`), one record per key: the
 * daemon's lease and the jobs' watermarks. This file is the one reader and
 * writer of that model.
 */

const { f } = BRIDGE_STATE;

type StateKey = 'holder' | 'until' | 'value';

/** The oldest record of a key (a key doubled by hand keeps its first record). */
async function readState<K extends StateKey>(client: OdooClient, key: string, fields: readonly K[]) {
  const [record] = await client.searchRead(
    BRIDGE_STATE.model,
    [[f.name, '=', key]],
    fieldNames(BRIDGE_STATE, fields),
    { order: 'id', limit: 1 },
  );
  return record ? decodeRecord(BRIDGE_STATE, fields, record) : null;
}

function writeState(client: OdooClient, id: number, values: ValuesOf<typeof BRIDGE_STATE>) {
  return client.call(BRIDGE_STATE.model, 'write', [[id], encodeValues(BRIDGE_STATE, values)]);
}

/** Keyed by name: a create whose reply was lost is found by it, never made twice. */
function createState(client: OdooClient, key: string, values: ValuesOf<typeof BRIDGE_STATE>) {
  return client.create(BRIDGE_STATE.model, [encodeValues(BRIDGE_STATE, { name: key, ...values })], {
    key: BRIDGE_STATE.f.name,
  });
}

export interface LeaseResult {
  held: boolean;
  holder: string | null;
  until: number | null;
}

/**
 * The daemon's lease. Odoo offers no compare-and-set over RPC, so a taker
 * writes, waits `settleMs` for a rival's write to land, and reads again: the
 * last writer holds the lease and the other stands by. Renewals are plain
 * writes by the holder.
 */
export class LeaseStore {
  constructor(
    private readonly client: OdooClient,
    private readonly key: string,
    private readonly settleMs = 750,
  ) {}

  private async read(): Promise<{ id: number; state: LeaseState } | null> {
    const record = await readState(this.client, this.key, ['holder', 'until']);
    if (!record) return null;
    return {
      id: record.id,
      state: { holder: record.holder, until: instantOfOptionalOdooDatetime(record.until) },
    };
  }

  async acquire(me: string, ttlMs: number, now = Date.now()): Promise<LeaseResult> {
    const current = await this.read();
    const decision = decideLease(current?.state ?? null, me, now);
    if (!decision.take) return { held: false, holder: decision.holder, until: decision.until };
    const values = { holder: me, until: toOdooDatetime(new Date(now + ttlMs)) || null };
    if (current) await writeState(this.client, current.id, values);
    else await createState(this.client, this.key, values);
    if (decision.renew) return { held: true, holder: me, until: now + ttlMs };
    await new Promise((resolve) => setTimeout(resolve, this.settleMs));
    const after = await this.read();
    return {
      held: after?.state.holder === me,
      holder: after?.state.holder ?? null,
      until: after?.state.until ?? null,
    };
  }

  /** Gives the lease up at once (clean shutdown), if still ours. */
  async release(me: string): Promise<void> {
    const current = await this.read();
    if (current?.state.holder === me)
      await writeState(this.client, current.id, { holder: null, until: null });
  }
}

/** Where a job stopped reading: the write date of the newest record it has dealt with. */
export interface Watermark {
  writeDate: string;
}

export interface WatermarkStore {
  readWatermark(name: string): Promise<Watermark | null>;
  writeWatermark(name: string, watermark: Watermark): Promise<void>;
}

/** Job watermarks, kept as JSON in the record's value. */
export class OdooWatermarkStore implements WatermarkStore {
  /** Watermark records by name, as last read or written: a write needs no second search. */
  private readonly watermarks = new Map<string, { id: number; value: string | null }>();

  constructor(private readonly client: OdooClient) {}

  async readWatermark(name: string): Promise<Watermark | null> {
    const record = await readState(this.client, name, ['value']);
    if (record) this.watermarks.set(name, { id: record.id, value: record.value });
    if (!record?.value) return null;
    try {
      const parsed = JSON.parse(record.value) as Partial<Watermark>;
      return typeof parsed.writeDate === 'string' ? { writeDate: parsed.writeDate } : null;
    } catch {
      return null;
    }
  }

  async writeWatermark(name: string, watermark: Watermark): Promise<void> {
    const value = JSON.stringify(watermark);
    if (!this.watermarks.has(name)) await this.readWatermark(name);
    const record = this.watermarks.get(name);
    if (record?.value === value) return;
    if (record) {
      await writeState(this.client, record.id, { value });
      this.watermarks.set(name, { id: record.id, value });
      return;
    }
    const [created] = await createState(this.client, name, { value });
    if (created?.id === undefined) throw created?.error ?? new Error(`watermark ${name} not created`);
    this.watermarks.set(name, { id: created.id, value });
  }
}
