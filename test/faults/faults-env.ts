import { spawnSync } from 'node:child_process';
import { describe, it } from 'vitest';
import type { OdooConfig } from '../../config/schema.js';
import type { OdooClient, OdooRecord } from '../../src/connectors/odoo/client.js';
import { liveOdoo } from '../live/live-env.js';

/**
 * What the fault tests need besides a live Odoo: `FAULTS_PG`, a PostgreSQL URL whose role owns
 * `ODOO_DB` (they snapshot the database before a job and restore it before each faulted run).
 */
export function faultsOdoo(): { config: OdooConfig; pg: string } | { skip: string } {
  const live = liveOdoo();
  if ('skip' in live) return { skip: live.skip.replace('live tests', 'fault tests') };
  const pg = process.env.FAULTS_PG;
  if (!pg) {
    const skip =
      'fault tests skipped: set FAULTS_PG to a PostgreSQL URL whose role owns ODOO_DB (e.g. postgresql://odoo19:odoo19@127.0.0.1:5432/postgres): each faulted run starts from a snapshot of the database';
    console.warn(skip);
    return { skip };
  }
  return { config: live.config, pg };
}

export function describeFaults(name: string, body: (config: OdooConfig, pg: string) => void): void {
  const env = faultsOdoo();
  if ('skip' in env) {
    describe(name, () => {
      it.skip(env.skip, () => {});
    });
  } else {
    describe(name, () => body(env.config, env.pg));
  }
}

function psql(pg: string, sql: string): { ok: boolean; error: string } {
  const run = spawnSync('psql', [pg, '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
  return { ok: run.status === 0, error: `${run.stderr ?? ''}${run.error?.message ?? ''}` };
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (name: string) => `'${name.replace(/'/g, "''")}'`;

/**
 * `to` becomes a copy of `from` (CREATE DATABASE … TEMPLATE): a second or two for a test
 * database. Sessions on either are ended first (Odoo's pool, idle cron connections); Odoo
 * drops a pooled connection it finds ended and opens another.
 */
export function copyDatabase(pg: string, from: string, to: string): void {
  const end = (names: string[]) =>
    psql(
      pg,
      // With a timeout, pg_terminate_backend waits for the session to end (PostgreSQL 14+):
      // CREATE DATABASE would otherwise wait 5 s for a session still ending, then fail.
      `select pg_terminate_backend(pid, 3000) from pg_stat_activity where datname in (${names.map(literal).join(',')}) and pid <> pg_backend_pid() and usename = current_user`,
    );
  end([from, to]);
  dropDatabase(pg, to);
  let last = '';
  for (let attempt = 0; attempt < 20; attempt += 1) {
    end([from]);
    const made = psql(pg, `create database ${quoted(to)} template ${quoted(from)}`);
    if (made.ok) return;
    last = made.error;
    spawnSync('sleep', ['0.3']);
  }
  throw new Error(`could not copy ${from} to ${to}: ${last}`);
}

/**
 * Drops a database, ending our own sessions on it. A session of another role there (an
 * autovacuum worker, a monitoring query) makes `WITH (FORCE)` refuse: a plain drop then waits
 * for it, tried again for a while.
 */
export function dropDatabase(pg: string, name: string): void {
  let last = '';
  for (let attempt = 0; attempt < 30; attempt += 1) {
    const dropped = psql(
      pg,
      `drop database if exists ${quoted(name)}${attempt % 2 === 0 ? ' with (force)' : ''}`,
    );
    if (dropped.ok) return;
    last = dropped.error;
    spawnSync('sleep', ['0.5']);
  }
  throw new Error(`could not drop ${name}: ${last}`);
}

/** Models whose records a job may write, and what of them is compared (never ids or timestamps). */
const COMPARED_MODELS = [
  'x_h23_unit',
  'x_h23_wor',
  'x_h23_followup',
  'x_h23_daily_summary',
  'x_h23_data_quality',
  'x_h23_wa_message',
  'x_h23_notice',
  'x_h23_complaint',
  'calendar.event',
];
const SKIPPED_TYPES = new Set(['one2many', 'many2many', 'binary', 'datetime', 'html', 'properties', 'json']);
const SKIPPED_FIELDS = new Set([
  'id',
  'display_name',
  'create_uid',
  'write_uid',
  'message_main_attachment_id',
  'access_token',
  // Odoo's own bookkeeping on events and activities.
  'recurrence_id',
  'attendee_ids',
  // Meta's message id: the emulator numbers its messages across the whole test run. Which
  // follow-up Meta was asked to send, and how often, is compared apart ("meta sends").
  'x_wamid',
]);

/** A record's values as text, many-to-ones by the linked record's name (ids differ between runs). */
function canonical(row: OdooRecord, fields: readonly string[]): string {
  return JSON.stringify(
    fields.map((name) => {
      const value = row[name];
      return Array.isArray(value) ? value[1] : value;
    }),
  );
}

export type DatabaseState = Record<string, string[]>;

/**
 * Everything the bridge's jobs write, without ids or times: each model's records as sorted
 * value lists; owners by key; activities, chatter lines and external IDs on the bridge's
 * records. Two runs ended alike when their states are equal: no duplicate, nothing missing.
 */
export async function readState(admin: OdooClient): Promise<DatabaseState> {
  const state: DatabaseState = {};
  const context = { active_test: false };
  for (const model of COMPARED_MODELS) {
    const meta = await admin.call<Record<string, { type: string; store?: boolean }>>(
      model,
      'fields_get',
      [],
      {
        attributes: ['type', 'store'],
      },
    );
    const fields = Object.entries(meta)
      .filter(([name, field]) => field.store && !SKIPPED_TYPES.has(field.type) && !SKIPPED_FIELDS.has(name))
      .filter(([name]) => !name.startsWith('message_') && !name.startsWith('activity_'))
      .map(([name]) => name)
      .sort();
    const rows = await admin.searchRead(model, [], fields, { context });
    state[model] = rows.map((row) => canonical(row, fields)).sort();
  }
  const partnerFields = ['name', 'x_h23_key', 'street', 'city', 'phone', 'email'];
  state['res.partner'] = (
    await admin.searchRead('res.partner', [['x_h23_key', '!=', false]], partnerFields, { context })
  )
    .map((row) => canonical(row, partnerFields))
    .sort();
  const activityFields = [
    'res_model',
    'res_name',
    'activity_type_id',
    'summary',
    'date_deadline',
    'user_id',
    'active',
  ];
  state['mail.activity'] = (
    await admin.searchRead('mail.activity', [['res_model', '=like', 'x_h23_%']], activityFields, { context })
  )
    .map((row) => canonical(row, activityFields))
    .sort();
  const messageFields = ['model', 'record_name', 'message_type', 'subtype_id', 'body'];
  state['mail.message'] = (
    await admin.searchRead('mail.message', [['model', '=like', 'x_h23_%']], messageFields, { context })
  )
    .map((row) => canonical(row, messageFields).replace(/\d{2}:\d{2}(:\d{2})?/g, 'HH:MM'))
    .sort();
  const dataFields = ['module', 'name', 'model'];
  state['ir.model.data'] = (
    await admin.searchRead('ir.model.data', [['model', '=like', 'x_h23_%']], dataFields, { context })
  )
    .map((row) => canonical(row, dataFields))
    .sort();
  return state;
}

/** What differs between two states, per model: rows only in the expected one, rows only in the other. */
export function stateDifferences(expected: DatabaseState, actual: DatabaseState): string[] {
  const lines: string[] = [];
  for (const model of Object.keys(expected)) {
    const want = [...(expected[model] ?? [])];
    const got = [...(actual[model] ?? [])];
    const missing: string[] = [];
    const left = new Map<string, number>();
    for (const row of got) left.set(row, (left.get(row) ?? 0) + 1);
    for (const row of want) {
      const count = left.get(row) ?? 0;
      if (count > 0) left.set(row, count - 1);
      else missing.push(row);
    }
    const extra = [...left.entries()].flatMap(([row, count]) => Array.from({ length: count }, () => row));
    if (missing.length || extra.length)
      lines.push(
        `${model}: ${missing.length} missing${missing[0] ? ` (e.g. ${missing[0].slice(0, 160)})` : ''}, ${extra.length} extra${extra[0] ? ` (e.g. ${extra[0].slice(0, 160)})` : ''}`,
      );
  }
  return lines;
}
