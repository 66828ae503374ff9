/**
 * Who gets each new follow-up: the branch's CRM admins share the work, each new
 * follow-up going to the admin with the fewest open ones (ties: the lowest
 * user id), so the split stays fair whatever the order of the days.
 */
export function assignAdmins(
  creates: ReadonlyArray<{ key: string; branchId: number | null }>,
  adminsByBranch: ReadonlyMap<number, readonly number[]>,
  openLoad: ReadonlyMap<number, number>,
): Map<string, number | null> {
  const load = new Map(openLoad);
  const assigned = new Map<string, number | null>();
  for (const { key, branchId } of creates) {
    const admins = branchId === null ? [] : [...(adminsByBranch.get(branchId) ?? [])].sort((a, b) => a - b);
    let chosen: number | null = null;
    for (const admin of admins) {
      if (chosen === null || (load.get(admin) ?? 0) < (load.get(chosen) ?? 0)) chosen = admin;
    }
    if (chosen !== null) load.set(chosen, (load.get(chosen) ?? 0) + 1);
    assigned.set(key, chosen);
  }
  return assigned;
}
