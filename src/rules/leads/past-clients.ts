import { addMonths } from '../day-count.js';
import { escapeHtml } from '../html.js';

/**
 * SOP Manajemen Hubungan Pelanggan (seed 004) LD-4 and the re-contact of LD-5, for the won deals
 * of the H23 team: once the handover (BAST) is signed, the project data (the customer, final
 * contract value, products installed, completion date) is complete or the salesperson gets an
 * activity naming what is missing; complete, the project is recorded and the customer becomes
 * *Mantan Klien*; each past client is called again `recontactMonths` after completion, once
 * each. Pure.
 */

export type ClientStatus = 'client' | 'past_client';

export interface WonDealFacts {
  id: number;
  /** The customer (its commercial entity). */
  partnerId: number | null;
  salespersonId: number | null;
  bastDate: string | null;
  completionDate: string | null;
  contractValue: number | null;
  products: string | null;
  projectMissing: string | null;
  projectRecorded: string | null;
  /** Months after completion whose re-contact was made (the stored marks). */
  recontacts: readonly number[];
  /** An open activity asking for the project data. */
  projectActivity: boolean;
  /** Months whose re-contact activity exists on the lead, open or done. */
  recontactActivities: readonly number[];
}

export interface PastClientPolicy {
  /** Months after completion a past client is called again: 12 and 24 by default. */
  recontactMonths: readonly number[];
}

export type PastClientAction =
  | { action: 'set_project_missing'; leadId: number; missing: string | null }
  | { action: 'ask_project'; leadId: number; userId: number | null; missing: string }
  | { action: 'project_complete'; leadId: number }
  | { action: 'record_project'; leadId: number; date: string }
  | {
      action: 'recontact';
      leadId: number;
      userId: number | null;
      months: number;
      completionDate: string;
      /** The activity is made unless one of these months exists already. */
      create: boolean;
    }
  | { action: 'mark_recontacts'; leadId: number; months: number[] };

/** What a signed handover lacks of the project data, as the salesperson reads it. */
export function missingProjectData(deal: WonDealFacts): string[] {
  const missing: string[] = [];
  if (deal.partnerId === null) missing.push('pelanggan');
  if (deal.contractValue === null || !(deal.contractValue > 0)) missing.push('nilai kontrak akhir');
  if (!deal.products?.trim()) missing.push('produk terpasang');
  if (!deal.completionDate) missing.push('tanggal proyek selesai');
  return missing;
}

/** A deal whose handover is signed and whose project data is complete: its customer is a past client. */
export function projectComplete(deal: WonDealFacts): boolean {
  return deal.bastDate !== null && missingProjectData(deal).length === 0;
}

export function planPastClients(
  deals: readonly WonDealFacts[],
  today: string,
  policy: PastClientPolicy,
): PastClientAction[] {
  const actions: PastClientAction[] = [];
  const offsets = [...new Set(policy.recontactMonths)].sort((a, b) => a - b);
  for (const deal of deals) {
    const missing = deal.bastDate ? missingProjectData(deal) : [];
    const text = missing.length > 0 ? missing.join(', ') : null;
    if (text !== (deal.projectMissing || null))
      actions.push({ action: 'set_project_missing', leadId: deal.id, missing: text });
    if (text && !deal.projectActivity)
      actions.push({ action: 'ask_project', leadId: deal.id, userId: deal.salespersonId, missing: text });
    if (!text && deal.projectActivity) actions.push({ action: 'project_complete', leadId: deal.id });
    if (!projectComplete(deal)) continue;
    if (!deal.projectRecorded) actions.push({ action: 'record_project', leadId: deal.id, date: today });

    const completion = deal.completionDate as string;
    const due = offsets.filter(
      (months) => addMonths(completion, months) <= today && !deal.recontacts.includes(months),
    );
    const latest = due.at(-1);
    if (latest === undefined) continue;
    // A project first seen long after completion is called once, for the latest offset due:
    // the earlier ones are past and marked with it.
    actions.push({
      action: 'recontact',
      leadId: deal.id,
      userId: deal.salespersonId,
      months: latest,
      completionDate: completion,
      create: !deal.recontactActivities.includes(latest),
    });
    actions.push({
      action: 'mark_recontacts',
      leadId: deal.id,
      months: [...new Set([...deal.recontacts, ...due])].sort((a, b) => a - b),
    });
  }
  return actions;
}

/**
 * Each customer's standing from their won deals: a deal not yet handed over with complete data
 * makes a *Klien*; otherwise one recorded project makes a *Mantan Klien*. A customer with a
 * status but no won deal left keeps *Mantan Klien* (the project happened) and loses *Klien*.
 */
export function clientStatusChanges(
  deals: readonly WonDealFacts[],
  current: ReadonlyMap<number, ClientStatus>,
): Array<{ partnerId: number; status: ClientStatus | null }> {
  const wanted = new Map<number, ClientStatus>();
  for (const deal of deals) {
    if (deal.partnerId === null) continue;
    const status: ClientStatus = projectComplete(deal) ? 'past_client' : 'client';
    if (wanted.get(deal.partnerId) !== 'client') wanted.set(deal.partnerId, status);
  }
  const changes: Array<{ partnerId: number; status: ClientStatus | null }> = [];
  for (const [partnerId, status] of wanted)
    if (current.get(partnerId) !== status) changes.push({ partnerId, status });
  for (const [partnerId, status] of current)
    if (!wanted.has(partnerId) && status === 'client') changes.push({ partnerId, status: null });
  return changes.sort((a, b) => a.partnerId - b.partnerId);
}

/** The parsed marks of `x_h23_recontacts` ("12, 24"); what is not a month is ignored. */
export function parseRecontacts(text: string | null): number[] {
  return (text ?? '')
    .split(',')
    .map((part) => Number(part.trim()))
    .filter((months) => Number.isInteger(months) && months > 0);
}

export function formatRecontacts(months: readonly number[]): string {
  return months.join(', ');
}

/** The re-contact activity's summary: the months are how the bridge finds it again. */
export function recontactSummary(months: number): string {
  return `Hubungi kembali mantan klien: ${months} bulan setelah proyek selesai`;
}

/** The months of a re-contact activity from its summary, or null for another activity. */
export function recontactMonthsOf(summary: string): number | null {
  const match = /^Hubungi kembali mantan klien: (\d+) bulan/.exec(summary);
  return match ? Number(match[1]) : null;
}

export function recontactNote(months: number, completionDate: string): string {
  return `<p>Proyek klien ini selesai pada ${escapeHtml(completionDate)}, ${months} bulan lalu. Hubungi klien: tanyakan kepuasan, kebutuhan unit tambahan atau penggantian, servis armada, dan catat hasilnya di chatter prospek.</p>`;
}

export function projectNote(missing: string): string {
  return `<p>BAST sudah ditandatangani, tetapi data proyek belum lengkap: <b>${escapeHtml(missing)}</b>. Lengkapi di halaman <i>Serah Terima (BAST)</i> prospek; aktivitas ini selesai sendiri begitu datanya lengkap dan klien tercatat sebagai Mantan Klien.</p>`;
}
