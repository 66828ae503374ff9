import { PARTNER } from '../../module/odoo-models.js';
import { normalizePhone } from '../../rules/import/normalize.js';
import type { OdooClient, OdooRecord } from './client.js';
import type { Dialect } from './dialect.js';
import { anyOf } from './domain.js';

/**
 * A partner's phone numbers across the fields of the server's version: `phone`
 * and `mobile` on 17 and 18 (dealers keep the HP number in `mobile`), `phone`
 * alone on 19 (see the dialect). The rest of the bridge sees one primary number
 * (the HP where there is one) and the others.
 */

export const PARTNER_MODEL = PARTNER.model;

export interface PartnerPhones {
  /** The number to use: a valid Indonesian mobile first, as typed in Odoo. */
  primary: string | null;
  /** Every other number the partner has. */
  others: string[];
}

function isMobile(value: string): boolean {
  const phone = normalizePhone(value);
  return phone.ok && phone.value.kind === 'mobile';
}

/** The partner's numbers in the order the fields are listed, the HP number first. */
export function partnerPhonesOf(dialect: Dialect, record: Readonly<OdooRecord>): PartnerPhones {
  const values: string[] = [];
  // mobile before phone: on 17/18 the HP is in mobile, a landline often in phone.
  for (const field of [...dialect.partnerPhoneFields].reverse()) {
    const value = record[field];
    if (typeof value === 'string' && value.trim() && !values.includes(value.trim()))
      values.push(value.trim());
  }
  const mobileFirst = [...values.filter(isMobile), ...values.filter((value) => !isMobile(value))];
  return { primary: mobileFirst[0] ?? null, others: mobileFirst.slice(1) };
}

/**
 * The values that store a number on a partner: an Indonesian mobile goes to the
 * dialect's mobile field, any other number to `phone`. `false` clears nothing:
 * a number is only ever set.
 */
export function partnerPhoneValues(
  dialect: Dialect,
  phone: string | null | undefined,
): Record<string, string> {
  if (!phone) return {};
  return { [isMobile(phone) ? dialect.partnerMobileField : PARTNER.f.phone]: phone };
}

/**
 * The ways a phone may have been typed into Odoo by hand beside the bridge's E.164:
 * `+62…`, `0…`, `62…`, `+62 …`, and grouped as people write HP numbers (0812-3456-7890,
 * 0812 345 6789, +62 812-3456-7890: the operator prefix, then groups of four from the left
 * or from the right) with a dash, a space or a dot. Odoo matches exact values (`in`): a
 * number typed otherwise is not found (and a twin may be made).
 */
export function phoneSpellings(e164: string): string[] {
  const national = e164.slice(3);
  const spellings = new Set([e164, `0${national}`, `62${national}`, `+62 ${national}`]);
  const operator = national.slice(0, 3);
  const rest = national.slice(3);
  if (rest.length >= 5) {
    const fromLeft = rest.match(/.{1,4}/g) ?? [rest];
    const cut = rest.length % 4 || 4;
    const fromRight = [rest.slice(0, cut), ...(rest.slice(cut).match(/.{4}/g) ?? [])];
    for (const groups of [fromLeft, fromRight]) {
      for (const separator of ['-', ' ', '.']) {
        const tail = groups.join(separator);
        spellings.add(`0${operator}${separator}${tail}`);
        spellings.add(`+62 ${operator}${separator}${tail}`);
      }
    }
  }
  return [...spellings];
}

/**
 * The domain that finds partners holding any of these spellings in any phone field, or
 * null for none. Odoo indexes neither `phone` nor `mobile`: each is one scan of the
 * partners, so ORing them costs one scan, not two queries.
 */
export function partnerPhoneDomain(dialect: Dialect, spellings: Iterable<string>): unknown[] | null {
  const values = [...new Set(spellings)];
  if (values.length === 0) return null;
  return anyOf(dialect.partnerPhoneFields.map((field) => [field, 'in', values]));
}

/** Partners (archived too) holding any of these E.164 numbers in any phone field, with `fields` read. */
export async function searchPartnersByPhone(
  client: OdooClient,
  e164s: Iterable<string>,
  fields: readonly string[],
): Promise<OdooRecord[]> {
  const domain = partnerPhoneDomain(client.dialect, [...e164s].flatMap(phoneSpellings));
  if (!domain) return [];
  return client.searchRead(
    PARTNER_MODEL,
    domain,
    [...new Set([...fields, ...client.dialect.partnerPhoneFields])],
    {
      idsOnly: true,
      order: 'id',
      context: { active_test: false },
    },
  );
}
