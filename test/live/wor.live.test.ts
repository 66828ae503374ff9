import { afterAll, beforeAll, expect, it } from 'vitest';
import { configSchema, type WorConfig } from '../../config/schema.js';
import { CliExit } from '../../src/cli/runtime.js';
import { runReconcile } from '../../src/cli/wor-commands.js';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { anyOf } from '../../src/connectors/odoo/domain.js';
import { ref } from '../../src/connectors/odoo/external-ids.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { LeaseStore } from '../../src/connectors/odoo/lease-store.js';
import { partnerPhonesOf } from '../../src/connectors/odoo/partner-phones.js';
import { LEASE_KEY } from '../../src/jobs/daemon.js';
import { installModule } from '../../src/jobs/module-install.js';
import { reconcileWors, WorSourceError } from '../../src/jobs/reconcile-wors.js';
import { silentLogger } from '../../src/logging/logger.js';
import { createLiveUser, describeLive } from './live-env.js';

const logger = silentLogger();

/** The SOP's cases, made by the test on the throw-away database, reconciled by the bridge user. */
describeLive('WOR reconciliation against owners (BPA) and the CDB in a real Odoo', (config) => {
  let admin: OdooClient;
  let bridge: OdooClient;
  let workshop: OdooClient;
  let workshopAdminId: number;
  let branchId: number;
  const userIds: number[] = [];
  const tag = `${process.pid}${Date.now() % 100000}`;
  const worConfig: WorConfig = configSchema.shape.wor.parse({});
  const person: Record<string, number> = {};
  const unit: Record<string, number> = {};
  const wor: Record<string, number> = {};
  // Engine numbers unique to this run: letters from the tag keep them well-formed.
  const engine = (n: number) => `T${tag.slice(-6)}E${String(n).padStart(6, '0')}`;
  const phone = (n: number) => `+62812${tag.slice(-4)}${String(n).padStart(3, '0')}`;
  const national = (n: number) => `0${phone(n).slice(3, 6)}-${phone(n).slice(6, 10)}-${phone(n).slice(10)}`;

  const reconcile = () => reconcileWors(bridge, logger, { config: worConfig });
  const readWors = async () =>
    Object.fromEntries(
      (
        await admin.searchRead(
          'x_h23_wor',
          [['id', 'in', Object.values(wor)]],
          [
            'x_state',
            'x_resolution',
            'x_partner_id',
            'x_carrier_partner_id',
            'x_unit_id',
            'x_carrier_is_owner',
            'x_cdb_differences',
            'x_review_reason',
            'write_date',
          ],
          { idsOnly: true },
        )
      ).map((record) => [Object.keys(wor).find((name) => wor[name] === record.id) as string, record]),
    );
  const reviewActivities = (done: boolean) =>
    admin.searchRead(
      'mail.activity',
      [
        ['res_model', '=', 'x_h23_wor'],
        ['res_id', 'in', Object.values(wor)],
        ['active', '=', !done],
      ],
      ['res_id', 'user_id', 'note', 'summary'],
      { idsOnly: true, context: { active_test: false } },
    );
  /** The run's partners, with `phone` the HP wherever the version keeps it (`mobile` on 17/18). */
  const partnersOfRun = async () => {
    const phoneFields = admin.dialect.partnerPhoneFields;
    const tests = [
      ...phoneFields.map((field) => [field, '=like', `+62812${tag.slice(-4)}%`]),
      ['x_h23_key', '=like', `T${tag.slice(-6)}%`],
    ];
    const records = await admin.searchRead(
      'res.partner',
      anyOf(tests),
      ['name', ...phoneFields, 'street', 'parent_id', 'x_h23_key', 'type'],
      { idsOnly: true, order: 'id', context: { active_test: false } },
    );
    return records.map((record) => ({
      ...(record as Record<string, unknown> & { id: number; name: string; street: string | false }),
      phone: partnerPhonesOf(admin.dialect, record).primary,
    }));
  };
  const unitsOfRun = () =>
    admin.searchRead(
      'x_h23_unit',
      [['x_engine_number', '=like', `T${tag.slice(-6)}%`]],
      [
        'x_engine_number',
        'x_partner_id',
        'x_not_in_cdb',
        'x_owner_confirmed',
        'x_frame_number',
        'x_model_name',
        'x_origin_wor_id',
      ],
      { idsOnly: true, order: 'id' },
    );

  async function newPartner(name: string, values: Record<string, unknown>): Promise<number> {
    const [outcome] = await admin.create('res.partner', [{ name, ...values }]);
    return outcome?.id as number;
  }

  async function newWor(name: string, values: Record<string, unknown>): Promise<void> {
    const [outcome] = await workshop.create('x_h23_wor', [
      {
        x_name: `${name}-${tag}`,
        x_branch_id: branchId,
        x_visit_date: '2026-11-20',
        x_source: 'tablet',
        ...values,
      },
    ]);
    if (!outcome?.id) throw outcome?.error ?? new Error('WOR not created');
    wor[name] = outcome.id;
  }

  beforeAll(async () => {
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    await installModule(admin, logger, { dryRun: false });
    // A throw-away database: WORs of other tests and an old watermark would join this run.
    await admin.unlink('x_h23_wor', await admin.call<number[]>('x_h23_wor', 'search', [[]]), {
      chunkSize: 5000,
    });
    const marks = await admin.call<number[]>('x_h23_bridge_state', 'search', [
      [['x_name', '=like', 'wor_%']],
    ]);
    await admin.unlink('x_h23_bridge_state', marks);

    const bridgeUser = await createLiveUser(admin, config, `h23wor${tag}`, [
      'base.group_user',
      'h23_crm.group_bridge',
    ]);
    bridge = bridgeUser.client;
    const workshopUser = await createLiveUser(admin, config, `h23ws${tag}`, [
      'base.group_user',
      'h23_crm.group_workshop_admin',
    ]);
    workshop = workshopUser.client;
    workshopAdminId = workshopUser.id;
    userIds.push(bridgeUser.id, workshopUser.id);
    const [branch] = await admin.create('x_h23_branch', [
      {
        x_name: `Cabang WOR ${tag}`,
        x_dealer_code: `W${tag}`,
        x_workshop_admin_ids: [[6, 0, [workshopAdminId]]],
      },
    ]);
    branchId = branch?.id as number;

    // What the CDB import left in Odoo: the HP where dealers keep it (`mobile` on 17/18, so
    // people are found through it there).
    const cdbOwner = async (name: string, key: string, n: number | null, street: string | null) => {
      person[name] = await newPartner(name, {
        [admin.dialect.partnerMobileField]: n === null ? false : phone(n),
        street: street ?? false,
        x_h23_key: key,
      });
    };
    await cdbOwner('Budi Santoso', `${phone(1)}|budi santoso`, 1, null);
    await cdbOwner('Sari Wulandari', `${phone(2)}|sari wulandari`, 2, 'Jl. Melati 4');
    await cdbOwner('Agus Salim', `${phone(3)}|agus salim`, 3, 'Jl. Kenanga 2');
    await cdbOwner('Dedi Kurniawan', `${phone(5)}|dedi kurniawan`, 5, 'Jl. Flamboyan 1');
    // Two partners typed twice by hand with one phone.
    await cdbOwner('Rudi Hartono', `${phone(4)}|rudi hartono`, 4, null);
    await cdbOwner('Rudi Hartono ', `manual-${tag}`, 4, null);
    person['Rudi Hartono (2)'] = person['Rudi Hartono '] as number;
    const units = await admin.create('x_h23_unit', [
      {
        x_engine_number: engine(1),
        x_partner_id: person['Budi Santoso'],
        x_cdb_owner_key: `${phone(1)}|budi santoso`,
        x_frame_number: 'MH1JM3110NK000001',
        x_model_name: 'BeAT',
        x_purchase_date: '2026-01-05',
        x_branch_id: branchId,
      },
      {
        // Moved in Odoo to Agus, while the CDB still names Dedi.
        x_engine_number: engine(3),
        x_partner_id: person['Agus Salim'],
        x_cdb_owner_key: `${phone(5)}|dedi kurniawan`,
        x_model_name: 'Vario 125',
        x_purchase_date: '2025-06-01',
        x_branch_id: branchId,
      },
    ]);
    unit.e1 = units[0]?.id as number;
    unit.e3 = units[1]?.id as number;

    // The workshop's registrations of the day, one per case.
    await newWor('owner', {
      x_engine_number: engine(1).toLowerCase().replace('e', 'e-'),
      x_carrier_name: 'BUDI SANTOSA',
      x_carrier_phone: national(1),
      x_carrier_address: 'Jl. Merdeka 5',
      x_frame_number: 'MH1JM3110NK000009',
      x_model_name: 'BeAT',
    });
    await newWor('carrier', {
      x_engine_number: engine(1),
      x_carrier_name: 'Rina Marlina',
      x_carrier_phone: national(6),
    });
    await newWor('created', {
      x_engine_number: engine(2),
      x_carrier_name: 'Hendra Gunawan',
      x_carrier_phone: national(7),
      x_carrier_address: 'Jl. Anggrek 9',
      x_model_name: 'Scoopy',
    });
    await newWor('second unit', {
      x_engine_number: engine(4),
      x_carrier_name: 'Sari Wulan Dari',
      x_carrier_phone: national(2),
    });
    await newWor('malformed', {
      x_engine_number: 'JM-??',
      x_carrier_name: 'Budi Santoso',
      x_carrier_phone: national(1),
    });
    await newWor('conflict', {
      x_engine_number: engine(3),
      x_carrier_name: 'Agus Salim',
      x_carrier_phone: national(3),
    });
    await newWor('shared phone', {
      x_engine_number: engine(1),
      x_carrier_name: 'Rudi Hartono',
      x_carrier_phone: national(4),
    });
    await newWor('other phone', {
      x_engine_number: engine(1),
      x_carrier_name: 'Budi Santoso',
      x_carrier_phone: national(8),
    });
  });

  afterAll(async () => {
    if (!admin) return;
    await admin.unlink('x_h23_wor', Object.values(wor));
    await admin.unlink(
      'x_h23_unit',
      (await unitsOfRun()).map((record) => record.id),
    );
    const partners = (await partnersOfRun()).map((record) => record.id);
    await admin.call('res.partner', 'write', [partners, { active: false }]);
    if (branchId) await admin.unlink('x_h23_branch', [branchId]);
    await admin.call('res.users', 'write', [userIds, { active: false }]);
  });

  it('settles what is certain and sends the rest to the workshop admin with the evidence', async () => {
    const report = await reconcile();
    expect(report).toMatchObject({
      read: 8,
      matched: { owner: 1, carrier: 1, created: 2, reviewed: 0 },
      review: 4,
      reviewsOpened: 4,
      peopleCreated: 2,
      unitsCreated: 2,
      errors: [],
    });
    const wors = await readWors();
    const units = await unitsOfRun();
    const unitOf = (n: number) => units.find((record) => record.x_engine_number === engine(n));
    const partners = await partnersOfRun();
    const partnerNamed = (name: string) => partners.find((record) => record.name === name);

    // Carrier = owner: linked, ticked, the owner's missing address filled, the frame number difference recorded.
    expect(wors.owner).toMatchObject({
      x_state: 'matched',
      x_resolution: 'owner',
      x_partner_id: person['Budi Santoso'],
      x_carrier_partner_id: false,
      x_unit_id: unit.e1,
      x_carrier_is_owner: true,
      x_cdb_differences: 'Nomor Rangka: WOR "MH1JM3110NK000009" / CDB "MH1JM3110NK000001"',
    });
    expect(partnerNamed('Budi Santoso')?.street).toBe('Jl. Merdeka 5');
    // Carrier someone else: a new contact of the owner, no tick.
    const rina = partnerNamed('Rina Marlina');
    expect(rina).toMatchObject({
      phone: phone(6),
      parent_id: person['Budi Santoso'],
      x_h23_key: `${phone(6)}|rina marlina`,
    });
    expect(wors.carrier).toMatchObject({
      x_state: 'matched',
      x_resolution: 'carrier',
      x_partner_id: person['Budi Santoso'],
      x_carrier_partner_id: rina?.id,
      x_carrier_is_owner: false,
    });
    // Unknown unit: unit and owner created from the WOR, flagged "not in CDB", the WOR recorded as its origin.
    const hendra = partnerNamed('Hendra Gunawan');
    expect(hendra).toMatchObject({ phone: phone(7), street: 'Jl. Anggrek 9', parent_id: false });
    expect(unitOf(2)).toMatchObject({
      x_partner_id: hendra?.id,
      x_not_in_cdb: true,
      x_model_name: 'Scoopy',
      x_origin_wor_id: wor.created,
    });
    expect(unitOf(1)).toMatchObject({ x_origin_wor_id: false });
    expect(wors.created).toMatchObject({
      x_resolution: 'created',
      x_carrier_is_owner: true,
      x_unit_id: unitOf(2)?.id,
    });
    // Unknown unit of a known customer: the customer is reused, not duplicated.
    expect(unitOf(4)).toMatchObject({
      x_partner_id: person['Sari Wulandari'],
      x_not_in_cdb: true,
      x_origin_wor_id: wor['second unit'],
    });
    expect(partners.filter((record) => record.phone === phone(2))).toHaveLength(1);
    // No guesses.
    expect(wors.malformed).toMatchObject({
      x_state: 'review',
      x_review_reason: 'engine_malformed',
      x_unit_id: false,
    });
    expect(wors.conflict).toMatchObject({
      x_state: 'review',
      x_review_reason: 'owner_conflict',
      x_unit_id: unit.e3,
    });
    expect(wors['shared phone']).toMatchObject({ x_state: 'review', x_review_reason: 'phone_shared' });
    expect(wors['other phone']).toMatchObject({ x_state: 'review', x_review_reason: 'owner_phone_differs' });
    expect(unitOf(3)?.x_partner_id).toBe(person['Agus Salim']);

    const open = await reviewActivities(false);
    expect(open.map((activity) => activity.res_id).sort()).toEqual(
      [wor.malformed, wor.conflict, wor['shared phone'], wor['other phone']].sort(),
    );
    expect(open.every((activity) => activity.user_id === workshopAdminId)).toBe(true);
    const conflictNote = String(open.find((activity) => activity.res_id === wor.conflict)?.note);
    expect(conflictNote).toContain('Pemilik unit di Odoo berbeda dengan pemilik menurut CDB');
    expect(conflictNote).toMatch(/<td>Agus Salim<\/td>\s*<td>Agus Salim<\/td>\s*<td>Dedi Kurniawan<\/td>/);
    const sharedNote = String(open.find((activity) => activity.res_id === wor['shared phone'])?.note);
    expect(sharedNote).toContain(`#${person['Rudi Hartono']}`);
    expect(sharedNote).toContain(`#${person['Rudi Hartono (2)']}`);
  });

  it('running again changes nothing', async () => {
    const before = { wors: await readWors(), partners: await partnersOfRun(), units: await unitsOfRun() };
    const report = await reconcile();
    expect(report).toMatchObject({
      peopleCreated: 0,
      peopleUpdated: 0,
      unitsCreated: 0,
      unitsUpdated: 0,
      reviewsOpened: 0,
    });
    expect(report.matched).toEqual({ owner: 0, carrier: 0, created: 0, reviewed: 0 });
    expect(report.review).toBe(0);
    expect(await readWors()).toEqual(before.wors);
    expect(await partnersOfRun()).toEqual(before.partners);
    expect(await unitsOfRun()).toEqual(before.units);
    expect(await reviewActivities(false)).toHaveLength(4);
  });

  it('applies the workshop admin’s review choices on the next run', async () => {
    await workshop.call('x_h23_wor', 'write', [[wor.conflict], { x_review_choice: 'cdb_owner' }]);
    await workshop.call('x_h23_wor', 'write', [
      [wor['shared phone']],
      { x_review_choice: 'partner', x_review_partner_id: person['Rudi Hartono'] },
    ]);
    await workshop.call('x_h23_wor', 'write', [[wor['other phone']], { x_review_choice: 'owner' }]);
    await workshop.call('x_h23_wor', 'write', [
      [wor.malformed],
      { x_engine_number: engine(1), x_review_choice: 'retry' },
    ]);

    const report = await reconcile();
    expect(report).toMatchObject({
      matched: { owner: 0, carrier: 0, created: 0, reviewed: 4 },
      review: 0,
      reviewsClosed: 4,
      peopleCreated: 0,
      unitsCreated: 0,
      errors: [],
    });
    const wors = await readWors();
    const units = await unitsOfRun();
    // The CDB owner was right: the unit moves to Dedi; Agus, a customer of his own, is reused as the carrier.
    expect(units.find((record) => record.id === unit.e3)).toMatchObject({
      x_partner_id: person['Dedi Kurniawan'],
      x_owner_confirmed: false,
    });
    expect(wors.conflict).toMatchObject({
      x_state: 'matched',
      x_resolution: 'reviewed',
      x_partner_id: person['Dedi Kurniawan'],
      x_carrier_partner_id: person['Agus Salim'],
      x_carrier_is_owner: false,
      x_review_reason: false,
    });
    expect(wors['shared phone']).toMatchObject({
      x_state: 'matched',
      x_resolution: 'reviewed',
      x_partner_id: person['Budi Santoso'],
      x_carrier_partner_id: person['Rudi Hartono'],
    });
    expect(wors['other phone']).toMatchObject({
      x_state: 'matched',
      x_carrier_is_owner: true,
      x_partner_id: person['Budi Santoso'],
      x_cdb_differences: `No. HP: WOR "${phone(8)}" / CDB "${phone(1)}"`,
    });
    expect(wors.malformed).toMatchObject({
      x_state: 'matched',
      x_resolution: 'reviewed',
      x_unit_id: unit.e1,
      x_carrier_is_owner: true,
    });
    expect(await reviewActivities(false)).toHaveLength(0);
    expect(await reviewActivities(true)).toHaveLength(4);

    const again = await reconcile();
    expect(again).toMatchObject({
      peopleCreated: 0,
      unitsCreated: 0,
      unitsUpdated: 0,
      reviewsOpened: 0,
      reviewsClosed: 0,
    });
    expect(again.matched).toEqual({ owner: 0, carrier: 0, created: 0, reviewed: 0 });
    expect(await readWors()).toEqual(wors);
  });

  it('beside a running daemon (the lease held), `reconcile` stops and an import leaves its WORs to the daemon', async () => {
    const lease = new LeaseStore(admin, LEASE_KEY);
    const config = configSchema.parse({ odoo: { url: 'http://127.0.0.1:8069', db: 'h23test', apiKey: 'k' } });
    const held = await lease.acquire('other-host:4242', 60_000);
    expect(held.held).toBe(true);
    try {
      const refused = await runReconcile(bridge, logger, config).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(CliExit);
      expect((refused as CliExit).message).toContain('other-host:4242 holds the lease');
      const left = await runReconcile(bridge, logger, config, {
        worIds: [wor.owner as number],
        ifDaemonRuns: 'leave',
      });
      expect(left).toMatchObject({ leftToDaemon: 'other-host:4242', read: 0 });
    } finally {
      await lease.release('other-host:4242');
    }
    expect((await runReconcile(bridge, logger, config)).leftToDaemon).toBeUndefined();
  });

  it('a dealer’s own WOR model is checked against fields_get and mirrored into x_h23_wor', async () => {
    const model = `x_dms_wor_${tag}`.slice(0, 60);
    const [created] = await admin.create('ir.model', [
      {
        name: 'WOR DMS',
        model,
        field_id: [
          [0, 0, { name: 'x_no_wo', field_description: 'No WO', ttype: 'char' }],
          [0, 0, { name: 'x_tgl', field_description: 'Tanggal', ttype: 'datetime' }],
          [0, 0, { name: 'x_kode_dealer', field_description: 'Kode Dealer', ttype: 'char' }],
          [0, 0, { name: 'x_nomesin', field_description: 'No Mesin', ttype: 'char' }],
          [0, 0, { name: 'x_nama', field_description: 'Nama', ttype: 'char' }],
          [0, 0, { name: 'x_hp', field_description: 'HP', ttype: 'char' }],
          [0, 0, { name: 'x_jenis', field_description: 'Jenis', ttype: 'char' }],
        ],
      },
    ]);
    const modelId = created?.id as number;
    // Custom models made over RPC come without access rows: the dealer's DMS user writes, the bridge reads.
    const accessRows = await admin.create('ir.model.access', [
      {
        name: `${model} bridge`,
        model_id: modelId,
        group_id: (await ref(admin, 'h23_crm.group_bridge'))?.id,
        perm_read: true,
      },
      {
        name: `${model} system`,
        model_id: modelId,
        group_id: (await ref(admin, 'base.group_system'))?.id,
        perm_read: true,
        perm_write: true,
        perm_create: true,
        perm_unlink: true,
      },
    ]);
    // Odoo 19 may keep a stale access cache after an ir.model.access create over RPC until the row is written again.
    await admin.call('ir.model.access', 'write', [accessRows.map((row) => row.id), { perm_read: true }]);
    try {
      const dealer: WorConfig = {
        model,
        batchSize: 100,
        fields: {
          name: 'x_no_wo',
          visitDate: 'x_tgl',
          branch: 'x_kode_dealer',
          engineNumber: 'x_nomesin',
          carrierName: 'x_nama',
          carrierPhone: 'x_hpp',
          carrierAddress: null,
          frameNumber: null,
          modelName: null,
          serviceType: 'x_jenis',
        },
      };
      const refused = await reconcileWors(bridge, logger, { config: dealer }).catch(
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(WorSourceError);
      expect((refused as WorSourceError).problems).toEqual([
        `wor.fields.carrierPhone: "${model}" has no field "x_hpp"`,
      ]);

      dealer.fields.carrierPhone = 'x_hp';
      const [source] = await admin.create(model, [
        {
          x_no_wo: `DMS-${tag}`,
          x_tgl: '2026-11-21 02:30:00',
          x_kode_dealer: `w${tag}`,
          x_nomesin: engine(1),
          x_nama: 'Budi Santoso',
          x_hp: national(1),
          x_jenis: 'KPB 2',
        },
      ]);
      if (!source?.id) throw source?.error ?? new Error('dealer WOR not created');
      const report = await reconcileWors(bridge, logger, { config: dealer });
      expect(report.mirrored).toEqual({ created: 1, updated: 0 });
      const [mirror] = await admin.searchRead(
        'x_h23_wor',
        [['x_source_ref', '=', `${model},${source?.id}`]],
        [
          'x_name',
          'x_visit_date',
          'x_branch_id',
          'x_service_type',
          'x_state',
          'x_resolution',
          'x_partner_id',
          'x_source',
        ],
        { idsOnly: true },
      );
      if (mirror) wor.mirror = mirror.id;
      expect(mirror).toMatchObject({
        x_name: `DMS-${tag}`,
        x_visit_date: '2026-11-21',
        x_branch_id: branchId,
        x_service_type: 'kpb2',
        x_source: 'tablet',
        x_state: 'matched',
        x_resolution: 'owner',
        x_partner_id: person['Budi Santoso'],
      });
      const again = await reconcileWors(bridge, logger, { config: dealer });
      expect(again.mirrored).toEqual({ created: 0, updated: 0 });
    } finally {
      await admin.unlink('ir.model', [modelId]);
    }
  });
});
