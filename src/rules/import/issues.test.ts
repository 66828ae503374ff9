import { describe, expect, it } from 'vitest';
import {
  clippedIssue,
  ISSUE_TEXT_MAX,
  MAX_LISTED_ISSUES,
  type RowIssue,
  renderIssueReport,
  rowList,
} from './issues.js';

/** The cells of the report's data lines (after the header), `;`-separated with `"` quoting. */
function cells(report: string): string[][] {
  return report
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .slice(1, -1)
    .map((line) =>
      [...line.matchAll(/("(?:[^"]|"")*"|[^;]*)(?:;|$)/g)].map((match) => match[1] ?? '').slice(0, 6),
    );
}

const issue = (value: string): RowIssue => ({
  row: 4,
  column: 'No Mesin (A)',
  value,
  code: 'engine_malformed',
  severity: 'error',
});

describe('the quarantine report never hands a spreadsheet a formula', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ['-1+1', "'-1+1"],
    ['@SUM(1+1)', "'@SUM(1+1)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
    ['JM31E1234567', 'JM31E1234567'],
    ['a=b', 'a=b'],
    ['Ani; Budi', '"Ani; Budi"'],
  ])('a value %j is written as %j', (value, written) => {
    const [line] = cells(renderIssueReport('cdb.csv', [issue(value)]));
    expect(line?.[3]).toBe(written);
  });

  it('a file name that looks like a formula is defused too', () => {
    const [line] = cells(renderIssueReport('=cmd.csv', [issue('x')]));
    expect(line?.[0]).toBe("'=cmd.csv");
  });
});

describe('clippedIssue', () => {
  it.each([
    ['a value within the limit is kept', 'A'.repeat(ISSUE_TEXT_MAX), 'A'.repeat(ISSUE_TEXT_MAX)],
    [
      'a longer one is cut and its length said',
      'A'.repeat(32_000),
      `${'A'.repeat(ISSUE_TEXT_MAX)}… (32000 karakter)`,
    ],
  ])('%s', (_, value, kept) => {
    expect(clippedIssue(issue(value)).value).toBe(kept);
  });

  it('cuts the detail too and leaves the rest', () => {
    const clipped = clippedIssue({ ...issue('x'), detail: 'lihat '.repeat(100) });
    expect(clipped).toMatchObject({ row: 4, column: 'No Mesin (A)', value: 'x', code: 'engine_malformed' });
    expect(clipped.detail?.length).toBeLessThan(ISSUE_TEXT_MAX + 30);
  });
});

describe('rowList', () => {
  it.each([
    { rows: [3, 7], own: 3, listed: '7' },
    { rows: [3, 7, 9], own: undefined, listed: '3, 7, 9' },
    {
      rows: Array.from({ length: 12 }, (_, at) => at + 1),
      own: 1,
      listed: '2, 3, 4, 5, 6, 7, 8, 9, 10, 11 dan 1 baris lain',
    },
    {
      rows: Array.from({ length: 20_000 }, (_, at) => at + 5),
      own: 9,
      listed: '5, 6, 7, 8, 10, 11, 12, 13, 14, 15 dan 19.989 baris lain',
    },
  ])('$rows.length rows without $own: $listed', ({ rows, own, listed }) => {
    expect(rowList(rows, own)).toBe(listed);
  });
});

describe('a report of more issues than are listed', () => {
  it('says how many were left out on its last line', () => {
    const report = renderIssueReport('cdb.csv', [issue('x')], 12_345);
    const lines = cells(report);
    expect(lines).toHaveLength(2);
    expect(lines[1]?.[5]).toBe(
      `… dan 12.345 masalah lain tidak dicantumkan (laporan memuat ${MAX_LISTED_ISSUES.toLocaleString('id-ID')} yang pertama)`,
    );
  });
});
