import { describe, expect, it } from 'vitest';
import { activityNote, activitySummary } from './activity-text.js';
import { assignAdmins } from './assign.js';

describe('assignAdmins', () => {
  const admins = new Map([
    [1, [12, 11]],
    [2, [21]],
  ]);

  it.each<
    [
      string,
      Array<{ key: string; branchId: number | null }>,
      Map<number, number>,
      Array<[string, number | null]>,
    ]
  >([
    [
      'alternates between two idle admins, lowest id first',
      [
        { key: 'a', branchId: 1 },
        { key: 'b', branchId: 1 },
        { key: 'c', branchId: 1 },
      ],
      new Map(),
      [
        ['a', 11],
        ['b', 12],
        ['c', 11],
      ],
    ],
    [
      'fills up the admin with fewer open follow-ups first',
      [
        { key: 'a', branchId: 1 },
        { key: 'b', branchId: 1 },
        { key: 'c', branchId: 1 },
      ],
      new Map([[11, 3]]),
      [
        ['a', 12],
        ['b', 12],
        ['c', 12],
      ],
    ],
    [
      'a branch with no admin, or no branch, gets nobody',
      [
        { key: 'a', branchId: 3 },
        { key: 'b', branchId: null },
      ],
      new Map(),
      [
        ['a', null],
        ['b', null],
      ],
    ],
    [
      'a single admin takes all of their branch',
      [
        { key: 'a', branchId: 2 },
        { key: 'b', branchId: 2 },
      ],
      new Map(),
      [
        ['a', 21],
        ['b', 21],
      ],
    ],
  ])('%s', (_, creates, load, expected) => {
    expect([...assignAdmins(creates, admins, load)]).toEqual(expected);
  });
});

describe('activity text', () => {
  const facts = {
    kpb: 2 as const,
    stage: 'fu2' as const,
    dueDate: '2026-11-23',
    customerName: 'Budi <Santoso>',
    phone: '+6281234567890',
    modelName: 'BeAT',
    engineNumber: 'JM31E1234567',
    purchaseDate: '2026-08-10',
  };

  it('names the customer, phone, unit, KPB and what to do, escaped for HTML', () => {
    expect(activitySummary(facts)).toBe('KPB 2 FU2: Budi <Santoso>');
    const note = activityNote(facts);
    expect(note).toContain('Budi &lt;Santoso&gt;');
    expect(note).toContain('+6281234567890');
    expect(note).toContain('BeAT - JM31E1234567, dibeli 10 Agustus 2026');
    expect(note).toContain('WA call atau telepon');
  });
});
