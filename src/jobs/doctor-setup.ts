import { isOdooError } from '../connectors/odoo/errors.js';
import type { Branch, SetupCounts } from '../connectors/odoo/followup-store.js';
import { SOP_POLICY } from '../rules/followup/schedule.js';
import type { DoctorCheck } from './doctor.js';
import { adviseOnSetup } from './doctor-advice.js';
import { earliestPurchase } from './schedule-followups.js';

/** What the setup check reads: `FollowUpStore` over Odoo, or memory in tests. */
export interface SetupStore {
  branches(): Promise<Branch[]>;
  setupCounts(since: string): Promise<SetupCounts>;
}

/**
 * Doctor's `setup` line: are the branches there, with their dealer codes and
 * CRM admins, so that no unit is held from the KPB schedule? A warning, with
 * the held units named and the fix in plain words.
 */
export async function checkSetup(
  store: SetupStore,
  options: { today: string; defaultBranch?: string },
): Promise<DoctorCheck> {
  try {
    const [branches, counts] = await Promise.all([
      store.branches(),
      store.setupCounts(earliestPurchase(options.today, SOP_POLICY)),
    ]);
    const advice = adviseOnSetup({
      branches,
      ...counts,
      ...(options.defaultBranch ? { defaultBranch: options.defaultBranch } : {}),
    });
    return { name: 'setup', ...advice };
  } catch (error) {
    return {
      name: 'setup',
      status: 'warn',
      detail: `could not read the branches and units: ${isOdooError(error) ? error.message : String(error)}`,
      fix: 'Run `h23-bridge install` with an administrator’s key so the extension is current, then doctor again.',
    };
  }
}
