import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { OdooNoticeStore } from '../../src/connectors/odoo/notice-store.js';
import { OdooWhatsAppOutbox } from '../../src/connectors/odoo/whatsapp-outbox-store.js';
import { type CustomerNotice, sendNotices } from '../../src/jobs/customer-notices.js';
import { installModule } from '../../src/jobs/module-install.js';
import { runBlast } from '../../src/jobs/whatsapp-blast.js';
import { silentLogger } from '../../src/logging/logger.js';
import { NOTICE_SKIP_REASONS } from '../../src/rules/notices/plan.js';
import { FakeSender, INSTANT_CLOCK } from '../support/memory-whatsapp.js';
import { createLiveUser, describeLive } from './live-env.js';

const logger = silentLogger();
const TODAY = '2026-12-01';

/**
 * Customer notices in a real Odoo, sent as the least-privileged bridge user: a customer with a
 * mobile gets the survey template in the outbox (and the blast sends it with that template, while
 * FU1s wait for theirs), one with a landline gets the e-mail in Odoo's mail queue, an opted-out
 * customer and one whose only address is blacklisted get nothing and the reason is recorded;
 * a re-run sends nothing more.
 */
describeLive('customer notices, in a real Odoo', (config) => {
  let admin: OdooClient;
  let bridge: OdooClient;
  let bridgeUserId = 0;
  const tag = `${process.pid % 1000}${Date.now() % 100000}`;
  const partners: number[] = [];
  let templateId = 0;

  const notices = (): CustomerNotice[] =>
    partners.map((partnerId, index) => ({
      key: `live:${tag}:survey:${index + 1}`,
      partnerId,
      purpose: 'survey',
      values: {
        customer_name: `Pelanggan ${index + 1}`,
        link: `https://odoo.test/survey/${tag}/${index + 1}`,
      },
      email: { subject: `Survei kepuasan ${tag}`, bodyHtml: `<p>Survei untuk pelanggan ${index + 1}</p>` },
    }));
  const store = () => new OdooNoticeStore(bridge, 'Asia/Jakarta', true);

  beforeAll(async () => {
    nock.enableNetConnect();
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    await installModule(admin, logger, { dryRun: false });
    const user = await createLiveUser(admin, config, `h23notice${tag}`, [
      'base.group_user',
      'h23_crm.group_bridge',
    ]);
    bridge = user.client;
    bridgeUserId = user.id;
    templateId = await admin.createOne('x_h23_wa_template', {
      x_name: `survei_${tag}`,
      x_language: 'id',
      x_purpose: 'survey',
      x_status: 'APPROVED',
      x_body: 'Halo {{1}}, bagaimana servis Anda? {{2}}',
      x_param_1: 'customer_name',
      x_param_2: 'link',
    });
    const blacklisted = `hitam${tag}@example.com`;
    await admin.create('mail.blacklist', [{ email: blacklisted }]);
    const made = await admin.create('res.partner', [
      { name: `Notice Satu ${tag}`, phone: '0812 3456 7801', email: `satu${tag}@example.com` },
      { name: `Notice Dua ${tag}`, phone: '(021) 555 0102', email: `dua${tag}@example.com` },
      { name: `Notice Tiga ${tag}`, phone: '0812 3456 7803', x_h23_opt_out: true },
      { name: `Notice Empat ${tag}`, email: blacklisted },
    ]);
    partners.push(...made.map((row) => Number(row.id)));
  }, 300_000);

  afterAll(async () => {
    if (!admin) return;
    await admin.call('x_h23_wa_message', 'unlink', [
      (await admin.searchRead('x_h23_wa_message', [['x_partner_id', 'in', partners]], ['id'])).map(
        (r) => r.id,
      ),
    ]);
    await admin.call('x_h23_notice', 'unlink', [
      (await admin.searchRead('x_h23_notice', [['x_partner_id', 'in', partners]], ['id'])).map((r) => r.id),
    ]);
    await admin.call('x_h23_wa_template', 'unlink', [[templateId]]);
    if (bridgeUserId) await admin.call('res.users', 'write', [[bridgeUserId], { active: false }]);
  });

  it('sends each notice on the channel its customer has, or records why not', async () => {
    const report = await sendNotices(store(), logger, notices(), TODAY);
    expect(report).toEqual({
      whatsapp: 1,
      email: 1,
      skipped: { [NOTICE_SKIP_REASONS.optedOut]: 1, [NOTICE_SKIP_REASONS.noAddress]: 1 },
      already: 0,
      completed: 0,
    });
    const rows = await admin.searchRead(
      'x_h23_notice',
      [['x_partner_id', 'in', partners]],
      ['x_key', 'x_partner_id', 'x_channel', 'x_state', 'x_reason', 'x_phone', 'x_email', 'x_purpose'],
      { order: 'x_key' },
    );
    expect(
      rows.map((row) => [
        row.x_key,
        row.x_channel || null,
        row.x_state,
        row.x_reason || null,
        row.x_phone || null,
      ]),
    ).toEqual([
      [`live:${tag}:survey:1`, 'whatsapp', 'sent', null, '+6281234567801'],
      [`live:${tag}:survey:2`, 'email', 'sent', null, null],
      [`live:${tag}:survey:3`, null, 'skipped', NOTICE_SKIP_REASONS.optedOut, null],
      [`live:${tag}:survey:4`, null, 'skipped', NOTICE_SKIP_REASONS.noAddress, null],
    ]);
    const messages = await admin.searchRead(
      'x_h23_wa_message',
      [['x_partner_id', 'in', partners]],
      ['x_name', 'x_notice_id', 'x_template_id', 'x_state', 'x_body', 'x_followup_id'],
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      x_name: `h23:notice:live:${tag}:survey:1`,
      x_state: 'queued',
      x_followup_id: false,
      x_body: `Halo Pelanggan 1, bagaimana servis Anda? https://odoo.test/survey/${tag}/1`,
    });
    expect((messages[0]?.x_template_id as [number])[0]).toBe(templateId);
    const mails = await admin.searchRead(
      'mail.mail',
      [
        ['model', '=', 'x_h23_notice'],
        ['res_id', 'in', rows.map((row) => row.id)],
      ],
      ['email_to', 'subject', 'body_html'],
    );
    expect(mails.map((mail) => [mail.email_to, mail.subject])).toEqual([
      [`dua${tag}@example.com`, `Survei kepuasan ${tag}`],
    ]);
  });

  it('a re-run sends nothing more', async () => {
    const again = await sendNotices(store(), logger, notices(), TODAY);
    expect(again).toMatchObject({ whatsapp: 0, email: 0, skipped: {}, already: 4 });
    expect(await admin.searchCount('x_h23_wa_message', [['x_partner_id', 'in', partners]])).toBe(1);
    expect(await admin.searchCount('x_h23_notice', [['x_partner_id', 'in', partners]])).toBe(4);
  });

  it('the blast sends the notice with its own template, and its customer is not cancelled for having no follow-up', async () => {
    const sender = new FakeSender();
    await runBlast(
      new OdooWhatsAppOutbox(bridge, 'Asia/Jakarta'),
      sender,
      { messagesPerSecond: 80, messagingLimit: null, marketingEndpoint: true, chunkSize: 50 },
      INSTANT_CLOCK,
      logger,
      TODAY,
    );
    const ours = sender.sends.filter((send) => send.callbackData === `h23:notice:live:${tag}:survey:1`);
    expect(ours).toEqual([
      expect.objectContaining({
        to: '+6281234567801',
        template: `survei_${tag}`,
        bodyParameters: ['Pelanggan 1', `https://odoo.test/survey/${tag}/1`],
      }),
    ]);
    const [message] = await admin.searchRead(
      'x_h23_wa_message',
      [['x_partner_id', 'in', partners]],
      ['x_state'],
    );
    expect(message?.x_state).toBe('sent');
  });
});
