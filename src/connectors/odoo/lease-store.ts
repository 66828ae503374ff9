import { BRIDGE_STATE } from '../../module/models.js';
import { decideLease, type LeaseState } from '../../rules/daemon/lease.js';
import type { OdooClient } from './client.js';
import { toOdooDatetime } from './field-values.js';

const MODEL = BRIDGE_STATE.model;

export interface LeaseResult {
  held: boolean;
  holder: string | null;
  until: number | null;
}

function parseUtc(value: unknown): number | null {
  return typeof value === 'string' && value ? Date.parse(`${value.replace(' ', 'T')}Z`) : null;
}

/**
 * The daemon's lease, a record of `x_h23_bridge_state`. Odoo offers no
 * compare-and-set over RPC, so a taker writes, waits `settleMs` for a rival's
 * write to land, and reads again: the last writer holds the lease and the other
 * stands by. Renewals are plain writes by the holder.
 */
export class LeaseStore {
  constructor(
    private readonly client: OdooClient,
    private readonly key: string,
    private readonly settleMs = 750,
  ) {}

  private async read(): Promise<{ id: number; state: LeaseState } | null> {
    const [record] = await this.client.searchRead(
      MODEL,
      [['x_name', '=', this.key]],
      ['x_holder', 'x_until'],
      {
        order: 'id',
        limit: 1,
      },
    );
    if (!record) return null;
    const holder = typeof record.x_holder === 'string' && record.x_holder ? record.x_holder : null;
    return { id: record.id, state: { holder, until: parseUtc(record.x_until) } };
  }

  async acquire(me: string, ttlMs: number, now = Date.now()): Promise<LeaseResult> {
    const current = await this.read();
    const decision = decideLease(current?.state ?? null, me, now);
    if (!decision.take) return { held: false, holder: decision.holder, until: decision.until };
    const values = { x_holder: me, x_until: toOdooDatetime(new Date(now + ttlMs)) };
    if (current) await this.client.call(MODEL, 'write', [[current.id], values]);
    else await this.client.create(MODEL, [{ x_name: this.key, ...values }]);
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
    if (current?.state.holder === me) {
      await this.client.call(MODEL, 'write', [[current.id], { x_holder: false, x_until: false }]);
    }
  }
}
