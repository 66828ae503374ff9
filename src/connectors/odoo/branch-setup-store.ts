import { BRANCH } from '../../module/models.js';
import { dealerCodeKey } from '../../rules/dealer-code.js';
import type { OdooClient } from './client.js';
import { linkId, textOrNull } from './read-values.js';

/** A branch as setup sees it: who works there, which of the SOP's roles are still unfilled. */
export interface BranchSetup {
  id: number;
  name: string;
  dealerCode: string | null;
  crmAdminIds: number[];
  workshopAdminIds: number[];
  headId: number | null;
  areaCoordinatorId: number | null;
  calendarId: number | null;
}

const FIELDS = [
  'x_name',
  'x_dealer_code',
  'x_crm_admin_ids',
  'x_workshop_admin_ids',
  'x_head_id',
  'x_area_coordinator_id',
  'x_calendar_id',
] as const;

/** Every active branch, by name. */
export async function readBranchSetups(client: OdooClient): Promise<BranchSetup[]> {
  const rows = await client.searchRead(BRANCH.model, [], [...FIELDS], { order: 'x_name', idsOnly: true });
  const ids = (value: unknown) => (Array.isArray(value) ? (value as number[]) : []);
  return rows.map((row) => ({
    id: row.id,
    name: textOrNull(row.x_name) ?? '',
    dealerCode: dealerCodeKey(row.x_dealer_code),
    crmAdminIds: ids(row.x_crm_admin_ids),
    workshopAdminIds: ids(row.x_workshop_admin_ids),
    headId: linkId(row.x_head_id),
    areaCoordinatorId: linkId(row.x_area_coordinator_id),
    calendarId: linkId(row.x_calendar_id),
  }));
}

/** Creates branches (name and dealer code); one call. Returns their ids in order. */
export async function createBranches(
  client: OdooClient,
  branches: ReadonlyArray<{ name: string; dealerCode: string }>,
): Promise<number[]> {
  if (branches.length === 0) return [];
  return client.call<number[]>(BRANCH.model, 'create', [
    branches.map((branch) => ({ x_name: branch.name, x_dealer_code: branch.dealerCode })),
  ]);
}

/** Sets the users of a branch's roles (demo and setup; each list replaces the one there). */
export async function staffBranch(
  client: OdooClient,
  branchId: number,
  staff: { crmAdminIds?: number[]; workshopAdminIds?: number[]; headId?: number; areaCoordinatorId?: number },
): Promise<void> {
  const values: Record<string, unknown> = {};
  if (staff.crmAdminIds) values.x_crm_admin_ids = [[6, 0, staff.crmAdminIds]];
  if (staff.workshopAdminIds) values.x_workshop_admin_ids = [[6, 0, staff.workshopAdminIds]];
  if (staff.headId !== undefined) values.x_head_id = staff.headId;
  if (staff.areaCoordinatorId !== undefined) values.x_area_coordinator_id = staff.areaCoordinatorId;
  if (Object.keys(values).length > 0) await client.call(BRANCH.model, 'write', [[branchId], values]);
}
