/** `npm run docs:config`: rewrites the README's configuration table from the schema. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConfigTable, withConfigTable } from './config-table.js';

const readmePath = join(import.meta.dirname, '..', 'README.md');
if (process.argv.includes('--write')) {
  writeFileSync(readmePath, withConfigTable(readFileSync(readmePath, 'utf8')));
  process.stdout.write('README.md configuration table updated\n');
} else {
  process.stdout.write(`${renderConfigTable()}\n`);
}
