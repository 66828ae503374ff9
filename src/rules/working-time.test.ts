import { describe, expect, it } from 'vitest';
import {
  type AttendanceSpan,
  addWorkingHours,
  type ClosedSpan,
  calendarZone,
  nextWorkingInstant,
  sameTimeNextWorkingDay,
  type WorkingTime,
  workingHoursBetween,
  workingTime,
} from './working-time.js';

// Test clocks use fixed offsets written out (WIB +07:00, WITA +08:00), independent of the Intl
// conversion the rule does: a rule that got the zone wrong cannot agree with them by accident.
const OFFSETS = { 'Asia/Jakarta': '+07:00', 'Asia/Makassar': '+08:00' } as const;
type Zone = keyof typeof OFFSETS;

/** `YYYY-MM-DD HH:MM[:SS]` on the zone's wall clock as epoch milliseconds. */
function local(text: string, zone: Zone = 'Asia/Jakarta'): number {
  const withSeconds = text.length === 16 ? `${text}:00` : text;
  return Date.parse(`${withSeconds.replace(' ', 'T')}${OFFSETS[zone]}`);
}

/** Epoch milliseconds as `YYYY-MM-DD HH:MM[:SS[.mmm]]` on the zone's wall clock (seconds, milliseconds only when not zero). */
function clock(instant: number | null, zone: Zone = 'Asia/Jakarta'): string | null {
  if (instant === null) return null;
  const hours = Number(OFFSETS[zone].slice(1, 3));
  const text = new Date(instant + hours * 3_600_000).toISOString().replace('T', ' ').slice(0, 23);
  if (text.endsWith(':00.000')) return text.slice(0, 16);
  return text.endsWith('.000') ? text.slice(0, 19) : text;
}

/** Mon–Fri 08:00–12:00 + 13:00–17:00, Saturday 08:00–12:00 (half day), Sunday closed. */
const WORKSHOP: readonly AttendanceSpan[] = [
  ...[1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, from: 8, to: 12 },
    { weekday, from: 13, to: 17 },
  ]),
  { weekday: 6, from: 8, to: 12 },
];

/** Whole local days, local midnight to the next local midnight, as UTC spans. */
function closedDays(days: readonly string[], zone: Zone, cutiBersama = false): ClosedSpan[] {
  return days.map((day) => {
    const from = local(`${day} 00:00`, zone);
    return cutiBersama ? { from, to: from + 86_400_000, cutiBersama } : { from, to: from + 86_400_000 };
  });
}

/** 2026: Nyepi 03-19 (cuti bersama 03-18); Idul Fitri 03-21 and 03-22 (cuti bersama 03-20, 03-23, 03-24). */
function holidays2026(zone: Zone): ClosedSpan[] {
  return [
    ...closedDays(['2026-01-01', '2026-03-19', '2026-03-21', '2026-03-22', '2026-05-01', '2026-08-17'], zone),
    ...closedDays(['2026-03-18', '2026-03-20', '2026-03-23', '2026-03-24'], zone, true),
  ];
}

function branch(
  options: {
    zone?: Zone;
    worksCutiBersama?: boolean;
    attendance?: readonly AttendanceSpan[];
    closed?: readonly ClosedSpan[];
  } = {},
): WorkingTime {
  const zone = options.zone ?? 'Asia/Jakarta';
  return workingTime({
    timeZone: zone,
    attendance: options.attendance ?? WORKSHOP,
    closed: [...holidays2026(zone), ...(options.closed ?? [])],
    worksCutiBersama: options.worksCutiBersama ?? false,
  });
}

const JAKARTA = branch();
const JAKARTA_WORKS_CUTI = branch({ worksCutiBersama: true });
/** Tuesday 2026-01-13: a half-day leave in the morning, 08:00–10:00. */
const MORNING_LEAVE = branch({
  closed: [{ from: local('2026-01-13 08:00'), to: local('2026-01-13 10:00') }],
});
/** Tuesday 2026-01-13: closed 10:00–11:00 (two overlapping leave entries). */
const HOUR_LEAVE = branch({
  closed: [
    { from: local('2026-01-13 10:00'), to: local('2026-01-13 10:40') },
    { from: local('2026-01-13 10:20'), to: local('2026-01-13 11:00') },
  ],
});
const NO_ATTENDANCE = branch({ attendance: [] });

describe('nextWorkingInstant', () => {
  it.each([
    ['Saturday 22:00 → Monday 08:00 (Sunday closed)', '2026-01-10 22:00', '2026-01-12 08:00'],
    ['07:59 → 08:00', '2026-01-13 07:59', '2026-01-13 08:00'],
    ['inside working time → itself', '2026-01-13 09:10', '2026-01-13 09:10'],
    ['12:00 is lunch (the morning span ends there) → 13:00', '2026-01-13 12:00', '2026-01-13 13:00'],
    ['lunch 12:30 → 13:00', '2026-01-13 12:30', '2026-01-13 13:00'],
    ['17:00 → next working day 08:00', '2026-01-13 17:00', '2026-01-14 08:00'],
    ['17:01 → next working day 08:00', '2026-01-13 17:01', '2026-01-14 08:00'],
    ['Saturday 12:00 (half day) → Monday 08:00', '2026-01-10 12:00', '2026-01-12 08:00'],
    ['the holiday 2026-01-01 → Friday 08:00', '2026-01-01 10:00', '2026-01-02 08:00'],
    ['just after local midnight', '2026-01-13 00:01', '2026-01-13 08:00'],
  ])('%s', (_name, at, expected) => {
    expect(clock(nextWorkingInstant(local(at), JAKARTA))).toBe(expected);
  });

  it('is null for a calendar without attendance, and for one closed beyond the lookahead', () => {
    expect(nextWorkingInstant(local('2026-01-12 09:00'), NO_ATTENDANCE)).toBeNull();
    const shut = branch({ closed: [{ from: local('2026-01-01 00:00'), to: local('2028-01-01 00:00') }] });
    expect(nextWorkingInstant(local('2026-01-12 09:00'), shut)).toBeNull();
  });
});

describe('addWorkingHours', () => {
  it.each([
    // The seed's example: a message Saturday night is counted from Monday 08:00.
    ['Saturday 22:00 + 0 h → Monday 08:00', JAKARTA, '2026-01-10 22:00', 0, '2026-01-12 08:00'],
    ['Saturday 22:00 + 4 h → Monday 12:00 (08–12)', JAKARTA, '2026-01-10 22:00', 4, '2026-01-12 12:00'],
    [
      'Saturday 22:00 + 5 h → Monday 14:00 (08–12, 13–14)',
      JAKARTA,
      '2026-01-10 22:00',
      5,
      '2026-01-12 14:00',
    ],
    ['07:59 + 1 h → 09:00', JAKARTA, '2026-01-13 07:59', 1, '2026-01-13 09:00'],
    ['17:01 + 1 h → next day 09:00', JAKARTA, '2026-01-13 17:01', 1, '2026-01-14 09:00'],
    ['11:30 + 1 h → 13:30 (lunch skipped)', JAKARTA, '2026-01-13 11:30', 1, '2026-01-13 13:30'],
    ['lunch 12:30 + 1 h → 14:00', JAKARTA, '2026-01-13 12:30', 1, '2026-01-13 14:00'],
    ['08:00 + 1.25 h → 09:15', JAKARTA, '2026-01-13 08:00', 1.25, '2026-01-13 09:15'],
    ['11:45 + 0.5 h → 13:15', JAKARTA, '2026-01-13 11:45', 0.5, '2026-01-13 13:15'],
    ['16:00 + 8 h → next day 16:00', JAKARTA, '2026-01-13 16:00', 8, '2026-01-14 16:00'],
    // A whole week is 5 × 8 + 4 = 44 hours; its end is reached on Saturday 12:00.
    ['Monday 08:00 + 44 h → Saturday 12:00', JAKARTA, '2026-01-12 08:00', 44, '2026-01-17 12:00'],
    ['Monday 08:00 + 44.5 h → next Monday 08:30', JAKARTA, '2026-01-12 08:00', 44.5, '2026-01-19 08:30'],
    // 16:00–17:00 on 12-31, then the holiday, then 08:00–09:00 on Friday.
    ['over the New Year holiday', JAKARTA, '2025-12-31 16:00', 2, '2026-01-02 09:00'],
    // Half-day Saturday: 11:00–12:00, Sunday closed, Monday 08:00–09:00.
    ['half-day Saturday 11:00 + 2 h → Monday 09:00', JAKARTA, '2026-01-10 11:00', 2, '2026-01-12 09:00'],
    // 16:00–17:00 on Tuesday 03-17, then 08:00–09:00 on the cuti bersama day 03-18 that is worked.
    ['cuti bersama worked', JAKARTA_WORKS_CUTI, '2026-03-17 16:00', 2, '2026-03-18 09:00'],
    // Not worked: 03-18 cuti, 03-19 Nyepi, 03-20 cuti, 03-21/22 Idul Fitri, 03-23/24 cuti → Wednesday 03-25.
    ['cuti bersama not worked', JAKARTA, '2026-03-17 16:00', 2, '2026-03-25 09:00'],
    // Worked cuti bersama still leaves Nyepi closed: 03-18 16:00–17:00, 03-19 closed, 03-20 08:00–09:00.
    [
      'Nyepi closed even when cuti bersama is worked',
      JAKARTA_WORKS_CUTI,
      '2026-03-18 16:00',
      2,
      '2026-03-20 09:00',
    ],
    // Leave 08:00–10:00 on Tuesday: Monday 16:00–17:00, Tuesday 10:00–11:00.
    ['a morning leave cuts the day', MORNING_LEAVE, '2026-01-12 16:00', 2, '2026-01-13 11:00'],
    // Leave 10:00–11:00 (two overlapping entries): 09:30–10:00, then 11:00–11:30.
    ['an hour of leave inside a span', HOUR_LEAVE, '2026-01-13 09:30', 1, '2026-01-13 11:30'],
  ])('%s', (_name, time, at, hours, expected) => {
    expect(clock(addWorkingHours(local(at), hours, time))).toBe(expected);
  });

  it('keeps seconds and milliseconds of the instant', () => {
    const at = local('2026-01-13 09:10:07.250');
    expect(clock(addWorkingHours(at, 1, JAKARTA))).toBe('2026-01-13 10:10:07.250');
  });

  it('is null without attendance and past the lookahead (370 days, about 2,000 working hours here)', () => {
    expect(addWorkingHours(local('2026-01-12 09:00'), 4, NO_ATTENDANCE)).toBeNull();
    expect(addWorkingHours(local('2026-01-12 09:00'), 0, NO_ATTENDANCE)).toBeNull();
    expect(addWorkingHours(local('2026-01-12 09:00'), 2_000, JAKARTA)).not.toBeNull();
    expect(addWorkingHours(local('2026-01-12 09:00'), 3_000, JAKARTA)).toBeNull();
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('refuses %s hours', (hours) => {
    expect(() => addWorkingHours(local('2026-01-12 09:00'), hours, JAKARTA)).toThrow(
      /Expected a finite number of working hours >= 0/,
    );
  });
});

describe('workingHoursBetween', () => {
  it.each([
    ['a working day', JAKARTA, '2026-01-13 08:00', '2026-01-13 17:00', 8],
    ['across lunch', JAKARTA, '2026-01-13 11:30', '2026-01-13 13:30', 1],
    ['Saturday night to Monday 09:00', JAKARTA, '2026-01-10 22:00', '2026-01-12 09:00', 1],
    ['a week, midnight to midnight (5 × 8 + 4)', JAKARTA, '2026-01-12 00:00', '2026-01-19 00:00', 44],
    // January 2026 starts on a Thursday: 22 weekdays less New Year = 21 × 8, 5 Saturdays × 4.
    ['January 2026', JAKARTA, '2026-01-01 00:00', '2026-02-01 00:00', 21 * 8 + 5 * 4],
    ['the same instant', JAKARTA, '2026-01-13 09:00', '2026-01-13 09:00', 0],
    ['to before from', JAKARTA, '2026-01-13 15:00', '2026-01-13 09:00', 0],
    ['inside a holiday', JAKARTA, '2026-01-01 08:00', '2026-01-01 17:00', 0],
    // Idul Fitri week, 03-17 08:00 to 03-26 17:00, cuti bersama closed:
    //   Tue 17: 8, Wed 18 cuti, Thu 19 Nyepi, Fri 20 cuti, Sat 21 + Sun 22 Idul Fitri,
    //   Mon 23 + Tue 24 cuti, Wed 25: 8, Thu 26: 8 → 24.
    ['Idul Fitri week, cuti bersama closed', JAKARTA, '2026-03-17 08:00', '2026-03-26 17:00', 24],
    // Cuti bersama worked: 17, 18, 20, 23, 24, 25, 26 are full weekdays (7 × 8); 19, 21 (a Saturday), 22 closed → 56.
    ['Idul Fitri week, cuti bersama worked', JAKARTA_WORKS_CUTI, '2026-03-17 08:00', '2026-03-26 17:00', 56],
    [
      'a morning leave (Tuesday 08:00–10:00 closed)',
      MORNING_LEAVE,
      '2026-01-13 00:00',
      '2026-01-14 00:00',
      6,
    ],
    ['an hour of leave (Tuesday 10:00–11:00 closed)', HOUR_LEAVE, '2026-01-13 00:00', '2026-01-14 00:00', 7],
    ['no attendance', NO_ATTENDANCE, '2026-01-12 00:00', '2026-02-12 00:00', 0],
  ])('%s', (_name, time, from, to, expected) => {
    expect(workingHoursBetween(local(from), local(to), time)).toBe(expected);
  });

  it('refuses a span over a century (a garbage instant, not a reply time)', () => {
    expect(() => workingHoursBetween(0, local('2100-01-01 00:00'), JAKARTA)).toThrow(
      /Expected at most 36600 days/,
    );
  });

  const starts = [
    '2026-01-10 22:00',
    '2026-01-12 07:59',
    '2026-01-12 11:30',
    '2026-01-12 12:30',
    '2026-01-13 16:59',
    '2026-01-10 11:00',
    '2025-12-31 16:00',
    '2026-03-17 16:00',
    '2026-03-20 10:00',
  ];
  const hours = [0, 0.25, 1, 4, 8.5, 30, 100];
  const cases = [JAKARTA, JAKARTA_WORKS_CUTI, MORNING_LEAVE].flatMap((time) =>
    starts.flatMap((at) => hours.map((h) => ({ time, at, h }))),
  );

  it(`is the inverse of addWorkingHours (${cases.length} fixed cases)`, () => {
    for (const { time, at, h } of cases) {
      const due = addWorkingHours(local(at), h, time);
      expect(due, `${at} + ${h} h`).not.toBeNull();
      expect(workingHoursBetween(local(at), due ?? 0, time), `${at} + ${h} h`).toBeCloseTo(h, 9);
    }
  });

  it('grows with the hours added', () => {
    for (const at of starts) {
      const dues = hours.map((h) => addWorkingHours(local(at), h, JAKARTA) ?? 0);
      for (let i = 1; i < dues.length; i += 1) expect(dues[i], at).toBeGreaterThan(dues[i - 1] ?? 0);
    }
  });
});

describe('other time zones', () => {
  const MAKASSAR = branch({ zone: 'Asia/Makassar' });

  it.each([
    ['Saturday 22:00 WITA + 4 h → Monday 12:00 WITA', '2026-01-10 22:00', 4, '2026-01-12 12:00'],
    ['11:30 WITA + 1 h → 13:30 WITA', '2026-01-13 11:30', 1, '2026-01-13 13:30'],
    ['over New Year, the holiday on the Makassar calendar', '2025-12-31 16:00', 2, '2026-01-02 09:00'],
  ])('%s', (_name, at, hours, expected) => {
    expect(clock(addWorkingHours(local(at, 'Asia/Makassar'), hours, MAKASSAR), 'Asia/Makassar')).toBe(
      expected,
    );
  });

  it('reads the zone: the same instant is 07:30 in Jakarta (before work) and 08:30 in Makassar (at work)', () => {
    const at = Date.parse('2026-01-13T00:30:00Z');
    expect(clock(nextWorkingInstant(at, JAKARTA))).toBe('2026-01-13 08:00');
    expect(nextWorkingInstant(at, MAKASSAR)).toBe(at);
  });

  it('follows a clock change through Intl (Europe/Amsterdam moves to summer time on 2026-03-29)', () => {
    const amsterdam = workingTime({
      timeZone: 'Europe/Amsterdam',
      attendance: WORKSHOP,
      closed: [],
      worksCutiBersama: false,
    });
    // Saturday 11:00 CET (+01:00) + 2 h: 11:00–12:00 Saturday, Monday 08:00–09:00 CEST (+02:00) = 07:00 UTC.
    const at = Date.parse('2026-03-28T11:00:00+01:00');
    expect(addWorkingHours(at, 2, amsterdam)).toBe(Date.parse('2026-03-30T07:00:00Z'));
    // Friday 8 + Saturday 4 + Monday 8, whatever the offsets.
    expect(
      workingHoursBetween(
        Date.parse('2026-03-27T08:00:00+01:00'),
        Date.parse('2026-03-30T17:00:00+02:00'),
        amsterdam,
      ),
    ).toBe(20);
  });

  it('counts a day the clock changes on by its wall clock (Europe/Amsterdam, every day 08:00–17:00)', () => {
    const everyDay = workingTime({
      timeZone: 'Europe/Amsterdam',
      attendance: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, from: 8, to: 17 })),
      closed: [],
      worksCutiBersama: false,
    });
    // Sunday 2026-03-29 starts on CET (+01:00) and works on CEST (+02:00): 08:00 is 06:00 UTC.
    expect(nextWorkingInstant(Date.parse('2026-03-28T18:00:00+01:00'), everyDay)).toBe(
      Date.parse('2026-03-29T06:00:00Z'),
    );
    expect(sameTimeNextWorkingDay(Date.parse('2026-03-28T10:00:00+01:00'), everyDay)).toBe(
      Date.parse('2026-03-29T08:00:00Z'),
    );
    // Back to CET on Sunday 2026-10-25: Saturday 16:30 CEST → Sunday 16:30 CET = 15:30 UTC.
    expect(sameTimeNextWorkingDay(Date.parse('2026-10-24T16:30:00+02:00'), everyDay)).toBe(
      Date.parse('2026-10-25T15:30:00Z'),
    );
    const roundTheClock = workingTime({
      timeZone: 'Europe/Amsterdam',
      attendance: [{ weekday: 0, from: 0, to: 24 }],
      closed: [],
      worksCutiBersama: false,
    });
    const sunday = (date: string, offset: string) => Date.parse(`${date}T00:00:00${offset}`);
    // Local midnight to local midnight: 23 hours in March, 25 in October.
    expect(
      workingHoursBetween(sunday('2026-03-29', '+01:00'), sunday('2026-03-30', '+02:00'), roundTheClock),
    ).toBe(23);
    expect(
      workingHoursBetween(sunday('2026-10-25', '+02:00'), sunday('2026-10-26', '+01:00'), roundTheClock),
    ).toBe(25);
  });
});

describe('sameTimeNextWorkingDay ("1×24 jam")', () => {
  it.each([
    // Counting starts Monday 08:00; the next working day is Tuesday.
    ['Saturday 22:00 → Tuesday 08:00', JAKARTA, '2026-01-10 22:00', '2026-01-13 08:00'],
    ['Monday 10:15 → Tuesday 10:15', JAKARTA, '2026-01-12 10:15', '2026-01-13 10:15'],
    ['Monday 10:15:30 → Tuesday 10:15:30', JAKARTA, '2026-01-12 10:15:30', '2026-01-13 10:15:30'],
    ['Monday 16:59 → Tuesday 16:59', JAKARTA, '2026-01-12 16:59', '2026-01-13 16:59'],
    // Saturday works till 12:00: the clock time is clamped to the end of that day's working time.
    ['Friday 15:00 → Saturday 12:00 (half day)', JAKARTA, '2026-01-16 15:00', '2026-01-17 12:00'],
    [
      'Friday 17:30 → counting from Saturday 08:00 → Monday 08:00',
      JAKARTA,
      '2026-01-16 17:30',
      '2026-01-19 08:00',
    ],
    ['Saturday 09:00 → Monday 09:00 (Sunday closed)', JAKARTA, '2026-01-17 09:00', '2026-01-19 09:00'],
    [
      'Monday lunch 12:30 → counting from 13:00 → Tuesday 13:00',
      JAKARTA,
      '2026-01-12 12:30',
      '2026-01-13 13:00',
    ],
    ['2025-12-31 16:00 → 2026-01-02 16:00 over the holiday', JAKARTA, '2025-12-31 16:00', '2026-01-02 16:00'],
    [
      'on the holiday 2026-01-01 → counting from Friday 08:00 → Saturday 08:00',
      JAKARTA,
      '2026-01-01 10:00',
      '2026-01-03 08:00',
    ],
    ['cuti bersama not worked: 03-17 10:00 → 03-25 10:00', JAKARTA, '2026-03-17 10:00', '2026-03-25 10:00'],
    [
      'cuti bersama worked: 03-17 10:00 → 03-18 10:00',
      JAKARTA_WORKS_CUTI,
      '2026-03-17 10:00',
      '2026-03-18 10:00',
    ],
    // Tuesday's working time starts at 10:00 (leave 08:00–10:00): clamped to its start.
    ['before the next day starts → its start', MORNING_LEAVE, '2026-01-12 09:00', '2026-01-13 10:00'],
    // Tuesday is closed 10:00–11:00: a clock time in that gap goes to the next span's start.
    ['in a gap of the next day → the next span', HOUR_LEAVE, '2026-01-12 10:30', '2026-01-13 11:00'],
  ])('%s', (_name, time, at, expected) => {
    expect(clock(sameTimeNextWorkingDay(local(at), time))).toBe(expected);
  });

  it('works on the Makassar clock', () => {
    const makassar = branch({ zone: 'Asia/Makassar' });
    const due = sameTimeNextWorkingDay(local('2026-01-12 10:15', 'Asia/Makassar'), makassar);
    expect(clock(due, 'Asia/Makassar')).toBe('2026-01-13 10:15');
  });

  it('is null without attendance, or when only one working day is left in the lookahead', () => {
    expect(sameTimeNextWorkingDay(local('2026-01-12 09:00'), NO_ATTENDANCE)).toBeNull();
    const lastDay = branch({ closed: [{ from: local('2026-01-13 00:00'), to: local('2028-01-01 00:00') }] });
    expect(clock(nextWorkingInstant(local('2026-01-12 09:00'), lastDay))).toBe('2026-01-12 09:00');
    expect(sameTimeNextWorkingDay(local('2026-01-12 09:00'), lastDay)).toBeNull();
  });
});

describe('workingTime', () => {
  it('ignores attendance with from >= to and merges overlapping spans of a weekday', () => {
    const time = workingTime({
      timeZone: 'Asia/Jakarta',
      attendance: [
        { weekday: 2, from: 8, to: 12 },
        { weekday: 2, from: 10, to: 14 },
        { weekday: 2, from: 14, to: 15 },
        { weekday: 2, from: 16, to: 16 },
        { weekday: 2, from: 18, to: 17 },
      ],
      closed: [],
      worksCutiBersama: false,
    });
    expect(time.attendance[2]).toEqual([{ from: 8, to: 15 }]);
    expect(workingHoursBetween(local('2026-01-13 00:00'), local('2026-01-14 00:00'), time)).toBe(7);
    expect(clock(addWorkingHours(local('2026-01-13 08:00'), 7, time))).toBe('2026-01-13 15:00');
    expect(clock(addWorkingHours(local('2026-01-13 08:00'), 7.5, time))).toBe('2026-01-20 08:30');
  });

  it('leaves out cuti bersama when it is worked, and merges closed spans', () => {
    expect(JAKARTA_WORKS_CUTI.closed).toHaveLength(
      3 /* 01-01, 05-01, 08-17 */ + 1 /* 03-19 */ + 1 /* 03-21 and 03-22 joined */,
    );
    // 03-18 to 03-25 are one closed span when cuti bersama is not worked.
    expect(JAKARTA.closed).toContainEqual({ from: local('2026-03-18 00:00'), to: local('2026-03-25 00:00') });
  });

  it('refuses a weekday outside 0–6 and an unknown time zone', () => {
    expect(() =>
      workingTime({
        timeZone: 'Asia/Jakarta',
        attendance: [{ weekday: 7, from: 8, to: 12 }],
        closed: [],
        worksCutiBersama: false,
      }),
    ).toThrow(/Expected an attendance weekday from 0 \(Sunday\) to 6 \(Saturday\), got 7/);
    expect(() =>
      workingTime({ timeZone: 'Asia/Nowhere', attendance: WORKSHOP, closed: [], worksCutiBersama: false }),
    ).toThrow(RangeError);
  });
});

describe('calendarZone', () => {
  it.each([
    { calendar: 'Asia/Makassar', dealer: 'Asia/Jakarta', zone: 'Asia/Makassar' },
    { calendar: null, dealer: 'Asia/Jakarta', zone: 'Asia/Jakarta' },
    { calendar: 'UTC', dealer: 'Asia/Jakarta', zone: 'Asia/Jakarta' },
    { calendar: 'Etc/UTC', dealer: 'Asia/Jayapura', zone: 'Asia/Jayapura' },
    { calendar: 'UTC', dealer: 'UTC', zone: 'UTC' },
  ])('a calendar in $calendar, a dealer in $dealer: $zone', ({ calendar, dealer, zone }) => {
    expect(calendarZone(calendar, dealer)).toBe(zone);
  });
});
