/**
 * Runs the live suite against every Odoo named in the environment, once per
 * protocol the version speaks, and prints passed / failed / skipped per version
 * and protocol:
 *
 *   ODOO_URL_17=http://127.0.0.1:8017 ODOO_DB_17=h23test17 ODOO_PASSWORD_17=… ODOO_API_KEY_17=… \
 *   ODOO_URL_18=… ODOO_DB_18=… … ODOO_URL_19=… ODOO_DB_19=… … npm run test:matrix
 *
 * Every `ODOO_<NAME>_<major>` becomes `ODOO_<NAME>` for that version's run (unsuffixed
 * values are the fallback: ODOO_USER=admin for all, say). Each run is a throw-away
 * database's: the live tests create and delete records. Exit 1 when any run failed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dialectFor } from '../src/connectors/odoo/dialect.js';

interface Run {
  major: number;
  protocol: 'jsonrpc' | 'json2';
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  failures: string[];
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: Array<{
    name: string;
    assertionResults: Array<{ status: string; fullName: string }>;
  }>;
}

const majors = [
  ...new Set(
    Object.keys(process.env).flatMap((name) => {
      const match = /^ODOO_URL_(\d+)$/.exec(name);
      return match ? [Number(match[1])] : [];
    }),
  ),
].sort((a, b) => a - b);

if (majors.length === 0) {
  process.stderr.write('test:matrix: set ODOO_URL_<major> (and ODOO_DB_<major>, …) for each Odoo to test\n');
  process.exit(2);
}

function envFor(major: number, protocol: Run['protocol']): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ODOO_PROTOCOL: protocol };
  for (const [name, value] of Object.entries(process.env)) {
    const match = /^(ODOO_[A-Z_]+?)_(\d+)$/.exec(name);
    if (match?.[1] && Number(match[2]) === major) env[match[1]] = value;
  }
  return env;
}

function runSuite(major: number, protocol: Run['protocol']): Run {
  const out = join(mkdtempSync(join(tmpdir(), 'h23-matrix-')), 'report.json');
  const started = Date.now();
  process.stdout.write(`== Odoo ${major} over ${protocol} …\n`);
  spawnSync(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--project', 'live', '--reporter=json', `--outputFile=${out}`],
    { env: envFor(major, protocol), stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const seconds = Math.round((Date.now() - started) / 1000);
  let report: VitestReport;
  try {
    report = JSON.parse(readFileSync(out, 'utf8')) as VitestReport;
  } catch {
    return {
      major,
      protocol,
      passed: 0,
      failed: 1,
      skipped: 0,
      seconds,
      failures: ['vitest wrote no report'],
    };
  }
  const failures = report.testResults.flatMap((file) =>
    file.assertionResults
      .filter((test) => test.status === 'failed')
      .map((test) => `${file.name.replace(`${process.cwd()}/`, '')}: ${test.fullName}`),
  );
  return {
    major,
    protocol,
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
    seconds,
    failures,
  };
}

const runs: Run[] = [];
for (const major of majors) {
  const protocols: Run['protocol'][] = dialectFor(major).json2 ? ['json2', 'jsonrpc'] : ['jsonrpc'];
  for (const protocol of protocols) runs.push(runSuite(major, protocol));
}

const rows = [
  ['Odoo', 'protocol', 'passed', 'failed', 'skipped', 'seconds'],
  ...runs.map((run) => [
    `${run.major}.0`,
    run.protocol,
    String(run.passed),
    String(run.failed),
    String(run.skipped),
    String(run.seconds),
  ]),
];
const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
for (const row of rows)
  process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')}\n`);
for (const run of runs) {
  for (const failure of run.failures)
    process.stdout.write(`✘ Odoo ${run.major} ${run.protocol}: ${failure}\n`);
}
process.exit(runs.some((run) => run.failed > 0) ? 1 : 0);
