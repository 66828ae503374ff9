import { dayNumber, isoDateOf } from '../rules/day-count.js';
import { isoToExcelSerial } from '../rules/import/excel-date.js';
import type { CellValue } from '../rules/import/normalize.js';
import { indonesianDate } from '../rules/indonesian-date.js';
import { mulberry32 } from '../rules/random.js';

/**
 * Realistic CDB and A2 reports for demos, tests and benchmarks: Indonesian
 * names and phone formats, Honda models, purchases over four years, KPB
 * histories, and a share of dirty rows of each kind the importer must catch.
 * Deterministic for a seed, generated row by row (memory stays flat), and it
 * tells what an importer should find, so tests compare against it.
 */

export interface SampleOptions {
  units: number;
  seed: number;
  /** The dealer's today: purchases lie in the four years before it. */
  today: string;
  /** Share of rows made dirty (one problem each), 0–0.5. */
  dirtyShare?: number;
  /** XLSX keeps numbers (serial dates, phones without their 0); CSV writes them as text. */
  numericCells?: boolean;
}

export type CdbDirtKind =
  | 'engine_missing'
  | 'engine_malformed'
  | 'purchase_date_not_in_calendar'
  | 'purchase_date_future'
  | 'purchase_date_unreadable'
  | 'phone_invalid'
  | 'owner_name_missing'
  | 'frame_malformed'
  | 'duplicate_identical'
  | 'duplicate_conflict';

export type A2DirtKind = 'unknown_engine' | 'kpb_before_purchase' | 'kpb_date_unreadable' | 'kpb_date_future';

export interface SampleExpectations {
  cdbRows: number;
  a2Rows: number;
  /** Engine numbers that should end up as units. */
  units: number;
  /** Distinct owners (phone + name) among those units. */
  owners: number;
  cdbDirt: Record<CdbDirtKind, number>;
  a2Dirt: Record<A2DirtKind, number>;
  /** Rows quarantined by each file (errors; warnings still import). */
  cdbQuarantined: number;
  a2Quarantined: number;
  /** KPB done dates the A2 file sets on units. */
  kpbDates: number;
}

export const CDB_HEADER = [
  'No',
  'No Mesin',
  'No Rangka',
  'Nama Konsumen',
  'No HP',
  'Alamat',
  'Kota/Kabupaten',
  'Tipe Motor',
  'Warna',
  'Tgl Beli',
  'Kode Dealer',
];

export const A2_HEADER = [
  'No',
  'No Mesin',
  'Tgl KPB 1',
  'Tgl KPB 2',
  'Tgl KPB 3',
  'Tgl KPB 4',
  'KM Terakhir',
];

/** Portal exports open with a title and a period line above the header. */
export function titleRows(kind: 'cdb' | 'a2', today: string): CellValue[][] {
  const title = kind === 'cdb' ? 'LAPORAN CUSTOMER DATABASE (CDB)' : 'LAPORAN A2 - RIWAYAT KPB';
  return [[title], [`Periode s/d ${today}`], []];
}

/** Test data from a seed: the same seed, the same files. */
const prng = mulberry32;

const FIRST_NAMES = [
  'Budi',
  'Siti',
  'Agus',
  'Dewi',
  'Ahmad',
  'Rina',
  'Joko',
  'Sri',
  'Andi',
  'Putri',
  'Rizky',
  'Nur',
  'Wahyu',
  'Indah',
  'Eko',
  'Fitri',
  'Bayu',
  'Ayu',
  'Hendra',
  'Lestari',
  'Dedi',
  'Yuni',
  'Arif',
  'Wulan',
  'Fajar',
  'Ratna',
  'Teguh',
  'Maya',
  'Irfan',
  'Novi',
  'Yusuf',
  'Nadia',
  'Dimas',
  'Anisa',
  'Gilang',
  'Citra',
];
const LAST_NAMES = [
  'Santoso',
  'Wijaya',
  'Saputra',
  'Lestari',
  'Pratama',
  'Hidayat',
  'Nugroho',
  'Kurniawan',
  'Setiawan',
  'Rahmawati',
  'Susanto',
  'Permana',
  'Siregar',
  'Nasution',
  'Simanjuntak',
  'Purnomo',
  'Wibowo',
  'Hasibuan',
  'Gunawan',
  'Firmansyah',
  'Maulana',
  'Sihombing',
  'Utami',
  'Handayani',
  'Syahputra',
  'Ramadhan',
];
/** Titles as the portal's exports carry them, by the given name's gender (FIRST_NAMES alternates: men, women). */
const HONORIFICS = { male: ['BPK.', 'H.', 'Sdr.', 'Bapak'], female: ['IBU', 'Hj.', 'Ibu', 'Sdri.'] } as const;
const STREETS = [
  'Jl. Merdeka',
  'Jl. Sudirman',
  'Jl. Diponegoro',
  'Jl. Ahmad Yani',
  'Jl. Gatot Subroto',
  'Gg. Mawar',
  'Jl. Pemuda',
  'Jl. Kartini',
];
const CITIES = [
  'Jakarta Timur',
  'Bekasi',
  'Depok',
  'Bogor',
  'Tangerang',
  'Bandung',
  'Surabaya',
  'Semarang',
  'Yogyakarta',
  'Malang',
];
const MODELS: ReadonlyArray<readonly [string, string]> = [
  ['BeAT', 'JM31E'],
  ['BeAT Street', 'JM32E'],
  ['Vario 125', 'JM41E'],
  ['Vario 160', 'KF41E'],
  ['Scoopy', 'JM91E'],
  ['PCX 160', 'KF51E'],
  ['Genio', 'JMC1E'],
  ['ADV 160', 'KF52E'],
  ['Supra X 125', 'JB91E'],
  ['Revo', 'JBK1E'],
  ['CB150 Verza', 'KC52E'],
  ['Sonic 150R', 'KC56E'],
];
const COLORS = ['Hitam', 'Putih', 'Merah', 'Biru', 'Abu-abu', 'Hijau Doff', 'Coklat Matte'];
const DEALERS = ['AHS01', 'AHS02', 'AHS03'];
const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];
const VIN_YEAR: Readonly<Record<number, string>> = {
  2021: 'M',
  2022: 'N',
  2023: 'P',
  2024: 'R',
  2025: 'S',
  2026: 'T',
  2027: 'V',
};
const KPB_DAYS: ReadonlyArray<readonly [number, number]> = [
  [30, 60],
  [90, 130],
  [210, 260],
  [330, 380],
];

const isoOf = isoDateOf;

interface Owner {
  /** Which person this is: the same number is the same person, written the same way. */
  identity: number;
  name: string;
  phone: CellValue;
  street: string;
  city: string;
}

interface Unit {
  index: number;
  engine: string;
  frame: string;
  model: string;
  color: string;
  purchaseDay: number;
  dealer: string;
  owner: Owner;
  cdbDirt: CdbDirtKind | null;
  a2Dirt: A2DirtKind | null;
}

const CDB_KINDS: readonly CdbDirtKind[] = [
  'engine_missing',
  'engine_malformed',
  'purchase_date_not_in_calendar',
  'purchase_date_future',
  'purchase_date_unreadable',
  'phone_invalid',
  'owner_name_missing',
  'frame_malformed',
  'duplicate_identical',
  'duplicate_conflict',
];
const A2_KINDS: readonly A2DirtKind[] = [
  'unknown_engine',
  'kpb_before_purchase',
  'kpb_date_unreadable',
  'kpb_date_future',
];

/** CDB dirt that keeps the row out of Odoo (the rest are warnings or harmless). */
const CDB_QUARANTINING = new Set<CdbDirtKind>([
  'engine_missing',
  'engine_malformed',
  'purchase_date_not_in_calendar',
  'purchase_date_future',
  'purchase_date_unreadable',
]);

export class SampleGenerator {
  private readonly today: number;
  private readonly dirtyShare: number;
  private readonly numeric: boolean;

  constructor(private readonly options: SampleOptions) {
    this.today = dayNumber(options.today);
    this.dirtyShare = Math.min(0.5, Math.max(0, options.dirtyShare ?? 0.03));
    this.numeric = options.numericCells ?? true;
  }

  /** The unit behind row `index`, the same every time it is asked for. */
  private unit(index: number): Unit {
    const random = prng(this.options.seed * 1_000_003 + index);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const [model, prefix] = pick(MODELS);
    const purchaseDay = this.today - Math.floor(random() * 4 * 365);
    const year = Number(isoOf(purchaseDay).slice(0, 4));
    const serial = String(1_000_000 + ((index * 7919 + this.options.seed) % 9_000_000)).padStart(7, '0');
    const frameSerial = serial.slice(1);
    const owner = this.ownerFor(index, random);
    const dirty = random() < this.dirtyShare;
    return {
      index,
      engine: `${prefix}${serial}`,
      frame: `MH1${prefix}1${VIN_YEAR[year] ?? 'S'}K${frameSerial}`,
      model,
      color: pick(COLORS),
      purchaseDay,
      dealer: pick(DEALERS),
      owner,
      cdbDirt: dirty ? pick(CDB_KINDS) : null,
      a2Dirt: !dirty && random() < this.dirtyShare ? pick(A2_KINDS) : null,
    };
  }

  /** One owner in twenty owns an earlier row's unit too: the same person, written the same way. */
  private ownerFor(index: number, random: () => number): Owner {
    if (index > 10 && random() < 0.05) return this.ownerAt(Math.floor(random() * index));
    return this.ownerAt(index);
  }

  private ownerAt(index: number): Owner {
    const random = prng(this.options.seed * 7_368_787 + index);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const first = Math.floor(random() * FIRST_NAMES.length);
    const base = `${FIRST_NAMES[first]} ${pick(LAST_NAMES)}`;
    const style = random();
    const titles = HONORIFICS[first % 2 === 0 ? 'male' : 'female'];
    const name = style < 0.5 ? base.toUpperCase() : style < 0.7 ? `${pick(titles)} ${base}` : base;
    const operator = pick(['812', '813', '821', '822', '852', '857', '877', '878', '895', '896', '881']);
    const subscriber = String(10_000_000 + ((index * 104_729 + this.options.seed * 31) % 89_999_999)).slice(
      0,
      8,
    );
    const formatStyle = random();
    let phone: CellValue;
    if (formatStyle < 0.45) phone = `0${operator}${subscriber}`;
    else if (formatStyle < 0.6) phone = `+62 ${operator}-${subscriber.slice(0, 4)}-${subscriber.slice(4)}`;
    else if (formatStyle < 0.7) phone = `62${operator}${subscriber}`;
    else if (formatStyle < 0.8)
      phone = this.numeric ? Number(`${operator}${subscriber}`) : `${operator}${subscriber}`;
    else if (formatStyle < 0.95) phone = `0${operator} ${subscriber.slice(0, 4)} ${subscriber.slice(4)}`;
    else phone = `(021) ${subscriber.slice(0, 3)}-${subscriber.slice(3, 7)}`;
    return {
      identity: index,
      name,
      phone,
      street: `${pick(STREETS)} No. ${1 + Math.floor(random() * 200)}, RT 0${1 + Math.floor(random() * 9)}/RW 0${1 + Math.floor(random() * 9)}`,
      city: pick(CITIES),
    };
  }

  private dateCell(day: number, random: () => number): CellValue {
    const iso = isoOf(day);
    const [year, month, date] = iso.split('-');
    const style = random();
    if (style < 0.6) {
      const serial = isoToExcelSerial(iso);
      return this.numeric ? serial : `${date}/${month}/${year}`;
    }
    if (style < 0.8) return `${date}/${month}/${year}`;
    if (style < 0.9) return `${date}-${MONTHS_SHORT[Number(month) - 1]}-${year?.slice(2)}`;
    return indonesianDate(iso);
  }

  private cdbRow(unit: Unit, number: number): CellValue[] {
    const random = prng(this.options.seed * 31_337 + unit.index);
    let engine: CellValue =
      unit.index % 3 === 0 ? `${unit.engine.slice(0, 5)}-${unit.engine.slice(5)}` : unit.engine;
    let purchase = this.dateCell(unit.purchaseDay, random);
    let phone = unit.owner.phone;
    let name: CellValue = unit.owner.name;
    let frame: CellValue = unit.frame;
    switch (unit.cdbDirt) {
      case 'engine_missing':
        engine = '';
        break;
      case 'engine_malformed':
        engine = `${unit.engine.slice(0, 5)}#${unit.engine.slice(6)}`;
        break;
      case 'purchase_date_not_in_calendar':
        purchase = `31/02/${isoOf(unit.purchaseDay).slice(0, 4)}`;
        break;
      case 'purchase_date_future':
        purchase = `${isoOf(this.today + 40)
          .split('-')
          .reverse()
          .join('/')}`;
        break;
      case 'purchase_date_unreadable':
        purchase = 'belum diisi';
        break;
      case 'phone_invalid':
        phone = random() < 0.5 ? '08123' : '6.28123E+12';
        break;
      case 'owner_name_missing':
        name = '';
        break;
      case 'frame_malformed':
        frame = unit.frame.slice(0, 12);
        break;
      default:
        break;
    }
    return [
      number,
      engine,
      frame,
      name,
      phone,
      unit.owner.street,
      unit.owner.city,
      unit.model,
      unit.color,
      purchase,
      unit.dealer,
    ];
  }

  /** The CDB rows, header first (title lines above it), then one row per unit plus duplicates. */
  *cdbRows(): Generator<CellValue[]> {
    yield* titleRows('cdb', this.options.today);
    yield CDB_HEADER;
    let number = 0;
    for (let index = 0; index < this.options.units; index += 1) {
      const unit = this.unit(index);
      number += 1;
      const row = this.cdbRow(unit, number);
      yield row;
      if (unit.cdbDirt === 'duplicate_identical') {
        number += 1;
        yield [number, ...row.slice(1)];
      } else if (unit.cdbDirt === 'duplicate_conflict') {
        number += 1;
        const conflicting = [...row];
        conflicting[0] = number;
        conflicting[8] = unit.color === 'Hitam' ? 'Putih' : 'Hitam';
        yield conflicting;
      }
    }
  }

  /** KPB dates done by `today` for a unit, as day numbers (index 0 = KPB 1). */
  private kpbDays(unit: Unit): Array<number | null> {
    const random = prng(this.options.seed * 65_537 + unit.index);
    const days: Array<number | null> = [];
    let stillComing = true;
    for (const [from, to] of KPB_DAYS) {
      const day = unit.purchaseDay + from + Math.floor(random() * (to - from));
      // Three owners in four come back for each KPB while they keep coming.
      stillComing = stillComing && random() < 0.75;
      days.push(stillComing && day <= this.today ? day : null);
    }
    return days;
  }

  /** A2 rows: one per unit with a KPB done, plus rows for dirt; header first. */
  *a2Rows(): Generator<CellValue[]> {
    yield* titleRows('a2', this.options.today);
    yield A2_HEADER;
    let number = 0;
    for (let index = 0; index < this.options.units; index += 1) {
      const unit = this.unit(index);
      if (CDB_QUARANTINING.has(unit.cdbDirt as CdbDirtKind) || unit.cdbDirt === 'duplicate_conflict')
        continue;
      const random = prng(this.options.seed * 257 + index);
      const days = this.kpbDays(unit);
      let cells: CellValue[] = days.map((day) => (day === null ? '' : this.dateCell(day, random)));
      let engine = unit.engine;
      switch (unit.a2Dirt) {
        case 'unknown_engine':
          engine = `ZZ99E${unit.engine.slice(5)}`;
          cells = [this.dateCell(unit.purchaseDay + 35, random), '', '', ''];
          break;
        case 'kpb_before_purchase':
          cells = [this.dateCell(unit.purchaseDay - 20, random), '', '', ''];
          break;
        case 'kpb_date_unreadable':
          cells = ['32/13/2024', '', '', ''];
          break;
        case 'kpb_date_future':
          cells = [this.dateCell(this.today + 10, random), '', '', ''];
          break;
        default:
          if (days.every((day) => day === null)) continue;
      }
      number += 1;
      const km = 1000 + Math.floor(random() * 12000);
      yield [number, engine, ...cells, this.numeric ? km : km.toLocaleString('id-ID')];
    }
  }

  /** What an importer should find in these files. */
  expectations(): SampleExpectations {
    const cdbDirt = Object.fromEntries(CDB_KINDS.map((kind) => [kind, 0])) as Record<CdbDirtKind, number>;
    const a2Dirt = Object.fromEntries(A2_KINDS.map((kind) => [kind, 0])) as Record<A2DirtKind, number>;
    const owners = new Set<string>();
    let units = 0;
    let cdbRows = 0;
    let a2Rows = 0;
    let kpbDates = 0;
    let cdbQuarantined = 0;
    let a2Quarantined = 0;
    for (let index = 0; index < this.options.units; index += 1) {
      const unit = this.unit(index);
      cdbRows += unit.cdbDirt === 'duplicate_identical' || unit.cdbDirt === 'duplicate_conflict' ? 2 : 1;
      if (unit.cdbDirt) cdbDirt[unit.cdbDirt] += 1;
      const quarantined =
        CDB_QUARANTINING.has(unit.cdbDirt as CdbDirtKind) || unit.cdbDirt === 'duplicate_conflict';
      if (unit.cdbDirt === 'duplicate_conflict') cdbQuarantined += 2;
      else if (quarantined) cdbQuarantined += 1;
      if (quarantined) continue;
      units += 1;
      // A person whose phone is unusable is told apart by unit: the importer never matches by name alone.
      if (unit.cdbDirt === 'phone_invalid') owners.add(`unit ${unit.engine}`);
      else if (unit.cdbDirt !== 'owner_name_missing') owners.add(`person ${unit.owner.identity}`);
      if (unit.a2Dirt) {
        a2Dirt[unit.a2Dirt] += 1;
        a2Rows += 1;
        a2Quarantined += 1;
        continue;
      }
      const done = this.kpbDays(unit).filter((day) => day !== null).length;
      if (done > 0) a2Rows += 1;
      kpbDates += done;
    }
    return {
      cdbRows,
      a2Rows,
      units,
      owners: owners.size,
      cdbDirt,
      a2Dirt,
      cdbQuarantined,
      a2Quarantined,
      kpbDates,
    };
  }
}

/** The names the sample's customers are made of (the log scan looks for them: test/support/log-scan.ts). */
export { FIRST_NAMES as SAMPLE_FIRST_NAMES, LAST_NAMES as SAMPLE_LAST_NAMES };
