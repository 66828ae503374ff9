import { describe, expect, it } from 'vitest';
import {
  AUDIT_DAY,
  DAY_BEFORE_AUDIT,
  decision,
  EXPECTED_BEFORE_VALIDATION,
  EXPECTED_VALIDATED,
  type ExpectedCard,
  KPI_TZ,
  OFFICER_NAMES,
  type OfficerName,
  SCENARIO_FOLLOW_UPS,
  SCENARIO_MESSAGES,
  SCENARIO_ORDERS,
  SCENARIO_POLICY,
  SCENARIO_SALES,
  SCENARIO_VISITS,
  wib,
} from '../../test/support/kpi-scenario.js';
import { type MemoryCard, MemoryKpiStore } from '../../test/support/memory-kpi-store.js';
import { silentLogger } from '../logging/logger.js';
import { kpiPolicy } from '../rules/kpi/score.js';
import { localDate } from '../rules/local-time.js';
import { dryRunKpiStore, type KpiRequest, runKpi } from './kpi.js';

const OFFICER_ID: Record<OfficerName, number> = { A: 11, B: 12, C: 13 };
const HEAD_OF_MARKETING = 90;

function request(now: number, overrides: Partial<KpiRequest> = {}): KpiRequest {
  return {
    now,
    timeZone: KPI_TZ,
    policy: kpiPolicy({ reorderConversionTarget: SCENARIO_POLICY.reorderConversionTarget }),
    fastReplyWorkingHours: null,
    reorderWindowDays: SCENARIO_POLICY.reorderWindowDays,
    revenueSource: 'auto',
    // Deterministic per card, so a killed run and its re-run draw what one run draws.
    drawSeed: (cardKey) => [...cardKey].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) >>> 0, 7),
    ...overrides,
  };
}

/** The scenario as rows of the memory store: one partner per customer, a thread per partner. */
function scenarioStore(killSwitch?: { writesLeft: number }): MemoryKpiStore {
  const store = new MemoryKpiStore(killSwitch);
  store.officerRows = OFFICER_NAMES.map((name) => ({ id: OFFICER_ID[name], name: `Officer ${name}` }));
  store.reviewerIds = [HEAD_OF_MARKETING];
  const partners = new Map<string, number>();
  const partnerOf = (customer: string): number => {
    if (!partners.has(customer)) partners.set(customer, 1000 + partners.size);
    return partners.get(customer) as number;
  };
  let id = 1;
  for (const message of SCENARIO_MESSAGES) {
    const partnerId = partnerOf(message.customer);
    const thread = `res.partner,${partnerId}`;
    store.threadRows.push({ key: thread, ownerUserId: OFFICER_ID[message.officer], partnerId });
    const key = `mail:${id++}`;
    store.messageRows.push({
      key,
      channel: 'email',
      thread,
      at: wib(message.received),
      direction: 'inbound',
      authorUserId: null,
    });
    store.texts.set(key, `Pertanyaan dari ${message.customer}`);
    if (message.replied) {
      const reply = `mail:${id++}`;
      store.messageRows.push({
        key: reply,
        channel: 'email',
        thread,
        at: wib(message.replied),
        direction: 'outbound',
        authorUserId: OFFICER_ID[message.officer],
      });
      store.texts.set(reply, 'Terima kasih, berikut jawabannya');
    }
  }
  for (const sale of SCENARIO_SALES) {
    store.saleRows.push({
      source: 'invoice',
      partnerId: partnerOf(sale.customer),
      userId: sale.officer ? OFFICER_ID[sale.officer] : null,
      date: sale.date,
      amount: sale.amount,
      export: sale.country === 'SG',
    });
  }
  for (const order of SCENARIO_ORDERS) {
    store.orderRows.push({
      source: 'order',
      partnerId: partnerOf(order.customer),
      userId: order.officer ? OFFICER_ID[order.officer] : null,
      date: order.date,
      amount: order.amount,
      export: false,
    });
  }
  for (const visit of SCENARIO_VISITS) {
    store.visitRows.push({
      source: 'visit',
      partnerId: partnerOf(visit.customer),
      userId: null,
      date: visit.date,
      amount: 0,
      export: false,
    });
  }
  SCENARIO_FOLLOW_UPS.forEach((followUp, index) => {
    store.followUpRows.push({
      key: `mail:f${index}`,
      officerId: OFFICER_ID[followUp.officer],
      partnerId: partnerOf(followUp.customer),
      date: localDate(new Date(wib(followUp.done)), KPI_TZ),
    });
  });
  return store;
}

function card(store: MemoryKpiStore, key: string): MemoryCard {
  const found = store.cardRows.get(key);
  if (!found) throw new Error(`no card ${key}`);
  return found;
}

function expectCard(found: MemoryCard, expected: Partial<ExpectedCard>): void {
  for (const [kpi, line] of Object.entries(expected)) {
    if (typeof line === 'number') continue;
    const stored = found.lines.find((item) => item.kpi === kpi);
    expect(stored, `${found.key} ${kpi}`).toBeDefined();
    expect(
      {
        numerator: Math.round((stored?.numerator ?? 0) * 100) / 100,
        denominator: Math.round((stored?.denominator ?? 0) * 100) / 100,
        achievement:
          stored?.achievement === null ? null : Math.round((stored?.achievement ?? 0) * 10000) / 100,
        score: stored?.score,
      },
      `${found.key} ${kpi}`,
    ).toEqual(line);
  }
  if (expected.total !== undefined) expect(found.total, `${found.key} total`).toBe(expected.total);
  if (expected.maxTotal !== undefined) expect(found.maxTotal, `${found.key} max`).toBe(expected.maxTotal);
}

const key = (name: OfficerName | 'team', period = '2026-Q3'): string =>
  `${name === 'team' ? 'team' : OFFICER_ID[name]}:${period}`;

function validateAll(store: MemoryKpiStore): void {
  for (const name of ['A', 'B'] as const) {
    store.validate(key(name), (sample, index) => decision(name, sample, index));
  }
}

describe('the KPI job on a quarter of three officers (issue 16)', () => {
  it('the day before the audit: the quarter is computed, nothing is sampled or asked', async () => {
    const store = scenarioStore();
    const report = await runKpi(store, silentLogger(), request(DAY_BEFORE_AUDIT));
    expect(report.periods).toEqual([
      '2026-Q2',
      '2026-Q3',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
    ]);
    expect(report.samplesCreated).toBe(0);
    expect(store.activityRows).toEqual([]);
    expect(card(store, key('A')).state).toBe('open');
    expect(card(store, key('A')).messages).toBe(14);
    expect(card(store, key('A')).repliedInTime).toBe(14);
    expect(card(store, key('B')).messages).toBe(5);
    expect(card(store, key('B')).repliedInTime).toBe(3);
    expectCard(card(store, key('team')), EXPECTED_VALIDATED.team);
  });

  it('on the audit day: samples of 10 and of all 5, a validation activity each, due by the 7th; once', async () => {
    const store = scenarioStore();
    await runKpi(store, silentLogger(), request(DAY_BEFORE_AUDIT));
    const report = await runKpi(store, silentLogger(), request(AUDIT_DAY));
    expect(report.samplesCreated).toBe(15);
    const a = card(store, key('A'));
    expect(a.state).toBe('validating');
    expect(a.storedSample).toMatchObject({ method: 'simple-random', population: 14 });
    expect(a.storedSample?.picks).toHaveLength(10);
    expect(card(store, key('B')).storedSample).toMatchObject({ method: 'all', population: 5 });
    expectCard(a, EXPECTED_BEFORE_VALIDATION.A);
    expectCard(card(store, key('B')), EXPECTED_BEFORE_VALIDATION.B);
    const validations = store.activityRows.filter((row) => row.kind === 'validation');
    expect(validations.map((row) => [row.cardId, row.userId, row.deadline])).toEqual([
      [a.id, HEAD_OF_MARKETING, '2026-10-07'],
      [card(store, key('B')).id, HEAD_OF_MARKETING, '2026-10-07'],
    ]);
    // C has no message: nothing to validate, and a review at once (KPI-1 and KPI-2 not measurable).
    const reviews = store.activityRows.filter((row) => row.kind === 'review');
    expect(reviews.map((row) => row.summary)).toContain(
      `Review KPI Officer C 2026-Q3: KPI-1, KPI-2, KPI-3, KPI-4, KPI-5, KPI-6`,
    );
    // August is assessed today (its last follow-ups' 30-day re-order window has closed);
    // September not before 31 October.
    expect(reviews.map((row) => row.summary)).toContain('Review KPI Officer A 2026-08: KPI-5, KPI-6');
    expect(reviews.map((row) => row.summary)).not.toContain('Review KPI Officer A 2026-09: KPI-5, KPI-6');

    const writes = store.writes;
    const again = await runKpi(store, silentLogger(), request(AUDIT_DAY + 3_600_000));
    expect(again.samplesCreated).toBe(0);
    expect(again.validationsAsked + again.reviewsAsked).toBe(0);
    expect(store.writes).toBe(writes);
  });

  it('the Head of Marketing’s validations set KPI-1 and KPI-2, then below-target KPIs get a review with figures', async () => {
    const store = scenarioStore();
    await runKpi(store, silentLogger(), request(AUDIT_DAY));
    validateAll(store);
    await runKpi(store, silentLogger(), request(AUDIT_DAY + 86_400_000));
    for (const name of [...OFFICER_NAMES, 'team'] as const) {
      expectCard(card(store, key(name)), EXPECTED_VALIDATED[name]);
    }
    expect(card(store, key('A')).state).toBe('done');
    const reviewOfA = store.activityRows.find(
      (row) => row.kind === 'review' && row.cardId === card(store, key('A')).id,
    );
    expect(reviewOfA?.summary).toBe('Review KPI Officer A 2026-Q3: KPI-2, KPI-4, KPI-5, KPI-6');
    expect(reviewOfA?.note).toContain('KPI-2: 80% (target 90%), skor 4,44 dari 5');
    expect(reviewOfA?.note).toContain('KPI-1/KPI-2: review dan perbaikan sistem komunikasi');
    expect(reviewOfA?.note).toContain('KPI-5/KPI-6: review daftar customer');
    const writes = store.writes;
    await runKpi(store, silentLogger(), request(AUDIT_DAY + 86_400_000));
    expect(store.writes).toBe(writes);
  });

  it('a stricter fast limit lowers KPI-2 only', async () => {
    const store = scenarioStore();
    await runKpi(store, silentLogger(), request(AUDIT_DAY, { fastReplyWorkingHours: 3 }));
    validateAll(store);
    await runKpi(store, silentLogger(), request(AUDIT_DAY + 86_400_000, { fastReplyWorkingHours: 3 }));
    const b = card(store, key('B'));
    expect(b.lines.find((line) => line.kpi === 'KPI-1')?.numerator).toBe(3);
    // B-pelanggan-3 took 5 working hours: within 1×24 jam, not within 3.
    expect(b.lines.find((line) => line.kpi === 'KPI-2')?.numerator).toBe(2);
  });

  it('without a Head of Marketing, nothing is asked and the report says why', async () => {
    const store = scenarioStore();
    store.reviewerIds = [];
    const report = await runKpi(store, silentLogger(), request(AUDIT_DAY));
    expect(store.activityRows).toEqual([]);
    expect(report.notes.join(' ')).toMatch(/Head of Marketing/);
    store.reviewerIds = [HEAD_OF_MARKETING];
    await runKpi(store, silentLogger(), request(AUDIT_DAY + 60_000));
    expect(store.activityRows.filter((row) => row.kind === 'validation')).toHaveLength(2);
  });

  it('a dry run writes nothing and reports what a run would write', async () => {
    const store = scenarioStore();
    const dry = await runKpi(dryRunKpiStore(store), silentLogger(), request(AUDIT_DAY));
    expect(store.writes).toBe(0);
    const real = await runKpi(store, silentLogger(), request(AUDIT_DAY));
    expect({ ...dry, cardsWritten: 0 }).toEqual({ ...real, cardsWritten: 0 });
    expect(dry.cardsWritten).toBe(store.cardRows.size);
  });

  it('without officers, it writes nothing', async () => {
    const store = scenarioStore();
    store.officerRows = [];
    const report = await runKpi(store, silentLogger(), request(AUDIT_DAY));
    expect(store.writes).toBe(0);
    expect(report.notes[0]).toMatch(/Customer Relations Officer/);
  });

  it('a holiday on the 1st moves the audit to the first working day (2 January), once', async () => {
    const store = scenarioStore();
    store.calendarData.closed = [{ from: wib('2027-01-01T00:00:00'), to: wib('2027-01-02T00:00:00') }];
    await runKpi(store, silentLogger(), request(wib('2027-01-01T09:00:00')));
    expect(store.activityRows.filter((row) => row.kind === 'validation')).toEqual([]);
    expect(card(store, '11:2026-Q4').state).toBe('open');
    await runKpi(store, silentLogger(), request(wib('2027-01-02T08:00:00')));
    expect(card(store, '11:2026-Q4').state).not.toBe('open');
  });

  it('September is assessed once its re-order window has closed, on 31 October', async () => {
    const store = scenarioStore();
    await runKpi(store, silentLogger(), request(AUDIT_DAY));
    expect(card(store, `${OFFICER_ID.A}:2026-09`).state).toBe('open');
    await runKpi(store, silentLogger(), request(wib('2026-10-30T09:00:00')));
    expect(card(store, `${OFFICER_ID.A}:2026-09`).state).toBe('open');
    await runKpi(store, silentLogger(), request(wib('2026-10-31T09:00:00')));
    expect(card(store, `${OFFICER_ID.A}:2026-09`).state).toBe('done');
    const september = store.activityRows.filter(
      (row) => row.summary === 'Review KPI Officer A 2026-09: KPI-5, KPI-6',
    );
    expect(september).toHaveLength(1);
    expect(september[0]?.deadline).toBe('2026-11-06');
  });

  it('killed at any write, a re-run ends where an uninterrupted run does', async () => {
    const reference = scenarioStore();
    await runKpi(reference, silentLogger(), request(AUDIT_DAY));
    const expected = snapshot(reference);
    for (let budget = 0; budget < reference.writes; budget += 1) {
      const killSwitch = { writesLeft: budget };
      const memory = scenarioStore(killSwitch);
      await expect(runKpi(memory, silentLogger(), request(AUDIT_DAY))).rejects.toThrow('killed');
      killSwitch.writesLeft = Number.POSITIVE_INFINITY;
      await runKpi(memory, silentLogger(), request(AUDIT_DAY));
      expect(snapshot(memory), `killed after ${budget} write(s)`).toEqual(expected);
    }
  });
});

describe('the KPI job killed with random seeds', () => {
  it('never redraws a stored sample: the sampled messages are always the stored picks, asked once', async () => {
    const random = (): number => Math.floor(Math.random() * 2 ** 32);
    const reference = scenarioStore();
    await runKpi(reference, silentLogger(), request(AUDIT_DAY, { drawSeed: random }));
    for (let budget = 0; budget < reference.writes; budget += 1) {
      const killSwitch = { writesLeft: budget };
      const memory = scenarioStore(killSwitch);
      await expect(runKpi(memory, silentLogger(), request(AUDIT_DAY, { drawSeed: random }))).rejects.toThrow(
        'killed',
      );
      killSwitch.writesLeft = Number.POSITIVE_INFINITY;
      await runKpi(memory, silentLogger(), request(AUDIT_DAY, { drawSeed: random }));
      for (const name of ['A', 'B'] as const) {
        const stored = card(memory, key(name));
        const picks = stored.storedSample?.picks ?? [];
        const sampled = [...memory.sampleRows.values()]
          .filter((sample) => sample.cardId === stored.id)
          .map((sample) => sample.key.slice(key(name).length + 1));
        expect(sampled.sort(), `killed after ${budget}: ${name}`).toEqual([...picks].sort());
        expect(picks).toHaveLength(name === 'A' ? 10 : 5);
        expect(
          memory.activityRows.filter((row) => row.cardId === stored.id && row.kind === 'validation'),
        ).toHaveLength(1);
      }
    }
  });
});

function snapshot(store: MemoryKpiStore) {
  return {
    cards: [...store.cardRows.values()]
      .map(({ id: _id, computedAt: _at, ...card }) => card)
      .sort((a, b) => (a.key < b.key ? -1 : 1)),
    samples: [...store.sampleRows.values()]
      .map(({ id: _id, cardId: _card, ...sample }) => sample)
      .sort((a, b) => (a.key < b.key ? -1 : 1)),
    activities: store.activityRows
      .map(({ cardId: _card, ...row }) => row)
      .sort((a, b) => (a.summary < b.summary ? -1 : 1)),
  };
}
