/** What the PIC reads on an import batch in Odoo when it is done, in Bahasa Indonesia. */
import { indonesianNumber } from '../indonesian-number.js';

/** What an import did, row by row and record by record. */
export interface ImportCounts {
  /** Data rows read (blank rows and the header excluded). */
  rows: number;
  /** Rows that created or changed something in Odoo (or would, in a dry run). */
  applied: number;
  /** Rows Odoo already agreed with (identical duplicates included). */
  unchanged: number;
  quarantined: number;
  /** Rows applied with a warning (e.g. unusable phone number). */
  warned: number;
  unitsCreated: number;
  unitsUpdated: number;
  ownersCreated: number;
  ownersUpdated: number;
  /** Paper WORs (Pra WO). */
  worsCreated: number;
  worsUpdated: number;
}

export interface BatchMessageInput
  extends Omit<ImportCounts, 'worsCreated' | 'worsUpdated'>,
    Partial<Pick<ImportCounts, 'worsCreated' | 'worsUpdated'>> {
  kind: 'cdb' | 'a2' | 'wor';
  unknownDealerCodes: Readonly<Record<string, number>>;
}

const number = (value: number): string => indonesianNumber(value);

/**
 * The CDB units left without a branch, by dealer code ('' = none in the CDB),
 * and what to do: they get no KPB follow-up until their branch exists.
 */
export function unitsWithoutBranchLine(byDealerCode: Readonly<Record<string, number>>): string | null {
  const codes = Object.entries(byDealerCode).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (codes.length === 0) return null;
  const total = codes.reduce((sum, [, count]) => sum + count, 0);
  const named = codes.filter(([code]) => code !== '');
  const listed = codes
    .map(([code, count]) =>
      code ? `kode dealer ${code} (${number(count)})` : `tanpa kode dealer (${number(count)})`,
    )
    .join(', ');
  const fixes = [
    ...(named.length > 0
      ? [
          `buat Cabang dengan ${named.length > 1 ? 'kode-kode' : 'kode'} ini (CRM H23 → Konfigurasi → Cabang, isi Kode Dealer dan Admin CRM)`,
        ]
      : []),
    ...(named.length < codes.length ? ['isi Cabang pada unit tanpa kode dealer'] : []),
  ];
  return `${number(total)} unit tanpa cabang: ${listed} — ${fixes.join('; ')}. Unit ini belum mendapat follow up KPB; setelah Cabangnya ada, h23-bridge menghubungkan unit dan menjadwalkannya tanpa impor ulang.`;
}

export function batchMessage(input: BatchMessageInput): string {
  const lines = [
    `${input.kind === 'wor' ? 'WOR (Pra WO)' : input.kind.toUpperCase()}: ${number(input.rows)} baris dibaca; ${number(input.applied)} diterapkan, ${number(input.unchanged)} tidak berubah, ${number(input.quarantined)} dikarantina.`,
    input.kind === 'wor'
      ? `WOR: ${number(input.worsCreated ?? 0)} baru, ${number(input.worsUpdated ?? 0)} diperbarui.`
      : `Unit: ${number(input.unitsCreated)} baru, ${number(input.unitsUpdated)} diperbarui.` +
        (input.kind === 'cdb'
          ? ` Pemilik: ${number(input.ownersCreated)} baru, ${number(input.ownersUpdated)} diperbarui.`
          : ''),
  ];
  if (input.warned > 0) {
    lines.push(`${number(input.warned)} baris diimpor dengan peringatan (mis. nomor HP tidak valid).`);
  }
  if (input.quarantined > 0 || input.warned > 0) {
    lines.push('Rincian per baris ada di Laporan Karantina (buka dengan Excel).');
  }
  const codes = Object.entries(input.unknownDealerCodes);
  if (input.kind === 'cdb') {
    const held = unitsWithoutBranchLine(input.unknownDealerCodes);
    if (held) lines.push(held);
  } else if (codes.length > 0) {
    const listed = codes
      .sort((a, b) => b[1] - a[1])
      .map(([code, count]) => `${code} (${number(count)} baris)`)
      .join(', ');
    lines.push(
      `Kode dealer tanpa cabang di Odoo: ${listed}. Isi Kode Dealer pada data Cabang agar ${input.kind === 'wor' ? 'WOR' : 'unit'} masuk ke cabangnya.`,
    );
  }
  return lines.join('\n');
}
