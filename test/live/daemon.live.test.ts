import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { describeLive } from './live-env.js';

/** The two daemons' health ports: fixed, so another run on this machine may need others (DAEMON_TEST_PORT=first). */
const FIRST = Number.parseInt(process.env.DAEMON_TEST_PORT ?? '19470', 10);
const SECOND = FIRST + 1;

/** Two daemons on one database: one works, the other stands by and takes over when the first dies. */
describeLive('the daemon in front of a real Odoo', () => {
  const children: ChildProcess[] = [];
  const start = (port: number) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run'], {
      env: { ...process.env, DAEMON_PORT: String(port), DAEMON_LEASE_SECONDS: '10', LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    children.push(child);
    return child;
  };
  const health = async (port: number) => {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      return (await response.json()) as { ok: boolean; role: string; holder: string };
    } catch {
      return null;
    }
  };
  const waitFor = async (port: number, role: string, seconds: number) => {
    for (let waited = 0; waited < seconds * 2; waited += 1) {
      const state = await health(port);
      if (state?.role === role) return state;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return health(port);
  };

  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
  });

  it('one daemon works, a second stands by, and takes over within a lease after the first is killed', async () => {
    const first = start(FIRST);
    expect((await waitFor(FIRST, 'active', 40))?.role).toBe('active');
    start(SECOND);
    const standby = await waitFor(SECOND, 'standby', 30);
    expect(standby).toMatchObject({ ok: true, role: 'standby', holder: `${(await health(FIRST))?.holder}` });
    const metrics = await (await fetch(`http://127.0.0.1:${FIRST}/metrics`)).text();
    expect(metrics).toContain('h23_lease_held 1');
    expect(metrics).toMatch(/h23_job_runs_total\{job="schedule",status="ok"\} 1/);
    first.kill('SIGKILL');
    const taken = await waitFor(SECOND, 'active', 30);
    expect(taken?.role).toBe('active');
  }, 120_000);

  it('stops cleanly on SIGTERM and gives the lease back, so `run --once` starts at once', async () => {
    const second = children[1] as ChildProcess;
    const exited = new Promise<number | null>((resolve) => second.on('exit', (code) => resolve(code)));
    second.kill('SIGTERM');
    expect(await exited).toBe(0);
    const once = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'run', '--once', '--date', '2026-11-23'],
      {
        env: { ...process.env, LOG_LEVEL: 'warn' },
        stdio: 'ignore',
      },
    );
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => once.on('exit', (value) => resolve(value)));
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 60_000);
});
