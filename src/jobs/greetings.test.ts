import { describe, expect, it } from 'vitest';
import { MemoryNoticeStore } from '../../test/support/memory-notice-store.js';
import { silentLogger } from '../logging/logger.js';
import type { Holiday } from '../rules/holidays.js';
import { NOTICE_SKIP_REASONS } from '../rules/notices/plan.js';
import { type GreetingStore, type GreetingsRequest, runGreetings } from './greetings.js';

const logger = silentLogger();
const HOLIDAYS: Holiday[] = [
  { date: '2026-03-20', name: 'Cuti Bersama Idul Fitri 1447 H', kind: 'cuti_bersama' },
  { date: '2026-03-21', name: 'Idul Fitri 1447 H', kind: 'libur_nasional' },
  { date: '2026-03-22', name: 'Idul Fitri 1447 H', kind: 'libur_nasional' },
  { date: '2026-12-25', name: 'Hari Raya Natal', kind: 'libur_nasional' },
];

/** Contacts in pages of two, as Odoo pages them. */
function contacts(count: number): GreetingStore {
  const all = Array.from({ length: count }, (_, index) => ({
    partnerId: index + 1,
    name: `Kontak ${index + 1}`,
  }));
  return {
    async *contacts() {
      for (let at = 0; at < all.length; at += 2) yield all.slice(at, at + 2);
    },
    dealerName: async () => 'Honda Sinar Motor',
  };
}

/** Five contacts: 3 opted out, 4 with no address, the others by e-mail. */
function notices(killSwitch?: { writesLeft: number }): MemoryNoticeStore {
  const store = new MemoryNoticeStore(killSwitch);
  for (const id of [1, 2, 5]) store.customer(id, { phone: null });
  store.customer(3, { optedOut: true });
  store.customer(4, { phone: null, email: null });
  return store;
}

function request(today: string): GreetingsRequest {
  return {
    today,
    holidays: HOLIDAYS,
    occasions: ['idul_fitri', 'natal'],
    promo: 'Diskon jasa servis 20%',
    dryRun: false,
  };
}

describe('runGreetings', () => {
  it('on an ordinary day or a cuti bersama: nothing read, nothing sent', async () => {
    const store = notices();
    for (const today of ['2026-03-19', '2026-03-20']) {
      const report = await runGreetings(contacts(5), store, logger, request(today));
      expect(report).toMatchObject({ holiday: null, contacts: 0 });
    }
    expect(store.notices.size).toBe(0);
  });

  it('on the holiday: one greeting per contact, none to the opted-out; the second day, nobody again', async () => {
    const store = notices();
    const report = await runGreetings(contacts(5), store, logger, request('2026-03-21'));
    expect(report).toEqual({
      today: '2026-03-21',
      holiday: 'Idul Fitri 1447 H',
      contacts: 5,
      notices: {
        whatsapp: 0,
        email: 3,
        skipped: { [NOTICE_SKIP_REASONS.optedOut]: 1, [NOTICE_SKIP_REASONS.noAddress]: 1 },
        already: 0,
        completed: 0,
      },
    });
    expect([...store.mails.values()].map((mail) => mail.to).sort()).toEqual([
      'pelanggan1@example.com',
      'pelanggan2@example.com',
      'pelanggan5@example.com',
    ]);
    expect(store.mails.get(1)?.body).toContain('Diskon jasa servis 20%');
    const second = await runGreetings(contacts(5), store, logger, request('2026-03-22'));
    expect(second.notices).toMatchObject({ email: 0, whatsapp: 0, already: 5 });
    expect(store.mails.size).toBe(3);
    // Natal is another occasion: greeted again.
    const natal = await runGreetings(contacts(5), store, logger, request('2026-12-25'));
    expect(natal.notices.email).toBe(3);
  });

  it('a dry run counts the contacts and records nothing', async () => {
    const store = notices();
    const report = await runGreetings(contacts(5), store, logger, { ...request('2026-03-21'), dryRun: true });
    expect(report).toMatchObject({ holiday: 'Idul Fitri 1447 H', contacts: 5 });
    expect(store.notices.size).toBe(0);
  });

  it('whichever write the kill hit, the re-run greets the rest and nobody twice', async () => {
    const counter = { writesLeft: 1_000 };
    const reference = notices(counter);
    await runGreetings(contacts(5), reference, logger, request('2026-03-21'));
    // 5 notices, 3 e-mails, a "sent" mark per page with something to send (contacts 1–2 and 5).
    expect(1_000 - counter.writesLeft).toBe(10);
    const expected = JSON.stringify(reference.snapshot());
    let kills = 0;
    for (let writesLeft = 0; ; writesLeft += 1) {
      const killSwitch = { writesLeft };
      const store = notices(killSwitch);
      let killed = false;
      try {
        await runGreetings(contacts(5), store, logger, request('2026-03-21'));
      } catch (error) {
        expect((error as Error).message).toBe('killed');
        killed = true;
        kills += 1;
      }
      killSwitch.writesLeft = Number.POSITIVE_INFINITY;
      await runGreetings(contacts(5), store, logger, request('2026-03-21'));
      expect(JSON.stringify(store.snapshot())).toBe(expected);
      if (!killed) break;
    }
    expect(kills).toBe(10);
  });
});
