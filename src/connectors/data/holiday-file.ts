import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the curated holiday files, `data/holidays/` at the package root (from `src/` or `dist/src/`). */
export function holidayDataDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up += 1) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'data', 'holidays');
    dir = dirname(dir);
  }
  return resolve('data', 'holidays');
}

export type HolidayFileRead =
  | { found: true; path: string; data: unknown }
  | { found: false; path: string; reason: 'absent' | 'unreadable'; message: string };

/** The year's holiday file (the curated one unless `file` names another), parsed as JSON. */
export function readHolidayFile(year: number, file?: string): HolidayFileRead {
  const path = file ? resolve(file) : join(holidayDataDir(), `id-${year}.json`);
  if (!existsSync(path)) {
    return { found: false, path, reason: 'absent', message: `no holiday data for ${year} (${path})` };
  }
  try {
    return { found: true, path, data: JSON.parse(readFileSync(path, 'utf8')) };
  } catch (error) {
    return { found: false, path, reason: 'unreadable', message: `${path}: ${(error as Error).message}` };
  }
}
