/**
 * The scorecards of a run (seed 003, issue 16): an officer's quarter (KPI-1 to KPI-4, and KPI-5
 * and KPI-6 from its months), an officer's month (KPI-5, KPI-6), and the team's quarter (KPI-3
 * and KPI-4 over every sale, assigned or not). Pure: counts in, the lines and the card's state out.
 */
import { indonesianNumber } from '../indonesian-number.js';
import type { Revenue } from './facts.js';
import type { Period } from './periods.js';
import {
  type KpiId,
  type KpiLine,
  type KpiPolicy,
  quarterFromMonths,
  type Scorecard,
  scorecard,
  scoreLines,
} from './score.js';

export type ValidationState = 'pending' | 'approved' | 'rejected';

/** A sampled message as the Head of Marketing left it. */
export interface SampleDecision {
  withinOneDay: boolean;
  fast: boolean;
  validation: ValidationState;
  representative: boolean;
}

/**
 * - `open`: the period is still running, or its audit is not due yet;
 * - `validating`: its sample waits for the Head of Marketing;
 * - `done`: assessed (every sampled message decided; a month once its audit is due).
 */
export type CardState = 'open' | 'validating' | 'done';

export interface CardPlan {
  key: string;
  officerId: number | null;
  period: Period;
  card: Scorecard;
  state: CardState;
}

/** `<officer id>:<period>` or `team:<period>`: one card per officer and period. */
export function cardKey(officerId: number | null, period: Period): string {
  return `${officerId ?? 'team'}:${period.key}`;
}

/** `<card key>:<message key>`: a message is sampled once per card. */
export function sampleKey(card: string, messageKey: string): string {
  return `${card}:${messageKey}`;
}

/**
 * KPI-1: sampled messages approved ("Definisi Validasi: disetujui") and answered within 1×24 jam;
 * KPI-2: approved, representative ("sesuai dengan standard perusahaan") and fast. A message not
 * yet decided counts as not validated: the card stays `validating` until all are.
 */
export function sampleFigures(samples: readonly SampleDecision[]): {
  sampled: number;
  validatedInTime: number;
  fastAndRepresentative: number;
  pending: number;
} {
  let validatedInTime = 0;
  let fastAndRepresentative = 0;
  let pending = 0;
  for (const sample of samples) {
    if (sample.validation === 'pending') pending += 1;
    if (sample.validation !== 'approved') continue;
    if (sample.withinOneDay) validatedInTime += 1;
    if (sample.fast && sample.representative) fastAndRepresentative += 1;
  }
  return { sampled: samples.length, validatedInTime, fastAndRepresentative, pending };
}

export interface MonthInput {
  officerId: number;
  month: Period;
  followedUp: number;
  reordered: number;
  /** The month's audit is due (its first working week has come). */
  auditDue: boolean;
}

export function monthCard(input: MonthInput, policy: KpiPolicy): CardPlan {
  const lines = scoreLines(
    {
      'KPI-5': { customersFollowedUp: input.followedUp },
      'KPI-6': { followedUp: input.followedUp, reordered: input.reordered },
    },
    policy,
  );
  return {
    key: cardKey(input.officerId, input.month),
    officerId: input.officerId,
    period: input.month,
    card: scorecard(lines),
    state: input.auditDue ? 'done' : 'open',
  };
}

export interface QuarterInput {
  officerId: number | null;
  quarter: Period;
  /** The drawn sample's decisions; null before the sample is drawn. The team has none. */
  samples: readonly SampleDecision[] | null;
  revenue: Revenue;
  previousRevenue: number;
  newCustomers: number;
  /** The quarter's month cards of this officer (KPI-5 and KPI-6 lines), in month order. */
  months: readonly CardPlan[];
}

export function quarterCard(input: QuarterInput, policy: KpiPolicy): CardPlan {
  const team = input.officerId === null;
  const sample = input.samples ? sampleFigures(input.samples) : null;
  const lines: KpiLine[] = scoreLines(
    {
      ...(team
        ? {}
        : {
            'KPI-1': { sampled: sample?.sampled ?? 0, validatedInTime: sample?.validatedInTime ?? 0 },
            'KPI-2': {
              sampled: sample?.sampled ?? 0,
              fastAndRepresentative: sample?.fastAndRepresentative ?? 0,
            },
          }),
      'KPI-3': { revenue: input.revenue.revenue, previousRevenue: input.previousRevenue },
      'KPI-4': { newCustomers: input.newCustomers },
    },
    policy,
  );
  for (const kpi of ['KPI-5', 'KPI-6'] as const) {
    const months = input.months.flatMap((month) => month.card.lines.filter((line) => line.kpi === kpi));
    if (!team && months.length > 0) lines.push(quarterFromMonths(months));
  }
  const state: CardState = sample === null ? 'open' : sample.pending > 0 ? 'validating' : 'done';
  return {
    key: cardKey(input.officerId, input.quarter),
    officerId: input.officerId,
    period: input.quarter,
    card: scorecard(lines),
    // The team's card has no sample: it is assessed with the officers' (when the audit is due).
    state: team ? (input.samples === null ? 'open' : 'done') : state,
  };
}

/**
 * The review activity's lines: each KPI to review with its figures against its target
 * ("KPI-1: 80% (target 90%), skor 8,89 dari 10"), the seed's consequence in Bahasa Indonesia.
 */
export function reviewLines(card: Scorecard): string[] {
  return card.lines
    .filter((line) => line.review)
    .map((line) =>
      line.achievement === null
        ? `${line.kpi}: tidak dapat diukur (${line.numerator} / ${line.denominator})`
        : `${line.kpi}: ${percent(line.achievement)} (target ${percent(line.target)}), skor ${number(line.score)} dari ${number(line.weight)}`,
    );
}

/**
 * What a review asks for, per kind of KPI below target: the seed's "review dan perbaikan sistem
 * komunikasi … pelatihan tim, penggunaan auto-reply, atau optimasi sistem kerja" for the replies;
 * the sales and follow-up KPIs their own.
 */
export function reviewAdvice(kpis: readonly KpiId[]): string[] {
  const advice: string[] = [];
  if (kpis.includes('KPI-1') || kpis.includes('KPI-2'))
    advice.push(
      'KPI-1/KPI-2: review dan perbaikan sistem komunikasi, berupa pelatihan tim, penggunaan auto-reply, atau optimasi sistem kerja untuk meningkatkan responsivitas.',
    );
  if (kpis.includes('KPI-3') || kpis.includes('KPI-4'))
    advice.push(
      'KPI-3/KPI-4: review omset dan penambahan customer bersama Head of Marketing, dengan rencana perbaikan.',
    );
  if (kpis.includes('KPI-5') || kpis.includes('KPI-6'))
    advice.push(
      'KPI-5/KPI-6: review daftar customer yang di-follow up dan isi follow up (reminder, penawaran spesial, informasi produk baru).',
    );
  return advice;
}

/** The card's total as its review opens: "Skor 52,55 dari 70 (75,07%)." */
export function totalLine(card: Scorecard): string {
  return `Skor ${number(card.total)} dari ${number(card.maxTotal)} (${percent(card.share)}).`;
}

function percent(share: number): string {
  return `${number(Math.round(share * 1000) / 10)}%`;
}

/** As the reader writes numbers: 4,44 (Bahasa Indonesia's decimal comma). */
const number = (value: number): string => indonesianNumber(value);
