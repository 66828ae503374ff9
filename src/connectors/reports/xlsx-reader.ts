import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { CellValue } from '../../rules/import/normalize.js';
import type { RawRow } from './raw-row.js';
import { ReportFileError } from './report-errors.js';

/**
 * Streams the first worksheet of an `.xlsx` file. The zip is read through its
 * central directory (random access), so the shared-string table is loaded
 * first wherever Excel put it, then the sheet's XML is parsed as it inflates:
 * memory holds the string table and one row, not the sheet.
 */
export async function* readXlsxRows(path: string): AsyncGenerator<RawRow, void, undefined> {
  const zip = await openZip(path);
  try {
    const entries = await listEntries(zip, path);
    const sheetPath = await firstSheetPath(zip, entries);
    const sheet = entries.get(sheetPath);
    if (!sheet) throw new ReportFileError('no_sheet', path, `no worksheet ${sheetPath} in the workbook`);
    const sharedStringsEntry = entries.get('xl/sharedStrings.xml');
    const strings = sharedStringsEntry
      ? await readSharedStrings(zip, sharedStringsEntry)
      : new SharedStrings();
    yield* readSheet(await openEntry(zip, sheet), strings, path);
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

/** The workbook's first sheet, through `workbook.xml` and its relationships. */
async function firstSheetPath(zip: ZipFile, entries: Map<string, Entry>): Promise<string> {
  const fallback = 'xl/worksheets/sheet1.xml';
  const workbook = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) return fallback;
  const sheetId = /<(?:\w+:)?sheet\b[^>]*\br:id="([^"]+)"/.exec(await readText(zip, workbook))?.[1];
  if (!sheetId) return fallback;
  const relsXml = await readText(zip, rels);
  const target =
    new RegExp(`<Relationship\\b[^>]*\\bId="${sheetId}"[^>]*\\bTarget="([^"]+)"`).exec(relsXml)?.[1] ??
    new RegExp(`<Relationship\\b[^>]*\\bTarget="([^"]+)"[^>]*\\bId="${sheetId}"`).exec(relsXml)?.[1];
  if (!target) return fallback;
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
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

async function* readSheet(stream: Readable, strings: SharedStrings, path: string): AsyncGenerator<RawRow> {
  const parser = new SaxesParser();
  const ready: RawRow[] = [];
  let rowNumber = 0;
  let cells: CellValue[] = [];
  let cellType = 'n';
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
        cells[cellIndex] = cellValue(cellType, text.join(''), strings);
        break;
      case 'row':
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

function cellValue(type: string, raw: string, strings: SharedStrings): CellValue {
  switch (type) {
    case 's':
      return strings.get(Number(raw));
    case 'inlineStr':
    case 'str':
      return raw;
    case 'b':
      return raw === '1' ? 'TRUE' : 'FALSE';
    case 'e':
      return raw;
    default: {
      if (raw === '') return null;
      const value = Number(raw);
      return Number.isFinite(value) ? value : raw;
    }
  }
}
