import { describe, expect, it } from 'vitest';
import {
  type DueFirstContact,
  firstContactMessageKey,
  followUpOfMessageKey,
  planBlast,
  withinLimit,
} from './blast.js';

const due = (
  followUpId: number,
  dueDate: string,
  phone: string | null,
  optedOut = false,
): DueFirstContact => ({
  followUpId,
  dueDate,
  partnerId: followUpId * 10,
  phone,
  optedOut,
});

const unlimited = { perDay: null, reachedLast24h: 0, openWindows: new Set<string>() };

describe('planBlast', () => {
  it('queues every FU1 with a number when unlimited, one key per follow-up', () => {
    const plan = planBlast(
      [due(1, '2026-12-01', '+6281200000001'), due(2, '2026-12-01', '+6281200000002')],
      new Set(),
      unlimited,
    );
    expect(plan.queue.map((message) => message.key)).toEqual(['h23:fu1:1', 'h23:fu1:2']);
    expect(plan.deferred).toEqual([]);
  });

  it('sends the oldest due first and leaves the rest for the next days when over the limit', () => {
    const contacts = [
      due(5, '2026-12-01', '+6281200000005'),
      due(3, '2026-11-28', '+6281200000003'),
      due(4, '2026-11-30', '+6281200000004'),
      due(6, '2026-11-28', '+6281200000006'),
    ];
    const plan = planBlast(contacts, new Set(), { perDay: 250, reachedLast24h: 248, openWindows: new Set() });
    expect(plan.queue.map((message) => message.followUpId)).toEqual([3, 6]);
    expect(plan.deferred).toEqual([4, 5]);
  });

  it('counts a customer once for all their units, and not at all inside an open service window', () => {
    const contacts = [
      due(1, '2026-12-01', '+6281200000001'),
      due(2, '2026-12-01', '+6281200000001'),
      due(3, '2026-12-01', '+6281200000003'),
      due(4, '2026-12-01', '+6281200000004'),
    ];
    const plan = planBlast(contacts, new Set(), {
      perDay: 1,
      reachedLast24h: 0,
      openWindows: new Set(['+6281200000003']),
    });
    expect(plan.queue.map((message) => message.followUpId)).toEqual([1, 2, 3]);
    expect(plan.deferred).toEqual([4]);
  });

  it('never queues twice, sends nothing to an opted-out customer, and fails a follow-up without a number', () => {
    const plan = planBlast(
      [
        due(1, '2026-12-01', '+6281200000001'),
        due(2, '2026-12-01', '+6281200000002', true),
        due(3, '2026-12-01', null),
      ],
      new Set([firstContactMessageKey(1)]),
      unlimited,
    );
    expect(plan).toMatchObject({ queue: [], alreadyQueued: [1], optedOut: [2], noPhone: [3] });
  });

  it('a limit already used up defers everything', () => {
    const plan = planBlast([due(1, '2026-12-01', '+6281200000001')], new Set(), {
      perDay: 250,
      reachedLast24h: 300,
      openWindows: new Set(),
    });
    expect(plan.deferred).toEqual([1]);
  });
});

describe('message keys', () => {
  it.each([
    ['h23:fu1:42', 42],
    ['h23:fu1:0', null],
    ['h23:fu1:4x', null],
    ['other', null],
  ])('%s belongs to follow-up %s', (key, followUpId) => {
    expect(followUpOfMessageKey(key)).toBe(followUpId);
  });
});

describe('withinLimit', () => {
  const fu = (phone: string) => ({ noticeId: null, phone });
  const notice = (id: number, phone: string) => ({ noticeId: id, phone });
  it.each([
    ['no limit: everything', [fu('a'), notice(1, 'b')], true, null, 0, [], ['a', 'b'], 0, 0],
    ['the FU1s take the room first; a notice waits', [fu('a'), notice(1, 'b')], true, 1, 0, [], ['a'], 1, 0],
    [
      'a notice to a number the FU1 reaches is free',
      [fu('a'), notice(1, 'a')],
      true,
      1,
      0,
      [],
      ['a', 'a'],
      0,
      0,
    ],
    ['an open service window is free', [notice(1, 'b')], true, 1, 1, ['b'], ['b'], 0, 0],
    [
      'reached already today: the limit counts them',
      [notice(1, 'b'), notice(2, 'c')],
      true,
      2,
      1,
      [],
      ['b'],
      1,
      0,
    ],
    [
      'no FU1 template: the FU1s wait, the notices go',
      [fu('a'), notice(1, 'b')],
      false,
      null,
      0,
      [],
      ['b'],
      0,
      1,
    ],
  ] as const)('%s', (_name, queued, hasTemplate, perDay, reached, open, sent, deferred, waiting) => {
    const result = withinLimit([...queued], hasTemplate, perDay, { reached, openWindows: new Set(open) });
    expect(result.sendable.map((message) => message.phone)).toEqual(sent);
    expect(result.deferredNotices).toBe(deferred);
    expect(result.waitingForTemplate).toBe(waiting);
  });
});
