import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.js';
import { readHolidayFile } from '../../src/connectors/data/holiday-file.js';
import { readBranchCalendar } from '../../src/connectors/odoo/calendar-store.js';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { OdooComplaintStore } from '../../src/connectors/odoo/complaint-store.js';
import { OdooContactHistoryStore } from '../../src/connectors/odoo/contact-history-store.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { OdooHolidayStore } from '../../src/connectors/odoo/holiday-store.js';
import { automationAddonState } from '../../src/connectors/odoo/webhook-rule-store.js';
import { type ComplaintsReport, runComplaints } from '../../src/jobs/complaints.js';
import type { ContactHistoryReport } from '../../src/jobs/contact-history.js';
import { writeContactHistory } from '../../src/jobs/contact-history.js';
import { daemonJobs } from '../../src/jobs/daemon.js';
import { dealerToday } from '../../src/jobs/dealer-today.js';
import { loadHolidays } from '../../src/jobs/load-holidays.js';
import { installModule } from '../../src/jobs/module-install.js';
import { silentLogger } from '../../src/logging/logger.js';
import { DEFAULT_SERVICE_LEVELS } from '../../src/rules/complaints/service-level.js';
import { nextWorkingDay, workCalendarOf } from '../../src/rules/followup/calendar.js';
import { createLiveUser, describeLive, removeUnits } from './live-env.js';

const logger = silentLogger();
const TZ = 'Asia/Jakarta';
const COMPLAINT = 'x_h23_complaint';

/**
 * Issue 14 in a real Odoo: holidays and cuti bersama loaded once; complaints of every channel
 * through every stage as customer service, with the stage rules refusing what the SOP forbids;
 * a disappointed follow-up opens one; a late one is escalated exactly once; the customer's
 * chatter shows the follow-ups, the booking, the done service and the complaint, in order.
 */
describeLive('customer care, in a real Odoo', (config) => {
  let admin: OdooClient;
  let bridge: OdooClient;
  let cs: OdooClient;
  let head: OdooClient;
  const tag = `${process.pid % 1000}${Date.now() % 100000}`;
  const userIds: number[] = [];
  const ids = { branch: 0, head: 0, manager: 0, cs: 0, partner: 0, unit: 0 };
  let automation = false;

  const complaint = async (id: number) =>
    (
      await admin.read(
        COMPLAINT,
        [id],
        [
          'x_name',
          'x_stage',
          'x_acknowledged_at',
          'x_solved_at',
          'x_closed_at',
          'x_reopen_count',
          'x_escalated_acknowledge',
          'x_deadline_at',
          'x_overdue',
        ],
      )
    )[0] as Record<string, unknown>;

  beforeAll(async () => {
    nock.enableNetConnect();
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    await installModule(admin, logger, { dryRun: false });
    automation = (await automationAddonState(admin)) === 'installed';
    const make = async (name: string, groups: string[]) => {
      const user = await createLiveUser(admin, config, `h23care${name}${tag}`, [
        'base.group_user',
        ...groups,
      ]);
      userIds.push(user.id);
      return user;
    };
    const bridgeUser = await make('bridge', ['h23_crm.group_bridge']);
    bridge = bridgeUser.client;
    const csUser = await make('cs', ['h23_crm.group_customer_service']);
    cs = csUser.client;
    ids.cs = csUser.id;
    const headUser = await make('head', ['h23_crm.group_branch_head']);
    head = headUser.client;
    ids.head = headUser.id;
    ids.manager = (await make('manager', ['h23_crm.group_customer_service_manager'])).id;
    const [branch] = await admin.create('x_h23_branch', [
      {
        x_name: `Cabang Keluhan ${tag}`,
        x_dealer_code: `K${tag}`.slice(0, 10),
        x_head_id: ids.head,
        x_customer_service_ids: [[6, 0, [ids.cs]]],
      },
    ]);
    ids.branch = branch?.id as number;
    const [partner] = await admin.create('res.partner', [
      { name: `Pelanggan Keluhan ${tag}`, phone: '081234500001' },
    ]);
    ids.partner = partner?.id as number;
    const [unit] = await admin.create('x_h23_unit', [
      {
        x_engine_number: `JMKL${tag}`,
        x_model_name: 'Vario 125',
        x_partner_id: ids.partner,
        x_branch_id: ids.branch,
        x_purchase_date: '2026-01-20',
      },
    ]);
    ids.unit = unit?.id as number;
  }, 240_000);

  afterAll(async () => {
    if (!admin) return;
    const mine = await admin.call<number[]>(COMPLAINT, 'search', [[['x_partner_id', '=', ids.partner]]]);
    if (mine.length) await admin.unlink(COMPLAINT, mine);
    await removeUnits(admin, [ids.unit]);
    await admin.unlink('x_h23_branch', [ids.branch]);
    await admin.call('res.users', 'write', [userIds, { active: false }]);
  }, 120_000);

  it('loads the 2026 holidays once; cuti bersama closes a branch unless it works them', async () => {
    // Company-wide leaves are an administrator's to write (Odoo's record rule); the bridge reads them.
    const store = new OdooHolidayStore(admin);
    const options = { year: 2026, timeZone: TZ, dryRun: false };
    const first = await loadHolidays(store, readHolidayFile(2026), options, logger);
    expect(first.refused).toBeUndefined();
    expect(first.failed).toEqual([]);
    expect(first.created + first.unchanged + first.updated).toBe(25);
    const again = await loadHolidays(store, readHolidayFile(2026), options, logger);
    expect(again).toMatchObject({ created: 0, updated: 0, removed: 0, unchanged: 25, cutiBersama: 8 });
    expect((await loadHolidays(store, readHolidayFile(2031), options, logger)).refused?.message).toMatch(
      /no holiday data for 2031/,
    );

    // The calendar the schedule reads: a FU due on 2026-03-20 (cuti bersama Idul Fitri).
    const data = await readBranchCalendar(bridge, null, '2026-03-01', '2026-03-31');
    const closed = workCalendarOf(data, { timeZone: TZ, worksCutiBersama: false });
    const open = workCalendarOf(data, { timeZone: TZ, worksCutiBersama: true });
    expect(nextWorkingDay('2026-03-20', closed)).toBe('2026-03-25');
    expect(nextWorkingDay('2026-03-20', open)).toBe('2026-03-20');
    // Idul Fitri itself stays closed for a branch that works cuti bersama.
    expect(nextWorkingDay('2026-03-21', open)).toBe('2026-03-23');
  }, 120_000);

  it.each([
    'walk_in',
    'phone',
    'whatsapp',
    'email',
  ])('customer service takes a %s complaint through every stage; the SOP’s steps are enforced', async (channel) => {
    const [created] = await cs.create(COMPLAINT, [
      {
        x_subject: `Keluhan ${channel}`,
        x_partner_id: ids.partner,
        x_unit_id: ids.unit,
        x_branch_id: ids.branch,
        x_channel: channel,
        x_category: 'service',
        x_description: 'Rem masih bunyi setelah servis',
        x_user_id: ids.cs,
      },
    ]);
    const id = created?.id as number;
    expect(created?.error).toBeUndefined();
    expect(String((await complaint(id)).x_name)).toMatch(/^KEL-\d{5}$/);
    const move = (values: Record<string, unknown>) => cs.call(COMPLAINT, 'write', [[id], values]);
    await move({ x_stage: 'analysis' });
    if (!automation) return;
    expect((await complaint(id)).x_acknowledged_at).toBeTruthy();
    await expect(move({ x_stage: 'solution' })).rejects.toThrow(/isi Jenis Akar Masalah dan Akar Masalah/);
    await move({ x_root_cause_kind: 'mechanic', x_root_cause: 'Kampas salah pasang', x_stage: 'solution' });
    await expect(move({ x_stage: 'confirmation' })).rejects.toThrow(/isi Solusi/);
    await move({ x_solution: 'Kampas dipasang ulang tanpa biaya', x_stage: 'confirmation' });
    await expect(move({ x_stage: 'done' })).rejects.toThrow(
      /belum dapat ditutup: pelanggan harus menyatakan puas/,
    );
    await move({ x_confirmation: 'not_satisfied', x_confirmation_channel: 'call' });
    expect(await complaint(id)).toMatchObject({ x_stage: 'reopened', x_reopen_count: 1, x_solved_at: false });
    await move({ x_stage: 'confirmation' });
    await move({ x_confirmation: 'satisfied', x_confirmation_channel: 'whatsapp', x_stage: 'done' });
    const done = await complaint(id);
    expect(done.x_stage).toBe('done');
    expect(done.x_closed_at).toBeTruthy();
    expect(done.x_solved_at).toBeTruthy();
  }, 60_000);

  it('a branch head reads the branch’s complaints and changes none', async () => {
    const visible = await head.call<number[]>(COMPLAINT, 'search', [[['x_partner_id', '=', ids.partner]]]);
    expect(visible.length).toBeGreaterThan(0);
    await expect(head.call(COMPLAINT, 'write', [visible.slice(0, 1), { x_subject: 'x' }])).rejects.toThrow();
  });

  it('a disappointed follow-up opens one complaint; a late one is escalated exactly once', async () => {
    const [followUp] = await admin.create('x_h23_followup', [
      {
        x_unit_id: ids.unit,
        x_partner_id: ids.partner,
        x_branch_id: ids.branch,
        x_kpb: '2',
        x_stage: 'fu2',
        x_channel: 'phone',
        x_due_date: '2026-11-30',
        x_state: 'contacted',
        x_result: 'refused_disappointed',
        x_feedback: 'Antre terlalu lama',
      },
    ]);
    const store = new OdooComplaintStore(bridge);
    const request = { now: Date.now(), timeZone: TZ, levels: DEFAULT_SERVICE_LEVELS };
    await runComplaints(store, logger, request);
    const opened = await admin.call<number[]>(COMPLAINT, 'search', [[['x_followup_id', '=', followUp?.id]]]);
    expect(opened).toHaveLength(1);
    await runComplaints(store, logger, request);
    expect(
      await admin.call<number[]>(COMPLAINT, 'search', [[['x_followup_id', '=', followUp?.id]]]),
    ).toHaveLength(1);

    // Received three days ago and never acknowledged: past its 4 working hours.
    const [late] = await cs.create(COMPLAINT, [
      {
        x_subject: 'Belum ada tanggapan',
        x_partner_id: ids.partner,
        x_branch_id: ids.branch,
        x_channel: 'phone',
        x_description: 'Sudah tiga hari menunggu kabar',
        x_received_at: new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 19).replace('T', ' '),
      },
    ]);
    const lateId = late?.id as number;
    const first = await runComplaints(store, logger, request);
    expect(first.escalated.map((row) => row.id)).toContain(lateId);
    expect(await complaint(lateId)).toMatchObject({
      x_stage: 'escalated',
      x_escalated_acknowledge: true,
      x_overdue: true,
    });
    const activities = async () =>
      admin.searchRead(
        'mail.activity',
        [
          ['res_model', '=', COMPLAINT],
          ['res_id', '=', lateId],
        ],
        ['user_id', 'summary'],
      );
    const escalated = (await activities()).filter((row) => String(row.summary).startsWith('Eskalasi'));
    expect(escalated.map((row) => (row.user_id as [number, string])[0]).sort((a, b) => a - b)).toEqual(
      [ids.head, ids.manager].sort((a, b) => a - b),
    );
    const second = await runComplaints(store, logger, { ...request, now: Date.now() });
    expect(second.escalated.map((row) => row.id)).not.toContain(lateId);
    expect((await activities()).filter((row) => String(row.summary).startsWith('Eskalasi'))).toHaveLength(2);
  }, 120_000);

  it('the customer’s chatter shows the follow-ups, the booking, the done service and the complaints, in order', async () => {
    const [followUp] = await admin.create('x_h23_followup', [
      {
        x_unit_id: ids.unit,
        x_partner_id: ids.partner,
        x_branch_id: ids.branch,
        x_kpb: '1',
        x_stage: 'fu2',
        x_channel: 'phone',
        x_due_date: '2026-03-06',
        x_state: 'done',
        x_result: 'booked',
        x_booking_at: '2026-03-09 02:00:00',
        x_booking_kind: 'workshop',
        x_done_date: '2026-03-09',
      },
    ]);
    expect(followUp?.error).toBeUndefined();
    const history = new OdooContactHistoryStore(bridge);
    await writeContactHistory(history, logger, { timeZone: TZ });
    await runComplaints(new OdooComplaintStore(bridge), logger, {
      now: Date.now(),
      timeZone: TZ,
      levels: DEFAULT_SERVICE_LEVELS,
    });
    const again = await writeContactHistory(history, logger, { timeZone: TZ });
    expect(again.posted).toBe(0);
    const lines = (
      await admin.searchRead(
        'mail.message',
        [
          ['model', '=', 'res.partner'],
          ['res_id', '=', ids.partner],
          ['message_id', 'like', 'h23-'],
        ],
        ['body'],
        { order: 'id asc' },
      )
    ).map((row) => String(row.body).replace(/<[^>]+>/g, ''));
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    expect(
      at(/Follow up KPB 2 FU2 \(Telepon\): Menolak: kecewa dengan dealer\. Tanggapan: Antre terlalu lama/),
    ).toBeGreaterThanOrEqual(0);
    expect(at(/Follow up KPB 1 FU2 \(Telepon\): Bersedia booking/)).toBeGreaterThanOrEqual(0);
    expect(at(/Booking servis KPB 1 \(Di bengkel\): 9 Maret 2026 09\.00 WIB/)).toBeGreaterThan(
      at(/Follow up KPB 1 FU2/),
    );
    expect(at(/Servis KPB 1 selesai pada 9 Maret 2026/)).toBeGreaterThan(at(/Booking servis KPB 1/));
    expect(at(/Keluhan KEL-\d{5} \(Keluhan walk_in\): Selesai/)).toBeGreaterThanOrEqual(0);
    expect(at(/Keluhan KEL-\d{5} \(Belum ada tanggapan\): Eskalasi/)).toBeGreaterThanOrEqual(0);
    // Nothing twice.
    expect(new Set(lines).size).toBe(lines.length);

    // The branch's monthly service-level lines (the late one was received three days ago, maybe
    // last month): four solved through every stage, all in time; one escalated.
    const months = await admin.searchRead(
      'x_h23_complaint_month',
      [['x_branch_id', '=', ids.branch]],
      ['x_received', 'x_solved', 'x_solved_in_time', 'x_in_time_share', 'x_escalated', 'x_closed'],
    );
    const total = (field: string) => months.reduce((sum, line) => sum + Number(line[field]), 0);
    expect([
      total('x_received'),
      total('x_solved'),
      total('x_solved_in_time'),
      total('x_escalated'),
      total('x_closed'),
    ]).toEqual([6, 4, 4, 1, 4]);
    expect(months.find((line) => Number(line.x_solved) > 0)?.x_in_time_share).toBe(100);
  }, 120_000);

  it('the daemon’s care job, run again, changes nothing', async () => {
    const settings = configSchema.parse({ odoo: { url: config.url, db: config.db, apiKey: 'unused-here' } });
    const care = daemonJobs(bridge, logger, settings, []).find((job) => job.name === 'care');
    if (!care) throw new Error('no care job');
    const today = dealerToday(TZ);
    await care.run(today);
    const again = (await care.run(today)) as { history: ContactHistoryReport; complaints: ComplaintsReport };
    expect(again.history.posted).toBe(0);
    expect(again.complaints).toMatchObject({
      opened: 0,
      escalated: [],
      activities: 0,
      notes: 0,
      monthLines: 0,
    });
  }, 120_000);
});
