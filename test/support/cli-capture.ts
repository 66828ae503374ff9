import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';

/**
 * For tests of the command line: captures stdout and stderr, starts every test
 * with no ODOO_/H23_ variables but `env`, in a fresh working directory (no
 * config file found by accident), and restores the process afterwards.
 */
export function captureCli(
  folderPrefix: string,
  env: Record<string, string> = {},
): { out: string; err: string } {
  const io = { out: '', err: '' };
  const saved = { ...process.env };
  beforeEach(() => {
    io.out = '';
    io.err = '';
    process.exitCode = undefined;
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      io.out += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      io.err += String(chunk);
      return true;
    });
    for (const name of Object.keys(process.env)) if (/^(ODOO_|H23_)/.test(name)) delete process.env[name];
    Object.assign(process.env, env);
    process.chdir(mkdtempSync(join(tmpdir(), folderPrefix)));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.env = { ...saved };
    process.exitCode = undefined;
  });
  return io;
}
