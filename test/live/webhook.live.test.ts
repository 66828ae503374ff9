import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHealthServer, type WebhookResult } from '../../src/connectors/health/server.js';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { automationAddonState } from '../../src/connectors/odoo/webhook-rule-store.js';
import { JobTrigger } from '../../src/jobs/job-trigger.js';
import { createLogger, silentLogger } from '../../src/logging/logger.js';
import { describeLive } from './live-env.js';

const TOKEN = `live-webhook-${Date.now()}-0123456789abcdef`;

/** `h23-bridge <args>` in a child process, as the administrator named by ODOO_* (the rule needs one). */
function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: { ...process.env, H23_WEBHOOK_TOKEN: TOKEN, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      out += String(chunk);
    });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

/**
 * Odoo's webhook rule calling the daemon's endpoint: `webhook install` points
 * a rule at a local server, a WOR created or edited in Odoo reaches it with the
 * token, the bridge's own kind of write does not, and after `webhook remove`
 * nothing calls any more.
 */
describeLive('the WOR webhook from a real Odoo', (config) => {
  let admin: OdooClient;
  let addon = 'unknown';
  let server: Server | undefined;
  let trigger: JobTrigger | undefined;
  let port = 0;
  let runs = 0;
  const answers: WebhookResult[] = [];
  const calls: Array<{ recordId: number | undefined; model: string | undefined }> = [];
  const worIds: number[] = [];

  beforeAll(async () => {
    admin = await OdooClient.connect(connectionFromConfig(config), silentLogger());
    addon = await automationAddonState(admin);
    trigger = new JobTrigger({
      has: (job) => job === 'wor',
      isActive: () => true,
      isBusy: () => false,
      run: async () => {
        runs += 1;
      },
      debounceMs: 300,
    });
    const logger = createLogger({
      level: 'debug',
      destination: {
        write: (line: string) => {
          const entry = JSON.parse(line) as { msg: string; recordId?: number; model?: string };
          if (entry.msg === 'webhook call') calls.push({ recordId: entry.recordId, model: entry.model });
        },
      },
    });
    const active = trigger;
    server = await startHealthServer('127.0.0.1', 0, {
      health: () => ({ ok: true }),
      metrics: () => '',
      webhook: {
        token: TOKEN,
        knows: (job) => job === 'wor',
        trigger: (job) => active.triggerJob(job),
        record: (_job, result) => answers.push(result),
        logger,
      },
    });
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    trigger?.stop();
    if (addon === 'installed') await cli(['webhook', 'remove']);
    if (worIds.length) await admin.unlink('x_h23_wor', worIds);
    if (server) await new Promise((resolve) => server?.close(resolve));
  });

  // The database is shared: other tests may edit WORs while the rule is in place, so count calls per record.
  const callsFor = (id: number) => calls.filter((call) => call.recordId === id).length;
  const waitFor = async (condition: () => boolean, ms: number) => {
    for (let waited = 0; waited < ms && !condition(); waited += 100)
      await new Promise((resolve) => setTimeout(resolve, 100));
    return condition();
  };

  it('a WOR created or edited in Odoo calls the endpoint with the token; `webhook remove` stops it', async (context) => {
    if (addon !== 'installed') {
      const reason = `base_automation is ${addon} in ${config.db}: install "Automation Rules" in this throw-away database to run the webhook test`;
      console.warn(reason);
      context.skip(reason);
    }
    const installed = await cli(['webhook', 'install', '--url', `http://127.0.0.1:${port}`]);
    expect(installed.out).not.toContain(TOKEN);
    expect(installed.code, installed.out).toBe(0);
    expect(installed.out).toContain('?token=***');
    const again = await cli(['webhook', 'install', '--url', `http://127.0.0.1:${port}`]);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toContain('nothing to change');
    const status = await cli(['webhook', 'status', '--json']);
    expect(JSON.parse(status.out)).toMatchObject({ installed: true, tokenMatches: true, problems: [] });

    // Odoo posts after its commit, within the create call (1 s timeout): the call is in before create returns.
    const [created] = await admin.create('x_h23_wor', [
      { x_name: `WH-LIVE-${Date.now()}`, x_engine_number: 'JMH1E1234567', x_carrier_name: 'Live Webhook' },
    ]);
    const id = created?.id as number;
    worIds.push(id);
    expect(await waitFor(() => callsFor(id) >= 1, 5000)).toBe(true);
    expect(calls.find((call) => call.recordId === id)).toEqual({ recordId: id, model: 'x_h23_wor' });
    expect(answers.every((answer) => answer === 'queued')).toBe(true);
    expect(await waitFor(() => runs >= 1, 3000)).toBe(true);

    // A field the bridge writes (the WOR's state) is not watched: no call. An input field is.
    const callsBeforeState = callsFor(id);
    await admin.write('x_h23_wor', [{ id, values: { x_state: 'matched' } }]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(callsFor(id)).toBe(callsBeforeState);
    const callsBefore = callsFor(id);
    const runsBefore = runs;
    await admin.write('x_h23_wor', [{ id, values: { x_engine_number: 'JMH1E7654321' } }]);
    expect(await waitFor(() => callsFor(id) > callsBefore, 5000)).toBe(true);
    expect(await waitFor(() => runs > runsBefore, 3000)).toBe(true);

    const removed = await cli(['webhook', 'remove']);
    expect(removed.code, removed.out).toBe(0);
    expect(removed.out).toContain('Removed the webhook rule');
    const [after] = await admin.create('x_h23_wor', [
      { x_name: `WH-LIVE-${Date.now()}-2`, x_engine_number: 'JMH1E1111111', x_carrier_name: 'Live Webhook' },
    ]);
    worIds.push(after?.id as number);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(callsFor(after?.id as number)).toBe(0);
    expect(answers.every((answer) => answer === 'queued')).toBe(true);
  }, 120_000);
});
