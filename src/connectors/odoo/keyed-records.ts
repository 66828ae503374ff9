import type { CurrentRecord, PlainValue, RecordAction } from '../../rules/record-plan.js';
import { chunk, type RecordUpdate } from './batching.js';
import type { ItemOutcome, OdooClient } from './client.js';
import { OdooError } from './errors.js';
import { resolveXmlids } from './external-ids.js';
import { type FieldMap, type LoadTable, toLoadTable, toPlainValue, toUpdateTable } from './field-values.js';

/** Per-field rewrites applied to both sides before comparing (Odoo reformats some texts it stores). */
export type PlainNormalizer = (field: string, value: PlainValue) => PlainValue;

export interface KeyedRow {
  xmlid: string;
  /** Values in `create`/`write` form: ids for links, `[[6, 0, ids]]` for sets. */
  values: Record<string, unknown>;
}

export interface UpsertOutcome {
  xmlid: string;
  action: 'create' | 'update' | 'unchanged' | 'failed';
  id?: number;
  /** The fields written, for `update`. */
  changed?: string[];
  error?: OdooError;
}

export function plainValues(
  values: Readonly<Record<string, unknown>>,
  fields: FieldMap,
  normalize?: PlainNormalizer,
): Record<string, PlainValue> {
  const plain: Record<string, PlainValue> = {};
  for (const [name, value] of Object.entries(values)) {
    const converted = toPlainValue(value, fields[name]);
    plain[name] = normalize ? normalize(name, converted) : converted;
  }
  return plain;
}

export interface CurrentState {
  current: Map<string, CurrentRecord>;
  /** Keys that exist but point to a record of another model: never overwritten. */
  foreign: Map<string, string>;
}

/**
 * The records behind external IDs, with the given fields in plain form. One
 * `ir.model.data` read and one record read per 1,000 keys. A key whose record
 * was deleted counts as absent (load() then drops the stale key and creates again).
 */
export async function readByExternalId(
  client: OdooClient,
  model: string,
  xmlids: readonly string[],
  fieldNames: readonly string[],
  fields: FieldMap,
  normalize?: PlainNormalizer,
): Promise<CurrentState> {
  const refs = await resolveXmlids(client, xmlids);
  const foreign = new Map<string, string>();
  const idToKey = new Map<number, string>();
  for (const [xmlid, found] of refs) {
    if (found.model !== model) foreign.set(xmlid, `${found.model}(${found.id})`);
    else idToKey.set(found.id, xmlid);
  }
  const current = new Map<string, CurrentRecord>();
  const records = await client.read(model, [...idToKey.keys()], fieldNames, {
    context: { active_test: false },
  });
  for (const record of records) {
    const key = idToKey.get(record.id);
    if (key) current.set(key, { id: record.id, values: plainValues(record, fields, normalize) });
  }
  return { current, foreign };
}

interface LoadReply {
  ids: number[] | false;
  messages: Array<{ type: string; message: string; record?: number; field?: string }>;
}

/**
 * Applies a plan: updates as `write`s grouped by identical changes, creates
 * through `load`, which makes each record and its external ID in one
 * transaction, so a crash never leaves a record without its key.
 */
export async function applyRecordActions(
  client: OdooClient,
  model: string,
  actions: readonly RecordAction[],
  rows: ReadonlyMap<string, Record<string, unknown>>,
  fields: FieldMap,
  options: { chunkSize?: number; context?: Record<string, unknown> } = {},
): Promise<UpsertOutcome[]> {
  const outcomes: UpsertOutcome[] = [];
  const updates = actions.flatMap((action) =>
    action.action === 'update'
      ? [
          {
            id: action.id,
            key: action.key,
            values: pick(rows.get(action.key) ?? {}, Object.keys(action.values)),
          },
        ]
      : [],
  );
  const written = await client.write(model, updates, options.context ? { context: options.context } : {});
  for (const outcome of written) {
    const update = updates[outcome.index];
    if (!update) continue;
    outcomes.push(
      outcome.error
        ? { xmlid: update.key, action: 'failed', id: update.id, error: outcome.error }
        : { xmlid: update.key, action: 'update', id: update.id, changed: Object.keys(update.values) },
    );
  }
  for (const action of actions) {
    if (action.action === 'unchanged')
      outcomes.push({ xmlid: action.key, action: 'unchanged', id: action.id });
  }
  const creates = actions.flatMap((action) =>
    action.action === 'create' ? [{ xmlid: action.key, values: rows.get(action.key) ?? {} }] : [],
  );
  for (const part of chunk(creates, options.chunkSize ?? 500)) {
    outcomes.push(...(await loadRows(client, model, part, fields, options.context)));
  }
  return outcomes;
}

function pick(values: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, values[name] ?? false]));
}

/**
 * Runs `load` on rows, taking out the rows it refuses until the rest go in:
 * `load` rolls the whole batch back when any row fails and names the failing
 * rows in its messages. Outcomes by input position.
 */
async function loadRefusingBadRows<Row>(
  client: OdooClient,
  model: string,
  rows: readonly Row[],
  toTable: (rows: readonly Row[]) => LoadTable,
  context: Record<string, unknown>,
): Promise<ItemOutcome[]> {
  const outcomes: ItemOutcome[] = [];
  let pending = rows.map((row, index) => ({ row, index }));
  while (pending.length > 0) {
    const table = toTable(pending.map((item) => item.row));
    const reply = await client.call<LoadReply>(
      model,
      'load',
      [],
      { fields: table.columns, data: table.data },
      // Keyed (external ID or database id): sending it twice writes the same records, so a retry is safe.
      { idempotent: true, context: { tz: 'UTC', tracking_disable: true, ...context } },
    );
    const errors = reply.messages.filter((message) => message.type === 'error');
    if (reply.ids && errors.length === 0) {
      const ids = reply.ids;
      pending.forEach((item, at) => {
        const id = ids[at];
        outcomes.push(id === undefined ? { index: item.index } : { index: item.index, id });
      });
      break;
    }
    const refused = new Map<number, string[]>();
    for (const error of errors) {
      const at = error.record ?? -1;
      refused.set(at, [
        ...(refused.get(at) ?? []),
        error.field ? `${error.field}: ${error.message}` : error.message,
      ]);
    }
    // A failure load cannot pin on a row refuses the whole batch.
    if (refused.has(-1) || [...refused.keys()].every((at) => at >= pending.length)) {
      const message =
        errors.map((error) => error.message).join('; ') || 'load() wrote nothing and gave no reason';
      for (const item of pending) outcomes.push({ index: item.index, error: loadError(model, message) });
      break;
    }
    pending.forEach((item, at) => {
      const messages = refused.get(at);
      if (messages) outcomes.push({ index: item.index, error: loadError(model, messages.join('; ')) });
    });
    pending = pending.filter((_, at) => !refused.has(at));
  }
  return outcomes.sort((a, b) => a.index - b.index);
}

function loadError(model: string, message: string): OdooError {
  return new OdooError({ code: 'validation', message, model, method: 'load' });
}

/** Creates keyed rows through `load`: record and external ID in one transaction. */
async function loadRows(
  client: OdooClient,
  model: string,
  rows: readonly KeyedRow[],
  fields: FieldMap,
  context: Record<string, unknown> = {},
): Promise<UpsertOutcome[]> {
  const outcomes = await loadBySignature(rows, Number.POSITIVE_INFINITY, (part) =>
    loadRefusingBadRows(client, model, part, (some) => toLoadTable(model, some, fields), context),
  );
  return outcomes.map((outcome): UpsertOutcome => {
    const xmlid = rows[outcome.index]?.xmlid ?? '';
    if (outcome.error) {
      return {
        xmlid,
        action: 'failed',
        error: loadError(model, `${xmlid}: ${outcome.error.message}`),
      };
    }
    return outcome.id === undefined
      ? { xmlid, action: 'create' }
      : { xmlid, action: 'create', id: outcome.id };
  });
}

/**
 * Updates many records with different values in one call per chunk: `load`
 * with a `.id` column writes each row to its record (a `write` per distinct
 * value would cost a call per record). Rows are grouped by the fields they set,
 * since a load table has one set of columns. Outcomes by input position.
 */
export async function loadUpdates(
  client: OdooClient,
  model: string,
  updates: readonly RecordUpdate[],
  fields: FieldMap,
  options: { chunkSize?: number; context?: Record<string, unknown> } = {},
): Promise<ItemOutcome[]> {
  return loadBySignature(updates, options.chunkSize ?? 2000, (part) =>
    loadRefusingBadRows(
      client,
      model,
      part,
      (some) => toUpdateTable(model, some, fields),
      options.context ?? {},
    ),
  );
}

/**
 * Loads rows in tables of rows that set the same fields, `chunkSize` rows at most; outcomes
 * by input position. A load table has one set of columns and a cell left empty is written
 * (a boolean as false), so a field a row does not set must not be a column of its table: it
 * keeps Odoo's default. Seen on Odoo 18: custom fields loaded beside computed ones got
 * `store` = false from the empty cell, and no column.
 */
async function loadBySignature<Row extends { values: Readonly<Record<string, unknown>> }>(
  rows: readonly Row[],
  chunkSize: number,
  load: (part: readonly Row[]) => Promise<ItemOutcome[]>,
): Promise<ItemOutcome[]> {
  const outcomes: ItemOutcome[] = [];
  for (const positions of groupBySignature(rows).values()) {
    for (const part of chunk(positions, Math.min(chunkSize, positions.length) || 1)) {
      const done = await load(part.map((index) => rows[index] as Row));
      for (const outcome of done) outcomes.push({ ...outcome, index: part[outcome.index] ?? -1 });
    }
  }
  return outcomes.sort((a, b) => a.index - b.index);
}

/** Positions of the rows by the set of fields they carry (one load table each). */
function groupBySignature(
  rows: ReadonlyArray<{ values: Readonly<Record<string, unknown>> }>,
): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  rows.forEach((row, index) => {
    const signature = Object.keys(row.values).sort().join(',');
    groups.set(signature, [...(groups.get(signature) ?? []), index]);
  });
  return groups;
}
