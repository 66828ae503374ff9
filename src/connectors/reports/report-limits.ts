/**
 * How far the report readers read before they refuse a file. A portal report or a Pra WO
 * batch has passed through Excel or LibreOffice, so Excel's own limits (Microsoft, "Excel
 * specifications and limits") bound every real file: past them a file is broken or hostile,
 * and it is refused with the place it broke them, never read into memory. The size limits
 * leave five times the largest report measured (a 100,000-unit CDB: a 40 MB sheet, 20 MB of
 * shared strings holding 6.4 million characters, parts inflating 5–8 times; a sheet of empty
 * styled rows inflates 29 times) within the CLI's 176 MB heap.
 */
export interface ReportLimits {
  /** Columns of a row: Excel's last column is XFD, the 16,384th. */
  maxColumns: number;
  /** Rows of an xlsx sheet: Excel's last row is 1,048,576 (a CSV has no such limit). */
  maxRows: number;
  /** Characters in a cell: Excel's limit is 32,767. */
  maxCellChars: number;
  /** Characters in a row, all its cells together (a real row holds a few hundred). */
  maxRowChars: number;
  /**
   * Characters of all an xlsx sheet's cells, merged values included: one shared string can
   * fill a million cells from a file of kilobytes, and every character costs the import
   * time. Excel's last row times a wide real row (200 characters) is under it.
   */
  maxSheetChars: number;
  /** Entries in an xlsx zip (a workbook has a dozen parts, a few hundred with images). */
  maxZipEntries: number;
  /** Inflated bytes of a part streamed (a sheet, the shared strings). */
  maxPartBytes: number;
  /** Inflated bytes of a part read whole (workbook, relationships, styles). */
  maxWholePartBytes: number;
  /** Inflated bytes per compressed byte, once past `ratioGraceBytes`: real parts 2–10, deflate's ceiling about 1,032. */
  maxInflateRatio: number;
  ratioGraceBytes: number;
  /** Characters of the shared-string table, which is held in memory. */
  maxSharedStringChars: number;
  /** Entries of the shared-string table. */
  maxSharedStrings: number;
  /** Merged ranges of a sheet, held in memory. */
  maxMergedRanges: number;
  /** XML characters between two events of the parser: a text, a tag, a comment being gathered. */
  maxMarkupChars: number;
}

const MIB = 1024 * 1024;

export const REPORT_LIMITS: Readonly<ReportLimits> = {
  maxColumns: 16_384,
  maxRows: 1_048_576,
  maxCellChars: 32_767,
  maxRowChars: MIB,
  maxSheetChars: 256 * MIB,
  maxZipEntries: 10_000,
  maxPartBytes: 512 * MIB,
  maxWholePartBytes: 16 * MIB,
  maxInflateRatio: 100,
  ratioGraceBytes: MIB,
  maxSharedStringChars: 32 * MIB,
  maxSharedStrings: 4 * MIB,
  maxMergedRanges: 100_000,
  maxMarkupChars: MIB,
};

/** The limits with some replaced (tests use small ones). */
export function reportLimits(overrides: Partial<ReportLimits> = {}): ReportLimits {
  return { ...REPORT_LIMITS, ...overrides };
}

/** `"JM31E…" (40,000 characters)`: a value named in a message without the whole of it. */
export function preview(value: string, length = 40): string {
  const head = value.length > length ? `${value.slice(0, length)}…` : value;
  return `${JSON.stringify(head)}${value.length > length ? ` (${value.length.toLocaleString('en-US')} characters)` : ''}`;
}
