/**
 * npm run bench:import -- [--units N] [--chunk C] [--changed SHARE] [--keep]
 *
 * Against the live Odoo named by ODOO_URL, ODOO_DB, ODOO_USER, ODOO_PASSWORD / ODOO_API_KEY
 * (a throw-away database with the h23_crm module installed: it deletes every unit and every
 * owner the import made). In one run:
 *   1. writes a sample CDB of N units as XLSX (`h23-bridge sample`), and a copy in which a
 *      share of the rows (`--changed`, 1% by default) asks for something else: half another
 *      colour (a unit update), half another address (an owner update);
 *   2. into empty tables, loads the file's clean rows with Odoo's own bulk path, `load()`
 *      with tracking disabled as Odoo's import screen does (owners, then units linked by
 *      external ID), chunk by chunk: the yardstick. Its rows are prepared beforehand, so
 *      only Odoo's work is timed. It runs first, on the tables in their best state;
 *   3. empties the tables and imports the file end to end (read, check, plan, write);
 *   4. imports it again (nothing changed: must write nothing);
 *   5. imports the changed copy (must write about its changed rows), then again (nothing).
 * The bridge's imports run as `h23-bridge import` in a child process (built first), so the
 * peak RSS and CPU printed are the import's own; its Odoo calls go through a counting proxy,
 * which prints them by method with their time in Odoo and bytes, and counts the writes
 * (create, write, load, unlink) of units and owners. Prints rows/s, the ratios, Odoo calls
 * per 1,000 rows and the import's own phases (`--log-level debug` logs them too).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load.js';
import { OdooClient } from '../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../src/connectors/odoo/from-config.js';
import { openReport } from '../src/connectors/reports/open-report.js';
import { writeXlsx } from '../src/connectors/reports/report-writers.js';
import { writeSample } from '../src/jobs/sample.js';
import { silentLogger } from '../src/logging/logger.js';
import { CDB_REQUIRED, CdbCensus, type CdbRecord, parseCdbRow } from '../src/rules/import/cdb.js';
import { locateLayout } from '../src/rules/import/layout.js';
import type { CellValue } from '../src/rules/import/normalize.js';
import { CDB_HEADER, SampleGenerator } from '../src/sample/generate.js';
import { measure } from './measure.js';

const { values } = parseArgs({
  options: {
    units: { type: 'string', default: '100000' },
    chunk: { type: 'string', default: '2000' },
    changed: { type: 'string', default: '0.01' },
    keep: { type: 'boolean', default: false },
  },
});
const units = Number(values.units);
const changedShare = Number(values.changed);
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

/** Odoo calls of the child import, by model and method, as the proxy saw them. */
interface WireStats {
  calls: number;
  seconds: number;
  sent: number;
  received: number;
}

const WRITE_METHODS = new Set(['create', 'write', 'load', 'unlink']);
/** Writes the import makes of units and owners (its batch record, `x_h23_import_batch`, is its log). */
const DATA_MODELS = new Set(['x_h23_unit', 'res.partner']);

/**
 * A pass-through HTTP proxy in front of Odoo for the child imports: each call's model and
 * method (JSON-2 path, or JSON-RPC `execute_kw` / `call_kw` body), time to its answer and bytes.
 */
async function countingProxy(
  target: URL,
): Promise<{ url: string; take(): Map<string, WireStats>; close(): void }> {
  let stats = new Map<string, WireStats>();
  const methodOf = (path: string, body: Buffer): string => {
    const json2 = /^\/json\/2\/([^/]+)\/([^/?]+)/.exec(path);
    if (json2) return `${json2[1]}.${json2[2]}`;
    try {
      const params = (JSON.parse(body.toString('utf8')) as { params?: Record<string, unknown> }).params ?? {};
      const args = params.args as unknown[] | undefined;
      if (params.service === 'object' && Array.isArray(args)) return `${String(args[3])}.${String(args[4])}`;
      if (typeof params.model === 'string') return `${params.model}.${String(params.method)}`;
    } catch {
      // Not JSON: counted by path.
    }
    return path;
  };
  const server = createServer((incoming, answer) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const key = methodOf(incoming.url ?? '', body);
      const started = performance.now();
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          path: incoming.url,
          method: incoming.method,
          headers: { ...incoming.headers, host: target.host },
        },
        (reply) => {
          answer.writeHead(reply.statusCode ?? 502, reply.headers);
          let received = 0;
          reply.on('data', (chunk: Buffer) => {
            received += chunk.length;
            answer.write(chunk);
          });
          reply.on('end', () => {
            answer.end();
            const seen = stats.get(key) ?? { calls: 0, seconds: 0, sent: 0, received: 0 };
            seen.calls += 1;
            seen.seconds += (performance.now() - started) / 1000;
            seen.sent += body.length;
            seen.received += received;
            stats.set(key, seen);
          });
        },
      );
      upstream.on('error', (error) => {
        answer.writeHead(502);
        answer.end(String(error));
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    take() {
      const taken = stats;
      stats = new Map();
      return taken;
    },
    close: () => server.close(),
  };
}

interface BridgeRun {
  label: string;
  count: number;
  seconds: number;
  cpuSeconds: number;
  calls: number;
  peakRssMb: number;
  /** Units and owners created or updated, by the import's own counts. */
  written: number;
  /** Write calls on units and owners, as the proxy saw them. */
  writeCalls: number;
  wire: Map<string, WireStats>;
  phases: Record<string, number>;
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

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(2);

/** `h23-bridge import` in a child process, through the proxy: its own time, CPU, Odoo calls and peak RSS. */
async function bridgeImport(
  label: string,
  file: string,
  proxy: Awaited<ReturnType<typeof countingProxy>>,
): Promise<BridgeRun> {
  const flags = await launcherFlags();
  proxy.take();
  const run = await new Promise<{
    summary: { counts: Record<string, number> };
    rpcCalls: number;
    seconds: number;
    cpuSeconds: number;
    peakRssMb: number;
    phases?: Record<string, number>;
  }>((resolve, reject) => {
    execFile(
      process.execPath,
      [...flags, CLI, 'import', file, '--kind', 'cdb', '--today', today, '--json', '--log-level', 'warn'],
      {
        env: { ...process.env, ODOO_URL: proxy.url, IMPORT_CHUNK_SIZE: String(importConfig.chunkSize) },
        maxBuffer: 512 * 2 ** 20,
      },
      (error, stdout) => {
        // Exit 8 means rows were quarantined: expected, the sample has dirty rows.
        if (error && error.code !== 8) return reject(error);
        resolve(JSON.parse(stdout));
      },
    );
  });
  const wire = proxy.take();
  const c = run.summary.counts;
  let writeCalls = 0;
  for (const [key, seen] of wire) {
    const at = key.lastIndexOf('.');
    if (DATA_MODELS.has(key.slice(0, at)) && WRITE_METHODS.has(key.slice(at + 1))) writeCalls += seen.calls;
  }
  const result: BridgeRun = {
    label,
    count: c.rows ?? 0,
    seconds: run.seconds,
    cpuSeconds: run.cpuSeconds,
    calls: run.rpcCalls,
    peakRssMb: run.peakRssMb,
    written: (c.unitsCreated ?? 0) + (c.unitsUpdated ?? 0) + (c.ownersCreated ?? 0) + (c.ownersUpdated ?? 0),
    writeCalls,
    wire,
    phases: run.phases ?? {},
  };
  const lines = [
    `${label.padEnd(40)} ${result.count} rows in ${result.seconds.toFixed(2)} s = ${Math.round(result.count / result.seconds)} rows/s, bridge CPU ${result.cpuSeconds.toFixed(2)} s, ${result.calls} calls, peak RSS ${result.peakRssMb} MB`,
    `  written: ${c.unitsCreated ?? 0} units created, ${c.unitsUpdated ?? 0} updated, ${c.ownersCreated ?? 0} owners created, ${c.ownersUpdated ?? 0} updated; ${writeCalls} write calls on units and owners`,
    `  phases (s, overlapping): ${Object.entries(result.phases)
      .map(([phase, seconds]) => `${phase} ${seconds.toFixed(2)}`)
      .join(', ')}`,
    ...[...wire]
      .sort((a, b) => b[1].seconds - a[1].seconds)
      .map(
        ([key, seen]) =>
          `  odoo ${key.padEnd(34)} ${String(seen.calls).padStart(4)} calls ${seen.seconds.toFixed(2).padStart(7)} s, sent ${mb(seen.sent)} MB, received ${mb(seen.received)} MB`,
      ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return result;
}

/**
 * The sample with `share` of its data rows asking for something else: half another colour
 * (a unit update), half another address (an owner update, from rows that own their owner's
 * data or not). Rows repeated in the file are left as they are (changed, a repeat would be a
 * conflict).
 */
async function writeChanged(path: string, share: number): Promise<number> {
  const generator = new SampleGenerator({ units, seed: 42, today, numericCells: true });
  const rows = [...generator.cdbRows()].map((row) => [...row]);
  const color = CDB_HEADER.indexOf('Warna');
  const address = CDB_HEADER.indexOf('Alamat');
  const engine = CDB_HEADER.indexOf('No Mesin');
  const header = rows.findIndex((row) => row[engine] === 'No Mesin');
  const every = Math.max(1, Math.round(1 / share));
  let changed = 0;
  for (let at = header + every; at < rows.length; at += every) {
    const row = rows[at] as CellValue[];
    const repeated = [rows[at - 1], rows[at + 1]].some((other) => other?.[engine] === row[engine]);
    if (repeated) continue;
    changed += 1;
    if (changed % 2 === 1) row[color] = `${String(row[color] ?? '')} DOFF`.trim();
    else row[address] = `${String(row[address] ?? '')} Blok B`.trim();
  }
  await writeXlsx(path, 'CDB', rows);
  return changed;
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
  const proxy = await countingProxy(new URL(config.odoo.url));
  try {
    const changedFile = join(folder, 'cdb-changed.xlsx');
    const changedRows = await writeChanged(changedFile, changedShare);
    const fresh = await bridgeImport('bridge import, empty Odoo', sample.cdb, proxy);
    const again = await bridgeImport('bridge re-import, nothing changed', sample.cdb, proxy);
    const [unitCount, ownerCount] = await Promise.all([
      client.searchCount('x_h23_unit', []),
      client.searchCount('res.partner', [['x_h23_key', '!=', false]]),
    ]);
    process.stdout.write(
      `Odoo holds ${unitCount} units (expected ${sample.expected.units}) and ${ownerCount} owners (expected ${sample.expected.owners})\n`,
    );
    const changed = await bridgeImport(
      `bridge re-import, ${changedRows} rows changed (${(changedShare * 100).toFixed(1)}%)`,
      changedFile,
      proxy,
    );
    const settled = await bridgeImport('bridge re-import of that, nothing changed', changedFile, proxy);
    for (const run of [again, settled])
      if (run.written > 0 || run.writeCalls > 0)
        throw new Error(`${run.label} wrote ${run.written} records in ${run.writeCalls} calls`);

    // Throughput in units written per second, for all three: the file's dirty rows are not Odoo's work.
    const unitsPerSecond = (m: { seconds: number }) => sample.expected.units / m.seconds;
    const perThousand = (run: { calls: number; count: number }) =>
      ((run.calls * 1000) / run.count).toFixed(2);
    const lines = [
      `units/s: bridge ${Math.round(unitsPerSecond(fresh))}, re-import ${Math.round(unitsPerSecond(again))}, load() ${Math.round(unitsPerSecond(yardstick))}`,
      `ratio bridge / load(): ${(yardstick.seconds / fresh.seconds).toFixed(2)}x throughput (target >= 0.9)`,
      `ratio unchanged re-import / load(): ${(yardstick.seconds / again.seconds).toFixed(2)}x faster (target >= 10), ${again.writeCalls} write calls (target 0)`,
      `ratio re-import with ${changedRows} rows changed / load(): ${(yardstick.seconds / changed.seconds).toFixed(2)}x faster, ${changed.written} records written in ${changed.writeCalls} calls`,
      `Odoo calls per 1,000 rows: bridge ${perThousand(fresh)}, re-import ${perThousand(again)}, changed ${perThousand(changed)}, load() ${perThousand(yardstick)} (target <= 3)`,
      `bridge CPU: import ${fresh.cpuSeconds.toFixed(2)} s, re-import ${again.cpuSeconds.toFixed(2)} s, changed ${changed.cpuSeconds.toFixed(2)} s`,
      `peak RSS of the import process: ${fresh.peakRssMb} MB, re-import ${again.peakRssMb} MB, changed ${changed.peakRssMb} MB (target <= 256 MB at 200,000 rows)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    proxy.close();
  }
} finally {
  if (!values.keep) await emptyTables();
  await rm(folder, { recursive: true, force: true });
}
