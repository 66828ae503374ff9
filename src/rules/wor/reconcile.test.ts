import { describe, expect, it } from 'vitest';
import { planWorReconciliation, type WorOutcome, type WorPlan, worFingerprint } from './reconcile.js';
import type { Known, Person, Unit, Wor } from './types.js';

const ENGINE = 'JM31E1234567';
const OTHER_ENGINE = 'JM31E7654321';

const budi: Person = {
  id: 10,
  name: 'Budi Santoso',
  phone: '+6281234567890',
  street: 'Jl. Merdeka No. 5',
  city: 'Bekasi',
  key: '+6281234567890|budi santoso',
  parentId: null,
};
const sari: Person = {
  id: 11,
  name: 'Sari Wulandari',
  phone: '+6285711112222',
  street: null,
  city: null,
  key: '+6285711112222|sari wulandari',
  parentId: null,
};
const agus: Person = {
  id: 12,
  name: 'Agus Salim',
  phone: '+6281300001111',
  street: 'Jl. Kenanga 2',
  city: 'Bogor',
  key: '+6281300001111|agus salim',
  parentId: null,
};

const unit = (overrides: Partial<Unit> = {}): Unit => ({
  id: 100,
  engineNumber: ENGINE,
  ownerId: budi.id,
  branchId: 1,
  frameNumber: 'MH1JM3110NK123456',
  modelName: 'BeAT',
  purchaseDate: '2026-01-05',
  cdbOwnerKey: budi.key,
  ownerConfirmed: false,
  originWorId: null,
  ...overrides,
});

const wor = (overrides: Partial<Wor> = {}): Wor => ({
  id: 1,
  name: 'WO-1',
  branchId: 1,
  visitDate: '2026-11-20',
  engineNumber: ENGINE,
  carrierName: 'Budi Santoso',
  carrierPhone: '0812-3456-7890',
  carrierAddress: null,
  frameNumber: null,
  modelName: null,
  state: 'new',
  reconciledKey: null,
  reviewReason: null,
  reviewChoice: null,
  reviewPartnerId: null,
  ...overrides,
});

function known(units: Unit[], people: Person[]): Known {
  return {
    units: new Map(units.map((item) => [item.engineNumber, item])),
    people: new Map(people.map((person) => [person.id, person])),
  };
}

const standard = () => known([unit()], [budi, sari, agus]);

function only(plan: WorPlan): WorOutcome {
  expect(plan.outcomes).toHaveLength(1);
  return plan.outcomes[0] as WorOutcome;
}

describe('planWorReconciliation: one WOR, one case of the SOP', () => {
  const cases: Array<{
    name: string;
    wor: Partial<Wor>;
    known?: Known;
    expect: Partial<WorOutcome>;
    people?: number;
    units?: number;
  }> = [
    {
      name: 'unit known, carrier has the owner’s phone → WOR = BPA',
      wor: { carrierName: 'BUDI SANTOSA', carrierPhone: '62 812 3456 7890' },
      expect: { state: 'matched', resolution: 'owner', ownerRef: 10, carrierRef: null, carrierIsOwner: true },
      people: 0,
    },
    {
      name: 'unit known, same name and address, another phone → WOR = BPA, the phone recorded as a difference',
      wor: { carrierPhone: '0813 9999 0000', carrierAddress: 'Jalan Merdeka Nomor 5' },
      expect: {
        state: 'matched',
        resolution: 'owner',
        carrierIsOwner: true,
        differences: 'No. HP: WOR "+6281399990000" / CDB "+6281234567890"',
      },
    },
    {
      name: 'unit known, same name, another phone, no address to confirm → review',
      wor: { carrierPhone: '0813 9999 0000' },
      expect: { state: 'review', reviewReason: 'owner_phone_differs', resolution: null, unitRef: 100 },
    },
    {
      name: 'unit known, carrier someone new → a contact of the owner, no tick',
      wor: { carrierName: 'Rina Marlina', carrierPhone: '0857 2222 3333' },
      expect: {
        state: 'matched',
        resolution: 'carrier',
        ownerRef: 10,
        carrierRef: -1,
        carrierIsOwner: false,
      },
      people: 1,
    },
    {
      name: 'unit known, carrier a known customer (same phone, name spelled otherwise) → reused',
      wor: { carrierName: 'Sari Wulan Dari', carrierPhone: '+62 857-1111-2222' },
      expect: { state: 'matched', resolution: 'carrier', carrierRef: 11, carrierIsOwner: false },
      people: 0,
    },
    {
      name: 'unit known, the carrier’s phone belongs to another customer → review',
      wor: { carrierName: 'Joko Widodo', carrierPhone: '081300001111' },
      expect: { state: 'review', reviewReason: 'phone_other_customer' },
      people: 0,
    },
    {
      name: 'unit unknown to Odoo and the CDB → unit and owner created, WOR = BPA',
      wor: { engineNumber: 'jm31e-7654321', carrierName: 'Dedi Kurniawan', carrierPhone: '0896 1234 5678' },
      expect: {
        state: 'matched',
        resolution: 'created',
        ownerRef: -1,
        unitRef: -2,
        carrierIsOwner: true,
        engineNumber: OTHER_ENGINE,
        differences: null,
      },
      people: 1,
      units: 1,
    },
    {
      name: 'unit unknown, its owner already a customer (a second motorcycle) → partner reused',
      wor: { engineNumber: OTHER_ENGINE, carrierName: 'Agus Salim', carrierPhone: '0813-0000-1111' },
      expect: { state: 'matched', resolution: 'created', ownerRef: 12, unitRef: -1 },
      people: 0,
      units: 1,
    },
    {
      name: 'malformed engine number → review',
      wor: { engineNumber: 'JM31-??' },
      expect: { state: 'review', reviewReason: 'engine_malformed', engineNumber: null, unitRef: null },
    },
    {
      name: 'no carrier name → review',
      wor: { carrierName: '  ' },
      expect: { state: 'review', reviewReason: 'carrier_missing' },
    },
    {
      name: 'Odoo’s owner is not the one the CDB names → review',
      wor: {},
      known: known([unit({ ownerId: agus.id })], [budi, sari, agus]),
      expect: { state: 'review', reviewReason: 'owner_conflict', ownerRef: 12 },
    },
    {
      name: 'an owner confirmed by an admin is not a conflict',
      wor: { carrierName: 'Agus Salim', carrierPhone: '081300001111' },
      known: known([unit({ ownerId: agus.id, ownerConfirmed: true })], [budi, sari, agus]),
      expect: { state: 'matched', resolution: 'owner', ownerRef: 12 },
    },
  ];

  it.each(cases)('$name', (row) => {
    const plan = planWorReconciliation([wor(row.wor)], row.known ?? standard());
    expect(only(plan)).toMatchObject(row.expect);
    if (row.people !== undefined) expect(plan.createPeople).toHaveLength(row.people);
    if (row.units !== undefined) expect(plan.createUnits).toHaveLength(row.units);
  });

  it('two partners with the same phone and name → review, both shown', () => {
    const twin: Person = { ...budi, id: 13, key: 'dup' };
    const plan = planWorReconciliation([wor({ engineNumber: OTHER_ENGINE })], known([unit()], [budi, twin]));
    const outcome = only(plan);
    expect(outcome).toMatchObject({ state: 'review', reviewReason: 'phone_shared' });
    expect(outcome.evidence).toContain('#10');
    expect(outcome.evidence).toContain('#13');
  });

  it('a new carrier is created with the owner as parent and the owner key scheme', () => {
    const plan = planWorReconciliation(
      [
        wor({
          carrierName: 'IBU RINA MARLINA',
          carrierPhone: '0857 2222 3333',
          carrierAddress: 'Gg. Mawar 3',
        }),
      ],
      standard(),
    );
    expect(plan.createPeople).toEqual([
      {
        ref: -1,
        key: '+6285722223333|rina marlina',
        name: 'Ibu Rina Marlina',
        phone: '+6285722223333',
        street: 'Gg. Mawar 3',
        parentRef: 10,
      },
    ]);
  });

  it('fills the owner’s and the unit’s blanks from the WOR, never overwrites', () => {
    const bare = { ...sari, id: 20, key: 'k20', phone: '+6281200000001', street: null };
    const plan = planWorReconciliation(
      [
        wor({
          carrierName: 'Sari Wulandari',
          carrierPhone: '081200000001',
          carrierAddress: 'Jl. Anggrek 9',
          frameNumber: 'MH1JM3110NK999999',
          modelName: 'Vario 125',
        }),
      ],
      known([unit({ ownerId: 20, cdbOwnerKey: 'k20', modelName: null })], [bare]),
    );
    expect(only(plan)).toMatchObject({ resolution: 'owner' });
    expect(plan.updatePeople.get(20)).toEqual({ street: 'Jl. Anggrek 9' });
    expect(plan.updateUnits.get(100)).toEqual({ modelName: 'Vario 125' });
    expect(only(plan).differences).toBe('Nomor Rangka: WOR "MH1JM3110NK999999" / CDB "MH1JM3110NK123456"');
  });

  it('a review evidence puts WOR, Odoo and CDB side by side and escapes what people typed', () => {
    const plan = planWorReconciliation(
      [wor({ carrierName: 'Budi <script>', carrierPhone: '0813 9999 0000' })],
      known([unit({ ownerId: agus.id })], [budi, agus]),
    );
    const evidence = only(plan).evidence ?? '';
    expect(evidence).toContain('<th>WOR (pembawa)</th><th>Odoo (pemilik/BPA)</th><th>CDB</th>');
    expect(evidence).toContain('<td>Agus Salim</td><td>Budi Santoso</td>');
    expect(evidence).not.toContain('<script>');
    expect(evidence).toContain('Pemilik menurut CDB yang benar');
  });
});

describe('planWorReconciliation: the admin’s choice on a reviewed WOR', () => {
  const inReview = (choice: Wor['reviewChoice'], extra: Partial<Wor> = {}): Wor =>
    wor({
      state: 'review',
      reviewReason: 'owner_conflict',
      reviewChoice: choice,
      reconciledKey: 'old',
      ...extra,
    });
  const conflict = () => known([unit({ ownerId: agus.id })], [budi, sari, agus]);

  it('"the CDB owner is right" moves the unit to the CDB owner and settles the WOR', () => {
    const plan = planWorReconciliation([inReview('cdb_owner')], conflict());
    expect(plan.updateUnits.get(100)).toEqual({ ownerRef: 10, ownerConfirmed: false });
    expect(only(plan)).toMatchObject({
      state: 'matched',
      resolution: 'reviewed',
      ownerRef: 10,
      carrierIsOwner: true,
      closesReview: true,
    });
  });

  it('"Odoo’s owner is right" confirms the owner; the carrier becomes a contact', () => {
    const plan = planWorReconciliation([inReview('odoo_owner')], conflict());
    expect(plan.updateUnits.get(100)).toEqual({ ownerConfirmed: true });
    expect(only(plan)).toMatchObject({
      state: 'matched',
      resolution: 'reviewed',
      ownerRef: 12,
      carrierRef: 10,
    });
  });

  it('"use the chosen contact" links that partner', () => {
    const plan = planWorReconciliation(
      [
        wor({
          state: 'review',
          reviewReason: 'phone_other_customer',
          carrierName: 'Joko',
          carrierPhone: '081300001111',
          reviewChoice: 'partner',
          reviewPartnerId: 11,
        }),
      ],
      standard(),
    );
    expect(only(plan)).toMatchObject({ state: 'matched', resolution: 'reviewed', carrierRef: 11 });
  });

  it('"use the chosen contact" with none chosen stays in review and says why', () => {
    const plan = planWorReconciliation([inReview('partner', { reviewReason: 'phone_shared' })], standard());
    expect(only(plan)).toMatchObject({ state: 'review', reviewReason: 'phone_shared', closesReview: false });
    expect(only(plan).evidence).toContain('Kontak yang Dipilih');
  });

  it('"the carrier is someone else" creates a new contact even though the phone is known', () => {
    const plan = planWorReconciliation(
      [
        wor({
          state: 'review',
          reviewReason: 'phone_other_customer',
          carrierName: 'Joko',
          carrierPhone: '081300001111',
          reviewChoice: 'carrier',
        }),
      ],
      standard(),
    );
    expect(plan.createPeople).toHaveLength(1);
    expect(only(plan)).toMatchObject({ resolution: 'reviewed', carrierRef: -1, ownerRef: 10 });
  });

  it('a choice cannot repair a malformed engine number', () => {
    const plan = planWorReconciliation(
      [inReview('owner', { engineNumber: 'X', reviewReason: 'engine_malformed' })],
      standard(),
    );
    expect(only(plan)).toMatchObject({ state: 'review', reviewReason: 'engine_malformed' });
    expect(only(plan).evidence).toContain('Perbaiki dulu nomor mesin');
  });
});

describe('planWorReconciliation: re-runs and batches', () => {
  it('a WOR unchanged since its reconciliation is left alone; a done WOR too', () => {
    const settled = wor({ state: 'matched' });
    const plan = planWorReconciliation(
      [{ ...settled, reconciledKey: worFingerprint(settled) }, wor({ id: 2, state: 'done' })],
      standard(),
    );
    expect(plan.outcomes).toEqual([]);
    expect(plan.unchanged).toBe(2);
  });

  it('a changed WOR is reconciled again', () => {
    const settled = wor({ state: 'matched' });
    const plan = planWorReconciliation(
      [
        {
          ...settled,
          reconciledKey: worFingerprint(settled),
          carrierPhone: '0857 2222 3333',
          carrierName: 'Rina',
        },
      ],
      standard(),
    );
    expect(only(plan)).toMatchObject({ resolution: 'carrier' });
  });

  it('one new customer on several WORs of one batch is created once, whatever the spelling', () => {
    const plan = planWorReconciliation(
      [
        wor({
          id: 1,
          engineNumber: 'AAA1E1000001',
          carrierName: 'Muhammad Rizky',
          carrierPhone: '0812 7777 8888',
        }),
        wor({
          id: 2,
          engineNumber: 'AAA1E1000002',
          carrierName: 'MUHAMAD RIZKI',
          carrierPhone: '+62 812-7777-8888',
        }),
        wor({ id: 3, engineNumber: 'AAA1E1000001', carrierName: 'M. Rizki', carrierPhone: '6281277778888' }),
      ],
      known([], []),
    );
    expect(plan.createPeople).toHaveLength(1);
    expect(plan.createUnits).toHaveLength(2);
    expect(plan.outcomes.map((outcome) => [outcome.resolution, outcome.ownerRef])).toEqual([
      ['created', -1],
      ['created', -1],
      ['owner', -1],
    ]);
  });
});

describe('planWorReconciliation: a unit made for a WOR by a run cut short before the WOR was written', () => {
  /** Known as Odoo holds it once the plan's people and units are written (planned refs become ids). */
  function written(
    before: Known,
    plan: WorPlan,
  ): { known: Known; idOf: (ref: number | null) => number | null } {
    const ids = new Map<number, number>();
    const idOf = (ref: number | null) => (ref === null || ref > 0 ? ref : (ids.get(ref) ?? null));
    const people = new Map(before.people);
    plan.createPeople.forEach((person, index) => {
      const id = 500 + index;
      ids.set(person.ref, id);
      people.set(id, {
        id,
        name: person.name,
        phone: person.phone,
        street: person.street,
        city: null,
        key: person.key,
        parentId: idOf(person.parentRef),
      });
    });
    for (const [id, changes] of plan.updatePeople)
      people.set(id, { ...(people.get(id) as Person), ...changes });
    const units = new Map(before.units);
    plan.createUnits.forEach((planned, index) => {
      const id = 600 + index;
      ids.set(planned.ref, id);
      units.set(planned.engineNumber, {
        id,
        engineNumber: planned.engineNumber,
        ownerId: idOf(planned.ownerRef),
        branchId: planned.branchId,
        frameNumber: planned.frameNumber,
        modelName: planned.modelName,
        purchaseDate: null,
        cdbOwnerKey: null,
        ownerConfirmed: false,
        originWorId: planned.originWorId,
      });
    });
    return { known: { units, people }, idOf };
  }

  const choosing = (choice: Wor['reviewChoice'], extra: Partial<Wor> = {}): Partial<Wor> => ({
    state: 'review',
    reviewReason: 'phone_other_customer',
    reconciledKey: 'old',
    reviewChoice: choice,
    ...extra,
  });

  const cases: Array<{ name: string; wor: Partial<Wor>; resolution: WorOutcome['resolution'] }> = [
    {
      name: 'a new customer',
      wor: {
        carrierName: 'Dedi Kurniawan',
        carrierPhone: '0896 1234 5678',
        frameNumber: 'MH1JM3110NK000777',
      },
      resolution: 'created',
    },
    {
      name: 'a known customer at another address (no CDB data for the address to differ from)',
      wor: { carrierName: 'Agus Salim', carrierPhone: '0813-0000-1111', carrierAddress: 'Jl. Melati 7' },
      resolution: 'created',
    },
    {
      name: 'a new customer without a phone (known by engine number and name)',
      wor: { carrierName: 'Wati', carrierPhone: null, carrierAddress: 'Gg. Mawar 3' },
      resolution: 'created',
    },
    {
      name: 'the admin’s "the carrier is someone else": the carrier became the owner, no second contact',
      wor: choosing('carrier', { carrierName: 'Joko', carrierPhone: '081300001111' }),
      resolution: 'reviewed',
    },
    {
      name: 'the admin’s "the carrier is the owner"',
      wor: choosing('owner', { carrierName: 'Joko', carrierPhone: '081300001111' }),
      resolution: 'reviewed',
    },
    {
      name: 'the admin’s chosen contact',
      wor: choosing('partner', { carrierName: 'Joko', carrierPhone: '081300001111', reviewPartnerId: 11 }),
      resolution: 'reviewed',
    },
  ];

  it.each(cases)('$name: the re-run settles the WOR as the uninterrupted run did', (row) => {
    const before = known([], [budi, sari, agus]);
    const theWor = wor({ id: 7, engineNumber: OTHER_ENGINE, ...row.wor });
    const first = planWorReconciliation([theWor], before);
    expect(first.createUnits).toEqual([expect.objectContaining({ originWorId: 7 })]);
    const { known: after, idOf } = written(before, first);
    const again = planWorReconciliation([theWor], after);
    const [was, is] = [only(first), only(again)];
    expect(is).toEqual({
      ...was,
      unitRef: idOf(was.unitRef),
      ownerRef: idOf(was.ownerRef),
      carrierRef: idOf(was.carrierRef),
    });
    expect(is.resolution).toBe(row.resolution);
    expect([again.createPeople, again.createUnits]).toEqual([[], []]);
    expect([again.updatePeople.size, again.updateUnits.size]).toEqual([0, 0]);
  });

  it('a unit made for another WOR is a second visit: WOR = BPA, the differences recorded', () => {
    const made = unit({
      id: 600,
      engineNumber: OTHER_ENGINE,
      ownerId: agus.id,
      cdbOwnerKey: null,
      purchaseDate: null,
      originWorId: 6,
    });
    const plan = planWorReconciliation(
      [
        wor({
          id: 7,
          engineNumber: OTHER_ENGINE,
          carrierName: 'Agus Salim',
          carrierPhone: '0813-0000-1111',
          carrierAddress: 'Jl. Melati 7',
        }),
      ],
      known([made], [budi, sari, agus]),
    );
    expect(only(plan)).toMatchObject({
      resolution: 'owner',
      unitRef: 600,
      carrierIsOwner: true,
      differences: 'Alamat: WOR "Jl. Melati 7" / CDB "Jl. Kenanga 2"',
    });
  });

  it('"the carrier is someone else" on a unit made for another WOR still makes the carrier a contact', () => {
    const made = unit({
      id: 600,
      engineNumber: OTHER_ENGINE,
      ownerId: agus.id,
      cdbOwnerKey: null,
      originWorId: 6,
    });
    const plan = planWorReconciliation(
      [
        wor({
          id: 7,
          engineNumber: OTHER_ENGINE,
          ...choosing('carrier', { carrierName: 'Joko', carrierPhone: '081300001111' }),
        }),
      ],
      known([made], [budi, sari, agus]),
    );
    expect(plan.createPeople).toEqual([expect.objectContaining({ parentRef: agus.id })]);
    expect(only(plan)).toMatchObject({ resolution: 'reviewed', carrierIsOwner: false, ownerRef: agus.id });
  });
});

describe('planWorReconciliation: an admin’s choice creates its person once', () => {
  const joko: Person = {
    id: 30,
    name: 'Joko',
    phone: '+6281300001111',
    street: null,
    city: null,
    key: '+6281300001111|joko',
    parentId: null,
  };
  const choice = (reviewChoice: Wor['reviewChoice']): Wor =>
    wor({
      state: 'review',
      reviewReason: 'phone_other_customer',
      reconciledKey: 'old',
      reviewChoice,
      carrierName: 'Joko',
      carrierPhone: '081300001111',
    });
  const ownerless = (ownerId: number | null) => unit({ ownerId, cdbOwnerKey: null });

  const cases: Array<{ name: string; wor: Wor; known: Known; expect: Partial<WorOutcome>; people: number }> =
    [
      {
        name: 'a unit without owner: the carrier made its owner',
        wor: choice('carrier'),
        known: known([ownerless(null)], [agus]),
        expect: { resolution: 'reviewed', ownerRef: -1, carrierRef: null, carrierIsOwner: true },
        people: 1,
      },
      {
        name: 'killed after the person was created: that person becomes the owner',
        wor: choice('carrier'),
        known: known([ownerless(null)], [agus, joko]),
        expect: { resolution: 'reviewed', ownerRef: 30, carrierRef: null, carrierIsOwner: true },
        people: 0,
      },
      {
        name: 'killed after the unit got them as owner: no contact of themselves',
        wor: choice('carrier'),
        known: known([ownerless(30)], [agus, joko]),
        expect: { resolution: 'reviewed', ownerRef: 30, carrierRef: null, carrierIsOwner: true },
        people: 0,
      },
      {
        name: '"the carrier is the owner" after the person was created: that person',
        wor: choice('owner'),
        known: known([ownerless(null)], [agus, joko]),
        expect: { resolution: 'reviewed', ownerRef: 30, carrierIsOwner: true },
        people: 0,
      },
      {
        name: 'a person with the key under another parent is not the one the choice makes',
        wor: choice('carrier'),
        known: known([unit()], [budi, agus, { ...joko, parentId: agus.id }]),
        expect: { resolution: 'reviewed', ownerRef: budi.id, carrierRef: -1, carrierIsOwner: false },
        people: 1,
      },
      {
        name: 'the contact the choice made under the owner is reused',
        wor: choice('carrier'),
        known: known([unit()], [budi, agus, { ...joko, parentId: budi.id }]),
        expect: { resolution: 'reviewed', ownerRef: budi.id, carrierRef: 30, carrierIsOwner: false },
        people: 0,
      },
    ];

  it.each(cases)('$name', (row) => {
    const plan = planWorReconciliation([row.wor], row.known);
    expect(only(plan)).toMatchObject(row.expect);
    expect(plan.createPeople).toHaveLength(row.people);
  });
});
