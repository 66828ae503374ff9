import { IR_MODEL_FIELDS, VIEW } from '../../module/odoo-models.js';
import type { PlainValue } from '../../rules/record-plan.js';

/**
 * Odoo rewrites some texts it stores, so a value read back can differ in form
 * from the one written. These bring both sides to one form before comparing.
 */

/** A view's arch: Odoo re-serialises it with lxml (whitespace between tags and quoting may change). */
export function canonicalArch(arch: string): string {
  return arch
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/>\s+</g, '><')
    .replace(/\s+/g, ' ')
    .replace(/\s*(\/?>)/g, '$1')
    .trim();
}

/** A selection as Odoo shows it (`[('a', 'A')]`) or as declared (`[("a", "A")]`): the list of pairs. */
export function canonicalSelection(selection: string): string {
  const pairs = [...selection.matchAll(/\(\s*(['"])(.*?)\1\s*,\s*(['"])(.*?)\3\s*\)/g)].map((match) => [
    match[2],
    match[4],
  ]);
  return JSON.stringify(pairs);
}

/** Normaliser for the module's records: arch of views, selection of fields. */
export function normalizeStoredText(field: string, value: PlainValue): PlainValue {
  if (typeof value !== 'string') return value;
  if (field === VIEW.f.arch) return canonicalArch(value);
  if (field === IR_MODEL_FIELDS.f.selection) return canonicalSelection(value);
  return value;
}
