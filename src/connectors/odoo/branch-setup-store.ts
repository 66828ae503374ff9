import { BRANCH } from '../../module/models.js';
import { dealerCodeKey } from '../../rules/dealer-code.js';
import type { OdooClient } from './client.js';
import { decodeRecord, encodeValues, fieldNames } from './schema-codec.js';

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
  'name',
  'dealerCode',
  'crmAdminIds',
  'workshopAdminIds',
  'headId',
  'areaCoordinatorId',
  'calendarId',
] as const;

/** Every active branch, by name. */
export async function readBranchSetups(client: OdooClient): Promise<BranchSetup[]> {
  const rows = await client.searchRead(BRANCH.model, [], fieldNames(BRANCH, FIELDS), {
    order: BRANCH.f.name,
    idsOnly: true,
  });
  return rows.map((raw) => {
    const row = decodeRecord(BRANCH, FIELDS, raw);
    return { ...row, name: row.name ?? '', dealerCode: dealerCodeKey(row.dealerCode) };
  });
}

/** Creates branches (name and dealer code); one call. Returns their ids in order. */
export async function createBranches(
  client: OdooClient,
  branches: ReadonlyArray<{ name: string; dealerCode: string }>,
): Promise<number[]> {
  if (branches.length === 0) return [];
  return client.call<number[]>(BRANCH.model, 'create', [
    branches.map((branch) => encodeValues(BRANCH, { name: branch.name, dealerCode: branch.dealerCode })),
  ]);
}

/** Sets the users of a branch's roles (demo and setup; each list replaces the one there). */
export async function staffBranch(
  client: OdooClient,
  branchId: number,
  staff: { crmAdminIds?: number[]; workshopAdminIds?: number[]; headId?: number; areaCoordinatorId?: number },
): Promise<void> {
  const { crmAdminIds, workshopAdminIds, headId, areaCoordinatorId } = staff;
  const values = encodeValues(BRANCH, {
    ...(crmAdminIds ? { crmAdminIds } : {}),
    ...(workshopAdminIds ? { workshopAdminIds } : {}),
    ...(headId !== undefined ? { headId } : {}),
    ...(areaCoordinatorId !== undefined ? { areaCoordinatorId } : {}),
  });
  if (Object.keys(values).length > 0) await client.call(BRANCH.model, 'write', [[branchId], values]);
}
