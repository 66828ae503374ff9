/**
 * The stable identity of a person across the CDB and WORs (the partner's `PARTNER.f.key`):
 * the normalised phone and the name's match key (`+62812…|budi santoso`); without a
 * phone, the engine number of the unit they came with (`JBK1E1234567|budi santoso`).
 * One format for every writer and reader: a WOR recognises a CDB owner by it.
 */
export function ownerKey(person: {
  phoneE164: string | null;
  nameKey: string;
  engineNumber: string;
}): string {
  return `${person.phoneE164 ?? person.engineNumber}|${person.nameKey}`;
}

/** The prefix every key of the people known by this engine number starts with (no phone). */
export function ownerKeyEnginePrefix(engineNumber: string): string {
  return `${engineNumber}|`;
}
