import { nameMatchKey } from '../import/normalize.js';

/**
 * Is this the same person? Workshop forms and the CDB spell Indonesian names
 * loosely: `Muhammad Rizky`, `MUHAMAD RIZKI`, `Bpk. M. Rizki`. Names are only
 * compared between people who already share a phone number (or an engine
 * number), so the test can be forgiving without merging strangers.
 */

/** Spelling variants that carry no meaning: old Dutch-era spelling, doubled letters, y/i, ph/f. */
function canonicalWord(word: string): string {
  return word
    .replace(/oe/g, 'u')
    .replace(/dj/g, 'j')
    .replace(/tj/g, 'c')
    .replace(/sj/g, 'sy')
    .replace(/ch/g, 'kh')
    .replace(/ph/g, 'f')
    .replace(/y/g, 'i')
    .replace(/(.)\1+/g, '$1');
}

export function nameWords(name: string): string[] {
  return nameMatchKey(name).split(' ').filter(Boolean).map(canonicalWord);
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i += 1;
      j += 1;
      continue;
    }
    edits += 1;
    if (edits > 1) return false;
    if (a.length > b.length) i += 1;
    else if (b.length > a.length) j += 1;
    else {
      i += 1;
      j += 1;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

function wordsMatch(a: string, b: string): 'full' | 'initial' | null {
  if (a === b) return 'full';
  if (a.length === 1 || b.length === 1) return a[0] === b[0] ? 'initial' : null;
  // One typo is tolerated in words long enough for it not to make another name.
  if (a.length >= 4 && b.length >= 4 && editDistanceAtMostOne(a, b)) return 'full';
  return null;
}

/**
 * Every word of the shorter name matches a distinct word of the longer one,
 * in order, and at least one of them fully (not just an initial).
 */
export function sameName(left: string, right: string): boolean {
  const a = nameWords(left);
  const b = nameWords(right);
  if (a.length === 0 || b.length === 0) return false;
  // `Wulan Dari` and `Wulandari`: the same name split otherwise.
  if (a.join('') === b.join('')) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let at = 0;
  let full = 0;
  for (const word of short) {
    let found = false;
    while (at < long.length) {
      const match = wordsMatch(word, long[at] as string);
      at += 1;
      if (match) {
        if (match === 'full') full += 1;
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return full > 0;
}

const STREET_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(jalan|jln|jl)\b/g, 'jl'],
  [/\b(gang|gg)\b/g, 'gg'],
  [/\b(nomor|nomer|no)\b/g, 'no'],
  [/\b(perumahan|perum)\b/g, 'perum'],
  [/\b(kelurahan|kel|desa|ds)\b/g, 'kel'],
  [/\b(kecamatan|kec)\b/g, 'kec'],
];

/** An address for comparison: lower case, abbreviations unified, punctuation and spacing ignored. */
export function addressKey(address: string | null): string {
  if (!address) return '';
  let text = address.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ');
  for (const [pattern, replacement] of STREET_WORDS) text = text.replace(pattern, replacement);
  return text.replace(/\s+/g, '');
}

/** Both given and the same once abbreviations and punctuation are set aside (one may hold more detail). */
export function sameAddress(left: string | null, right: string | null): boolean {
  const a = addressKey(left);
  const b = addressKey(right);
  if (!a || !b) return false;
  return a === b || (Math.min(a.length, b.length) >= 8 && (a.includes(b) || b.includes(a)));
}
