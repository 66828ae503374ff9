import { WOR } from '../../module/models.js';
import type { OdooClient } from './client.js';
import { KeyedStore } from './unit-store.js';

/**
 * Paper WORs (Pra WO) as the import writes them into `x_h23_wor`: read by
 * their source key (`sourceRef`) in one `search_read` per chunk, created in
 * one call, changed fields updated through one `load`, all with BULK_CONTEXT
 * (no chatter, no tracking). Only the input fields are mapped: what the
 * reconciliation owns (state, resolution, reviews, the partner and unit links)
 * is never read or written here. A corrected WOR's reconciliation fingerprint
 * is cleared, so the reconciliation reads it again even though the bridge
 * wrote it (its watermark leaves the bridge's own writes out).
 */

/** The Pra WO plan's names (src/rules/import/wor.ts) for WOR fields: the same, but `branchId`. */
const PRA_WO_FIELDS: Readonly<Record<string, string>> = {
  name: WOR.f.name,
  visitDate: WOR.f.visitDate,
  engineNumber: WOR.f.engineNumber,
  carrierName: WOR.f.carrierName,
  carrierPhone: WOR.f.carrierPhone,
  carrierAddress: WOR.f.carrierAddress,
  frameNumber: WOR.f.frameNumber,
  modelName: WOR.f.modelName,
  serviceType: WOR.f.serviceType,
  branchId: WOR.f.branch,
  sourceRef: WOR.f.sourceRef,
  source: WOR.f.source,
  reconciledKey: WOR.f.reconciledKey,
};

export class PraWoStore extends KeyedStore {
  constructor(client: OdooClient) {
    super(client, WOR.model, PRA_WO_FIELDS, 'sourceRef');
  }

  override update(rows: Parameters<KeyedStore['update']>[0]): ReturnType<KeyedStore['update']> {
    return super.update(rows.map((row) => ({ ...row, values: { ...row.values, reconciledKey: null } })));
  }
}
