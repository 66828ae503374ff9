import { escapeHtml } from '../html.js';
import { indonesianDate } from '../indonesian-date.js';
import type { ReminderStage } from './reminders.js';
import type { Kpb, Stage } from './schedule.js';

/** What the CRM admin reads on a follow-up's activity, in Bahasa Indonesia. */
export interface ActivityFacts {
  kpb: Kpb;
  stage: Stage;
  dueDate: string;
  customerName: string | null;
  phone: string | null;
  modelName: string | null;
  engineNumber: string;
  purchaseDate: string;
  /** FU1 by WhatsApp: the wa.me link with the text typed in, and whether the bridge sends it itself. */
  whatsApp?: { url: string | null; automatic: boolean };
}

const WHAT_TO_DO: Readonly<Record<Stage, string>> = {
  fu1: 'Kirim WA blast pengingat KPB. Catat hasilnya: bila tidak ada balasan atau WA gagal terkirim, FU2 dijadwalkan otomatis.',
  fu2: 'Hubungi lewat WA call atau telepon. Tawarkan booking servis; bila menolak, catat alasannya dan berikan penawaran sesuai SOP.',
  fu3: 'Hubungi ulang lewat WA call atau telepon (FU2 tidak direspons). Tawarkan booking servis dan catat hasilnya.',
};

function whatsAppToDo(whatsApp: { url: string | null; automatic: boolean }): string {
  if (!whatsApp.url)
    return 'Nomor HP pelanggan tidak valid untuk WhatsApp: perbaiki nomornya di kontak pelanggan, atau catat hasil "Tidak dapat dihubungi" agar FU2 lewat telepon dijadwalkan.';
  return whatsApp.automatic
    ? 'Pesan WhatsApp FU1 dikirim otomatis oleh h23-bridge; aktivitas ini selesai sendiri begitu pesan diterima pelanggan. Bila masih terbuka setelah jam kirim, kirim manual lewat tautan di bawah.'
    : 'Kirim pesan WhatsApp FU1 lewat tautan di bawah (teks sudah terisi), lalu catat hasilnya: bila tidak ada balasan atau WA gagal terkirim, FU2 dijadwalkan otomatis.';
}

export function activitySummary(facts: ActivityFacts): string {
  return `KPB ${facts.kpb} ${facts.stage.toUpperCase()}: ${facts.customerName ?? 'pelanggan'}`;
}

/** The note as Odoo's HTML field takes it: customer, phone, unit, KPB and what to say. */
export function activityNote(facts: ActivityFacts): string {
  const lines = [
    `<p><b>Pelanggan:</b> ${escapeHtml(facts.customerName ?? '(nama belum ada)')}</p>`,
    `<p><b>No. HP:</b> ${escapeHtml(facts.phone ?? '(belum ada nomor HP yang valid)')}</p>`,
    `<p><b>Unit:</b> ${escapeHtml([facts.modelName, facts.engineNumber].filter(Boolean).join(' - '))}, dibeli ${indonesianDate(facts.purchaseDate)}</p>`,
    `<p><b>KPB ${facts.kpb}</b>, tahap ${facts.stage.toUpperCase()}, jatuh tempo ${indonesianDate(facts.dueDate)}</p>`,
    `<p>${facts.whatsApp ? whatsAppToDo(facts.whatsApp) : WHAT_TO_DO[facts.stage]}</p>`,
  ];
  if (facts.whatsApp?.url) {
    lines.push(
      `<p><a href="${escapeHtml(facts.whatsApp.url)}" target="_blank">Buka WhatsApp dengan pesan FU1</a></p>`,
    );
  }
  return lines.join('');
}

/** What the CRM admin reads on a reminder's activity (after KPB 4). */
export interface ReminderFacts {
  stage: ReminderStage;
  dueDate: string;
  lastService: string;
  customerName: string | null;
  phone: string | null;
  modelName: string | null;
  engineNumber: string;
}

const REMINDER_LABEL: Readonly<Record<ReminderStage, string>> = {
  service: 'Servis Berkala',
  winback: 'Win-back',
};

const REMINDER_TO_DO: Readonly<Record<ReminderStage, string>> = {
  service:
    'Ingatkan pelanggan untuk servis berkala (KPB sudah selesai). Tawarkan booking servis; bila menolak, catat alasannya dan berikan penawaran sesuai SOP.',
  winback:
    'Pelanggan sudah lebih dari 12 bulan tidak servis (Berisiko). Tanyakan kabar motornya dan alasannya tidak datang, lalu tawarkan booking servis atau promo; catat hasilnya di follow up ini.',
};

export function reminderSummary(facts: ReminderFacts): string {
  return `${REMINDER_LABEL[facts.stage]}: ${facts.customerName ?? 'pelanggan'}`;
}

export function reminderNote(facts: ReminderFacts): string {
  return [
    `<p><b>Pelanggan:</b> ${escapeHtml(facts.customerName ?? '(nama belum ada)')}</p>`,
    `<p><b>No. HP:</b> ${escapeHtml(facts.phone ?? '(belum ada nomor HP yang valid)')}</p>`,
    `<p><b>Unit:</b> ${escapeHtml([facts.modelName, facts.engineNumber].filter(Boolean).join(' - '))}</p>`,
    `<p><b>${REMINDER_LABEL[facts.stage]}</b>, servis terakhir ${indonesianDate(facts.lastService)}, jatuh tempo ${indonesianDate(facts.dueDate)}</p>`,
    `<p>${REMINDER_TO_DO[facts.stage]}</p>`,
  ].join('');
}
