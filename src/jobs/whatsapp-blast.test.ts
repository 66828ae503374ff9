import { describe, expect, it } from 'vitest';
import {
  FakeSender,
  INSTANT_CLOCK,
  KilledError,
  MemoryWhatsApp,
} from '../../test/support/memory-whatsapp.js';
import { silentLogger } from '../logging/logger.js';
import { type BlastSettings, runBlast } from './whatsapp-blast.js';
import { applyWhatsAppEvents } from './whatsapp-events.js';

const SETTINGS: BlastSettings = {
  messagesPerSecond: 80,
  messagingLimit: null,
  marketingEndpoint: true,
  chunkSize: 3,
};
const TODAY = '2026-12-01';

function dealer(ids: number[], store = new MemoryWhatsApp()): MemoryWhatsApp {
  for (const id of ids) store.addFollowUp({ id });
  return store;
}

const blast = (store: MemoryWhatsApp, sender: FakeSender, settings: Partial<BlastSettings> = {}) =>
  runBlast(store, sender, { ...SETTINGS, ...settings }, INSTANT_CLOCK, silentLogger(), TODAY);

describe('runBlast', () => {
  it('sends each due FU1 once with the template’s parameters and its outbox key', async () => {
    const store = dealer([1, 2, 3, 4, 5]);
    const sender = new FakeSender();
    const result = await blast(store, sender);
    expect(result).toMatchObject({ queued: 5, sent: 5, failed: 0, uncertain: 0, stopped: null });
    expect(sender.sends.map((send) => send.callbackData)).toEqual([
      'h23:fu1:1',
      'h23:fu1:2',
      'h23:fu1:3',
      'h23:fu1:4',
      'h23:fu1:5',
    ]);
    expect(sender.sends[0]).toMatchObject({
      template: 'kpb_fu1',
      language: 'id',
      bodyParameters: ['Pelanggan 1', '1', 'BeAT'],
    });
    expect(store.messages.every((message) => message.state === 'sent' && message.wamid)).toBe(true);
    expect(store.messages[0]?.body).toBe('Halo Pelanggan 1, KPB 1 motor BeAT Anda sudah waktunya.');
  });

  it('a second run the same day sends nothing', async () => {
    const store = dealer([1, 2, 3]);
    const sender = new FakeSender();
    await blast(store, sender);
    const again = await blast(store, sender);
    expect(again).toMatchObject({ queued: 0, sent: 0 });
    expect(sender.sends).toHaveLength(3);
  });

  it('a customer without a valid number gets FU2 at once; an opted-out one gets nothing', async () => {
    const store = dealer([1, 2]);
    store.addFollowUp({ id: 3, phone: null });
    store.optedOut.add(20);
    const sender = new FakeSender();
    const result = await blast(store, sender);
    expect(result).toMatchObject({ sent: 1, noPhone: 1, optedOut: 1 });
    expect(store.followUps.get(3)).toMatchObject({
      result: 'wa_failed',
      feedback: 'Nomor HP pelanggan tidak valid untuk WhatsApp',
    });
    expect(store.followUps.get(2)).toMatchObject({ state: 'closed' });
    expect(sender.sends.map((send) => send.callbackData)).toEqual(['h23:fu1:1']);
  });

  it('over the messaging limit, the oldest due go today and the rest on the next days', async () => {
    const store = dealer([]);
    store
      .addFollowUp({ id: 1, dueDate: '2026-11-30' })
      .addFollowUp({ id: 2, dueDate: '2026-12-01' })
      .addFollowUp({ id: 3, dueDate: '2026-11-29' });
    const sender = new FakeSender();
    const result = await blast(store, sender, { messagingLimit: 2 });
    expect(result).toMatchObject({ sent: 2, deferred: 1 });
    expect(sender.sends.map((send) => send.callbackData)).toEqual(['h23:fu1:3', 'h23:fu1:1']);
  });

  it('a customer Meta cannot reach is "WA gagal" with the reason, FU2 due', async () => {
    const store = dealer([1, 2]);
    const sender = new FakeSender();
    sender.rejectFor.set('+6281200000002', 131026);
    const result = await blast(store, sender);
    expect(result).toMatchObject({ sent: 1, failed: 1 });
    expect(store.followUps.get(2)).toMatchObject({
      result: 'wa_failed',
      feedback: expect.stringMatching(/tidak terdaftar di WhatsApp/),
    });
    expect(store.messages.find((message) => message.followUpId === 2)).toMatchObject({
      state: 'failed',
      error: { code: 131026, kind: 'customer' },
    });
  });

  it('a dealer-side refusal stops the blast, marks no customer failed, and the next run sends once fixed', async () => {
    const store = dealer([1, 2, 3, 4]);
    const sender = new FakeSender();
    sender.rejectAll = 132015;
    const stopped = await blast(store, sender);
    expect(stopped.stopped).toMatchObject({ code: 132015, reason: expect.stringMatching(/dijeda/) });
    expect([...store.followUps.values()].every((followUp) => followUp.result === null)).toBe(true);
    expect(
      store.messages.every((message) => message.state === 'queued' && message.attemptedAt === null),
    ).toBe(true);
    sender.rejectAll = null;
    const fixed = await blast(store, sender);
    expect(fixed).toMatchObject({ sent: 4, stopped: null });
  });

  it('no approved template: nothing is queued and the reason is given', async () => {
    const store = dealer([1]);
    store.template = null;
    const result = await blast(store, new FakeSender());
    expect(result).toMatchObject({ queued: 0, stopped: { reason: expect.stringMatching(/template/) } });
    expect(store.messages).toEqual([]);
  });

  describe('customer notices in the outbox', () => {
    const notice = (store: MemoryWhatsApp, id: number, phone = `+6281300000${id}`) =>
      store.queue([
        {
          key: `h23:notice:survey:wor${id}`,
          followUpId: null,
          noticeId: id,
          partnerId: 100 + id,
          branchId: 1,
          phone,
          templateId: 9,
          parameters: [`Pelanggan ${id}`, `https://odoo.test/s/${id}`],
          body: 'Halo',
        },
      ]);
    const withNotices = async (ids: number[], store = dealer([])) => {
      store.templateNames.set(9, 'survey_invite');
      for (const id of ids) await notice(store, id);
      return store;
    };

    it('go with their own template after the FU1s, once', async () => {
      const store = await withNotices([7], dealer([1]));
      const sender = new FakeSender();
      const result = await blast(store, sender);
      expect(result).toMatchObject({ sent: 2, stopped: null });
      expect(sender.sends.map((send) => [send.callbackData, send.template])).toEqual([
        ['h23:fu1:1', 'kpb_fu1'],
        ['h23:notice:survey:wor7', 'survey_invite'],
      ]);
      expect(sender.sends[1]?.bodyParameters).toEqual(['Pelanggan 7', 'https://odoo.test/s/7']);
      await blast(store, sender);
      expect(sender.sends).toHaveLength(2);
    });

    it('go without an FU1 template, while the FU1s wait for one', async () => {
      const store = await withNotices([7], dealer([1]));
      store.template = null;
      const sender = new FakeSender();
      const result = await blast(store, sender);
      expect(sender.sends.map((send) => send.callbackData)).toEqual(['h23:notice:survey:wor7']);
      expect(result).toMatchObject({ sent: 1, stopped: { reason: expect.stringMatching(/FU1/) } });
    });

    it('stay within the messaging limit left after the FU1s, the rest on the next run', async () => {
      const store = await withNotices([7, 8, 9], dealer([1]));
      const sender = new FakeSender();
      const first = await blast(store, sender, { messagingLimit: 3 });
      expect(first).toMatchObject({ sent: 3, deferred: 1 });
      expect(sender.sends.map((send) => send.callbackData)).toEqual([
        'h23:fu1:1',
        'h23:notice:survey:wor7',
        'h23:notice:survey:wor8',
      ]);
      expect(store.messages.find((m) => m.key === 'h23:notice:survey:wor9')?.state).toBe('queued');
      const second = await blast(store, sender, { messagingLimit: 4 });
      expect(second).toMatchObject({ sent: 1, deferred: 0 });
    });

    it('a second notice to a customer already reached today does not count again', async () => {
      const store = await withNotices([7], dealer([]));
      await notice(store, 8, '+62813000007');
      const sender = new FakeSender();
      const result = await blast(store, sender, { messagingLimit: 1 });
      expect(result).toMatchObject({ sent: 2, deferred: 0 });
    });

    it('are not cancelled for having no follow-up, only when their customer opted out', async () => {
      const store = await withNotices([7, 8]);
      store.optedOut.add(108);
      const result = await blast(store, new FakeSender());
      expect(result).toMatchObject({ sent: 1, cancelled: 1 });
      expect(store.messages.find((m) => m.key === 'h23:notice:survey:wor8')?.state).toBe('cancelled');
    });
  });

  it('a send whose reply was lost is uncertain, never resent, and settled by the status that names its key', async () => {
    const store = dealer([1, 2]);
    const sender = new FakeSender();
    sender.uncertainFor.add('+6281200000002');
    expect(await blast(store, sender)).toMatchObject({ sent: 1, uncertain: 1 });
    await blast(store, sender);
    expect(sender.sends.filter((send) => send.callbackData === 'h23:fu1:2')).toHaveLength(1);
    await applyWhatsAppEvents(store, sender.statuses(), silentLogger());
    expect(store.messages.find((message) => message.followUpId === 2)).toMatchObject({
      state: 'delivered',
      wamid: 'wamid.h23:fu1:2',
    });
  });
});

/**
 * A kill can fall between sends and the write of their results. What Meta accepted is settled
 * by its status webhooks (they carry the outbox key); what Meta refused at once leaves no trace
 * on Meta's side, so it stays "uncertain", listed for the admin, never resent. Everything else
 * ends as an uninterrupted run ends.
 */
describe('runBlast beside the webhook and other blasts', () => {
  it('a status that came before the send’s reply was written is kept', async () => {
    const store = dealer([1, 2]);
    const sender = new FakeSender();
    sender.afterSend = async (message) => {
      await applyWhatsAppEvents(
        store,
        sender.statuses().filter((event) => event.callbackData === message.callbackData),
        silentLogger(),
      );
    };
    await blast(store, sender);
    expect(store.messages.map((message) => message.state)).toEqual(['delivered', 'delivered']);
  });

  it('two blasts at once send each message once', async () => {
    const store = dealer([1, 2, 3, 4, 5, 6]);
    const sender = new FakeSender();
    await Promise.all([blast(store, sender), blast(store, sender)]);
    expect(sender.sends.map((send) => send.callbackData).sort()).toEqual(
      [1, 2, 3, 4, 5, 6].map((id) => `h23:fu1:${id}`),
    );
  });

  it('a message put back in the queue is cancelled, not sent, once its follow-up was answered or its customer opted out', async () => {
    const store = dealer([1, 2, 3]);
    const sender = new FakeSender();
    sender.rejectAll = 132015;
    await blast(store, sender);
    sender.rejectAll = null;
    (store.followUps.get(1) as { state: string }).state = 'contacted';
    store.optedOut.add(20);
    const next = await blast(store, sender);
    expect(next).toMatchObject({ cancelled: 2, sent: 1 });
    expect(sender.sends.map((send) => send.callbackData)).toEqual(['h23:fu1:3']);
  });
});

describe('killed at any write, a re-run and the webhooks end where an uninterrupted run does', () => {
  const IDS = [1, 2, 3, 4, 5, 6, 7];

  function scenario(killSwitch?: { writesLeft: number }) {
    const store = new MemoryWhatsApp(killSwitch);
    dealer(IDS, store).addFollowUp({ id: 8, phone: null });
    const sender = new FakeSender();
    sender.rejectFor.set('+6281200000004', 131026);
    return { store, sender };
  }

  async function finish(store: MemoryWhatsApp, sender: FakeSender) {
    await blast(store, sender);
    await applyWhatsAppEvents(store, sender.statuses(), silentLogger());
  }

  it('whichever write the kill hit, nobody is sent twice and nobody is lost', async () => {
    const whole = scenario();
    await finish(whole.store, whole.sender);
    const writes = whole.store.writeCalls;
    expect(writes).toBeGreaterThan(5);

    for (let killAt = 0; killAt < writes; killAt += 1) {
      const killSwitch = { writesLeft: killAt };
      const { store, sender } = scenario(killSwitch);
      await expect(finish(store, sender)).rejects.toThrow(KilledError);
      killSwitch.writesLeft = Number.POSITIVE_INFINITY;
      await finish(store, sender);
      const sentPerKey = new Map<string, number>();
      for (const send of sender.sends)
        sentPerKey.set(send.callbackData, (sentPerKey.get(send.callbackData) ?? 0) + 1);
      expect(
        [...sentPerKey.values()].every((count) => count === 1),
        `kill at write ${killAt}`,
      ).toBe(true);
      // Only a message Meta refused at once, in the chunk the kill cut, may stay uncertain.
      const uncertain = store.messages.filter((message) => message.state === 'uncertain');
      expect(
        uncertain.every((message) => message.key === 'h23:fu1:4'),
        `kill at write ${killAt}`,
      ).toBe(true);
      const settled = (memory: MemoryWhatsApp) => {
        const snapshot = memory.snapshot() as {
          followUps: Array<{ id: number }>;
          messages: Array<{ key: string }>;
        };
        const open = new Set(uncertain.map((message) => message.key));
        return {
          ...snapshot,
          followUps: snapshot.followUps.filter((followUp) => !open.has(`h23:fu1:${followUp.id}`)),
          messages: snapshot.messages.filter((message) => !open.has(message.key)),
        };
      };
      expect(settled(store), `kill at write ${killAt}`).toEqual(settled(whole.store));
      if (uncertain.length > 0) expect(store.followUps.get(4)?.result, 'left to the admin').toBeNull();
    }
  });
});
