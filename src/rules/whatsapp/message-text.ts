import { indonesianDate } from '../indonesian-date.js';

/**
 * What an FU1 WhatsApp says. With the Cloud API, Meta holds the approved
 * template's text and the bridge fills its numbered parameters from the
 * follow-up, as the dealer mapped them in Odoo; in manual mode (the WhatsApp
 * Business app) the same text is prefilled in a wa.me link for the admin.
 */

export type ParameterSource =
  | 'customer_name'
  | 'unit_model'
  | 'engine_number'
  | 'kpb'
  | 'due_date'
  | 'branch_name'
  | 'branch_phone'
  /** A customer notice's link (a survey's, say). */
  | 'link'
  /** A loyalty member's tier. */
  | 'tier'
  /** A greeting's occasion (Idul Fitri, Natal, …). */
  | 'occasion';

/** What fills a template's parameters, by source; a missing one is said the way an admin would. */
export type ParameterValues = Partial<Record<ParameterSource, string | null>>;

export interface FirstContactFacts {
  customerName: string | null;
  modelName: string | null;
  engineNumber: string;
  kpb: number;
  /** `YYYY-MM-DD`. */
  dueDate: string;
  branchName: string | null;
  branchPhone: string | null;
}

/** Meta refuses an empty parameter (131008): a missing fact is never left blank. */
const FALLBACK: Readonly<Record<ParameterSource, string>> = {
  customer_name: 'Bapak/Ibu',
  unit_model: 'Honda',
  engine_number: '-',
  kpb: '-',
  due_date: '-',
  branch_name: 'AHASS kami',
  branch_phone: 'nomor ini',
  link: '-',
  tier: 'Member',
  occasion: 'hari istimewa ini',
};

export function firstContactValues(facts: FirstContactFacts): ParameterValues {
  return {
    customer_name: facts.customerName,
    unit_model: facts.modelName,
    engine_number: facts.engineNumber,
    kpb: String(facts.kpb),
    due_date: indonesianDate(facts.dueDate),
    branch_name: facts.branchName,
    branch_phone: facts.branchPhone,
  };
}

/** The body parameters in order, `{{1}}` first, for the sources the template's mapping names. */
export function parametersOf(sources: readonly ParameterSource[], values: ParameterValues): string[] {
  // Meta rejects new lines, tabs and runs of four spaces in a parameter (132005/132007 family).
  return sources.map((source) =>
    (values[source]?.trim() || FALLBACK[source]).replace(/[\t\n\r]+/g, ' ').replace(/ {4,}/g, '   '),
  );
}

/** An FU1's body parameters. */
export function templateParameters(sources: readonly ParameterSource[], facts: FirstContactFacts): string[] {
  return parametersOf(sources, firstContactValues(facts));
}

/** The template body with its `{{n}}` placeholders filled, as the customer reads it. */
export function renderTemplate(body: string, parameters: readonly string[]): string {
  return body.replace(
    /\{\{(\d+)\}\}/g,
    (placeholder, position: string) => parameters[Number(position) - 1] ?? placeholder,
  );
}

/** How many distinct numbered parameters a template body has. */
export function parameterCount(body: string): number {
  return new Set(body.match(/\{\{\d+\}\}/g) ?? []).size;
}

/** The FU1 text of manual mode when the dealer has no template of their own. */
export const DEFAULT_FIRST_CONTACT_BODY =
  'Halo {{1}}, terima kasih telah mempercayakan motor {{2}} Anda kepada {{3}}. Sudah waktunya servis KPB {{4}} (gratis) untuk motor Anda. Balas pesan ini untuk booking servis, atau hubungi kami di {{5}}.';

export const DEFAULT_FIRST_CONTACT_SOURCES: readonly ParameterSource[] = [
  'customer_name',
  'unit_model',
  'branch_name',
  'kpb',
  'branch_phone',
];

/** A click-to-chat link that opens the customer's chat with the text typed in (wa.me takes digits only). */
export function clickToChatUrl(e164: string, text: string): string | null {
  const digits = e164.replace(/\D/g, '');
  if (digits.length < 9) return null;
  return `https://wa.me/${digits}?text=${encodeURIComponent(text)}`;
}
