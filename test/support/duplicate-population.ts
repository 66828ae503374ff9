import type { CustomerRecord } from '../../src/rules/hygiene/customer-profile.js';
import type { DuplicateGroup } from '../../src/rules/hygiene/duplicates.js';
import { mulberry32 } from '../../src/rules/random.js';

/**
 * A dealer's customers as the audit meets them (issue 17 "10,000 customers with 500 seeded
 * duplicates of realistic kinds"), with the truth known: Indonesian names drawn from common
 * pools (so many different people share a name), titles typed or not, mobiles typed `0812…`,
 * `+62 812-…`, `62812…`, in `phone` or `mobile`; households at one address, some sharing one
 * phone (different people: must not merge); some invalid phones and e-mails. The duplicates are
 * second records of a customer made at another visit: the phone spelt another way, the name
 * with a title or a typing error, the same e-mail, the same home, the same motorcycle (its
 * engine number through a WOR) with a new phone.
 */

const MALE = [
  'Budi',
  'Agus',
  'Ahmad',
  'Muhammad',
  'Joko',
  'Eko',
  'Hendra',
  'Rudi',
  'Bambang',
  'Slamet',
  'Andi',
  'Dedi',
  'Yusuf',
  'Rizki',
  'Fajar',
  'Dimas',
  'Wahyu',
  'Arif',
  'Hadi',
  'Teguh',
  'Iwan',
  'Rahmat',
  'Bayu',
  'Doni',
  'Fauzi',
  'Gilang',
  'Hasan',
  'Irfan',
  'Kurniawan',
  'Lukman',
  'Nugroho',
  'Prasetyo',
  'Rizal',
  'Samsul',
  'Taufik',
  'Yoga',
  'Zainal',
  'Heri',
  'Imam',
  'Sigit',
] as const;
const FEMALE = [
  'Siti',
  'Dewi',
  'Sri',
  'Ani',
  'Rina',
  'Wati',
  'Yuni',
  'Fitri',
  'Indah',
  'Lestari',
  'Nur',
  'Ayu',
  'Putri',
  'Ratna',
  'Sari',
  'Wulan',
  'Dian',
  'Endang',
  'Kartika',
  'Maya',
  'Nining',
  'Oktaviani',
  'Purwanti',
  'Rahayu',
  'Suryani',
  'Tuti',
  'Utami',
  'Vina',
  'Winda',
  'Yanti',
] as const;
const FAMILY = [
  'Santoso',
  'Wijaya',
  'Saputra',
  'Hidayat',
  'Setiawan',
  'Pratama',
  'Gunawan',
  'Kusuma',
  'Susanto',
  'Hartono',
  'Nugraha',
  'Siregar',
  'Nasution',
  'Harahap',
  'Simanjuntak',
  'Lubis',
  'Wibowo',
  'Purnomo',
  'Hakim',
  'Firmansyah',
  'Ramadhan',
  'Syahputra',
  'Utomo',
  'Permana',
  'Suharto',
  'Sutrisno',
  'Halim',
  'Rahman',
  'Maulana',
  'Hasibuan',
  'Manurung',
  'Sitompul',
  'Tanjung',
  'Suparman',
  'Prabowo',
  'Anggraini',
] as const;
const STREETS = [
  'Merdeka',
  'Sudirman',
  'Diponegoro',
  'Ahmad Yani',
  'Gatot Subroto',
  'Pahlawan',
  'Veteran',
  'Kartini',
  'Gajah Mada',
  'Hayam Wuruk',
  'Pemuda',
  'Cendana',
  'Melati',
  'Mawar',
  'Kenanga',
  'Flamboyan',
  'Anggrek',
  'Raya Bogor',
  'Siliwangi',
  'Pajajaran',
  'Asia Afrika',
  'Imam Bonjol',
  'Teuku Umar',
  'Hasanuddin',
  'Sisingamangaraja',
  'Panglima Polim',
  'Cikini',
  'Kaliurang',
  'Magelang',
  'Malioboro',
] as const;
const STREET_PARTS = [
  '',
  ' Raya',
  ' Timur',
  ' Barat',
  ' Utara',
  ' Selatan',
  ' Dalam',
  ' II',
  ' III',
  ' Baru',
] as const;
const CITIES = [
  'Bandung',
  'Bekasi',
  'Bogor',
  'Depok',
  'Tangerang',
  'Jakarta Selatan',
  'Jakarta Timur',
  'Semarang',
  'Surabaya',
  'Yogyakarta',
  'Sleman',
  'Medan',
  'Makassar',
  'Palembang',
  'Malang',
  'Solo',
  'Cirebon',
  'Tasikmalaya',
  'Karawang',
  'Serang',
] as const;
const MALE_TITLES = ['Bpk. ', 'Bapak ', 'Pak ', 'Sdr. ', 'H. ', 'BPK '] as const;
const FEMALE_TITLES = ['Ibu ', 'Bu ', 'Ny. ', 'Hj. ', 'Sdri. ', 'IBU '] as const;
const MOBILE_PREFIXES = [
  '811',
  '812',
  '813',
  '821',
  '822',
  '852',
  '853',
  '857',
  '858',
  '877',
  '878',
  '881',
  '895',
  '896',
];
const MAIL_DOMAINS = ['gmail.com', 'yahoo.co.id', 'yahoo.com', 'hotmail.com', 'outlook.com'];

export type DuplicateKind = 'phone_format' | 'typo' | 'email' | 'address' | 'engine';

export interface DuplicatePopulation {
  records: CustomerRecord[];
  /** Each seeded duplicate with the customer it duplicates and how. */
  duplicates: Array<{ id: number; of: number; kind: DuplicateKind }>;
  /** Different people of one household sharing one phone: never one group. */
  familyPhonePairs: Array<[number, number]>;
}

interface Person {
  given: string;
  family: string | null;
  female: boolean;
  mobile: string;
}

export function duplicatePopulation(options: {
  customers: number;
  duplicates: number;
  seed?: number;
  /** Odoo 17/18 keep the HP in `mobile` too; 19 has `phone` only. */
  mobileField?: boolean;
  /** The first engine number's serial (a live database keeps earlier runs' units). */
  engineStart?: number;
}): DuplicatePopulation {
  const random = mulberry32(options.seed ?? 17);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const chance = (p: number) => random() < p;
  const usedMobiles = new Set<string>();
  const newMobile = (): string => {
    for (;;) {
      const digits = `${pick(MOBILE_PREFIXES)}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
      if (!usedMobiles.has(digits)) {
        usedMobiles.add(digits);
        return digits;
      }
    }
  };
  const usedMails = new Set<string>();
  const newMail = (person: Person): string => {
    for (;;) {
      const local =
        `${person.given}${person.family ? `.${person.family}` : ''}${Math.floor(random() * 100)}`.toLowerCase();
      const mail = `${local}@${pick(MAIL_DOMAINS)}`;
      if (!usedMails.has(mail)) {
        usedMails.add(mail);
        return mail;
      }
    }
  };
  let engineSerial = options.engineStart ?? 1_000_000;
  const newEngine = () => `${pick(['JM31E', 'KC56E', 'JBK1E', 'KF41E', 'JFZ2E'])}${engineSerial++}`;
  const spellMobile = (digits: string): string =>
    pick([
      () => `0${digits}`,
      () => `+62 ${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`,
      () => `62${digits}`,
      () => `0${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`,
      () => `+62${digits}`,
    ])();
  const nameOf = (person: Person, title: boolean): string => {
    const base = person.family ? `${person.given} ${person.family}` : person.given;
    if (!title) return chance(0.1) ? base.toUpperCase() : base;
    return `${pick(person.female ? FEMALE_TITLES : MALE_TITLES)}${base}`;
  };
  const phonesOf = (spelt: string | null): CustomerRecord['phones'] => {
    if (!options.mobileField) return [{ field: 'phone', value: spelt }];
    return chance(0.6)
      ? [
          { field: 'phone', value: null },
          { field: 'mobile', value: spelt },
        ]
      : [
          { field: 'phone', value: spelt },
          { field: 'mobile', value: null },
        ];
  };
  // Streets of a city are many: a name, a part of town, a house number up to 250.
  const street = () =>
    `${pick(['Jl. ', 'Jalan ', 'Jln. ', 'JL '])}${pick(STREETS)}${pick(STREET_PARTS)} No. ${1 + Math.floor(random() * 250)}`;

  const records: CustomerRecord[] = [];
  const people = new Map<number, Person>();
  let nextId = 1;
  const add = (record: Omit<CustomerRecord, 'id' | 'active'>, person: Person): CustomerRecord => {
    const full: CustomerRecord = { id: nextId++, active: true, ...record };
    records.push(full);
    people.set(full.id, person);
    return full;
  };
  const familyPhonePairs: Array<[number, number]> = [];
  const householdSize = Math.round(options.customers * 0.04);
  const familyPhones = Math.max(1, Math.round(householdSize / 4));
  const base = options.customers - householdSize - options.duplicates;
  for (let index = 0; index < base; index += 1) {
    const female = chance(0.4);
    const person: Person = {
      given: pick(female ? FEMALE : MALE),
      family: chance(0.85) ? pick(FAMILY) : null,
      female,
      mobile: newMobile(),
    };
    const invalidPhone = chance(0.03);
    add(
      {
        name: nameOf(person, chance(0.25)),
        phones: phonesOf(
          invalidPhone ? pick(['0812', '12345', '-', '0000000000']) : spellMobile(person.mobile),
        ),
        email: chance(0.3) ? newMail(person) : chance(0.03) ? `${person.given.toLowerCase()}@gmail` : null,
        street: chance(0.85) ? street() : null,
        city: chance(0.9) ? pick(CITIES) : null,
        engineNumbers: chance(0.9) ? [newEngine()] : [],
      },
      person,
    );
  }
  // Households: a spouse or child at the same home, another first name; some share the phone.
  const homes = records.filter((record) => record.street && record.city);
  for (let index = 0; index < householdSize; index += 1) {
    const home = homes[Math.floor(random() * homes.length)] as CustomerRecord;
    const head = people.get(home.id) as Person;
    const female = !head.female;
    let given = pick(female ? FEMALE : MALE);
    while (given === head.given) given = pick(female ? FEMALE : MALE);
    const person: Person = { given, family: head.family, female, mobile: newMobile() };
    const sharesPhone = index < familyPhones;
    const member = add(
      {
        name: nameOf(person, chance(0.25)),
        phones: phonesOf(sharesPhone ? spellMobile(head.mobile) : spellMobile(person.mobile)),
        email: null,
        street: home.street,
        city: home.city,
        engineNumbers: [newEngine()],
      },
      person,
    );
    if (sharesPhone) familyPhonePairs.push([home.id, member.id]);
  }

  const kinds: DuplicateKind[] = ['phone_format', 'typo', 'email', 'address', 'engine'];
  const share: Readonly<Record<DuplicateKind, number>> = {
    phone_format: 0.3,
    typo: 0.2,
    email: 0.16,
    address: 0.18,
    engine: 0.16,
  };
  const originals = records.slice(0, base);
  const taken = new Set<number>();
  const duplicates: DuplicatePopulation['duplicates'] = [];
  for (const kind of kinds) {
    const wanted =
      kind === 'engine'
        ? options.duplicates - duplicates.length
        : Math.round(options.duplicates * share[kind]);
    const fits = (record: CustomerRecord): boolean => {
      if (taken.has(record.id)) return false;
      const hasPhone = record.phones.some((phone) => phone.value && !/^(0812|12345|-|0+)$/.test(phone.value));
      if (kind === 'phone_format' || kind === 'typo')
        return (
          hasPhone &&
          (kind === 'phone_format' ||
            typoable((people.get(record.id) as Person).given, (people.get(record.id) as Person).family))
        );
      if (kind === 'email') return record.email?.includes('.') === true && !record.email.endsWith('@gmail');
      if (kind === 'address') return record.street !== null && record.city !== null;
      return record.engineNumbers.length > 0;
    };
    let made = 0;
    for (let guard = 0; made < wanted && guard < originals.length * 20; guard += 1) {
      const original = originals[Math.floor(random() * originals.length)] as CustomerRecord;
      if (!fits(original)) continue;
      taken.add(original.id);
      const person = people.get(original.id) as Person;
      const variant = (typo: boolean) => {
        const name = typo ? withTypo(person, random) : nameOf(person, chance(0.6));
        return typo && chance(0.4) ? `${pick(person.female ? FEMALE_TITLES : MALE_TITLES)}${name}` : name;
      };
      const otherPhone = () => (chance(0.5) ? spellMobile(newMobile()) : null);
      const values: Omit<CustomerRecord, 'id' | 'active'> =
        kind === 'phone_format' || kind === 'typo'
          ? {
              name: variant(kind === 'typo'),
              phones: phonesOf(spellMobile(person.mobile)),
              email: null,
              street: chance(0.5) ? original.street : null,
              city: original.city,
              engineNumbers: [],
            }
          : kind === 'email'
            ? {
                name: variant(chance(0.3)),
                phones: phonesOf(otherPhone()),
                email: chance(0.5) ? (original.email as string).toUpperCase() : original.email,
                street: null,
                city: null,
                engineNumbers: [],
              }
            : kind === 'address'
              ? {
                  name: variant(chance(0.3)),
                  phones: phonesOf(otherPhone()),
                  email: null,
                  street: respell(original.street as string),
                  city: chance(0.3) ? `Kota ${original.city}` : original.city,
                  engineNumbers: [],
                }
              : {
                  name: variant(chance(0.3)),
                  phones: phonesOf(otherPhone()),
                  email: null,
                  street: null,
                  city: original.city,
                  engineNumbers: [(original.engineNumbers[0] as string).replace(/E/, 'E-')],
                };
      const duplicate = add(values, person);
      duplicates.push({ id: duplicate.id, of: original.id, kind });
      made += 1;
    }
  }
  return { records, duplicates, familyPhonePairs };
}

/** A name a word of which has room for one typing error (five letters or more). */
function typoable(given: string, family: string | null): boolean {
  return given.length >= 5 || (family?.length ?? 0) >= 5;
}

/** One typing error in the name's longest word: a swap, a letter dropped, doubled or mistyped. */
function withTypo(person: Person, random: () => number): string {
  const words = [person.given, ...(person.family ? [person.family] : [])];
  const at = words.reduce(
    (best, word, index) => (word.length > (words[best] as string).length ? index : best),
    0,
  );
  const word = words[at] as string;
  const position = 1 + Math.floor(random() * (word.length - 2));
  const letters = [...word];
  const kind = Math.floor(random() * 4);
  if (kind === 0)
    [letters[position], letters[position + 1]] = [
      letters[position + 1] as string,
      letters[position] as string,
    ];
  else if (kind === 1) letters.splice(position, 1);
  else if (kind === 2) letters.splice(position, 0, letters[position] as string);
  else letters[position] = letters[position] === 'a' ? 'o' : letters[position] === 'i' ? 'y' : 'a';
  words[at] = letters.join('');
  return words.join(' ');
}

/** The same address typed another way: `Jl.`/`Jalan`, with or without `No.`. */
function respell(street: string): string {
  const bare = street.replace(/^(Jl\.|Jalan|Jln\.|JL)\s+/, '');
  const [name, number] = bare.split(' No. ') as [string, string];
  return `${street.startsWith('Jalan') ? 'Jl.' : 'Jalan'} ${name} ${street.length % 2 === 0 ? `No.${number}` : number}`;
}

export interface DuplicateMeasure {
  /** Seeded duplicate pairs found in one group with their customer. */
  found: number;
  seeded: number;
  recall: number;
  /** Pairs within the groups, and how many of them are true (the same person's records). */
  predictedPairs: number;
  truePairs: number;
  precision: number;
  familyPhonesJoined: number;
}

/** Recall over the seeded duplicates; precision over every pair of members the groups put together. */
export function measureDuplicates(
  population: DuplicatePopulation,
  groups: readonly DuplicateGroup[],
): DuplicateMeasure {
  const person = new Map<number, number>();
  for (const record of population.records) person.set(record.id, record.id);
  for (const duplicate of population.duplicates) person.set(duplicate.id, duplicate.of);
  const groupOf = new Map<number, number>();
  groups.forEach((group, index) => {
    for (const id of group.partnerIds) groupOf.set(id, index);
  });
  const found = population.duplicates.filter(
    (duplicate) => groupOf.has(duplicate.id) && groupOf.get(duplicate.id) === groupOf.get(duplicate.of),
  ).length;
  let predictedPairs = 0;
  let truePairs = 0;
  for (const group of groups) {
    for (let i = 0; i < group.partnerIds.length; i += 1)
      for (let j = i + 1; j < group.partnerIds.length; j += 1) {
        predictedPairs += 1;
        if (person.get(group.partnerIds[i] as number) === person.get(group.partnerIds[j] as number))
          truePairs += 1;
      }
  }
  const familyPhonesJoined = population.familyPhonePairs.filter(
    ([a, b]) => groupOf.has(a) && groupOf.get(a) === groupOf.get(b),
  ).length;
  return {
    found,
    seeded: population.duplicates.length,
    recall: population.duplicates.length === 0 ? 1 : found / population.duplicates.length,
    predictedPairs,
    truePairs,
    precision: predictedPairs === 0 ? 1 : truePairs / predictedPairs,
    familyPhonesJoined,
  };
}
