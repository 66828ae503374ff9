import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { writeCsv } from '../../src/connectors/reports/report-writers.js';
import { runOnce } from '../../src/jobs/daemon.js';
import { dealerToday } from '../../src/jobs/dealer-today.js';
import { importFile } from '../../src/jobs/import-run.js';
import { installModule } from '../../src/jobs/module-install.js';
import { silentLogger } from '../../src/logging/logger.js';
import { createLiveUser, describeLive, removeUnits } from './live-env.js';

const logger = silentLogger();

/**
 * Six customers bought on Monday 2026-01-05 and are followed through their
 * first KPB, into the second and to the fourth's first call, by `run --once`
 * on a sequence of dates, while CRM admins record results of every kind over
 * RPC. At each date the test checks what exists; every date is run twice and
 * the second run must change nothing.
 */
describeLive('a year of KPB follow-ups in a real Odoo', () => {
  let admin: OdooClient;
  let crm: OdooClient;
  let config: Config;
  let folder: string;
  const userIds: number[] = [];
  let branchId = 0;
  const unit: Record<string, number> = {};
  const tag = `${process.pid}${Date.now() % 100000}`;

  const names = ['booker', 'weekend', 'silent', 'far', 'promo', 'elsewhere'] as const;
  type Name = (typeof names)[number];

  async function state() {
    const followUps = await admin.searchRead(
      'x_h23_followup',
      [['x_unit_id', 'in', Object.values(unit)]],
      ['x_unit_id', 'x_kpb', 'x_stage', 'x_state', 'x_due_date', 'x_done_date', 'x_event_id'],
      { idsOnly: true, order: 'id' },
    );
    const ids = followUps.map((row) => row.id);
    const activities = await admin.searchRead(
      'mail.activity',
      [
        ['res_model', '=', 'x_h23_followup'],
        ['res_id', 'in', ids],
      ],
      ['res_id', 'summary', 'active'],
      {
        context: { active_test: false },
        order: 'id',
      },
    );
    const summaries = await admin.searchRead(
      'x_h23_daily_summary',
      [['x_branch_id', '=', branchId]],
      ['x_date', 'x_admin_id', 'x_due', 'x_contacted', 'x_booked', 'x_done_services', 'x_conversion_rate'],
      {
        idsOnly: true,
        order: 'id',
      },
    );
    const mails = await admin.searchCount('mail.mail', [
      ['model', '=', 'x_h23_daily_summary'],
      ['res_id', 'in', summaries.map((row) => row.id)],
    ]);
    const events = await admin.searchCount('calendar.event', [
      ['res_model', '=', 'x_h23_followup'],
      ['res_id', 'in', ids],
    ]);
    const nameOf = (id: unknown) => names.find((name) => unit[name] === id);
    return {
      followUps: followUps.map(
        (row) =>
          `${nameOf(row.x_unit_id)} KPB${row.x_kpb} ${row.x_stage} ${row.x_state}${row.x_done_date ? ` done ${row.x_done_date}` : ''}`,
      ),
      openActivities: activities
        .filter((row) => row.active)
        .map((row) => `${nameOf(followUps.find((f) => f.id === row.res_id)?.x_unit_id)}: ${row.summary}`),
      activities: activities.length,
      summaries,
      mails,
      events,
    };
  }

  /** Runs the date twice: the second run must leave everything as the first did. */
  async function day(date: string) {
    const first = await runOnce(admin, logger, config, date);
    expect(
      first.filter((outcome) => !outcome.ok),
      date,
    ).toEqual([]);
    const after = await state();
    await runOnce(admin, logger, config, date);
    expect(await state(), `re-running ${date}`).toEqual(after);
    return after;
  }

  const followUpOf = async (name: Name, stage: string, kpb = 1) => {
    const [row] = await admin.searchRead(
      'x_h23_followup',
      [
        ['x_unit_id', '=', unit[name] as number],
        ['x_kpb', '=', String(kpb)],
        ['x_stage', '=', stage],
      ],
      ['id'],
    );
    return row?.id as number;
  };
  const record = (id: number, values: Record<string, unknown>) =>
    crm.write('x_h23_followup', [{ id, values }]);

  beforeAll(async () => {
    config = loadConfig();
    admin = await OdooClient.connect(connectionFromConfig(config.odoo), logger);
    await installModule(admin, logger, { dryRun: false });
    const stale = await admin.call<number[]>('x_h23_unit', 'search', [[]]);
    await removeUnits(admin, stale);
    const crmUsers = [];
    for (const n of [1, 2])
      crmUsers.push(
        await createLiveUser(admin, config.odoo, `h23yr${n}${tag}`, [
          'base.group_user',
          'h23_crm.group_crm_admin',
        ]),
      );
    crm = crmUsers[0]?.client as OdooClient;
    const head = await createLiveUser(admin, config.odoo, `h23yrh${tag}`, [
      'base.group_user',
      'h23_crm.group_branch_head',
    ]);
    const area = await createLiveUser(admin, config.odoo, `h23yra${tag}`, [
      'base.group_user',
      'h23_crm.group_area_coordinator',
    ]);
    userIds.push(...crmUsers.map((user) => user.id), head.id, area.id);
    await admin.write('res.users', [
      { id: head.id, values: { email: `kepala${tag}@dealer.example` } },
      { id: area.id, values: { email: `area${tag}@dealer.example` } },
    ]);
    const [branch] = await admin.create('x_h23_branch', [
      {
        x_name: `Cabang tahun ${tag}`,
        x_dealer_code: `Y${tag}`.slice(0, 10),
        x_crm_admin_ids: [[6, 0, crmUsers.map((user) => user.id)]],
        x_head_id: head.id,
        x_area_coordinator_id: area.id,
      },
    ]);
    branchId = branch?.id as number;
    folder = await mkdtemp(join(tmpdir(), 'h23-year-'));
    const cdb = join(folder, 'cdb.csv');
    await writeCsv(cdb, [
      ['No Mesin', 'No Rangka', 'Nama Konsumen', 'No HP', 'Alamat', 'Tipe Motor', 'Tgl Beli', 'Kode Dealer'],
      ...names.map((name, index) => [
        `JM31E${String(index + 1).padStart(3, '0')}${tag}`.slice(0, 15),
        '',
        `Pelanggan ${name}`,
        `0812${String(index + 1).padStart(2, '0')}${tag}`.slice(0, 12).padEnd(12, '7'),
        `Jl. Tahun ${index + 1}`,
        'BeAT',
        '05/01/2026',
        `Y${tag}`.slice(0, 10),
      ]),
    ]);
    const run = await importFile(admin, logger, config.import, {
      path: cdb,
      kind: 'cdb',
      today: '2026-01-05',
      dryRun: false,
      recordBatch: false,
    });
    expect(run.summary.counts.unitsCreated).toBe(6);
    const units = await admin.searchRead('x_h23_unit', [['x_branch_id', '=', branchId]], ['x_partner_id'], {
      idsOnly: true,
    });
    const partners = await admin.read(
      'res.partner',
      units.map((row) => row.x_partner_id as number),
      ['name'],
    );
    for (const row of units) {
      const name = String(partners.find((partner) => partner.id === row.x_partner_id)?.name).replace(
        'Pelanggan ',
        '',
      ) as Name;
      unit[name] = row.id;
    }
  }, 180_000);

  afterAll(async () => {
    await removeUnits(admin, Object.values(unit)).catch(() => undefined);
    const summaries = await admin.call<number[]>('x_h23_daily_summary', 'search', [
      [['x_branch_id', '=', branchId]],
    ]);
    await admin.unlink('x_h23_daily_summary', summaries).catch(() => undefined);
    const quality = await admin.call<number[]>('x_h23_data_quality', 'search', [
      [['x_branch_id', '=', branchId]],
    ]);
    await admin.unlink('x_h23_data_quality', quality).catch(() => undefined);
    await admin.unlink('x_h23_branch', [branchId]).catch(() => undefined);
    if (userIds.length)
      await admin.write(
        'res.users',
        userIds.map((id) => ({ id, values: { active: false } })),
      );
    await rm(folder, { recursive: true, force: true });
  });

  it('follows six customers from FU1 of KPB 1 to the first call of KPB 4', async () => {
    expect((await day('2026-02-03')).followUps).toEqual([]);

    // FU1 of KPB 1, 30 days after purchase: one WhatsApp blast each, shared between the two admins.
    let now = await day('2026-02-04');
    expect(now.followUps).toEqual(names.map((name) => `${name} KPB1 fu1 todo`));
    expect(now.openActivities).toHaveLength(6);
    expect(now.mails).toBe(1);

    // Results of the contacts.
    await record(await followUpOf('booker', 'fu1'), {
      x_result: 'booked',
      x_booking_at: '2026-02-07 02:00:00',
    });
    await record(await followUpOf('weekend', 'fu1'), { x_result: 'no_response' });
    await record(await followUpOf('silent', 'fu1'), { x_result: 'unreachable' });
    await record(await followUpOf('far', 'fu1'), { x_result: 'refused_distance' });
    await record(await followUpOf('promo', 'fu1'), {
      x_result: 'refused_disappointed',
      x_feedback: 'Antrean terlalu lama',
    });
    await record(await followUpOf('elsewhere', 'fu1'), { x_result: 'already_serviced' });
    now = await day('2026-02-05');
    expect(now.followUps).toEqual([
      'booker KPB1 fu1 booked',
      'weekend KPB1 fu1 contacted',
      'silent KPB1 fu1 contacted',
      'far KPB1 fu1 contacted',
      'promo KPB1 fu1 contacted',
      'elsewhere KPB1 fu1 contacted',
    ]);
    expect(now.events).toBe(1);
    expect(now.openActivities).toContain('far: Tawarkan home service (SOP)');
    expect(now.openActivities).toContain('promo: Tawarkan booking promo (SOP)');
    const feb5 = now.summaries.find((row) => row.x_date === '2026-02-05' && !row.x_admin_id);
    expect(feb5).toMatchObject({ x_contacted: 6, x_booked: 1 });

    // The booker comes on Saturday: the A2 report brings the KPB 1 date; the booking converts.
    const a2 = join(folder, 'a2.csv');
    const [engine] = await admin.read('x_h23_unit', [unit.booker as number], ['x_engine_number']);
    await writeCsv(a2, [
      ['No Mesin', 'Tgl KPB 1'],
      [String(engine?.x_engine_number), '07/02/2026'],
    ]);
    await importFile(admin, logger, config.import, {
      path: a2,
      kind: 'a2',
      today: '2026-02-07',
      dryRun: false,
      recordBatch: false,
    });
    now = await day('2026-02-07');
    expect(now.followUps[0]).toBe('booker KPB1 fu1 done done 2026-02-07');
    expect(now.summaries.find((row) => row.x_date === '2026-02-07' && !row.x_admin_id)).toMatchObject({
      x_done_services: 1,
      x_conversion_rate: 100,
    });

    // The far customer is offered home service and declines: the SOP is met, the activity closes.
    // The disappointed one takes the promo booking.
    await record(await followUpOf('far', 'fu1'), { x_offer: 'home_service' });
    await record(await followUpOf('promo', 'fu1'), {
      x_offer: 'promo',
      x_offer_accepted: true,
      x_booking_at: '2026-02-12 02:00:00',
    });
    now = await day('2026-02-09');
    expect(now.openActivities).not.toContain('far: Tawarkan home service (SOP)');
    expect(now.openActivities).not.toContain('promo: Tawarkan booking promo (SOP)');
    expect(now.followUps).toContain('promo KPB1 fu1 booked');
    expect(now.events).toBe(2);

    // FU2 for those who did not answer FU1 (no response, WhatsApp failed), on day +45.
    now = await day('2026-02-19');
    // Not for the one already serviced elsewhere, nor for bookings.
    expect(now.followUps.slice(6)).toEqual(['weekend KPB1 fu2 todo', 'silent KPB1 fu2 todo']);
    await record(await followUpOf('weekend', 'fu2'), { x_result: 'refused_time' });
    await record(await followUpOf('silent', 'fu2'), { x_result: 'no_response' });
    now = await day('2026-02-20');
    expect(now.openActivities).toContain('weekend: Tawarkan booking akhir pekan (SOP)');
    await record(await followUpOf('weekend', 'fu2'), {
      x_offer: 'weekend',
      x_offer_accepted: true,
      x_booking_at: '2026-02-22 02:00:00',
    });
    now = await day('2026-02-21');
    expect(now.events).toBe(3);
    expect(now.followUps).toContain('weekend KPB1 fu2 booked');
    expect(now.openActivities).not.toContain('weekend: Tawarkan booking akhir pekan (SOP)');

    // FU3 on day +53 for the one still silent; nobody answers; the weekend booking is missed.
    now = await day('2026-02-27');
    expect(now.followUps).toContain('silent KPB1 fu3 todo');
    await record(await followUpOf('silent', 'fu3'), { x_result: 'no_response' });
    now = await day('2026-03-06');
    expect(now.followUps).toContain('silent KPB1 fu3 closed');
    expect(now.openActivities).toContain('weekend: Pelanggan tidak datang: jadwalkan ulang');
    expect(now.openActivities).toContain('promo: Pelanggan tidak datang: jadwalkan ulang');

    // KPB 2's FU1 falls on Sunday 2026-04-05: the workshop is closed, it comes on Monday.
    expect((await day('2026-04-05')).followUps.filter((row) => row.includes('KPB2'))).toEqual([]);
    now = await day('2026-04-06');
    expect(now.followUps.filter((row) => row.includes('KPB2'))).toEqual(
      names.map((name) => `${name} KPB2 fu1 todo`),
    );

    // KPB 3's window passed unseen: nothing is made for it late. KPB 4's FU1 comes on day +330.
    now = await day('2026-12-01');
    expect(now.followUps.filter((row) => row.includes('KPB3'))).toEqual([]);
    expect(now.followUps.filter((row) => row.includes('KPB4'))).toEqual(
      names.map((name) => `${name} KPB4 fu1 todo`),
    );
    // One e-mailed summary per day that had something to report and whose end-of-day hour (17:00 in
    // Jakarta, the default) has passed; a day still to come, or today before 17:00, is summarised only.
    const today = dealerToday('Asia/Jakarta');
    const jakartaHour = Number(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Asia/Jakarta',
        hour: '2-digit',
        hourCycle: 'h23',
      }).format(new Date()),
    );
    const days = [
      ...new Set(now.summaries.filter((row) => !row.x_admin_id).map((row) => String(row.x_date))),
    ];
    expect(days).toContain('2026-12-01');
    const mailed = days.filter((date) => date < today || (date === today && jakartaHour >= 17));
    expect(now.mails).toBe(mailed.length);
  }, 600_000);
});
