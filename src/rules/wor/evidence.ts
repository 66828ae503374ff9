import { normalizeFrameNumber, normalizePhone } from '../import/normalize.js';
import { sameAddress, sameName } from './identity.js';
import { type Person, phonesOf, type ReviewReason, type Unit } from './types.js';

/** What the workshop admin compares: the WOR, Odoo's owner (BPA) and the owner the CDB names. */
export interface Comparison {
  wor: {
    name: string | null;
    phone: string | null;
    address: string | null;
    engineNumber: string | null;
    frameNumber: string | null;
    modelName: string | null;
  };
  owner: Person | null;
  cdbOwner: Person | null;
  unit: Unit | null;
  /** The unit was created from this WOR (in this plan, or by a run cut short before the WOR was written). */
  unitFromWor: boolean;
}

export interface Difference {
  label: string;
  wor: string;
  cdb: string;
}

function samePhone(a: string, b: string): boolean {
  const left = normalizePhone(a);
  const right = normalizePhone(b);
  return left.ok && right.ok ? left.value.e164 === right.value.e164 : a === b;
}

function sameFrame(a: string, b: string): boolean {
  const left = normalizeFrameNumber(a);
  const right = normalizeFrameNumber(b);
  return left.ok && right.ok ? left.value === right.value : a.trim().toUpperCase() === b.trim().toUpperCase();
}

const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Fields where the WOR and the CDB data held in Odoo disagree (both given).
 * The person's data is compared only when the carrier is the owner; a unit
 * the WOR itself created has no CDB data to differ from.
 */
export function compareWithCdb(comparison: Comparison, carrierIsOwner: boolean): Difference[] {
  const { wor, unit } = comparison;
  if (!unit || unit.id < 0 || comparison.unitFromWor) return [];
  const differences: Difference[] = [];
  const check = (
    label: string,
    left: string | null,
    right: string | null,
    same: (a: string, b: string) => boolean,
  ) => {
    if (left && right && !same(left, right)) differences.push({ label, wor: left, cdb: right });
  };
  const person = comparison.cdbOwner ?? comparison.owner;
  if (carrierIsOwner && person) {
    check('Nama', wor.name, person.name, sameName);
    // Any of the person's numbers (HP or landline) counts as the same phone.
    check('No. HP', wor.phone, person.phone, (a) => phonesOf(person).some((b) => samePhone(a, b)));
    check('Alamat', wor.address, person.street, (a, b) => sameAddress(a, b));
  }
  check('Nomor Rangka', wor.frameNumber, unit.frameNumber, sameFrame);
  check('Tipe Motor', wor.modelName, unit.modelName, sameText);
  return differences;
}

/** One line per field, as the admin reads it on the WOR; null when nothing differs. */
export function renderDifferences(differences: readonly Difference[]): string | null {
  if (differences.length === 0) return null;
  return differences.map((item) => `${item.label}: WOR "${item.wor}" / CDB "${item.cdb}"`).join('\n');
}

const REASON_TEXT: Readonly<Record<ReviewReason, string>> = {
  engine_malformed: 'Nomor mesin pada WOR tidak valid, unit tidak dapat dicari.',
  carrier_missing: 'Nama pembawa kosong: pembawa tidak dapat dikenali.',
  phone_shared: 'No. HP pembawa dipakai beberapa kontak di Odoo: tidak jelas kontak mana yang benar.',
  phone_other_customer: 'No. HP pembawa milik pelanggan lain dengan nama berbeda.',
  owner_phone_differs: 'Nama pembawa sama dengan pemilik, tetapi No. HP berbeda dan alamat tidak cocok.',
  owner_conflict: 'Pemilik unit di Odoo berbeda dengan pemilik menurut CDB.',
};

const CHOICES_BY_REASON: Readonly<Record<ReviewReason, readonly string[]>> = {
  engine_malformed: [
    'Perbaiki Nomor Mesin pada WOR, lalu pilih "Data WOR sudah diperbaiki: cocokkan ulang".',
  ],
  carrier_missing: ['Isi Nama Pembawa pada WOR, lalu pilih "Data WOR sudah diperbaiki: cocokkan ulang".'],
  phone_shared: [
    '"Pakai kontak yang dipilih" dan isi Kontak yang Dipilih dengan kontak yang benar.',
    '"Pembawa orang lain: buat kontak baru" bila pembawa belum ada di Odoo.',
  ],
  phone_other_customer: [
    '"Pakai kontak yang dipilih" bila pembawa adalah kontak tersebut.',
    '"Pembawa orang lain: buat kontak baru" bila pembawa orang lain yang kebetulan memakai nomor itu.',
    '"Pembawa adalah pemilik unit" bila pembawa pemilik unit ini.',
  ],
  owner_phone_differs: [
    '"Pembawa adalah pemilik unit": WOR = BPA; No. HP yang berbeda dicatat sebagai perbedaan CDB.',
    '"Pembawa orang lain: buat kontak baru" bila namanya kebetulan sama.',
  ],
  owner_conflict: [
    '"Pemilik menurut CDB yang benar": unit dipindah ke pemilik CDB.',
    '"Pemilik di Odoo yang benar": pemilik tetap, impor CDB berikutnya tidak mengubahnya.',
  ],
};

function escapeHtml(text: string | null | undefined): string {
  if (!text) return '<i>-</i>';
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function personLine(person: Person): string {
  return `${escapeHtml(person.name)} (${escapeHtml(phonesOf(person).join(', '))}; ${escapeHtml(person.street)}) #${person.id}`;
}

/** WOR, Odoo and CDB side by side, the reason and the choices: the review activity's note. */
export function renderEvidence(
  comparison: Comparison,
  reason: ReviewReason,
  candidates: readonly Person[],
  problem: string | null,
): string {
  const { wor, owner, cdbOwner, unit } = comparison;
  const rows: Array<[string, string | null, string | null, string | null]> = [
    ['Nama', wor.name, owner?.name ?? null, cdbOwner?.name ?? null],
    ['No. HP', wor.phone, phoneCell(owner), phoneCell(cdbOwner)],
    ['Alamat', wor.address, owner?.street ?? null, cdbOwner?.street ?? null],
    ['Nomor Mesin', wor.engineNumber, unit?.engineNumber ?? null, unit?.engineNumber ?? null],
    ['Nomor Rangka', wor.frameNumber, unit?.frameNumber ?? null, unit?.frameNumber ?? null],
    ['Tipe Motor', wor.modelName, unit?.modelName ?? null, unit?.modelName ?? null],
  ];
  const table = [
    '<table class="table table-sm table-bordered">',
    '<thead><tr><th></th><th>WOR (pembawa)</th><th>Odoo (pemilik/BPA)</th><th>CDB</th></tr></thead>',
    '<tbody>',
    ...rows.map(
      ([label, a, b, c]) =>
        `<tr><th>${label}</th><td>${escapeHtml(a)}</td><td>${escapeHtml(b)}</td><td>${escapeHtml(c)}</td></tr>`,
    ),
    '</tbody></table>',
  ];
  const parts = [`<p><b>${escapeHtml(REASON_TEXT[reason])}</b></p>`, ...table];
  if (candidates.length > 0) {
    parts.push(
      '<p>Kontak dengan No. HP yang sama:</p><ul>',
      ...candidates.map((person) => `<li>${personLine(person)}</li>`),
      '</ul>',
    );
  }
  if (problem) parts.push(`<p><b>Keputusan belum dapat diterapkan:</b> ${escapeHtml(problem)}</p>`);
  parts.push(
    '<p>Pilih <b>Keputusan Admin</b> pada WOR lalu simpan; h23-bridge menerapkannya pada proses berikutnya:</p><ul>',
    ...CHOICES_BY_REASON[reason].map((choice) => `<li>${escapeHtml(choice)}</li>`),
    '</ul>',
  );
  return parts.join('\n');
}

function phoneCell(person: Person | null): string | null {
  const phones = person ? phonesOf(person) : [];
  return phones.length ? phones.join(', ') : null;
}
