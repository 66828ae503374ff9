import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { type DateSystem, excelSerialToIso } from '../../rules/import/excel-date.js';
import type { CellValue } from '../../rules/import/normalize.js';
import type { RawRow } from './raw-row.js';
import { ReportFileError } from './report-errors.js';

/**
 * Streams one worksheet of an `.xlsx` file (the first, or the one named `sheet`). The zip is
 * read through its central directory (random access), so the workbook, its relationships,
 * the styles and the shared-string table are loaded first wherever the writer put them, then
 * the sheet's XML is parsed as it inflates: memory holds the string table and one row, not
 * the sheet. Cells formatted as dates come out as text dates (`YYYY-MM-DD`) in the
 * workbook's own date system (1900 or 1904), as do ISO cells (`t="d"`). Text cells stay
 * text whatever they hold (`0812…`); numbers are read to Excel's 15 significant digits.
 * A merged range (`<mergeCells>`, written after the rows) gives its value to each of its
 * cells, so a header merged across columns or rows still names them.
 */
export async function* readXlsxRows(
  path: string,
  options: { sheet?: string } = {},
): AsyncGenerator<RawRow, void, undefined> {
  const zip = await openZip(path);
  try {
    const entries = await listEntries(zip, path);
    const parts = await workbookParts(zip, entries, path, options.sheet);
    const sheet = entries.get(parts.sheet);
    if (!sheet) throw new ReportFileError('no_sheet', path, `no worksheet ${parts.sheet} in the workbook`);
    const sharedStringsEntry = parts.sharedStrings ? entries.get(parts.sharedStrings) : undefined;
    const strings = sharedStringsEntry
      ? await readSharedStrings(zip, sharedStringsEntry)
      : new SharedStrings();
    const stylesEntry = parts.styles ? entries.get(parts.styles) : undefined;
    const dateStyles = stylesEntry ? dateStyleIndexes(await readText(zip, stylesEntry)) : new Set<number>();
    const merges = await readMergedRanges(zip, sheet);
    yield* readSheet(
      await openEntry(zip, sheet),
      { strings, dateStyles, dateSystem: parts.dateSystem },
      path,
      merges,
    );
  } finally {
    zip.close();
  }
}

function truncated(path: string, cause: unknown): ReportFileError {
  return new ReportFileError('truncated', path, `not a complete xlsx file (${String(cause)})`);
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: false }, (error, zip) => {
      if (error || !zip) reject(truncated(path, error));
      else resolve(zip);
    });
  });
}

function listEntries(zip: ZipFile, path: string): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    zip.on('entry', (entry: Entry) => {
      entries.set(entry.fileName.replace(/^\//, ''), entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', (error) => reject(truncated(path, error)));
    zip.readEntry();
  });
}

function openEntry(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) reject(error);
      else resolve(stream);
    });
  });
}

async function readText(zip: ZipFile, entry: Entry): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await openEntry(zip, entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

interface WorkbookParts {
  sheet: string;
  sharedStrings?: string;
  styles?: string;
  dateSystem: DateSystem;
}

const RELATIONSHIP_TYPE = {
  sharedStrings: /\/sharedStrings$/,
  styles: /\/styles$/,
} as const;

/** Attribute values of the tags named `tag` (namespace prefix ignored), in document order. */
function tagsOf(xml: string, tag: string): Array<Record<string, string>> {
  const found: Array<Record<string, string>> = [];
  for (const match of xml.matchAll(new RegExp(`<(?:\\w+:)?${tag}\\b([^>]*)>`, 'g'))) {
    const attributes: Record<string, string> = {};
    for (const attribute of (match[1] ?? '').matchAll(/([\w:]+)="([^"]*)"/g))
      attributes[localName(attribute[1] ?? '')] = decodeEntities(attribute[2] ?? '');
    found.push(attributes);
  }
  return found;
}

const ENTITIES: Readonly<Record<string, string>> = { quot: '"', amp: '&', apos: "'", lt: '<', gt: '>' };

/** XML's five entities and numeric references, as attribute values hold them (`#,##0 &quot;km&quot;`). */
function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
}

/**
 * The parts the workbook names through `xl/_rels/workbook.xml.rels` (ECMA-376 Part 2: the
 * part names are the writer's to choose), and its date system. Workbooks without the
 * relationships part fall back to Excel's usual names.
 */
async function workbookParts(
  zip: ZipFile,
  entries: Map<string, Entry>,
  path: string,
  sheetName: string | undefined,
): Promise<WorkbookParts> {
  const workbook = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  const fallback: WorkbookParts = {
    sheet: 'xl/worksheets/sheet1.xml',
    ...(entries.has('xl/sharedStrings.xml') ? { sharedStrings: 'xl/sharedStrings.xml' } : {}),
    ...(entries.has('xl/styles.xml') ? { styles: 'xl/styles.xml' } : {}),
    dateSystem: 1900,
  };
  if (!workbook) return fallback;
  const workbookXml = await readText(zip, workbook);
  const date1904 = tagsOf(workbookXml, 'workbookPr')[0]?.date1904;
  const dateSystem: DateSystem = date1904 === '1' || date1904 === 'true' ? 1904 : 1900;
  const sheets = tagsOf(workbookXml, 'sheet');
  const chosen = sheetName === undefined ? sheets[0] : sheets.find((sheet) => sheet.name === sheetName);
  if (sheetName !== undefined && !chosen) {
    const names = sheets.map((sheet) => `"${sheet.name}"`).join(', ');
    throw new ReportFileError(
      'no_sheet',
      path,
      `no sheet named "${sheetName}" in the workbook (it has ${names})`,
      `Lembar kerja "${sheetName}" (pengaturan import.sheet) tidak ada; lembar yang ada: ${names}.`,
    );
  }
  if (!rels) return { ...fallback, dateSystem };
  const relationships = tagsOf(await readText(zip, rels), 'Relationship');
  const target = (test: (relationship: Record<string, string>) => boolean) => {
    const found = relationships.find(test)?.Target;
    return found ? partPath(found) : undefined;
  };
  const sheet = chosen?.id ? target((relationship) => relationship.Id === chosen.id) : undefined;
  const sharedStrings = target((relationship) =>
    RELATIONSHIP_TYPE.sharedStrings.test(relationship.Type ?? ''),
  );
  const styles = target((relationship) => RELATIONSHIP_TYPE.styles.test(relationship.Type ?? ''));
  return {
    sheet: sheet ?? fallback.sheet,
    ...(sharedStrings ? { sharedStrings } : {}),
    ...(styles ? { styles } : {}),
    dateSystem,
  };
}

/** Built-in number formats that show dates or times (ECMA-376 Part 1, §18.8.30). */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** Whether a format code shows a date: a d, m, y, h or s outside quotes, escapes and brackets. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .toLowerCase();
  return bare !== 'general' && /[dmyhs]/.test(bare);
}

/** Indexes of the cell styles (`s="…"`) whose number format is a date. */
export function dateStyleIndexes(stylesXml: string): Set<number> {
  const custom = new Map(
    tagsOf(stylesXml, 'numFmt').map((format) => [Number(format.numFmtId), format.formatCode ?? '']),
  );
  const cellXfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(stylesXml)?.[1] ?? '';
  const indexes = new Set<number>();
  tagsOf(cellXfs, 'xf').forEach((xf, index) => {
    const id = Number(xf.numFmtId ?? 0);
    const code = custom.get(id);
    if (code !== undefined ? isDateFormat(code) : BUILT_IN_DATE_FORMATS.has(id)) indexes.add(index);
  });
  return indexes;
}

/**
 * The shared-string table, packed: strings joined in blocks of 4,096 with
 * offsets, so a million short strings cost their characters, not a million
 * string objects.
 */
export class SharedStrings {
  private readonly blocks: string[] = [];
  private readonly offsets: Uint32Array[] = [];
  private pending: string[] = [];
  private static readonly BLOCK = 4096;

  push(text: string): void {
    this.pending.push(text);
    if (this.pending.length === SharedStrings.BLOCK) this.seal();
  }

  seal(): void {
    if (this.pending.length === 0) return;
    const offsets = new Uint32Array(this.pending.length + 1);
    let at = 0;
    this.pending.forEach((text, index) => {
      offsets[index] = at;
      at += text.length;
    });
    offsets[this.pending.length] = at;
    this.blocks.push(this.pending.join(''));
    this.offsets.push(offsets);
    this.pending = [];
  }

  get(index: number): string {
    const block = Math.floor(index / SharedStrings.BLOCK);
    const within = index % SharedStrings.BLOCK;
    const offsets = this.offsets[block];
    const text = this.blocks[block];
    if (!offsets || text === undefined || within + 1 >= offsets.length) return '';
    return text.slice(offsets[within], offsets[within + 1]);
  }
}

async function readSharedStrings(zip: ZipFile, entry: Entry): Promise<SharedStrings> {
  const strings = new SharedStrings();
  const parser = new SaxesParser();
  let current: string[] | null = null;
  let inText = false;
  let inPhonetic = false;
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (name === 'si') current = [];
    else if (name === 'rPh') inPhonetic = true;
    else if (name === 't' && !inPhonetic) inText = true;
  });
  parser.on('text', (text) => {
    if (inText && current) current.push(text);
  });
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    if (name === 't') inText = false;
    else if (name === 'rPh') inPhonetic = false;
    else if (name === 'si') {
      strings.push((current ?? []).join(''));
      current = null;
    }
  });
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of await openEntry(zip, entry)) {
    parser.write(decoder.decode(chunk as Buffer, { stream: true }));
  }
  parser.write(decoder.decode());
  parser.close();
  strings.seal();
  return strings;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** `C12` → 2 (column index, 0-based). */
function columnIndex(reference: string): number {
  let index = 0;
  for (const char of reference) {
    const code = char.charCodeAt(0);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
  }
  return index - 1;
}

/** A merged range, 1-based rows and 0-based columns as the reader counts them. */
export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A merge wider than this fills no more columns: a sheet's whole width merged is a title, not a header. */
const MERGE_MAX_COLUMNS = 256;

/** `B3:D4` → its range; a single cell or a malformed reference → null. */
export function parseMergeRef(ref: string): MergedRange | null {
  const match = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref.trim().toUpperCase());
  if (!match) return null;
  const [left, right] = [columnIndex(match[1] as string), columnIndex(match[3] as string)];
  const [top, bottom] = [Number(match[2]), Number(match[4])];
  if (top > bottom || left > right || (top === bottom && left === right)) return null;
  return { top, left, bottom, right: Math.min(right, left + MERGE_MAX_COLUMNS - 1) };
}

const MERGE_TAG = Buffer.from('<mergeCell ');
const PREFIXED_MERGE_TAG = Buffer.from(':mergeCell ');

/**
 * The sheet's merged ranges, by top row. They follow the rows in the sheet's XML (ECMA-376
 * Part 1, §18.3.1.55), so the sheet is inflated once more and scanned as bytes for the tags,
 * without parsing it: a fraction of the cost of reading its rows.
 */
async function readMergedRanges(zip: ZipFile, entry: Entry): Promise<MergedRange[]> {
  const ranges: MergedRange[] = [];
  let carry = Buffer.alloc(0);
  for await (const chunk of await openEntry(zip, entry)) {
    const data = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    let last = 0;
    for (const tag of [MERGE_TAG, PREFIXED_MERGE_TAG]) {
      let at = data.indexOf(tag);
      while (at >= 0) {
        const end = data.indexOf('>', at);
        if (end < 0) break;
        const ref = /\bref="([^"]+)"/.exec(data.toString('latin1', at, end))?.[1];
        const range = ref ? parseMergeRef(ref) : null;
        if (range) ranges.push(range);
        last = Math.max(last, end + 1);
        at = data.indexOf(tag, end);
      }
    }
    // A tag cut between two chunks is read with the next.
    carry = Buffer.from(data.subarray(Math.max(last, data.length - 256)));
  }
  return ranges.sort((a, b) => a.top - b.top || a.left - b.left);
}

/** Gives each merged range's value (its top-left cell's) to its other cells, row by row. */
class MergeFiller {
  private next = 0;
  private active: Array<{ range: MergedRange; value: CellValue }> = [];

  constructor(private readonly ranges: readonly MergedRange[]) {}

  fill(row: number, cells: CellValue[]): void {
    this.active = this.active.filter((merge) => merge.range.bottom >= row);
    while (this.next < this.ranges.length && (this.ranges[this.next] as MergedRange).top <= row) {
      const range = this.ranges[this.next] as MergedRange;
      this.next += 1;
      // A range whose top row has no cells (not written) has no value to give.
      if (range.top === row && range.bottom >= row)
        this.active.push({ range, value: cells[range.left] ?? null });
    }
    for (const { range, value } of this.active) {
      if (value === null) continue;
      for (let column = range.left; column <= range.right; column += 1) {
        if (cells[column] === undefined || cells[column] === null) cells[column] = value;
      }
    }
  }
}

interface CellContext {
  strings: SharedStrings;
  dateStyles: ReadonlySet<number>;
  dateSystem: DateSystem;
}

async function* readSheet(
  stream: Readable,
  context: CellContext,
  path: string,
  merges: readonly MergedRange[] = [],
): AsyncGenerator<RawRow> {
  const parser = new SaxesParser();
  const filler = merges.length > 0 ? new MergeFiller(merges) : null;
  const ready: RawRow[] = [];
  let rowNumber = 0;
  let cells: CellValue[] = [];
  let cellType = 'n';
  let cellStyle = 0;
  let cellIndex = 0;
  let nextIndex = 0;
  let text: string[] = [];
  let collecting = false;
  parser.on('opentag', (tag) => {
    switch (localName(tag.name)) {
      case 'row': {
        const r = Number(tag.attributes.r);
        rowNumber = Number.isFinite(r) && r > 0 ? r : rowNumber + 1;
        cells = [];
        nextIndex = 0;
        break;
      }
      case 'c': {
        const reference = tag.attributes.r;
        cellIndex = typeof reference === 'string' ? columnIndex(reference) : nextIndex;
        nextIndex = cellIndex + 1;
        cellType = typeof tag.attributes.t === 'string' ? tag.attributes.t : 'n';
        cellStyle = typeof tag.attributes.s === 'string' ? Number(tag.attributes.s) : 0;
        text = [];
        break;
      }
      case 'v':
      case 't':
        collecting = true;
        break;
    }
  });
  parser.on('text', (chunk) => {
    if (collecting) text.push(chunk);
  });
  parser.on('closetag', (tag) => {
    switch (localName(tag.name)) {
      case 'v':
      case 't':
        collecting = false;
        break;
      case 'c':
        cells[cellIndex] = cellValue(cellType, cellStyle, text.join(''), context);
        break;
      case 'row':
        filler?.fill(rowNumber, cells);
        for (let index = 0; index < cells.length; index += 1) cells[index] ??= null;
        ready.push({ row: rowNumber, cells });
        break;
    }
  });
  // A UTF-8 character may be cut between two inflated chunks: the decoder keeps it.
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of stream) {
      parser.write(decoder.decode(chunk as Buffer, { stream: true }));
      yield* ready.splice(0);
    }
    parser.write(decoder.decode());
    parser.close();
  } catch (error) {
    throw truncated(path, error);
  }
  yield* ready;
}

function cellValue(type: string, style: number, raw: string, context: CellContext): CellValue {
  switch (type) {
    case 's':
      return context.strings.get(Number(raw));
    case 'inlineStr':
    case 'str':
      return raw;
    case 'b':
      return raw === '1' ? 'TRUE' : 'FALSE';
    case 'e':
      return raw;
    case 'd': {
      // ISO 8601 (`2025-08-18` or `2025-08-18T09:30:00Z`): the date, and the time when it has one.
      const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2}))?/.exec(raw.trim());
      if (!match) return raw;
      return match[2] && match[2] !== '00:00:00' ? `${match[1]} ${match[2]}` : (match[1] as string);
    }
    default: {
      if (raw === '') return null;
      const value = Number(raw);
      if (!Number.isFinite(value)) return raw;
      if (context.dateStyles.has(style)) return excelSerialToIso(value, context.dateSystem) ?? value;
      return excelPrecision(value);
    }
  }
}

/**
 * A number as Excel holds it: 15 significant digits (Excel's specifications and limits).
 * Writers that print the binary double in full add noise beyond them
 * (`6.2812345678900011E+12` for the phone 6281234567890): dropped, so a phone or an
 * engine-number column typed as a number reads back as the digits shown.
 */
export function excelPrecision(value: number): number {
  return Number.isInteger(value) ? value : Number(value.toPrecision(15));
}
