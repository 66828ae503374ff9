import { WA_MESSAGE } from '../../module/models.js';
import type { OdooClient } from './client.js';
import { throwFirstRefusal } from './client.js';
import { loadUpdates } from './keyed-records.js';
import { fieldInfoOf } from './schema-codec.js';

/** What the outbox store and the event store share about WhatsApp message records. */

export const OUT_FIELDS = [
  'name',
  'followUpId',
  'partnerId',
  'phone',
  'parameters',
  'state',
  'wamid',
  'attemptedAt',
] as const;

export const DELIVERY_FIELDS = [
  'sentAt',
  'deliveredAt',
  'readAt',
  'failedAt',
  'errorCode',
  'errorTitle',
] as const;

/** Odoo keeps datetimes as UTC text; webhooks give Unix seconds. */
export function utcText(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

export function unixSeconds(text: string | null): number | null {
  return text ? Math.floor(Date.parse(`${text.replace(' ', 'T')}Z`) / 1000) : null;
}

/** Messages updated with values of their own, in one `load` per set of fields; a refusal is thrown. */
export async function loadMessages(
  client: OdooClient,
  updates: ReadonlyArray<{ id: number; values: Record<string, unknown> }>,
): Promise<void> {
  if (updates.length === 0) return;
  const outcomes = await loadUpdates(client, WA_MESSAGE.model, updates, fieldInfoOf(WA_MESSAGE), {
    context: { tz: 'UTC' },
  });
  throwFirstRefusal(outcomes);
}

/** A message's stored template parameters (JSON text) as strings; none when unreadable. */
export function storedParameters(text: string | null): string[] {
  try {
    const parsed: unknown = JSON.parse(text ?? '[]');
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}
