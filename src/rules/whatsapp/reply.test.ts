import { describe, expect, it } from 'vitest';
import { type ReplyIntent, replyIntent } from './reply.js';

describe('replyIntent', () => {
  it.each<[string | null, string | null, ReplyIntent]>([
    [null, 'STOP', 'opt_out'],
    [null, 'BOOKING', 'booking'],
    [null, 'LATER', 'later'],
    ['Berhenti', null, 'opt_out'],
    ['  STOP!! ', null, 'opt_out'],
    ['jangan kirim lagi ya', null, 'message'],
    ['Jangan kirim lagi.', null, 'opt_out'],
    ['Mau booking', null, 'booking'],
    ['Nanti saja', null, 'later'],
    ['Motor saya sudah servis di bengkel lain, berhenti di sini saja', null, 'message'],
    ['Sabtu bisa?', null, 'message'],
    [null, null, 'message'],
  ])('%j (button %j) is %s', (text, buttonPayload, intent) => {
    expect(replyIntent({ text, buttonPayload })).toBe(intent);
  });
});
