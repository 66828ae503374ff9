import type { WorConfig } from '../../../config/schema.js';
import { BRANCH, WOR } from '../../module/models.js';
import { LOG_ACCESS } from '../../module/odoo-models.js';
import { parseServiceType } from '../../rules/import/wor.js';
import { localDateOfOdooDatetime } from '../../rules/local-time.js';
import type { RecordUpdate } from './batching.js';
import type { OdooClient } from './client.js';
import { type WriteError, writeGrouped } from './grouped-writes.js';
import { decodeRecord, encodeValues, fieldNames, type ValuesOf } from './schema-codec.js';
import { BULK_CONTEXT, readBranchesByDealerCode } from './unit-store.js';

/**
 * The dealer's own WOR model, when the config names one (`wor.model`, its
 * fields in `wor.fields`): checked against Odoo's `fields_get`, read by write
 * date, and mirrored into the module's `WOR` by source reference, where
 * the reconciliation and the admin's review happen.
 */

/** The WOR's input fields (what a WOR source or a Pra WO row gives), by the bridge's names. */
export type WorInputKey = keyof WorConfig['fields'];

/** A dealer WOR as the module's WOR values, keyed by `model,id`. */
export interface MirroredWor {
  sourceRef: string;
  writeDate: string;
  values: ValuesOf<typeof WOR>;
}

export interface WorSourceStore {
  /** One message per problem of the configured source, naming the config key; none when it is usable. */
  validateSource(config: WorConfig): Promise<string[]>;
  /** Dealer WORs written at or after `since`, oldest write first. */
  readSource(
    config: WorConfig,
    since: string | null,
    branchesByCode: ReadonlyMap<string, number>,
    timeZone: string,
  ): Promise<MirroredWor[]>;
  /** Mirrors dealer WORs into x_h23_wor by source reference; only changed input values are written. */
  upsertMirrored(
    rows: readonly MirroredWor[],
  ): Promise<{ created: number; updated: number; errors: WriteError[] }>;
  branchesByDealerCode(): Promise<Map<string, number>>;
}

/** Whether the config reads WORs from a model of the dealer's (mirrored), not the module's own. */
export function isDealerWorModel(config: WorConfig): boolean {
  return config.model !== WOR.model;
}

/** The configs found usable, per connection: `fields_get` is asked once per connection and config. */
const validated = new WeakMap<OdooClient, string>();

export class OdooWorSourceStore implements WorSourceStore {
  constructor(private readonly client: OdooClient) {}

  async validateSource(config: WorConfig): Promise<string[]> {
    const signature = JSON.stringify(config);
    if (validated.get(this.client) === signature) return [];
    let fields: Record<string, { type: string; relation?: string | false }>;
    try {
      fields = await this.client.call(config.model, 'fields_get', [], { attributes: ['type', 'relation'] });
    } catch (error) {
      return [
        `wor.model: Odoo has no model "${config.model}" the bridge may read (${(error as Error).message})`,
      ];
    }
    const problems = sourceFieldProblems(config, fields);
    if (problems.length === 0) validated.set(this.client, signature);
    return problems;
  }

  async readSource(
    config: WorConfig,
    since: string | null,
    branchesByCode: ReadonlyMap<string, number>,
    timeZone: string,
  ): Promise<MirroredWor[]> {
    const writeDate = LOG_ACCESS.writeDate.name;
    const mapping = Object.entries(config.fields).filter(
      (entry): entry is [WorInputKey, string] => entry[1] !== null,
    );
    const records = await this.client.searchRead(
      config.model,
      since ? [[writeDate, '>=', since]] : [],
      [...mapping.map(([, field]) => field), writeDate],
      { order: `${writeDate} asc, id asc`, idsOnly: true },
    );
    return records.map((record) => {
      const values: Record<string, unknown> = { source: 'tablet' };
      for (const [key, field] of mapping)
        values[key] = mirrorValue(key, record[field], branchesByCode, timeZone);
      return {
        sourceRef: `${config.model},${record.id}`,
        writeDate: String(record[writeDate] ?? ''),
        values: values as ValuesOf<typeof WOR>,
      };
    });
  }

  async upsertMirrored(
    rows: readonly MirroredWor[],
  ): Promise<{ created: number; updated: number; errors: WriteError[] }> {
    const errors: WriteError[] = [];
    if (rows.length === 0) return { created: 0, updated: 0, errors };
    const inputKeys = [...new Set(rows.flatMap((row) => Object.keys(row.values)))] as Array<
      keyof typeof WOR.fields
    >;
    const existing = await this.client.searchRead(
      WOR.model,
      [[WOR.f.sourceRef, 'in', rows.map((row) => row.sourceRef)]],
      fieldNames(WOR, ['sourceRef', ...inputKeys]),
      { idsOnly: true },
    );
    const byRef = new Map(
      existing.map((record) => {
        const wor = decodeRecord(WOR, ['sourceRef', ...inputKeys], record);
        return [String(wor.sourceRef), wor as Record<string, unknown> & { id: number }];
      }),
    );
    const creates: MirroredWor[] = [];
    const updates: RecordUpdate[] = [];
    for (const row of rows) {
      const record = byRef.get(row.sourceRef);
      if (!record) {
        creates.push(row);
        continue;
      }
      const changed: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(row.values)) {
        if ((record[key] ?? null) !== (value ?? null)) changed[key] = value;
      }
      // Cleared fingerprint: the reconciliation reads this WOR again although the bridge wrote it.
      if (Object.keys(changed).length > 0)
        updates.push({ id: record.id, values: encodeValues(WOR, { ...changed, reconciledKey: null }) });
    }
    const outcomes = await this.client.create(
      WOR.model,
      creates.map((row) => encodeValues(WOR, { ...row.values, sourceRef: row.sourceRef })),
      { chunkSize: 500, context: BULK_CONTEXT },
    );
    for (const outcome of outcomes) {
      if (outcome.error) {
        const record = creates[outcome.index]?.sourceRef ?? '';
        errors.push({ model: WOR.model, record, message: outcome.error.message });
      }
    }
    const updated = await writeGrouped(this.client, WOR.model, updates, errors);
    return { created: outcomes.filter((outcome) => outcome.id !== undefined).length, updated, errors };
  }

  branchesByDealerCode(): Promise<Map<string, number>> {
    return readBranchesByDealerCode(this.client);
  }
}

/** A dealer WOR's value as the module's WOR holds it; empty as null. */
function mirrorValue(
  key: WorInputKey,
  value: unknown,
  branchesByCode: ReadonlyMap<string, number>,
  timeZone: string,
): string | number | null {
  if (value === false || value === null || value === undefined || value === '') return null;
  if (key === 'branch') {
    if (typeof value === 'number') return value;
    return branchesByCode.get(String(value).trim().toUpperCase()) ?? null;
  }
  // A datetime is UTC in Odoo: the visit's date is the dealer's.
  if (key === 'visitDate') {
    const text = String(value);
    return text.length > 10 ? localDateOfOdooDatetime(text, timeZone) : text;
  }
  if (key === 'serviceType') return serviceTypeOf(String(value)) || null;
  return typeof value === 'string' ? value.trim() : String(value);
}

/** A dealer WOR model's service type, by the one parser the Pra WO import uses too; anything else is left empty. */
export function serviceTypeOf(text: string): string | false {
  const type = parseServiceType(text);
  return type === null || type === 'unknown' ? false : type;
}

const EXPECTED_TYPES: Readonly<Record<WorInputKey, readonly string[]>> = {
  name: ['char'],
  visitDate: ['date', 'datetime'],
  branch: ['many2one', 'char'],
  engineNumber: ['char'],
  carrierName: ['char'],
  carrierPhone: ['char'],
  carrierAddress: ['char', 'text'],
  frameNumber: ['char'],
  modelName: ['char', 'selection'],
  serviceType: ['selection', 'char'],
};

/**
 * Checks the configured WOR source against Odoo's `fields_get`: every named
 * field exists with a usable type. Returns one message per problem, naming
 * the config key.
 */
export function sourceFieldProblems(
  config: WorConfig,
  fields: Readonly<Record<string, { type: string; relation?: string | false }>>,
): string[] {
  const problems: string[] = [];
  for (const required of ['engineNumber', 'carrierName'] as const) {
    if (!config.fields[required]) problems.push(`wor.fields.${required}: required, but set to null`);
  }
  for (const [key, field] of Object.entries(config.fields)) {
    if (!field) continue;
    const info = fields[field];
    const where = `wor.fields.${key}`;
    if (!info) {
      const close = Object.keys(fields)
        .filter((name) => name.includes(field.replace(/^x_/, '').split('_')[0] ?? field))
        .slice(0, 5);
      problems.push(
        `${where}: "${config.model}" has no field "${field}"${close.length ? ` (fields with a similar name: ${close.join(', ')})` : ''}`,
      );
      continue;
    }
    const expected = EXPECTED_TYPES[key as WorInputKey] ?? [];
    if (!expected.includes(info.type)) {
      problems.push(`${where}: "${field}" is a ${info.type} field; expected ${expected.join(' or ')}`);
    } else if (key === 'branch' && info.type === 'many2one' && info.relation !== BRANCH.model) {
      problems.push(
        `${where}: "${field}" links to ${info.relation}; expected a link to ${BRANCH.model} or a char dealer code`,
      );
    }
  }
  return problems;
}
