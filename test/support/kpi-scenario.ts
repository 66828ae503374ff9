/**
 * A quarter of a dealer's customer relations (2026-Q3, audited on Thursday 1 October 2026) for
 * three officers, with the KPI values it must give: the offline job test and the live test on a
 * real Odoo both build it and expect the same figures. Times are WIB; the dealer works Monday to
 * Saturday (or Friday, as Odoo's standard calendar), 08:00–17:00 with lunch 12:00–13:00, and no holiday falls on a
 * message of the scenario.
 *
 * - A answers 13 e-mails and a WhatsApp message quickly (one sent on Saturday night, answered
 *   Monday 09:00, within 1×24 jam counted from Monday 08:00); grows revenue 20%; gains one new
 *   customer; follows up 16 past buyers in July (and one who never bought, not counted), 4 of
 *   whom order again.
 * - B answers 3 of 5 in time, 1 late, leaves 1 unanswered; revenue flat (a credit note takes the
 *   growth back); one new customer by a sales order; no follow-up.
 * - C has nothing: every KPI not measurable or zero.
 */
export const KPI_TZ = 'Asia/Jakarta';
export const wib = (local: string): number => Date.parse(`${local}+07:00`);

export type OfficerName = 'A' | 'B' | 'C';
export const OFFICER_NAMES: readonly OfficerName[] = ['A', 'B', 'C'];

export interface ScenarioMessage {
  officer: OfficerName;
  /** The customer writing, a partner whose salesperson is the officer. */
  customer: string;
  received: string;
  replied: string | null;
  /** By WhatsApp (answered from the customer's chatter in Odoo); by e-mail otherwise. */
  whatsapp?: boolean;
}

export interface ScenarioSale {
  officer: OfficerName | null;
  customer: string;
  date: string;
  /** Untaxed; negative for a credit note. */
  amount: number;
  country?: 'SG';
}

export interface ScenarioFollowUp {
  officer: OfficerName;
  customer: string;
  /** When the Follow Up Re-Order activity was marked done (WIB). */
  done: string;
}

export interface ScenarioVisit {
  customer: string;
  date: string;
}

const weekdaysOfJuly = [
  '2026-07-06',
  '2026-07-07',
  '2026-07-08',
  '2026-07-09',
  '2026-07-10',
  '2026-07-13',
  '2026-07-14',
  '2026-07-15',
  '2026-07-16',
  '2026-07-17',
  '2026-07-20',
  '2026-07-21',
];

export const SCENARIO_MESSAGES: readonly ScenarioMessage[] = [
  ...weekdaysOfJuly.map((day, index) => ({
    officer: 'A' as const,
    customer: `A-pelanggan-${index + 1}`,
    received: `${day}T09:00:00`,
    replied: `${day}T10:30:00`,
  })),
  // Saturday night: counted from Monday 08:00, due Tuesday 08:00; answered Monday 09:00.
  {
    officer: 'A',
    customer: 'A-pelanggan-13',
    received: '2026-07-11T21:00:00',
    replied: '2026-07-13T09:00:00',
  },
  // By WhatsApp, answered an hour later from the customer's chatter in Odoo.
  {
    officer: 'A',
    customer: 'A-pelanggan-wa',
    received: '2026-07-22T10:00:00',
    replied: '2026-07-22T11:00:00',
    whatsapp: true,
  },
  {
    officer: 'B',
    customer: 'B-pelanggan-1',
    received: '2026-08-04T09:00:00',
    replied: '2026-08-04T11:00:00',
  },
  {
    officer: 'B',
    customer: 'B-pelanggan-2',
    received: '2026-08-04T10:00:00',
    replied: '2026-08-04T14:00:00',
  },
  {
    officer: 'B',
    customer: 'B-pelanggan-3',
    received: '2026-08-06T13:00:00',
    replied: '2026-08-07T09:00:00',
  },
  // Due Thursday 09:00, answered Friday: late.
  {
    officer: 'B',
    customer: 'B-pelanggan-4',
    received: '2026-08-05T09:00:00',
    replied: '2026-08-07T10:00:00',
  },
  // Never answered: missed.
  { officer: 'B', customer: 'B-pelanggan-5', received: '2026-08-06T09:00:00', replied: null },
];

const pastBuyers = Array.from({ length: 16 }, (_, index) => `A-pembeli-${index + 1}`);

export const SCENARIO_SALES: readonly ScenarioSale[] = [
  // A: Q2 1,000,000; Q3 700,000 (a new customer) + 500,000 (a customer abroad, known since 2025).
  { officer: 'A', customer: 'A-Z', date: '2026-05-10', amount: 1_000_000 },
  { officer: 'A', customer: 'A-X', date: '2026-07-15', amount: 700_000 },
  { officer: 'A', customer: 'A-Y', date: '2025-11-03', amount: 250_000, country: 'SG' },
  { officer: 'A', customer: 'A-Y', date: '2026-08-20', amount: 500_000, country: 'SG' },
  // B: Q2 2,000,000; Q3 2,100,000 less a 100,000 credit note.
  { officer: 'B', customer: 'B-W', date: '2026-06-01', amount: 2_000_000 },
  { officer: 'B', customer: 'B-W', date: '2026-09-01', amount: 2_100_000 },
  { officer: 'B', customer: 'B-W', date: '2026-09-10', amount: -100_000 },
  // A's past buyers bought in March 2025 (no salesperson); 4 order again after July's follow-up.
  ...pastBuyers.map((customer) => ({ officer: null, customer, date: '2025-03-03', amount: 50_000 })),
  ...pastBuyers.slice(0, 4).map((customer, index) => ({
    officer: null,
    customer,
    date: `2026-07-${String(20 + index).padStart(2, '0')}`,
    amount: 100_000,
  })),
];

export const SCENARIO_FOLLOW_UPS: readonly ScenarioFollowUp[] = [
  ...pastBuyers.map((customer, index) => ({
    officer: 'A' as const,
    customer,
    done: `2026-07-${String(6 + (index % 10)).padStart(2, '0')}T14:00:00`,
  })),
  // Never bought: not a re-order follow-up.
  { officer: 'A', customer: 'A-calon', done: '2026-07-08T15:00:00' },
];

/** A confirmed sales order: B's new customer (the revenue is the invoices'; orders count for KPI-4 too). */
export const SCENARIO_ORDERS: readonly ScenarioSale[] = [
  { officer: 'B', customer: 'B-order', date: '2026-08-18', amount: 300_000 },
];

/** A workshop visit by a customer never seen before: new, for the team only. */
export const SCENARIO_VISITS: readonly ScenarioVisit[] = [{ customer: 'V-bengkel', date: '2026-08-12' }];

export const SCENARIO_POLICY = { reorderConversionTarget: 0.3, reorderWindowDays: 30 } as const;

/** The audit is due on Thursday 1 October 2026; the day before, nothing is audited yet. */
export const DAY_BEFORE_AUDIT = wib('2026-09-30T10:00:00');
export const AUDIT_DAY = wib('2026-10-01T08:30:00');

/** What the Head of Marketing decides: a message answered is approved, an unanswered one rejected. */
export function decision(
  officer: OfficerName,
  sample: { withinOneDay: boolean; repliedAt: number | null },
  index: number,
): { validation: 'approved' | 'rejected'; representative: boolean; note?: string } {
  if (sample.repliedAt === null) {
    return { validation: 'rejected', representative: false, note: 'Tidak dibalas' };
  }
  // A: the first 8 (by position) up to standard; B: those answered in time.
  return { validation: 'approved', representative: officer === 'A' ? index < 8 : sample.withinOneDay };
}

export interface ExpectedLine {
  numerator: number;
  denominator: number;
  /** Percent, 2 decimals; null when not measurable. */
  achievement: number | null;
  score: number;
}

export type ExpectedCard = Partial<Record<`KPI-${1 | 2 | 3 | 4 | 5 | 6}`, ExpectedLine>> & {
  total: number;
  maxTotal: number;
};

/** 2026-Q3 after the Head of Marketing's validation. */
export const EXPECTED_VALIDATED: Record<OfficerName | 'team', ExpectedCard> = {
  A: {
    'KPI-1': { numerator: 10, denominator: 10, achievement: 100, score: 10 },
    'KPI-2': { numerator: 8, denominator: 10, achievement: 80, score: 4.44 },
    'KPI-3': { numerator: 200_000, denominator: 1_000_000, achievement: 20, score: 20 },
    'KPI-4': { numerator: 1, denominator: 1.25, achievement: 80, score: 12 },
    'KPI-5': { numerator: 16, denominator: 45, achievement: 35.56, score: 3.33 },
    'KPI-6': { numerator: 4, denominator: 16, achievement: 25, score: 2.78 },
    total: 52.55,
    maxTotal: 70,
  },
  B: {
    'KPI-1': { numerator: 3, denominator: 5, achievement: 60, score: 6.67 },
    'KPI-2': { numerator: 3, denominator: 5, achievement: 60, score: 3.33 },
    'KPI-3': { numerator: 0, denominator: 2_000_000, achievement: 0, score: 0 },
    'KPI-4': { numerator: 1, denominator: 1.25, achievement: 80, score: 12 },
    'KPI-5': { numerator: 0, denominator: 45, achievement: 0, score: 0 },
    'KPI-6': { numerator: 0, denominator: 0, achievement: null, score: 0 },
    total: 22,
    maxTotal: 70,
  },
  C: {
    'KPI-1': { numerator: 0, denominator: 0, achievement: null, score: 0 },
    'KPI-2': { numerator: 0, denominator: 0, achievement: null, score: 0 },
    'KPI-3': { numerator: 0, denominator: 0, achievement: null, score: 0 },
    'KPI-4': { numerator: 0, denominator: 1.25, achievement: 0, score: 0 },
    'KPI-5': { numerator: 0, denominator: 45, achievement: 0, score: 0 },
    'KPI-6': { numerator: 0, denominator: 0, achievement: null, score: 0 },
    total: 0,
    maxTotal: 70,
  },
  // The team's new-customer target is the three officers' together: 3 × 5 a year / 4.
  team: {
    'KPI-3': { numerator: 600_000, denominator: 3_000_000, achievement: 20, score: 20 },
    'KPI-4': { numerator: 3, denominator: 3.75, achievement: 80, score: 12 },
    total: 32,
    maxTotal: 35,
  },
};

/** On the audit day, before any validation: KPI-1 and KPI-2 count no validated message yet. */
export const EXPECTED_BEFORE_VALIDATION: Record<
  'A' | 'B',
  Pick<ExpectedCard, 'KPI-1' | 'KPI-2' | 'total'>
> = {
  A: {
    'KPI-1': { numerator: 0, denominator: 10, achievement: 0, score: 0 },
    'KPI-2': { numerator: 0, denominator: 10, achievement: 0, score: 0 },
    total: 38.11,
  },
  B: {
    'KPI-1': { numerator: 0, denominator: 5, achievement: 0, score: 0 },
    'KPI-2': { numerator: 0, denominator: 5, achievement: 0, score: 0 },
    total: 12,
  },
};
