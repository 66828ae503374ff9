import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValue } from '../../rules/import/normalize.js';
import { openReport } from './open-report.js';
import { isReportFileError } from './report-errors.js';
import { writeCsv, writeXlsx } from './report-writers.js';
import { detectDelimiter, detectEncoding, detectFormat } from './sniff.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'h23-readers-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function rowsOf(path: string): Promise<CellValue[][]> {
  const source = await openReport(path);
  const rows: CellValue[][] = [];
  for await (const row of source.rows()) rows.push(row.cells);
  return rows;
}

const TABLE: CellValue[][] = [
  ['No Mesin', 'Nama Konsumen', 'Alamat'],
  ['JM31E1234567', 'José Gonçalves', 'Jl. Merdeka No. 5; RT 01'],
  ['JM41E7654321', 'Siti "Ina" Rahayu', 'Gg. Mawar\nBlok C'],
];

function windows1252(text: string): Buffer {
  return Buffer.from([...text].map((char) => char.charCodeAt(0)));
}

describe('CSV in the encodings and separators Excel on Windows writes', () => {
  it.each([
    ['utf-8', 'utf-8-bom', ';'],
    ['utf-8', 'utf-8', ','],
    ['utf-16le', 'utf-16le', '\t'],
    ['windows-1252', 'windows-1252', ';'],
  ] as const)('%s (%s) separated by %j reads back cell for cell', async (encoding, written, delimiter) => {
    const path = join(folder, `table-${written}-${delimiter === '\t' ? 'tab' : delimiter}.csv`);
    await writeCsv(path, TABLE, { encoding: written, delimiter });
    const source = await openReport(path);
    expect(source.format).toBe('csv');
    expect(source.encoding).toBe(encoding);
    expect(await rowsOf(path)).toEqual(TABLE);
  });

  it('decodes Windows-1252 bytes that are not valid UTF-8 (é = 0xE9)', async () => {
    const path = join(folder, 'cp1252.csv');
    await writeFile(path, windows1252('No Mesin;Nama\r\nJM31E1234567;Andr\u00e9 Wijaya\r\n'));
    expect(await rowsOf(path)).toEqual([
      ['No Mesin', 'Nama'],
      ['JM31E1234567', 'André Wijaya'],
    ]);
  });

  it('reads UTF-16LE without a byte-order mark', async () => {
    const path = join(folder, 'utf16-nobom.csv');
    await writeFile(path, Buffer.from('No Mesin\tNama\r\nJM31E1234567\tBudi\r\n', 'utf16le'));
    expect(await rowsOf(path)).toEqual([
      ['No Mesin', 'Nama'],
      ['JM31E1234567', 'Budi'],
    ]);
  });

  it('keeps a character split across read chunks whole', async () => {
    const path = join(folder, 'long.csv');
    // 20 rows of 30,000 two-byte-heavy characters: past several 256 KiB read chunks, within Excel's cell limit.
    const name = 'Ñoño '.repeat(6_000);
    await writeFile(path, `No Mesin;Nama\n${`JM31E1234567;${name}\n`.repeat(20)}`);
    const rows = await rowsOf(path);
    expect(rows).toHaveLength(21);
    expect(rows.slice(1).every((row) => row[1] === name)).toBe(true);
  });
});

describe('XLSX', () => {
  it('reads back what Excel-style writing put in: shared strings, numbers, gaps, unicode', async () => {
    const path = join(folder, 'table.xlsx');
    const rows: CellValue[][] = [
      ['LAPORAN CDB'],
      [],
      ...TABLE,
      ['JM91E1111111', null, 45886],
      [81234567890, 'Dewi & Co <x>'],
    ];
    await writeXlsx(path, 'CDB', rows);
    const read = await rowsOf(path);
    expect(read[0]).toEqual(['LAPORAN CDB']);
    expect(read[1]).toEqual([]);
    expect(read.slice(2)).toEqual([...TABLE, ['JM91E1111111', null, 45886], [81234567890, 'Dewi & Co <x>']]);
  });

  it('drops control characters XML cannot hold (a stray bell from a copied cell) instead of writing a broken file', async () => {
    const path = join(folder, 'control.xlsx');
    await writeXlsx(path, 'CDB', [['Dewi\u0007 Lestari\tS.', 'Baris\nDua']]);
    expect(await rowsOf(path)).toEqual([['Dewi Lestari\tS.', 'Baris\nDua']]);
  });

  it('numbers rows as Excel does, skipping rows that are not in the sheet', async () => {
    const path = join(folder, 'gaps.xlsx');
    await writeXlsx(path, 'A2', [['No Mesin'], [], ['JM31E1234567']]);
    const source = await openReport(path);
    const numbers: number[] = [];
    for await (const row of source.rows()) numbers.push(row.row);
    expect(numbers).toEqual([1, 2, 3]);
  });
});

describe('files that are not a readable report fail with what to do', () => {
  it.each([
    [
      'legacy_xls',
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]),
    ],
    ['html_disguised', Buffer.from('<html><body><table><tr><td>No Mesin</td></tr></table></body></html>')],
    ['html_disguised', Buffer.from('\uFEFF  <table border=1><tr><td>x</td></tr></table>')],
    ['binary', Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256))],
    ['empty', Buffer.alloc(0)],
  ] as const)('%s', async (problem, content) => {
    const path = join(folder, `bad-${problem}-${content.length}.xls`);
    await writeFile(path, content);
    const error = await openReport(path).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(isReportFileError(error) && error.problem).toBe(problem);
    expect(isReportFileError(error) && error.messageId).toMatch(/\S/);
  });

  it('a truncated xlsx (download cut short) fails as truncated when read', async () => {
    const whole = join(folder, 'whole.xlsx');
    await writeXlsx(
      whole,
      'CDB',
      Array.from({ length: 2000 }, (_, index) => [`JM31E${1000000 + index}`, `Nama ${index}`]),
    );
    const bytes = await readFile(whole);
    const cut = join(folder, 'cut.xlsx');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await rowsOf(cut).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(isReportFileError(error) && error.problem).toBe('truncated');
  });

  it('a missing file says so', async () => {
    const error = await openReport(join(folder, 'nope.csv')).catch((caught: unknown) => caught);
    expect(isReportFileError(error) && error.problem).toBe('not_found');
  });
});

describe('sniffing', () => {
  it.each([
    ['LAPORAN CDB\nPeriode Nov\nNo;Nama;HP\n1;Budi;0812\n2;Ani, S.Pd;0813\n', ';'],
    ['No,Nama,HP\n1,"Santoso; Budi",0812\n2,Ani,0813\n', ','],
    ['No\tNama\tHP\n1\tBudi\t0812\n', '\t'],
  ] as const)('delimiter of %j is %j', (sample, expected) => {
    expect(detectDelimiter(sample)).toBe(expected);
  });

  it.each([
    [[0xef, 0xbb, 0xbf, 0x41], 'utf-8'],
    [[0xff, 0xfe, 0x41, 0x00], 'utf-16le'],
    [[0xfe, 0xff, 0x00, 0x41], 'utf-16be'],
    [[0x41, 0xc3, 0xa9, 0x42], 'utf-8'],
    [[0x41, 0xe9, 0x42], 'windows-1252'],
  ] as const)('encoding of %j is %s', (bytes, expected) => {
    expect(detectEncoding(Uint8Array.from(bytes))).toBe(expected);
  });

  it('a zip is taken for xlsx; text for text', () => {
    expect(detectFormat(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toBe('xlsx');
    expect(detectFormat(Buffer.from('No Mesin;Nama\n'))).toBe('text');
  });
});
