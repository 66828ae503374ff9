import { describe, expect, it } from 'vitest';
import { type AttendanceSpan, type ClosedSpan, type WorkingTime, workingTime } from '../working-time.js';
import {
  countResponses,
  pairReplies,
  type ResponseTime,
  responseTime,
  type ThreadMessage,
} from './response-time.js';

// Wall clocks in WIB written with a fixed +07:00, independent of the Intl conversion the rules do.
const wib = (text: string) => Date.parse(`${text.replace(' ', 'T')}${text.length === 16 ? ':00' : ''}+07:00`);
const DAY = 86_400_000;

/** Mon–Fri 08:00–12:00 + 13:00–17:00, Saturday 08:00–12:00, Sunday closed. */
const WORKSHOP: AttendanceSpan[] = [
  ...[1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, from: 8, to: 12 },
    { weekday, from: 13, to: 17 },
  ]),
  { weekday: 6, from: 8, to: 12 },
];

const days = (list: string[], cutiBersama = false): ClosedSpan[] =>
  list.map((day) => ({
    from: wib(`${day} 00:00`),
    to: wib(`${day} 00:00`) + DAY,
    ...(cutiBersama ? { cutiBersama } : {}),
  }));

/** 2026: 1 January; Nyepi 03-19 (cuti bersama 03-18); Idul Fitri 03-21/22 (cuti bersama 03-20, 03-23, 03-24). */
const CLOSED = [
  ...days(['2026-01-01', '2026-03-19', '2026-03-21', '2026-03-22']),
  ...days(['2026-03-18', '2026-03-20', '2026-03-23', '2026-03-24'], true),
];

const branch = (worksCutiBersama: boolean): WorkingTime =>
  workingTime({ timeZone: 'Asia/Jakarta', attendance: WORKSHOP, closed: CLOSED, worksCutiBersama });
const CLOSES_CUTI = branch(false);
const WORKS_CUTI = branch(true);
const NO_ATTENDANCE = workingTime({
  timeZone: 'Asia/Jakarta',
  attendance: [],
  closed: [],
  worksCutiBersama: false,
});
/** Long after every case: unanswered messages are missed unless a case says otherwise. */
const LATER = wib('2026-12-31 00:00');

describe('responseTime', () => {
  it.each<[string, WorkingTime, string, string | null, string, number | null, ResponseTime['status']]>([
    // what, calendar, received (WIB), replied (WIB), due (WIB), working hours, status
    [
      'inside hours, same morning',
      CLOSES_CUTI,
      '2026-03-02 09:00',
      '2026-03-02 11:00',
      '2026-03-03 09:00',
      2,
      'within',
    ],
    [
      'over lunch: the hour 12–13 does not count',
      CLOSES_CUTI,
      '2026-03-02 11:30',
      '2026-03-02 13:30',
      '2026-03-03 11:30',
      1,
      'within',
    ],
    [
      'in the lunch break: counts from 13:00',
      CLOSES_CUTI,
      '2026-03-02 12:30',
      '2026-03-02 14:00',
      '2026-03-03 13:00',
      1,
      'within',
    ],
    [
      'evening: counts from 08:00 next day',
      CLOSES_CUTI,
      '2026-03-02 19:00',
      '2026-03-03 10:30',
      '2026-03-04 08:00',
      2.5,
      'within',
    ],
    [
      'before opening: counts from 08:00',
      CLOSES_CUTI,
      '2026-03-03 06:15',
      '2026-03-04 08:00',
      '2026-03-04 08:00',
      8,
      'within',
    ],
    [
      'the seed: Saturday night → Monday 08:00, due Tuesday 08:00',
      CLOSES_CUTI,
      '2026-03-07 22:00',
      '2026-03-09 09:00',
      '2026-03-10 08:00',
      1,
      'within',
    ],
    [
      'a reply on Sunday to a Saturday-night message: before the clock starts',
      CLOSES_CUTI,
      '2026-03-07 22:00',
      '2026-03-08 10:00',
      '2026-03-10 08:00',
      0,
      'within',
    ],
    [
      '1×24 jam exactly at the edge is within',
      CLOSES_CUTI,
      '2026-03-07 22:00',
      '2026-03-10 08:00:00',
      '2026-03-10 08:00',
      8,
      'within',
    ],
    [
      'one second after the edge is late',
      CLOSES_CUTI,
      '2026-03-07 22:00',
      '2026-03-10 08:00:01',
      '2026-03-10 08:00',
      8 + 1 / 3600,
      'late',
    ],
    [
      'edge inside the day: Monday 10:15 → Tuesday 10:15 exactly',
      CLOSES_CUTI,
      '2026-03-02 10:15',
      '2026-03-03 10:15',
      '2026-03-03 10:15',
      8,
      'within',
    ],
    [
      'Friday 15:00 → Saturday works till 12:00: due then',
      CLOSES_CUTI,
      '2026-03-06 15:00',
      '2026-03-07 11:59',
      '2026-03-07 12:00',
      2 + 3 + 59 / 60,
      'within',
    ],
    [
      'Friday 15:00 answered Saturday 13:00 is late (after Saturday closes)',
      CLOSES_CUTI,
      '2026-03-06 15:00',
      '2026-03-07 13:00',
      '2026-03-07 12:00',
      6,
      'late',
    ],
    [
      'a public holiday (1 January, Thursday): counts from Friday 08:00',
      CLOSES_CUTI,
      '2026-01-01 10:00',
      '2026-01-02 09:00',
      '2026-01-03 08:00',
      1,
      'within',
    ],
    [
      'the day before a holiday: due the next working day after it',
      CLOSES_CUTI,
      '2025-12-31 10:00',
      '2026-01-02 10:00',
      '2026-01-02 10:00',
      6 + 2,
      'within',
    ],
    [
      'cuti bersama not worked: Tuesday 17 March → Wednesday 25 March',
      CLOSES_CUTI,
      '2026-03-17 10:00',
      '2026-03-25 09:00',
      '2026-03-25 10:00',
      6 + 1,
      'within',
    ],
    [
      'cuti bersama worked: due Wednesday 18 March, a week later is late',
      WORKS_CUTI,
      '2026-03-17 10:00',
      '2026-03-25 09:00',
      '2026-03-18 10:00',
      6 + 8 + 8 + 8 + 8 + 1,
      'late',
    ],
    [
      'a message on cuti bersama worked counts at once',
      WORKS_CUTI,
      '2026-03-20 09:00',
      '2026-03-20 10:00',
      '2026-03-23 09:00',
      1,
      'within',
    ],
    [
      'a message on Idul Fitri (Sunday) with cuti closed: from Wednesday 08:00',
      CLOSES_CUTI,
      '2026-03-22 11:00',
      '2026-03-26 08:00',
      '2026-03-26 08:00',
      8,
      'within',
    ],
    [
      'no reply, long past due: missed',
      CLOSES_CUTI,
      '2026-03-02 09:00',
      null,
      '2026-03-03 09:00',
      null,
      'missed',
    ],
  ])('%s', (_, time, received, replied, due, hours, status) => {
    const result = responseTime(
      { receivedAt: wib(received), repliedAt: replied === null ? null : wib(replied) },
      time,
      LATER,
    );
    expect(result.dueAt).toBe(wib(due));
    expect(result.status).toBe(status);
    expect(result.withinOneDay).toBe(status === 'within');
    if (hours === null) expect(result.workingHours).toBeNull();
    else expect(result.workingHours).toBeCloseTo(hours, 9);
    expect(result.counted).toBe(true);
  });

  it.each<[string, string, ResponseTime['status'], boolean]>([
    ['before the due instant', '2026-03-03 08:59', 'pending', false],
    ['exactly at the due instant (a reply now would still be within)', '2026-03-03 09:00', 'pending', false],
    ['one second after the due instant', '2026-03-03 09:00:01', 'missed', true],
  ])('an unanswered message %s is %s', (_, now, status, counted) => {
    const result = responseTime(
      { receivedAt: wib('2026-03-02 09:00'), repliedAt: null },
      CLOSES_CUTI,
      wib(now),
    );
    expect(result).toMatchObject({ status, counted, withinOneDay: false, workingHours: null });
  });

  it('a late reply stays late whenever asked', () => {
    const message = { receivedAt: wib('2026-03-02 09:00'), repliedAt: wib('2026-03-04 09:00') };
    expect(responseTime(message, CLOSES_CUTI, wib('2026-03-04 09:00')).status).toBe('late');
  });

  it('a calendar with no working time cannot measure: not counted, not within', () => {
    const result = responseTime(
      { receivedAt: wib('2026-03-02 09:00'), repliedAt: wib('2026-03-02 10:00') },
      NO_ATTENDANCE,
      LATER,
    );
    expect(result).toMatchObject({
      status: 'unmeasurable',
      counted: false,
      withinOneDay: false,
      dueAt: null,
      workingHours: 0,
    });
  });

  it('refuses a reply before its message, and instants that are not numbers', () => {
    expect(() =>
      responseTime(
        { receivedAt: wib('2026-03-02 09:00'), repliedAt: wib('2026-03-02 08:59') },
        CLOSES_CUTI,
        LATER,
      ),
    ).toThrow(/reply at or after the message/);
    expect(() => responseTime({ receivedAt: Number.NaN, repliedAt: null }, CLOSES_CUTI, LATER)).toThrow(
      RangeError,
    );
  });
});

describe('pairReplies', () => {
  const inbound = (key: string, at: string): ThreadMessage => ({ key, at: wib(at), direction: 'inbound' });
  const outbound = (key: string, at: string, author = 7): ThreadMessage => ({
    key,
    at: wib(at),
    direction: 'outbound',
    author,
  });

  it.each<[string, ThreadMessage[], [string, string | null][]]>([
    [
      'one question, one answer',
      [inbound('q1', '2026-03-02 09:00'), outbound('a1', '2026-03-02 10:00')],
      [['q1', 'a1']],
    ],
    [
      'three questions before one answer all get it',
      [
        inbound('q1', '2026-03-02 09:00'),
        inbound('q2', '2026-03-02 09:05'),
        inbound('q3', '2026-03-02 09:10'),
        outbound('a1', '2026-03-02 10:00'),
      ],
      [
        ['q1', 'a1'],
        ['q2', 'a1'],
        ['q3', 'a1'],
      ],
    ],
    [
      'the first reply counts, not a later one',
      [
        inbound('q1', '2026-03-02 09:00'),
        outbound('a1', '2026-03-02 10:00'),
        outbound('a2', '2026-03-02 11:00'),
      ],
      [['q1', 'a1']],
    ],
    [
      'an officer message before the question is no reply to it',
      [outbound('hello', '2026-03-02 08:00'), inbound('q1', '2026-03-02 09:00')],
      [['q1', null]],
    ],
    [
      'alternating',
      [
        inbound('q1', '2026-03-02 09:00'),
        outbound('a1', '2026-03-02 10:00'),
        inbound('q2', '2026-03-03 09:00'),
        outbound('a2', '2026-03-04 09:00'),
        inbound('q3', '2026-03-05 09:00'),
      ],
      [
        ['q1', 'a1'],
        ['q2', 'a2'],
        ['q3', null],
      ],
    ],
    [
      'given out of order: sorted by time first',
      [
        outbound('a1', '2026-03-02 10:00'),
        inbound('q2', '2026-03-02 11:00'),
        inbound('q1', '2026-03-02 09:00'),
      ],
      [
        ['q1', 'a1'],
        ['q2', null],
      ],
    ],
    [
      'same instant: the thread order decides',
      [inbound('q1', '2026-03-02 09:00'), outbound('a1', '2026-03-02 09:00')],
      [['q1', 'a1']],
    ],
    [
      'same instant, the answer listed first: no reply to it',
      [outbound('a1', '2026-03-02 09:00'), inbound('q1', '2026-03-02 09:00')],
      [['q1', null]],
    ],
    ['no messages', [], []],
  ])('%s', (_, messages, expected) => {
    expect(pairReplies(messages).map((pair) => [pair.key, pair.reply?.key ?? null])).toEqual(expected);
  });

  it('carries the reply instant and author', () => {
    const [pair] = pairReplies([inbound('q1', '2026-03-02 09:00'), outbound('a1', '2026-03-02 10:00', 42)]);
    expect(pair).toEqual({
      key: 'q1',
      receivedAt: wib('2026-03-02 09:00'),
      reply: { key: 'a1', at: wib('2026-03-02 10:00'), author: 42 },
    });
  });

  it('pairs then measures: a thread through a weekend', () => {
    const thread = [
      inbound('q1', '2026-03-07 22:00'),
      inbound('q2', '2026-03-08 09:00'),
      outbound('a1', '2026-03-10 08:00:01'),
      inbound('q3', '2026-03-10 09:00'),
    ];
    const now = wib('2026-03-10 12:00');
    const results = pairReplies(thread).map((pair) =>
      responseTime({ receivedAt: pair.receivedAt, repliedAt: pair.reply?.at ?? null }, CLOSES_CUTI, now),
    );
    expect(results.map((result) => result.status)).toEqual(['late', 'late', 'pending']);
    expect(countResponses(results)).toEqual({
      within: 0,
      late: 2,
      missed: 0,
      pending: 1,
      unmeasurable: 0,
      counted: 2,
      withinShare: 0,
    });
  });
});

describe('countResponses', () => {
  const make = (status: ResponseTime['status']): ResponseTime => ({
    receivedAt: 0,
    repliedAt: null,
    dueAt: 0,
    workingHours: null,
    withinOneDay: status === 'within',
    status,
    counted: status === 'within' || status === 'late' || status === 'missed',
  });

  it.each<[ResponseTime['status'][], number, number | null]>([
    [[], 0, null],
    [['pending', 'unmeasurable'], 0, null],
    [['within', 'within', 'within', 'late'], 4, 0.75],
    [['within', 'missed', 'pending'], 2, 0.5],
  ])('%j: %i counted, share within %s', (statuses, counted, share) => {
    const counts = countResponses(statuses.map(make));
    expect(counts.counted).toBe(counted);
    expect(counts.withinShare).toBe(share);
  });
});
