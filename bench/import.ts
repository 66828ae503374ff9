/**
 * npm run bench:import -- [--units N] [--chunk C] [--keep]
 *
 * Against the live Odoo named by ODOO_URL, ODOO_DB, ODOO_USER, ODOO_PASSWORD / ODOO_API_KEY
 * (a throw-away database with the h23_crm module installed: it deletes every unit and every
 * owner the import made). In one run:
 *   1. writes a sample CDB of N units as XLSX (`h23-bridge sample`);
 *   2. into empty tables, loads the file's clean rows with Odoo's own bulk path, `load()`
 *      with tracking disabled as Odoo's import screen does (owners, then units linked by
 *      external ID), chunk by chunk: the yardstick. Its rows are prepared beforehand, so
 *      only Odoo's work is timed. It runs first, on the tables in their best state;
 *   3. empties the tables and imports the file end to end (read, check, plan, write);
 *   4. imports it again (nothing changed: must write nothing).
 * The bridge's imports run as `h23-bridge import` in a child process (built first), so the peak
 * RSS printed is the import's own. Prints rows/s, the ratios and Odoo calls per 1,000 rows.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load.js';
import { OdooClient } from '../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../src/connectors/odoo/from-config.js';
import { openReport } from '../src/connectors/reports/open-report.js';
import { writeSample } from '../src/jobs/sample.js';
import { silentLogger } from '../src/logging/logger.js';
import { CDB_REQUIRED, CdbCensus, type CdbRecord, parseCdbRow } from '../src/rules/import/cdb.js';
import { locateLayout } from '../src/rules/import/layout.js';
import { measure } from './measure.js';

const { values } = parseArgs({
  options: {
    units: { type: 'string', default: '100000' },
    chunk: { type: 'string', default: '2000' },
    keep: { type: 'boolean', default: false },
  },
});
const units = Number(values.units);
const today = '2026-11-23';
const config = loadConfig();
const importConfig = { ...config.import, chunkSize: Number(values.chunk) };
const client = await OdooClient.connect(connectionFromConfig(config.odoo), silentLogger());
const folder = await mkdtemp(join(tmpdir(), 'h23-bench-import-'));

/**
 * Deletes every unit, every owner an import made (owners carry the H23 key) and the
 * yardstick's partners (keyed by external ID only): left behind, they would be partners
 * Odoo already had, which the bridge adopts by phone and name instead of creating.
 */
async function emptyTables(): Promise<void> {
  const yardstickPartners = await client.searchRead(
    'ir.model.data',
    [
      ['module', '=', '__h23_bench__'],
      ['model', '=', 'res.partner'],
    ],
    ['res_id'],
  );
  const partnerIds = yardstickPartners.map((row) => Number(row.res_id));
  for (let start = 0; start < partnerIds.length; start += 5000) {
    const existing = await client.call<number[]>(
      'res.partner',
      'search',
      [[['id', 'in', partnerIds.slice(start, start + 5000)]]],
      { context: { active_test: false } },
    );
    if (existing.length) await client.unlink('res.partner', existing, { chunkSize: 5000 });
  }
  for (const [model, domain] of [
    ['x_h23_unit', []],
    ['res.partner', [['x_h23_key', '!=', false]]],
    ['res.partner', [['name', '=like', 'BENCH %']]],
  ] as const) {
    for (;;) {
      const ids = await client.call<number[]>(model, 'search', [domain], {
        limit: 5000,
        context: { active_test: false },
      });
      if (ids.length === 0) break;
      await client.unlink(model, ids, { chunkSize: 5000 });
    }
  }
  await client.call('ir.model.data', 'search', [[['module', '=', '__h23_bench__']]]).then(async (ids) => {
    if (Array.isArray(ids) && ids.length > 0) await client.unlink('ir.model.data', ids as number[]);
  });
}

/** The clean rows of the file, as the yardstick loads them. */
async function yardstickRows(path: string): Promise<CdbRecord[]> {
  const source = await openReport(path);
  const rows = [];
  for await (const row of source.rows()) rows.push(row);
  const found = locateLayout(rows.slice(0, 25), importConfig.cdbColumns, CDB_REQUIRED);
  if (!found.ok) throw new Error('sample has no header');
  const records: CdbRecord[] = [];
  const census = new CdbCensus();
  for (const row of rows) {
    if (row.row <= found.layout.headerRow) continue;
    const parsed = parseCdbRow(row.row, row.cells, found.layout, today);
    if (parsed.record) {
      census.note(parsed.record);
      records.push(parsed.record);
    }
  }
  return records.filter((record) => census.decide(record).action === 'apply');
}

function partnerXmlid(key: string, index: Map<string, number>): string {
  let n = index.get(key);
  if (n === undefined) {
    n = index.size;
    index.set(key, n);
  }
  return `__h23_bench__.p${n}`;
}

async function loadChunk(model: string, fields: string[], data: string[][]): Promise<void> {
  const reply = await client.call<{ ids: number[] | false; messages: Array<{ message: string }> }>(
    model,
    'load',
    [],
    { fields, data },
    { context: { import_file: true, tracking_disable: true, tz: 'UTC' } },
  );
  if (!reply.ids) throw new Error(`load refused: ${reply.messages.map((m) => m.message).join('; ')}`);
}

interface BridgeRun {
  label: string;
  count: number;
  seconds: number;
  calls: number;
  peakRssMb: number;
  written: number;
}

const CLI = 'dist/src/cli/main.js';

/** The Node flags the `h23-bridge` launcher starts with (its `#!/usr/bin/env -S node …` line): the bench runs what users run. */
async function launcherFlags(): Promise<string[]> {
  const shebang = (await readFile(CLI, 'utf8')).split('\n', 1)[0] ?? '';
  return shebang
    .replace(/^#!.*?\bnode\b/, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
}

/** `h23-bridge import` in a child process: its own time, Odoo calls and peak RSS. */
async function bridgeImport(label: string, file: string): Promise<BridgeRun> {
  const flags = await launcherFlags();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...flags, CLI, 'import', file, '--kind', 'cdb', '--today', today, '--json', '--log-level', 'warn'],
      {
        env: { ...process.env, IMPORT_CHUNK_SIZE: String(importConfig.chunkSize) },
        maxBuffer: 512 * 2 ** 20,
      },
      (error, stdout) => {
        // Exit 8 means rows were quarantined: expected, the sample has dirty rows.
        if (error && error.code !== 8) return reject(error);
        const run = JSON.parse(stdout) as {
          summary: { counts: Record<string, number> };
          rpcCalls: number;
          seconds: number;
          peakRssMb: number;
        };
        const c = run.summary.counts;
        const result = {
          label,
          count: c.rows ?? 0,
          seconds: run.seconds,
          calls: run.rpcCalls,
          peakRssMb: run.peakRssMb,
          written:
            (c.unitsCreated ?? 0) + (c.unitsUpdated ?? 0) + (c.ownersCreated ?? 0) + (c.ownersUpdated ?? 0),
        };
        process.stdout.write(
          `${label.padEnd(40)} ${result.count} rows in ${result.seconds.toFixed(2)} s = ${Math.round(result.count / result.seconds)} rows/s, ${result.calls} calls, peak RSS ${result.peakRssMb} MB\n`,
        );
        resolve(result);
      },
    );
  });
}

try {
  process.stdout.write(
    `Odoo ${client.version.version} over ${client.protocol}; ${units} units, chunks of ${importConfig.chunkSize}\n`,
  );
  const sample = await writeSample({ units, out: folder, seed: 42, today, format: 'xlsx' });
  process.stdout.write(
    `sample: ${sample.expected.cdbRows} CDB rows, ${sample.expected.units} clean units, ${sample.expected.owners} owners\n`,
  );
  await emptyTables();

  const records = await yardstickRows(sample.cdb);
  const keys = new Map<string, number>();
  const yardstick = await measure(client, "Odoo's load(), tracking off (yardstick)", async () => {
    for (let start = 0; start < records.length; start += importConfig.chunkSize) {
      const part = records.slice(start, start + importConfig.chunkSize);
      const seen = new Set<string>();
      const partners: string[][] = [];
      for (const record of part) {
        if (!record.owner) continue;
        const id = partnerXmlid(record.owner.key, keys);
        if (seen.has(id)) continue;
        seen.add(id);
        partners.push([
          id,
          record.owner.name,
          record.owner.phone ?? '',
          record.owner.street ?? '',
          record.owner.city ?? '',
        ]);
      }
      await loadChunk('res.partner', ['id', 'name', 'phone', 'street', 'city'], partners);
      await loadChunk(
        'x_h23_unit',
        [
          'x_engine_number',
          'x_frame_number',
          'x_model_name',
          'x_color',
          'x_purchase_date',
          'x_partner_id/id',
          'x_phone_invalid',
          'x_data_incomplete',
        ],
        part.map((record) => [
          record.unit.engineNumber,
          record.unit.frameNumber ?? '',
          record.unit.modelName ?? '',
          record.unit.color ?? '',
          record.unit.purchaseDate,
          record.owner ? partnerXmlid(record.owner.key, keys) : '',
          record.unit.phoneInvalid ? '1' : '0',
          record.unit.dataIncomplete ? '1' : '0',
        ]),
      );
    }
    return records.length;
  });
  await emptyTables();
  const fresh = await bridgeImport('bridge import, empty Odoo', sample.cdb);
  const again = await bridgeImport('bridge re-import, nothing changed', sample.cdb);
  if (again.written > 0) throw new Error(`the unchanged re-import wrote ${again.written} records`);
  const [unitCount, ownerCount] = await Promise.all([
    client.searchCount('x_h23_unit', []),
    client.searchCount('res.partner', [['x_h23_key', '!=', false]]),
  ]);
  process.stdout.write(
    `Odoo holds ${unitCount} units (expected ${sample.expected.units}) and ${ownerCount} owners (expected ${sample.expected.owners})\n`,
  );

  // Throughput in units written per second, for all three: the file's dirty rows are not Odoo's work.
  const unitsPerSecond = (m: { seconds: number }) => sample.expected.units / m.seconds;
  const lines = [
    `units/s: bridge ${Math.round(unitsPerSecond(fresh))}, re-import ${Math.round(unitsPerSecond(again))}, load() ${Math.round(unitsPerSecond(yardstick))}`,
    `ratio bridge / load(): ${(yardstick.seconds / fresh.seconds).toFixed(2)}x throughput (target >= 0.9)`,
    `ratio unchanged re-import / load(): ${(yardstick.seconds / again.seconds).toFixed(2)}x faster (target >= 5)`,
    `Odoo calls per 1,000 rows: bridge ${((fresh.calls * 1000) / fresh.count).toFixed(2)}, re-import ${((again.calls * 1000) / again.count).toFixed(2)}, load() ${((yardstick.calls * 1000) / yardstick.count).toFixed(2)} (target <= 3)`,
    `peak RSS of the import process: ${fresh.peakRssMb} MB, re-import ${again.peakRssMb} MB (target <= 256 MB at 200,000 rows)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  if (!values.keep) await emptyTables();
  await rm(folder, { recursive: true, force: true });
}
