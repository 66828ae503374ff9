import { excelSerialToIso } from './excel-date.js';
/**
 * Normalisation of the values found in the main dealer's portal reports and in
 * workshop registrations: engine and frame numbers, Indonesian phone numbers,
 * names, dates and numbers. Pure: every function is a mapping of its input.
 */

export type Normalized<T> = { ok: true; value: T } | { ok: false; reason: NormalizeFailure };

export type NormalizeFailure =
  | 'empty'
  | 'engine_malformed'
  | 'frame_malformed'
  | 'phone_invalid'
  | 'phone_precision_lost'
  | 'date_unreadable'
  | 'date_not_in_calendar'
  | 'number_unreadable';

const ok = <T>(value: T): Normalized<T> => ({ ok: true, value });
const fail = <T>(reason: NormalizeFailure): Normalized<T> => ({ ok: false, reason });

/** A cell as the readers give it: text, a number (XLSX numeric cell) or nothing. */
export type CellValue = string | number | null;

export function cellText(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  return typeof cell === 'number' ? String(cell) : cell.trim();
}

const IDENTIFIER_NOISE = /[\s\-./_]+/g;

/**
 * Characters past which a value is not of its kind, refused before a pattern runs over it:
 * an engine or frame number typed with spaces, a list of phones, a date with a time are far
 * shorter, and a pattern over a 30,000-character cell of spaces takes a second (the readers
 * let cells reach Excel's 32,767).
 */
const LONGEST = { identifier: 64, phone: 120, date: 64, number: 64 } as const;

/**
 * Engine numbers are the unit's identity everywhere: upper case, without the
 * spaces, dashes and dots people type. Honda's are 12 characters (`JM31E1234567`);
 * older and imported units differ, so the check is on shape, not on a model list.
 */
export function normalizeEngineNumber(cell: CellValue | undefined): Normalized<string> {
  const raw = cellText(cell);
  if (raw.length > LONGEST.identifier) return fail('engine_malformed');
  const text = raw.toUpperCase().replace(IDENTIFIER_NOISE, '');
  if (!text) return fail('empty');
  if (!/^[A-Z0-9]{8,15}$/.test(text) || !/[A-Z]/.test(text) || (text.match(/\d/g)?.length ?? 0) < 4) {
    return fail('engine_malformed');
  }
  return ok(text);
}

/** Frame numbers are 17-character VINs (`MH1JM3112NK123456`): no I, O or Q. */
export function normalizeFrameNumber(cell: CellValue | undefined): Normalized<string> {
  const raw = cellText(cell);
  if (raw.length > LONGEST.identifier) return fail('frame_malformed');
  const text = raw.toUpperCase().replace(IDENTIFIER_NOISE, '');
  if (!text) return fail('empty');
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(text)) return fail('frame_malformed');
  return ok(text);
}

export interface PhoneNumber {
  /** E.164, e.g. `+6281234567890`. */
  e164: string;
  kind: 'mobile' | 'landline';
}

// Indonesian mobile prefixes after the leading 8 (Telkomsel 81x/82x/85x, Indosat 85x/81x,
// XL/Axis 81x/83x/87x, Tri 89x, Smartfren 88x). 80, 84 and 86 are not allocated to mobiles.
const MOBILE_SECOND_DIGIT = /^8[1235789]/;

/**
 * Indonesian phone numbers to E.164. Accepts `0812…`, `62812…`, `+62 812-…`,
 * `812…` (Excel drops the leading zero), `(021) 555-1234` landlines, and the
 * first usable number of a list (`0812… / 0813…`). Mobile numbers have 9 to 12
 * digits after the country code; landlines an area code of 1 to 3 digits
 * starting 2–7 and 8 to 11 digits in all.
 */
export function normalizePhone(cell: CellValue | undefined): Normalized<PhoneNumber> {
  if (typeof cell === 'number' && !Number.isSafeInteger(cell)) return fail('phone_precision_lost');
  const raw = cellText(cell);
  if (!raw || /^[-–0.\s]*$/.test(raw)) return fail('empty');
  if (raw.length > LONGEST.phone) return fail('phone_invalid');
  if (/\d[.,]\d+e\+?\d+/i.test(raw)) return fail('phone_precision_lost');
  let firstFailure: NormalizeFailure = 'phone_invalid';
  for (const candidate of raw.split(/\s*(?:[/;|]|,\s|\bdan\b|\batau\b)\s*/i)) {
    const parsed = parseOnePhone(candidate);
    if (parsed.ok) return parsed;
    firstFailure = parsed.reason;
  }
  return fail(firstFailure);
}

function parseOnePhone(text: string): Normalized<PhoneNumber> {
  const trimmed = text.trim();
  if (/[a-z]{2,}/i.test(trimmed.replace(/\b(ext|hp|wa|telp|tlp)\b\.?/gi, ''))) return fail('phone_invalid');
  let digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+') && !digits.startsWith('62')) return fail('phone_invalid');
  if (digits.startsWith('0062')) digits = digits.slice(4);
  else if (digits.startsWith('062')) digits = digits.slice(3);
  else if (digits.startsWith('62')) digits = digits.slice(2);
  else if (digits.startsWith('0')) digits = digits.slice(1);
  if (/^(\d)\1+$/.test(digits)) return fail('phone_invalid');
  if (digits.startsWith('8')) {
    if (!MOBILE_SECOND_DIGIT.test(digits) || digits.length < 9 || digits.length > 12) {
      return fail('phone_invalid');
    }
    return ok({ e164: `+62${digits}`, kind: 'mobile' });
  }
  if (/^[2-7]/.test(digits) && digits.length >= 8 && digits.length <= 11) {
    return ok({ e164: `+62${digits}`, kind: 'landline' });
  }
  return fail('phone_invalid');
}

/** Titles and forms of address: kept in the display name, ignored when matching people. */
const HONORIFICS = new Set([
  'bapak',
  'bpk',
  'bp',
  'pak',
  'ibu',
  'bu',
  'ib',
  'sdr',
  'sdri',
  'sdra',
  'saudara',
  'saudari',
  'tn',
  'tuan',
  'ny',
  'nyonya',
  'nn',
  'nona',
  'h',
  'hj',
  'haji',
  'hajjah',
  'hajah',
  'dr',
  'drs',
  'dra',
  'ir',
  'prof',
  'kh',
  'mr',
  'mrs',
  'ms',
  'mas',
  'mbak',
]);

export interface PersonName {
  /** As people should read it: trimmed, single-spaced, ALL-CAPS exports in title case. */
  display: string;
  /** For matching: lower case, no titles or degrees, letters and digits only. */
  matchKey: string;
}

export function normalizeName(cell: CellValue | undefined): Normalized<PersonName> {
  // The trailing run is found from its first character only (the lookbehind): `[…]+$` alone
  // tries every position of a long run of commas and is quadratic.
  const collapsed = cellText(cell)
    .replace(/\s+/g, ' ')
    .replace(/^[\s,.;:-]+|(?<![\s,;:-])[\s,;:-]+$/g, '');
  if (!collapsed || !/\p{L}/u.test(collapsed)) return fail('empty');
  const display = collapsed === collapsed.toUpperCase() ? titleCase(collapsed) : properTitles(collapsed);
  return ok({ display, matchKey: nameMatchKey(collapsed) });
}

/** Leading titles typed in capitals in an otherwise cased name: `IBU Rina` → `Ibu Rina`, `BPK. Joko` → `Bpk. Joko`. */
function properTitles(name: string): string {
  const words = name.split(' ');
  for (let at = 0; at < words.length - 1; at += 1) {
    const word = words[at] as string;
    if (!HONORIFICS.has(word.replace(/\.$/, '').toLowerCase())) break;
    if (word === word.toUpperCase()) words[at] = titleCase(word);
  }
  return words.join(' ');
}

function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[\s.'-])(\p{L})/gu, (_, before: string, letter: string) => {
    return before + letter.toUpperCase();
  });
}

/** `Bpk. H. Ahmad Fauzi, S.Kom` and `AHMAD FAUZI` match; `Ahmad Fauzan` does not. */
export function nameMatchKey(name: string): string {
  const withoutDegrees = name.split(',')[0] ?? '';
  const words = withoutDegrees
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .split(/[\s.]+/)
    .map((word) => word.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean);
  let start = 0;
  while (start < words.length - 1 && HONORIFICS.has(words[start] ?? '')) start += 1;
  return words.slice(start).join(' ');
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  januari: 1,
  january: 1,
  feb: 2,
  peb: 2,
  februari: 2,
  pebruari: 2,
  february: 2,
  mar: 3,
  maret: 3,
  march: 3,
  apr: 4,
  april: 4,
  mei: 5,
  may: 5,
  jun: 6,
  juni: 6,
  june: 6,
  jul: 7,
  juli: 7,
  july: 7,
  agu: 8,
  agt: 8,
  ags: 8,
  agus: 8,
  agustus: 8,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  okt: 10,
  oct: 10,
  oktober: 10,
  october: 10,
  nov: 11,
  nop: 11,
  november: 11,
  nopember: 11,
  des: 12,
  dec: 12,
  desember: 12,
  december: 12,
};

/** Serial numbers from 1980-01-01 to 2100-01-01: outside that, a number in a date column is not a date. */
const SERIAL_RANGE = [29221, 73051] as const;

/**
 * Dates as Indonesian exports write them, to ISO `YYYY-MM-DD`: `17/08/2025`,
 * `17-08-25`, `17-Agu-25`, `17 Agustus 2025`, `2025-08-17`, and Excel serial
 * numbers (`45886`). Day first, always; a day the calendar lacks (31/02) is an error.
 */
export function parseIndonesianDate(cell: CellValue | undefined): Normalized<string> {
  if (typeof cell === 'number') return fromSerial(cell);
  if (cellText(cell).length > LONGEST.date) return fail('date_unreadable');
  const text = cellText(cell)
    .toLowerCase()
    .replace(/\s+\d{1,2}[:.]\d{2}([:.]\d{2})?$/, '')
    .trim();
  if (!text) return fail('empty');
  if (/^\d{5}(\.\d+)?$/.test(text)) return fromSerial(Number(text));
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (match) return calendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(text);
  if (match) return calendarDate(fullYear(match[3] ?? ''), Number(match[2]), Number(match[1]));
  match = /^(\d{1,2})[\s/.-]+(\p{L}+)\.?[\s/.-]+(\d{2}|\d{4})$/u.exec(text);
  if (match) {
    const month = MONTHS[match[2] ?? ''];
    if (!month) return fail('date_unreadable');
    return calendarDate(fullYear(match[3] ?? ''), month, Number(match[1]));
  }
  return fail('date_unreadable');
}

function fromSerial(serial: number): Normalized<string> {
  if (!Number.isFinite(serial) || serial < SERIAL_RANGE[0] || serial > SERIAL_RANGE[1]) {
    return fail('date_unreadable');
  }
  // A bare number has no workbook to say its epoch: the 1900 system, Excel's and LibreOffice's
  // default (the XLSX reader turns date-formatted cells of 1904 workbooks into text dates).
  const iso = excelSerialToIso(Math.floor(serial));
  return iso ? ok(iso) : fail('date_unreadable');
}

/** Two-digit years are this century: the reports cover purchases since 2000. */
function fullYear(text: string): number {
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

function calendarDate(year: number, month: number, day: number): Normalized<string> {
  if (month < 1 || month > 12 || day < 1) return fail('date_not_in_calendar');
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return fail('date_not_in_calendar');
  return ok(
    `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  );
}

/**
 * Numbers as Indonesian exports write them: `.` groups thousands and `,` marks
 * decimals (`1.250.000`, `12.500,5`); `Rp` and spaces are ignored. A number cell
 * passes through.
 */
export function parseIndonesianNumber(cell: CellValue | undefined): Normalized<number> {
  if (typeof cell === 'number') return Number.isFinite(cell) ? ok(cell) : fail('number_unreadable');
  if (cellText(cell).length > LONGEST.number) return fail('number_unreadable');
  const text = cellText(cell)
    .replace(/^rp\.?\s*/i, '')
    .replace(/\s+/g, '');
  if (!text) return fail('empty');
  let canonical: string;
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(text)) canonical = text.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d+(,\d+)?$/.test(text)) canonical = text.replace(',', '.');
  else if (/^-?\d+\.\d{1,2}$/.test(text)) canonical = text;
  else return fail('number_unreadable');
  const value = Number(canonical);
  return Number.isFinite(value) ? ok(value) : fail('number_unreadable');
}

/**
 * A cell as the PIC will find it in Excel, for the quarantine report: a date
 * cell holds a serial number, shown with the date it stands for.
 */
export function displayValue(cell: CellValue | undefined, isDate: boolean): string {
  const text = cellText(cell);
  if (!isDate || typeof cell !== 'number') return text;
  const date = fromSerial(cell);
  return date.ok ? `${text} (${date.value})` : text;
}
