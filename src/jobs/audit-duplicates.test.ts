import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { duplicatePopulation, measureDuplicates } from '../../test/support/duplicate-population.js';
import { MemoryDedupeStore } from '../../test/support/memory-dedupe-store.js';
import { silentLogger } from '../logging/logger.js';
import type { CustomerRecord } from '../rules/hygiene/customer-profile.js';
import {
  type AuditDuplicatesRequest,
  auditDuplicatesRequestOf,
  DIFFERENT_EMAILS_NOTE,
  dryRunDedupeStore,
  groupKeyOf,
  runAuditDuplicates,
  runAuditIfDue,
} from './audit-duplicates.js';

const NOW = Date.UTC(2027, 0, 1, 2, 0, 0);
const CONFIG = loadConfig({
  env: { ODOO_URL: 'http://odoo.test', ODOO_DB: 'x', ODOO_API_KEY: 'k' },
  cwd: '/nonexistent',
});

const request = (
  today = '2027-01-01',
  overrides: Partial<AuditDuplicatesRequest> = {},
): AuditDuplicatesRequest => ({
  ...auditDuplicatesRequestOf(CONFIG, today, NOW),
  ...overrides,
});

const customer = (
  id: number,
  name: string,
  phone: string | null,
  extra: Partial<CustomerRecord> = {},
): CustomerRecord => ({
  id,
  name,
  phones: [{ field: 'phone', value: phone }],
  email: null,
  street: 'Jl. Merdeka No. 5',
  city: 'Bandung',
  engineNumbers: [],
  active: true,
  ...extra,
});

/**
 * Budi three times (one with his motorcycle, two typed at later visits: `+62 812…` with a
 * title, in capitals with his e-mail spelt otherwise), Siti his wife on his phone and at his address, Ani twice
 * with one phone (certainty 90: for review), Rudi twice with two e-mails, and Dewi with a bad
 * phone and e-mail. Units, follow-ups, activities and messages hang on the duplicates.
 */
function scenario(killSwitch?: { writesLeft: number }): MemoryDedupeStore {
  const store = new MemoryDedupeStore(
    [
      customer(1, 'Budi Santoso', '081234567890', {
        engineNumbers: ['JM31E1234567'],
        email: 'budi@gmail.com',
      }),
      customer(2, 'Bpk. Budi Santoso', '+62 812-3456-7890', { engineNumbers: ['JM31E1234567'] }),
      customer(3, 'BUDI SANTOSO', '6281234567890', { email: 'Budi@gmail.com', street: null }),
      customer(4, 'Siti Santoso', '081234567890'),
      customer(5, 'Ibu Ani Rahayu', '085711112222', { street: 'Jl. Mawar 7', city: 'Bogor' }),
      customer(6, 'Ani Rahayu', '0857-1111-2222', { street: null, city: null, email: 'ani@gmail ' }),
      customer(7, 'Rudi Hartono', '081399998888', { email: 'rudi@x.id', engineNumbers: ['KC56E1111111'] }),
      customer(8, 'Sdr. Rudi Hartono', '081399998888', {
        email: 'rudi.h@y.id',
        engineNumbers: ['KC56E1111111'],
      }),
      customer(9, 'Dewi Lestari', '12345', { email: 'dewi@', street: 'Jl. Kenanga 3', city: 'Depok' }),
    ],
    killSwitch,
  );
  store.units = [
    { id: 101, partnerId: 1 },
    { id: 102, partnerId: 2 },
    { id: 103, partnerId: 6 },
  ];
  store.followups = [
    { id: 201, partnerId: 2 },
    { id: 202, partnerId: 3 },
  ];
  store.activities = [{ id: 301, partnerId: 3 }];
  store.messages = [
    { id: 401, partnerId: 2 },
    { id: 402, partnerId: 4 },
  ];
  return store;
}

describe('the duplicate audit job', () => {
  it('writes the audit, merges the certain group, keeps the family apart and lists the inaccurate data', async () => {
    const store = scenario();
    const report = await runAuditDuplicates(store, silentLogger(), request());
    expect(report.before).toMatchObject({ customers: 9, duplicateGroups: 3, duplicateCustomers: 4 });
    expect(report.merged).toEqual([{ group: groupKeyOf('2027-01-01', 1), survivorId: 1, merged: [2, 3] }]);
    expect(report.blocked).toEqual([{ group: groupKeyOf('2027-01-01', 7), reason: 'different e-mails' }]);
    // Budi's records are one; every unit, follow-up, activity and message is his.
    expect([...store.partners.keys()]).toEqual([1, 4, 5, 6, 7, 8, 9]);
    expect(store.units.map((unit) => unit.partnerId)).toEqual([1, 1, 6]);
    expect(store.followups.map((item) => item.partnerId)).toEqual([1, 1]);
    expect(store.activities.map((item) => item.partnerId)).toEqual([1]);
    expect(store.messages.map((item) => item.partnerId)).toEqual([1, 4]);
    // One e-mail spelling before the wizard (it compares them as typed).
    expect(store.partners.get(1)?.email).toBe('budi@gmail.com');
    const groups = [...store.groups.values()];
    expect(
      groups.map((group) => [group.key, group.memberIds, group.certainty, group.merged, group.note]),
    ).toEqual([
      [groupKeyOf('2027-01-01', 7), [7, 8], 100, false, DIFFERENT_EMAILS_NOTE],
      [groupKeyOf('2027-01-01', 1), [1, 2, 3], 99, true, null],
      [groupKeyOf('2027-01-01', 5), [5, 6], 90, false, null],
    ]);
    expect(groups[1]?.partnerIds).toEqual([1]);
    expect(groups[1]?.evidence).toContain('No. telepon sama (+6281234567890)');
    const audit = store.audits.get('2027-01-01');
    expect(audit).toMatchObject({ state: 'done', mergedGroups: 1, mergedCustomers: 2 });
    expect(audit?.after).toMatchObject({ customers: 7, duplicateGroups: 2, duplicateCustomers: 2 });
    expect([...store.findings.values()].map((row) => [row.partnerId, row.kind, row.detail])).toEqual([
      [4, 'email_missing', 'email: kosong'],
      [5, 'email_missing', 'email: kosong'],
      [6, 'email_malformed', 'email: ani@gmail '],
      [6, 'address_incomplete', 'alamat tanpa jalan dan kota'],
      [9, 'phone_invalid', 'phone: 12345'],
      [9, 'email_malformed', 'email: dewi@'],
    ]);
  });

  it('the next audit finds none of the merged again; the PIC’s decisions are carried out and kept', async () => {
    const store = scenario();
    await runAuditDuplicates(store, silentLogger(), request());
    store.decide(groupKeyOf('2027-01-01', 5), 'merge');
    store.decide(groupKeyOf('2027-01-01', 7), 'not_duplicate');
    const next = await runAuditDuplicates(store, silentLogger(), request('2027-07-01'));
    expect(next.merged).toEqual([{ group: groupKeyOf('2027-01-01', 5), survivorId: 5, merged: [6] }]);
    expect(next.before.duplicateGroups).toBe(1);
    expect(next.after.duplicateGroups).toBe(0);
    expect([...store.groups.keys()]).toEqual([
      groupKeyOf('2027-01-01', 7),
      groupKeyOf('2027-01-01', 1),
      groupKeyOf('2027-01-01', 5),
      groupKeyOf('2027-07-01', 5),
    ]);
    expect(store.groups.get(groupKeyOf('2027-07-01', 5))?.merged).toBe(true);
    // Ani's malformed e-mail was one value still: written on both, so Odoo's wizard merges them.
    expect(store.partners.get(5)?.email).toBe('ani@gmail');
    expect(store.units.map((unit) => unit.partnerId)).toEqual([1, 1, 5]);
    const third = await runAuditDuplicates(store, silentLogger(), request('2028-01-01'));
    expect(third.before.duplicateGroups).toBe(0);
    expect(third.groupsCreated).toBe(0);
    expect([...store.partners.keys()]).toEqual([1, 4, 5, 7, 8, 9]);
  });

  it('merges nothing without auto-merge; a refused group is noted and the others go on', async () => {
    const store = scenario();
    const report = await runAuditDuplicates(
      store,
      silentLogger(),
      request('2027-01-01', { autoMergeCertainty: null }),
    );
    expect(report.merged).toEqual([]);
    expect(store.partners.size).toBe(9);
    store.refuse.add(6);
    store.decide(groupKeyOf('2027-01-01', 5), 'merge');
    store.decide(groupKeyOf('2027-01-01', 1), 'merge');
    const again = await runAuditDuplicates(
      store,
      silentLogger(),
      request('2027-01-01', { autoMergeCertainty: null }),
    );
    expect(again.merged.map((merge) => merge.survivorId)).toEqual([1]);
    expect(again.errors).toEqual([
      { record: groupKeyOf('2027-01-01', 5), message: 'You cannot merge a contact with one of his parent.' },
    ]);
    expect(store.groups.get(groupKeyOf('2027-01-01', 5))?.note).toBe(
      'Gagal digabung: You cannot merge a contact with one of his parent.',
    );
    // The record keeps the counts of the day's first run before, the last run's after.
    expect(store.audits.get('2027-01-01')?.before.customers).toBe(9);
    expect(store.audits.get('2027-01-01')?.after?.customers).toBe(7);
  });

  it('writes nothing on a dry run', async () => {
    const store = scenario();
    const report = await runAuditDuplicates(dryRunDedupeStore(store), silentLogger(), request());
    expect(report.groupsCreated).toBe(3);
    expect(report.merged).toHaveLength(1);
    expect(store.audits.size + store.groups.size + store.findings.size).toBe(0);
    expect(store.partners.size).toBe(9);
  });
});

describe('the duplicate audit job killed at any write', () => {
  it('a re-run ends where an uninterrupted run does', async () => {
    const reference = scenario();
    await runAuditDuplicates(reference, silentLogger(), request());
    const total = reference.writes;
    const expected = reference.snapshot();
    expect(total).toBeGreaterThan(5);
    for (let budget = 0; budget < total; budget += 1) {
      const killSwitch = { writesLeft: budget };
      const memory = scenario(killSwitch);
      await expect(runAuditDuplicates(memory, silentLogger(), request())).rejects.toThrow('killed');
      killSwitch.writesLeft = Number.POSITIVE_INFINITY;
      await runAuditDuplicates(memory, silentLogger(), request());
      expect(memory.snapshot(), `killed after ${budget} write(s)`).toEqual(expected);
    }
  });
});

describe('the duplicate audit job on a seeded population', () => {
  it('merges the certain groups, finds none of them again, and never merges a family phone', async () => {
    const population = duplicatePopulation({ customers: 1500, duplicates: 75, seed: 9, mobileField: true });
    const store = new MemoryDedupeStore(population.records);
    const first = await runAuditDuplicates(
      store,
      silentLogger(),
      request('2027-01-01', { autoMergeCertainty: 60 }),
    );
    const measured = measureDuplicates(
      population,
      [...store.groups.values()].map((group) => ({
        survivorId: group.survivorId ?? 0,
        partnerIds: group.memberIds,
        certainty: group.certainty,
        pairs: [],
      })),
    );
    expect(measured.recall).toBeGreaterThanOrEqual(0.95);
    expect(measured.precision).toBeGreaterThanOrEqual(0.98);
    for (const [a, b] of population.familyPhonePairs) {
      expect(store.partners.has(a) && store.partners.has(b), `family ${a}/${b}`).toBe(true);
    }
    expect(first.merged.length + first.blocked.length).toBe(first.before.duplicateGroups);
    const second = await runAuditDuplicates(
      store,
      silentLogger(),
      request('2027-07-01', { autoMergeCertainty: 60 }),
    );
    const mergedMembers = new Set(first.merged.flatMap((merge) => [merge.survivorId, ...merge.merged]));
    const again = [...store.groups.values()].filter(
      (group) => group.key.startsWith('2027-07-01') && group.memberIds.some((id) => mergedMembers.has(id)),
    );
    expect(again).toEqual([]);
    expect(second.before.duplicateGroups).toBe(first.blocked.length);
  });
});

describe('the audit request from the config', () => {
  it('takes the certainty and the policy (env overrides); auto-merge off merges only decisions', () => {
    const config = loadConfig({
      env: {
        ODOO_URL: 'http://odoo.test',
        ODOO_DB: 'x',
        ODOO_API_KEY: 'k',
        AUDIT_AUTO_MERGE_CERTAINTY: '97',
        AUDIT_MAX_BLOCK_SIZE: '40',
      },
      cwd: '/nonexistent',
    });
    expect(auditDuplicatesRequestOf(config, '2027-01-01', NOW)).toMatchObject({
      autoMergeCertainty: 97,
      policy: { maxBlockSize: 40, minNameSimilarity: 0.8, minPairScore: 60 },
    });
    expect(config.daemon.auditCron).toBe('0 2 1 1,7 *');
    const off = loadConfig({
      env: { ODOO_URL: 'http://odoo.test', ODOO_DB: 'x', ODOO_API_KEY: 'k', AUDIT_AUTO_MERGE: 'false' },
      cwd: '/nonexistent',
    });
    expect(auditDuplicatesRequestOf(off, '2027-01-01', NOW).autoMergeCertainty).toBeNull();
  });
});

describe('the daemon’s audit, when due', () => {
  it('audits a database never audited, then not again until six months have passed', async () => {
    const store = scenario();
    expect(await runAuditIfDue(store, silentLogger(), request('2027-01-01'), 6)).toHaveProperty(
      'key',
      '2027-01-01',
    );
    expect(await runAuditIfDue(store, silentLogger(), request('2027-06-30'), 6)).toEqual({
      skipped: true,
      lastAudit: '2027-01-01',
    });
    expect(store.audits.size).toBe(1);
    expect(await runAuditIfDue(store, silentLogger(), request('2027-07-01'), 6)).toHaveProperty(
      'key',
      '2027-07-01',
    );
    expect(store.audits.size).toBe(2);
  });
});
