import { WOR } from '../../module/models.js';
import type { OdooClient } from './client.js';
import { KeyedStore } from './unit-store.js';

/**
 * Paper WORs (Pra WO) as the import writes them into `WOR`: read by
 * their source key (`sourceRef`) in one `search_read` per chunk, created in
 * one call, changed fields updated through one `load`, all with BULK_CONTEXT
 * (no chatter, no tracking). Only the input fields are mapped: what the
 * reconciliation owns (state, resolution, reviews, the partner and unit links)
 * is never read or written here. A corrected WOR's reconciliation fingerprint
 * is cleared, so the reconciliation reads it again even though the bridge
 * wrote it (its watermark leaves the bridge's own writes out).
 */

/** The WOR's input fields (those a dealer's own WOR model maps, see config `wor.fields`) and the paper batch's own. */
const PRA_WO_KEYS = [
  'name',
  'visitDate',
  'branch',
  'engineNumber',
  'carrierName',
  'carrierPhone',
  'carrierAddress',
  'frameNumber',
  'modelName',
  'serviceType',
  'advisor',
  'sourceRef',
  'source',
  'reconciledKey',
] as const;

export class PraWoStore extends KeyedStore<typeof WOR> {
  constructor(client: OdooClient) {
    super(client, WOR, PRA_WO_KEYS, 'sourceRef');
  }

  override update(rows: Parameters<KeyedStore['update']>[0]): ReturnType<KeyedStore['update']> {
    return super.update(rows.map((row) => ({ ...row, values: { ...row.values, reconciledKey: null } })));
  }
}
