import { describe, expect, it } from 'vitest';
import {
  FakeSender,
  INSTANT_CLOCK,
  KilledError,
  MemoryWhatsApp,
} from '../../test/support/memory-whatsapp.js';
import { silentLogger } from '../logging/logger.js';
import type { InboundEvent, StatusEvent } from '../rules/whatsapp/webhook-events.js';
import { runBlast } from './whatsapp-blast.js';
import { applyWhatsAppEvents } from './whatsapp-events.js';

async function sentTo(ids: number[], killSwitch?: { writesLeft: number }) {
  const store = new MemoryWhatsApp(killSwitch);
  for (const id of ids) store.addFollowUp({ id });
  const sender = new FakeSender();
  const saved = killSwitch?.writesLeft;
  if (killSwitch) killSwitch.writesLeft = Number.POSITIVE_INFINITY;
  await runBlast(
    store,
    sender,
    { messagesPerSecond: 80, messagingLimit: null, marketingEndpoint: true, chunkSize: 50 },
    INSTANT_CLOCK,
    silentLogger(),
    '2026-12-01',
  );
  if (killSwitch && saved !== undefined) killSwitch.writesLeft = saved;
  return { store, sender };
}

const status = (
  followUpId: number,
  kind: StatusEvent['status'],
  timestamp: number,
  code?: number,
): StatusEvent => ({
  kind: 'status',
  phoneNumberId: '1',
  wamid: `wamid.h23:fu1:${followUpId}`,
  status: kind,
  timestamp,
  recipientId: null,
  callbackData: `h23:fu1:${followUpId}`,
  errors: code ? [{ code, title: `error ${code}` }] : [],
});

const reply = (
  wamid: string,
  followUpId: number | null,
  text: string,
  payload: string | null = null,
): InboundEvent => ({
  kind: 'inbound',
  phoneNumberId: '1',
  wamid,
  timestamp: 1764580000,
  from: `62812000${String(followUpId ?? 99).padStart(5, '0')}`,
  userId: null,
  profileName: 'Pelanggan',
  type: payload ? 'button' : 'text',
  text,
  buttonPayload: payload,
  replyTo: followUpId === null ? null : `wamid.h23:fu1:${followUpId}`,
});

const apply = (store: MemoryWhatsApp, events: Array<StatusEvent | InboundEvent>) =>
  applyWhatsAppEvents(store, events, silentLogger());

describe('applyWhatsAppEvents: statuses', () => {
  it('folds statuses in any order and with repeats; FU1 reached is recorded once', async () => {
    const { store } = await sentTo([1]);
    await apply(store, [status(1, 'read', 30), status(1, 'sent', 10), status(1, 'read', 30)]);
    const again = await apply(store, [status(1, 'delivered', 20), status(1, 'sent', 10)]);
    expect(store.messages[0]).toMatchObject({
      state: 'read',
      delivery: { sentAt: 10, deliveredAt: 20, readAt: 30 },
    });
    expect(store.followUps.get(1)?.contactedAt).toBe(30);
    expect(again.deliveriesChanged).toBe(1);
    expect(await apply(store, [status(1, 'delivered', 20)])).toMatchObject({ deliveriesChanged: 0 });
  });

  it('a failure for the customer makes the follow-up "WA gagal"; one for the dealer does not', async () => {
    const { store } = await sentTo([1, 2]);
    const result = await apply(store, [status(1, 'failed', 10, 131050), status(2, 'failed', 10, 132015)]);
    expect(store.followUps.get(1)).toMatchObject({
      result: 'wa_failed',
      feedback: expect.stringMatching(/pemasaran/),
    });
    expect(store.followUps.get(2)?.result).toBeNull();
    expect(result.dealerFailures).toBe(1);
    // Back in the queue: it goes once the template is active again; the next blast meets the cause and stops.
    expect(store.messages.find((message) => message.followUpId === 2)).toMatchObject({
      state: 'queued',
      attemptedAt: null,
      error: { code: 132015, kind: 'dealer' },
    });
  });

  it('a status for a message the bridge never sent changes nothing', async () => {
    const { store } = await sentTo([1]);
    const before = store.snapshot();
    const result = await apply(store, [
      { ...status(1, 'delivered', 10), wamid: 'wamid.unknown', callbackData: null },
    ]);
    expect(result).toMatchObject({ unknownStatuses: 1, deliveriesChanged: 0 });
    expect(store.snapshot()).toEqual(before);
  });
});

describe('applyWhatsAppEvents: replies', () => {
  it('a reply to the FU1 answers the follow-up, once however often it is delivered', async () => {
    const { store } = await sentTo([1]);
    await apply(store, [reply('wamid.IN1', 1, 'Booking', 'BOOKING')]);
    const again = await apply(store, [reply('wamid.IN1', 1, 'Booking', 'BOOKING')]);
    expect(again).toMatchObject({ inbound: 0, duplicates: 1 });
    expect(store.followUps.get(1)).toMatchObject({ state: 'contacted', answers: ['Booking'] });
    expect(store.messages.filter((message) => message.direction === 'in')).toEqual([
      expect.objectContaining({ wamid: 'wamid.IN1', intent: 'booking', followUpId: 1, body: 'Booking' }),
    ]);
  });

  it('a reply that quotes nothing is matched to the last message sent to that number', async () => {
    const { store } = await sentTo([1, 2]);
    await apply(store, [{ ...reply('wamid.IN2', 2, 'Sabtu bisa?'), replyTo: null }]);
    expect(store.followUps.get(2)?.answers).toEqual(['Sabtu bisa?']);
  });

  it('"Berhenti" opts the customer out, and the next blast honours it', async () => {
    const { store, sender } = await sentTo([1]);
    const result = await apply(store, [reply('wamid.IN3', 1, 'Berhenti')]);
    expect(result.optOuts).toBe(1);
    expect(store.optedOut.has(10)).toBe(true);
    store.addFollowUp({ id: 11, partnerId: 10, phone: '+6281200000001' });
    const next = await runBlast(
      store,
      sender,
      { messagesPerSecond: 80, messagingLimit: null, marketingEndpoint: true, chunkSize: 50 },
      INSTANT_CLOCK,
      silentLogger(),
      '2026-12-01',
    );
    expect(next).toMatchObject({ sent: 0, optedOut: 1 });
  });

  it('a message from a stranger is kept, linked to no follow-up', async () => {
    const { store } = await sentTo([1]);
    const result = await apply(store, [reply('wamid.IN4', null, 'Halo, jual oli?')]);
    expect(result).toMatchObject({ inbound: 1, unmatchedReplies: 1 });
    expect(store.messages.find((message) => message.wamid === 'wamid.IN4')).toMatchObject({
      followUpId: null,
      intent: 'message',
    });
  });
});

describe('applyWhatsAppEvents killed at any write', () => {
  const events = () => [
    status(1, 'delivered', 20),
    status(2, 'failed', 10, 131026),
    reply('wamid.IN1', 1, 'Mau booking'),
    reply('wamid.IN5', 3, 'Berhenti'),
  ];

  it('applies every effect exactly once when the same webhooks come again', async () => {
    const whole = await sentTo([1, 2, 3]);
    const writesBefore = whole.store.writeCalls;
    await apply(whole.store, events());
    const writes = whole.store.writeCalls - writesBefore;
    for (let killAt = 0; killAt < writes; killAt += 1) {
      const killSwitch = { writesLeft: killAt };
      const { store } = await sentTo([1, 2, 3], killSwitch);
      await expect(apply(store, events())).rejects.toThrow(KilledError);
      killSwitch.writesLeft = Number.POSITIVE_INFINITY;
      await apply(store, events());
      expect(store.snapshot(), `kill at write ${killAt}`).toEqual(whole.store.snapshot());
    }
  });
});
