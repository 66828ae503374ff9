/**
 * Masks for personal data in logs (UU 27/2022 on personal data protection):
 * enough left to recognise a record while debugging, not enough to contact anyone.
 */

/** `+6281234567890` → `+62812*****890`: country code and operator prefix kept, last three digits kept. */
export function maskPhone(value: string): string {
  // Masked already (every string of a log line is masked before the phone keys are): as it is.
  if (/\d\*+\d/.test(value)) return value;
  const digits = value.replace(/\D/g, '');
  if (digits.length < 6) return '*'.repeat(value.length);
  const head = value.trim().startsWith('+') ? `+${digits.slice(0, 5)}` : digits.slice(0, 4);
  const headDigits = head.replace(/\D/g, '').length;
  return `${head}${'*'.repeat(Math.max(digits.length - headDigits - 3, 1))}${digits.slice(-3)}`;
}

/** `Budi Santoso` → `B*** S***`. */
export function maskName(value: string): string {
  return value
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => `${word.charAt(0)}***`)
    .join(' ');
}

// Indonesian numbers as they appear in free text: +62 812-3456-7890, 62812…, 0812…, (021) 555 1234.
const PHONE_IN_TEXT = /(?<![\w+])(?:\+?62|0)[\s\-.()]*\d(?:[\s\-.()]*\d){6,13}(?!\w)/g;

export function maskPhonesInText(text: string): string {
  return text.replace(PHONE_IN_TEXT, (match) => maskPhone(match));
}

/** Masks a value found under a personal-data key, whatever its shape. */
export function maskPersonal(value: unknown, key: string): unknown {
  // A count under such a key (notices sent by WhatsApp: `whatsapp: 12`) is no one's number.
  if (typeof value === 'number' && Math.abs(value) < 1_000_000) return value;
  if (typeof value !== 'string')
    return value === undefined || value === null || value === false ? value : '[masked]';
  return /phone|mobile|whatsapp|wa_number/i.test(key) ? maskPhone(value) : maskName(value);
}

/**
 * Phone numbers masked in every string of a log line's values, however deep and under whatever
 * key (an Odoo or WhatsApp error message that quotes a number, a row echoed in a warning). Errors
 * become their type, message and stack, masked.
 */
export function maskPhonesDeep(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return maskPhonesInText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error)
    return {
      type: value.name,
      message: maskPhonesInText(value.message),
      ...(value.stack ? { stack: maskPhonesInText(value.stack) } : {}),
    };
  if (Array.isArray(value)) return value.map((item) => maskPhonesDeep(item, depth + 1, seen));
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, item]) => [
      key,
      maskPhonesDeep(item, depth + 1, seen),
    ]),
  );
}
