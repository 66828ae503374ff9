import { escapeHtml } from '../html.js';
/**
 * What a customer reads when they join the loyalty programme or move up a tier (SOP CRM stage 4:
 * "Mengkomunikasikan program loyalitas kepada pelanggan melalui berbagai kanal"), in Bahasa
 * Indonesia: the e-mail's subject and body, and the values a WhatsApp template's parameters take.
 * The benefits of each tier are the dealer's to state (a WhatsApp template's own text, or the
 * branch on the phone): the text promises none.
 */
import { indonesianDate } from '../indonesian-date.js';
import { TIER_LABELS, type Tier } from './tiers.js';

export interface TierNoticeInput {
  kind: 'enrolled' | 'upgraded';
  tier: Tier;
  enrolledOn: string;
  /** The customer's name as Odoo holds it; null: a greeting without it. */
  customerName: string | null;
  /** The dealer's name (the company), for the signature; null: "dealer Honda Anda". */
  dealerName: string | null;
}

export interface TierNoticeText {
  subject: string;
  bodyHtml: string;
  /** The plain values, for a WhatsApp template's parameters. */
  values: { customerName: string; tier: string; enrolledOn: string; dealerName: string };
}

export function tierNoticeText(input: TierNoticeInput): TierNoticeText {
  const tier = TIER_LABELS[input.tier];
  const dealer = input.dealerName?.trim() || 'dealer Honda Anda';
  const name = input.customerName?.trim() || '';
  const enrolledOn = indonesianDate(input.enrolledOn);
  const greeting = name ? `Yth. Bapak/Ibu ${escapeHtml(name)},` : 'Yth. Bapak/Ibu,';
  const subject =
    input.kind === 'enrolled'
      ? `Selamat bergabung sebagai Member ${tier} ${dealer}`
      : `Selamat, tier member Anda naik menjadi ${tier}`;
  const lead =
    input.kind === 'enrolled'
      ? `Terima kasih telah setia merawat motor Honda Anda di bengkel kami. Mulai hari ini Anda terdaftar sebagai <b>Member ${tier}</b> Program Loyalitas ${escapeHtml(dealer)}.`
      : `Terima kasih atas kepercayaan Anda servis rutin di bengkel kami. Tier member Anda kini naik menjadi <b>${tier}</b> (member sejak ${enrolledOn}).`;
  const bodyHtml = [
    `<p>${greeting}</p>`,
    `<p>${lead}</p>`,
    '<p>Sebutkan nama Anda sebagai member saat datang servis; admin bengkel kami akan menjelaskan keuntungan member yang berlaku.</p>',
    `<p>Salam,<br/>${escapeHtml(dealer)}</p>`,
  ].join('\n');
  return { subject, bodyHtml, values: { customerName: name, tier, enrolledOn, dealerName: dealer } };
}
