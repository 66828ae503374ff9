import { dealerCodeKey } from '../rules/dealer-code.js';
/**
 * `import.defaultBranch`: a single-branch dealer names the dealer code of its
 * branch, and units whose CDB dealer code is empty or names no branch go
 * there (at import, and when the schedule links units that have no branch).
 */

/** The configured default branch names a dealer code no branch in Odoo carries: nothing is written. */
export class DefaultBranchError extends Error {
  override readonly name = 'DefaultBranchError';

  constructor(
    readonly dealerCode: string,
    readonly known: readonly string[],
  ) {
    super(
      `import.defaultBranch (IMPORT_DEFAULT_BRANCH) is "${dealerCode}", but no branch in Odoo has that dealer code (${known.length > 0 ? `known: ${known.join(', ')}` : 'no branch has a dealer code yet'}): give the branch that Kode Dealer in Odoo (CRM H23 → Konfigurasi → Cabang), or correct the setting`,
    );
  }
}

export function isDefaultBranchError(error: unknown): error is DefaultBranchError {
  return error instanceof DefaultBranchError;
}

export { dealerCodeKey };

/** The default branch's id, or null when none is configured; a code no branch carries throws `DefaultBranchError`. */
export function defaultBranchOf(
  code: string | undefined,
  branchesByDealerCode: ReadonlyMap<string, number>,
): number | null {
  const key = dealerCodeKey(code);
  if (key === null) return null;
  const id = branchesByDealerCode.get(key);
  if (id === undefined) throw new DefaultBranchError(key, [...branchesByDealerCode.keys()].sort());
  return id;
}
