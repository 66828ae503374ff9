import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { caseSeed, FUZZ_KINDS, generateCase } from '../fuzz/generate.js';
import { formulaCells } from '../fuzz/import-one.js';

/**
 * The readers' fuzz run at a smaller count (`npm run fuzz` runs 1,000): 100 hostile files
 * through `h23-bridge import`'s path, in a process with the CLI's heap ceiling, each within
 * its time and memory bounds: no crash, no hang, no refusal that does not name the file (and
 * its row and column where one broke a limit), no formula left in a quarantine report.
 */

const root = join(import.meta.dirname, '..', '..');

interface Summary {
  files: number;
  crashes: number;
  hangs: number;
  memory: number;
  violations: number;
  peakRssMb: number;
  rssLimitMb: number;
  byKind: Record<string, { files: number }>;
  refusals: Record<string, { count: number; example: string }>;
  failures: unknown[];
}

describe('fuzzing the readers', () => {
  it('100 generated files: 0 crashes, 0 hangs, every refusal located, no formula written back', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      // A wider time bound than the run's own 15 s: here the files share two cores with the rest
      // of the suite; a file that never ends is still caught.
      ['--import', 'tsx', 'test/fuzz/run.ts', '--count', '100', '--time-limit', '60000', '--json'],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: { stdout?: string; stderr?: string }) => {
      // Exit 1 means failures: the summary still says which.
      if (error.stdout) return { stdout: error.stdout };
      throw new Error(`the fuzz run did not finish: ${error.stderr ?? String(error)}`);
    });
    const summary = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Summary;
    expect(summary.failures).toEqual([]);
    expect(summary).toMatchObject({ files: 100, crashes: 0, hangs: 0, memory: 0, violations: 0 });
    expect(Object.keys(summary.byKind).sort()).toEqual([...FUZZ_KINDS].sort());
    // The files reach the limits, not only the easy refusals.
    for (const problem of ['doctype', 'too_large', 'over_limit', 'malformed', 'no_header', 'truncated'])
      expect(summary.refusals[problem]?.count, problem).toBeGreaterThan(0);
    expect(summary.peakRssMb).toBeLessThan(summary.rssLimitMb);
  }, 600_000);

  it.each(FUZZ_KINDS)('%s: the same seed makes the same file', (kind) => {
    const seed = caseSeed(20261118, FUZZ_KINDS.indexOf(kind));
    const [first, second] = [generateCase(kind, seed), generateCase(kind, seed)];
    expect(second.variant).toBe(first.variant);
    expect(second.bytes.equals(first.bytes)).toBe(true);
  });

  it.each([
    ['Baris;Nilai\r\n4;=1+1\r\n', ['=1+1']],
    ['Baris;Nilai\r\n4;"\t=1+1"\r\n', ['\t=1+1']],
    ['Baris;Nilai\r\n4;\'=1+1\r\n5;"\'-2"\r\n', []],
  ])('the check finds the formulas a spreadsheet would run in %j', (report, found) => {
    expect(formulaCells(report)).toEqual(found);
  });
});
