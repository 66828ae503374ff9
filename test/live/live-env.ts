import type { ChildProcess } from 'node:child_process';
import { describe, it } from 'vitest';
import type { OdooConfig } from '../../config/schema.js';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { ref } from '../../src/connectors/odoo/external-ids.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { silentLogger } from '../../src/logging/logger.js';

/** The live Odoo named by the environment, or the reason live tests cannot run. */
export function liveOdoo(): { config: OdooConfig } | { skip: string } {
  const env = process.env;
  const missing = ['ODOO_URL', 'ODOO_DB'].filter((name) => !env[name]);
  if (!env.ODOO_PASSWORD && !env.ODOO_API_KEY) missing.push('ODOO_PASSWORD or ODOO_API_KEY');
  if (missing.length) {
    const skip = `live tests skipped: set ${missing.join(', ')} to run them against a real Odoo (throw-away database)`;
    console.warn(skip);
    return { skip };
  }
  return {
    config: {
      url: env.ODOO_URL as string,
      db: env.ODOO_DB as string,
      user: env.ODOO_USER,
      password: env.ODOO_PASSWORD,
      apiKey: env.ODOO_API_KEY,
      // The matrix (npm run test:matrix) runs 19 over each protocol.
      protocol: env.ODOO_PROTOCOL === 'jsonrpc' || env.ODOO_PROTOCOL === 'json2' ? env.ODOO_PROTOCOL : 'auto',
      timeoutMs: 120_000,
      maxInFlight: 2,
      retries: 2,
      retryWindowMs: 60_000,
      retryMinMs: 200,
      retryMaxMs: 2000,
      // As the product works: Odoo's own texts and errors in Bahasa Indonesia.
      lang: 'id_ID',
      tz: 'Asia/Jakarta',
      companyIds: undefined,
    },
  };
}

/**
 * A describe block that runs against the live Odoo, or, without one, shows a
 * single skipped test whose title says why.
 */
export function describeLive(name: string, body: (config: OdooConfig) => void): void {
  const live = liveOdoo();
  if ('skip' in live) {
    describe(name, () => {
      it.skip(live.skip, () => {});
    });
  } else {
    describe(name, () => body(live.config));
  }
}

/** A user with exactly these groups, made by an administrator, and a client logged in as them (JSON-RPC, password). */
export async function createLiveUser(
  admin: OdooClient,
  config: OdooConfig,
  login: string,
  groups: readonly string[],
): Promise<{ id: number; client: OdooClient }> {
  const groupIds = await Promise.all(groups.map(async (xmlid) => (await ref(admin, xmlid))?.id as number));
  const groupField = admin.dialect.groupsField;
  const [outcome] = await admin.create('res.users', [
    { name: `H23 live ${login}`, login, password: `pw-${login}-Secret1`, [groupField]: [[6, 0, groupIds]] },
  ]);
  if (!outcome?.id) throw outcome?.error ?? new Error('user not created');
  const client = await OdooClient.connect(
    {
      ...connectionFromConfig(config),
      user: login,
      password: `pw-${login}-Secret1`,
      apiKey: undefined,
      protocol: 'jsonrpc',
    },
    silentLogger(),
  );
  return { id: outcome.id, client };
}

/**
 * Deletes units and, first, their follow-ups through the ORM: the database's cascade
 * would delete the follow-ups without their activities, which then linger, visible to
 * their assignee only, and block removing the module's activity types. Complaints the
 * daemon opened from those follow-ups go first: they hold on to the customer.
 */
export async function removeUnits(admin: OdooClient, unitIds: readonly number[]): Promise<void> {
  if (unitIds.length === 0) return;
  const complaints = await admin.call<number[]>('x_h23_complaint', 'search', [
    ['|', ['x_unit_id', 'in', [...unitIds]], ['x_followup_id.x_unit_id', 'in', [...unitIds]]],
  ]);
  if (complaints.length) await admin.unlink('x_h23_complaint', complaints);
  const followUps = await admin.call<number[]>(
    'x_h23_followup',
    'search',
    [[['x_unit_id', 'in', [...unitIds]]]],
    {
      context: { active_test: false },
    },
  );
  if (followUps.length) await admin.unlink('x_h23_followup', followUps, { chunkSize: 5000 });
  await admin.unlink('x_h23_unit', unitIds, { chunkSize: 5000 });
}

/**
 * The exit code of a child process; with `killWhen`, the child is SIGKILLed as soon as that
 * says its work has begun (polled every 100 ms): a kill mid-run however slow the machine is
 * to start it, where a fixed delay would land before or after the work.
 */
export function exitOf(child: ChildProcess, killWhen?: () => Promise<boolean>): Promise<number | null> {
  let exited = false;
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exited = true;
      resolve(code);
    }),
  );
  const watch = async (): Promise<void> => {
    while (killWhen && !exited) {
      if (await killWhen()) {
        child.kill('SIGKILL');
        return;
      }
      await new Promise((wait) => setTimeout(wait, 100));
    }
  };
  void watch();
  return exit;
}
