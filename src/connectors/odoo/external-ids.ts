import { chunk } from './batching.js';
import type { OdooClient } from './client.js';
import { OdooError } from './errors.js';
import { changedValues, type FieldMap, toLoadTable } from './field-values.js';

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

type ModelDataRow = {
  id: number;
  module: string;
  name: string;
  model: string;
  res_id: number;
};

/** Resolves many external IDs with one `ir.model.data` read per chunk; unknown ones are absent from the map. */
export async function resolveXmlids(
  client: OdooClient,
  xmlids: readonly string[],
): Promise<Map<string, RecordRef>> {
  const found = new Map<string, RecordRef>();
  const wanted = new Set(xmlids);
  for (const part of chunk([...wanted], 1000)) {
    const parsed = part.map(parseXmlid);
    const rows = await client.searchRead<ModelDataRow>(
      'ir.model.data',
      [
        ['module', 'in', [...new Set(parsed.map((p) => p.module))]],
        ['name', 'in', parsed.map((p) => p.name)],
      ],
      ['module', 'name', 'model', 'res_id'],
    );
    for (const row of rows) {
      const xmlid = `${row.module}.${row.name}`;
      if (wanted.has(xmlid)) found.set(xmlid, { model: row.model, id: row.res_id });
    }
  }
  return found;
}

/** The record behind one external ID, or null. */
export async function ref(client: OdooClient, xmlid: string): Promise<RecordRef | null> {
  return (await resolveXmlids(client, [xmlid])).get(xmlid) ?? null;
}

export interface UpsertRow {
  xmlid: string;
  values: Record<string, unknown>;
}

export type UpsertAction = 'create' | 'update' | 'unchanged' | 'failed';

export interface UpsertOutcome {
  xmlid: string;
  action: UpsertAction;
  id?: number;
  /** The fields written, for `update`. */
  changed?: string[];
  error?: OdooError;
}

interface LoadReply {
  ids: number[] | false;
  messages: Array<{ type: string; message: string; record?: number; field?: string }>;
}

/**
 * Creates or updates records keyed by external ID, writing only what changed.
 * Reads: one `ir.model.data` and one record read per 1,000 keys. Writes: one
 * `write` per group of identical changes; new records go through `load`, which
 * creates each record and its external ID in the same transaction, so a crash
 * can never leave a record without its key (and a re-run never duplicates it).
 */
export async function upsertByExternalId(
  client: OdooClient,
  model: string,
  rows: readonly UpsertRow[],
  options: { chunkSize?: number } = {},
): Promise<UpsertOutcome[]> {
  const fieldNames = [...new Set(rows.flatMap((row) => Object.keys(row.values)))];
  const fields = await client.fieldsGet(model, fieldNames);
  const existing = await resolveXmlids(
    client,
    rows.map((row) => row.xmlid),
  );
  const outcomes = new Map<string, UpsertOutcome>();
  const toCreate: UpsertRow[] = [];
  const toRead: Array<{ row: UpsertRow; id: number }> = [];
  for (const row of rows) {
    const found = existing.get(row.xmlid);
    if (!found) toCreate.push(row);
    else if (found.model !== model) {
      outcomes.set(row.xmlid, {
        xmlid: row.xmlid,
        action: 'failed',
        error: new OdooError({
          code: 'validation',
          message: `External ID ${row.xmlid} points to ${found.model}(${found.id}), not to ${model}`,
          model,
        }),
      });
    } else toRead.push({ row, id: found.id });
  }

  const current = new Map<number, Record<string, unknown>>();
  const records = await client.read(
    model,
    toRead.map((item) => item.id),
    fieldNames,
    { context: { active_test: false } },
  );
  for (const record of records) current.set(record.id, record);

  const updates: Array<{ id: number; values: Record<string, unknown>; xmlid: string }> = [];
  for (const { row, id } of toRead) {
    const record = current.get(id);
    // The external ID outlived its record: load() drops the stale key and creates again.
    if (!record) {
      toCreate.push(row);
      continue;
    }
    const changed = changedValues(record, row.values, fields);
    if (Object.keys(changed).length === 0)
      outcomes.set(row.xmlid, { xmlid: row.xmlid, action: 'unchanged', id });
    else updates.push({ id, values: changed, xmlid: row.xmlid });
  }

  const writeOutcomes = await client.write(model, updates);
  for (const outcome of writeOutcomes) {
    const update = updates[outcome.index];
    if (!update) continue;
    outcomes.set(
      update.xmlid,
      outcome.error
        ? { xmlid: update.xmlid, action: 'failed', id: update.id, error: outcome.error }
        : { xmlid: update.xmlid, action: 'update', id: update.id, changed: Object.keys(update.values) },
    );
  }

  for (const part of chunk(toCreate, options.chunkSize ?? 500)) {
    for (const outcome of await loadRows(client, model, part, fields)) outcomes.set(outcome.xmlid, outcome);
  }
  return rows.map(
    (row) =>
      outcomes.get(row.xmlid) ?? {
        xmlid: row.xmlid,
        action: 'failed',
        error: new OdooError({ code: 'protocol', message: 'no outcome recorded', model }),
      },
  );
}

/**
 * `load` rolls the whole batch back when any row fails and names the failing
 * rows in its messages: report those, then load the rest again.
 */
async function loadRows(
  client: OdooClient,
  model: string,
  rows: readonly UpsertRow[],
  fields: FieldMap,
): Promise<UpsertOutcome[]> {
  const outcomes: UpsertOutcome[] = [];
  let pending = [...rows];
  while (pending.length > 0) {
    const table = toLoadTable(model, pending, fields);
    const reply = await client.call<LoadReply>(
      model,
      'load',
      [],
      { fields: table.columns, data: table.data },
      {
        idempotent: true,
        context: { tz: 'UTC', tracking_disable: true },
      },
    );
    const errors = reply.messages.filter((message) => message.type === 'error');
    if (reply.ids && errors.length === 0) {
      pending.forEach((row, index) => {
        const id = (reply.ids as number[])[index];
        outcomes.push(
          id === undefined
            ? { xmlid: row.xmlid, action: 'create' }
            : { xmlid: row.xmlid, action: 'create', id },
        );
      });
      return outcomes;
    }
    const refused = new Map<number, string[]>();
    for (const error of errors) {
      const index = error.record ?? -1;
      refused.set(index, [
        ...(refused.get(index) ?? []),
        error.field ? `${error.field}: ${error.message}` : error.message,
      ]);
    }
    // A failure load cannot pin on a row refuses the whole batch.
    if (refused.has(-1) || [...refused.keys()].every((index) => index >= pending.length)) {
      const message = errors.map((error) => error.message).join('; ');
      for (const row of pending) outcomes.push(failedLoad(row, model, message));
      return outcomes;
    }
    pending.forEach((row, index) => {
      const messages = refused.get(index);
      if (messages) outcomes.push(failedLoad(row, model, messages.join('; ')));
    });
    pending = pending.filter((_, index) => !refused.has(index));
  }
  return outcomes;
}

function failedLoad(row: UpsertRow, model: string, message: string): UpsertOutcome {
  return {
    xmlid: row.xmlid,
    action: 'failed',
    error: new OdooError({ code: 'validation', message: `${row.xmlid}: ${message}`, model, method: 'load' }),
  };
}
