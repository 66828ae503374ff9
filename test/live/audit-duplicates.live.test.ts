import nock from 'nock';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { OdooDedupeStore } from '../../src/connectors/odoo/dedupe-store.js';
import { ref } from '../../src/connectors/odoo/external-ids.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { type AuditDuplicatesReport, runAuditDuplicates } from '../../src/jobs/audit-duplicates.js';
import { installModule } from '../../src/jobs/module-install.js';
import { silentLogger } from '../../src/logging/logger.js';
import { DEFAULT_DUPLICATE_POLICY } from '../../src/rules/hygiene/duplicates.js';
import { duplicatePopulation, measureDuplicates } from '../support/duplicate-population.js';
import { createLiveUser, describeLive } from './live-env.js';

const logger = silentLogger();

/**
 * Issue 17's data hygiene in a real Odoo, as the least-privileged bridge user: 300 customers of
 * the seeded population (15 duplicates of every kind, households sharing a phone), phones in
 * `phone` (19) or `phone`/`mobile` (17, 18); units, WORs, follow-ups, activities and messages on
 * the duplicates. The audit finds them (recall ≥ 95%, precision ≥ 98%); Odoo's merge wizard
 * merges the certain groups and, once the PIC marks the rest Gabungkan, those too; everything
 * the merged customers had is the survivor's; no family phone is merged; the next audit finds
 * none of them again.
 */
describeLive('the duplicate audit, in a real Odoo', (config) => {
  let admin: OdooClient;
  let bridge: OdooClient;
  const tag = `${process.pid % 1000}${Date.now() % 100000}`;
  const ids = new Map<number, number>();
  const links = {
    units: [] as number[],
    followups: [] as number[],
    activities: [] as number[],
    messages: [] as number[],
  };
  let population: ReturnType<typeof duplicatePopulation>;
  const today = '2031-01-01';
  const later = '2031-07-01';
  let first: AuditDuplicatesReport;

  const store = () => new OdooDedupeStore(bridge);
  const request = (date: string, autoMergeCertainty: number | null = 95) => ({
    today: date,
    now: Date.now(),
    policy: DEFAULT_DUPLICATE_POLICY,
    autoMergeCertainty,
  });
  const odooId = (generated: number) => ids.get(generated) as number;
  const groupsOf = async (key: string) =>
    (await admin.searchRead(
      'x_h23_dedupe_group',
      [['x_audit_id.x_key', '=', key]],
      [
        'x_key',
        'x_partner_ids',
        'x_member_ids',
        'x_survivor_id',
        'x_certainty',
        'x_decision',
        'x_merged',
        'x_note',
      ],
    )) as Array<Record<string, unknown>>;
  const mine = (memberIds: string) =>
    memberIds
      .split(',')
      .map(Number)
      .filter((id) => [...ids.values()].includes(id));

  beforeAll(async () => {
    nock.enableNetConnect();
    admin = await OdooClient.connect(connectionFromConfig(config), logger);
    await installModule(admin, logger, { dryRun: false });
    const user = await createLiveUser(admin, config, `h23dedupe${tag}`, [
      'base.group_user',
      'h23_crm.group_bridge',
    ]);
    bridge = user.client;
    // A dealer's company has an e-mail: the merge note on 17/18 is posted from it (dedupe-store.ts).
    const [company] = await admin.searchRead('res.company', [], ['email'], { limit: 1 });
    if (company && !company.email)
      await admin.write('res.company', [{ id: company.id, values: { email: `bengkel${tag}@dealer.test` } }]);
    const mobileField = admin.dialect.partnerPhoneFields.length > 1;
    population = duplicatePopulation({
      customers: 300,
      duplicates: 15,
      seed: Number(tag) % 100000,
      mobileField,
      engineStart: 1_000_000 + (Date.now() % 1_000_000) * 100,
    });
    // Names carry the run's tag as a last word: earlier runs' customers stay apart.
    const created = await admin.create(
      'res.partner',
      population.records.map((record) => ({
        name: `${record.name} T${tag}`,
        email: record.email || false,
        street: record.street || false,
        city: record.city || false,
        ...Object.fromEntries(record.phones.map((phone) => [phone.field, phone.value || false])),
      })),
    );
    population.records.forEach((record, index) => {
      ids.set(record.id, created[index]?.id as number);
    });
    // Units of the originals, and the duplicates of the engine kind as carriers of a WOR of that unit.
    const duplicateOf = new Map(population.duplicates.map((duplicate) => [duplicate.id, duplicate]));
    const owned = population.records.filter(
      (record) => !duplicateOf.has(record.id) && record.engineNumbers.length > 0,
    );
    const units = await admin.create(
      'x_h23_unit',
      owned.map((record) => ({ x_engine_number: record.engineNumbers[0], x_partner_id: odooId(record.id) })),
    );
    const unitOf = new Map(
      owned.map((record, index) => [record.engineNumbers[0], units[index]?.id as number]),
    );
    const engineDuplicates = population.duplicates.filter((duplicate) => duplicate.kind === 'engine');
    await admin.create(
      'x_h23_wor',
      engineDuplicates.map((duplicate, index) => {
        const engine =
          population.records.find((record) => record.id === duplicate.of)?.engineNumbers[0] ?? '';
        return {
          x_name: `WOR-DUP-${tag}-${index}`,
          x_visit_date: '2030-12-01',
          x_engine_number: engine,
          x_unit_id: unitOf.get(engine),
          x_carrier_partner_id: odooId(duplicate.id),
          x_state: 'done',
        };
      }),
    );
    // On every duplicate: a unit of its own with a follow-up, an activity, a message.
    const dupUnits = await admin.create(
      'x_h23_unit',
      population.duplicates.map((duplicate, index) => ({
        x_engine_number: `DUP${tag}${String(index).padStart(3, '0')}`.slice(0, 15),
        x_partner_id: odooId(duplicate.id),
      })),
    );
    links.units = dupUnits.map((row) => row.id as number);
    const followups = await admin.create(
      'x_h23_followup',
      population.duplicates.map((duplicate, index) => ({
        x_unit_id: links.units[index],
        x_partner_id: odooId(duplicate.id),
        x_kpb: '1',
        x_due_date: '2031-02-01',
      })),
    );
    links.followups = followups.map((row) => row.id as number);
    const partnerModel = (await ref(admin, 'base.model_res_partner'))?.id as number;
    const todo = (await ref(admin, 'mail.mail_activity_data_todo'))?.id as number;
    const activities = await admin.create(
      'mail.activity',
      population.duplicates.map((duplicate) => ({
        res_model_id: partnerModel,
        res_id: odooId(duplicate.id),
        activity_type_id: todo,
        summary: `Hubungi pelanggan ${tag}`,
        date_deadline: '2031-02-01',
        user_id: admin.uid,
      })),
    );
    links.activities = activities.map((row) => row.id as number);
    const messages = await admin.create(
      'mail.message',
      population.duplicates.map((duplicate) => ({
        model: 'res.partner',
        res_id: odooId(duplicate.id),
        body: `<p>Catatan pelanggan ${tag}</p>`,
        message_type: 'comment',
      })),
    );
    links.messages = messages.map((row) => row.id as number);
  }, 600_000);

  afterAll(() => {
    nock.disableNetConnect();
  });

  it('finds the seeded duplicates and merges the certain groups with Odoo’s wizard', async () => {
    first = await runAuditDuplicates(store(), logger, request(today));
    const groups = (await groupsOf(today)).filter((group) => mine(group.x_member_ids as string).length > 0);
    const generatedOf = new Map([...ids].map(([generated, odoo]) => [odoo, generated]));
    const measured = measureDuplicates(
      population,
      groups.map((group) => ({
        survivorId: 0,
        partnerIds: mine(group.x_member_ids as string).map((id) => generatedOf.get(id) as number),
        certainty: group.x_certainty as number,
        pairs: [],
      })),
    );
    console.info(
      `live audit on Odoo ${admin.dialect.major}: recall ${(measured.recall * 100).toFixed(1)}% (${measured.found}/${measured.seeded}), precision ${(measured.precision * 100).toFixed(1)}% (${measured.truePairs}/${measured.predictedPairs}), ${first.merged.length} merged at once`,
    );
    expect(measured.recall).toBeGreaterThanOrEqual(0.95);
    expect(measured.precision).toBeGreaterThanOrEqual(0.98);
    expect(measured.familyPhonesJoined).toBe(0);
    expect(first.errors).toEqual([]);
    const audit = await admin.searchRead(
      'x_h23_dedupe_audit',
      [['x_key', '=', today]],
      ['x_state', 'x_customers_before', 'x_customers_after', 'x_groups_before', 'x_merged_groups'],
    );
    expect(audit[0]).toMatchObject({ x_state: 'done', x_merged_groups: first.mergedGroups });
    expect((audit[0]?.x_customers_before as number) - (audit[0]?.x_customers_after as number)).toBe(
      first.mergedCustomers,
    );
    const findings = await admin.searchCount('x_h23_dedupe_finding', [['x_audit_id.x_key', '=', today]]);
    expect(findings).toBeGreaterThan(0);
  }, 600_000);

  it('merges the groups the PIC marked Gabungkan; units, follow-ups, activities and messages follow the survivor', async () => {
    const pending = (await groupsOf(today)).filter(
      (group) => !group.x_merged && mine(group.x_member_ids as string).length > 0,
    );
    await admin.write(
      'x_h23_dedupe_group',
      pending.map((group) => ({ id: group.id as number, values: { x_decision: 'merge' } })),
    );
    const second = await runAuditDuplicates(store(), logger, request(today));
    expect(second.errors).toEqual([]);
    const groups = (await groupsOf(today)).filter((group) => mine(group.x_member_ids as string).length > 0);
    const survivorOf = new Map<number, number>();
    for (const group of groups) {
      if (group.x_note) {
        // Only an administrator may merge different e-mails: left, and said so.
        expect(group.x_note).toMatch(/^E-mail berbeda/);
        continue;
      }
      expect(group.x_merged, group.x_key as string).toBe(true);
      const survivor = (group.x_survivor_id as [number])[0];
      expect(group.x_partner_ids).toEqual([survivor]);
      for (const id of mine(group.x_member_ids as string)) survivorOf.set(id, survivor);
    }
    const merged = [...survivorOf].filter(([id, survivor]) => id !== survivor).map(([id]) => id);
    expect(merged.length).toBeGreaterThan(10);
    expect(
      await admin.searchCount('res.partner', [['id', 'in', merged]], { context: { active_test: false } }),
    ).toBe(0);
    const duplicateOdoo = population.duplicates.map((duplicate) => odooId(duplicate.id));
    const expectOwner = (
      rows: Array<Record<string, unknown>>,
      field: string,
      index: (row: Record<string, unknown>) => number,
    ) => {
      for (const row of rows) {
        const before = duplicateOdoo[index(row)] as number;
        const now = typeof row[field] === 'number' ? (row[field] as number) : (row[field] as [number])[0];
        expect(now, `${field} of ${row.id}`).toBe(survivorOf.get(before) ?? before);
      }
    };
    const position = (list: number[]) => (row: Record<string, unknown>) => list.indexOf(row.id as number);
    expectOwner(
      await admin.read('x_h23_unit', links.units, ['x_partner_id']),
      'x_partner_id',
      position(links.units),
    );
    expectOwner(
      await admin.read('x_h23_followup', links.followups, ['x_partner_id']),
      'x_partner_id',
      position(links.followups),
    );
    const activities = await admin.read('mail.activity', links.activities, ['res_id', 'res_model'], {
      context: { active_test: false },
    });
    expect(activities).toHaveLength(links.activities.length);
    expectOwner(activities, 'res_id', position(links.activities));
    const messages = await admin.read('mail.message', links.messages, ['res_id', 'model']);
    expect(messages).toHaveLength(links.messages.length);
    expectOwner(messages, 'res_id', position(links.messages));
    for (const [a, b] of population.familyPhonePairs)
      expect(await admin.searchCount('res.partner', [['id', 'in', [odooId(a), odooId(b)]]])).toBe(2);
  }, 600_000);

  it('the next audit finds none of the merged customers again', async () => {
    const next = await runAuditDuplicates(store(), logger, request(later));
    expect(next.errors).toEqual([]);
    const mergedBefore = new Set(
      (await groupsOf(today))
        .filter((group) => group.x_merged)
        .flatMap((group) => mine(group.x_member_ids as string)),
    );
    const again = (await groupsOf(later)).filter((group) =>
      mine(group.x_member_ids as string).some((id) => mergedBefore.has(id)),
    );
    expect(again).toEqual([]);
    // The same day again writes nothing new.
    const rerun = await runAuditDuplicates(store(), logger, request(later));
    expect(rerun.groupsCreated + rerun.findingsCreated + rerun.merged.length).toBe(0);
  }, 600_000);
});
