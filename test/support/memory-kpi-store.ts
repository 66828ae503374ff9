import type { BranchCalendarData } from '../../src/connectors/odoo/calendar-store.js';
import type {
  CardActivityKind,
  CardWrite,
  KpiOfficer,
  KpiStore,
  NewCardActivity,
  NewSample,
  RevenueSource,
  StoredCard,
  StoredSample,
} from '../../src/connectors/odoo/kpi-store.js';
import type { KpiMessage, KpiThread, ReorderFollowUp, Transaction } from '../../src/rules/kpi/facts.js';
import { type KillSwitch, spendWrite } from './kill-switch.js';

export interface MemoryCard extends CardWrite {
  id: number;
  validationRequested: boolean;
  reviewRequested: boolean;
  /** The sample as first written (a later write without one keeps it). */
  storedSample: CardWrite['sample'];
}

export interface MemorySample extends NewSample {
  id: number;
  validation: StoredSample['validation'];
  representative: boolean;
}

/**
 * The KPI store in memory, for the job's offline tests: what Odoo would hold as plain rows.
 * `killSwitch.writesLeft` counts the writes allowed before it throws, to kill a run mid-way.
 */
export class MemoryKpiStore implements KpiStore {
  officerRows: KpiOfficer[] = [];
  reviewerIds: number[] = [];
  calendarData: BranchCalendarData = { timeZone: 'Asia/Jakarta', attendance: [], closed: [] };
  source: RevenueSource = 'invoices';
  messageRows: KpiMessage[] = [];
  threadRows: KpiThread[] = [];
  texts = new Map<string, string>();
  saleRows: Transaction[] = [];
  orderRows: Transaction[] = [];
  visitRows: Transaction[] = [];
  followUpRows: ReorderFollowUp[] = [];
  cardRows = new Map<string, MemoryCard>();
  sampleRows = new Map<string, MemorySample>();
  activityRows: Array<NewCardActivity & { done: boolean }> = [];
  writes = 0;
  private nextId = 1;

  constructor(private readonly killSwitch?: KillSwitch) {}

  private write(): void {
    spendWrite(this.killSwitch);
    this.writes += 1;
  }

  async officers(): Promise<KpiOfficer[]> {
    return this.officerRows;
  }

  async reviewers(): Promise<number[]> {
    return this.reviewerIds;
  }

  async calendar(): Promise<BranchCalendarData> {
    return this.calendarData;
  }

  async salesSources(): Promise<RevenueSource[]> {
    return [
      ...(this.saleRows.length > 0 || this.source === 'invoices' ? (['invoices'] as const) : []),
      ...(this.orderRows.length > 0 ? (['orders'] as const) : []),
    ];
  }

  async revenueSource(preferred: 'auto' | RevenueSource): Promise<RevenueSource> {
    return preferred === 'auto' ? this.source : preferred;
  }

  async messages(since: number): Promise<{ messages: KpiMessage[]; threads: KpiThread[] }> {
    return { messages: this.messageRows.filter((message) => message.at >= since), threads: this.threadRows };
  }

  private salesOf(source: RevenueSource): Transaction[] {
    return source === 'invoices' ? this.saleRows : this.orderRows;
  }

  async sales(source: RevenueSource, from: string, to: string): Promise<Transaction[]> {
    return this.salesOf(source).filter((sale) => sale.date >= from && sale.date <= to);
  }

  async visits(from: string, to: string): Promise<Transaction[]> {
    return this.visitRows.filter((visit) => visit.date >= from && visit.date <= to);
  }

  async customersBefore(
    partnerIds: readonly number[],
    date: string,
    options: { visits: boolean },
  ): Promise<Set<number>> {
    const wanted = new Set(partnerIds);
    const rows = [...this.saleRows, ...this.orderRows, ...(options.visits ? this.visitRows : [])];
    return new Set(
      rows.filter((row) => wanted.has(row.partnerId) && row.date < date).map((row) => row.partnerId),
    );
  }

  async reorderFollowUps(_since: number, officers: ReadonlySet<number>): Promise<ReorderFollowUp[]> {
    return this.followUpRows.filter((followUp) => officers.has(followUp.officerId));
  }

  async cards(keys: readonly string[]): Promise<StoredCard[]> {
    return keys.flatMap((key) => {
      const card = this.cardRows.get(key);
      if (!card) return [];
      return [
        {
          id: card.id,
          key,
          state: card.state,
          sampleSeed: card.storedSample?.seed ?? null,
          samplePicks: card.storedSample?.picks ?? null,
          validationRequested: card.validationRequested,
          reviewRequested: card.reviewRequested,
        },
      ];
    });
  }

  async samples(cardIds: readonly number[]): Promise<StoredSample[]> {
    const wanted = new Set(cardIds);
    return [...this.sampleRows.values()]
      .filter((sample) => wanted.has(sample.cardId))
      .map((sample) => ({
        id: sample.id,
        cardId: sample.cardId,
        key: sample.key,
        withinOneDay: sample.withinOneDay,
        fast: sample.fast,
        validation: sample.validation,
        representative: sample.representative,
      }));
  }

  async messageTexts(keys: readonly string[]): Promise<Map<string, string>> {
    return new Map(keys.flatMap((key) => (this.texts.has(key) ? [[key, this.texts.get(key) ?? '']] : [])));
  }

  async writeCards(rows: readonly CardWrite[]): Promise<{ ids: Map<string, number>; written: number }> {
    const before = this.writes;
    // What a card holds, without when it was computed and the sample (written once).
    const comparable = (card: CardWrite): string => JSON.stringify({ ...card, computedAt: 0, sample: null });
    for (const row of rows) {
      const card = this.cardRows.get(row.key);
      if (card) {
        const { id: _id, validationRequested: _v, reviewRequested: _r, storedSample: _s, ...had } = card;
        if (!row.sample && comparable(had) === comparable(row)) continue;
        this.write();
        this.cardRows.set(row.key, { ...card, ...row, storedSample: row.sample ?? card.storedSample });
      } else {
        this.write();
        this.cardRows.set(row.key, {
          ...row,
          id: this.nextId++,
          validationRequested: false,
          reviewRequested: false,
          storedSample: row.sample,
        });
      }
    }
    return {
      ids: new Map([...this.cardRows].map(([key, card]) => [key, card.id])),
      written: this.writes - before,
    };
  }

  async createSamples(rows: readonly NewSample[]): Promise<void> {
    for (const row of rows) {
      if (this.sampleRows.has(row.key)) throw new Error(`duplicate sample ${row.key}`);
      this.write();
      this.sampleRows.set(row.key, {
        ...row,
        id: this.nextId++,
        validation: 'pending',
        representative: false,
      });
    }
  }

  async cardActivities(
    cardIds: readonly number[],
  ): Promise<Array<{ cardId: number; kind: CardActivityKind }>> {
    const wanted = new Set(cardIds);
    return this.activityRows
      .filter((row) => wanted.has(row.cardId))
      .map((row) => ({ cardId: row.cardId, kind: row.kind }));
  }

  async createActivities(rows: readonly NewCardActivity[]): Promise<void> {
    for (const row of rows) {
      this.write();
      this.activityRows.push({ ...row, done: false });
    }
  }

  async markRequested(rows: ReadonlyArray<{ id: number; kind: CardActivityKind }>): Promise<void> {
    for (const row of rows) {
      const card = [...this.cardRows.values()].find((item) => item.id === row.id);
      if (!card) continue;
      this.write();
      if (row.kind === 'validation') card.validationRequested = true;
      else card.reviewRequested = true;
    }
  }

  /** The Head of Marketing decides a card's samples. */
  validate(
    card: string,
    decide: (
      sample: MemorySample,
      index: number,
    ) => { validation: 'approved' | 'rejected'; representative: boolean },
  ): void {
    [...this.sampleRows.values()]
      .filter((sample) => sample.key.startsWith(`${card}:`))
      .sort((a, b) => a.position - b.position)
      .forEach((sample, index) => {
        Object.assign(sample, decide(sample, index));
      });
  }
}
