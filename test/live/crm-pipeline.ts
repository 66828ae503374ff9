import type { OdooClient } from '../../src/connectors/odoo/client.js';
import { createLiveUser } from './live-env.js';

/**
 * The leads tests' cast in a real Odoo CRM: the least-privileged bridge user, a salesperson
 * (Odoo's own sales group only), and the ids of the module's team and stages by their names
 * under `h23_crm` (`crm_team_b2b`, `crm_stage_new`, …).
 */
export async function crmCast(
  admin: OdooClient,
  config: Parameters<typeof createLiveUser>[1],
  login: string,
): Promise<{
  bridge: OdooClient;
  sales: OdooClient;
  salesId: number;
  userIds: number[];
  team: number;
  stage: Record<string, number>;
}> {
  const bridgeUser = await createLiveUser(admin, config, `${login}br`, [
    'base.group_user',
    'h23_crm.group_bridge',
  ]);
  const salesUser = await createLiveUser(admin, config, `${login}sp`, [
    'base.group_user',
    'sales_team.group_sale_salesman',
  ]);
  const refs = await admin.searchRead(
    'ir.model.data',
    [
      ['module', '=', 'h23_crm'],
      ['model', 'in', ['crm.team', 'crm.stage']],
    ],
    ['name', 'res_id'],
  );
  let team = 0;
  const stage: Record<string, number> = {};
  for (const row of refs) {
    if (row.name === 'crm_team_b2b') team = Number(row.res_id);
    else stage[String(row.name)] = Number(row.res_id);
  }
  return {
    bridge: bridgeUser.client,
    sales: salesUser.client,
    salesId: salesUser.id,
    userIds: [bridgeUser.id, salesUser.id],
    team,
    stage,
  };
}

/** A lead's activities in order, open and done, as `open: <summary>` / `done: <summary>`. */
export async function leadActivities(admin: OdooClient, leadId: number): Promise<string[]> {
  const rows = await admin.searchRead(
    'mail.activity',
    [
      ['res_model', '=', 'crm.lead'],
      ['res_id', '=', leadId],
    ],
    ['summary', 'active', 'user_id'],
    { context: { active_test: false }, order: 'id', idsOnly: true },
  );
  return rows.map((row) => `${row.active ? 'open' : 'done'}: ${row.summary}`);
}
