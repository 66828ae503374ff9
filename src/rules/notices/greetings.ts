import type { Holiday } from '../holidays.js';
import { escapeHtml } from '../html.js';
import type { CustomerNotice } from './plan.js';

/**
 * Holiday greetings and promos to every contact (SOP Manajemen Hubungan Pelanggan LD-5), on the
 * national holidays of the curated holiday data: one greeting per contact per occasion (Idul
 * Fitri's two days are one occasion), sent as customer notices, so opt-outs and blacklisted
 * addresses are honoured there. Pure.
 */

export const OCCASIONS = [
  'tahun_baru',
  'imlek',
  'nyepi',
  'idul_fitri',
  'waisak',
  'idul_adha',
  'natal',
] as const;
export type Occasion = (typeof OCCASIONS)[number];

/** How each occasion is named in the holiday data (the SKB's wording), and what the greeting wishes. */
const OCCASION_OF: ReadonlyArray<{ occasion: Occasion; name: RegExp; wish: (name: string) => string }> = [
  // "Tahun Baru 2026 Masehi": not Imlek's nor the Islamic new year's ("… Tahun Baru Islam …").
  {
    occasion: 'tahun_baru',
    name: /^Tahun Baru (\d{4}) Masehi/i,
    wish: (name) => `Selamat ${name.replace(/ Masehi.*$/i, '')}`,
  },
  { occasion: 'imlek', name: /^Tahun Baru Imlek/i, wish: (name) => `Selamat ${name}. Gong Xi Fa Cai` },
  { occasion: 'nyepi', name: /^Hari Suci Nyepi/i, wish: (name) => `Selamat ${name}` },
  {
    occasion: 'idul_fitri',
    name: /^(Hari Raya )?Idul Fitri/i,
    wish: (name) => `Selamat Hari Raya ${name.replace(/^Hari Raya /i, '')}. Mohon maaf lahir dan batin`,
  },
  { occasion: 'waisak', name: /^Hari Raya Waisak/i, wish: (name) => `Selamat ${name}` },
  {
    occasion: 'idul_adha',
    name: /^(Hari Raya )?Idul Adha/i,
    wish: (name) => `Selamat Hari Raya ${name.replace(/^Hari Raya /i, '')}`,
  },
  { occasion: 'natal', name: /^Hari Raya Natal/i, wish: () => 'Selamat Hari Natal' },
];

export interface GreetingDay {
  occasion: Occasion;
  /** The holiday's name in the data ("Idul Fitri 1447 H"). */
  holiday: string;
  /** The greeting's words ("Selamat Hari Raya Idul Fitri 1447 H. Mohon maaf lahir dan batin"). */
  wish: string;
  /** One per contact per occasion and year: `<year>:<occasion>`. */
  key: string;
}

/** The occasion to greet on `today`: a national holiday (not a cuti bersama) of an enabled occasion. */
export function greetingDay(
  today: string,
  holidays: readonly Holiday[],
  enabled: readonly Occasion[],
): GreetingDay | null {
  for (const holiday of holidays) {
    if (holiday.date !== today || holiday.kind !== 'libur_nasional') continue;
    const match = OCCASION_OF.find((entry) => entry.name.test(holiday.name));
    if (!match || !enabled.includes(match.occasion)) continue;
    return {
      occasion: match.occasion,
      holiday: holiday.name,
      wish: match.wish(holiday.name),
      key: `${today.slice(0, 4)}:${match.occasion}`,
    };
  }
  return null;
}

export interface GreetingContact {
  partnerId: number;
  name: string | null;
}

/** The notice key of one contact's greeting: once per occasion and year, ever. */
export function greetingKey(day: GreetingDay, partnerId: number): string {
  return `greeting:${day.key}:${partnerId}`;
}

/** Each contact's greeting as a customer notice (WhatsApp template `greeting`, else e-mail). */
export function greetingNotices(
  day: GreetingDay,
  contacts: readonly GreetingContact[],
  dealerName: string | null,
  promo: string | null,
): CustomerNotice[] {
  const from = dealerName?.trim() || 'dealer Honda Anda';
  return contacts.map((contact) => {
    const name = contact.name?.trim() || null;
    const salutation = name ? `Yth. Bapak/Ibu ${escapeHtml(name)},` : 'Yth. Bapak/Ibu,';
    const bodyHtml = [
      `<p>${salutation}</p>`,
      `<p>${escapeHtml(day.wish)}. Keluarga besar ${escapeHtml(from)} mengucapkan terima kasih atas kepercayaan Anda.</p>`,
      ...(promo?.trim() ? [`<p>${escapeHtml(promo.trim())}</p>`] : []),
      `<p>Salam hangat,<br/>${escapeHtml(from)}</p>`,
    ].join('');
    return {
      key: greetingKey(day, contact.partnerId),
      partnerId: contact.partnerId,
      purpose: 'greeting',
      values: { customer_name: name, occasion: day.holiday },
      email: { subject: `${day.wish.split('.')[0]} dari ${from}`, bodyHtml },
    };
  });
}
