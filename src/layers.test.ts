import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The one-way flow of ARCHITECTURE.md: what each layer of src/ may import. */
const SRC = import.meta.dirname;
const MAY_IMPORT: Record<string, readonly string[]> = {
  rules: ['rules'],
  module: ['module', 'rules'],
  logging: ['logging'],
  connectors: ['connectors', 'module', 'rules', 'logging'],
  sample: ['sample', 'rules', 'connectors'],
  jobs: ['jobs', 'connectors', 'module', 'rules', 'logging', 'sample'],
  cli: ['cli', 'jobs', 'connectors', 'module', 'rules', 'logging'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Value imports: `import type` brings no code, so the module may name the dialect's type. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(import|export)(\s+type)?\b[^'"]*?from\s+'([^']+)'/gm)]
    .filter((match) => !match[2])
    .map((match) => match[3] as string);
}

describe('layers', () => {
  const files = sourceFiles(SRC).map((path) => ({
    path,
    layer: relative(SRC, path).split('/')[0] as string,
  }));

  it.each(Object.keys(MAY_IMPORT))('%s imports only what it may', (layer) => {
    const wrong = files
      .filter((file) => file.layer === layer)
      .flatMap((file) =>
        importsOf(file.path).flatMap((specifier) => {
          if (!specifier.startsWith('.')) {
            // Pure rules: no Node built-ins (no clock source, files or network) and no packages.
            return layer === 'rules' ? [`${relative(SRC, file.path)} → ${specifier}`] : [];
          }
          const target = relative(SRC, join(file.path, '..', specifier)).split('/')[0] as string;
          if (target === '..' || target.startsWith('..'))
            return layer === 'rules' ? [`${relative(SRC, file.path)} → ${specifier}`] : [];
          return MAY_IMPORT[layer]?.includes(target) ? [] : [`${relative(SRC, file.path)} → ${specifier}`];
        }),
      );
    expect(wrong).toEqual([]);
  });
});
