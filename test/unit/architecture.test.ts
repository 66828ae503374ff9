import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** What a pure rule may not touch: IO, the clock, randomness, the logger, the other layers. */
function impurities(source: string): string[] {
  const found: string[] = [];
  const imports = [...source.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]/g)].map(
    (m) => m[1] ?? '',
  );
  const dynamic = [
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] ?? m[2] ?? '');
  for (const target of [...imports, ...dynamic]) {
    if (/^node:|^(fs|path|http|https|net|os|child_process|crypto)$/.test(target))
      found.push(`imports ${target}`);
    else if (
      /\/(connectors|jobs|cli|logging)\//.test(`/${target}`) ||
      /^\.\.\/(connectors|jobs|cli|logging)\b/.test(target)
    ) {
      found.push(`imports ${target}`);
    } else if (!target.startsWith('.') && !['zod'].includes(target)) found.push(`imports package ${target}`);
  }
  if (/\bDate\.now\(|\bnew Date\(\s*\)|\bperformance\.now\(/.test(source)) found.push('reads the clock');
  if (/\bMath\.random\(/.test(source)) found.push('uses randomness');
  if (/\bprocess\.|\bconsole\./.test(source)) found.push('touches the process or console');
  return found;
}

describe('src/rules stays pure', () => {
  it('the check itself catches every kind of impurity', () => {
    expect(impurities("import { readFileSync } from 'node:fs';")).toEqual(['imports node:fs']);
    expect(impurities("import { OdooClient } from '../connectors/odoo/client.js';")).toEqual([
      'imports ../connectors/odoo/client.js',
    ]);
    expect(impurities("import type { Logger } from '../logging/logger.js';")).toEqual([
      'imports ../logging/logger.js',
    ]);
    expect(impurities("import axios from 'axios';")).toEqual(['imports package axios']);
    expect(impurities('const today = new Date();')).toEqual(['reads the clock']);
    expect(impurities('const t = Date.now();')).toEqual(['reads the clock']);
    expect(impurities('console.log(1)')).toEqual(['touches the process or console']);
    expect(
      impurities(
        "import { z } from 'zod';\nimport { x } from './kpb.js';\nconst d = new Date('2025-01-01');",
      ),
    ).toEqual([]);
  });

  it('no file under src/rules imports IO, the clock, the logger or another layer', () => {
    const files = sourceFiles(join(root, 'src', 'rules'));
    const offences = files.flatMap((file) =>
      impurities(readFileSync(file, 'utf8')).map((what) => `${relative(root, file)} ${what}`),
    );
    expect(offences).toEqual([]);
  });

  it('connectors never import jobs or the CLI', () => {
    const files = sourceFiles(join(root, 'src', 'connectors'));
    const offences = files.filter((file) =>
      /from\s+['"][^'"]*\/(jobs|cli)\//.test(readFileSync(file, 'utf8')),
    );
    expect(offences.map((file) => relative(root, file))).toEqual([]);
  });
});
