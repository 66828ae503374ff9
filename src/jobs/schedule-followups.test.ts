import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type MemoryFollowUp, MemoryFollowUpStore } from '../../test/support/memory-followup-store.js';
import { holidayDataDir } from '../connectors/data/holiday-file.js';
import type { UnitForFollowUp } from '../connectors/odoo/followup-store.js';
import { createLogger, silentLogger } from '../logging/logger.js';
import { holidayLeaves, parseHolidayYear } from '../rules/holidays.js';
import { isDefaultBranchError } from './default-branch.js';
import { checkSetup } from './doctor-setup.js';
import { type ScheduleRequest, scheduleWith } from './schedule-followups.js';

// A Monday. A unit bought on 2026-01-31 has its KPB 1 FU1 due today (+30 days).
const TODAY = '2026-03-02';
const DUE_TODAY = '2026-01-31';
const NOT_DUE_YET = '2026-02-20';
const BRIDGE = 2;

const request = (date = TODAY, extra: Partial<ScheduleRequest> = {}): ScheduleRequest => ({
  date,
  dryRun: false,
  timeZone: 'Asia/Jakarta',
  ...extra,
});

function unit(
  unitId: number,
  branchId: number | null,
  dealerCode: string | null,
  purchaseDate = DUE_TODAY,
  kpbDone: UnitForFollowUp['kpbDone'] = {},
): UnitForFollowUp {
  return {
    unitId,
    engineNumber: `JM31E00${unitId}`,
    modelName: 'BeAT',
    purchaseDate,
    branchId,
    dealerCode,
    partnerId: null,
    kpbDone,
  };
}

/** An open FU1 of KPB 1 made as a run before this fix made them: maybe without branch or admin. */
function followUp(
  store: MemoryFollowUpStore,
  unitId: number,
  branchId: number | null,
  adminId: number | null,
): MemoryFollowUp {
  return store.seedFollowUp({
    unitId,
    partnerId: null,
    branchId,
    kpb: 1,
    stage: 'fu1',
    channel: 'wa_blast',
    dueDate: TODAY,
    state: 'todo',
    result: null,
    adminId,
  });
}

function activity(store: MemoryFollowUpStore, followUpId: number, userId: number) {
  return store.seedActivity({
    followUpId,
    stage: 'fu1',
    userId,
    dueDate: TODAY,
    summary: 'KPB 1 FU1',
    active: true,
  });
}

function withBranches(store: MemoryFollowUpStore): MemoryFollowUpStore {
  store.branchRows.push(
    { id: 1, name: 'Cabang Pusat', dealerCode: 'AHS01', crmAdminIds: [11, 12], calendarId: null },
    { id: 2, name: 'Cabang Timur', dealerCode: 'AHS02', crmAdminIds: [], calendarId: null },
  );
  return store;
}

/** What scheduling leaves in the store, without ids. */
function snapshot(store: MemoryFollowUpStore) {
  const followUp = (id: number) => store.followUps.get(id);
  return {
    units: [...store.unitRows.values()].map((row) => `unit ${row.unitId} branch ${row.branchId}`),
    followUps: [...store.followUps.values()]
      .map(
        (row) =>
          `unit ${row.unitId} KPB${row.kpb} ${row.stage} ${row.state} branch ${row.branchId} admin ${row.adminId} due ${row.dueDate}${row.doneDate ? ` done ${row.doneDate}` : ''}`,
      )
      .sort(),
    activities: [...store.activities.values()]
      .map(
        (row) =>
          `unit ${followUp(row.followUpId)?.unitId} ${row.stage} user ${row.userId} ${row.active ? 'open' : `done: ${row.feedback}`}`,
      )
      .sort(),
  };
}

describe('no follow-up without a branch and a CRM admin (issue 19)', () => {
  /** Units as a first import before the branches were set up leaves them, and one branch without admins. */
  function firstImport(): MemoryFollowUpStore {
    const store = withBranches(new MemoryFollowUpStore());
    for (const row of [
      unit(1, null, 'AHS09'),
      unit(2, null, null),
      unit(3, 2, 'AHS02'),
      unit(4, null, 'AHS01'),
      unit(5, 1, 'AHS01'),
      unit(6, null, 'AHS09', NOT_DUE_YET),
    ])
      store.unitRows.set(row.unitId, row);
    return store;
  }

  it('holds units without a branch or whose branch has no CRM admin: counted, named and warned, none made', async () => {
    const store = firstImport();
    const lines: string[] = [];
    const logger = createLogger({
      level: 'warn',
      destination: { write: (line: string) => lines.push(line) },
    });
    const report = await scheduleWith(store, logger, request());
    expect(report.held).toEqual({
      units: 4,
      followUps: 3,
      noBranch: [
        { dealerCode: 'AHS09', units: 2, followUps: 1 },
        { dealerCode: null, units: 1, followUps: 1 },
      ],
      noAdmin: [{ branchId: 2, branch: 'Cabang Timur', units: 1, followUps: 1 }],
    });
    // Unit 4's dealer code is a branch's: linked, then scheduled like unit 5.
    expect(report.unitsLinked).toBe(1);
    expect(snapshot(store).followUps).toEqual([
      'unit 4 KPB1 fu1 todo branch 1 admin 11 due 2026-03-02',
      'unit 5 KPB1 fu1 todo branch 1 admin 12 due 2026-03-02',
    ]);
    expect(snapshot(store).activities).toEqual(['unit 4 fu1 user 11 open', 'unit 5 fu1 user 12 open']);
    const warning = JSON.parse(lines.find((line) => line.includes('held')) ?? '{}');
    expect(warning).toMatchObject({
      level: 'warn',
      heldUnits: 4,
      heldFollowUps: 3,
      noBranch: [
        { dealerCode: 'AHS09', units: 2 },
        { dealerCode: null, units: 1 },
      ],
      noAdmin: [{ branch: 'Cabang Timur', units: 1 }],
      msg: 'units held from KPB follow-ups: 4 unit(s), 3 follow-up(s) due now: no branch for dealer code AHS09 (2), no dealer code (1); branch "Cabang Timur" has no CRM admin (1)',
    });
  });

  it('a dry run holds the same units and writes nothing', async () => {
    const store = firstImport();
    const report = await scheduleWith(store, silentLogger(), request(TODAY, { dryRun: true }));
    expect([report.held.units, report.held.followUps, report.unitsLinked, report.followUpsCreated]).toEqual([
      4, 3, 1, 2,
    ]);
    expect(store.writeCalls).toBe(0);
  });

  it('schedules them on the first run after their branch exists, their due dates already past', async () => {
    const store = firstImport();
    await scheduleWith(store, silentLogger(), request());
    store.branchRows.push({
      id: 3,
      name: 'Cabang Barat',
      dealerCode: 'AHS09',
      crmAdminIds: [31],
      calendarId: null,
    });
    (store.branchRows[1] as { crmAdminIds: number[] }).crmAdminIds.push(21);
    const later = await scheduleWith(store, silentLogger(), request('2026-03-05'));
    expect(later.unitsLinked).toBe(2);
    expect(later.held).toEqual({
      units: 1,
      followUps: 1,
      noBranch: [{ dealerCode: null, units: 1, followUps: 1 }],
      noAdmin: [],
    });
    expect(snapshot(store).followUps).toEqual([
      'unit 1 KPB1 fu1 todo branch 3 admin 31 due 2026-03-05',
      'unit 3 KPB1 fu1 todo branch 2 admin 21 due 2026-03-05',
      'unit 4 KPB1 fu1 todo branch 1 admin 11 due 2026-03-02',
      'unit 5 KPB1 fu1 todo branch 1 admin 12 due 2026-03-02',
    ]);
    expect(store.unitRows.get(6)?.branchId).toBe(3);
  });

  it('a default branch takes the units whose dealer code no branch carries', async () => {
    const store = firstImport();
    const report = await scheduleWith(store, silentLogger(), request(TODAY, { defaultBranch: 'AHS01' }));
    expect(report.held.noBranch).toEqual([]);
    expect(report.unitsLinked).toBe(4);
    expect(store.unitRows.get(2)?.branchId).toBe(1);
  });

  it('a default branch no branch carries stops the run before any write', async () => {
    const store = firstImport();
    const error = await scheduleWith(store, silentLogger(), request(TODAY, { defaultBranch: 'AHS9' })).catch(
      (caught: unknown) => caught,
    );
    expect(isDefaultBranchError(error)).toBe(true);
    expect(store.writeCalls).toBe(0);
  });

  it('doctor names the held units and the open follow-ups without admin, with the fix', async () => {
    const store = firstImport();
    followUp(store, 3, 2, null);
    const check = await checkSetup(store, { today: TODAY });
    expect(check).toEqual({
      name: 'setup',
      status: 'warn',
      detail:
        '4 unit(s) held from KPB follow-ups: no branch for dealer code AHS09 (2), no dealer code (1); branch "Cabang Timur" has no CRM admin (1); open follow-ups 1 without a CRM admin; 1 unit(s) without a branch get theirs on the next schedule run',
      fix: 'Create a branch for each dealer code named, with that Kode Dealer and its CRM admins (CRM H23 → Konfigurasi → Cabang); set the branch of the units without a dealer code by hand, re-import the CDB, or, with a single branch, name it in import.defaultBranch; add the CRM admins (Admin CRM) of each branch named. The next schedule run schedules the held units and gives the open follow-ups their branch, admin and activity.',
    });
  });
});

describe('follow-ups made before their branch or admin existed are repaired', () => {
  function orphans() {
    const store = withBranches(new MemoryFollowUpStore());
    (store.branchRows[1] as { crmAdminIds: number[] }).crmAdminIds.push(21);
    for (const row of [unit(1, 1, 'AHS01'), unit(2, 1, 'AHS01'), unit(3, 2, 'AHS02'), unit(4, null, 'AHS07')])
      store.unitRows.set(row.unitId, row);
    // What an earlier run made: no branch, no admin, the activity with the bridge user (Odoo's default).
    const first = followUp(store, 1, null, null);
    activity(store, first.id, BRIDGE);
    // An admin of the branch took this one's activity by hand.
    const second = followUp(store, 2, 1, null);
    activity(store, second.id, 11);
    // Killed before its activity was made.
    followUp(store, 3, null, null);
    // Its unit still has no branch: nothing to repair with yet.
    const fourth = followUp(store, 4, null, null);
    activity(store, fourth.id, BRIDGE);
    return store;
  }

  it('gives an open follow-up its unit’s branch and an admin by open load, and the activity to that admin', async () => {
    const store = orphans();
    const report = await scheduleWith(store, silentLogger(), request());
    expect([report.followUpsRepaired, report.activitiesReassigned, report.activitiesCreated]).toEqual([
      3, 1, 1,
    ]);
    expect(snapshot(store)).toEqual({
      units: ['unit 1 branch 1', 'unit 2 branch 1', 'unit 3 branch 2', 'unit 4 branch null'],
      followUps: [
        'unit 1 KPB1 fu1 todo branch 1 admin 11 due 2026-03-02',
        'unit 2 KPB1 fu1 todo branch 1 admin 11 due 2026-03-02',
        'unit 3 KPB1 fu1 todo branch 2 admin 21 due 2026-03-02',
        'unit 4 KPB1 fu1 todo branch null admin null due 2026-03-02',
      ],
      activities: [
        'unit 1 fu1 user 11 open',
        'unit 2 fu1 user 11 open',
        'unit 3 fu1 user 21 open',
        'unit 4 fu1 user 2 open',
      ],
    });
    expect(report.held.noBranch).toEqual([{ dealerCode: 'AHS07', units: 1, followUps: 0 }]);
  });

  it('a re-run changes nothing', async () => {
    const store = orphans();
    await scheduleWith(store, silentLogger(), request());
    const after = snapshot(store);
    const writes = store.writeCalls;
    const again = await scheduleWith(store, silentLogger(), request());
    expect(store.writeCalls).toBe(writes);
    expect(snapshot(store)).toEqual(after);
    expect([
      again.followUpsCreated,
      again.activitiesCreated,
      again.followUpsClosed,
      again.unitsLinked,
      again.followUpsRepaired,
      again.activitiesReassigned,
    ]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('killed at any write, a re-run ends where an uninterrupted run does', () => {
  /** Every kind of write over several pages: links, repairs with handovers, creates, activities, closes. */
  function scenario(killSwitch?: { writesLeft: number }): MemoryFollowUpStore {
    const store = withBranches(new MemoryFollowUpStore(killSwitch));
    (store.branchRows[1] as { crmAdminIds: number[] }).crmAdminIds.push(21);
    store.pageSize = 2;
    for (const row of [
      unit(1, null, 'AHS01'),
      unit(2, 1, 'AHS01'),
      unit(3, null, 'AHS09'),
      unit(4, 2, 'AHS02'),
      unit(5, 1, 'AHS01', DUE_TODAY, { 1: '2026-02-28' }),
      unit(6, 1, 'AHS01'),
      unit(7, null, 'AHS02'),
      unit(8, 1, 'AHS01', '2026-01-16'),
      unit(9, 1, 'AHS01'),
    ])
      store.unitRows.set(row.unitId, row);
    activity(store, followUp(store, 4, null, null).id, BRIDGE);
    activity(store, followUp(store, 5, 1, 11).id, 11);
    followUp(store, 6, null, null);
    return store;
  }

  it('whichever write call the kill hit', async () => {
    const whole = scenario();
    await scheduleWith(whole, silentLogger(), request());
    const expected = snapshot(whole);
    expect(expected.followUps).toContain(
      'unit 5 KPB1 fu1 closed branch 1 admin 11 due 2026-03-02 done 2026-02-28',
    );
    expect(expected.followUps).toContain('unit 4 KPB1 fu1 todo branch 2 admin 21 due 2026-03-02');
    expect(whole.writeCalls).toBeGreaterThan(10);
    for (let killAt = 0; killAt < whole.writeCalls; killAt += 1) {
      const killSwitch = { writesLeft: killAt };
      const store = scenario(killSwitch);
      await expect(scheduleWith(store, silentLogger(), request()), `kill at ${killAt}`).rejects.toThrow(
        /simulated kill/,
      );
      killSwitch.writesLeft = Number.POSITIVE_INFINITY;
      await scheduleWith(store, silentLogger(), request());
      expect(snapshot(store), `killed at write ${killAt}`).toEqual(expected);
    }
  });
});

describe('FU1 by WhatsApp and consent', () => {
  function dealer(): MemoryFollowUpStore {
    const store = withBranches(new MemoryFollowUpStore());
    store.branchRows[0] = {
      ...(store.branchRows[0] as (typeof store.branchRows)[number]),
      phone: '021-5550123',
    };
    store.unitRows.set(1, { ...unit(1, 1, 'AHS01'), partnerId: 501 });
    store.unitRows.set(2, { ...unit(2, 1, 'AHS01'), partnerId: 502 });
    store.partnerRows.set(501, { name: 'Budi Santoso', phone: '0812-3456-7890' });
    store.partnerRows.set(502, { name: 'Ani Lestari', phone: '+62 813 1111 2222', optedOut: true });
    return store;
  }
  const notes = (store: MemoryFollowUpStore) =>
    [...store.activities.values()].map((activity) => activity.note ?? '');

  it('a customer who asked not to be contacted gets no follow-up', async () => {
    const store = dealer();
    const report = await scheduleWith(store, silentLogger(), request());
    expect(report.optedOut).toBe(1);
    expect([...store.followUps.values()].map((followUp) => followUp.unitId)).toEqual([1]);
  });

  it('manual mode: FU1’s activity opens WhatsApp on the customer’s number with the text typed in', async () => {
    const store = dealer();
    await scheduleWith(store, silentLogger(), request(TODAY, { whatsApp: 'manual' }));
    const [note] = notes(store);
    expect(note).toContain('https://wa.me/6281234567890?text=Halo%20Budi%20Santoso%2C');
    expect(decodeURIComponent(note?.match(/text=([^"]+)/)?.[1] ?? '')).toContain(
      'kepada Cabang Pusat. Sudah waktunya servis KPB 1',
    );
    expect(note).toContain('Kirim pesan WhatsApp FU1 lewat tautan di bawah');
  });

  it('the dealer’s approved template gives the text', async () => {
    const store = dealer();
    store.firstContact = {
      body: 'Yth. {{1}}, KPB {{2}} di {{3}} ({{4}}).',
      sources: ['customer_name', 'kpb', 'branch_name', 'branch_phone'],
    };
    await scheduleWith(store, silentLogger(), request(TODAY, { whatsApp: 'api' }));
    const [note] = notes(store);
    expect(decodeURIComponent(note?.match(/text=([^"]+)/)?.[1] ?? '')).toBe(
      'Yth. Budi Santoso, KPB 1 di Cabang Pusat (021-5550123).',
    );
    expect(note).toContain('dikirim otomatis oleh h23-bridge');
  });

  it('without WhatsApp configured, FU1’s activity is as before, with no link', async () => {
    const store = dealer();
    await scheduleWith(store, silentLogger(), request());
    expect(notes(store)[0]).not.toContain('wa.me');
  });
});

describe('holidays and cuti bersama (issue 14)', () => {
  // The shipped 2026 file, as `holidays load` writes it: 2026-03-20 is cuti bersama (Idul Fitri),
  // then 03-21 and 03-22 holidays, 03-23 and 03-24 cuti bersama.
  const file = JSON.parse(readFileSync(join(holidayDataDir(), 'id-2026.json'), 'utf8'));
  const parsed = parseHolidayYear(file, 2026);
  if (!parsed.ok) throw new Error('the shipped 2026 holiday file is refused');
  const closed = holidayLeaves(parsed.value.holidays, 'Asia/Jakarta').map((leave) => ({
    from: Date.parse(`${leave.dateFrom.replace(' ', 'T')}Z`),
    to: Date.parse(`${leave.dateTo.replace(' ', 'T')}Z`) + 1000,
    cutiBersama: leave.cutiBersama,
  }));

  // Bought 2026-02-18: KPB 1 FU1 falls on 2026-03-20 (+30 days).
  async function fu1DueWhen(worksCutiBersama: boolean): Promise<Array<string | undefined>> {
    const store = new MemoryFollowUpStore();
    store.branchRows.push({
      id: 1,
      name: 'Cabang Pusat',
      dealerCode: 'AHS01',
      crmAdminIds: [11],
      calendarId: null,
      worksCutiBersama,
    });
    store.closed.push(...closed);
    store.unitRows.set(1, unit(1, 1, 'AHS01', '2026-02-18'));
    const dueAfter: Array<string | undefined> = [];
    for (const day of ['2026-03-20', '2026-03-25']) {
      await scheduleWith(store, silentLogger(), request(day));
      dueAfter.push([...store.followUps.values()].find((row) => row.stage === 'fu1')?.dueDate);
    }
    return dueAfter;
  }

  it.each([
    [false, [undefined, '2026-03-25'], 'moves past the Idul Fitri closure to the next working day'],
    [true, ['2026-03-20', '2026-03-20'], 'stays on the cuti bersama day the branch works'],
  ])('works cuti bersama %s: FU1 due after the runs of 03-20 and 03-25: %j (%s)', async (worksCutiBersama, due) => {
    expect(await fu1DueWhen(worksCutiBersama)).toEqual(due);
  });
});
