import { describe, expect, it } from 'vitest';
import { MemoryComplaintStore } from '../../test/support/memory-complaint-store.js';
import { silentLogger } from '../logging/logger.js';
import { DEFAULT_SERVICE_LEVELS } from '../rules/complaints/service-level.js';
import { type ComplaintsRequest, runComplaints } from './complaints.js';

const wib = (local: string) => Date.parse(`${local}+07:00`);
const request = (now: string): ComplaintsRequest => ({
  now: wib(now),
  timeZone: 'Asia/Jakarta',
  levels: DEFAULT_SERVICE_LEVELS,
});

const HEAD = 21;
const MANAGER = 31;
const OFFICERS = [41, 42];

function store(killSwitch?: { writesLeft: number }): MemoryComplaintStore {
  const memory = new MemoryComplaintStore(killSwitch);
  memory.branchRows.push({
    id: 1,
    name: 'Cabang Pusat',
    calendarId: null,
    worksCutiBersama: false,
    headId: HEAD,
    customerServiceIds: OFFICERS,
    crmAdminIds: [51],
  });
  memory.managerIds = [MANAGER];
  memory.followUps.push({
    id: 7,
    partnerId: 501,
    unitId: 3,
    branchId: 1,
    kpb: '2',
    result: 'refused_disappointed',
    resultLabel: 'Menolak: kecewa dengan dealer',
    feedback: 'Servis kemarin lama sekali',
    at: wib('2026-03-02T08:30:00'),
  });
  // Recorded a year ago: not turned into a complaint received today.
  memory.followUps.push({
    id: 8,
    partnerId: 502,
    unitId: 4,
    branchId: 1,
    kpb: '1',
    result: 'refused_other_dealer',
    resultLabel: 'Menolak: memilih dealer lain',
    feedback: null,
    at: wib('2025-03-02T08:30:00'),
  });
  // Monday 08:00, medium: acknowledge by 12:00.
  memory.seed({ receivedAt: wib('2026-03-02T08:00:00'), userId: 42 });
  return memory;
}

function snapshot(memory: MemoryComplaintStore) {
  return {
    complaints: [...memory.rows.values()].map((row) => ({ ...row })),
    activities: memory.activityRows
      .map((row) => `${row.resId} ${row.kind} user ${row.userId}: ${row.summary}`)
      .sort(),
    notes: [...memory.notes.keys()].sort(),
    months: [...memory.months.values()],
  };
}

describe('runComplaints', () => {
  it('opens one complaint from a disappointed follow-up, for the officer with fewer open complaints', async () => {
    const memory = store();
    const report = await runComplaints(memory, silentLogger(), request('2026-03-02T09:00:00'));
    expect(report.opened).toBe(1);
    const opened = [...memory.rows.values()].find((row) => row.followUpId === 7);
    expect(opened).toMatchObject({
      subject: 'Kecewa dengan dealer (follow up KPB 2)',
      description:
        'Hasil follow up: Menolak: kecewa dengan dealer. Tanggapan pelanggan: Servis kemarin lama sekali',
      userId: 41,
      stage: 'received',
      receivedAt: wib('2026-03-02T08:30:00'),
    });
    expect(
      memory.activityRows
        .filter((row) => row.kind === 'handle')
        .map((row) => row.userId)
        .sort(),
    ).toEqual([41, 42]);
    const again = await runComplaints(memory, silentLogger(), request('2026-03-02T09:05:00'));
    expect(again).toMatchObject({ opened: 0, activities: 0, notes: 0, updated: 0 });
  });

  it('a complaint left in Diterima past its service level is escalated exactly once, with its activities and note', async () => {
    const memory = store();
    await runComplaints(memory, silentLogger(), request('2026-03-02T09:00:00'));
    const late = await runComplaints(memory, silentLogger(), request('2026-03-02T12:01:00'));
    // The one opened from the follow-up at 09:00 is due at 13:00: not late yet.
    expect(late.escalated).toHaveLength(1);
    const complaint = [...memory.rows.values()][0];
    expect(complaint).toMatchObject({ stage: 'escalated', escalatedAcknowledge: true, overdue: true });
    const escalations = memory.activityRows.filter(
      (row) => row.kind === 'escalation' && row.resId === complaint?.id,
    );
    expect(escalations.map((row) => row.userId).sort()).toEqual([HEAD, MANAGER]);
    expect(escalations[0]?.summary).toBe(`Eskalasi ${complaint?.reference}: batas tanggapan terlewati`);
    expect(memory.notes.get(`h23-complaint-${complaint?.id}-late-acknowledge`)?.body).toContain(
      'batas tanggapan keluhan',
    );
    expect(memory.notes.get(`h23-complaint-${complaint?.id}-escalated-0:partner`)?.body).toContain(
      'Eskalasi',
    );
    const later = await runComplaints(memory, silentLogger(), request('2026-03-02T12:30:00'));
    expect(later).toMatchObject({ escalated: [], activities: 0, notes: 0, updated: 0, monthLines: 0 });
    expect(memory.months.get('1:2026-03')).toMatchObject({ received: 2, escalated: 1, solved: 0, open: 2 });
    // A complaint moved to another branch leaves its old line zeroed, not stale.
    for (const row of memory.rows.values()) memory.rows.set(row.id, { ...row, branchId: 2 });
    await runComplaints(memory, silentLogger(), request('2026-03-02T12:40:00'));
    expect(memory.months.get('1:2026-03')).toMatchObject({ received: 0, open: 0 });
    expect(memory.months.get('2:2026-03')).toMatchObject({ received: 2 });
  });

  it('killed at any write, a re-run ends where an uninterrupted run does', async () => {
    const reference = store();
    await runComplaints(reference, silentLogger(), request('2026-03-02T12:01:00'));
    const expected = snapshot(reference);
    for (let budget = 0; budget < 12; budget += 1) {
      const killSwitch = { writesLeft: budget };
      const memory = store(killSwitch);
      await runComplaints(memory, silentLogger(), request('2026-03-02T12:01:00')).catch(() => undefined);
      killSwitch.writesLeft = Number.POSITIVE_INFINITY;
      await runComplaints(memory, silentLogger(), request('2026-03-02T12:01:00'));
      expect(snapshot(memory), `killed after ${budget} write(s)`).toEqual(expected);
    }
  });

  it('closed after the bridge saw it at Konfirmasi: its closing is noted, its activities end, then it is left alone', async () => {
    const memory = store();
    const [seeded] = [...memory.rows.values()];
    if (!seeded) throw new Error('no complaint');
    memory.rows.set(seeded.id, {
      ...seeded,
      stage: 'confirmation',
      acknowledgedAt: wib('2026-03-02T09:00:00'),
      solvedAt: wib('2026-03-02T10:00:00'),
    });
    await runComplaints(memory, silentLogger(), request('2026-03-02T10:30:00'));
    const seen = memory.rows.get(seeded.id);
    memory.rows.set(seeded.id, {
      ...(seen as NonNullable<typeof seen>),
      stage: 'done',
      confirmation: 'satisfied',
    });
    await runComplaints(memory, silentLogger(), request('2026-03-02T11:00:00'));
    expect(memory.notes.has(`h23-complaint-${seeded.id}-done-0:partner`)).toBe(true);
    expect(memory.rows.get(seeded.id)).toMatchObject({
      historyStage: 'done',
      closedAt: wib('2026-03-02T11:00:00'),
    });
    const handle = memory.activityRows.findIndex((row) => row.resId === seeded.id && row.kind === 'handle');
    expect(memory.closedActivities).toContain(handle);
    expect((await memory.complaints()).map((row) => row.id)).not.toContain(seeded.id);
  });

  it('an escalation planned on a stage the user has just moved is not written over it', async () => {
    const memory = store();
    await runComplaints(memory, silentLogger(), request('2026-03-02T09:00:00'));
    const [seeded] = [...memory.rows.values()];
    if (!seeded) throw new Error('no complaint');
    memory.movedBehind.set(seeded.id, 'analysis');
    const report = await runComplaints(memory, silentLogger(), request('2026-03-02T12:01:00'));
    expect(report.escalated.map((row) => row.id)).not.toContain(seeded.id);
    expect(memory.rows.get(seeded.id)?.stage).toBe('analysis');
  });
});
