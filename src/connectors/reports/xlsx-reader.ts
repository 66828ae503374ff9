import { basename, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { type DateSystem, excelSerialToIso } from '../../rules/import/excel-date.js';
import { columnLetter } from '../../rules/import/layout.js';
import type { CellValue } from '../../rules/import/normalize.js';
import type { RawRow } from './raw-row.js';
import {
  isReportFileError,
  ReportFileError,
  type ReportFileProblem,
  type ReportLocation,
} from './report-errors.js';
import { preview, type ReportLimits, reportLimits } from './report-limits.js';

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
 *
 * Every part is read within the limits of `report-limits.ts` (entries, inflated bytes and
 * ratio, columns, characters per cell and row, the string table, merges), XML with a DOCTYPE
 * is refused (no entity is ever expanded or fetched), and every failure is a
 * {@link ReportFileError} naming the file (`fileName`, the upload's own name) and, where it
 * has one, the part, sheet, row and column. A formula cell gives its last result (`<v>`),
 * never its formula.
 */
export async function* readXlsxRows(
  path: string,
  options: { sheet?: string; fileName?: string; limits?: Partial<ReportLimits> } = {},
): AsyncGenerator<RawRow, void, undefined> {
  const book: Book = { file: options.fileName ?? basename(path), limits: reportLimits(options.limits) };
  const zip = await openZip(path, book);
  try {
    if (zip.entryCount > book.limits.maxZipEntries)
      throw new ReportFileError(
        'too_large',
        book.file,
        `the zip holds ${zip.entryCount.toLocaleString('en-US')} entries (at most ${book.limits.maxZipEntries.toLocaleString('en-US')} are read)`,
      );
    const entries = await listEntries(zip, book);
    const parts = await workbookParts(zip, entries, book, options.sheet);
    const sheet = entries.get(parts.sheet);
    if (!sheet) {
      // An OpenDocument sheet, a Word document, any zip: say what it holds rather than which part is missing.
      const held = [...entries.keys()].slice(0, 4).join(', ');
      throw new ReportFileError(
        'no_sheet',
        book.file,
        entries.has('xl/workbook.xml')
          ? `no worksheet ${parts.sheet} in the workbook`
          : `a zip without an xlsx workbook (no xl/workbook.xml; it holds ${held || 'nothing'})`,
      );
    }
    const sharedStringsEntry = parts.sharedStrings ? entries.get(parts.sharedStrings) : undefined;
    const strings = sharedStringsEntry
      ? await readSharedStrings(zip, sharedStringsEntry, book)
      : new SharedStrings();
    const stylesEntry = parts.styles ? entries.get(parts.styles) : undefined;
    const dateStyles = stylesEntry
      ? dateStyleIndexes(await readWhole(zip, stylesEntry, book))
      : new Set<number>();
    const merges = await readMergedRanges(zip, sheet, book);
    yield* readSheet(
      decodedText(inflated(zip, sheet, book)),
      { strings, dateStyles, dateSystem: parts.dateSystem },
      { ...book, part: sheet.fileName, sheet: parts.sheetName },
      merges,
    );
  } finally {
    zip.close();
  }
}

/** The workbook being read: its name for messages and the limits it is read within. */
interface Book {
  file: string;
  limits: ReportLimits;
}

/** A part of the workbook being read, and the sheet's name for messages. */
interface Part extends Book {
  part: string;
  sheet?: string | undefined;
}

function truncated(file: string, cause: unknown, part?: string): ReportFileError {
  const text = String(cause).slice(0, 200);
  // yauzl's size check: the entry inflates past the size its header declares (a forged or damaged zip).
  if (/too many bytes in the stream/.test(text))
    return new ReportFileError(
      'too_large',
      file,
      `the part inflates past the size its zip header declares (${text})`,
      undefined,
      part ? { part } : undefined,
    );
  return new ReportFileError(
    'truncated',
    file,
    `a damaged or incomplete xlsx file (${text})`,
    undefined,
    part ? { part } : undefined,
  );
}

/** A refusal at a place of a part: its row and column when known. */
function refusal(
  problem: ReportFileProblem,
  at: Part,
  message: string,
  where: Omit<ReportLocation, 'part' | 'sheet'> = {},
): ReportFileError {
  const location: ReportLocation =
    at.sheet !== undefined
      ? { sheet: at.sheet.length > 40 ? `${at.sheet.slice(0, 40)}…` : at.sheet, ...where }
      : { part: at.part, ...where };
  return new ReportFileError(problem, at.file, message, undefined, location);
}

function openZip(path: string, book: Book): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: false }, (error, zip) => {
      if (error || !zip) reject(truncated(book.file, error));
      else resolve(zip);
    });
  });
}

function listEntries(zip: ZipFile, book: Book): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    zip.on('entry', (entry: Entry) => {
      const name = entry.fileName.replace(/^\//, '');
      // A second entry of one name is another writer's leftover: the first, as Excel reads it.
      if (!entries.has(name)) entries.set(name, entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', (error) => reject(truncated(book.file, error)));
    zip.readEntry();
  });
}

function openEntry(zip: ZipFile, entry: Entry, book: Book): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const failed = (error: unknown) => {
      const text = String(error);
      reject(
        /encrypted|unsupported compression/i.test(text)
          ? new ReportFileError(
              'malformed',
              book.file,
              `the zip entry cannot be read (${text.slice(0, 200)})`,
              undefined,
              {
                part: entry.fileName,
              },
            )
          : truncated(book.file, error, entry.fileName),
      );
    };
    try {
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) failed(error);
        else resolve(stream);
      });
    } catch (error) {
      failed(error);
    }
  });
}

/**
 * An entry's inflated bytes, counted as they come: refused past `maxBytes` (declared or
 * real) or past the inflate ratio, so a zip bomb stops within its first megabytes. A lie in
 * the declared sizes fails in yauzl's own check (a truncated file).
 */
async function* inflated(
  zip: ZipFile,
  entry: Entry,
  book: Book,
  maxBytes = book.limits.maxPartBytes,
): AsyncGenerator<Buffer> {
  const at: Part = { ...book, part: entry.fileName };
  const mib = (bytes: number) =>
    bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(0)} MiB` : `${bytes.toLocaleString('en-US')} bytes`;
  if (entry.uncompressedSize > maxBytes)
    throw refusal(
      'too_large',
      at,
      `the part declares ${mib(entry.uncompressedSize)} inflated (at most ${mib(maxBytes)})`,
    );
  const stream = await openEntry(zip, entry, book);
  let total = 0;
  try {
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) throw refusal('too_large', at, `the part inflates past ${mib(maxBytes)}`);
      if (
        total > book.limits.ratioGraceBytes &&
        total > book.limits.maxInflateRatio * Math.max(1, entry.compressedSize)
      )
        throw refusal(
          'too_large',
          at,
          `the part inflates more than ${book.limits.maxInflateRatio} times its ${entry.compressedSize.toLocaleString('en-US')} compressed bytes (a zip bomb?)`,
        );
      yield chunk as Buffer;
    }
  } catch (error) {
    throw isReportFileError(error) ? error : truncated(book.file, error, entry.fileName);
  } finally {
    stream.destroy();
  }
}

/**
 * A part's text: UTF-8, or UTF-16 as its byte-order mark (or `<` followed by a zero byte)
 * says (ECMA-376 Part 2 allows both); a character cut between chunks waits for the next.
 */
async function* decodedText(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  for await (const chunk of chunks) {
    if (!decoder) {
      const [first, second] = [chunk[0], chunk[1]];
      const encoding =
        (first === 0xff && second === 0xfe) || (first === 0x3c && second === 0x00)
          ? 'utf-16le'
          : (first === 0xfe && second === 0xff) || (first === 0x00 && second === 0x3c)
            ? 'utf-16be'
            : 'utf-8';
      decoder = new TextDecoder(encoding);
    }
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder?.decode() ?? '';
  if (rest) yield rest;
}

/** A small part read whole (workbook, relationships, styles), refused with a DOCTYPE. */
async function readWhole(zip: ZipFile, entry: Entry, book: Book): Promise<string> {
  const parts: string[] = [];
  for await (const text of decodedText(inflated(zip, entry, book, book.limits.maxWholePartBytes)))
    parts.push(text);
  const text = parts.join('');
  if (/<!DOCTYPE/i.test(text)) throw doctypeRefusal({ ...book, part: entry.fileName });
  return text;
}

function doctypeRefusal(at: Part): ReportFileError {
  return new ReportFileError(
    'doctype',
    at.file,
    'the XML declares a DOCTYPE (entities are never read: Excel writes none)',
    undefined,
    { part: at.part },
  );
}

/**
 * A SAX parser over one part that refuses a DOCTYPE before any entity is declared, turns
 * saxes' errors into a located refusal, and bounds what saxes gathers before it emits (a
 * text, a tag, a comment): the distance between two events is checked after each chunk.
 */
class XmlPart {
  readonly parser = new SaxesParser();
  private lastEvent = 0;

  constructor(private readonly at: Part) {
    this.parser.on('doctype', () => {
      throw doctypeRefusal(at);
    });
    this.parser.on('comment', () => this.mark());
    this.parser.on('processinginstruction', () => this.mark());
  }

  /** Called by each handler: the parser has emitted what it gathered. */
  mark(): void {
    this.lastEvent = this.parser.position;
  }

  write(text: string): void {
    try {
      this.parser.write(text);
    } catch (error) {
      throw this.failure(error);
    }
    if (this.parser.position - this.lastEvent > this.at.limits.maxMarkupChars)
      throw refusal(
        'over_limit',
        this.at,
        `more than ${this.at.limits.maxMarkupChars.toLocaleString('en-US')} characters of XML without a tag (a text or tag past any cell's length)`,
      );
  }

  close(): void {
    try {
      this.parser.close();
    } catch (error) {
      throw this.failure(error);
    }
  }

  private failure(error: unknown): ReportFileError {
    if (isReportFileError(error)) return error;
    return new ReportFileError(
      'malformed',
      this.at.file,
      `the XML is not well-formed (${String(error instanceof Error ? error.message : error).slice(0, 200)})`,
      undefined,
      { part: this.at.part },
    );
  }
}

interface WorkbookParts {
  sheet: string;
  /** The sheet's name on its tab, for messages. */
  sheetName?: string;
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

/**
 * XML's five entities and numeric references, as attribute values hold them (`#,##0 &quot;km&quot;`);
 * a reference to no character (past U+10FFFF) stays as written.
 */
function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (!name.startsWith('#')) return ENTITIES[name] ?? whole;
    const code =
      name.startsWith('#x') || name.startsWith('#X')
        ? Number.parseInt(name.slice(2), 16)
        : Number(name.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The part a relationship's target names (relative to `xl/`, or absolute), `..` resolved inside the zip. */
function partPath(target: string): string {
  const path = posix.normalize(target.startsWith('/') ? target : `xl/${target}`);
  return path.replace(/^(\.\.\/|\/)+/, '');
}

/**
 * The parts the workbook names through `xl/_rels/workbook.xml.rels` (ECMA-376 Part 2: the
 * part names are the writer's to choose), and its date system. Workbooks without the
 * relationships part fall back to Excel's usual names.
 */
async function workbookParts(
  zip: ZipFile,
  entries: Map<string, Entry>,
  book: Book,
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
  const workbookXml = await readWhole(zip, workbook, book);
  const date1904 = tagsOf(workbookXml, 'workbookPr')[0]?.date1904;
  const dateSystem: DateSystem = date1904 === '1' || date1904 === 'true' ? 1904 : 1900;
  const sheets = tagsOf(workbookXml, 'sheet');
  const chosen = sheetName === undefined ? sheets[0] : sheets.find((sheet) => sheet.name === sheetName);
  if (sheetName !== undefined && !chosen) {
    const names = sheets
      .slice(0, 20)
      .map((sheet) => `"${(sheet.name ?? '').slice(0, 40)}"`)
      .join(', ');
    throw new ReportFileError(
      'no_sheet',
      book.file,
      `no sheet named "${sheetName}" in the workbook (it has ${names})`,
      `Lembar kerja "${sheetName}" (pengaturan import.sheet) tidak ada; lembar yang ada: ${names}.`,
    );
  }
  const named = chosen?.name !== undefined ? { sheetName: chosen.name } : {};
  if (!rels) return { ...fallback, ...named, dateSystem };
  const relationships = tagsOf(await readWhole(zip, rels, book), 'Relationship');
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
    ...named,
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

  /** The string at `index`; '' for an index that is none (negative, fractional, past the end). */
  get(index: number): string {
    if (!Number.isInteger(index) || index < 0) return '';
    const block = Math.floor(index / SharedStrings.BLOCK);
    const within = index % SharedStrings.BLOCK;
    const offsets = this.offsets[block];
    const text = this.blocks[block];
    if (!offsets || text === undefined || within + 1 >= offsets.length) return '';
    return text.slice(offsets[within], offsets[within + 1]);
  }
}

/**
 * The shared-string table. A string longer than a cell may be is kept one character past
 * the limit, so the cell that uses it is refused with its row and column (a string no cell
 * uses costs nothing more); the table's size is bounded as a whole.
 */
async function readSharedStrings(zip: ZipFile, entry: Entry, book: Book): Promise<SharedStrings> {
  const at: Part = { ...book, part: entry.fileName };
  const { maxCellChars, maxSharedStringChars, maxSharedStrings } = book.limits;
  const strings = new SharedStrings();
  const xml = new XmlPart(at);
  const { parser } = xml;
  let current: string[] | null = null;
  let length = 0;
  let count = 0;
  let characters = 0;
  let inText = false;
  let inPhonetic = false;
  const gather = (text: string) => {
    xml.mark();
    if (!inText || !current || length > maxCellChars) return;
    const kept = text.length + length > maxCellChars + 1 ? text.slice(0, maxCellChars + 1 - length) : text;
    current.push(kept);
    length += kept.length;
  };
  parser.on('opentag', (tag) => {
    xml.mark();
    const name = localName(tag.name);
    if (name === 'si') {
      current = [];
      length = 0;
    } else if (name === 'rPh') inPhonetic = true;
    else if (name === 't' && !inPhonetic) inText = true;
  });
  parser.on('text', gather);
  parser.on('cdata', gather);
  parser.on('closetag', (tag) => {
    xml.mark();
    const name = localName(tag.name);
    if (name === 't') inText = false;
    else if (name === 'rPh') inPhonetic = false;
    else if (name === 'si') {
      count += 1;
      characters += length;
      if (count > maxSharedStrings)
        throw refusal(
          'too_large',
          at,
          `more than ${maxSharedStrings.toLocaleString('en-US')} shared strings`,
        );
      if (characters > maxSharedStringChars)
        throw refusal(
          'too_large',
          at,
          `the shared strings hold more than ${maxSharedStringChars.toLocaleString('en-US')} characters`,
        );
      strings.push((current ?? []).join(''));
      current = null;
    }
  });
  for await (const text of decodedText(inflated(zip, entry, book))) xml.write(text);
  xml.close();
  strings.seal();
  return strings;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/**
 * `C12` → 2 (column index, 0-based); -1 for a reference that names no column. Letters past
 * the fourth stop counting (the number only has to be past any sheet's last column).
 */
function columnIndex(reference: string): number {
  let index = 0;
  let letters = 0;
  for (const char of reference) {
    const code = char.charCodeAt(0);
    if (code < 65 || code > 90) break;
    letters += 1;
    if (letters <= 4) index = index * 26 + (code - 64);
  }
  return letters > 4 ? Number.MAX_SAFE_INTEGER : index - 1;
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
 * without parsing it: a fraction of the cost of reading its rows. Ranges that start past the
 * last column are dropped; more ranges than `maxMergedRanges` are refused.
 */
async function readMergedRanges(zip: ZipFile, entry: Entry, book: Book): Promise<MergedRange[]> {
  const ranges: MergedRange[] = [];
  let carry = Buffer.alloc(0);
  for await (const chunk of inflated(zip, entry, book)) {
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let last = 0;
    for (const tag of [MERGE_TAG, PREFIXED_MERGE_TAG]) {
      let at = data.indexOf(tag);
      while (at >= 0) {
        const end = data.indexOf('>', at);
        if (end < 0) break;
        const ref = /\bref="([^"]+)"/.exec(data.toString('latin1', at, end))?.[1];
        const range = ref ? parseMergeRef(ref) : null;
        if (range && range.left < book.limits.maxColumns) ranges.push(range);
        if (ranges.length > book.limits.maxMergedRanges)
          throw refusal(
            'over_limit',
            { ...book, part: entry.fileName },
            `more than ${book.limits.maxMergedRanges.toLocaleString('en-US')} merged ranges`,
          );
        last = Math.max(last, end + 1);
        at = data.indexOf(tag, end);
      }
    }
    // A tag cut between two chunks is read with the next.
    carry = Buffer.from(data.subarray(Math.max(last, data.length - 256)));
  }
  return ranges.sort((a, b) => a.top - b.top || a.left - b.left);
}

/**
 * Gives each merged range's value (its top-left cell's) to its other cells, row by row.
 * Ranges that do not overlap cover at most a row's width together; more is refused, which
 * bounds the work per row.
 */
class MergeFiller {
  private next = 0;
  private active: Array<{ range: MergedRange; value: CellValue }> = [];
  private width = 0;

  constructor(
    private readonly ranges: readonly MergedRange[],
    private readonly at: Part,
  ) {}

  fill(row: number, cells: CellValue[]): void {
    if (this.active.some((merge) => merge.range.bottom < row)) {
      this.active = this.active.filter((merge) => merge.range.bottom >= row);
      this.width = this.active.reduce((sum, merge) => sum + merge.range.right - merge.range.left + 1, 0);
    }
    while (this.next < this.ranges.length && (this.ranges[this.next] as MergedRange).top <= row) {
      const range = this.ranges[this.next] as MergedRange;
      this.next += 1;
      // A range whose top row has no cells (not written) has no value to give.
      if (range.top === row && range.bottom >= row) {
        this.active.push({ range, value: cells[range.left] ?? null });
        this.width += range.right - range.left + 1;
        if (this.width > this.at.limits.maxColumns)
          throw refusal(
            'over_limit',
            this.at,
            'merged ranges overlap (they cover more than the row is wide)',
            {
              row,
            },
          );
      }
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
  source: AsyncIterable<string>,
  context: CellContext,
  at: Part,
  merges: readonly MergedRange[] = [],
): AsyncGenerator<RawRow> {
  const { maxColumns, maxRows, maxCellChars, maxRowChars, maxSheetChars } = at.limits;
  const xml = new XmlPart(at);
  const { parser } = xml;
  const filler = merges.length > 0 ? new MergeFiller(merges, at) : null;
  const ready: RawRow[] = [];
  let rowNumber = 0;
  let cells: CellValue[] = [];
  let sheetChars = 0;
  let cellType = 'n';
  let cellStyle = 0;
  let cellIndex = 0;
  let nextIndex = 0;
  let text: string[] = [];
  let textLength = 0;
  let collecting = false;
  const cellPlace = () => ({ row: rowNumber, column: columnLetter(cellIndex) });
  const gather = (chunk: string) => {
    xml.mark();
    if (!collecting) return;
    textLength += chunk.length;
    if (textLength > maxCellChars)
      throw refusal(
        'over_limit',
        at,
        `a cell of more than ${maxCellChars.toLocaleString('en-US')} characters (Excel's limit), beginning ${preview(text.join('') + chunk)}`,
        cellPlace(),
      );
    text.push(chunk);
  };
  parser.on('opentag', (tag) => {
    xml.mark();
    switch (localName(tag.name)) {
      case 'row': {
        const r = Number(tag.attributes.r);
        rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
        if (rowNumber > maxRows)
          throw refusal('over_limit', at, `a row past Excel's last row, ${maxRows.toLocaleString('en-US')}`, {
            row: rowNumber,
          });
        cells = [];
        nextIndex = 0;
        break;
      }
      case 'c': {
        const reference = tag.attributes.r;
        const named = typeof reference === 'string' ? columnIndex(reference) : -1;
        cellIndex = named >= 0 ? named : nextIndex;
        nextIndex = cellIndex + 1;
        if (cellIndex >= maxColumns) {
          const letters = typeof reference === 'string' ? /^[A-Z]*/.exec(reference)?.[0] : '';
          throw refusal(
            'over_limit',
            at,
            `a cell past Excel's last column, XFD (${maxColumns.toLocaleString('en-US')} columns)${typeof reference === 'string' ? `: ${preview(reference, 20)}` : ''}`,
            letters
              ? { row: rowNumber, column: letters.length > 8 ? `${letters.slice(0, 8)}…` : letters }
              : { row: rowNumber },
          );
        }
        cellType = typeof tag.attributes.t === 'string' ? tag.attributes.t : 'n';
        cellStyle = typeof tag.attributes.s === 'string' ? Number(tag.attributes.s) : 0;
        text = [];
        textLength = 0;
        break;
      }
      case 'v':
      case 't':
        collecting = true;
        break;
    }
  });
  parser.on('text', gather);
  parser.on('cdata', gather);
  parser.on('closetag', (tag) => {
    xml.mark();
    switch (localName(tag.name)) {
      case 'v':
      case 't':
        collecting = false;
        break;
      case 'c': {
        const value = cellValue(cellType, cellStyle, text.join(''), context);
        if (typeof value === 'string' && value.length > maxCellChars)
          throw refusal(
            'over_limit',
            at,
            `a cell of more than ${maxCellChars.toLocaleString('en-US')} characters (Excel's limit), beginning ${preview(value)}`,
            cellPlace(),
          );
        cells[cellIndex] = value;
        break;
      }
      case 'row': {
        filler?.fill(rowNumber, cells);
        // Counted once merged values are in: a merge repeats its value in each of its cells.
        let rowChars = 0;
        for (let index = 0; index < cells.length; index += 1) {
          const value = cells[index] ?? null;
          cells[index] = value;
          if (typeof value === 'string') rowChars += value.length;
        }
        if (rowChars > maxRowChars)
          throw refusal(
            'over_limit',
            at,
            `a row of more than ${maxRowChars.toLocaleString('en-US')} characters`,
            {
              row: rowNumber,
            },
          );
        sheetChars += rowChars;
        if (sheetChars > maxSheetChars)
          throw refusal(
            'too_large',
            at,
            `the sheet's cells hold more than ${maxSheetChars.toLocaleString('en-US')} characters in all (one shared string repeated in every row?)`,
            { row: rowNumber },
          );
        ready.push({ row: rowNumber, cells });
        break;
      }
    }
  });
  try {
    for await (const chunk of source) {
      xml.write(chunk);
      yield* ready.splice(0);
    }
    xml.close();
  } catch (error) {
    throw isReportFileError(error) ? error : truncated(at.file, error, at.part);
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
