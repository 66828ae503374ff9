import { describe, expect, it } from 'vitest';
import { heldLines } from './followup-commands.js';

describe('what schedule, plan and run --once say of held units', () => {
  const none = { units: 0, followUps: 0, noBranch: [], noAdmin: [] };

  it('nothing when every unit has a branch with a CRM admin', () => {
    expect(heldLines({ held: none, unitsLinked: 0, followUpsRepaired: 0, dryRun: false })).toEqual([]);
  });

  it('names the dealer codes without a branch and the branches without admin, with the fix', () => {
    expect(
      heldLines({
        held: {
          units: 36,
          followUps: 35,
          noBranch: [
            { dealerCode: 'AHS01', units: 30, followUps: 30 },
            { dealerCode: null, units: 1, followUps: 0 },
          ],
          noAdmin: [{ branchId: 2, branch: 'Cabang Timur', units: 5, followUps: 5 }],
        },
        unitsLinked: 0,
        followUpsRepaired: 0,
        dryRun: false,
      }),
    ).toEqual([
      '  held         36 unit(s), 35 follow-up(s) due now: no branch for dealer code AHS01 (30), no dealer code (1); branch "Cabang Timur" has no CRM admin (5)',
      '  fix          create a branch with each dealer code named (CRM H23 → Konfigurasi → Cabang: Kode Dealer, Admin CRM); units with no dealer code: set their branch by hand, re-import the CDB, or name a default branch (import.defaultBranch); add a CRM admin (Admin CRM) to each branch named; the next run schedules them',
    ]);
  });

  it('says what a plan would link and repair', () => {
    expect(heldLines({ held: none, unitsLinked: 35, followUpsRepaired: 4, dryRun: true })).toEqual([
      '  branches     would link 35 unit(s) to the branch of their dealer code (or the default branch)',
      '  repaired     would give 4 open follow-up(s) their missing branch or CRM admin',
    ]);
  });
});
