import { describe, expect, it } from 'vitest';
import { addDays, isWorkingDay, nextWorkingDay, workCalendar } from './calendar.js';
import {
  type ExistingFollowUp,
  type FollowUpResult,
  type Kpb,
  planSchedule,
  type ScheduledUnit,
  SOP_POLICY,
  type Stage,
} from './schedule.js';

// 2025-01-06 is a Monday. No calendar closures unless a test adds them.
const PURCHASE = '2025-01-06';
const EVERY_DAY = workCalendar({ workingWeekdays: [0, 1, 2, 3, 4, 5, 6] });
const NO_MOVE = { ...SOP_POLICY, moveToWorkingDay: false };
const unit = (kpbDone: ScheduledUnit['kpbDone'] = {}): ScheduledUnit => ({
  unitId: 7,
  purchaseDate: PURCHASE,
  kpbDone,
});

function followUp(
  kpb: Kpb,
  stage: Stage,
  result: FollowUpResult | null,
  extra: Partial<ExistingFollowUp> = {},
): ExistingFollowUp {
  return {
    id: 100 + kpb * 10 + ['fu1', 'fu2', 'fu3'].indexOf(stage),
    unitId: 7,
    kpb,
    stage,
    state: result ? 'contacted' : 'todo',
    result,
    dueDate: PURCHASE,
    ...extra,
  };
}

describe('the SOP table: each stage is due on its day after purchase', () => {
  const rows: Array<[Kpb, Stage, number]> = [
    [1, 'fu1', 30],
    [1, 'fu2', 45],
    [1, 'fu3', 53],
    [2, 'fu1', 90],
    [2, 'fu2', 105],
    [2, 'fu3', 113],
    [3, 'fu1', 210],
    [3, 'fu2', 225],
    [3, 'fu3', 233],
    [4, 'fu1', 330],
    [4, 'fu2', 345],
    [4, 'fu3', 353],
  ];

  it.each(rows)('KPB %i %s on day +%i, not the day before', (kpb, stage, days) => {
    const due = addDays(PURCHASE, days);
    // Earlier stages of this KPB answered "no response", so this stage is the next one.
    const before = (['fu1', 'fu2', 'fu3'] as const)
      .slice(0, ['fu1', 'fu2', 'fu3'].indexOf(stage))
      .map((earlier) => followUp(kpb, earlier, 'no_response'));
    const onDay = planSchedule([unit()], before, due, NO_MOVE, EVERY_DAY).filter(
      (a) => a.action === 'create' && a.kpb === kpb,
    );
    const dayBefore = planSchedule([unit()], before, addDays(due, -1), NO_MOVE, EVERY_DAY).filter(
      (a) => a.action === 'create' && a.kpb === kpb,
    );
    expect(onDay).toEqual([
      {
        action: 'create',
        unitId: 7,
        kpb,
        stage,
        channel: stage === 'fu1' ? 'wa_blast' : 'wa_call',
        dueDate: due,
        key: `unit7_kpb${kpb}_${stage}`,
      },
    ]);
    // On the day before, only an earlier stage may be due (when nothing exists yet): never this one.
    expect(dayBefore.filter((a) => a.action === 'create' && a.stage === stage)).toEqual([]);
  });
});

describe('stage progression', () => {
  const day = (days: number) => addDays(PURCHASE, days);
  const creates = (existing: ExistingFollowUp[], today: string) =>
    planSchedule([unit()], existing, today, NO_MOVE, EVERY_DAY).map((a) =>
      a.action === 'create'
        ? `${a.kpb}:${a.stage}`
        : a.action === 'no_answer'
          ? `no answer ${a.followUpId}`
          : `close ${a.followUpId} ${a.reason}`,
    );

  it.each<[string, ExistingFollowUp[], number, string[]]>([
    ['FU2 after FU1 brought no response', [followUp(1, 'fu1', 'no_response')], 45, ['1:fu2']],
    ['FU2 after FU1’s WhatsApp failed', [followUp(1, 'fu1', 'unreachable')], 45, ['1:fu2']],
    [
      'FU2 at once when the WhatsApp blast failed, before FU2’s own date',
      [followUp(1, 'fu1', 'wa_failed')],
      31,
      ['1:fu2'],
    ],
    [
      'no early FU2 when the admin recorded the customer unreachable',
      [followUp(1, 'fu1', 'unreachable')],
      31,
      [],
    ],
    ['no FU2 while FU1 is unanswered (its activity is overdue)', [followUp(1, 'fu1', null)], 45, []],
    ['no FU2 after FU1 booked', [followUp(1, 'fu1', 'booked', { state: 'booked' })], 45, []],
    ['no FU2 after FU1 refused', [followUp(1, 'fu1', 'refused_time')], 45, []],
    [
      'FU3 after FU2 brought none',
      [followUp(1, 'fu1', 'no_response'), followUp(1, 'fu2', 'no_response')],
      53,
      ['1:fu3'],
    ],
    ['FU2 recorded late is due at once', [followUp(1, 'fu1', 'no_response')], 50, ['1:fu2']],
    [
      'after FU3 with no response, the KPB closes once the grace has passed',
      [followUp(1, 'fu3', 'no_response')],
      60,
      ['close 112 no_response'],
    ],
    ['…and not before', [followUp(1, 'fu3', 'no_response')], 59, []],
    ['…and only once', [followUp(1, 'fu3', 'no_response', { state: 'closed' })], 61, []],
    ['nothing is created twice', [followUp(1, 'fu1', null)], 31, []],
  ])('%s', (_, existing, today, expected) => {
    expect(creates(existing, day(today))).toEqual(expected);
  });
});

describe('units first seen late start at the stage due now', () => {
  const day = (days: number) => addDays(PURCHASE, days);
  const plan = (today: number) =>
    planSchedule([unit()], [], day(today), NO_MOVE, EVERY_DAY).flatMap((a) =>
      a.action === 'create' ? [`${a.kpb}:${a.stage} due ${a.dueDate}`] : [],
    );

  it.each<[number, string[]]>([
    [29, []],
    [30, [`1:fu1 due ${addDays(PURCHASE, 30)}`]],
    [47, [`1:fu2 due ${addDays(PURCHASE, 47)}`]],
    [55, [`1:fu3 due ${addDays(PURCHASE, 55)}`]],
    [61, []],
    [95, [`2:fu1 due ${addDays(PURCHASE, 95)}`]],
    [400, []],
  ])('seen on day +%i', (today, expected) => {
    expect(plan(today)).toEqual(expected);
  });
});

describe('KPBs already done', () => {
  it('need no follow-up', () => {
    expect(planSchedule([unit({ 1: '2025-02-01' })], [], addDays(PURCHASE, 30), NO_MOVE, EVERY_DAY)).toEqual(
      [],
    );
  });

  it('close what is open for them: a booking as done, the rest as closed', () => {
    const existing = [
      followUp(1, 'fu1', 'booked', { state: 'booked' }),
      followUp(2, 'fu1', null),
      followUp(2, 'fu2', 'no_response', { state: 'closed' }),
    ];
    const actions = planSchedule(
      [unit({ 1: '2025-02-10', 2: '2025-04-10' })],
      existing,
      '2025-04-11',
      NO_MOVE,
      EVERY_DAY,
    );
    expect(actions).toEqual([
      { action: 'close', followUpId: 110, state: 'done', reason: 'kpb_done', doneDate: '2025-02-10' },
      { action: 'close', followUpId: 120, state: 'closed', reason: 'kpb_done', doneDate: '2025-04-10' },
    ]);
  });
});

describe('closed days move the due date to the next working day', () => {
  // KPB 1 FU1 of a purchase on 2025-01-06 falls on 2025-02-05 (a Wednesday).
  const fu1 = addDays(PURCHASE, 30);

  it.each<[string, ReturnType<typeof workCalendar>, string]>([
    ['a working Wednesday stays', workCalendar(), fu1],
    ['a public holiday moves to the next day', workCalendar({ holidays: [fu1] }), '2025-02-06'],
    [
      'holiday and cuti bersama in a row move past both',
      workCalendar({ holidays: [fu1, '2025-02-06'] }),
      '2025-02-07',
    ],
    [
      'a closed Sunday moves to Monday',
      workCalendar({ holidays: [fu1, '2025-02-06', '2025-02-07', '2025-02-08'] }),
      '2025-02-10',
    ],
  ])('%s', (_, calendar, expected) => {
    const [action] = planSchedule([unit()], [], expected, SOP_POLICY, calendar);
    expect(action).toMatchObject({ action: 'create', stage: 'fu1', dueDate: expected });
    if (expected !== fu1) expect(planSchedule([unit()], [], fu1, SOP_POLICY, calendar)).toEqual([]);
  });

  it('an FU2 due at once after a failed WhatsApp on a Sunday is due on Monday', () => {
    const sunday = '2025-02-09';
    const failed = followUp(1, 'fu1', 'wa_failed');
    const [action] = planSchedule([unit()], [failed], sunday, SOP_POLICY, workCalendar());
    expect(action).toMatchObject({ action: 'create', stage: 'fu2', dueDate: '2025-02-10' });
  });

  it('unless configured otherwise', () => {
    const [action] = planSchedule([unit()], [], fu1, NO_MOVE, workCalendar({ holidays: [fu1] }));
    expect(action).toMatchObject({ dueDate: fu1 });
  });

  it('the calendar helpers agree: Sunday is closed by default, Saturday open', () => {
    expect(isWorkingDay('2025-02-09', workCalendar())).toBe(false);
    expect(isWorkingDay('2025-02-08', workCalendar())).toBe(true);
    expect(nextWorkingDay('2025-02-09', workCalendar())).toBe('2025-02-10');
  });
});

describe('scale', () => {
  it('plans 100,000 units for one date', () => {
    const units = Array.from({ length: 100_000 }, (_, index) => ({
      unitId: index + 1,
      purchaseDate: addDays('2022-11-23', index % 1460),
      kpbDone: {},
    }));
    const actions = planSchedule(units, [], '2026-11-23', NO_MOVE, EVERY_DAY);
    // A unit has one stage due when its age lies in a KPB's window: from FU1's day to FU3's plus the grace.
    const inWindow = units.filter((item) => {
      const age = (Date.parse('2026-11-23') - Date.parse(item.purchaseDate)) / 86_400_000;
      return Object.values(SOP_POLICY.offsets).some(
        (o) => age >= o.fu1 && age <= o.fu3 + SOP_POLICY.noResponseGraceDays,
      );
    });
    expect(actions.length).toBe(inWindow.length);
    expect(new Set(actions.map((a) => (a.action === 'create' ? a.key : ''))).size).toBe(actions.length);
  });
});
