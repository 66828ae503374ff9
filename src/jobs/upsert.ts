import type { OdooClient } from '../connectors/odoo/client.js';
import { OdooError } from '../connectors/odoo/errors.js';
import {
  applyRecordActions,
  type KeyedRow,
  type PlainNormalizer,
  plainValues,
  readByExternalId,
  type UpsertOutcome,
} from '../connectors/odoo/keyed-records.js';
import { planRecords, type RecordAction } from '../rules/record-plan.js';

export type { KeyedRow, UpsertOutcome };

export interface UpsertOptions {
  /** Plan only: nothing is written; the outcomes say what would happen. */
  dryRun?: boolean;
  normalize?: PlainNormalizer;
  chunkSize?: number;
  context?: Record<string, unknown>;
  /** Values added to a row only when it is created (see `DeclaredRecord.createValues`). */
  createOnly?: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

export interface UpsertResult {
  outcomes: UpsertOutcome[];
  plan: RecordAction[];
}

/**
 * Creates or updates records keyed by external ID, writing only what changed:
 * read (one ir.model.data and one record read per 1,000 keys) → plan (pure
 * rule) → apply (grouped writes, atomic load() for creates).
 */
export async function upsertByExternalId(
  client: OdooClient,
  model: string,
  rows: readonly KeyedRow[],
  options: UpsertOptions = {},
): Promise<UpsertResult> {
  const fieldNames = [...new Set(rows.flatMap((row) => Object.keys(row.values)))];
  const fields = await client.fieldsGet(model, fieldNames);
  const { current, foreign } = await readByExternalId(
    client,
    model,
    rows.map((row) => row.xmlid),
    fieldNames,
    fields,
    options.normalize,
  );
  const own = rows.filter((row) => !foreign.has(row.xmlid));
  const plan = planRecords(
    own.map((row) => ({ key: row.xmlid, values: plainValues(row.values, fields, options.normalize) })),
    current,
  );
  const refused: UpsertOutcome[] = rows
    .filter((row) => foreign.has(row.xmlid))
    .map((row) => ({
      xmlid: row.xmlid,
      action: 'failed',
      error: new OdooError({
        code: 'validation',
        message: `External ID ${row.xmlid} points to ${foreign.get(row.xmlid)}, not to ${model}`,
        model,
      }),
    }));
  if (options.dryRun) {
    const planned = plan.map((action): UpsertOutcome => {
      if (action.action === 'create') return { xmlid: action.key, action: 'create' };
      if (action.action === 'update')
        return { xmlid: action.key, action: 'update', id: action.id, changed: Object.keys(action.values) };
      return { xmlid: action.key, action: 'unchanged', id: action.id };
    });
    return { outcomes: inInputOrder(rows, [...planned, ...refused]), plan };
  }
  const creating = new Set(plan.filter((action) => action.action === 'create').map((action) => action.key));
  const applied = await applyRecordActions(
    client,
    model,
    plan,
    new Map(
      own.map((row) => [
        row.xmlid,
        creating.has(row.xmlid) ? { ...options.createOnly?.get(row.xmlid), ...row.values } : row.values,
      ]),
    ),
    fields,
    {
      ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
      ...(options.context ? { context: options.context } : {}),
    },
  );
  return { outcomes: inInputOrder(rows, [...applied, ...refused]), plan };
}

function inInputOrder(rows: readonly KeyedRow[], outcomes: readonly UpsertOutcome[]): UpsertOutcome[] {
  const byKey = new Map(outcomes.map((outcome) => [outcome.xmlid, outcome]));
  return rows.map(
    (row) =>
      byKey.get(row.xmlid) ?? {
        xmlid: row.xmlid,
        action: 'failed',
        error: new OdooError({ code: 'protocol', message: `no outcome recorded for ${row.xmlid}` }),
      },
  );
}
