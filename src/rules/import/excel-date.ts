import { DAY_MS } from '../day-count.js';
/**
 * Excel's serial dates (ECMA-376 Part 1, §18.17.4.1): days since an epoch, the time of day
 * as the fraction. A workbook says which epoch in `<workbookPr date1904="…">`:
 * - 1900 (Windows Excel, LibreOffice): serial 0 is 1899-12-30 (Excel's phantom 1900-02-29
 *   is counted, so from 1900-03-01 on a plain day count from that date is right);
 * - 1904 (old Mac Excel, or set by the author): serial 0 is 1904-01-01, 1,462 days later.
 */
export type DateSystem = 1900 | 1904;

const EPOCH_UTC: Readonly<Record<DateSystem, number>> = {
  1900: Date.UTC(1899, 11, 30),
  1904: Date.UTC(1904, 0, 1),
};

/** `YYYY-MM-DD`, with ` HH:MM:SS` when the serial has a time of day; null outside years 1900–9999. */
export function excelSerialToIso(serial: number, system: DateSystem = 1900): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2_958_466) return null;
  const at = new Date(EPOCH_UTC[system] + Math.round((serial * DAY_MS) / 1000) * 1000);
  const iso = at.toISOString();
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}

/** The 1900-system serial of a calendar day (`YYYY-MM-DD`), as Excel stores it. */
export function isoToExcelSerial(iso: string): number {
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - EPOCH_UTC[1900]) / DAY_MS);
}
