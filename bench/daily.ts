/**
 * npm run bench:daily -- --units N [--branches 50] [--seed 5]
 *
 * The daily run of a dealer group at scale, against the live Odoo named by ODOO_URL, ODOO_DB,
 * ODOO_USER, ODOO_PASSWORD / ODOO_API_KEY (an administrator, on a THROW-AWAY database: the bench
 * refuses one that already holds units). Every bridge step runs as `h23-bridge <job>` in a child
 * process (the launcher's own Node flags, `--max-old-space-size=176` as the daemon), as the
 * least-privilege bridge user `h23-bridge setup` makes, through a counting HTTP proxy: per job the
 * wall time, CPU (user + sys of the child), peak RSS (its maxRSS) and Odoo calls (HTTP requests,
 * login included).
 *
 * Setup (timed apart, not part of the day), as of the day before the measured day D:
 *   - `setupBridge`: the extension, the bridge user and its API key, `--branches` branches with
 *     dealer codes; one CRM admin per branch, a workshop admin, a branch head and an area
 *     coordinator for all;
 *   - the CDB and A2 of N units (the `h23-bridge sample` generator: purchases over the four years
 *     before D-1, KPB history, 3% dirty rows; dealer codes spread over the branches), imported
 *     with `h23-bridge import` (the initial load);
 *   - the KPB visits of the 400 days before D (from the units' KPB dates) as WORs already
 *     reconciled (state done, unit and owner linked, written by the bridge user): what the
 *     schedule reads of the WOR history;
 *   - `schedule --date D-1` (the follow-ups open on D-1), results on 60% of them recorded as the
 *     CRM admins do, `outcomes --date D-1`.
 * The day D (what the dealer does, untimed), then each job timed:
 *   - the day's CDB: N/1460 units bought on D (the sample's rate); the day's A2: KPB services done
 *     on D, N/625 of them, for units with an open follow-up (long format: one row per service);
 *   - the day's WORs: 2,000,000/365 × N/500,000 (5,479 at 500,000 units) as the tablet writes them:
 *     the KPB visits of the A2, then regular services of random units (the owner mostly, a family
 *     member or a walk-in with a motorcycle Odoo does not know otherwise);
 *   - jobs: import cdb, import a2, reconcile, schedule, [results on N/250 due follow-ups, as the
 *     admins' day], outcomes, summaries, report quality.
 * Prints the table per job; `--json FILE` writes the rows for the growth summary
 * (`node --import tsx bench/daily.ts --growth FILE...`).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readBranchSetups, staffBranch } from '../src/connectors/odoo/branch-setup-store.js';
import { OdooClient } from '../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../src/connectors/odoo/from-config.js';
import { decodeRecord, encodeValues, fieldNames } from '../src/connectors/odoo/schema-codec.js';
import { upsertUser } from '../src/connectors/odoo/users.js';
import { writeXlsx } from '../src/connectors/reports/report-writers.js';
import { setupBridge } from '../src/jobs/setup.js';
import { silentLogger } from '../src/logging/logger.js';
import { FOLLOWUP, UNIT, WOR } from '../src/module/models.js';
import { ACTIVITY, ODOO_XMLIDS, PARTNER } from '../src/module/odoo-models.js';
import { GROUPS } from '../src/module/security.js';
import { addDays } from '../src/rules/followup/calendar.js';
import { mulberry32 } from '../src/rules/random.js';
import { A2_HEADER, CDB_HEADER, SampleGenerator, titleRows } from '../src/sample/generate.js';
import { liveOdoo } from '../test/live/live-env.js';

const { values } = parseArgs({
  options: {
    units: { type: 'string', default: '50000' },
    branches: { type: 'string', default: '50' },
    seed: { type: 'string', default: '5' },
    date: { type: 'string' },
    json: { type: 'string' },
    growth: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});

interface JobRow {
  job: string;
  wallS: number;
  cpuS: number;
  peakRssMb: number;
  calls: number;
  exit: number;
  note: string;
}
interface BenchResult {
  units: number;
  branches: number;
  odoo: string;
  date: string;
  setup: JobRow[];
  day: JobRow[];
  created: Record<string, number>;
}

function table(rows: readonly JobRow[]): string {
  const head = `${'job'.padEnd(26)} ${'wall s'.padStart(8)} ${'CPU s'.padStart(7)} ${'RSS MB'.padStart(7)} ${'calls'.padStart(7)}  note`;
  const lines = rows.map(
    (row) =>
      `${row.job.padEnd(26)} ${row.wallS.toFixed(1).padStart(8)} ${row.cpuS.toFixed(1).padStart(7)} ${String(row.peakRssMb).padStart(7)} ${String(row.calls).padStart(7)}  ${row.exit ? `exit ${row.exit}; ` : ''}${row.note}`,
  );
  const sum = (key: 'wallS' | 'cpuS' | 'calls') => rows.reduce((total, row) => total + row[key], 0);
  lines.push(
    `${'all'.padEnd(26)} ${sum('wallS').toFixed(1).padStart(8)} ${sum('cpuS').toFixed(1).padStart(7)} ${String(Math.max(...rows.map((row) => row.peakRssMb))).padStart(7)} ${String(sum('calls')).padStart(7)}`,
  );
  return [head, ...lines].join('\n');
}

/** `--growth a.json b.json c.json`: how each job's figures grow from the smallest N to the largest. */
async function growth(files: readonly string[]): Promise<void> {
  const results = (await Promise.all(
    files.map(async (file) => JSON.parse(await readFile(file, 'utf8'))),
  )) as BenchResult[];
  results.sort((a, b) => a.units - b.units);
  const jobs = results[0]?.day.map((row) => row.job) ?? [];
  const sizes = results.map((result) => `${result.units / 1000}k`);
  process.stdout.write(
    `growth ${sizes.join(' → ')} units (×${results.map((r) => (r.units / (results[0] as BenchResult).units).toFixed(0)).join(', ×')})\n`,
  );
  for (const metric of ['wallS', 'cpuS', 'peakRssMb', 'calls'] as const) {
    process.stdout.write(`\n${metric}\n`);
    for (const job of jobs) {
      const figures = results.map((result) => result.day.find((row) => row.job === job)?.[metric] ?? 0);
      const first = figures[0] || 1;
      process.stdout.write(
        `  ${job.padEnd(24)} ${figures.map((value) => (metric === 'calls' || metric === 'peakRssMb' ? String(value) : value.toFixed(1))).join(' → ')}   (×${figures.map((value) => (value / first).toFixed(1)).join(', ×')})\n`,
      );
    }
  }
}

if (values.growth) {
  await growth(process.argv.slice(2).filter((arg) => arg.endsWith('.json')));
  process.exit(0);
}

const units = Number(values.units);
const branchCount = Number(values.branches);
const seed = Number(values.seed);
const live = liveOdoo();
if ('skip' in live) throw new Error(live.skip);
const config = { ...live.config, maxInFlight: 2 };
const connection = connectionFromConfig(config);
const admin = await OdooClient.connect(connection, silentLogger());
/** The dealer's today in Jakarta unless given: a dated job refuses a future date. */
const day = values.date ?? new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
const yesterday = addDays(day, -1);
const random = mulberry32(seed * 7919 + units);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const codes = Array.from({ length: branchCount }, (_, index) => `AHS${String(index + 1).padStart(2, '0')}`);
const created: Record<string, number> = {};
const folder = await mkdtemp(join(tmpdir(), 'h23-bench-daily-'));

// The counting proxy: every HTTP request a child makes to Odoo.
let requests = 0;
const target = new URL(config.url);
const proxy = createServer((incoming, outgoing) => {
  requests += 1;
  const forward = httpRequest(
    {
      host: target.hostname,
      port: target.port,
      path: incoming.url,
      method: incoming.method,
      headers: { ...incoming.headers, host: target.host },
    },
    (reply) => {
      outgoing.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(outgoing);
    },
  );
  forward.on('error', (error) => {
    outgoing.writeHead(502);
    outgoing.end(String(error));
  });
  incoming.pipe(forward);
});
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

const CLI = 'dist/src/cli/main.js';
const flags = (await readFile(CLI, 'utf8'))
  .split('\n', 1)[0]
  ?.replace(/^#!.*?\bnode\b/, '')
  .trim()
  .split(/\s+/)
  .filter(Boolean) as string[];
let bridgeEnv: NodeJS.ProcessEnv = {};

/** `h23-bridge <args> --json` in a child under /usr/bin/time: wall, CPU, maxRSS; Odoo calls from the proxy. */
async function job(
  label: string,
  args: readonly string[],
  note: (report: unknown) => string,
): Promise<JobRow> {
  const usage = join(folder, 'usage.txt');
  requests = 0;
  const started = performance.now();
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
    (resolve) => {
      execFile(
        '/usr/bin/time',
        [
          '-f',
          '%e %U %S %M',
          '-o',
          usage,
          process.execPath,
          ...flags,
          CLI,
          '--log-level',
          'warn',
          ...args,
          '--json',
        ],
        { env: bridgeEnv, maxBuffer: 1024 * 2 ** 20 },
        (error, out, err) =>
          resolve({
            code: error ? Number((error as { code?: number }).code ?? 1) : 0,
            stdout: out,
            stderr: err,
          }),
      );
    },
  );
  const wall = (performance.now() - started) / 1000;
  const last = (await readFile(usage, 'utf8')).trim().split('\n').pop() ?? '';
  const [, user, sys, maxRss] = last.split(' ').map(Number);
  let report: unknown = null;
  try {
    report = JSON.parse(stdout);
  } catch {
    report = null;
  }
  const row: JobRow = {
    job: label,
    wallS: wall,
    cpuS: (user ?? 0) + (sys ?? 0),
    peakRssMb: Math.round((maxRss ?? 0) / 1024),
    calls: requests,
    exit: code,
    note: report
      ? note(report)
      : `no report: ${stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 400)}`,
  };
  process.stdout.write(
    `  ${label.padEnd(26)} ${row.wallS.toFixed(1)} s wall, ${row.cpuS.toFixed(1)} s CPU, ${row.peakRssMb} MB, ${row.calls} calls${code ? `, exit ${code}` : ''}; ${row.note}\n`,
  );
  if (code && code !== 8 && stderr)
    process.stdout.write(`    stderr: ${stderr.trim().split('\n').slice(-5).join('\n    ')}\n`);
  return row;
}

type Counts = { summary?: { counts: Record<string, number> } };
const importNote = (report: unknown) => {
  const c = (report as Counts).summary?.counts ?? {};
  return `${c.rows} rows: units +${c.unitsCreated ?? 0} ~${c.unitsUpdated ?? 0}, owners +${c.ownersCreated ?? 0}, quarantined ${c.quarantined ?? 0}`;
};
const scheduleNote = (report: unknown) => {
  const r = report as {
    unitsRead: number;
    followUpsCreated: number;
    activitiesCreated: number;
    followUpsClosed: number;
    refused: unknown[];
  };
  return `${r.unitsRead} units read, follow-ups +${r.followUpsCreated} closed ${r.followUpsClosed}, activities +${r.activitiesCreated}, refused ${r.refused.length}`;
};
const outcomesNote = (report: unknown) => {
  const r = report as {
    followUpsRead: number;
    eventsCreated: number;
    activitiesCreated: number;
    activitiesFinished: number;
    statesSet: number;
  };
  return `${r.followUpsRead} with a result: events +${r.eventsCreated}, activities +${r.activitiesCreated} done ${r.activitiesFinished}, states ${r.statesSet}`;
};
const reconcileNote = (report: unknown) => {
  const r = report as {
    read: number;
    matched: Record<string, number>;
    review: number;
    peopleCreated: number;
    unitsCreated: number;
    errors: unknown[];
  };
  return `${r.read} WORs: owner ${r.matched.owner}, carrier ${r.matched.carrier}, new ${r.matched.created}, review ${r.review}; partners +${r.peopleCreated}, units +${r.unitsCreated}, errors ${r.errors.length}`;
};
const summariesNote = (report: unknown) => {
  const r = report as { lines: unknown[]; created: number; updated: number };
  return `${r.lines.length} lines (+${r.created}, ~${r.updated})`;
};
const qualityNote = (report: unknown) => {
  const r = report as { rows: unknown[]; created: number; updated: number; countedWith: string };
  return `${r.rows.length} rows (+${r.created}, ~${r.updated}), ${r.countedWith}`;
};

async function timed<T>(label: string, rows: JobRow[], work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  const wall = (performance.now() - started) / 1000;
  rows.push({
    job: label,
    wallS: wall,
    cpuS: 0,
    peakRssMb: 0,
    calls: 0,
    exit: 0,
    note: 'in the bench (admin)',
  });
  process.stdout.write(`  ${label.padEnd(26)} ${wall.toFixed(1)} s (bench, as admin)\n`);
  return result;
}

/** The sample's rows with the dealer code spread over the branches (the sample writes three codes). */
function* spreadCodes(rows: Iterable<Array<unknown>>): Generator<Array<unknown>> {
  for (const row of rows) {
    if (typeof row[0] === 'number' && row.length === CDB_HEADER.length)
      yield [...row.slice(0, 10), codes[(row[0] * 7919) % codes.length]];
    else yield row;
  }
}

const UNIT_HISTORY = [
  'engineNumber',
  'partnerId',
  'branch',
  'kpb1Date',
  'kpb2Date',
  'kpb3Date',
  'kpb4Date',
] as const;
const KPB_FIELDS = { 1: 'kpb1Date', 2: 'kpb2Date', 3: 'kpb3Date', 4: 'kpb4Date' } as const;

/** Results the CRM admins record on open follow-ups (as they do in Odoo's form), one write per value set. */
async function recordResults(dueBy: string, share: number, cap: number): Promise<number> {
  const open = await admin.searchRead(
    FOLLOWUP.model,
    [
      [FOLLOWUP.f.state, '=', 'todo'],
      [FOLLOWUP.f.result, '=', false],
      [FOLLOWUP.f.dueDate, '<=', dueBy],
    ],
    ['id'],
    { order: 'id' },
  );
  const chosen = open.filter(() => random() < share).slice(0, cap);
  const bookingAt = `${addDays(dueBy, 2)} 02:00:00`;
  const updates = chosen.map((record) => {
    const roll = random();
    const values =
      roll < 0.35
        ? { result: 'no_response' }
        : roll < 0.65
          ? { result: 'booked', bookingAt, bookingKind: 'workshop' }
          : roll < 0.8
            ? { result: 'refused_time', offer: 'weekend', offerAccepted: false }
            : roll < 0.9
              ? { result: 'unreachable' }
              : { result: 'refused_other_dealer' };
    return { id: record.id, values: encodeValues(FOLLOWUP, values as never) };
  });
  await admin.write(FOLLOWUP.model, updates, { chunkSize: 2000, context: { tracking_disable: true } });
  return updates.length;
}

const setupRows: JobRow[] = [];
const dayRows: JobRow[] = [];
try {
  process.stdout.write(
    `Odoo ${admin.version.version} over ${admin.protocol}, database ${config.db}; ${units} units, ${branchCount} branches; the measured day ${day}\n\nsetup (as of ${yesterday})\n`,
  );

  // The dealer group: branches, the bridge user, the staff.
  let bridgeKey = '';
  const login = 'h23-bench-bridge';
  await timed('setup, branches, users', setupRows, async () => {
    await setupBridge(admin, silentLogger(), {
      login,
      date: day,
      timeZone: config.tz,
      branches: codes.map((dealerCode) => ({ dealerCode, name: `AHASS ${dealerCode}` })),
      loginAs: (user, password) =>
        OdooClient.connectWebSession({ ...connection, user, password }, silentLogger()),
      deliver: async (apiKey) => {
        bridgeKey = apiKey;
      },
    });
    const staff = async (role: string, name: string, group: string) =>
      (
        await upsertUser(admin, {
          login: `bench-${role}`,
          name,
          password: `bench-${role}-Secret1`,
          groups: [ODOO_XMLIDS.internalUser, group],
          tz: config.tz,
        })
      ).id;
    const workshop = await staff('bengkel', 'Bench Admin Bengkel', GROUPS.workshopAdmin);
    const head = await staff('kepala', 'Bench Kepala Cabang', GROUPS.branchHead);
    const area = await staff('koordinator', 'Bench Koordinator Area', GROUPS.areaCoordinator);
    const branches = await readBranchSetups(admin);
    for (const branch of branches) {
      const crm = await staff(
        `crm-${branch.dealerCode}`,
        `Bench Admin CRM ${branch.dealerCode}`,
        GROUPS.crmAdmin,
      );
      await staffBranch(admin, branch.id, {
        crmAdminIds: [crm],
        workshopAdminIds: [workshop],
        headId: head,
        areaCoordinatorId: area,
      });
    }
  });
  const existing = await admin.searchCount(UNIT.model, []);
  if (existing > 0)
    throw new Error(
      `${config.db} already holds ${existing} units: the bench needs a throw-away database without any`,
    );
  bridgeEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ODOO_URL: proxyUrl,
    ODOO_DB: config.db,
    ODOO_USER: login,
    ODOO_API_KEY: bridgeKey,
    ODOO_TZ: config.tz,
  };

  // The initial load: the CDB and A2 of N units as of yesterday.
  const generator = new SampleGenerator({ units, seed, today: yesterday, numericCells: true });
  const cdb = join(folder, 'cdb.xlsx');
  const a2 = join(folder, 'a2.xlsx');
  await timed('write sample files', setupRows, async () => {
    await writeXlsx(cdb, 'CDB', spreadCodes(generator.cdbRows()) as never);
    await writeXlsx(a2, 'A2', generator.a2Rows());
  });
  setupRows.push(
    await job('import cdb (initial)', ['import', cdb, '--kind', 'cdb', '--today', yesterday], importNote),
  );
  setupRows.push(
    await job('import a2 (initial)', ['import', a2, '--kind', 'a2', '--today', yesterday], importNote),
  );

  // The KPB visits of the last 400 days as reconciled WORs, written by the bridge user.
  const bridge = await OdooClient.connect(
    { ...connection, user: login, apiKey: bridgeKey, password: undefined },
    silentLogger(),
  );
  await timed('WOR history (KPB visits)', setupRows, async () => {
    const since = addDays(day, -400);
    let count = 0;
    for await (const page of admin.searchPages(
      UNIT.model,
      [[UNIT.f.purchaseDate, '>=', addDays(since, -400)]],
      fieldNames(UNIT, UNIT_HISTORY),
      { pageSize: 5000 },
    )) {
      const rows = [];
      for (const raw of page) {
        const unit = decodeRecord(UNIT, UNIT_HISTORY, raw);
        for (const kpb of [1, 2, 3, 4] as const) {
          const date = unit[KPB_FIELDS[kpb]];
          if (!date || date < since) continue;
          rows.push(
            encodeValues(WOR, {
              name: `H-${unit.id}-${kpb}`,
              visitDate: date,
              branch: unit.branch,
              engineNumber: unit.engineNumber,
              unitId: unit.id,
              partnerId: unit.partnerId,
              serviceType: `kpb${kpb}`,
              source: 'tablet',
              state: 'done',
              reconciledKey: `bench-history-${unit.id}-${kpb}`,
            } as never),
          );
        }
      }
      const outcomes = await bridge.create(WOR.model, rows, {
        chunkSize: 2000,
        context: { tracking_disable: true, mail_create_nolog: true },
      });
      count += outcomes.filter((outcome) => outcome.id !== undefined).length;
    }
    created.historyWors = count;
  });
  setupRows.push(await job('schedule (D-1)', ['schedule', '--date', yesterday], scheduleNote));
  created.resultsBefore = await timed('results on D-1', setupRows, () =>
    recordResults(yesterday, 0.6, Number.MAX_SAFE_INTEGER),
  );
  setupRows.push(await job('outcomes (D-1)', ['outcomes', '--date', yesterday], outcomesNote));

  // The day: the reports and the WORs of D.
  process.stdout.write(`\nthe day ${day} (prepared as the dealer's staff would; not timed)\n`);
  const newUnits = Math.max(1, Math.round(units / 1460));
  const kpbServices = Math.max(1, Math.round(units / 625));
  const worCount = Math.round((2_000_000 / 365) * (units / 500_000));
  const dayCdb = join(folder, 'cdb-day.xlsx');
  const dayA2 = join(folder, 'a2-day.xlsx');
  const [dd, mm, yyyy] = [day.slice(8, 10), day.slice(5, 7), day.slice(0, 4)];
  const newEngines: string[] = [];
  const cdbRows: unknown[][] = [...titleRows('cdb', day), CDB_HEADER];
  for (let index = 0; index < newUnits; index += 1) {
    const serial = String(9_000_000 + index + seed * 10_000).padStart(7, '0');
    const engine = `KF99E${serial}`;
    newEngines.push(engine);
    cdbRows.push([
      index + 1,
      engine,
      `MH1KF991TK${serial}`,
      `${pick(['Budi', 'Siti', 'Agus', 'Dewi', 'Rina', 'Joko'])} Baru ${index + 1}`,
      `0857${String(70_000_000 + index).padStart(8, '0')}`,
      `Jl. Baru No. ${index + 1}`,
      pick(['Bekasi', 'Depok', 'Bogor']),
      'Vario 160',
      'Hitam',
      `${dd}/${mm}/${yyyy}`,
      pick(codes),
    ]);
  }
  await writeXlsx(dayCdb, 'CDB', cdbRows as never);
  // KPB services of the day: units with an open follow-up (their KPB is due).
  const dueFollowUps = await admin.searchRead(
    FOLLOWUP.model,
    [
      [FOLLOWUP.f.state, 'in', ['todo', 'contacted', 'booked']],
      [FOLLOWUP.f.kpb, '!=', false],
    ],
    fieldNames(FOLLOWUP, ['unitId', 'kpb']),
    { idsOnly: true, order: 'id' },
  );
  const serviced = new Map<number, number>();
  for (const raw of dueFollowUps.filter(
    () => random() < (kpbServices * 1.2) / Math.max(1, dueFollowUps.length),
  )) {
    const record = decodeRecord(FOLLOWUP, ['unitId', 'kpb'], raw);
    if (record.unitId && serviced.size < kpbServices) serviced.set(record.unitId, Number(record.kpb));
  }
  const PARTNER_READ = ['name', 'phone'] as const;
  const unitRead = ['engineNumber', 'partnerId', 'branch', 'modelName'] as const;
  const readUnits = async (ids: readonly number[]) => {
    const rows = (await admin.read(UNIT.model, ids, fieldNames(UNIT, unitRead), { chunkSize: 2000 })).map(
      (raw) => decodeRecord(UNIT, unitRead, raw),
    );
    const partnerIds = [...new Set(rows.flatMap((row) => (row.partnerId ? [row.partnerId] : [])))];
    const partners = new Map(
      (await admin.read(PARTNER.model, partnerIds, fieldNames(PARTNER, PARTNER_READ))).map((raw) => {
        const partner = decodeRecord(PARTNER, PARTNER_READ, raw);
        return [partner.id, partner];
      }),
    );
    return rows.map((row) => ({ ...row, owner: row.partnerId ? partners.get(row.partnerId) : undefined }));
  };
  const kpbUnits = await readUnits([...serviced.keys()]);
  await writeXlsx(dayA2, 'A2', [
    ...titleRows('a2', day),
    ['No', 'No Mesin', 'KPB Ke', 'Tgl Servis'],
    ...kpbUnits.map((unit, index) => [
      index + 1,
      unit.engineNumber,
      serviced.get(unit.id),
      `${dd}/${mm}/${yyyy}`,
    ]),
  ] as never);
  void A2_HEADER;
  // The day's WORs: the KPB visits, then regular services of random units, a few walk-ins.
  const [maxUnit] = await admin.searchRead(UNIT.model, [], ['id'], { order: 'id desc', limit: 1 });
  const regularIds = new Set<number>();
  while (regularIds.size < Math.max(0, worCount - kpbUnits.length) * 1.05)
    regularIds.add(1 + Math.floor(random() * (maxUnit?.id ?? 1)));
  const regularUnits = (await readUnits([...regularIds])).slice(0, Math.max(0, worCount - kpbUnits.length));
  const branchIds = (await readBranchSetups(admin)).map((branch) => branch.id);
  let walkIns = 0;
  let family = 0;
  const worValues = [
    ...kpbUnits.map((unit) => ({ unit, serviceType: `kpb${serviced.get(unit.id)}` })),
    ...regularUnits.map((unit) => ({ unit, serviceType: 'regular' })),
  ].map(({ unit, serviceType }, index) => {
    const roll = random();
    const walkIn = serviceType === 'regular' && roll < 0.05;
    const relative = !walkIn && roll < 0.15;
    if (walkIn) walkIns += 1;
    if (relative) family += 1;
    return encodeValues(WOR, {
      name: `D-${day}-${index + 1}`,
      visitDate: day,
      branch: unit.branch ?? pick(branchIds),
      engineNumber: walkIn ? `KF98E${String(8_000_000 + index).padStart(7, '0')}` : unit.engineNumber,
      carrierName:
        walkIn || relative
          ? `${pick(['Andi', 'Putri', 'Bayu', 'Ayu'])} Keluarga ${index}`
          : (unit.owner?.name ?? null),
      carrierPhone:
        walkIn || relative
          ? `0878${String(60_000_000 + index).padStart(8, '0')}`
          : (unit.owner?.phone ?? null),
      modelName: walkIn ? 'BeAT' : unit.modelName,
      serviceType,
      source: 'tablet',
    } as never);
  });
  await admin.create(WOR.model, worValues, { chunkSize: 1000, context: { tracking_disable: true } });
  created.dayCdbUnits = newUnits;
  created.dayKpbServices = kpbUnits.length;
  created.dayWors = worValues.length;
  created.dayWalkIns = walkIns;
  created.dayFamily = family;
  process.stdout.write(
    `  CDB ${newUnits} new units, A2 ${kpbUnits.length} KPB services, ${worValues.length} WORs (${kpbUnits.length} KPB, ${walkIns} walk-ins, ${family} brought by someone else)\n\nthe daily run\n`,
  );

  dayRows.push(
    await job('import cdb (day)', ['import', dayCdb, '--kind', 'cdb', '--today', day], importNote),
  );
  dayRows.push(await job('import a2 (day)', ['import', dayA2, '--kind', 'a2', '--today', day], importNote));
  dayRows.push(await job('reconcile', ['reconcile'], reconcileNote));
  dayRows.push(await job('schedule', ['schedule', '--date', day], scheduleNote));
  created.dayResults = await recordResults(day, 0.5, Math.max(1, Math.round(units / 250)));
  process.stdout.write(`  (${created.dayResults} results recorded by the CRM admins)\n`);
  dayRows.push(await job('outcomes', ['outcomes', '--date', day], outcomesNote));
  dayRows.push(await job('summaries', ['summaries', '--date', day], summariesNote));
  dayRows.push(await job('report quality', ['report', 'quality', '--date', day], qualityNote));

  const [unitCount, followUps, activities] = await Promise.all([
    admin.searchCount(UNIT.model, []),
    admin.searchCount(FOLLOWUP.model, []),
    admin.searchCount(ACTIVITY.model, [[ACTIVITY.f.resModel, '=', FOLLOWUP.model]]),
  ]);
  created.unitsInOdoo = unitCount;
  created.followUpsInOdoo = followUps;
  created.followUpActivities = activities;
  process.stdout.write(
    `\nsetup (${units} units, ${branchCount} branches)\n${table(setupRows)}\n\nthe daily run of ${day} (${units} units; Odoo holds ${unitCount} units, ${followUps} follow-ups, ${activities} follow-up activities)\n${table(dayRows)}\n`,
  );
  if (values.json) {
    const result: BenchResult = {
      units,
      branches: branchCount,
      odoo: admin.version.version,
      date: day,
      setup: setupRows,
      day: dayRows,
      created,
    };
    await writeFile(values.json, `${JSON.stringify(result, null, 2)}\n`);
  }
} finally {
  proxy.close();
  await rm(folder, { recursive: true, force: true });
}
