import { describe, expect, it } from 'vitest';
import { MONDAY_TO_SATURDAY_HOURS } from '../followup/calendar.js';
import { workingTime } from '../working-time.js';
import {
  answeredMessages,
  type KpiMessage,
  type KpiThread,
  newCustomers,
  receivedWithin,
  reorderCounts,
  replyCounts,
  revenueOf,
  type Transaction,
} from './facts.js';
import { monthOf, periodSpan, quarterOf } from './periods.js';

const TZ = 'Asia/Jakarta';
const wib = (local: string): number => Date.parse(`${local}+07:00`);
const time = workingTime({
  timeZone: TZ,
  attendance: MONDAY_TO_SATURDAY_HOURS,
  closed: [],
  worksCutiBersama: false,
});
const OFFICERS = new Set([1, 2]);

const inbound = (key: string, thread: string, at: string): KpiMessage => ({
  key,
  channel: 'email',
  thread,
  at: wib(at),
  direction: 'inbound',
  authorUserId: null,
});
const outbound = (key: string, thread: string, at: string, author: number): KpiMessage => ({
  key,
  channel: 'email',
  thread,
  at: wib(at),
  direction: 'outbound',
  authorUserId: author,
});
const threads = (...rows: KpiThread[]): Map<string, KpiThread> => new Map(rows.map((row) => [row.key, row]));

describe('answeredMessages: whose message it is', () => {
  const now = wib('2026-07-31T12:00:00');
  it.each([
    {
      name: 'the officer who answered',
      owner: 2,
      replyBy: 1,
      officer: 1,
    },
    {
      name: 'unanswered: the thread’s responsible officer',
      owner: 2,
      replyBy: null,
      officer: 2,
    },
    {
      name: 'answered by a user who is no officer: the responsible officer',
      owner: 2,
      replyBy: 99,
      officer: 2,
    },
    {
      name: 'no officer anywhere: the team only',
      owner: 98,
      replyBy: 99,
      officer: null,
    },
  ])('$name', ({ owner, replyBy, officer }) => {
    const messages = [
      inbound('m1', 'res.partner,5', '2026-07-06T09:00:00'),
      ...(replyBy === null ? [] : [outbound('r1', 'res.partner,5', '2026-07-06T10:00:00', replyBy)]),
    ];
    const [answered] = answeredMessages(
      messages,
      threads({ key: 'res.partner,5', ownerUserId: owner, partnerId: 5 }),
      OFFICERS,
      time,
      now,
      null,
    );
    expect(answered?.officerId).toBe(officer);
    expect(answered?.partnerId).toBe(5);
  });

  it.each([
    {
      name: 'within 1×24 jam, no fast limit',
      replied: '2026-07-07T08:59:00',
      fastHours: null,
      within: true,
      fast: true,
    },
    {
      name: 'within 1×24 jam, over a 3-hour fast limit',
      replied: '2026-07-06T15:00:00',
      fastHours: 3,
      within: true,
      fast: false,
    },
    {
      name: 'within a 3-hour fast limit',
      replied: '2026-07-06T11:00:00',
      fastHours: 3,
      within: true,
      fast: true,
    },
    { name: 'late', replied: '2026-07-07T09:01:00', fastHours: null, within: false, fast: false },
  ])('$name', ({ replied, fastHours, within, fast }) => {
    const [answered] = answeredMessages(
      [inbound('m', 't', '2026-07-06T09:00:00'), outbound('r', 't', replied, 1)],
      threads(),
      OFFICERS,
      time,
      now,
      fastHours,
    );
    expect({ within: answered?.withinOneDay, fast: answered?.fast, reply: answered?.replyKey }).toEqual({
      within,
      fast,
      reply: 'r',
    });
  });

  it('pairs per thread: a reply in another thread answers nothing here', () => {
    const answered = answeredMessages(
      [inbound('m', 'a', '2026-07-06T09:00:00'), outbound('r', 'b', '2026-07-06T10:00:00', 1)],
      threads(),
      OFFICERS,
      time,
      now,
      null,
    );
    expect(answered.map((item) => [item.key, item.status])).toEqual([['m', 'missed']]);
  });

  it('counts per officer and for the team, within a quarter’s span in WIB', () => {
    const answered = answeredMessages(
      [
        inbound('q2', 'a', '2026-06-30T23:30:00'),
        inbound('q3', 'a', '2026-07-01T00:30:00'),
        outbound('r', 'a', '2026-07-01T09:00:00', 1),
        inbound('q3b', 'b', '2026-07-02T09:00:00'),
      ],
      threads({ key: 'b', ownerUserId: 2, partnerId: 7 }),
      OFFICERS,
      time,
      now,
      null,
    );
    const q3 = receivedWithin(answered, periodSpan(quarterOf('2026-07-01'), TZ));
    expect(q3.map((item) => item.key)).toEqual(['q3', 'q3b']);
    expect(Object.fromEntries(replyCounts(q3))).toEqual({
      null: { messages: 2, repliedInTime: 1 },
      1: { messages: 1, repliedInTime: 1 },
      2: { messages: 1, repliedInTime: 0 },
    });
  });
});

const sale = (
  partnerId: number,
  date: string,
  amount = 100,
  userId: number | null = 1,
  extra: Partial<Transaction> = {},
): Transaction => ({
  source: 'invoice',
  partnerId,
  userId,
  date,
  amount,
  export: false,
  ...extra,
});

describe('revenueOf', () => {
  it('sums a quarter per salesperson and for all, credit notes negative, export apart, visits not', () => {
    const revenue = revenueOf(
      [
        sale(1, '2026-07-01', 1000),
        sale(1, '2026-09-30', -200),
        sale(2, '2026-08-01', 500, 2, { export: true }),
        sale(3, '2026-08-01', 300, null),
        sale(4, '2026-10-01', 9999),
        sale(5, '2026-08-01', 0, null, { source: 'visit' }),
      ],
      quarterOf('2026-08-01'),
    );
    expect(Object.fromEntries(revenue)).toEqual({
      null: { revenue: 1600, local: 1100, export: 500 },
      1: { revenue: 800, local: 800, export: 0 },
      2: { revenue: 500, local: 0, export: 500 },
    });
  });
});

describe('newCustomers (KPI-4)', () => {
  const q3 = quarterOf('2026-07-01');
  it.each([
    {
      name: 'first transaction in the quarter',
      rows: [sale(1, '2026-07-10')],
      before: [],
      expected: { null: 1, 1: 1 },
    },
    {
      name: 'known before the quarter (from another source)',
      rows: [sale(1, '2026-07-10')],
      before: [1],
      expected: {},
    },
    {
      name: 'seen earlier in what was read',
      rows: [sale(1, '2026-06-10'), sale(1, '2026-07-10')],
      before: [],
      expected: {},
    },
    { name: 'first after the quarter', rows: [sale(1, '2026-10-01')], before: [], expected: {} },
    {
      name: 'counted once, for the salesperson of the first transaction',
      rows: [sale(1, '2026-08-10', 100, 2), sale(1, '2026-07-10', 100, 1)],
      before: [],
      expected: { null: 1, 1: 1 },
    },
    {
      name: 'a workshop visit first: the team only',
      rows: [sale(1, '2026-07-05', 0, null, { source: 'visit' }), sale(1, '2026-07-10', 100, 1)],
      before: [],
      expected: { null: 1 },
    },
    {
      name: 'the same day: the invoice before the visit',
      rows: [sale(1, '2026-07-05', 0, null, { source: 'visit' }), sale(1, '2026-07-05', 100, 1)],
      before: [],
      expected: { null: 1, 1: 1 },
    },
  ])('$name', ({ rows, before, expected }) => {
    expect(Object.fromEntries(newCustomers(rows, q3, new Set(before)))).toEqual(expected);
  });
});

describe('reorderCounts (KPI-5, KPI-6)', () => {
  const july = monthOf('2026-07-01');
  const followUp = (partnerId: number, date: string, officerId = 1) => ({
    key: `${officerId}:${partnerId}:${date}`,
    officerId,
    partnerId,
    date,
  });
  it.each([
    {
      name: 'bought before, no re-order',
      followUps: [followUp(1, '2026-07-10')],
      sales: [sale(1, '2026-05-01')],
      before: [],
      expected: { 1: { followedUp: 1, reordered: 0 } },
    },
    {
      name: 'bought before (older history)',
      followUps: [followUp(1, '2026-07-10')],
      sales: [],
      before: [1],
      expected: { 1: { followedUp: 1, reordered: 0 } },
    },
    {
      name: 'never bought: not counted',
      followUps: [followUp(1, '2026-07-10')],
      sales: [],
      before: [],
      expected: {},
    },
    {
      name: 'bought only on the follow-up day: not before',
      followUps: [followUp(1, '2026-07-10')],
      sales: [sale(1, '2026-07-10')],
      before: [],
      expected: {},
    },
    {
      name: 're-ordered on the last day of the window',
      followUps: [followUp(1, '2026-07-10')],
      sales: [sale(1, '2026-05-01'), sale(1, '2026-08-09')],
      before: [],
      expected: { 1: { followedUp: 1, reordered: 1 } },
    },
    {
      name: 'a day after the window',
      followUps: [followUp(1, '2026-07-10')],
      sales: [sale(1, '2026-05-01'), sale(1, '2026-08-10')],
      before: [],
      expected: { 1: { followedUp: 1, reordered: 0 } },
    },
    {
      name: 'twice in the month: once, from the first',
      followUps: [followUp(1, '2026-07-20'), followUp(1, '2026-07-02')],
      sales: [sale(1, '2026-05-01'), sale(1, '2026-07-15')],
      before: [],
      expected: { 1: { followedUp: 1, reordered: 1 } },
    },
    {
      name: 'another month: not this one',
      followUps: [followUp(1, '2026-08-01')],
      sales: [sale(1, '2026-05-01')],
      before: [],
      expected: {},
    },
    {
      name: 'two officers, one customer: each counts it',
      followUps: [followUp(1, '2026-07-10', 1), followUp(1, '2026-07-11', 2)],
      sales: [sale(1, '2026-05-01')],
      before: [],
      expected: { 1: { followedUp: 1, reordered: 0 }, 2: { followedUp: 1, reordered: 0 } },
    },
    {
      name: 'a workshop visit is no purchase',
      followUps: [followUp(1, '2026-07-10')],
      sales: [sale(1, '2026-05-01', 0, null, { source: 'visit' })],
      before: [],
      expected: {},
    },
  ])('$name', ({ followUps, sales, before, expected }) => {
    expect(Object.fromEntries(reorderCounts(followUps, sales, new Set(before), july, 30))).toEqual(expected);
  });
});
