import { afterAll, beforeAll, expect, it } from 'vitest';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { runDailySummaries } from '../../src/jobs/daily-summaries.js';
import { installModule } from '../../src/jobs/module-install.js';
import { processOutcomes } from '../../src/jobs/process-outcomes.js';
import { scheduleFollowUps } from '../../src/jobs/schedule-followups.js';
import { silentLogger } from '../../src/logging/logger.js';
import { createLiveUser, describeLive, removeUnits } from './live-env.js';

const logger = silentLogger();

describeLive('scheduling KPB follow-ups in a real Odoo', (config) => {
  let admin: OdooClient;
  let bridge: OdooClient;
  let crmAdmin: OdooClient;
  const userIds: number[] = [];
  const adminIds: number[] = [];
  const cleanup: Array<[string, number[]]> = [];
  const unitIds: Record<string, number> = {};
  const tag = `${process.pid}${Date.now() % 100000}`;

  const run = (date: string) =>
    scheduleFollowUps(bridge, logger, { date, dryRun: false, timeZone: 'Asia/Jakarta' });
  const followUps = async () =>
    (
      await admin.searchRead(
        'x_h23_followup',
        [['x_unit_id', 'in', Object.values(unitIds)]],
        ['x_unit_id', 'x_kpb', 'x_stage', 'x_state', 'x_due_date', 'x_admin_id'],
        { idsOnly: true, order: 'id' },
      )
    ).map((row) => ({
      unit: Object.keys(unitIds).find((name) => unitIds[name] === row.x_unit_id),
      what: `KPB${row.x_kpb} ${row.x_stage} ${row.x_state} due ${row.x_due_date}`,
      id: row.id,
      adminId: row.x_admin_id,
    }));
  const activitiesOf = (ids: number[]) =>
    admin.searchRead(
      'mail.activity',
      [
        ['res_model', '=', 'x_h23_followup'],
        ['res_id', 'in', ids],
      ],
      ['res_id', 'user_id', 'date_deadline', 'summary'],
      {
        context: { active_test: false },
      },
    );

  beforeAll(async () => {
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    await installModule(admin, logger, { dryRun: false });
    // A throw-away database: the units of other tests would join the schedule.
    const stale = await admin.call<number[]>('x_h23_unit', 'search', [[]]);
    await removeUnits(admin, stale);
    const bridgeUser = await createLiveUser(admin, config, `h23sch${tag}`, [
      'base.group_user',
      'h23_crm.group_bridge',
    ]);
    bridge = bridgeUser.client;
    userIds.push(bridgeUser.id);
    for (const n of [1, 2]) {
      const user = await createLiveUser(admin, config, `h23crm${n}${tag}`, [
        'base.group_user',
        'h23_crm.group_crm_admin',
      ]);
      userIds.push(user.id);
      adminIds.push(user.id);
      if (n === 1) crmAdmin = user.client;
    }
    // Monday to Friday, with a public holiday on Thursday 2026-02-05.
    const [calendar] = await admin.create('resource.calendar', [
      {
        name: `H23 live ${tag}`,
        attendance_ids: [0, 1, 2, 3, 4].map((day) => [
          0,
          0,
          { name: `Hari ${day}`, dayofweek: String(day), hour_from: 8, hour_to: 16 },
        ]),
      },
    ]);
    const [holiday] = await admin.create('resource.calendar.leaves', [
      {
        name: 'Libur nasional',
        calendar_id: calendar?.id,
        date_from: '2026-02-04 17:00:00',
        date_to: '2026-02-05 16:59:59',
      },
    ]);
    const [branch] = await admin.create('x_h23_branch', [
      { x_name: `Cabang live ${tag}`, x_crm_admin_ids: [[6, 0, adminIds]], x_calendar_id: calendar?.id },
    ]);
    const [partner] = await admin.create('res.partner', [{ name: 'Budi Santoso', phone: '+6281234567890' }]);
    const units = {
      onTime: { x_purchase_date: '2026-01-05' }, // FU1 +30 = Wed 2026-02-04
      holiday: { x_purchase_date: '2026-01-06' }, // FU1 = Thu 2026-02-05, a holiday → Fri 02-06
      saturday: { x_purchase_date: '2026-01-08' }, // FU1 = Sat 2026-02-07, closed → Mon 02-09
      kpbDone: { x_purchase_date: '2026-01-05', x_kpb1_date: '2026-02-01' },
      late: { x_purchase_date: '2025-12-21' }, // first seen on 02-04, day +45: FU2 is due now
    };
    const created = await admin.create(
      'x_h23_unit',
      Object.entries(units).map(([name, values], index) => ({
        x_engine_number: `JM31E${tag}${index}`.slice(0, 15),
        x_model_name: 'BeAT',
        x_branch_id: branch?.id,
        x_partner_id: partner?.id,
        ...values,
        x_name: name,
      })),
    );
    Object.keys(units).forEach((name, index) => {
      unitIds[name] = created[index]?.id as number;
    });
    cleanup.push(
      ['x_h23_unit', Object.values(unitIds)],
      ['x_h23_branch', [branch?.id as number]],
      ['resource.calendar.leaves', [holiday?.id as number]],
      ['resource.calendar', [calendar?.id as number]],
      ['res.partner', [partner?.id as number]],
    );
  }, 120_000);

  afterAll(async () => {
    for (const [model, ids] of cleanup) {
      const remove = model === 'x_h23_unit' ? removeUnits(admin, ids) : admin.unlink(model, ids);
      await remove.catch(() => undefined);
    }
    if (userIds.length)
      await admin.write(
        'res.users',
        userIds.map((id) => ({ id, values: { active: false } })),
      );
  });

  it('creates each follow-up on its working day, with an activity for a CRM admin, shared between them', async () => {
    const first = await run('2026-02-04');
    expect(first.followUpsCreated).toBe(2);
    expect((await followUps()).map((row) => `${row.unit}: ${row.what}`)).toEqual([
      'onTime: KPB1 fu1 todo due 2026-02-04',
      'late: KPB1 fu2 todo due 2026-02-04',
    ]);
    await run('2026-02-05'); // the holiday: nothing new
    await run('2026-02-06');
    await run('2026-02-07'); // Saturday, closed
    await run('2026-02-09');
    const rows = await followUps();
    expect(rows.map((row) => `${row.unit}: ${row.what}`)).toEqual([
      'onTime: KPB1 fu1 todo due 2026-02-04',
      'late: KPB1 fu2 todo due 2026-02-04',
      'holiday: KPB1 fu1 todo due 2026-02-06',
      'saturday: KPB1 fu1 todo due 2026-02-09',
    ]);
    const activities = await activitiesOf(rows.map((row) => row.id));
    expect(activities).toHaveLength(4);
    expect(new Set(activities.map((activity) => (activity.user_id as [number, string])[0]))).toEqual(
      new Set(adminIds),
    );
    expect(activities.map((activity) => activity.summary)).toContain('KPB 1 FU1: Budi Santoso');
  }, 120_000);

  it('running a date again changes nothing', async () => {
    for (const date of ['2026-02-04', '2026-02-09']) {
      const again = await run(date);
      expect([again.followUpsCreated, again.activitiesCreated, again.followUpsClosed]).toEqual([0, 0, 0]);
    }
  }, 60_000);

  it('FU2 follows an FU1 the admin recorded as no response, on its date', async () => {
    const onTime = (await followUps()).find((row) => row.unit === 'onTime');
    await crmAdmin.write('x_h23_followup', [
      { id: onTime?.id as number, values: { x_result: 'no_response', x_state: 'contacted' } },
    ]);
    expect((await run('2026-02-18')).followUpsCreated).toBe(0);
    expect((await run('2026-02-19')).followUpsCreated).toBe(1);
    expect((await followUps()).filter((row) => row.unit === 'onTime').map((row) => row.what)).toEqual([
      'KPB1 fu1 contacted due 2026-02-04',
      'KPB1 fu2 todo due 2026-02-19',
    ]);
  }, 60_000);

  it('a KPB done closes its follow-ups and marks their activities done with the reason', async () => {
    await admin.write('x_h23_unit', [
      { id: unitIds.onTime as number, values: { x_kpb1_date: '2026-02-19' } },
    ]);
    const report = await run('2026-02-20');
    // FU1 (answered "no response", its activity still open) and FU2 both end with the KPB.
    expect(report.followUpsClosed).toBe(2);
    expect((await followUps()).filter((row) => row.unit === 'onTime').map((row) => row.what)).toEqual([
      'KPB1 fu1 closed due 2026-02-04',
      'KPB1 fu2 closed due 2026-02-19',
    ]);
    const fu2 = (await followUps()).find((row) => row.unit === 'onTime' && row.what.includes('fu2'));
    expect(fu2?.what).toBe('KPB1 fu2 closed due 2026-02-19');
    const [closed] = await admin.read('x_h23_followup', [fu2?.id as number], ['x_done_date']);
    expect(closed?.x_done_date).toBe('2026-02-19');
    const [activity] = await admin.searchRead(
      'mail.activity',
      [
        ['res_model', '=', 'x_h23_followup'],
        ['res_id', '=', fu2?.id as number],
        ['active', '=', false],
      ],
      ['id'],
      { context: { active_test: false } },
    );
    expect(activity).toBeDefined();
    expect(
      await admin.searchCount('mail.message', [
        ['model', '=', 'x_h23_followup'],
        ['res_id', '=', fu2?.id as number],
        ['body', 'ilike', 'KPB sudah dilakukan'],
      ]),
    ).toBe(1);
  }, 60_000);

  it('a follow-up left without its activity (a run killed between the two) gets it on the next run, once', async () => {
    const late = (await followUps()).find((row) => row.unit === 'late');
    const activities = await activitiesOf([late?.id as number]);
    await admin.unlink(
      'mail.activity',
      activities.map((activity) => activity.id),
    );
    const report = await run('2026-02-20');
    expect(report.activitiesCreated).toBe(1);
    expect(await activitiesOf([late?.id as number])).toHaveLength(1);
    expect((await run('2026-02-20')).activitiesCreated).toBe(0);
  }, 60_000);

  const outcomes = (date: string) => processOutcomes(bridge, logger, { date, dryRun: false });
  const fuOf = async (unit: string) =>
    (await followUps()).find((row) => row.unit === unit && row.what.includes('fu1')) as { id: number };
  const sopActivities = async (id: number) =>
    (
      await admin.searchRead(
        'mail.activity',
        [
          ['res_model', '=', 'x_h23_followup'],
          ['res_id', '=', id],
        ],
        ['summary'],
      )
    ).map((activity) => activity.summary);

  it('a refusal for lack of time without the weekend offer sends the admin back to make it; once made and accepted, the booking is in the calendar', async () => {
    const holiday = await fuOf('holiday');
    const [written] = await crmAdmin.write('x_h23_followup', [
      { id: holiday.id, values: { x_result: 'refused_time' } },
    ]);
    expect(written?.error?.message).toBeUndefined();
    const first = await outcomes('2026-02-20');
    expect(first.activitiesCreated).toBe(1);
    expect(await sopActivities(holiday.id)).toContain('Tawarkan booking akhir pekan (SOP)');
    expect((await outcomes('2026-02-20')).activitiesCreated).toBe(0);

    await crmAdmin.write('x_h23_followup', [
      {
        id: holiday.id,
        values: { x_offer: 'weekend', x_offer_accepted: true, x_booking_at: '2026-02-21 02:00:00' },
      },
    ]);
    const second = await outcomes('2026-02-20');
    // Finished: the SOP's "offer the weekend" and the FU1 activity the booking answered.
    expect([second.eventsCreated, second.activitiesFinished]).toEqual([1, 2]);
    const [row] = await admin.read(
      'x_h23_followup',
      [holiday.id],
      ['x_state', 'x_event_id', 'x_booking_kind'],
    );
    expect(row).toMatchObject({ x_state: 'booked', x_booking_kind: 'weekend' });
    const [event] = await admin.read(
      'calendar.event',
      [(row?.x_event_id as [number, string])[0]],
      ['name', 'start', 'res_id'],
    );
    expect(event).toMatchObject({ start: '2026-02-21 02:00:00', res_id: holiday.id });
    expect(String(event?.name)).toMatch(/^Booking KPB 1 \(akhir pekan\) - Budi Santoso \(JM31E\w+ - BeAT\)$/);
    expect(await sopActivities(holiday.id)).not.toContain('Tawarkan booking akhir pekan (SOP)');
    // The FU1 activity is done (archived, kept as history) with the booking as its feedback.
    expect(await sopActivities(holiday.id)).not.toContain('KPB 1 FU1: Budi Santoso');
    const [done] = await admin.searchRead(
      'mail.activity',
      [
        ['res_model', '=', 'x_h23_followup'],
        ['res_id', '=', holiday.id],
        ['summary', '=', 'KPB 1 FU1: Budi Santoso'],
        ['active', '=', false],
      ],
      ['id'],
      { context: { active_test: false } },
    );
    expect(done).toBeDefined();
    expect(
      await admin.searchCount('mail.message', [
        ['model', '=', 'x_h23_followup'],
        ['res_id', '=', holiday.id],
        ['body', 'ilike', 'Pelanggan bersedia booking'],
      ]),
    ).toBe(1);
    const again = await outcomes('2026-02-20');
    expect([again.eventsCreated, again.activitiesCreated, again.statesSet, again.activitiesFinished]).toEqual(
      [0, 0, 0, 0],
    );
  }, 60_000);

  it('a booking whose day passed without the KPB done becomes a no-show activity', async () => {
    const holiday = await fuOf('holiday');
    await outcomes('2026-02-21');
    expect(await sopActivities(holiday.id)).not.toContain('Pelanggan tidak datang: jadwalkan ulang');
    await outcomes('2026-02-22');
    expect(await sopActivities(holiday.id)).toContain('Pelanggan tidak datang: jadwalkan ulang');
  }, 60_000);

  it('"booked" without a date goes back to the admin to complete', async () => {
    const saturday = await fuOf('saturday');
    await crmAdmin.write('x_h23_followup', [{ id: saturday.id, values: { x_result: 'booked' } }]);
    await outcomes('2026-02-20');
    expect(await sopActivities(saturday.id)).toContain('Lengkapi jadwal booking');
  }, 60_000);

  it('the daily summary is written per admin and per branch, and e-mailed once to the branch head with the coordinator in copy', async () => {
    const head = await createLiveUser(admin, config, `h23head${tag}`, [
      'base.group_user',
      'h23_crm.group_branch_head',
    ]);
    const coordinator = await createLiveUser(admin, config, `h23area${tag}`, [
      'base.group_user',
      'h23_crm.group_area_coordinator',
    ]);
    userIds.push(head.id, coordinator.id);
    await admin.write('res.users', [
      { id: head.id, values: { email: `kepala.${tag}@dealer.example` } },
      { id: coordinator.id, values: { email: `area.${tag}@dealer.example` } },
    ]);
    const branchId = cleanup.find(([model]) => model === 'x_h23_branch')?.[1][0] as number;
    await admin.write('x_h23_branch', [
      { id: branchId, values: { x_head_id: head.id, x_area_coordinator_id: coordinator.id } },
    ]);
    const summarize = () =>
      runDailySummaries(bridge, logger, {
        date: '2026-02-20',
        now: new Date(),
        timeZone: 'Asia/Jakarta',
        dryRun: false,
      });
    const report = await summarize();
    expect(report.mailed).toHaveLength(1);
    const lines = await admin.searchRead(
      'x_h23_daily_summary',
      [
        ['x_date', '=', '2026-02-20'],
        ['x_branch_id', '=', branchId],
      ],
      ['x_admin_id', 'x_due', 'x_contacted', 'x_sent_at'],
      { idsOnly: true },
    );
    const branchLine = lines.find((line) => !line.x_admin_id);
    const adminLines = lines.filter((line) => line.x_admin_id);
    expect(adminLines.length).toBeGreaterThan(0);
    expect(branchLine?.x_contacted).toBe(adminLines.reduce((sum, line) => sum + Number(line.x_contacted), 0));
    // The totals are the follow-ups themselves: on the day most of the branch's follow-ups fall due,
    // the branch line's due count is exactly those follow-ups, and its admins' lines add up to it.
    const dueDates = (
      await admin.searchRead('x_h23_followup', [['x_branch_id', '=', branchId]], ['x_due_date'])
    ).map((row) => String(row.x_due_date));
    const busiest = [...new Set(dueDates)].sort(
      (a, b) => dueDates.filter((d) => d === b).length - dueDates.filter((d) => d === a).length,
    )[0] as string;
    await runDailySummaries(bridge, logger, {
      date: busiest,
      now: new Date(0),
      timeZone: 'Asia/Jakarta',
      dryRun: false,
    });
    const busyLines = await admin.searchRead(
      'x_h23_daily_summary',
      [
        ['x_date', '=', busiest],
        ['x_branch_id', '=', branchId],
      ],
      ['x_admin_id', 'x_due'],
      { idsOnly: true },
    );
    cleanup.unshift(['x_h23_daily_summary', busyLines.map((line) => line.id)]);
    const dueThatDay = dueDates.filter((date) => date === busiest).length;
    expect(dueThatDay).toBeGreaterThan(1);
    expect(Number(busyLines.find((line) => !line.x_admin_id)?.x_due)).toBe(dueThatDay);
    expect(
      busyLines.filter((line) => line.x_admin_id).reduce((sum, line) => sum + Number(line.x_due), 0),
    ).toBe(dueThatDay);
    expect(Number(branchLine?.x_contacted)).toBeGreaterThan(0);
    expect(branchLine?.x_sent_at).toBeTruthy();
    const mails = await admin.searchRead(
      'mail.mail',
      [
        ['model', '=', 'x_h23_daily_summary'],
        ['res_id', '=', branchLine?.id as number],
      ],
      ['email_to', 'email_cc', 'subject'],
    );
    expect(mails).toEqual([
      expect.objectContaining({
        email_to: `kepala.${tag}@dealer.example`,
        email_cc: `area.${tag}@dealer.example`,
      }),
    ]);
    expect(String(mails[0]?.subject)).toMatch(/^Ringkasan Follow Up KPB Cabang live/);
    const again = await summarize();
    expect([again.created, again.updated, again.mailed.length]).toEqual([0, 0, 0]);
    cleanup.unshift(
      ['mail.mail', mails.map((mail) => mail.id)],
      ['x_h23_daily_summary', lines.map((line) => line.id)],
    );
  }, 60_000);
  it('a KPB service registered at the workshop (WOR) ends the follow-up as done before the A2 report comes', async () => {
    const saturday = (await followUps()).find((row) => row.unit === 'saturday') as { id: number };
    await admin.create('x_h23_wor', [
      {
        x_name: `WO-${tag}`,
        x_unit_id: unitIds.saturday,
        x_service_type: 'kpb1',
        x_visit_date: '2026-02-12',
        x_engine_number: 'x',
      },
    ]);
    const report = await run('2026-02-13');
    expect(report.actions).toContainEqual({
      action: 'close',
      followUpId: saturday.id,
      state: 'closed',
      reason: 'kpb_done',
      doneDate: '2026-02-12',
    });
    const [row] = await admin.read('x_h23_followup', [saturday.id], ['x_state', 'x_done_date']);
    expect(row).toMatchObject({ x_state: 'closed', x_done_date: '2026-02-12' });
  }, 60_000);
});
