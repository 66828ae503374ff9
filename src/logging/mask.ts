/**
 * Masks for personal data in logs (UU 27/2022 on personal data protection):
 * enough left to recognise a record while debugging, not enough to contact anyone.
 */

/** `+6281234567890` → `+62812*****890`: country code and operator prefix kept, last three digits kept. */
export function maskPhone(value: string): string {
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
  if (typeof value !== 'string')
    return value === undefined || value === null || value === false ? value : '[masked]';
  return /phone|mobile|whatsapp|wa_number/i.test(key) ? maskPhone(value) : maskName(value);
}
