import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { caseSeed, FUZZ_KINDS, type FuzzCase, type FuzzKind, generateCase } from './generate.js';
import type { FuzzJob, FuzzOutcome } from './import-one.js';

/**
 * The readers' fuzz run: `npm run fuzz -- --count 1000`. Makes each hostile file
 * (`generate.ts`), hands it to an import process running `h23-bridge import`'s path with the
 * CLI's heap ceiling (`child.ts`), and bounds each file's time and memory: past the time
 * limit the process is killed (a hang), past the RSS limit or out of heap too (memory).
 * A crash is any exception that is not the bridge's own refusal of the file; a violation is
 * a refusal that does not name the file, an issue without its row, a formula left for a
 * spreadsheet to run, a secret in the output, or an outcome other than the one required.
 * Prints a table per kind and exits 1 on any failure, with the line that makes it again.
 */

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '20261118' },
    kinds: { type: 'string' },
    case: { type: 'string' },
    'time-limit': { type: 'string', default: '15000' },
    'rss-limit': { type: 'string', default: '640' },
    heap: { type: 'string', default: '176' },
    keep: { type: 'string' },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

const timeLimitMs = Number(values['time-limit']);
const rssLimitMb = Number(values['rss-limit']);
const heapMb = Number(values.heap);

type Result =
  | (FuzzOutcome & { maxRssKb: number })
  | { outcome: 'hang' | 'memory'; ms: number; error: string; violations: string[]; maxRssKb: number };

/** `VmRSS` of a process, in MB (Linux); 0 where /proc is not there. */
function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The import process: one file at a time; replaced after it was killed or died. */
class Importer {
  private child: ChildProcess | undefined;
  private stderr = '';
  private ready: Promise<void> | undefined;
  baselineRssKb = 0;

  private start(): Promise<void> {
    this.stderr = '';
    const child = fork(join(import.meta.dirname, 'child.ts'), [], {
      execArgv: ['--import', import.meta.resolve('tsx'), `--max-old-space-size=${heapMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      child.once('message', (message: { maxRssKb: number }) => {
        this.baselineRssKb = Math.max(this.baselineRssKb, message.maxRssKb);
        resolve();
      });
      child.once('exit', (code) =>
        reject(new Error(`the import process did not start (exit ${code}): ${this.stderr}`)),
      );
    });
  }

  async run(job: FuzzJob): Promise<Result> {
    this.ready ??= this.start();
    await this.ready;
    const child = this.child as ChildProcess;
    const started = performance.now();
    let peakRss = 0;
    return new Promise<Result>((resolve) => {
      const finish = (result: Result, kill: boolean) => {
        clearTimeout(timer);
        clearInterval(poll);
        child.removeAllListeners('message');
        child.removeAllListeners('exit');
        if (kill) {
          child.kill('SIGKILL');
          this.ready = undefined;
        }
        resolve(result);
      };
      const failed = (outcome: 'hang' | 'memory', error: string): Result => ({
        outcome,
        ms: performance.now() - started,
        error,
        violations: [],
        maxRssKb: Math.round(peakRss * 1024),
      });
      const timer = setTimeout(
        () => finish(failed('hang', `no answer within ${timeLimitMs} ms`), true),
        timeLimitMs,
      );
      const poll = setInterval(() => {
        peakRss = Math.max(peakRss, rssMb(child.pid ?? 0));
        if (peakRss > rssLimitMb)
          finish(failed('memory', `RSS ${Math.round(peakRss)} MB over ${rssLimitMb} MB`), true);
      }, 20);
      child.on('message', (message: Result) => finish(message, false));
      child.on('exit', (code, signal) => {
        this.ready = undefined;
        const outOfHeap = /heap out of memory|Allocation failed/i.test(this.stderr);
        finish(
          {
            outcome: outOfHeap ? 'memory' : 'crash',
            ms: performance.now() - started,
            error: `the import process died (${signal ?? code}): ${this.stderr.slice(-600)}`,
            violations: [],
            maxRssKb: Math.round(peakRss * 1024),
          },
          false,
        );
      });
      child.send(job);
    });
  }

  stop(): void {
    this.child?.kill('SIGKILL');
  }
}

interface Tally {
  files: number;
  accepted: number;
  refused: number;
  crashes: number;
  hangs: number;
  memory: number;
  violations: number;
  slowestMs: number;
}

function emptyTally(): Tally {
  return { files: 0, accepted: 0, refused: 0, crashes: 0, hangs: 0, memory: 0, violations: 0, slowestMs: 0 };
}

function extensionOf(fuzzCase: FuzzCase): string {
  return /\.\w+$/.exec(fuzzCase.fileName)?.[0] ?? '';
}

function casesToRun(): Array<{ index: number; kind: FuzzKind; seed: number }> {
  if (values.case) {
    const [kind, seed] = values.case.split(':');
    if (!FUZZ_KINDS.includes(kind as FuzzKind))
      throw new Error(`--case: no kind ${kind} (${FUZZ_KINDS.join(', ')})`);
    return [{ index: 0, kind: kind as FuzzKind, seed: Number(seed) >>> 0 }];
  }
  const kinds = values.kinds ? (values.kinds.split(',') as FuzzKind[]) : [...FUZZ_KINDS];
  for (const kind of kinds) if (!FUZZ_KINDS.includes(kind)) throw new Error(`--kinds: no kind ${kind}`);
  const runSeed = Number(values.seed) >>> 0;
  return Array.from({ length: Number(values.count) }, (_, index) => ({
    index,
    kind: kinds[index % kinds.length] as FuzzKind,
    seed: caseSeed(runSeed, index),
  }));
}

async function main(): Promise<number> {
  const cases = casesToRun();
  const folder = await mkdtemp(join(tmpdir(), 'h23-fuzz-'));
  const importer = new Importer();
  const total = emptyTally();
  const byKind = new Map<FuzzKind, Tally>(FUZZ_KINDS.map((kind) => [kind, emptyTally()]));
  const failures: Array<{
    index: number;
    kind: FuzzKind;
    seed: number;
    variant: string;
    outcome: string;
    detail: string;
  }> = [];
  const problems = new Map<string, { count: number; example: string }>();
  let slowest = { kind: '', seed: 0, variant: '', ms: 0 };
  let peakRssKb = 0;
  let largestBytes = 0;
  const started = performance.now();
  try {
    for (const { index, kind, seed } of cases) {
      const fuzzCase = generateCase(kind, seed);
      largestBytes = Math.max(largestBytes, fuzzCase.bytes.length);
      const path = join(folder, 'upload');
      await writeFile(path, fuzzCase.bytes);
      if (values.keep) {
        await mkdir(values.keep, { recursive: true });
        await writeFile(join(values.keep, `${kind}-${seed}${extensionOf(fuzzCase)}`), fuzzCase.bytes);
      }
      const result = await importer.run({
        path,
        fileName: fuzzCase.fileName,
        reportKind: fuzzCase.reportKind,
        mustRefuse: fuzzCase.mustRefuse,
        mustNotLeak: fuzzCase.mustNotLeak,
      });
      await rm(path, { force: true });
      peakRssKb = Math.max(peakRssKb, result.maxRssKb);
      const tallies = [total, byKind.get(kind) as Tally];
      for (const tally of tallies) {
        tally.files += 1;
        tally.slowestMs = Math.max(tally.slowestMs, result.ms);
        if (result.outcome === 'accepted') tally.accepted += 1;
        else if (result.outcome === 'refused') tally.refused += 1;
        else if (result.outcome === 'crash') tally.crashes += 1;
        else if (result.outcome === 'hang') tally.hangs += 1;
        else tally.memory += 1;
        if (result.violations.length > 0) tally.violations += 1;
      }
      if (result.ms > slowest.ms) slowest = { kind, seed, variant: fuzzCase.variant, ms: result.ms };
      if (result.outcome === 'refused') {
        const known = problems.get(result.problem) ?? { count: 0, example: result.message };
        known.count += 1;
        problems.set(result.problem, known);
      }
      const failed = result.outcome === 'crash' || result.outcome === 'hang' || result.outcome === 'memory';
      if (failed || result.violations.length > 0) {
        const detail = 'error' in result ? result.error : result.violations.join('; ');
        failures.push({ index, kind, seed, variant: fuzzCase.variant, outcome: result.outcome, detail });
        if (!values.json)
          process.stdout.write(
            `FAIL #${index} ${kind} seed ${seed} (${fuzzCase.variant}): ${result.outcome}: ${detail.split('\n').slice(0, 4).join(' | ')}\n` +
              `     again: npm run fuzz -- --case ${kind}:${seed} --keep /tmp/h23-fuzz-case\n`,
          );
      } else if (values.verbose && !values.json) {
        const what =
          result.outcome === 'accepted'
            ? `accepted ${result.rows} rows, ${result.quarantined} quarantined`
            : result.outcome === 'refused'
              ? `refused: ${result.message}`
              : result.outcome;
        process.stdout.write(
          `ok #${index} ${kind} seed ${seed} (${fuzzCase.variant}) ${Math.round(result.ms)} ms: ${what}\n`,
        );
      }
    }
  } finally {
    importer.stop();
    await rm(folder, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  const summary = {
    files: total.files,
    accepted: total.accepted,
    refused: total.refused,
    crashes: total.crashes,
    hangs: total.hangs,
    memory: total.memory,
    violations: total.violations,
    timeLimitMs,
    rssLimitMb,
    heapMb,
    peakRssMb: Math.round(peakRssKb / 1024),
    baselineRssMb: Math.round(importer.baselineRssKb / 1024),
    largestFileMb: Number((largestBytes / 2 ** 20).toFixed(1)),
    slowest: { ...slowest, ms: Math.round(slowest.ms) },
    seconds: Number(seconds.toFixed(1)),
    byKind: Object.fromEntries([...byKind].filter(([, tally]) => tally.files > 0)),
    refusals: Object.fromEntries(problems),
    failures,
  };
  if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else printTable(summary, byKind, problems);
  return failures.length > 0 ? 1 : 0;
}

function printTable(
  summary: {
    files: number;
    peakRssMb: number;
    baselineRssMb: number;
    largestFileMb: number;
    slowest: { kind: string; seed: number; variant: string; ms: number };
    seconds: number;
  },
  byKind: Map<FuzzKind, Tally>,
  problems: Map<string, { count: number; example: string }>,
): void {
  const head = [
    'kind',
    'files',
    'accepted',
    'refused',
    'crashes',
    'hangs',
    'memory',
    'violations',
    'slowest ms',
  ];
  const rows = [...byKind]
    .filter(([, tally]) => tally.files > 0)
    .map(([kind, tally]) => [kind, tally] as const);
  const total = rows.reduce((sum, [, tally]) => {
    for (const key of Object.keys(sum) as (keyof Tally)[])
      sum[key] = key === 'slowestMs' ? Math.max(sum[key], tally[key]) : sum[key] + tally[key];
    return sum;
  }, emptyTally());
  const line = (cells: readonly (string | number)[]) =>
    `${cells.map((cell, at) => (at === 0 ? String(cell).padEnd(18) : String(cell).padStart(at === 8 ? 11 : 9))).join(' ')}\n`;
  const cellsOf = (name: string, tally: Tally) => [
    name,
    tally.files,
    tally.accepted,
    tally.refused,
    tally.crashes,
    tally.hangs,
    tally.memory,
    tally.violations,
    Math.round(tally.slowestMs),
  ];
  process.stdout.write(line(head));
  for (const [kind, tally] of rows) process.stdout.write(line(cellsOf(kind, tally)));
  process.stdout.write(line(cellsOf('total', total)));
  process.stdout.write('\nrefusals by problem:\n');
  for (const [problem, { count, example }] of [...problems].sort((a, b) => b[1].count - a[1].count))
    process.stdout.write(
      `  ${problem.padEnd(16)} ${String(count).padStart(5)}  e.g. ${example.slice(0, 150)}\n`,
    );
  process.stdout.write(
    `\n${summary.files} files in ${summary.seconds} s; limits per file: ${timeLimitMs} ms, RSS ${rssLimitMb} MB, heap ${heapMb} MB\n` +
      `peak RSS of the import process: ${summary.peakRssMb} MB (${summary.baselineRssMb} MB at start); largest file ${summary.largestFileMb} MB\n` +
      `slowest file: ${summary.slowest.kind} seed ${summary.slowest.seed} (${summary.slowest.variant}) ${summary.slowest.ms} ms\n`,
  );
}

process.exitCode = await main();
