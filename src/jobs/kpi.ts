import { randomInt } from 'node:crypto';
import type { Config } from '../../config/schema.js';
import type {
  CardActivityKind,
  CardWrite,
  KpiStore,
  NewCardActivity,
  NewSample,
  RevenueSource,
  StoredCard,
  StoredSample,
} from '../connectors/odoo/kpi-store.js';
import type { Logger } from '../logging/logger.js';
import { addDays } from '../rules/day-count.js';
import { MONDAY_TO_SATURDAY_HOURS, workCalendarOf } from '../rules/followup/calendar.js';
import { escapeHtml } from '../rules/html.js';
import { AUDIT_WEEK_DAYS, assessmentOf } from '../rules/kpi/audit-calendar.js';
import {
  type AnsweredMessage,
  answeredMessages,
  newCustomers,
  receivedWithin,
  reorderCounts,
  replyCounts,
  revenueOf,
  type Transaction,
} from '../rules/kpi/facts.js';
import { monthsOf, type Period, periodSpan, previousQuarter, quarterOf } from '../rules/kpi/periods.js';
import { auditSample } from '../rules/kpi/sample.js';
import { type KpiPolicy, kpiPolicy } from '../rules/kpi/score.js';
import {
  type CardPlan,
  cardKey,
  monthCard,
  quarterCard,
  reviewAdvice,
  reviewLines,
  type SampleDecision,
  sampleKey,
  totalLine,
} from '../rules/kpi/scorecards.js';
import { localDate } from '../rules/local-time.js';
import { calendarZone, workingTime } from '../rules/working-time.js';

export interface KpiRequest {
  now: number;
  timeZone: string;
  policy: KpiPolicy;
  /** KPI-2's "waktu tercepat" in working hours; null: within 1×24 jam, as KPI-1. */
  fastReplyWorkingHours: number | null;
  /** KPI-6: days after a follow-up within which an order counts as the re-order. */
  reorderWindowDays: number;
  revenueSource: 'auto' | RevenueSource;
  /** A fresh random seed for a card's sample (an unsigned 32-bit integer), drawn once and stored with it. */
  drawSeed: (cardKey: string) => number;
}

/**
 * The store as it reads, writing nothing: `kpi --dry-run` computes and reports what a run would
 * write (new cards get ids below zero, which no write ever reaches).
 */
export function dryRunKpiStore(store: KpiStore): KpiStore {
  let fakeId = 0;
  return {
    officers: () => store.officers(),
    reviewers: () => store.reviewers(),
    calendar: (from, to) => store.calendar(from, to),
    salesSources: () => store.salesSources(),
    revenueSource: (preferred, from) => store.revenueSource(preferred, from),
    messages: (since) => store.messages(since),
    sales: (source, from, to) => store.sales(source, from, to),
    visits: (from, to) => store.visits(from, to),
    customersBefore: (partnerIds, date, options) => store.customersBefore(partnerIds, date, options),
    reorderFollowUps: (since, officers) => store.reorderFollowUps(since, officers),
    cards: (keys) => store.cards(keys),
    samples: (cardIds) => store.samples(cardIds),
    messageTexts: async () => new Map(),
    writeCards: async (rows, existing) => {
      const ids = new Map([...existing].map(([key, card]) => [key, card.id]));
      for (const row of rows) if (!ids.has(row.key)) ids.set(row.key, --fakeId);
      return { ids, written: rows.length };
    },
    createSamples: async () => {},
    cardActivities: async () => [],
    createActivities: async () => {},
    markRequested: async () => {},
  };
}

/** The job's request from the config: the dealer's targets and weights, a random seed per sample. */
export function kpiRequestOf(config: Pick<Config, 'kpi' | 'odoo'>, now: number): KpiRequest {
  const { kpi } = config;
  return {
    now,
    timeZone: config.odoo.tz,
    policy: kpiPolicy({
      weights: kpi.weights,
      repliedInTimeTarget: kpi.repliedInTimeTarget,
      fastAndRepresentativeTarget: kpi.fastAndRepresentativeTarget,
      revenueGrowthTarget: kpi.revenueGrowthTarget,
      newCustomersPerYear: kpi.newCustomersPerYear,
      followUpsPerMonth: kpi.followUpsPerMonth,
      reorderConversionTarget: kpi.reorderConversionTarget,
    }),
    fastReplyWorkingHours: kpi.fastReplyWorkingHours,
    reorderWindowDays: kpi.reorderWindowDays,
    revenueSource: kpi.revenueSource,
    // An audit sample nobody can foresee: the seed is stored with it, so it can be reproduced.
    drawSeed: () => randomInt(0, 2 ** 32 - 1),
  };
}

export interface KpiCardSummary {
  key: string;
  officer: string;
  state: string;
  total: number;
  maxTotal: number;
  share: number;
  reviews: string[];
}

export interface KpiReport {
  officers: number;
  revenueSource: RevenueSource | null;
  /** The periods computed: the quarter before and this quarter, and their months so far. */
  periods: string[];
  messages: number;
  cardsWritten: number;
  samplesCreated: number;
  validationsAsked: number;
  reviewsAsked: number;
  cards: KpiCardSummary[];
  /** Why something was left undone (no officer, no reviewer). */
  notes: string[];
}

/** How far past today the calendar is read: 1×24 jam after a long closure must still be found. */
const CALENDAR_AHEAD_DAYS = 45;

/**
 * The KPI scorecard job (seed 003): every day, each Customer Relations Officer's cards for the
 * quarter before and this quarter (and their months) are recomputed from Odoo; when a period's
 * audit is due (the first working day of its audit week), its sample is drawn once and stored,
 * and the Head of Marketing gets an activity to validate; a card assessed below target gets a
 * review activity with its figures. Every write is keyed (card by officer and period, sample by
 * card and message, activities marked on their card): a re-run changes nothing.
 */
export async function runKpi(store: KpiStore, logger: Logger, request: KpiRequest): Promise<KpiReport> {
  const report: KpiReport = {
    officers: 0,
    revenueSource: null,
    periods: [],
    messages: 0,
    cardsWritten: 0,
    samplesCreated: 0,
    validationsAsked: 0,
    reviewsAsked: 0,
    cards: [],
    notes: [],
  };
  const officers = await store.officers();
  report.officers = officers.length;
  if (officers.length === 0) {
    report.notes.push('no user is in the Customer Relations Officer group: no scorecard to compute');
    return report;
  }
  const officerIds = new Set(officers.map((officer) => officer.id));
  const nameOf = new Map(officers.map((officer) => [officer.id, officer.name]));
  const today = localDate(new Date(request.now), request.timeZone);
  const current = quarterOf(today);
  const previous = previousQuarter(current);
  const quarters = [previous, current];
  const months = quarters.flatMap(monthsOf).filter((month) => month.from <= today);
  report.periods = [...quarters, ...months].map((period) => period.key);

  const calendar = await store.calendar(addDays(previous.from, -1), addDays(today, CALENDAR_AHEAD_DAYS));
  const timeZone = calendarZone(calendar.timeZone, request.timeZone);
  const time = workingTime({
    timeZone,
    attendance: calendar.attendance.length > 0 ? calendar.attendance : MONDAY_TO_SATURDAY_HOURS,
    closed: calendar.closed,
    worksCutiBersama: false,
  });
  const workDays = workCalendarOf(calendar, { worksCutiBersama: false, timeZone });
  const assessment = (period: Period) => assessmentOf(period, workDays, request.reorderWindowDays);
  const due = (period: Period): boolean => today >= assessment(period).dueOn;

  // Messages and replies.
  const span = periodSpan(previous, timeZone);
  const read = await store.messages(span.from);
  const threads = new Map(read.threads.map((thread) => [thread.key, thread]));
  const answered = answeredMessages(
    read.messages,
    threads,
    officerIds,
    time,
    request.now,
    request.fastReplyWorkingHours,
  );
  report.messages = answered.length;

  // Sales and visits: revenue from one source; new customers and re-orders from every one.
  const beforePrevious = previousQuarter(previous);
  const source = await store.revenueSource(request.revenueSource, beforePrevious.from);
  report.revenueSource = source;
  const salesBySource = new Map<RevenueSource, Transaction[]>();
  for (const available of await store.salesSources()) {
    salesBySource.set(available, await store.sales(available, beforePrevious.from, today));
  }
  const revenueSales = salesBySource.get(source) ?? [];
  const sales = [...salesBySource.values()].flat();
  const visits = await store.visits(previous.from, today);
  const transactions: Transaction[] = [...sales, ...visits];
  const recent = transactions.filter((sale) => sale.date >= previous.from);
  const hadBefore = await store.customersBefore(
    recent.map((sale) => sale.partnerId),
    previous.from,
    { visits: true },
  );

  // Re-order follow-ups, by month.
  const followUps = await store.reorderFollowUps(span.from, officerIds);
  const boughtBefore = await store.customersBefore(
    followUps.map((followUp) => followUp.partnerId),
    beforePrevious.from,
    { visits: false },
  );
  const monthPlans = new Map<string, CardPlan[]>();
  const plans: CardPlan[] = [];
  for (const month of months) {
    const counts = reorderCounts(followUps, sales, boughtBefore, month, request.reorderWindowDays);
    for (const officer of officers) {
      const line = counts.get(officer.id) ?? { followedUp: 0, reordered: 0 };
      const plan = monthCard(
        {
          officerId: officer.id,
          month,
          followedUp: line.followedUp,
          reordered: line.reordered,
          auditDue: due(month),
        },
        request.policy,
      );
      plans.push(plan);
      const quarter = quarterOf(month.from).key;
      monthPlans.set(`${officer.id}:${quarter}`, [
        ...(monthPlans.get(`${officer.id}:${quarter}`) ?? []),
        plan,
      ]);
    }
  }

  // Quarters: the stored cards and samples first (a drawn sample is never drawn again).
  const quarterKeys = quarters.flatMap((quarter) => [
    ...officers.map((officer) => cardKey(officer.id, quarter)),
    cardKey(null, quarter),
  ]);
  const stored = new Map(
    (await store.cards([...quarterKeys, ...plans.map((plan) => plan.key)])).map((card) => [card.key, card]),
  );
  const storedSamples = await store.samples([...stored.values()].map((card) => card.id));
  const samplesOf = new Map<number, StoredSample[]>();
  for (const sample of storedSamples)
    samplesOf.set(sample.cardId, [...(samplesOf.get(sample.cardId) ?? []), sample]);
  const byKey = new Map(answered.map((message) => [message.key, message]));
  const writes = new Map<string, CardWrite>();
  const wantedSamples: Array<{
    card: string;
    officerId: number;
    position: number;
    message: AnsweredMessage;
  }> = [];

  for (const quarter of quarters) {
    const quarterSpan = periodSpan(quarter, timeZone);
    const inQuarter = receivedWithin(answered, quarterSpan);
    const replies = replyCounts(inQuarter);
    const revenue = revenueOf(revenueSales, quarter);
    const before = revenueOf(revenueSales, previousQuarter(quarter));
    const fresh = newCustomers(transactions, quarter, hadBefore);
    const audited = quarter.to < today && due(quarter);
    // The sample's population per officer: every message of theirs received in the quarter
    // (one of its last day may still be within 1×24 jam when the sample is drawn at 07:15).
    const countedOf = new Map<number, AnsweredMessage[]>();
    for (const message of inQuarter) {
      if (message.officerId === null) continue;
      const own = countedOf.get(message.officerId) ?? [];
      own.push(message);
      countedOf.set(message.officerId, own);
    }
    for (const officerId of [...officers.map((officer) => officer.id), null]) {
      const key = cardKey(officerId, quarter);
      const card = stored.get(key);
      let sample: CardWrite['sample'] = null;
      let decisions: SampleDecision[] | null = null;
      if (audited && officerId !== null) {
        const picked = picksOf(key, card, countedOf.get(officerId) ?? [], request.drawSeed);
        sample = picked.sample;
        const have = new Map((card ? (samplesOf.get(card.id) ?? []) : []).map((s) => [s.key, s]));
        decisions = [];
        picked.sample.picks.forEach((messageKey, index) => {
          const existing = have.get(sampleKey(key, messageKey));
          if (existing) {
            decisions?.push(existing);
            return;
          }
          const message = byKey.get(messageKey);
          if (!message) {
            logger.warn(
              { card: key, message: messageKey },
              'a sampled message is no longer in Odoo; left out',
            );
            return;
          }
          wantedSamples.push({
            card: key,
            officerId,
            position: picked.positions[index] ?? index + 1,
            message,
          });
          decisions?.push({
            withinOneDay: message.withinOneDay,
            fast: message.fast,
            validation: 'pending',
            representative: false,
          });
        });
        // A stored sample keeps its seed and picks: only a missing one is written.
        if (card?.samplePicks) sample = null;
      } else if (audited) {
        decisions = [];
      }
      const officerRevenue = revenue.get(officerId) ?? { revenue: 0, local: 0, export: 0 };
      // The seed's new-customer target is an officer's: the team's is theirs together.
      const policy =
        officerId === null
          ? { ...request.policy, newCustomersPerYear: request.policy.newCustomersPerYear * officers.length }
          : request.policy;
      const plan = quarterCard(
        {
          officerId,
          quarter,
          samples: decisions,
          revenue: officerRevenue,
          previousRevenue: before.get(officerId)?.revenue ?? 0,
          newCustomers: fresh.get(officerId) ?? 0,
          months: officerId === null ? [] : (monthPlans.get(`${officerId}:${quarter.key}`) ?? []),
        },
        policy,
      );
      const counts = replies.get(officerId) ?? { messages: 0, repliedInTime: 0 };
      writes.set(key, {
        ...writeOf(plan, request.now),
        messages: counts.messages,
        repliedInTime: counts.repliedInTime,
        revenue: {
          revenue: officerRevenue.revenue,
          previous: before.get(officerId)?.revenue ?? 0,
          local: officerRevenue.local,
          export: officerRevenue.export,
          source,
        },
        sample,
      });
      plans.push(plan);
    }
  }
  for (const plan of plans) if (!writes.has(plan.key)) writes.set(plan.key, writeOf(plan, request.now));

  const { ids, written } = await store.writeCards([...writes.values()], stored);
  report.cardsWritten = written;

  if (wantedSamples.length > 0) {
    const texts = await store.messageTexts(
      wantedSamples.flatMap((item) => [
        item.message.key,
        ...(item.message.replyKey ? [item.message.replyKey] : []),
      ]),
    );
    const rows: NewSample[] = wantedSamples.flatMap((item) => {
      const cardId = ids.get(item.card);
      if (cardId === undefined) return [];
      const { message } = item;
      return [
        {
          cardId,
          key: sampleKey(item.card, message.key),
          officerId: item.officerId,
          position: item.position,
          channel: message.channel,
          partnerId: message.partnerId,
          thread: message.thread,
          message: texts.get(message.key) ?? '',
          reply: message.replyKey ? (texts.get(message.replyKey) ?? '') : '',
          receivedAt: message.receivedAt,
          repliedAt: message.repliedAt,
          dueAt: message.dueAt,
          workingHours: message.workingHours,
          withinOneDay: message.withinOneDay,
          fast: message.fast,
        },
      ];
    });
    await store.createSamples(rows);
    report.samplesCreated = rows.length;
  }

  await askForActivities(store, request, plans, stored, ids, writes, nameOf, assessment, report);
  logger.info(
    {
      officers: report.officers,
      messages: report.messages,
      revenueSource: source,
      cards: writes.size,
      cardsWritten: report.cardsWritten,
      samplesCreated: report.samplesCreated,
      validationsAsked: report.validationsAsked,
      reviewsAsked: report.reviewsAsked,
    },
    'kpi scorecards computed',
  );
  report.cards = plans
    .filter((plan) => plan.period.kind === 'quarter')
    .map((plan) => ({
      key: plan.key,
      officer: plan.officerId === null ? 'Tim' : (nameOf.get(plan.officerId) ?? String(plan.officerId)),
      state: plan.state,
      total: plan.card.total,
      maxTotal: plan.card.maxTotal,
      share: plan.card.share,
      reviews: plan.card.reviews,
    }));
  return report;
}

/** The card's stored sample, or a new one drawn from the officer's counted messages of the quarter. */
function picksOf(
  key: string,
  card: StoredCard | undefined,
  population: readonly AnsweredMessage[],
  drawSeed: (cardKey: string) => number,
): { sample: NonNullable<CardWrite['sample']>; positions: number[] } {
  const seed = card?.sampleSeed ?? drawSeed(key);
  const drawn = auditSample(
    population.map((message) => ({ key: message.key, at: message.receivedAt })),
    seed,
  );
  const picks = card?.samplePicks ?? drawn.picks.map((pick) => pick.key);
  const positionOf = new Map(drawn.picks.map((pick) => [pick.key, pick.position]));
  return {
    sample: {
      seed,
      method: drawn.method,
      population: drawn.population,
      interval: drawn.interval,
      start: drawn.start,
      picks,
    },
    positions: picks.map((key, index) => positionOf.get(key) ?? index + 1),
  };
}

function writeOf(plan: CardPlan, now: number): CardWrite {
  return {
    key: plan.key,
    officerId: plan.officerId,
    period: plan.period,
    state: plan.state,
    lines: plan.card.lines,
    total: plan.card.total,
    maxTotal: plan.card.maxTotal,
    share: plan.card.share,
    reviews: plan.card.reviews,
    messages: null,
    repliedInTime: null,
    revenue: null,
    sample: null,
    computedAt: now,
  };
}

async function askForActivities(
  store: KpiStore,
  request: KpiRequest,
  plans: readonly CardPlan[],
  stored: ReadonlyMap<string, StoredCard>,
  ids: ReadonlyMap<string, number>,
  writes: ReadonlyMap<string, CardWrite>,
  nameOf: ReadonlyMap<number, string>,
  assessment: (period: Period) => { dueOn: string; windowEnds: string },
  report: KpiReport,
): Promise<void> {
  const today = localDate(new Date(request.now), request.timeZone);
  const wanted: Array<{ plan: CardPlan; kind: CardActivityKind }> = [];
  for (const plan of plans) {
    if (plan.officerId === null) continue;
    const card = stored.get(plan.key);
    const sampled =
      (writes.get(plan.key)?.sample?.picks.length ?? 0) > 0 || (card?.samplePicks?.length ?? 0) > 0;
    // A validation is asked whenever a sample waits (only the quarter before is ever audited: a
    // daemon down in the audit week asks late). A review is asked in its assessment week, or
    // after a validation that was asked for, whenever that ends: a bridge installed later does
    // not flood the Head of Marketing with reviews of past months.
    const inWeek = today <= assessment(plan.period).windowEnds;
    if (plan.state === 'validating' && sampled && !card?.validationRequested) {
      wanted.push({ plan, kind: 'validation' });
    }
    if (
      plan.state === 'done' &&
      plan.card.reviews.length > 0 &&
      (inWeek || card?.validationRequested) &&
      !card?.reviewRequested
    ) {
      wanted.push({ plan, kind: 'review' });
    }
  }
  if (wanted.length === 0) return;
  const reviewers = await store.reviewers();
  const reviewer = reviewers[0];
  if (reviewer === undefined) {
    report.notes.push(
      'no user is in the Head of Marketing group (nor PIC CRM): the audit activities wait until one is',
    );
    return;
  }
  const cardIds = wanted.flatMap(({ plan }) => ids.get(plan.key) ?? []);
  const existing = new Set((await store.cardActivities(cardIds)).map((a) => `${a.cardId}:${a.kind}`));
  const create: NewCardActivity[] = [];
  const mark: Array<{ id: number; kind: CardActivityKind }> = [];
  for (const { plan, kind } of wanted) {
    const id = ids.get(plan.key);
    if (id === undefined) continue;
    mark.push({ id, kind });
    if (existing.has(`${id}:${kind}`)) continue;
    const officer = nameOf.get(plan.officerId ?? -1) ?? '';
    const { windowEnds } = assessment(plan.period);
    const deadline = windowEnds > today ? windowEnds : addDays(today, AUDIT_WEEK_DAYS - 1);
    if (kind === 'validation') {
      create.push({
        cardId: id,
        kind,
        userId: reviewer,
        summary: `Validasi sampel KPI ${officer} ${plan.period.key}`,
        note: `<p>Periksa setiap pesan sampel beserta balasannya: pilih <b>Disetujui</b> atau <b>Ditolak</b> (dengan catatan) dan centang <b>Representatif</b> bila sesuai standar perusahaan.</p><p>KPI-1 dan KPI-2 dihitung dari sampel yang disetujui.</p>`,
        deadline,
      });
    } else {
      const lines = reviewLines(plan.card);
      create.push({
        cardId: id,
        kind,
        userId: reviewer,
        summary: `Review KPI ${officer} ${plan.period.key}: ${plan.card.reviews.join(', ')}`,
        note: `<p>${escapeHtml(totalLine(plan.card))}</p><ul>${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>${reviewAdvice(
          plan.card.reviews,
        )
          .map((advice) => `<p>${escapeHtml(advice)}</p>`)
          .join('')}`,
        deadline,
      });
    }
  }
  await store.createActivities(create);
  await store.markRequested(mark);
  report.validationsAsked = create.filter((row) => row.kind === 'validation').length;
  report.reviewsAsked = create.filter((row) => row.kind === 'review').length;
}
