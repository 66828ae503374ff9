import { describe, expect, it } from 'vitest';
import type { Holiday } from '../holidays.js';
import { greetingDay, greetingNotices, OCCASIONS } from './greetings.js';

/** Part of the curated 2026 data (data/holidays/id-2026.json). */
const HOLIDAYS: Holiday[] = [
  { date: '2026-01-01', name: 'Tahun Baru 2026 Masehi', kind: 'libur_nasional' },
  { date: '2026-02-16', name: 'Cuti Bersama Tahun Baru Imlek', kind: 'cuti_bersama' },
  { date: '2026-02-17', name: 'Tahun Baru Imlek 2577 Kongzili', kind: 'libur_nasional' },
  { date: '2026-03-19', name: 'Hari Suci Nyepi (Tahun Baru Saka 1948)', kind: 'libur_nasional' },
  { date: '2026-03-20', name: 'Cuti Bersama Idul Fitri 1447 H', kind: 'cuti_bersama' },
  { date: '2026-03-21', name: 'Idul Fitri 1447 H', kind: 'libur_nasional' },
  { date: '2026-03-22', name: 'Idul Fitri 1447 H', kind: 'libur_nasional' },
  { date: '2026-05-27', name: 'Idul Adha 1447 H', kind: 'libur_nasional' },
  { date: '2026-05-31', name: 'Hari Raya Waisak 2570 BE', kind: 'libur_nasional' },
  { date: '2026-06-16', name: '1 Muharam Tahun Baru Islam 1448 H', kind: 'libur_nasional' },
  { date: '2026-08-17', name: 'Hari Kemerdekaan Republik Indonesia', kind: 'libur_nasional' },
  { date: '2026-12-24', name: 'Cuti Bersama Hari Raya Natal', kind: 'cuti_bersama' },
  { date: '2026-12-25', name: 'Hari Raya Natal', kind: 'libur_nasional' },
];

describe('greetingDay', () => {
  it.each([
    ['2026-01-01', '2026:tahun_baru', 'Selamat Tahun Baru 2026'],
    ['2026-02-16', null, null],
    ['2026-02-17', '2026:imlek', 'Selamat Tahun Baru Imlek 2577 Kongzili. Gong Xi Fa Cai'],
    ['2026-03-19', '2026:nyepi', 'Selamat Hari Suci Nyepi (Tahun Baru Saka 1948)'],
    ['2026-03-20', null, null],
    ['2026-03-21', '2026:idul_fitri', 'Selamat Hari Raya Idul Fitri 1447 H. Mohon maaf lahir dan batin'],
    ['2026-03-22', '2026:idul_fitri', 'Selamat Hari Raya Idul Fitri 1447 H. Mohon maaf lahir dan batin'],
    ['2026-05-27', '2026:idul_adha', 'Selamat Hari Raya Idul Adha 1447 H'],
    ['2026-05-31', '2026:waisak', 'Selamat Hari Raya Waisak 2570 BE'],
    ['2026-06-16', null, null],
    ['2026-08-17', null, null],
    ['2026-12-24', null, null],
    ['2026-12-25', '2026:natal', 'Selamat Hari Natal'],
    ['2026-07-01', null, null],
  ])('%s', (today, key, wish) => {
    const day = greetingDay(today, HOLIDAYS, OCCASIONS);
    expect(day?.key ?? null).toBe(key);
    expect(day?.wish ?? null).toBe(wish);
  });

  it('greets only the occasions the dealer enabled', () => {
    expect(greetingDay('2026-03-19', HOLIDAYS, ['idul_fitri', 'natal'])).toBeNull();
    expect(greetingDay('2026-12-25', HOLIDAYS, ['idul_fitri', 'natal'])?.occasion).toBe('natal');
    expect(greetingDay('2026-12-25', HOLIDAYS, [])).toBeNull();
  });
});

describe('greetingNotices', () => {
  const day = greetingDay('2026-03-21', HOLIDAYS, OCCASIONS);
  if (!day) throw new Error('no greeting day');

  it('one notice per contact, keyed by occasion and year, with the template values', () => {
    const notices = greetingNotices(
      day,
      [
        { partnerId: 5, name: 'Ibu Ratna <script>' },
        { partnerId: 6, name: null },
      ],
      'Honda Sinar Motor',
      'Diskon jasa servis 20% sampai 31 Maret',
    );
    expect(notices.map((n) => [n.key, n.purpose, n.values])).toEqual([
      [
        'greeting:2026:idul_fitri:5',
        'greeting',
        { customer_name: 'Ibu Ratna <script>', occasion: 'Idul Fitri 1447 H' },
      ],
      ['greeting:2026:idul_fitri:6', 'greeting', { customer_name: null, occasion: 'Idul Fitri 1447 H' }],
    ]);
    expect(notices[0]?.email.subject).toBe('Selamat Hari Raya Idul Fitri 1447 H dari Honda Sinar Motor');
    expect(notices[0]?.email.bodyHtml).toContain('Yth. Bapak/Ibu Ibu Ratna &lt;script&gt;,');
    expect(notices[0]?.email.bodyHtml).toContain('<p>Diskon jasa servis 20% sampai 31 Maret</p>');
    expect(notices[1]?.email.bodyHtml).toContain('<p>Yth. Bapak/Ibu,</p>');
  });

  it('without a promo or a dealer name, the greeting alone', () => {
    const [notice] = greetingNotices(day, [{ partnerId: 5, name: 'Budi' }], null, null);
    expect(notice?.email.bodyHtml).not.toContain('Diskon');
    expect(notice?.email.subject).toBe('Selamat Hari Raya Idul Fitri 1447 H dari dealer Honda Anda');
  });
});
