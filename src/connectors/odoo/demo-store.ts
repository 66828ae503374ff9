import { FOLLOWUP, UNIT } from '../../module/models.js';
import type { DemoResult } from '../../rules/demo/admin-work.js';
import { groupWrites } from './batching.js';
import type { OdooClient } from './client.js';
import { linkId } from './read-values.js';

/** Open follow-ups due by a date, with the admin they are assigned to. */
export async function openFollowUpsDueBy(
  client: OdooClient,
  date: string,
): Promise<Array<{ id: number; adminId: number | null }>> {
  const rows = await client.searchRead(
    FOLLOWUP.model,
    [
      ['x_state', '=', 'todo'],
      ['x_result', '=', false],
      ['x_due_date', '<=', date],
    ],
    ['x_admin_id'],
    { idsOnly: true },
  );
  return rows.map((row) => ({ id: row.id, adminId: linkId(row.x_admin_id) }));
}

/**
 * Records results as the admin would in the follow-up form, in their name (the chatter shows
 * who); one write per set of identical values.
 */
export async function recordResults(admin: OdooClient, results: readonly DemoResult[]): Promise<number> {
  const updates = results.map((result) => ({
    id: result.followUpId,
    values: {
      x_result: result.result,
      x_feedback: result.feedback,
      ...(result.offer ? { x_offer: result.offer, x_offer_accepted: result.offerAccepted ?? false } : {}),
      ...(result.bookingAt ? { x_booking_at: result.bookingAt, x_booking_kind: result.bookingKind } : {}),
    },
  }));
  for (const group of groupWrites(updates)) {
    await admin.call(FOLLOWUP.model, 'write', [group.ids, group.values]);
  }
  return results.length;
}

/** How many units the database holds: a demo refuses a database with a dealer's own. */
export async function countUnits(client: OdooClient): Promise<number> {
  // Before the extension is installed there is no unit model, and no unit.
  if ((await client.searchCount('ir.model', [['model', '=', UNIT.model]])) === 0) return 0;
  return client.searchCount(UNIT.model, [], { context: { active_test: false } });
}

/** How many contacts the database holds (a fresh one has a handful). */
export async function countPartners(client: OdooClient): Promise<number> {
  return client.searchCount('res.partner', [], { context: { active_test: false } });
}
