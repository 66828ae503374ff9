/** Odoo's prefix notation for "any of these terms": n-1 `'|'` before n terms; one term stands alone. */
export function anyOf<Term>(terms: readonly Term[]): Array<'|' | Term> {
  return [...Array<'|'>(Math.max(terms.length - 1, 0)).fill('|'), ...terms];
}
