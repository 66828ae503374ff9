import { createHash } from 'node:crypto';
import type { OdooClient, OdooRecord } from '../../src/connectors/odoo/client.js';

/**
 * The end state of a database as the bridge's jobs leave it, comparable between two copies of
 * one database without their ids: every record of the models named, every stored field, links
 * to records the copies shared (ids up to the baseline) by id, links to records made since by
 * what those records hold. Two runs that end alike give equal states, whatever order they
 * created their records in; a record twice, one missing or one value apart shows as a
 * difference. Values of the clock (create and write dates, a "sent at") are only said to be set.
 */

export interface ModelSpec {
  model: string;
  domain?: readonly unknown[];
  /** Fields left out (besides ids and Odoo's own stamps). */
  exclude?: readonly string[];
}

/** Per model, the highest id the copies shared: above it a record is new. */
export type Baseline = ReadonlyMap<string, number>;

/** Per model, the sorted signatures of its records. */
export type EndState = Map<string, string[]>;

interface FieldInfo {
  type: string;
  store?: boolean;
  relation?: string;
  /** A many2one_reference's field that holds the model (`res_model` for `res_id`). */
  model_field?: string;
}

const ALWAYS_EXCLUDED = new Set([
  'id',
  'create_date',
  'write_date',
  '__last_update',
  // Odoo's caches and bookkeeping, not the bridge's writes.
  'message_main_attachment_id',
  'avatar_128',
  'image_128',
]);

/** Random per record (access tokens, mail Message-Id headers, WhatsApp message ids): only whether one is set. */
const RANDOM_FIELDS = /token|^message_id$|uuid|wamid|^store_fname$/;

export async function readBaseline(client: OdooClient, models: readonly ModelSpec[]): Promise<Baseline> {
  const baseline = new Map<string, number>();
  for (const { model } of models) {
    const [last] = await client.searchRead(model, [], ['id'], {
      order: 'id desc',
      limit: 1,
      context: { active_test: false },
    });
    baseline.set(model, last?.id ?? 0);
  }
  return baseline;
}

/** Fields by database and model: copies of one database have the same (the module is installed before). */
const fieldCache = new Map<string, Record<string, FieldInfo>>();

async function fieldsOfModel(client: OdooClient, model: string): Promise<Record<string, FieldInfo>> {
  const key = `${client.version.major}:${model}`;
  let fields = fieldCache.get(key);
  if (!fields) {
    fields = await client.call<Record<string, FieldInfo>>(model, 'fields_get', [], {
      attributes: ['type', 'store', 'relation', 'model_field'],
    });
    fieldCache.set(key, fields);
  }
  return fields;
}

export interface Clock {
  /** Instants in this window are the clock's: any run of the test writes a different one. */
  from: Date;
  to: Date;
}

export async function readEndState(
  client: OdooClient,
  models: readonly ModelSpec[],
  baseline: Baseline,
  clock: Clock,
): Promise<EndState> {
  const records = new Map<string, Map<number, Record<string, unknown>>>();
  const fieldsOf = new Map<string, Record<string, FieldInfo>>();
  for (const spec of models) {
    const all = await fieldsOfModel(client, spec.model);
    const exclude = new Set(spec.exclude ?? []);
    // Text is compared with clock stamps and random tokens (UUIDs) in it said to be there only.
    const fields = Object.fromEntries(
      Object.entries(all).filter(
        ([name, info]) =>
          info.store && info.type !== 'one2many' && !ALWAYS_EXCLUDED.has(name) && !exclude.has(name),
      ),
    );
    fieldsOf.set(spec.model, fields);
    const rows = new Map<number, Record<string, unknown>>();
    for await (const page of client.searchPages<OdooRecord>(
      spec.model,
      [...(spec.domain ?? [])],
      Object.keys(fields),
      { pageSize: 1000, context: { active_test: false, bin_size: false } },
    ))
      for (const row of page) rows.set(row.id, row);
    records.set(spec.model, rows);
  }

  const isNew = (model: string, id: number) => id > (baseline.get(model) ?? Number.POSITIVE_INFINITY);

  /** A record's values; links to new records as `~model` (shallow) or as that record's shallow signature (deep). */
  const valuesOf = (model: string, row: Record<string, unknown>, deep: boolean): Record<string, unknown> => {
    const fields = fieldsOf.get(model) ?? {};
    const link = (target: string | undefined, id: unknown): unknown => {
      if (typeof id !== 'number' || !target) return id ?? false;
      if (!isNew(target, id)) return `#${id}`;
      const linked = records.get(target)?.get(id);
      if (!deep || !linked) return `~${target}`;
      return `~${target}${JSON.stringify(valuesOf(target, linked, false))}`;
    };
    const out: Record<string, unknown> = {};
    for (const [name, info] of Object.entries(fields)) {
      const value = row[name];
      if (RANDOM_FIELDS.test(name)) {
        out[name] = value ? 'set' : false;
        continue;
      }
      switch (info.type) {
        case 'many2one':
          out[name] = link(info.relation, Array.isArray(value) ? value[0] : value);
          break;
        case 'many2many':
          out[name] = Array.isArray(value)
            ? value
                .map((id) => link(info.relation, id))
                .map(String)
                .sort()
            : [];
          break;
        case 'many2one_reference': {
          const target = info.model_field ? row[info.model_field] : undefined;
          out[name] = link(typeof target === 'string' ? target : undefined, value);
          break;
        }
        case 'binary':
          out[name] =
            typeof value === 'string' && value ? createHash('sha1').update(value).digest('hex') : false;
          break;
        case 'datetime':
          out[name] = clockValue(value, clock);
          break;
        case 'char':
        case 'text':
        case 'html':
          out[name] = typeof value === 'string' ? maskClockInText(value, clock) : value;
          break;
        default:
          out[name] = value;
      }
    }
    return out;
  };

  const state: EndState = new Map();
  for (const spec of models) {
    const rows = records.get(spec.model) ?? new Map();
    state.set(
      spec.model,
      [...rows.values()]
        .map((row) =>
          JSON.stringify({
            // A record both copies had is itself: its id says which.
            ...(isNew(spec.model, row.id) ? {} : { id: `#${row.id}` }),
            ...valuesOf(spec.model, row, true),
          }),
        )
        .sort(),
    );
  }
  return state;
}

function clockValue(value: unknown, clock: Clock): unknown {
  if (typeof value !== 'string' || !value) return value;
  const at = Date.parse(`${value.replace(' ', 'T')}Z`);
  return at >= clock.from.getTime() && at <= clock.to.getTime() ? 'clock' : value;
}

const STAMP = /\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?/g;

// Access tokens Odoo makes at random (a survey answer's `answer_token` in an invitation's link).
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

function maskClockInText(text: string, clock: Clock): string {
  return text.replace(UUID, 'uuid').replace(STAMP, (stamp) => {
    const at = Date.parse(stamp.includes('T') ? stamp : `${stamp.replace(' ', 'T')}Z`);
    return at >= clock.from.getTime() && at <= clock.to.getTime() ? 'clock' : stamp;
  });
}

/** What one state has that the other lacks, per model: at most `limit` lines each way. */
export function diffEndStates(expected: EndState, actual: EndState, limit = 3): string[] {
  const lines: string[] = [];
  for (const [model, want] of expected) {
    const got = actual.get(model) ?? [];
    const missing = multisetMinus(want, got);
    const extra = multisetMinus(got, want);
    if (missing.length === 0 && extra.length === 0) continue;
    lines.push(`${model}: ${want.length} expected, ${got.length} found`);
    for (const row of missing.slice(0, limit)) lines.push(`  - ${row.slice(0, 600)}`);
    for (const row of extra.slice(0, limit)) lines.push(`  + ${row.slice(0, 600)}`);
  }
  return lines;
}

function multisetMinus(from: readonly string[], take: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const item of take) counts.set(item, (counts.get(item) ?? 0) + 1);
  const left: string[] = [];
  for (const item of from) {
    const count = counts.get(item) ?? 0;
    if (count > 0) counts.set(item, count - 1);
    else left.push(item);
  }
  return left;
}
