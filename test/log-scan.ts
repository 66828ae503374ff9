/**
 * `npm run test:logscan`: runs the live suite (`vitest run test/live`, the environment's Odoo)
 * with every log line of every process captured (`H23_LOG_CAPTURE`), then fails on a full phone
 * number, a customer's name, a password, an API key or a token in any of them
 * (test/support/log-scan.ts). `-- --dir DIR` scans an earlier capture only; `-- --keep` keeps
 * the capture folder. Extra arguments go to vitest (e.g. one file).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OdooClient } from '../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../src/connectors/odoo/from-config.js';
import { LOG_CAPTURE_ENV, silentLogger } from '../src/logging/logger.js';
import { liveOdoo } from './live/live-env.js';
import {
  environmentSecrets,
  literalNames,
  literalSecrets,
  type ScanRules,
  sampleNames,
  scanFolder,
} from './support/log-scan.js';

const args = process.argv.slice(2);
const root = resolve(import.meta.dirname, '..');
const dirAt = args.indexOf('--dir');
const keep = args.includes('--keep');
const vitestArgs = args.filter((arg, index) => !['--dir', '--keep'].includes(arg) && index !== dirAt + 1);

let folder: string;
let suite = 0;
if (dirAt >= 0) folder = resolve(args[dirAt + 1] ?? '.');
else {
  folder = mkdtempSync(join(tmpdir(), 'h23-logscan-'));
  console.log(`log scan: running the live suite, lines captured in ${folder}`);
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      ...(vitestArgs.length ? vitestArgs : ['test/live']),
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, [LOG_CAPTURE_ENV]: folder } },
  );
  suite = run.status ?? 1;
}

/** Customers still in the live database (what the tests seeded and left): their names too. */
async function databaseNames(): Promise<string[]> {
  const live = liveOdoo();
  if ('skip' in live) return [];
  try {
    const admin = await OdooClient.connect(connectionFromConfig(live.config), silentLogger());
    const rows = await admin.searchRead(
      'res.partner',
      [
        ['is_company', '=', false],
        ['user_ids', '=', false],
      ],
      ['name'],
      { context: { active_test: false } },
    );
    return rows
      .map((row) => String(row.name ?? ''))
      .filter((name) => /\S+\s+\S+/.test(name) && !/\d/.test(name));
  } catch (error) {
    console.warn(`log scan: customers of the live database not read (${(error as Error).message})`);
    return [];
  }
}

const names = [...sampleNames(), ...literalNames(root), ...(await databaseNames())];
const rules: ScanRules = {
  names,
  secrets: [...environmentSecrets(process.env), ...literalSecrets(root)],
};
const scan = scanFolder(folder, rules);
const byRule = new Map<string, typeof scan.leaks>();
for (const leak of scan.leaks)
  byRule.set(`${leak.kind}: ${leak.rule}`, [...(byRule.get(`${leak.kind}: ${leak.rule}`) ?? []), leak]);
console.log(
  `log scan: ${scan.lines} lines in ${scan.files} files (${folder}); ${names.length} customer names, ${rules.secrets.length} secrets looked for; ${scan.leaks.length} leak(s)`,
);
for (const [rule, leaks] of byRule) {
  console.log(`  ${rule}: ${leaks.length}`);
  for (const leak of leaks.slice(0, 5))
    console.log(`    ${leak.file}:${leak.line} "${leak.match}" in ${leak.text}`);
}
if (!keep && dirAt < 0 && scan.leaks.length === 0) rmSync(folder, { recursive: true, force: true });
process.exitCode = scan.leaks.length > 0 || scan.lines === 0 ? 1 : suite;
