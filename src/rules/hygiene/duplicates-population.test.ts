import { describe, expect, it } from 'vitest';
import { duplicatePopulation, measureDuplicates } from '../../../test/support/duplicate-population.js';
import { planAudit } from './audit.js';

/**
 * Issue 17's bar on seeded populations (the full 10,000 in `npm run bench:duplicates`): recall
 * ≥ 95% of the seeded duplicates, precision ≥ 98% of the pairs the groups put together, and no
 * household sharing a phone made one customer; with one phone field (19) and two (17/18).
 */
describe('the duplicate audit on a seeded population', () => {
  it.each([
    { seed: 1, mobileField: false },
    { seed: 2, mobileField: true },
    { seed: 3, mobileField: false },
  ])('seed $seed, mobile field $mobileField', ({ seed, mobileField }) => {
    const population = duplicatePopulation({ customers: 2000, duplicates: 100, seed, mobileField });
    expect(population.records).toHaveLength(2000);
    expect(population.familyPhonePairs.length).toBeGreaterThan(0);
    const measured = measureDuplicates(population, planAudit(population.records).search.groups);
    expect(measured.recall).toBeGreaterThanOrEqual(0.95);
    expect(measured.precision).toBeGreaterThanOrEqual(0.98);
    expect(measured.familyPhonesJoined).toBe(0);
  });

  it('finds none of them again once each group is merged into its survivor', () => {
    const population = duplicatePopulation({ customers: 2000, duplicates: 100, seed: 4 });
    const { groups } = planAudit(population.records).search;
    const merged = new Set(
      groups.flatMap((group) => group.partnerIds.filter((id) => id !== group.survivorId)),
    );
    const after = planAudit(population.records.filter((record) => !merged.has(record.id)));
    expect(groups.length).toBeGreaterThan(90);
    expect(after.search.groups).toEqual([]);
  });
});
