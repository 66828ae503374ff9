/**
 * The KPI scorecard of the Customer Relations Officer & Order Coordinator (seed 003, issue 16).
 *
 * What the seed gives per KPI (measure; target; weight "Bobot"):
 * - KPI-1 "([Jumlah pesan yang sudah divalidasi] / [total pesan]) x 100%" over the sample;
 *   "Target: 90% pertanyaan dijawab dalam 24 jam"; Bobot 10%.
 * - KPI-2 "[Jumlah pesan dengan waktu tercepat dan berkualitas / total pesan sampling] x 100%";
 *   target 90%; Bobot 5%.
 * - KPI-3 "([Selisih omset] / omset quartal sebelumnya) x 100%"; "Kenaikan 10% dari omset
 *   quartal sebelumnya"; Bobot 20%.
 * - KPI-4 "[(jumlah customer baru / target) x 100%]" per quarter; "Penambahan 5 customer baru
 *   per tahun"; Bobot 15%.
 * - KPI-5 "[Jumlah follow up yang dilakukan dalam satu bulan / target follow up per bulan] x
 *   100%"; "Dalam satu bulan melakukan follow up minimal 15 customer"; Bobot 10%.
 * - KPI-6 "Pengukuran Customer Melakukan Re Order … Mengukur efektivitas follow-up dalam
 *   menghasilkan pesanan ulang"; its measure and target lines are copied word for word from
 *   KPI-5, so they cannot be its own. Following issue 16 it is the conversion: customers who
 *   ordered again / customers followed up, against a configurable target (the seed names none,
 *   so the policy must be given one). Bobot 10%.
 * - "Jika dalam audit ditemukan < 90% pesan dijawab dalam 24 jam, akan dilakukan review dan
 *   perbaikan sistem komunikasi": below target triggers a review (issue 16: for every KPI).
 *
 * The weights sum to 70, not 100: the total is reported out of the weights' sum and as a share.
 * The seed gives no rule from achievement to score. Read here as: a KPI earns its full weight
 * when its target is met, pro rata below it (achievement / target × weight), nothing more above
 * it (capped at the weight) and nothing below zero (a falling revenue scores 0, not negative).
 * KPI-4 and KPI-5 already divide by their target in the seed's formula, so their achievement is
 * measured against 100%. A quarter's KPI-4 target is the yearly target / 4 (5 a year → 1.25).
 *
 * Not measurable (achievement null, score 0, flagged for review): an empty sample (KPI-1, KPI-2),
 * a previous quarter with no revenue (0 or less: no growth can be measured against it, KPI-3),
 * no customer followed up (KPI-6).
 */

export type KpiId = 'KPI-1' | 'KPI-2' | 'KPI-3' | 'KPI-4' | 'KPI-5' | 'KPI-6';
export const KPI_IDS: readonly KpiId[] = ['KPI-1', 'KPI-2', 'KPI-3', 'KPI-4', 'KPI-5', 'KPI-6'];

/** The seed's "Bobot" per KPI, in percent points (sum 70). */
export const SEED_WEIGHTS: Readonly<Record<KpiId, number>> = {
  'KPI-1': 10,
  'KPI-2': 5,
  'KPI-3': 20,
  'KPI-4': 15,
  'KPI-5': 10,
  'KPI-6': 10,
};

export interface KpiPolicy {
  weights: Readonly<Record<KpiId, number>>;
  /** KPI-1: share of sampled messages validated and answered within 1×24 jam (seed 0.9). */
  repliedInTimeTarget: number;
  /** KPI-2: share of sampled messages answered fast and representative (seed 0.9). */
  fastAndRepresentativeTarget: number;
  /** KPI-3: revenue growth over the previous quarter (seed 0.10). */
  revenueGrowthTarget: number;
  /** KPI-4: new customers a year (seed 5); a quarter's target is a quarter of it. */
  newCustomersPerYear: number;
  /** KPI-5: customers followed up for a re-order a month (seed 15). */
  followUpsPerMonth: number;
  /** KPI-6: share of followed-up customers who ordered again (the seed gives none). */
  reorderConversionTarget: number;
}

export const SEED_POLICY: Omit<KpiPolicy, 'reorderConversionTarget'> = {
  weights: SEED_WEIGHTS,
  repliedInTimeTarget: 0.9,
  fastAndRepresentativeTarget: 0.9,
  revenueGrowthTarget: 0.1,
  newCustomersPerYear: 5,
  followUpsPerMonth: 15,
};

/** The seed's policy with overrides; the KPI-6 target is required (the seed has none). Validated. */
export function kpiPolicy(
  options: Partial<Omit<KpiPolicy, 'weights'>> & {
    reorderConversionTarget: number;
    weights?: Partial<Record<KpiId, number>>;
  },
): KpiPolicy {
  const policy: KpiPolicy = {
    ...SEED_POLICY,
    ...options,
    weights: { ...SEED_WEIGHTS, ...options.weights },
  };
  for (const kpi of KPI_IDS) requireAtLeast(`the weight of ${kpi}`, policy.weights[kpi], 0);
  requireShare('repliedInTimeTarget', policy.repliedInTimeTarget);
  requireShare('fastAndRepresentativeTarget', policy.fastAndRepresentativeTarget);
  requireShare('reorderConversionTarget', policy.reorderConversionTarget);
  requirePositive('revenueGrowthTarget', policy.revenueGrowthTarget);
  requirePositive('newCustomersPerYear', policy.newCustomersPerYear);
  requirePositive('followUpsPerMonth', policy.followUpsPerMonth);
  return policy;
}

/** The counts of one officer and period, per KPI (any subset: a month holds KPI-5 and KPI-6). */
export interface KpiFigures {
  'KPI-1'?: { sampled: number; validatedInTime: number };
  'KPI-2'?: { sampled: number; fastAndRepresentative: number };
  /** Revenue of the period and of the quarter before, in the company currency. */
  'KPI-3'?: { revenue: number; previousRevenue: number };
  'KPI-4'?: { newCustomers: number };
  'KPI-5'?: { customersFollowedUp: number };
  'KPI-6'?: { followedUp: number; reordered: number };
}

/** - `met`: achievement at or above target; `below`: under it; `not-measurable`: no achievement can be computed. */
export type KpiStatus = 'met' | 'below' | 'not-measurable';

export interface KpiLine {
  kpi: KpiId;
  weight: number;
  /** The seed formula's numerator and denominator (KPI-3: revenue difference over the previous revenue; KPI-4/5: count over target). */
  numerator: number;
  denominator: number;
  /** numerator / denominator as a share (0.9 = 90%); null when not measurable. */
  achievement: number | null;
  /** The target in the same unit as achievement (KPI-4/5: 1, i.e. 100% of the count target). */
  target: number;
  /** achievement / target, kept within [0, 1]: the share of the weight earned. */
  attainment: number;
  /** weight × attainment, rounded to 0.01. */
  score: number;
  status: KpiStatus;
  /** Below target or not measurable: the seed's "review dan perbaikan". */
  review: boolean;
}

export interface Scorecard {
  lines: KpiLine[];
  /** Sum of the lines' scores. */
  total: number;
  /** Sum of the lines' weights (70 with all six of the seed). */
  maxTotal: number;
  /** total / maxTotal, rounded to 0.0001 (0 when maxTotal is 0). */
  share: number;
  /** The KPIs that need a review, in KPI order. */
  reviews: KpiId[];
}

/** A line per KPI present in the figures, in KPI order. */
export function scoreLines(figures: KpiFigures, policy: KpiPolicy): KpiLine[] {
  const lines: KpiLine[] = [];
  const replies = figures['KPI-1'];
  if (replies) {
    requireCount('KPI-1 sampled', replies.sampled);
    requireCountUpTo('KPI-1 validatedInTime', replies.validatedInTime, replies.sampled);
    lines.push(line('KPI-1', replies.validatedInTime, replies.sampled, policy.repliedInTimeTarget, policy));
  }
  const quality = figures['KPI-2'];
  if (quality) {
    requireCount('KPI-2 sampled', quality.sampled);
    requireCountUpTo('KPI-2 fastAndRepresentative', quality.fastAndRepresentative, quality.sampled);
    lines.push(
      line(
        'KPI-2',
        quality.fastAndRepresentative,
        quality.sampled,
        policy.fastAndRepresentativeTarget,
        policy,
      ),
    );
  }
  const revenue = figures['KPI-3'];
  if (revenue) {
    requireFinite('KPI-3 revenue', revenue.revenue);
    requireFinite('KPI-3 previousRevenue', revenue.previousRevenue);
    const growth = revenueGrowth(revenue.revenue, revenue.previousRevenue);
    lines.push(
      line(
        'KPI-3',
        revenue.revenue - revenue.previousRevenue,
        revenue.previousRevenue,
        policy.revenueGrowthTarget,
        policy,
        growth,
      ),
    );
  }
  const customers = figures['KPI-4'];
  if (customers) {
    requireCount('KPI-4 newCustomers', customers.newCustomers);
    lines.push(line('KPI-4', customers.newCustomers, policy.newCustomersPerYear / 4, 1, policy));
  }
  const followUps = figures['KPI-5'];
  if (followUps) {
    requireCount('KPI-5 customersFollowedUp', followUps.customersFollowedUp);
    lines.push(line('KPI-5', followUps.customersFollowedUp, policy.followUpsPerMonth, 1, policy));
  }
  const conversion = figures['KPI-6'];
  if (conversion) {
    requireCount('KPI-6 followedUp', conversion.followedUp);
    requireCountUpTo('KPI-6 reordered', conversion.reordered, conversion.followedUp);
    lines.push(
      line('KPI-6', conversion.reordered, conversion.followedUp, policy.reorderConversionTarget, policy),
    );
  }
  return lines;
}

/** The total of some lines, out of their weights' sum, and the KPIs to review. */
export function scorecard(lines: readonly KpiLine[]): Scorecard {
  const seen = new Set<KpiId>();
  for (const kpiLine of lines) {
    if (seen.has(kpiLine.kpi))
      throw new RangeError(`Expected each KPI once in a scorecard, got ${kpiLine.kpi} twice`);
    seen.add(kpiLine.kpi);
  }
  const ordered = [...lines].sort((a, b) => KPI_IDS.indexOf(a.kpi) - KPI_IDS.indexOf(b.kpi));
  const total = round(
    ordered.reduce((sum, kpiLine) => sum + kpiLine.score, 0),
    2,
  );
  const maxTotal = ordered.reduce((sum, kpiLine) => sum + kpiLine.weight, 0);
  return {
    lines: ordered,
    total,
    maxTotal,
    share: maxTotal === 0 ? 0 : round(total / maxTotal, 4),
    reviews: ordered.filter((kpiLine) => kpiLine.review).map((kpiLine) => kpiLine.kpi),
  };
}

export function scorecardOf(figures: KpiFigures, policy: KpiPolicy): Scorecard {
  return scorecard(scoreLines(figures, policy));
}

/**
 * A quarter's line of a monthly KPI (KPI-5, KPI-6) from its months' lines, for the quarterly
 * total out of 70. The seed scores them per month ("Dalam satu bulan … minimal 15 customer"),
 * so each month is scored on its own and the quarter earns the mean of the months' attainments:
 * 45 follow-ups in one month and none in the next two is a third of the weight, not all of it.
 * The quarter's numerator and denominator are the months' sums (shown; achievement their ratio);
 * met only when every month met, not measurable only when no month was.
 */
export function quarterFromMonths(months: readonly KpiLine[]): KpiLine {
  const [first] = months;
  if (!first) throw new RangeError('Expected at least one month line');
  const other = months.find(
    (month) => month.kpi !== first.kpi || month.weight !== first.weight || month.target !== first.target,
  );
  if (other) {
    throw new RangeError(
      `Expected month lines of one KPI with one weight and target, got ${first.kpi} and ${other.kpi}`,
    );
  }
  const numerator = months.reduce((sum, month) => sum + month.numerator, 0);
  const denominator = months.reduce((sum, month) => sum + month.denominator, 0);
  const attainment = months.reduce((sum, month) => sum + month.attainment, 0) / months.length;
  const status: KpiStatus = months.every((month) => month.status === 'met')
    ? 'met'
    : months.every((month) => month.status === 'not-measurable')
      ? 'not-measurable'
      : 'below';
  return {
    kpi: first.kpi,
    weight: first.weight,
    numerator,
    denominator,
    achievement: denominator > 0 ? numerator / denominator : null,
    target: first.target,
    attainment,
    score: round(first.weight * attainment, 2),
    status,
    review: status !== 'met',
  };
}

/** (revenue − previous) / previous; null when the previous quarter had no revenue (0 or less): growth cannot be measured. */
export function revenueGrowth(revenue: number, previousRevenue: number): number | null {
  return previousRevenue > 0 ? (revenue - previousRevenue) / previousRevenue : null;
}

/** Float noise (0.1 + 0.2) must not turn a met target into a miss. */
const EPSILON = 1e-9;

function line(
  kpi: KpiId,
  numerator: number,
  denominator: number,
  target: number,
  policy: KpiPolicy,
  achievementOverride?: number | null,
): KpiLine {
  const weight = policy.weights[kpi];
  const achievement =
    achievementOverride !== undefined
      ? achievementOverride
      : denominator > 0
        ? numerator / denominator
        : null;
  if (achievement === null) {
    return {
      kpi,
      weight,
      numerator,
      denominator,
      achievement,
      target,
      attainment: 0,
      score: 0,
      status: 'not-measurable',
      review: true,
    };
  }
  const met = achievement >= target - EPSILON;
  const attainment = met ? 1 : Math.max(0, achievement / target);
  return {
    kpi,
    weight,
    numerator,
    denominator,
    achievement,
    target,
    attainment,
    score: round(weight * attainment, 2),
    status: met ? 'met' : 'below',
    review: !met,
  };
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round((value + Number.EPSILON) * factor) / factor;
}

function requireCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`Expected ${name} to be a count >= 0, got ${value}`);
}

function requireCountUpTo(name: string, value: number, most: number): void {
  requireCount(name, value);
  if (value > most) throw new RangeError(`Expected ${name} to be at most ${most}, got ${value}`);
}

function requireFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`Expected ${name} to be a finite number, got ${value}`);
}

function requireAtLeast(name: string, value: number, least: number): void {
  if (!Number.isFinite(value) || value < least)
    throw new RangeError(`Expected ${name} to be >= ${least}, got ${value}`);
}

function requirePositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`Expected ${name} to be > 0, got ${value}`);
}

function requireShare(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0 || value > 1) {
    throw new RangeError(`Expected ${name} to be a share in (0, 1], got ${value}`);
  }
}
