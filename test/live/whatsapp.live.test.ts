import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { OdooWhatsAppEvents } from '../../src/connectors/odoo/whatsapp-event-store.js';
import { OdooWhatsAppOutbox } from '../../src/connectors/odoo/whatsapp-outbox-store.js';
import { OdooTemplateStore } from '../../src/connectors/odoo/whatsapp-template-store.js';
import type { CloudApi } from '../../src/connectors/whatsapp/cloud-api.js';
import { installModule } from '../../src/jobs/module-install.js';
import { type BlastSettings, runBlast, SYSTEM_CLOCK } from '../../src/jobs/whatsapp-blast.js';
import { applyWhatsAppEvents } from '../../src/jobs/whatsapp-events.js';
import { syncTemplates } from '../../src/jobs/whatsapp-templates.js';
import { silentLogger } from '../../src/logging/logger.js';
import { webhookEvents } from '../../src/rules/whatsapp/webhook-events.js';
import { cloudApiFor, WhatsAppEmulator } from '../support/whatsapp-emulator.js';
import { createLiveUser, describeLive, removeUnits } from './live-env.js';

const logger = silentLogger();
const TOKEN = 'live-test-system-user-token';
const TODAY = '2026-12-01';
const SETTINGS: BlastSettings = {
  messagesPerSecond: 500,
  messagingLimit: null,
  marketingEndpoint: true,
  chunkSize: 250,
};

/**
 * Issue 13 in a real Odoo, with the Cloud API emulated on this machine: the day's FU1s go out
 * once each; statuses come out of order and twice; a number not on WhatsApp makes FU2 due; a
 * reply answers the follow-up with an activity and a chatter line; "Berhenti" opts out.
 */
describeLive('FU1 by WhatsApp, in a real Odoo', (config) => {
  let admin: OdooClient;
  let bridge: OdooClient;
  let emulator: WhatsAppEmulator;
  let api: CloudApi;
  let store: OdooWhatsAppOutbox;
  let events: OdooWhatsAppEvents;
  const tag = `${process.pid % 1000}${Date.now() % 100000}`;
  const userIds: number[] = [];
  let branchId = 0;
  const unitIds: number[] = [];
  const followUpIds: number[] = [];
  const partnerIds: number[] = [];
  let templateId = 0;
  const phone = (index: number) =>
    `+62812${tag.padStart(8, '0').slice(-8)}${String(index).padStart(1, '0')}`.slice(0, 15);

  beforeAll(async () => {
    nock.enableNetConnect();
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    await installModule(admin, logger, { dryRun: false });
    const bridgeUser = await createLiveUser(admin, config, `h23wa${tag}`, [
      'base.group_user',
      'h23_crm.group_bridge',
    ]);
    userIds.push(bridgeUser.id);
    bridge = bridgeUser.client;
    store = new OdooWhatsAppOutbox(bridge, 'Asia/Jakarta');
    events = new OdooWhatsAppEvents(bridge, 'Asia/Jakarta');
    emulator = new WhatsAppEmulator({
      token: TOKEN,
      appSecret: 'live-app-secret',
      templates: [
        {
          name: `kpb_fu1_${tag}`,
          language: 'id',
          status: 'APPROVED',
          category: 'UTILITY',
          body: 'Halo {{1}}, motor {{2}} Anda sudah waktunya servis KPB {{3}} di {{4}}.',
        },
      ],
    });
    await emulator.start();
    api = cloudApiFor(emulator, TOKEN);
    const [branch] = await admin.create('x_h23_branch', [
      { x_name: `Cabang WA ${tag}`, x_dealer_code: `W${tag}`.slice(0, 10), x_phone: '021-5550123' },
    ]);
    branchId = branch?.id as number;
    const [template] = await admin.create('x_h23_wa_template', [
      {
        x_name: `kpb_fu1_${tag}`,
        x_language: 'id',
        x_purpose: 'fu1',
        x_param_1: 'customer_name',
        x_param_2: 'unit_model',
        x_param_3: 'kpb',
        x_param_4: 'branch_name',
      },
    ]);
    templateId = template?.id as number;
    // Other templates marked FU1 in this throw-away database would compete: only ours is.
    const others = await admin.call<number[]>('x_h23_wa_template', 'search', [
      [
        ['id', '!=', templateId],
        ['x_purpose', '=', 'fu1'],
      ],
    ]);
    if (others.length) await admin.call('x_h23_wa_template', 'write', [others, { x_purpose: false }]);
    for (let index = 0; index < 5; index += 1) {
      const mobile = admin.dialect.partnerMobileField;
      const [partner] = await admin.create('res.partner', [
        { name: `Pelanggan WA ${index} ${tag}`, [mobile]: phone(index) },
      ]);
      partnerIds.push(partner?.id as number);
      const [unit] = await admin.create('x_h23_unit', [
        {
          x_engine_number: `JMWA${tag}${index}`,
          x_model_name: 'BeAT',
          x_partner_id: partner?.id,
          x_branch_id: branchId,
          x_purchase_date: '2026-11-01',
        },
      ]);
      unitIds.push(unit?.id as number);
      const [followUp] = await admin.create('x_h23_followup', [
        {
          x_unit_id: unit?.id,
          x_partner_id: partner?.id,
          x_branch_id: branchId,
          x_kpb: '1',
          x_stage: 'fu1',
          x_channel: 'wa_blast',
          x_due_date: TODAY,
          x_admin_id: bridgeUser.id,
        },
      ]);
      followUpIds.push(followUp?.id as number);
    }
    // Follow-ups of other tests in this database are not ours to send.
    const strangers = await admin.call<number[]>('x_h23_followup', 'search', [
      [
        ['id', 'not in', followUpIds],
        ['x_state', '=', 'todo'],
        ['x_stage', '=', 'fu1'],
      ],
    ]);
    if (strangers.length) await admin.call('x_h23_followup', 'write', [strangers, { x_state: 'closed' }]);
  }, 240_000);

  afterAll(async () => {
    await emulator?.stop();
    await removeUnits(admin, unitIds).catch(() => undefined);
    if (templateId) await admin.unlink('x_h23_wa_template', [templateId]).catch(() => undefined);
    if (userIds.length)
      await admin.write(
        'res.users',
        userIds.map((id) => ({ id, values: { active: false } })),
      );
  });

  it('reads the templates’ approval from Meta into Odoo', async () => {
    const result = await syncTemplates(api, new OdooTemplateStore(bridge), SYSTEM_CLOCK.now(), logger);
    expect(result.approved).toContain(`kpb_fu1_${tag}/id`);
    const [template] = await admin.read(
      'x_h23_wa_template',
      [templateId],
      ['x_status', 'x_body', 'x_category'],
    );
    expect(template).toMatchObject({
      x_status: 'APPROVED',
      x_category: 'utility',
      x_body: expect.stringContaining('{{1}}'),
    });
  }, 60_000);

  it('sends each due FU1 once, in Bahasa Indonesia, keyed by its follow-up', async () => {
    emulator.failFor(phone(4), 131026, 'Message undeliverable');
    const calls = bridge.calls;
    const result = await runBlast(store, api, SETTINGS, SYSTEM_CLOCK, logger, TODAY);
    expect(result).toMatchObject({ queued: 5, sent: 5, stopped: null });
    expect(bridge.calls - calls).toBeLessThanOrEqual(20);
    expect(emulator.sent.map((message) => message.callbackData).sort()).toEqual(
      followUpIds.map((id) => `h23:fu1:${id}`).sort(),
    );
    expect(emulator.sent[0]?.parameters).toEqual([`Pelanggan WA 0 ${tag}`, 'BeAT', '1', `Cabang WA ${tag}`]);
    const again = await runBlast(store, api, SETTINGS, SYSTEM_CLOCK, logger, TODAY);
    expect(again).toMatchObject({ queued: 0, sent: 0 });
    expect(emulator.sent).toHaveLength(5);
  }, 120_000);

  it('applies statuses out of order and twice, a failure, a reply and an opt-out', async () => {
    const now = Math.floor(Date.now() / 1000);
    const statuses = emulator.sent.flatMap((message) => emulator.statusesFor(message, now));
    const reversed = [...statuses].reverse();
    const [first, second, third] = emulator.sent;
    const replies = [
      emulator.inbound(
        first?.to as string,
        { button: { payload: 'BOOKING', text: 'Booking' } },
        first?.wamid,
      ),
      emulator.inbound(second?.to as string, { text: 'Berhenti' }),
    ];
    for (const body of [
      emulator.payload({ statuses: reversed }),
      emulator.payload({ statuses }),
      ...replies.map((value) => emulator.payload(value)),
      emulator.payload(replies[0] as Record<string, unknown>),
    ]) {
      const parsed = webhookEvents(body);
      expect(parsed.problems).toEqual([]);
      await applyWhatsAppEvents(events, parsed.events, logger);
    }
    const messages = await admin.searchRead(
      'x_h23_wa_message',
      [
        ['x_followup_id', 'in', followUpIds],
        ['x_direction', '=', 'out'],
      ],
      ['x_followup_id', 'x_state', 'x_error_code'],
      { idsOnly: true, order: 'x_followup_id' },
    );
    expect(messages.map((message) => message.x_state)).toEqual(['read', 'read', 'read', 'read', 'failed']);
    expect(messages[4]?.x_error_code).toBe(131026);
    const followUps = await admin.read('x_h23_followup', followUpIds, [
      'x_state',
      'x_result',
      'x_contacted_on',
      'x_feedback',
    ]);
    const byId = new Map(followUps.map((followUp) => [followUp.id, followUp]));
    expect(byId.get(followUpIds[4] as number)).toMatchObject({
      x_result: 'wa_failed',
      x_feedback: expect.stringMatching(/tidak terdaftar di WhatsApp/),
    });
    expect(byId.get(followUpIds[0] as number)).toMatchObject({
      x_state: 'contacted',
      x_contacted_on: expect.any(String),
    });
    expect(byId.get(followUpIds[1] as number)).toMatchObject({ x_state: 'closed' });
    expect(byId.get(followUpIds[2] as number)).toMatchObject({
      x_state: 'todo',
      x_contacted_on: expect.any(String),
    });
    const [optedOut] = await admin.read(
      'res.partner',
      [partnerIds[1] as number],
      ['x_h23_opt_out', 'phone_sanitized_blacklisted'],
    );
    // Also on Odoo's own phone blacklist (crm brings phone_validation), for Odoo's SMS and WhatsApp apps.
    expect(optedOut).toMatchObject({ x_h23_opt_out: true, phone_sanitized_blacklisted: true });
    const activities = await admin.searchRead(
      'mail.activity',
      [
        ['res_model', '=', 'x_h23_followup'],
        ['res_id', '=', followUpIds[0]],
        ['summary', '=', 'Balas WhatsApp pelanggan dan tawarkan booking'],
      ],
      ['note'],
    );
    expect(activities).toHaveLength(1);
    const chatter = await admin.searchRead(
      'mail.message',
      [
        ['model', '=', 'x_h23_followup'],
        ['res_id', '=', followUpIds[0]],
        ['message_id', 'like', 'answered:'],
      ],
      ['body'],
    );
    expect(chatter).toHaveLength(1);
    expect(String(chatter[0]?.body)).toContain('Booking');
    const onCustomer = await admin.searchRead(
      'mail.message',
      [
        ['model', '=', 'res.partner'],
        ['res_id', '=', partnerIds[0]],
        ['message_id', 'like', 'answered:'],
      ],
      ['body'],
    );
    expect(onCustomer).toHaveLength(1);
    void third;
  }, 120_000);

  it('a number on Odoo’s own phone blacklist gets no FU1', async () => {
    const mobile = admin.dialect.partnerMobileField;
    const number = `+62857${tag.padStart(8, '0').slice(-8)}`;
    const [partner] = await admin.create('res.partner', [
      { name: `Pelanggan Blacklist ${tag}`, [mobile]: number },
    ]);
    await admin.create('phone.blacklist', [{ number }]);
    const [unit] = await admin.create('x_h23_unit', [
      { x_engine_number: `JMBL${tag}`, x_partner_id: partner?.id, x_branch_id: branchId },
    ]);
    unitIds.push(unit?.id as number);
    await admin.create('x_h23_followup', [
      {
        x_unit_id: unit?.id,
        x_partner_id: partner?.id,
        x_branch_id: branchId,
        x_kpb: '1',
        x_stage: 'fu1',
        x_channel: 'wa_blast',
        x_due_date: TODAY,
      },
    ]);
    const sent = emulator.sent.length;
    const result = await runBlast(store, api, SETTINGS, SYSTEM_CLOCK, logger, TODAY);
    expect(result).toMatchObject({ sent: 0, optedOut: 1 });
    expect(emulator.sent).toHaveLength(sent);
  }, 120_000);
});
