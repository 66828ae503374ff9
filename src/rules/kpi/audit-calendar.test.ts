import { describe, expect, it } from 'vitest';
import { workCalendar } from '../followup/calendar.js';
import { assessmentOf, auditsDueBy, auditsDueOn, auditsOfMonth } from './audit-calendar.js';
import { monthOf, quarterOf } from './periods.js';

/** Monday–Saturday, with the 2026 public holidays the cases touch and a long Lebaran closure in a made-up year. */
const BRANCH = workCalendar({
  holidays: [
    '2026-01-01', // Tahun Baru (Thursday)
    '2026-03-19', // Nyepi
    '2026-03-20', // cuti bersama
    '2026-03-21', // Idul Fitri
    '2026-03-23', // cuti bersama
    '2026-03-24', // cuti bersama
    '2026-05-01', // Hari Buruh (Friday)
    '2026-10-01', // a branch closure on a Thursday: the Q3 audit moves to 2 October
    // 2027-07-01 … 2027-07-09 closed: the audit week has no working day.
    ...Array.from({ length: 9 }, (_, i) => `2027-07-0${i + 1}`),
  ],
});

const summary = (audits: ReturnType<typeof auditsOfMonth>) =>
  audits.map((audit) => `${audit.key}@${audit.dueOn}`);

describe('auditsOfMonth', () => {
  it.each<[string, string[]]>([
    ['2026-01-15', ['quarterly:2025-Q4@2026-01-02', 'monthly:2025-12@2026-01-02']],
    ['2026-02-10', ['monthly:2026-01@2026-02-02']],
    ['2026-04-30', ['quarterly:2026-Q1@2026-04-01', 'monthly:2026-03@2026-04-01']],
    ['2026-05-03', ['monthly:2026-04@2026-05-02']],
    ['2026-07-01', ['quarterly:2026-Q2@2026-07-01', 'monthly:2026-06@2026-07-01']],
    // 2026-11-01 is a Sunday.
    ['2026-11-20', ['monthly:2026-10@2026-11-02']],
    ['2026-10-09', ['quarterly:2026-Q3@2026-10-02', 'monthly:2026-09@2026-10-02']],
  ])('the month of %s: %j', (date, expected) => {
    expect(summary(auditsOfMonth(date, BRANCH))).toEqual(expected);
  });

  it('the audited periods are the whole quarter and month before', () => {
    const [quarterly, monthly] = auditsOfMonth('2026-04-01', BRANCH);
    expect(quarterly?.period).toEqual({
      kind: 'quarter',
      key: '2026-Q1',
      from: '2026-01-01',
      to: '2026-03-31',
    });
    expect(monthly?.period).toEqual({ kind: 'month', key: '2026-03', from: '2026-03-01', to: '2026-03-31' });
    expect(quarterly?.windowEnds).toBe('2026-04-07');
  });
});

describe('auditsDueOn', () => {
  it.each<[string, string, string[]]>([
    ['1 January 2026 is a holiday: nothing that day', '2026-01-01', []],
    [
      'the Q4-2025 and December audits are due 2 January',
      '2026-01-02',
      ['quarterly:2025-Q4@2026-01-02', 'monthly:2025-12@2026-01-02'],
    ],
    [
      'the March monthly and Q1 audits on 1 April',
      '2026-04-01',
      ['quarterly:2026-Q1@2026-04-01', 'monthly:2026-03@2026-04-01'],
    ],
    ['the middle of the audit week: nothing due that day', '2026-04-03', []],
    ['1 May 2026 (Hari Buruh): nothing', '2026-05-01', []],
    ['2 May 2026 (Saturday, a working day): the April audit', '2026-05-02', ['monthly:2026-04@2026-05-02']],
    ['a Sunday 1st (November 2026): nothing', '2026-11-01', []],
    ['the Monday after: the October audit', '2026-11-02', ['monthly:2026-10@2026-11-02']],
    ['the middle of a month: nothing', '2026-03-16', []],
    [
      'a closed audit week: due on the first working day after it, 10 July 2027',
      '2027-07-10',
      ['quarterly:2027-Q2@2027-07-10', 'monthly:2027-06@2027-07-10'],
    ],
  ])('%s', (_, date, expected) => {
    expect(summary(auditsDueOn(date, BRANCH))).toEqual(expected);
  });
});

describe('auditsDueBy: a daemon that was down on the due day still finds the audit', () => {
  it.each<[string, string, string[]]>([
    ['before the due day (1 January holiday)', '2026-01-01', []],
    ['on the due day', '2026-01-02', ['quarterly:2025-Q4@2026-01-02', 'monthly:2025-12@2026-01-02']],
    ['later in the week', '2026-01-05', ['quarterly:2025-Q4@2026-01-02', 'monthly:2025-12@2026-01-02']],
    [
      'on the 7th, the last day of the week',
      '2026-04-07',
      ['quarterly:2026-Q1@2026-04-01', 'monthly:2026-03@2026-04-01'],
    ],
    ['the 8th: the week is over', '2026-04-08', []],
    ['the middle of the month', '2026-02-16', []],
    [
      'a Sunday in the week counts too (the job may run any day)',
      '2026-04-05',
      ['quarterly:2026-Q1@2026-04-01', 'monthly:2026-03@2026-04-01'],
    ],
    ['a closed week: not before the due day', '2027-07-08', []],
    [
      'a closed week: on the due day past the 7th',
      '2027-07-10',
      ['quarterly:2027-Q2@2027-07-10', 'monthly:2027-06@2027-07-10'],
    ],
    ['a closed week: the day after the late due day is past the window', '2027-07-12', []],
  ])('%s (%s)', (_, date, expected) => {
    expect(summary(auditsDueBy(date, BRANCH))).toEqual(expected);
  });

  it('over a whole year each audit is due by exactly one run of days, the first of which is its due day', () => {
    const found = new Map<string, string[]>();
    for (
      let day = Date.parse('2026-01-01T00:00:00Z');
      day < Date.parse('2027-01-01T00:00:00Z');
      day += 86_400_000
    ) {
      const date = new Date(day).toISOString().slice(0, 10);
      for (const audit of auditsDueBy(date, BRANCH))
        found.set(audit.key, [...(found.get(audit.key) ?? []), date]);
    }
    expect([...found.keys()].filter((key) => key.startsWith('quarterly:'))).toEqual([
      'quarterly:2025-Q4',
      'quarterly:2026-Q1',
      'quarterly:2026-Q2',
      'quarterly:2026-Q3',
    ]);
    expect([...found.keys()].filter((key) => key.startsWith('monthly:'))).toHaveLength(12);
    for (const [key, dates] of found) {
      const due = auditsDueOn(dates[0] ?? '', BRANCH).map((audit) => audit.key);
      expect(due, key).toContain(key);
      expect(
        dates.every((date) => date.slice(0, 7) === dates[0]?.slice(0, 7) && date.slice(8) <= '07'),
        key,
      ).toBe(true);
    }
  });
});

describe('assessmentOf', () => {
  const calendar = workCalendar({ holidays: ['2027-01-01'] });
  it.each([
    { period: quarterOf('2026-08-01'), days: 30, dueOn: '2026-10-01', windowEnds: '2026-10-07' },
    { period: quarterOf('2026-11-01'), days: 30, dueOn: '2027-01-02', windowEnds: '2027-01-07' },
    // August's last follow-up window closes 1 October, after its audit (1 September).
    { period: monthOf('2026-08-01'), days: 30, dueOn: '2026-10-01', windowEnds: '2026-10-07' },
    { period: monthOf('2026-09-01'), days: 30, dueOn: '2026-10-31', windowEnds: '2026-11-06' },
    // A window of a day closes before the audit: the audit's own week.
    { period: monthOf('2026-09-01'), days: 0, dueOn: '2026-10-01', windowEnds: '2026-10-07' },
  ])('$period.key with a $days-day window: $dueOn to $windowEnds', ({ period, days, dueOn, windowEnds }) => {
    expect(assessmentOf(period, calendar, days)).toMatchObject({ dueOn, windowEnds });
  });
});
