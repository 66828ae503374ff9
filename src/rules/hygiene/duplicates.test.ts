import { describe, expect, it } from 'vitest';
import { type AuditCounts, auditDue, evidenceText, planAudit } from './audit.js';
import type { CustomerRecord } from './customer-profile.js';
import { DEFAULT_DUPLICATE_POLICY, findDuplicates, pairKey } from './duplicates.js';

let nextId = 1;
const customer = (overrides: Partial<CustomerRecord> & { phone?: string | null }): CustomerRecord => {
  const { phone = null, ...rest } = overrides;
  return {
    id: nextId++,
    name: 'Budi Santoso',
    phones: [{ field: 'phone', value: phone }],
    email: null,
    street: null,
    city: null,
    engineNumbers: [],
    active: true,
    ...rest,
  };
};

describe('findDuplicates: pairs', () => {
  it.each<
    [
      string,
      Partial<CustomerRecord> & { phone?: string },
      Partial<CustomerRecord> & { phone?: string },
      number | null,
    ]
  >([
    [
      'one phone spelt 0812… and +62 812…, a title',
      { name: 'Bpk. Budi Santoso', phone: '081234567890' },
      { name: 'BUDI SANTOSO', phone: '+62 812-3456-7890' },
      90,
    ],
    [
      'a typo and the same phone',
      { phone: '081234567890' },
      { name: 'Budi Santosa', phone: '6281234567890' },
      86,
    ],
    [
      'the same e-mail in other case',
      { email: 'Budi.S@gmail.com' },
      { name: 'Sdr. Budi Santoso', email: 'budi.s@gmail.com' },
      90,
    ],
    [
      'the same address, no phone',
      { street: 'Jl. Merdeka No. 5', city: 'Bandung' },
      { name: 'Ibu Budi Santoso', street: 'Jalan Merdeka 5', city: 'Kota Bandung' },
      75,
    ],
    [
      'the same engine number',
      { engineNumbers: ['JM31E1234567'] },
      { name: 'H. Budi Santoso', engineNumbers: ['jm31e-1234567'] },
      85,
    ],
    [
      'phone and e-mail',
      { phone: '081234567890', email: 'b@x.id' },
      { phone: '081234567890', email: 'b@x.id' },
      99,
    ],
    ['a shared landline proves less', { phone: '(022) 555-1234' }, { phone: '022 5551234' }, 70],
    [
      'a family phone: two first names',
      { phone: '081234567890' },
      { name: 'Siti Santoso', phone: '081234567890' },
      null,
    ],
    ['the same name, nothing shared', { phone: '081234567890' }, { phone: '081298765432' }, null],
    [
      'the same name, one street without number',
      { street: 'Jl. Merdeka', city: 'Bandung' },
      { street: 'Jl. Merdeka', city: 'Bandung' },
      null,
    ],
  ])('%s', (_, left, right, score) => {
    const search = findDuplicates([customer(left), customer(right)]);
    expect(search.groups.map((group) => group.certainty)).toEqual(score === null ? [] : [score]);
  });
});

describe('findDuplicates: groups', () => {
  it('joins three spellings of one customer; the family member with the same phone stays apart', () => {
    const budi = customer({ name: 'Budi Santoso', phone: '081234567890', engineNumbers: ['JM31E1234567'] });
    const bpk = customer({ name: 'Bpk. Budi Santoso', phone: '+6281234567890' });
    const typo = customer({ name: 'Budi Santosa', phone: '0812 3456 7890' });
    const siti = customer({ name: 'Siti Santoso', phone: '081234567890' });
    const search = findDuplicates([siti, typo, bpk, budi]);
    expect(search.groups).toHaveLength(1);
    expect(search.groups[0]).toMatchObject({
      survivorId: budi.id,
      partnerIds: [budi.id, bpk.id, typo.id].sort((a, b) => a - b),
      certainty: 86,
    });
  });

  it('never chains two names that do not match through a third', () => {
    const budi = customer({ name: 'Budi', phone: '081234567890' });
    const santoso = customer({ name: 'Budi Santoso', phone: '081234567890' });
    const hartono = customer({ name: 'Budi Hartono', phone: '081234567890' });
    const search = findDuplicates([budi, santoso, hartono]);
    expect(search.groups.map((group) => group.partnerIds)).toHaveLength(1);
    expect(search.groups[0]?.partnerIds).toHaveLength(2);
  });

  it('leaves out a pair the admin decided is not a duplicate', () => {
    const a = customer({ phone: '081234567890' });
    const b = customer({ phone: '081234567890' });
    expect(findDuplicates([a, b], { notDuplicates: new Set([pairKey(b.id, a.id)]) }).groups).toEqual([]);
  });

  it('does not compare a block larger than the policy allows, and says so', () => {
    const many = Array.from({ length: DEFAULT_DUPLICATE_POLICY.maxBlockSize + 1 }, () =>
      customer({ phone: '0215550000' }),
    );
    const search = findDuplicates(many);
    expect(search.groups).toEqual([]);
    expect(search.comparisons).toBe(0);
    expect(search.oversizedBlocks).toEqual([{ kind: 'phone', size: many.length }]);
  });

  it('compares within blocks only', () => {
    const records = Array.from({ length: 200 }, (_, index) =>
      customer({ name: `Pelanggan ${index}`, phone: `0812${String(10000000 + index)}` }),
    );
    records.push(customer({ name: 'Pelanggan 7', phone: '081210000007' }));
    const search = findDuplicates(records);
    expect(search.comparisons).toBe(1);
    expect(search.groups).toHaveLength(1);
  });
});

describe('planAudit', () => {
  it('counts groups, customers to merge and each kind of inaccurate data once per customer', () => {
    const records = [
      customer({ phone: '081234567890', email: 'budi@x.id', street: 'Jl. A 1', city: 'Bogor' }),
      customer({ phone: '081234567890', email: 'budi@x', street: 'Jl. A 1', city: '' }),
      customer({
        name: 'Ani',
        phones: [
          { field: 'phone', value: '123' },
          { field: 'mobile', value: 'x' },
        ],
      }),
    ];
    const plan = planAudit(records);
    expect(plan.counts).toEqual<AuditCounts>({
      customers: 3,
      duplicateGroups: 1,
      duplicateCustomers: 1,
      phoneInvalid: 1,
      emailMissing: 1,
      emailMalformed: 1,
      addressIncomplete: 2,
    });
  });

  it('writes the evidence in Bahasa Indonesia', () => {
    const a = customer({ name: 'Bpk. Budi Santoso', phone: '081234567890' });
    const b = customer({ name: 'BUDI SANTOSA', phone: '+6281234567890' });
    const [group] = planAudit([a, b]).search.groups;
    const names = new Map([
      [a.id, a.name],
      [b.id, b.name],
    ]);
    expect(evidenceText(group as never, (id) => names.get(id) ?? '')).toBe(
      `#${a.id} Bpk. Budi Santoso ↔ #${b.id} BUDI SANTOSA: skor 86; nama mirip (1 salah ketik); No. telepon sama (+6281234567890)`,
    );
  });
});

describe('auditDue', () => {
  it.each([
    [null, '2027-01-01', true],
    ['2026-07-01', '2027-01-01', true],
    ['2026-07-02', '2027-01-01', false],
    ['2026-12-15', '2027-01-01', false],
    ['2026-12-15', '2027-06-15', true],
  ])('last %s, today %s: %s', (last, today, due) => {
    expect(auditDue(last, today, 6)).toBe(due);
  });
});
