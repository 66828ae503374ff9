import { MODEL_DATA } from '../../module/odoo-models.js';
import { chunk } from './batching.js';
import type { OdooClient } from './client.js';
import { OdooError } from './errors.js';
import { decodeRecord, encodeValues, fieldNames } from './schema-codec.js';

export interface RecordRef {
  model: string;
  id: number;
}

/** `module.name` → its parts; Odoo external IDs always carry the module. */
export function parseXmlid(xmlid: string): { module: string; name: string } {
  const dot = xmlid.indexOf('.');
  if (dot <= 0 || dot === xmlid.length - 1) {
    throw new OdooError({ code: 'protocol', message: `External ID "${xmlid}" must look like "module.name"` });
  }
  return { module: xmlid.slice(0, dot), name: xmlid.slice(dot + 1) };
}

const REF_FIELDS = ['module', 'name', 'model', 'resId'] as const;

/** Resolves many external IDs with one `ir.model.data` read per chunk; unknown ones are absent from the map. */
export async function resolveXmlids(
  client: OdooClient,
  xmlids: readonly string[],
): Promise<Map<string, RecordRef>> {
  const found = new Map<string, RecordRef>();
  const wanted = new Set(xmlids);
  for (const part of chunk([...wanted], 1000)) {
    const parsed = part.map(parseXmlid);
    const rows = await client.searchRead(
      MODEL_DATA.model,
      [
        [MODEL_DATA.f.module, 'in', [...new Set(parsed.map((p) => p.module))]],
        [MODEL_DATA.f.name, 'in', parsed.map((p) => p.name)],
      ],
      fieldNames(MODEL_DATA, REF_FIELDS),
    );
    for (const row of rows.map((raw) => decodeRecord(MODEL_DATA, REF_FIELDS, raw))) {
      const xmlid = `${row.module}.${row.name}`;
      if (wanted.has(xmlid)) found.set(xmlid, { model: row.model ?? '', id: row.resId });
    }
  }
  return found;
}

/** The record behind one external ID, or null. */
export async function ref(client: OdooClient, xmlid: string): Promise<RecordRef | null> {
  return (await resolveXmlids(client, [xmlid])).get(xmlid) ?? null;
}

/**
 * Gives existing records their external IDs: for each entry, the one record of
 * `model` matching all `key` fields gets `xmlid`. Used to adopt records Odoo
 * made itself. Returns the ids adopted; entries with no match are left out.
 */
export async function adoptByNaturalKey(
  client: OdooClient,
  model: string,
  entries: ReadonlyArray<{ xmlid: string; key: Readonly<Record<string, string>> }>,
): Promise<Map<string, number>> {
  const adopted = new Map<string, number>();
  if (entries.length === 0) return adopted;
  const fields = [...new Set(entries.flatMap((entry) => Object.keys(entry.key)))];
  const domain: unknown[] = [];
  for (const field of fields) {
    domain.push([
      field,
      'in',
      [...new Set(entries.map((entry) => entry.key[field]).filter((value) => value !== undefined))],
    ]);
  }
  const candidates = await client.searchRead(model, domain, fields, { context: { active_test: false } });
  const rows: Array<Record<string, unknown>> = [];
  for (const entry of entries) {
    const matches = candidates.filter((candidate) =>
      Object.entries(entry.key).every(([field, value]) => candidate[field] === value),
    );
    const [match] = matches;
    if (!match || matches.length > 1) continue;
    const { module, name } = parseXmlid(entry.xmlid);
    rows.push(encodeValues(MODEL_DATA, { module, name, model, resId: match.id, noupdate: false }));
    adopted.set(entry.xmlid, match.id);
  }
  if (rows.length > 0) await client.create(MODEL_DATA.model, rows);
  return adopted;
}
