import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderConfigTable, withConfigTable } from './config-table.js';
import { configSchema } from './schema.js';
import { describeSettings } from './settings.js';

describe('configuration documentation', () => {
  it('describes every setting', () => {
    for (const setting of describeSettings(configSchema))
      expect(setting.description, setting.key).not.toBe('');
  });

  it('the README table is the one the schema gives (run `npm run docs:config`)', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    expect(withConfigTable(readme)).toBe(readme);
    expect(readme).toContain(renderConfigTable());
  });

  // Present, it changes what happens to every import: a dealer copying the example must not get it.
  const ONLY_WHEN_NEEDED = new Set(['import.defaultBranch', 'import.sheet']);

  it('the example config names every setting (but those that act by being there)', () => {
    const example = JSON.parse(readFileSync(join(import.meta.dirname, 'h23-bridge.example.json'), 'utf8'));
    expect(example.import.defaultBranch).toBeUndefined();
    for (const setting of describeSettings(configSchema)) {
      if (ONLY_WHEN_NEEDED.has(setting.key)) continue;
      const value = setting.path.reduce<unknown>(
        (node, key) => (node as Record<string, unknown>)?.[key],
        example,
      );
      expect(value, setting.key).not.toBeUndefined();
    }
    expect(configSchema.safeParse(example).success).toBe(true);
  });
});
