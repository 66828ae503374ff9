import type { RecordUpdate } from './batching.js';
import type { ItemOutcome, OdooClient } from './client.js';
import { loadUpdates } from './keyed-records.js';
import { BULK_CONTEXT } from './unit-store.js';

/** A write Odoo refused, by model and record (a key, or the id). */
export interface WriteError {
  model: string;
  record: string;
  message: string;
}

/**
 * Updates with differing values (one per record), one `load` per set of fields and chunk
 * (BULK_CONTEXT: no chatter) where a `write` would cost a call per record. Outcomes by the
 * position of the updates that set something.
 */
export async function loadGrouped(
  client: OdooClient,
  model: string,
  updates: readonly RecordUpdate[],
): Promise<{ wanted: RecordUpdate[]; outcomes: ItemOutcome[] }> {
  const wanted = updates.filter((update) => Object.keys(update.values).length > 0);
  if (wanted.length === 0) return { wanted, outcomes: [] };
  const fields = await client.fieldsGet(model, [
    ...new Set(wanted.flatMap((update) => Object.keys(update.values))),
  ]);
  return { wanted, outcomes: await loadUpdates(client, model, wanted, fields, { context: BULK_CONTEXT }) };
}

/**
 * `loadGrouped`, with a refused record reported in `errors` with Odoo's message and the
 * others written. Returns how many were written.
 */
export async function writeGrouped(
  client: OdooClient,
  model: string,
  updates: readonly RecordUpdate[],
  errors: WriteError[],
): Promise<number> {
  const { wanted, outcomes } = await loadGrouped(client, model, updates);
  let written = 0;
  for (const outcome of outcomes) {
    if (outcome.error) {
      errors.push({ model, record: String(wanted[outcome.index]?.id ?? ''), message: outcome.error.message });
    } else written += 1;
  }
  return written;
}
