import { PARTNER } from '../../module/odoo-models.js';
import { chunk } from './batching.js';
import type { OdooClient, OdooRecord } from './client.js';
import { partnerPhonesOf } from './partner-phones.js';

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

export interface Customer {
  name: string | null;
  /** The number to use, as typed in Odoo (an Indonesian mobile first). */
  phone: string | null;
  email: string | null;
  optedOut: boolean;
  /** The e-mail address is on Odoo's blacklist (unsubscribed). */
  emailBlacklisted: boolean;
}

/** Customers by id: name, number, e-mail and consent, in one read per 2,000. */
export async function readCustomers(
  client: OdooClient,
  ids: Iterable<number | null>,
): Promise<Map<number, Customer>> {
  const wanted = [...new Set([...ids].filter((id): id is number => id !== null))];
  const found = new Map<number, Customer>();
  if (wanted.length === 0) return found;
  const fields = [
    PARTNER.f.name,
    PARTNER.f.email,
    PARTNER.f.emailBlacklisted,
    ...(await consentFields(client)),
    ...client.dialect.partnerPhoneFields,
  ];
  for (const part of chunk(wanted, 2000)) {
    for (const record of await client.read(PARTNER.model, part, fields)) {
      const name = record[PARTNER.f.name];
      const email = record[PARTNER.f.email];
      found.set(record.id, {
        name: typeof name === 'string' && name ? name : null,
        phone: partnerPhonesOf(client.dialect, record).primary,
        email: typeof email === 'string' && email ? email : null,
        optedOut: optedOut(record),
        emailBlacklisted: record[PARTNER.f.emailBlacklisted] === true,
      });
    }
  }
  return found;
}
