import { afterAll, beforeAll, expect, it } from 'vitest';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { ref } from '../../src/connectors/odoo/external-ids.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { installModule } from '../../src/jobs/module-install.js';
import { hasResidue, uninstallModule } from '../../src/jobs/module-uninstall.js';
import { upsertByExternalId } from '../../src/jobs/upsert.js';
import { silentLogger } from '../../src/logging/logger.js';
import { createLiveUser, describeLive } from './live-env.js';

const logger = silentLogger();

describeLive('the h23_crm module in a real Odoo', (config) => {
  const tag = `${process.pid}${Date.now() % 100000}`;
  let admin: OdooClient;
  const userIds: number[] = [];

  async function createUser(login: string, groups: string[]): Promise<OdooClient> {
    const user = await createLiveUser(admin, config, login, groups);
    userIds.push(user.id);
    return user.client;
  }

  async function id(xmlid: string): Promise<number> {
    const found = await ref(admin, xmlid);
    if (!found) throw new Error(`${xmlid} not found`);
    return found.id;
  }

  beforeAll(async () => {
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    await uninstallModule(admin, logger, { force: true });
  });

  afterAll(async () => {
    if (userIds.length)
      await admin.write(
        'res.users',
        userIds.map((userId) => ({ id: userId, values: { active: false } })),
      );
  });

  it('installs on a database without it, then a second install changes nothing', async () => {
    const first = await installModule(admin, logger, { dryRun: false });
    expect(first.counts.failed).toBe(0);
    expect(first.counts.create).toBeGreaterThan(150);
    const second = await installModule(admin, logger, { dryRun: false });
    expect(second.counts).toEqual({ create: 0, update: 0, unchanged: first.declared, failed: 0 });
    expect(second.changes).toEqual([]);
    expect(second.obsolete).toEqual([]);
  });

  it('status shows a changed record and install puts it back', async () => {
    const viewId = await id('h23_crm.view_x_h23_followup_form');
    await admin.write('ir.ui.view', [{ id: viewId, values: { priority: 99 } }]);
    const status = await installModule(admin, logger, { dryRun: true });
    expect(status.changes).toEqual([
      {
        xmlid: 'h23_crm.view_x_h23_followup_form',
        model: 'ir.ui.view',
        action: 'update',
        changed: ['priority'],
      },
    ]);
    const repaired = await installModule(admin, logger, { dryRun: false });
    expect(repaired.counts.update).toBe(1);
  });

  it('removes on upgrade what an earlier version declared and this one does not', async () => {
    await upsertByExternalId(admin, 'ir.ui.view', [
      {
        xmlid: 'h23_crm.view_from_an_older_version',
        values: {
          name: 'old',
          model: 'x_h23_unit',
          type: 'form',
          arch: '<form><field name="x_color"/></form>',
        },
      },
    ]);
    const status = await installModule(admin, logger, { dryRun: true });
    expect(status.obsolete).toEqual([{ xmlid: 'h23_crm.view_from_an_older_version', model: 'ir.ui.view' }]);
    await installModule(admin, logger, { dryRun: false });
    expect(await ref(admin, 'h23_crm.view_from_an_older_version')).toBeNull();
    expect(
      await admin.searchCount('ir.ui.view', [
        ['name', '=', 'old'],
        ['model', '=', 'x_h23_unit'],
      ]),
    ).toBe(0);
  });

  it.each([
    ['workshop admin', 'h23_crm.group_workshop_admin', ['followups', 'bookings', 'units', 'wors']],
    [
      'PIC CRM',
      'h23_crm.group_pic_crm',
      [
        'followups',
        'bookings',
        'units',
        'wors',
        'imports',
        'summaries',
        'summaries_admin',
        'quality',
        'branches',
      ],
    ],
  ])('every action in the menus of a %s loads its views', async (role, group, actions) => {
    const user = await createUser(`h23v${role.length}${tag}`, ['base.group_user', group]);
    for (const name of actions) {
      const actionId = await id(`h23_crm.action_${name}`);
      // The web client loads actions through /web/action/load (as superuser); users cannot read them over RPC.
      const [action] = await admin.read<{ id: number; res_model: string; view_mode: string }>(
        'ir.actions.act_window',
        [actionId],
        ['res_model', 'view_mode'],
      );
      if (!action) throw new Error(`action ${name} unreadable`);
      const modes = action.view_mode.split(',');
      const result = await user.call<{ views: Record<string, { arch: string }> }>(
        action.res_model,
        'get_views',
        [],
        {
          views: [...modes.map((mode) => [false, mode]), [false, 'search']],
          options: { action_id: actionId, load_filters: true },
        },
      );
      for (const mode of modes) expect(result.views[mode]?.arch, `${name} ${mode}`).toContain('<');
    }
  });

  it.each([
    ['workshop admin', 'h23_crm.group_workshop_admin'],
    ['CRM admin', 'h23_crm.group_crm_admin'],
    ['branch head', 'h23_crm.group_branch_head'],
    ['area coordinator', 'h23_crm.group_area_coordinator'],
  ])('the Follow Up KPB menu runs its landing for the role %s', async (role, group) => {
    // A branch head reads follow-ups only: 17 and 18 refuse a server action without groups to such a user.
    const user = await createUser(`h23l${role.length}${tag}`, ['base.group_user', group]);
    const landing = await id('h23_crm.action_followups_landing');
    const opened = await user.call<{ res_model: string; context: string }>('ir.actions.server', 'run', [
      [landing],
    ]);
    expect(opened).toMatchObject({ res_model: 'x_h23_followup', context: "{'search_default_open': 1}" });
  });

  it('a workshop admin creates a follow-up in their branch, marks its activity done, and sees no other branch', async () => {
    const workshop = await createUser(`h23wa${tag}`, ['base.group_user', 'h23_crm.group_workshop_admin']);
    const [own, other] = await admin.create('x_h23_branch', [
      { x_name: `Cabang Live ${tag}`, x_active: true, x_workshop_admin_ids: [[6, 0, [workshop.uid]]] },
      { x_name: `Cabang Lain ${tag}`, x_active: true },
    ]);
    const [unit, otherUnit] = await admin.create('x_h23_unit', [
      { x_engine_number: `JM11E${tag}`, x_branch_id: own?.id, x_purchase_date: '2026-10-01' },
      { x_engine_number: `JM12E${tag}`, x_branch_id: other?.id, x_purchase_date: '2026-10-01' },
    ]);
    await admin.create('x_h23_followup', [
      { x_unit_id: otherUnit?.id, x_branch_id: other?.id, x_kpb: '1', x_stage: 'fu2' },
    ]);

    const [created] = await workshop.create('x_h23_followup', [
      {
        x_unit_id: unit?.id,
        x_branch_id: own?.id,
        x_kpb: '1',
        x_stage: 'fu2',
        x_channel: 'wa_call',
        x_due_date: '2026-11-23',
        x_state: 'todo',
      },
    ]);
    expect(created?.error).toBeUndefined();
    const followupId = created?.id as number;
    const [followup] = await workshop.read<{ id: number; x_name: string }>(
      'x_h23_followup',
      [followupId],
      ['x_name'],
    );
    expect(followup?.x_name).toBe(`KPB 1 FU2 - JM11E${tag}`);

    const activityIds = await workshop.call<number[] | number | string>(
      'x_h23_followup',
      'activity_schedule',
      [[followupId]],
      {
        act_type_xmlid: 'h23_crm.activity_kpb_fu2',
        date_deadline: '2026-11-23',
        summary: 'Telepon pelanggan untuk booking KPB 1',
      },
    );
    // 19 answers the new activity's ids; 17/18 answer the recordset's repr ("mail.activity(11,)").
    const activityId = Array.isArray(activityIds)
      ? (activityIds[0] as number)
      : typeof activityIds === 'string'
        ? Number(/\((\d+)/.exec(activityIds)?.[1])
        : activityIds;
    await workshop.write('x_h23_followup', [
      { id: followupId, values: { x_state: 'contacted', x_result: 'no_response' } },
    ]);
    await workshop.call('mail.activity', 'action_feedback', [[activityId]], { feedback: 'Tidak diangkat' });
    expect(await workshop.searchCount('mail.activity', [['id', '=', activityId]])).toBe(0);
    const messages = await admin.searchRead<{ id: number; body: string }>(
      'mail.message',
      [
        ['model', '=', 'x_h23_followup'],
        ['res_id', '=', followupId],
      ],
      ['body'],
    );
    expect(messages.some((message) => message.body.includes('Tidak diangkat'))).toBe(true);

    const visible = await workshop.searchRead<{ id: number; x_branch_id: [number, string] }>(
      'x_h23_followup',
      [],
      ['x_branch_id'],
    );
    expect(visible.map((row) => row.x_branch_id[0])).toEqual([own?.id]);
  });

  it('the bridge user does its work and cannot read what it does not need', async () => {
    const bridge = await createUser(`h23br${tag}`, ['base.group_user', 'h23_crm.group_bridge']);
    const [partner] = await bridge.create('res.partner', [
      { name: `H23 Live Pelanggan ${tag}`, phone: '+6281200000000' },
    ]);
    expect(partner?.error).toBeUndefined();
    const [unit] = await bridge.create('x_h23_unit', [
      { x_engine_number: `JM13E${tag}`, x_partner_id: partner?.id },
    ]);
    expect(unit?.error).toBeUndefined();
    expect(await bridge.searchCount('x_h23_followup', [])).toBeGreaterThan(0);
    expect(await bridge.searchCount('ir.model.data', [['module', '=', 'h23_crm']])).toBeGreaterThan(0);
    // The KPI scorecard reads invoices, orders and leads (and their chatter), read-only (issue 16).
    for (const model of ['account.move', 'sale.order', 'crm.lead']) {
      expect(await bridge.searchCount(model, []), model).toBeGreaterThanOrEqual(0);
      await expect(bridge.call(model, 'create', [{}]), model).rejects.toMatchObject({ code: 'access' });
    }
    for (const model of ['ir.config_parameter', 'account.payment', 'ir.cron', 'ir.mail_server']) {
      await expect(bridge.searchCount(model, []), model).rejects.toMatchObject({ code: 'access' });
    }
    await expect(bridge.call('x_h23_unit', 'unlink', [[unit?.id]])).rejects.toMatchObject({
      code: 'access',
    });
  });

  it('uninstall refuses while records exist, then --force leaves no residue; install works again', async () => {
    const refused = await uninstallModule(admin, logger, { force: false });
    expect(refused.refused).toBe(true);
    expect(refused.records.x_h23_followup).toBeGreaterThan(0);
    const removed = await uninstallModule(admin, logger, { force: true });
    expect(removed.refused).toBe(false);
    expect(hasResidue(removed.residue)).toBe(false);
    expect(await admin.searchCount('ir.model', [['model', '=like', 'x_h23_%']])).toBe(0);
    const again = await installModule(admin, logger, { dryRun: false });
    expect(again.counts.failed).toBe(0);
  });
});
