import { describe, expect, it } from 'vitest';
import { MemoryNoticeStore } from '../../test/support/memory-notice-store.js';
import { silentLogger } from '../logging/logger.js';
import { NOTICE_SKIP_REASONS } from '../rules/notices/plan.js';
import { type CustomerNotice, sendNotices } from './customer-notices.js';

const TODAY = '2026-12-01';

const invitation = (partnerId: number, visit = partnerId): CustomerNotice => ({
  key: `survey:wor${visit}`,
  partnerId,
  purpose: 'survey',
  values: { customer_name: `Pelanggan ${partnerId}`, link: `https://odoo.test/survey/${visit}` },
  email: { subject: 'Bagaimana servis Anda?', bodyHtml: `<p>Survei ${visit}</p>` },
});

/** Five customers: two by WhatsApp, one by e-mail only, one opted out, one with neither address. */
function dealer(store = new MemoryNoticeStore()): MemoryNoticeStore {
  store.approved.set('survey', { id: 9, body: 'Halo {{1}}: {{2}}', sources: ['customer_name', 'link'] });
  store
    .customer(1)
    .customer(2)
    .customer(3, { phone: '021 555 1234' })
    .customer(4, { optedOut: true })
    .customer(5, { phone: null, email: 'salah@' });
  return store;
}

const NOTICES = [1, 2, 3, 4, 5, 6].map((id) => invitation(id));
const run = (store: MemoryNoticeStore, notices = NOTICES) =>
  sendNotices(store, silentLogger(), notices, TODAY);

describe('sendNotices', () => {
  it('sends each notice once on the channel its customer has, and records why the others were not sent', async () => {
    const store = dealer();
    const report = await run(store);
    expect(report).toEqual({
      whatsapp: 2,
      email: 1,
      skipped: {
        [NOTICE_SKIP_REASONS.optedOut]: 1,
        [NOTICE_SKIP_REASONS.noAddress]: 1,
        [NOTICE_SKIP_REASONS.unknownCustomer]: 1,
      },
      already: 0,
      completed: 0,
    });
    expect([...store.outbox.keys()]).toEqual(['h23:notice:survey:wor1', 'h23:notice:survey:wor2']);
    expect(store.outbox.get('h23:notice:survey:wor1')?.parameters).toEqual([
      'Pelanggan 1',
      'https://odoo.test/survey/1',
    ]);
    expect([...store.mails.values()]).toEqual([
      { to: 'pelanggan3@example.com', subject: 'Bagaimana servis Anda?', body: '<p>Survei 3</p>' },
    ]);
    expect(store.notices.get('survey:wor4')).toMatchObject({ state: 'skipped', channel: null });
    expect(store.notices.get('survey:wor1')).toMatchObject({ state: 'sent', channel: 'whatsapp' });
  });

  it('a re-run sends nothing; a customer who opts out later keeps what was sent', async () => {
    const store = dealer();
    await run(store);
    store.customer(1, { optedOut: true });
    const again = await run(store);
    expect(again).toMatchObject({ whatsapp: 0, email: 0, skipped: {}, already: 6, completed: 0 });
    expect(store.outbox.size).toBe(2);
    expect(store.mails.size).toBe(1);
  });

  it('without a WhatsApp template every reachable customer gets the e-mail', async () => {
    const store = dealer();
    store.approved.clear();
    const report = await run(store);
    expect(report).toMatchObject({ whatsapp: 0, email: 3 });
  });

  it('a new visit of the same customer is a new notice', async () => {
    const store = dealer();
    await run(store, [invitation(1, 1)]);
    const report = await run(store, [invitation(1, 1), invitation(1, 11)]);
    expect(report).toMatchObject({ whatsapp: 1, already: 1 });
  });

  it('whichever write the kill hit, the re-run ends as an uninterrupted run: nothing twice, nothing lost', async () => {
    const whole = dealer();
    await run(whole);
    const expected = whole.snapshot();
    for (let writesLeft = 0; ; writesLeft += 1) {
      const killSwitch = { writesLeft };
      const store = dealer(new MemoryNoticeStore(killSwitch));
      let killed = false;
      try {
        await run(store);
      } catch {
        killed = true;
      }
      killSwitch.writesLeft = Number.POSITIVE_INFINITY;
      const report = await run(store);
      expect(store.snapshot()).toEqual(expected);
      if (killed) expect(report.whatsapp + report.email + report.already).toBeGreaterThan(0);
      if (!killed) break;
    }
  });
});
