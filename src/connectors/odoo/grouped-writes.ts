import type { RecordUpdate } from './batching.js';
import type { OdooClient } from './client.js';
import { loadUpdates } from './keyed-records.js';
import { BULK_CONTEXT } from './unit-store.js';

/** A write Odoo refused, by model and record (a key, or the id). */
export interface WriteError {
  model: string;
  record: string;
  message: string;
}

/**
 * Updates with differing values, one `load` per set of fields (BULK_CONTEXT:
 * no chatter); a refused record is reported in `errors` with Odoo's message
 * and the others are written. Returns how many were written.
 */
export async function writeGrouped(
  client: OdooClient,
  model: string,
  updates: readonly RecordUpdate[],
  errors: WriteError[],
): Promise<number> {
  const wanted = updates.filter((update) => Object.keys(update.values).length > 0);
  if (wanted.length === 0) return 0;
  const fields = await client.fieldsGet(model, [
    ...new Set(wanted.flatMap((update) => Object.keys(update.values))),
  ]);
  const outcomes = await loadUpdates(client, model, wanted, fields, { context: BULK_CONTEXT });
  let written = 0;
  for (const outcome of outcomes) {
    if (outcome.error) {
      errors.push({ model, record: String(wanted[outcome.index]?.id ?? ''), message: outcome.error.message });
    } else written += 1;
  }
  return written;
}
