import { addDays } from '../day-count.js';
import { validEmail } from '../email.js';
import { escapeHtml, htmlToText } from '../html.js';
import { normalizePhone } from '../import/normalize.js';

/**
 * SOP Manajemen Hubungan Pelanggan (seed 004) LD-1 and LD-2, for the leads of the H23 team:
 * a lead carries the minimum data (client name, phone, e-mail, lead source, initial needs; the
 * company only where there is one) or its salesperson gets an activity naming what is missing,
 * closed once complete; a lead with the phone or e-mail of an existing customer or another open
 * lead says so, with links; moving to Penawaran Terkirim stamps the quotation date once; a lead
 * untouched for `staleDays` gets a reminder activity. Pure.
 */

export type LeadStage = 'new' | 'quotation' | 'negotiation' | 'won' | 'other';

export interface LeadFacts {
  id: number;
  name: string;
  contactName: string | null;
  /** The linked customer (a contact of theirs is the client). */
  partnerId: number | null;
  phone: string | null;
  email: string | null;
  sourceId: number | null;
  /** HTML, as Odoo holds it. */
  description: string | null;
  salespersonId: number | null;
  stage: LeadStage;
  quotationDate: string | null;
  /** The dealer date of the lead's last change. */
  touchedOn: string;
  missing: string | null;
  duplicates: string | null;
  /** Open activities of the bridge's two kinds on the lead. */
  incompleteActivity: boolean;
  staleActivity: boolean;
}

/** Other records with the lead's phone or e-mail. */
export interface LeadMatches {
  partners: ReadonlyArray<{ id: number; name: string; by: 'phone' | 'email' }>;
  leads: ReadonlyArray<{ id: number; name: string; by: 'phone' | 'email' }>;
}

export interface LeadPolicy {
  /** Days without any change after which the salesperson is reminded. */
  staleDays: number;
}

export type LeadAction =
  | { action: 'set_missing'; leadId: number; missing: string | null }
  | { action: 'ask_complete'; leadId: number; userId: number | null; missing: string }
  | { action: 'completed'; leadId: number }
  | { action: 'set_duplicates'; leadId: number; html: string | null }
  | { action: 'stamp_quotation'; leadId: number; date: string }
  | { action: 'remind_stale'; leadId: number; userId: number | null; since: string };

/** What the lead lacks of the SOP's minimum, as the salesperson reads it; empty when complete. */
export function missingData(lead: LeadFacts): string[] {
  const missing: string[] = [];
  if (!lead.contactName?.trim() && lead.partnerId === null) missing.push('nama klien');
  if (!lead.phone?.trim()) missing.push('no. HP');
  else if (!normalizePhone(lead.phone).ok) missing.push('no. HP yang valid');
  if (!lead.email?.trim()) missing.push('e-mail');
  else if (!validEmail(lead.email)) missing.push('e-mail yang valid');
  if (lead.sourceId === null) missing.push('sumber prospek');
  if (!htmlToText(lead.description ?? '').trim()) missing.push('kebutuhan awal');
  return missing;
}

const BY: Readonly<Record<'phone' | 'email', string>> = { phone: 'no. HP sama', email: 'e-mail sama' };

/** The lead's possible duplicates as the form shows them (links open the record), or null. */
export function duplicatesHtml(matches: LeadMatches): string | null {
  const items = [
    ...matches.partners.map(
      (m) =>
        `<li>Pelanggan <a href="/web#model=res.partner&amp;id=${m.id}">${escapeHtml(m.name)}</a> (${BY[m.by]})</li>`,
    ),
    ...matches.leads.map(
      (m) =>
        `<li>Prospek terbuka <a href="/web#model=crm.lead&amp;id=${m.id}">${escapeHtml(m.name)}</a> (${BY[m.by]})</li>`,
    ),
  ];
  return items.length === 0 ? null : `<ul>${items.join('')}</ul>`;
}

const OPEN_STAGES: ReadonlySet<LeadStage> = new Set(['new', 'quotation', 'negotiation', 'other']);

export function planLeads(
  leads: readonly LeadFacts[],
  matches: ReadonlyMap<number, LeadMatches>,
  today: string,
  policy: LeadPolicy,
): LeadAction[] {
  const actions: LeadAction[] = [];
  for (const lead of leads) {
    const missing = missingData(lead);
    const text = missing.length > 0 ? missing.join(', ') : null;
    if (text !== (lead.missing || null))
      actions.push({ action: 'set_missing', leadId: lead.id, missing: text });
    if (text && !lead.incompleteActivity && OPEN_STAGES.has(lead.stage))
      actions.push({ action: 'ask_complete', leadId: lead.id, userId: lead.salespersonId, missing: text });
    if (!text && lead.incompleteActivity) actions.push({ action: 'completed', leadId: lead.id });
    const html = duplicatesHtml(matches.get(lead.id) ?? { partners: [], leads: [] });
    if (html !== (lead.duplicates || null)) actions.push({ action: 'set_duplicates', leadId: lead.id, html });
    if (lead.stage === 'quotation' && !lead.quotationDate)
      actions.push({ action: 'stamp_quotation', leadId: lead.id, date: today });
    if (
      OPEN_STAGES.has(lead.stage) &&
      !lead.staleActivity &&
      addDays(lead.touchedOn, policy.staleDays) <= today
    )
      actions.push({
        action: 'remind_stale',
        leadId: lead.id,
        userId: lead.salespersonId,
        since: lead.touchedOn,
      });
  }
  return actions;
}

/** The activities' texts, in Bahasa Indonesia. */
export function completeNote(missing: string): string {
  return `<p>Data prospek belum lengkap sesuai SOP: <b>${escapeHtml(missing)}</b>. Lengkapi di formulir prospek; aktivitas ini selesai sendiri begitu datanya lengkap.</p>`;
}

export function staleNote(since: string, days: number): string {
  return `<p>Prospek ini tidak ada perubahan sejak ${escapeHtml(since)} (${days} hari atau lebih). Catat tindak lanjut (telepon, kunjungan, penawaran revisi) di chatter prospek.</p>`;
}
