/** A dealer code as branches carry it and every file is matched by: trimmed, upper case; empty (or not text) means none. */
export function dealerCodeKey(code: unknown): string | null {
  const key = typeof code === 'string' ? code.trim().toUpperCase() : '';
  return key === '' ? null : key;
}
