import { escapeHtml } from '../html.js';
import { indonesianDate } from '../indonesian-date.js';
import { localClock } from '../local-time.js';
import type { ComplaintStage, Escalation } from './service-level.js';

/** What customer service, branch heads and managers read about complaints, in Bahasa Indonesia. */

export const STAGE_LABELS: Readonly<Record<ComplaintStage, string>> = {
  received: 'Diterima',
  analysis: 'Analisis',
  solution: 'Solusi Disampaikan',
  confirmation: 'Konfirmasi Pelanggan',
  done: 'Selesai',
  escalated: 'Eskalasi',
  reopened: 'Dibuka Kembali',
};

/** `1 Desember 2026 10.00 WIB`-style local time (the zone's name as the dealer says it). */
export function localDateTime(at: number, timeZone: string): string {
  const { date, hour } = localClock(new Date(at), timeZone);
  const hours = Math.floor(hour + 1e-9);
  const minutes = Math.round((hour - hours) * 60);
  const zone = ZONE_NAMES[timeZone] ?? timeZone;
  return `${indonesianDate(date)} ${String(hours).padStart(2, '0')}.${String(minutes).padStart(2, '0')} ${zone}`;
}

const ZONE_NAMES: Readonly<Record<string, string>> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

const LATE_TEXT = {
  acknowledge: 'batas tanggapan',
  solution: 'batas solusi',
} as const;

export interface EscalationFacts {
  reference: string;
  subject: string;
  escalation: Escalation;
  timeZone: string;
}

export function escalationSummary(facts: EscalationFacts): string {
  return `Eskalasi ${facts.reference}: ${facts.escalation.late.map((kind) => LATE_TEXT[kind]).join(' dan ')} terlewati`;
}

/** The chatter note and the activity's note: what was late, since when, and where it stood. */
export function escalationNote(facts: EscalationFacts): string {
  const { escalation } = facts;
  const late = escalation.late.map((kind) => LATE_TEXT[kind]).join(' dan ');
  return [
    `<p><b>Eskalasi otomatis:</b> ${late} keluhan ${escapeHtml(facts.reference)} (${escapeHtml(facts.subject)}) terlewati pada ${localDateTime(escalation.deadline, facts.timeZone)}.</p>`,
    `<p>Tahap saat itu: ${STAGE_LABELS[escalation.stageBefore]}. Tindak lanjuti bersama petugas customer service, lalu lanjutkan tahapnya dari formulir keluhan.</p>`,
  ].join('');
}

/** A complaint opened from a follow-up refused as disappointed or gone to another dealer. */
export function intakeSubject(result: 'refused_disappointed' | 'refused_other_dealer', kpb: string): string {
  return result === 'refused_disappointed'
    ? `Kecewa dengan dealer (follow up KPB ${kpb})`
    : `Memilih dealer lain (follow up KPB ${kpb})`;
}

export function intakeDescription(feedback: string | null, resultLabel: string): string {
  return feedback?.trim()
    ? `Hasil follow up: ${resultLabel}. Tanggapan pelanggan: ${feedback.trim()}`
    : `Hasil follow up: ${resultLabel}. Tanggapan pelanggan belum dicatat: tanyakan penyebabnya.`;
}
