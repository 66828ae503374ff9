import { normalizeEmail } from '../email.js';
import { nameMatchKey, normalizeEngineNumber, normalizePhone } from '../import/normalize.js';

/**
 * A customer as the data-hygiene audit reads it (SPEC LD-6, CRM-1; SOP 002 stage 1 "tidak ada
 * duplikasi, tidak ada kesalahan input"): the contact's own fields and the engine numbers of
 * the units it owns or brought to the workshop. Normalised once into a profile the blocking,
 * the scoring and the inaccurate-data findings read.
 */
export interface CustomerRecord {
  id: number;
  name: string;
  /** The phone fields as typed, with the field they come from (`phone`, on 17/18 also `mobile`). */
  phones: ReadonlyArray<{ field: string; value: string | null }>;
  email: string | null;
  street: string | null;
  city: string | null;
  /** Engine numbers of the customer's units and of the units they brought (WORs). */
  engineNumbers: readonly string[];
  active: boolean;
}

export interface CustomerProfile {
  id: number;
  /** The name without titles or degrees (`nameMatchKey`), its words. */
  nameKey: string;
  nameTokens: readonly string[];
  /** Every valid phone in E.164, in field order, without repeats. */
  phones: readonly string[];
  /** The e-mail in lower case when well formed. */
  email: string | null;
  /** Street with a house number and city, spelt one way (`jl merdeka 5|bandung`); null when incomplete. */
  addressKey: string | null;
  engineNumbers: readonly string[];
  active: boolean;
}

export type FindingKind = 'phone_invalid' | 'email_missing' | 'email_malformed' | 'address_incomplete';

export const FINDING_KINDS: readonly FindingKind[] = [
  'phone_invalid',
  'email_missing',
  'email_malformed',
  'address_incomplete',
];

/** What the admin reads on the list of inaccurate data (Bahasa Indonesia). */
export const FINDING_LABELS: Readonly<Record<FindingKind, string>> = {
  phone_invalid: 'No. telepon tidak valid',
  email_missing: 'E-mail kosong',
  email_malformed: 'Format e-mail salah',
  address_incomplete: 'Alamat tidak lengkap',
};

export interface Finding {
  partnerId: number;
  kind: FindingKind;
  /** What is wrong, for the admin: the field and the value as typed. */
  detail: string;
}

/** Words of an Indonesian street address with one spelling each (`Jalan`, `Jln.` → `jl`). */
const ADDRESS_WORDS: Readonly<Record<string, string>> = {
  jalan: 'jl',
  jln: 'jl',
  jl: 'jl',
  gang: 'gg',
  gg: 'gg',
  perumahan: 'perum',
  perum: 'perum',
  komplek: 'komp',
  kompleks: 'komp',
  komp: 'komp',
  blok: 'blok',
  blk: 'blok',
};
/** Words that carry nothing: `No.`, `Nomor`. */
const ADDRESS_NOISE = new Set(['no', 'nomor', 'nmr']);
/** A city's administrative prefix: `Kota Bandung`, `Kab. Bandung` are compared as `bandung`. */
const CITY_PREFIX = /^(kota|kabupaten|kab)\b\.?\s*/;

function addressWords(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/([a-z])(\d)/g, '$1 $2')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .filter((word) => !ADDRESS_NOISE.has(word))
    .map((word) => ADDRESS_WORDS[word] ?? (/^\d+$/.test(word) ? String(Number(word)) : word));
}

/**
 * The address as a key, when it identifies a home: a street with a house number (`Jl. Merdeka`
 * alone is a whole street of people) and a city. `Jalan Merdeka No. 05, Kota Bandung` and
 * `Jl Merdeka 5 / Bandung` give the same key.
 */
export function addressKey(street: string | null, city: string | null): string | null {
  const streetWords = addressWords(street ?? '');
  const cityWords = addressWords((city ?? '').trim().toLowerCase().replace(CITY_PREFIX, ''));
  if (streetWords.length < 2 || cityWords.length === 0) return null;
  if (!streetWords.some((word) => /\d/.test(word))) return null;
  return `${streetWords.join(' ')}|${cityWords.join(' ')}`;
}

export function profileOf(record: CustomerRecord): CustomerProfile {
  const phones: string[] = [];
  for (const phone of record.phones) {
    const parsed = normalizePhone(phone.value);
    if (parsed.ok && !phones.includes(parsed.value.e164)) phones.push(parsed.value.e164);
  }
  const email = normalizeEmail(record.email);
  const nameKey = nameMatchKey(record.name ?? '');
  const engines = new Set<string>();
  for (const engine of record.engineNumbers) {
    const parsed = normalizeEngineNumber(engine);
    if (parsed.ok) engines.add(parsed.value);
  }
  return {
    id: record.id,
    nameKey,
    nameTokens: nameKey ? nameKey.split(' ') : [],
    phones,
    email: email.ok ? email.email : null,
    addressKey: addressKey(record.street, record.city),
    engineNumbers: [...engines].sort(),
    active: record.active,
  };
}

/**
 * The inaccurate data of one customer: each phone field typed but not a valid Indonesian
 * number, no e-mail or a malformed one, a street or city missing. A phone field left empty is
 * not listed (the second of two fields often is); a customer with no valid phone at all is,
 * under the first field.
 */
export function findingsOf(record: CustomerRecord): Finding[] {
  const findings: Finding[] = [];
  let valid = 0;
  for (const phone of record.phones) {
    const parsed = normalizePhone(phone.value);
    if (parsed.ok) valid += 1;
    else if (parsed.reason !== 'empty')
      findings.push({
        partnerId: record.id,
        kind: 'phone_invalid',
        detail: `${phone.field}: ${phone.value}`,
      });
  }
  if (valid === 0 && !findings.some((finding) => finding.kind === 'phone_invalid'))
    findings.push({
      partnerId: record.id,
      kind: 'phone_invalid',
      detail: `${record.phones[0]?.field ?? 'phone'}: kosong`,
    });
  const email = normalizeEmail(record.email);
  if (!email.ok)
    findings.push(
      email.empty
        ? { partnerId: record.id, kind: 'email_missing', detail: 'email: kosong' }
        : { partnerId: record.id, kind: 'email_malformed', detail: `email: ${record.email}` },
    );
  const missing = [
    ...((record.street ?? '').trim() ? [] : ['jalan']),
    ...((record.city ?? '').trim() ? [] : ['kota']),
  ];
  if (missing.length > 0)
    findings.push({
      partnerId: record.id,
      kind: 'address_incomplete',
      detail: `alamat tanpa ${missing.join(' dan ')}`,
    });
  return findings;
}
