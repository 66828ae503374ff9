import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const unitPath = join(root, 'deploy', 'h23-bridge.service');

/** The unit's `[Service]` (or another section's) settings, each key with all its values in order. */
function section(text: string, name: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const header = line.match(/^\[(.+)\]$/);
    if (header) {
      current = header[1] ?? '';
      continue;
    }
    if (current !== name) continue;
    const at = line.indexOf('=');
    const key = line.slice(0, at);
    settings.set(key, [...(settings.get(key) ?? []), line.slice(at + 1)]);
  }
  return settings;
}

const text = readFileSync(unitPath, 'utf8');
const service = section(text, 'Service');
const one = (key: string) => service.get(key)?.at(-1);

describe('deploy/h23-bridge.service', () => {
  it('runs the daemon as package.json starts it, as a user of its own, restarted on failure', () => {
    const start = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }
    ).scripts.start;
    // `node --max-old-space-size=176 dist/src/cli/main.js run`: the same flags and entry point.
    expect(one('ExecStart')).toBe(`/usr/bin/${start}`);
    expect(one('User')).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(one('User')).not.toBe('root');
    expect(one('Restart')).toBe('on-failure');
    expect(one('EnvironmentFile')).toMatch(/^\//);
  });

  it('is hardened, and may write its spool folder only', () => {
    for (const [key, value] of [
      ['NoNewPrivileges', 'yes'],
      ['ProtectSystem', 'strict'],
      ['ProtectHome', 'yes'],
      ['PrivateTmp', 'yes'],
    ])
      expect(one(key as string), key).toBe(value);
    const spool = service
      .get('Environment')
      ?.map((value) => value.match(/^WHATSAPP_SPOOL_DIR=(.+)$/)?.[1])
      .find(Boolean);
    expect(spool).toBeDefined();
    const writable = (one('ReadWritePaths') ?? '').split(/\s+/);
    expect(writable.some((path) => spool === path || spool?.startsWith(`${path}/`))).toBe(true);
  });

  const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  if (analyze.error) {
    it.skip('systemd-analyze verify skipped: systemd-analyze is not installed (Debian: apt-get install systemd)', () => {});
  } else {
    it('passes systemd-analyze verify without a warning', () => {
      // verify exits 0 on an unknown key or a bad value and only says so: any output is a failure.
      const result = spawnSync('systemd-analyze', ['verify', unitPath], { encoding: 'utf8' });
      expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
      expect(result.status).toBe(0);
    });
  }
});
