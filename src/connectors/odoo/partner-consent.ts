import { PARTNER } from '../../module/odoo-models.js';
import type { OdooClient, OdooRecord } from './client.js';

/**
 * Whether a customer may be contacted: not when the bridge's own consent box
 * is ticked (a "Berhenti", or the admin), nor when Odoo's phone blacklist holds
 * their number (SMS and WhatsApp opt-outs of Odoo's own apps) where that addon
 * is installed. The blacklist's field is asked for once per connection.
 */
const hasBlacklist = new WeakMap<OdooClient, Promise<boolean>>();

function blacklistOf(client: OdooClient): Promise<boolean> {
  let known = hasBlacklist.get(client);
  if (!known) {
    known = client
      .fieldsGet(PARTNER.model, [PARTNER.f.blacklisted])
      .then((fields) => PARTNER.f.blacklisted in fields);
    hasBlacklist.set(client, known);
  }
  return known;
}

/** The partner fields to read for consent on this server. */
export async function consentFields(client: OdooClient): Promise<string[]> {
  return (await blacklistOf(client)) ? [PARTNER.f.optOut, PARTNER.f.blacklisted] : [PARTNER.f.optOut];
}

/** A partner read with `consentFields`: opted out on any of them. */
export function optedOut(record: Readonly<OdooRecord>): boolean {
  return record[PARTNER.f.optOut] === true || record[PARTNER.f.blacklisted] === true;
}
