import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Schema } from './module/model-spec.js';
import { MODELS } from './module/models.js';
import * as odooModels from './module/odoo-models.js';

/**
 * Odoo's model and field names are written once: in the schema of their model
 * (`module/models.ts` for the module's, `module/odoo-models.ts` for Odoo's own).
 * Stores, jobs, config and the dialect take them from there (`UNIT.f.engineNumber`);
 * the module's declaration (views, security, the records built from the models)
 * writes them in XML and domains, which is what a declaration is.
 */
const ROOT = join(import.meta.dirname, '..');
const SCHEMA_FILES = ['src/module/models.ts', 'src/module/odoo-models.ts'];
const DECLARATION = /^src\/module\//;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The text of a file's string literals, comments left out (they may name what they explain). */
function literalsOf(source: string): string[] {
  const literals: string[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index] as string;
    const next = source[index + 1];
    if (char === '/' && next === '/') {
      index = source.indexOf('\n', index);
      if (index < 0) break;
    } else if (char === '/' && next === '*') {
      index = source.indexOf('*/', index) + 2;
      if (index < 2) break;
    } else if (
      char === '/' &&
      /[(,=:[!&|?{};]$|^$/.test(source.slice(Math.max(0, index - 40), index).trimEnd())
    ) {
      // A regular expression literal: its quotes open no string.
      let end = index + 1;
      let inClass = false;
      while (end < source.length && (inClass || source[end] !== '/')) {
        if (source[end] === '\\') end += 1;
        else if (source[end] === '[') inClass = true;
        else if (source[end] === ']') inClass = false;
        end += 1;
      }
      // A name in a pattern is a name written all the same.
      literals.push(source.slice(index + 1, end));
      index = end + 1;
    } else if (char === "'" || char === '"' || char === '`') {
      let end = index + 1;
      while (end < source.length && source[end] !== char) end += source[end] === '\\' ? 2 : 1;
      literals.push(source.slice(index + 1, end));
      index = end + 1;
    } else {
      index += 1;
    }
  }
  return literals;
}

const schemas: Schema[] = [
  ...MODELS,
  ...Object.values(odooModels).filter(
    (value): value is Schema => typeof value === 'object' && 'model' in value,
  ),
];
const modelNames = new Set(schemas.map((schema) => schema.model));
/** Field names that cannot be mistaken for other words: the module's `x_` ones and Odoo's with an underscore. */
const fieldNames = new Set(
  schemas
    .flatMap((schema) => Object.values(schema.fields).map((field) => field.name))
    .filter((name) => name.includes('_')),
);
const xmlids = new Set<string>(Object.values(odooModels.ODOO_XMLIDS));

function odooNamesIn(literal: string): string[] {
  const names: string[] = [];
  if (modelNames.has(literal) || xmlids.has(literal)) names.push(literal);
  for (const token of literal.match(/[a-z][a-z0-9_]*/g) ?? []) {
    // `x_` alone is Odoo's prefix for custom fields, not a name.
    if ((token.startsWith('x_') && token.length > 2) || fieldNames.has(token)) names.push(token);
  }
  return names;
}

describe('Odoo names', () => {
  const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'config'))].map((path) =>
    relative(ROOT, path),
  );
  const counted = files.filter((file) => SCHEMA_FILES.includes(file) || !DECLARATION.test(file));
  const filesByName = new Map<string, Set<string>>();
  for (const file of counted) {
    for (const literal of literalsOf(readFileSync(join(ROOT, file), 'utf8'))) {
      for (const name of odooNamesIn(literal)) {
        const where = filesByName.get(name) ?? new Set<string>();
        where.add(file);
        filesByName.set(name, where);
      }
    }
  }

  it('are written only in the schema of their model', () => {
    const outside = [...filesByName]
      .flatMap(([name, where]) =>
        [...where].filter((file) => !SCHEMA_FILES.includes(file)).map((file) => `${file}: ${name}`),
      )
      .sort();
    expect(outside).toEqual([]);
  });

  it('of the module are declared before they are used', () => {
    const declared = new Set(
      schemas.flatMap((schema) => [schema.model, ...Object.values(schema.fields).map((field) => field.name)]),
    );
    const undeclared = [...filesByName.keys()].filter((name) => name.startsWith('x_') && !declared.has(name));
    // Relation tables and the module's external IDs are names of the declaration, not of fields.
    expect(undeclared.filter((name) => !/_rel$/.test(name))).toEqual([]);
  });

  it('each appear in one file', () => {
    const repeated = [...filesByName]
      .filter(([, where]) => where.size > 1)
      .map(([name, where]) => `${name}: ${[...where].join(', ')}`);
    expect(repeated).toEqual([]);
  });
});
