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
import { type DaemonHandle, startDaemon, WEBHOOK_DEBOUNCE_MS } from './daemon.js';

const TOKEN = 'daemon-webhook-test-token-0123456789';

/**
 * The daemon against an Odoo double that knows only the lease record: every
 * job fails at its first call (which the daemon records and survives), so a job
 * run shows as `h23_job_runs_total{status="failed"}` in /metrics.
 */
async function daemonWith(options: { leaseHolder?: string; token?: string }) {
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
    daemon: { leaseSeconds: 60, ...(options.token ? { webhookToken: options.token } : {}) },
  });
  config.daemon.port = 0;
  const daemon = await startDaemon(client, silentLogger(), config);
  handles.push(daemon);
  const base = `http://127.0.0.1:${(daemon.server.address() as AddressInfo).port}`;
  const runsOf = async (job: string) => {
    const text = await (await fetch(`${base}/metrics`)).text();
    const line = text
      .split('\n')
      .find((item) => item.startsWith(`h23_job_runs_total{job="${job}",status="failed"}`));
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
