import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.js';
import { FakeTransport } from '../../test/support/fake-transport.js';
import { OdooClient } from '../connectors/odoo/client.js';
import { OdooError } from '../connectors/odoo/errors.js';
import { toOdooDatetime } from '../connectors/odoo/field-values.js';
import type { RpcCall } from '../connectors/odoo/transport.js';
import { silentLogger } from '../logging/logger.js';
import { type DaemonHandle, type DaemonJob, startDaemon, WEBHOOK_DEBOUNCE_MS } from './daemon.js';

const TOKEN = 'daemon-webhook-test-token-0123456789';

/**
 * The daemon against an Odoo double that knows only the lease record: every
 * job fails at its first call (which the daemon records and survives), so a job
 * run shows as `h23_job_runs_total{status="failed"}` in /metrics.
 */
async function daemonWith(options: { leaseHolder?: string; token?: string; jobs?: DaemonJob[] }) {
  const lease = options.leaseHolder
    ? [{ id: 1, x_holder: options.leaseHolder, x_until: toOdooDatetime(new Date(Date.now() + 600_000)) }]
    : [];
  const handler = (call: RpcCall): unknown => {
    if (call.model === 'x_h23_bridge_state') {
      if (call.method === 'search_read') return lease;
      if (call.method === 'create') {
        const values = (call.args[0] as Array<Record<string, unknown>>)[0] ?? {};
        lease.push({ id: 1, x_holder: values.x_holder as string, x_until: values.x_until as string });
        return [1];
      }
      if (call.method === 'write') {
        Object.assign(lease[0] ?? {}, call.args[1]);
        return true;
      }
    }
    throw new OdooError({ code: 'validation', message: `the double has no ${call.model}.${call.method}` });
  };
  const client = OdooClient.over(
    new FakeTransport(handler),
    { uid: 2, version: { version: '19.0', major: 19, minor: 0, edition: 'community' }, db: 'test' },
    { maxInFlight: 4, retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 }, context: {} },
    silentLogger(),
  );
  const config = configSchema.parse({
    odoo: { url: 'http://odoo.invalid', db: 'test', apiKey: 'k' },
    daemon: {
      leaseSeconds: 60,
      // Only the catch-up and the webhook run jobs here: the default crons (imports every minute)
      // would add a run whenever a test crosses the minute.
      ...Object.fromEntries(
        ['importCron', 'scheduleCron', 'outcomesCron', 'worCron', 'summariesCron', 'qualityCron'].map(
          (key) => [key, '0 0 1 1 *'],
        ),
      ),
      ...(options.token ? { webhookToken: options.token } : {}),
    },
  });
  config.daemon.port = 0;
  const daemon = await startDaemon(client, silentLogger(), config, options.jobs);
  handles.push(daemon);
  const base = `http://127.0.0.1:${(daemon.server.address() as AddressInfo).port}`;
  const runsOf = async (job: string, status = 'failed') => {
    const text = await (await fetch(`${base}/metrics`)).text();
    const line = text
      .split('\n')
      .find((item) => item.startsWith(`h23_job_runs_total{job="${job}",status="${status}"}`));
    return Number(line?.split(' ')[1] ?? 0);
  };
  return { base, runsOf };
}

const handles: DaemonHandle[] = [];
const post = (url: string) => fetch(url, { method: 'POST', body: '{"_id":1,"_model":"x_h23_wor"}' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the daemon’s webhook', () => {
  beforeAll(() => {
    nock.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/);
  });
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((handle) => handle.stop()));
  });
  afterAll(() => {
    nock.disableNetConnect();
  });

  it('the active daemon runs the named job once for a burst of calls, after the debounce', async () => {
    const { base, runsOf } = await daemonWith({ token: TOKEN });
    expect(await runsOf('import')).toBe(1); // the catch-up when it took the lease
    const statuses = await Promise.all(
      [1, 2, 3, 4, 5].map(() => post(`${base}/webhook/import?token=${TOKEN}`)),
    );
    expect(statuses.map((response) => response.status)).toEqual([202, 202, 202, 202, 202]);
    expect(await runsOf('import')).toBe(1);
    await sleep(WEBHOOK_DEBOUNCE_MS + 500);
    expect(await runsOf('import')).toBe(2);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('h23_webhook_calls_total{job="import",result="queued"} 5');
    expect((await post(`${base}/webhook/wrong?token=${TOKEN}`)).status).toBe(404);
    expect((await post(`${base}/webhook/import?token=nope-nope-nope-nope-nope-nope`)).status).toBe(401);
  }, 15_000);

  it('refuses forged and unauthenticated calls to /webhook/import as to /webhook/wor, and runs nothing for them', async () => {
    const { base, runsOf } = await daemonWith({ token: TOKEN });
    expect(await runsOf('import')).toBe(1); // the catch-up
    const refused = await Promise.all([
      post(`${base}/webhook/import`),
      post(`${base}/webhook/import?token=`),
      post(`${base}/webhook/import?token=${TOKEN.slice(0, -1)}`),
      post(`${base}/webhook/import?token=${TOKEN}x`),
      fetch(`${base}/webhook/import`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}x` } }),
      fetch(`${base}/webhook/import`, { method: 'POST', headers: { authorization: 'Basic Zm9vOmJhcg==' } }),
    ]);
    expect(refused.map((response) => response.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect((await fetch(`${base}/webhook/import?token=${TOKEN}`)).status).toBe(405);
    await sleep(WEBHOOK_DEBOUNCE_MS + 500);
    expect(await runsOf('import')).toBe(1);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('h23_webhook_calls_total{job="import",result="unauthorized"} 6');
    // The header form of the token is accepted too (for callers other than Odoo).
    const bearer = await fetch(`${base}/webhook/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(bearer.status).toBe(202);
    await sleep(WEBHOOK_DEBOUNCE_MS + 500);
    expect(await runsOf('import')).toBe(2);
  }, 15_000);

  it('an import that wrote rows asks for the schedule at once; one that wrote none, and the catch-up, do not', async () => {
    const log: string[] = [];
    let wrote = true;
    const job = (name: string, extra: Partial<DaemonJob> = {}): DaemonJob => ({
      name,
      cron: '0 0 1 1 *',
      run: async (date) => {
        log.push(`${name} ${date}`);
        return wrote;
      },
      ...extra,
    });
    const jobs = [
      job('import', { next: (result) => (result === true ? ['schedule'] : []) }),
      job('schedule'),
    ];
    const names = () => log.map((line) => line.split(' ')[0]);
    const waitFor = async (count: number) => {
      for (let waited = 0; waited < 4 * WEBHOOK_DEBOUNCE_MS && log.length < count; waited += 100)
        await sleep(100);
    };
    const { base, runsOf } = await daemonWith({ token: TOKEN, jobs });
    // The catch-up ran both in order (its import "wrote rows") and asked for nothing more.
    await sleep(WEBHOOK_DEBOUNCE_MS + 500);
    expect(names()).toEqual(['import', 'schedule']);
    expect(log[1]).toMatch(/^schedule \d{4}-\d{2}-\d{2}$/);

    expect((await post(`${base}/webhook/import?token=${TOKEN}`)).status).toBe(202);
    await waitFor(4);
    expect(names()).toEqual(['import', 'schedule', 'import', 'schedule']);
    expect(await runsOf('schedule', 'ok')).toBe(2);

    wrote = false;
    expect((await post(`${base}/webhook/import?token=${TOKEN}`)).status).toBe(202);
    await waitFor(5);
    await sleep(WEBHOOK_DEBOUNCE_MS + 500);
    expect(names()).toEqual(['import', 'schedule', 'import', 'schedule', 'import']);
  }, 20_000);

  it('a standby daemon answers 503 and runs nothing', async () => {
    const { base, runsOf } = await daemonWith({ token: TOKEN, leaseHolder: 'other-host:1' });
    expect(((await (await fetch(`${base}/healthz`)).json()) as { role: string }).role).toBe('standby');
    const response = await post(`${base}/webhook/import?token=${TOKEN}`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ queued: false, role: 'standby' });
    await sleep(WEBHOOK_DEBOUNCE_MS + 500);
    expect(await runsOf('import')).toBe(0);
  }, 15_000);

  it('without daemon.webhookToken the webhook answers 404 "webhook disabled"', async () => {
    const { base } = await daemonWith({});
    const response = await post(`${base}/webhook/import?token=${TOKEN}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'webhook disabled' });
  });
});
