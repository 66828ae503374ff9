/**
 * A mailbox as people type it: one `@`, a domain with a dot and a top-level of two letters or
 * more, no spaces. Not RFC 5322 (quoted locals are legal and never seen in a dealer's data); no
 * looser than Odoo's own check (`email_normalize`). The one e-mail check of the bridge.
 */
const EMAIL =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$/;

/** The address, lowercased, or why not: empty, or not an address. */
export function normalizeEmail(
  value: string | null,
): { ok: true; email: string } | { ok: false; empty: boolean } {
  const text = (value ?? '').trim().toLowerCase();
  if (!text) return { ok: false, empty: true };
  if (!EMAIL.test(text) || text.includes('..')) return { ok: false, empty: false };
  return { ok: true, email: text };
}

/** The address as typed (trimmed) when it is one, else null. */
export function validEmail(text: string | null): string | null {
  return normalizeEmail(text).ok ? (text ?? '').trim() : null;
}
