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
    const chosen = pickAdmin(branchId === null ? [] : (adminsByBranch.get(branchId) ?? []), load);
    if (chosen !== null) load.set(chosen, (load.get(chosen) ?? 0) + 1);
    assigned.set(key, chosen);
  }
  return assigned;
}

/** The admin with the fewest open follow-ups (ties: the lowest user id), or null when there is none. */
export function pickAdmin(admins: readonly number[], load: ReadonlyMap<number, number>): number | null {
  let chosen: number | null = null;
  for (const admin of [...admins].sort((a, b) => a - b)) {
    if (chosen === null || (load.get(admin) ?? 0) < (load.get(chosen) ?? 0)) chosen = admin;
  }
  return chosen;
}
