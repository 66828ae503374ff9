/**
 * What a file is, from its first bytes: portal downloads are renamed, re-saved
 * and re-encoded on Windows machines, so the name says little.
 */

export type FileFormat = 'xlsx' | 'legacy_xls' | 'html' | 'text' | 'binary' | 'empty';
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** OLE2 compound file: Excel 97–2003 `.xls`. */
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(head: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, index) => head[index] === byte);
}

export function detectFormat(head: Uint8Array): FileFormat {
  if (head.length === 0) return 'empty';
  if (startsWith(head, ZIP)) return 'xlsx';
  if (startsWith(head, OLE2)) return 'legacy_xls';
  const encoding = detectEncoding(head);
  const text = decodeSample(head, encoding)
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 512)
    .toLowerCase();
  if (/^<(!doctype html|html|table|\?xml[^>]*>\s*<html|meta|head|body)\b/.test(text)) return 'html';
  if (looksBinary(head, encoding)) return 'binary';
  return 'text';
}

export function detectEncoding(head: Uint8Array): TextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // UTF-16 without a BOM: ASCII text leaves every other byte zero.
  const sample = head.subarray(0, 4096);
  let oddZeros = 0;
  let evenZeros = 0;
  for (let index = 0; index < sample.length; index += 1) {
    if (sample[index] === 0) {
      if (index % 2 === 1) oddZeros += 1;
      else evenZeros += 1;
    }
  }
  const pairs = sample.length / 2;
  if (pairs > 0 && oddZeros / pairs > 0.4 && evenZeros / pairs < 0.05) return 'utf-16le';
  if (pairs > 0 && evenZeros / pairs > 0.4 && oddZeros / pairs < 0.05) return 'utf-16be';
  return isValidUtf8(head) ? 'utf-8' : 'windows-1252';
}

/** Valid UTF-8, allowing a multi-byte character cut at the end of the sample (stream mode keeps it pending). */
function isValidUtf8(head: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function decodeSample(head: Uint8Array, encoding: TextEncoding): string {
  return new TextDecoder(encoding).decode(head.subarray(0, 4096));
}

/** NUL bytes or many control characters in what should be text. */
function looksBinary(head: Uint8Array, encoding: TextEncoding): boolean {
  const text = decodeSample(head, encoding);
  let control = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code === 0 || code === 0xfffd || (code < 32 && code !== 9 && code !== 10 && code !== 13))
      control += 1;
  }
  return text.length > 0 && control / text.length > 0.02;
}

/**
 * The field separator of a CSV text: the candidate that splits most lines of the
 * sample into the same number of fields (title lines above the header have none).
 */
export function detectDelimiter(sample: string): ',' | ';' | '\t' {
  const lines = sample
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(0, 30);
  let best: { delimiter: ',' | ';' | '\t'; score: number } = { delimiter: ',', score: -1 };
  for (const delimiter of [';', ',', '\t'] as const) {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter)).filter((count) => count > 0);
    if (counts.length === 0) continue;
    const frequency = new Map<number, number>();
    for (const count of counts) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    const [mode, times] = [...frequency].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] ?? [0, 0];
    const score = times * 1000 + mode;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let quoted = false;
  let count = 0;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count += 1;
  }
  return count;
}
