import { FOLLOWUP, UNIT } from '../../module/models.js';
import { IR_MODEL, PARTNER } from '../../module/odoo-models.js';
import type { DemoResult } from '../../rules/demo/admin-work.js';
import { groupWrites } from './batching.js';
import type { OdooClient } from './client.js';
import { decodeRecord, encodeValues, fieldNames, type ValuesOf } from './schema-codec.js';

/** Open follow-ups due by a date, with the admin they are assigned to. */
export async function openFollowUpsDueBy(
  client: OdooClient,
  date: string,
): Promise<Array<{ id: number; adminId: number | null }>> {
  const rows = await client.searchRead(
    FOLLOWUP.model,
    [
      [FOLLOWUP.f.state, '=', 'todo'],
      [FOLLOWUP.f.result, '=', false],
      [FOLLOWUP.f.dueDate, '<=', date],
    ],
    fieldNames(FOLLOWUP, ['adminId']),
    { idsOnly: true },
  );
  return rows.map((row) => decodeRecord(FOLLOWUP, ['adminId'], row));
}

/**
 * Records results as the admin would in the follow-up form, in their name (the chatter shows
 * who); one write per set of identical values.
 */
export async function recordResults(admin: OdooClient, results: readonly DemoResult[]): Promise<number> {
  const updates = results.map((result) => ({
    id: result.followUpId,
    values: {
      result: result.result,
      feedback: result.feedback,
      ...(result.offer ? { offer: result.offer, offerAccepted: result.offerAccepted ?? false } : {}),
      ...(result.bookingAt ? { bookingAt: result.bookingAt } : {}),
      ...(result.bookingAt && result.bookingKind ? { bookingKind: result.bookingKind } : {}),
    } satisfies ValuesOf<typeof FOLLOWUP>,
  }));
  for (const group of groupWrites(updates)) {
    await admin.call(FOLLOWUP.model, 'write', [group.ids, encodeValues(FOLLOWUP, group.values)]);
  }
  return results.length;
}

/** How many units the database holds: a demo refuses a database with a dealer's own. */
export async function countUnits(client: OdooClient): Promise<number> {
  // Before the extension is installed there is no unit model, and no unit.
  if ((await client.searchCount(IR_MODEL.model, [[IR_MODEL.f.model, '=', UNIT.model]])) === 0) return 0;
  return client.searchCount(UNIT.model, [], { context: { active_test: false } });
}

/** How many contacts the database holds (a fresh one has a handful). */
export async function countPartners(client: OdooClient): Promise<number> {
  return client.searchCount(PARTNER.model, [], { context: { active_test: false } });
}
