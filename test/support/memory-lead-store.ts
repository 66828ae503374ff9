import type { LeadActivity, LeadStore, LeadValues } from '../../src/connectors/odoo/lead-store.js';
import type { LeadFacts, LeadMatches } from '../../src/rules/leads/lead-entry.js';
import {
  type ClientStatus,
  parseRecontacts,
  recontactMonthsOf,
  type WonDealFacts,
} from '../../src/rules/leads/past-clients.js';
import { type KillSwitch, spendWrite } from './kill-switch.js';

type StoredActivity = LeadActivity & { id: number; done: boolean };

/** A won deal as the memory CRM holds it (the marks as Odoo's text field). */
export type MemoryDeal = Omit<WonDealFacts, 'recontacts' | 'projectActivity' | 'recontactActivities'> & {
  recontacts: string | null;
};

/**
 * The leads side of one Odoo CRM in memory: the H23 team's open leads, its won deals, the
 * customers' client status and the activities on leads. `killSwitch` counts every record
 * written before a "kill".
 */
export class MemoryLeadStore implements LeadStore {
  readonly leadRows = new Map<number, LeadFacts>();
  readonly deals = new Map<number, MemoryDeal>();
  readonly statuses = new Map<number, ClientStatus>();
  readonly activities: StoredActivity[] = [];
  private nextId = 1;

  constructor(private readonly killSwitch?: KillSwitch) {}

  deal(id: number, over: Partial<MemoryDeal> = {}): this {
    this.deals.set(id, {
      id,
      partnerId: 100 + id,
      salespersonId: 7,
      bastDate: null,
      completionDate: null,
      contractValue: null,
      products: null,
      projectMissing: null,
      projectRecorded: null,
      recontacts: null,
      ...over,
    });
    return this;
  }

  async *leads(): AsyncGenerator<LeadFacts[]> {
    const page = [...this.leadRows.values()].map((lead) => ({
      ...lead,
      incompleteActivity: this.open(lead.id, 'incomplete'),
      staleActivity: this.open(lead.id, 'stale'),
    }));
    if (page.length > 0) yield page;
  }

  async matches(): Promise<Map<number, LeadMatches>> {
    return new Map();
  }

  async *wonDeals(): AsyncGenerator<WonDealFacts[]> {
    const page = [...this.deals.values()].map((deal) => ({
      ...deal,
      recontacts: parseRecontacts(deal.recontacts),
      projectActivity: this.open(deal.id, 'project'),
      recontactActivities: this.activities
        .filter((a) => a.leadId === deal.id && a.kind === 'recontact')
        .map((a) => recontactMonthsOf(a.summary))
        .filter((months): months is number => months !== null),
    }));
    if (page.length > 0) yield page;
  }

  async clientStatuses(): Promise<Map<number, ClientStatus>> {
    return new Map(this.statuses);
  }

  async setClientStatuses(
    rows: ReadonlyArray<{ partnerId: number; status: ClientStatus | null }>,
  ): Promise<void> {
    for (const row of rows) {
      spendWrite(this.killSwitch);
      if (row.status) this.statuses.set(row.partnerId, row.status);
      else this.statuses.delete(row.partnerId);
    }
  }

  async write(rows: ReadonlyArray<{ leadId: number; values: LeadValues }>): Promise<void> {
    for (const row of rows) {
      spendWrite(this.killSwitch);
      const lead = this.leadRows.get(row.leadId);
      if (lead) Object.assign(lead, row.values);
      const deal = this.deals.get(row.leadId);
      if (deal) Object.assign(deal, row.values);
    }
  }

  async createActivities(rows: readonly LeadActivity[]): Promise<number> {
    for (const row of rows) {
      spendWrite(this.killSwitch);
      this.activities.push({ ...row, id: this.nextId++, done: false });
    }
    return rows.length;
  }

  async completeActivities(
    leadIds: readonly number[],
    _feedback: string,
    kind: 'incomplete' | 'project',
  ): Promise<void> {
    for (const activity of this.activities) {
      if (!leadIds.includes(activity.leadId) || activity.kind !== kind || activity.done) continue;
      spendWrite(this.killSwitch);
      activity.done = true;
    }
  }

  private open(leadId: number, kind: LeadActivity['kind']): boolean {
    return this.activities.some((a) => a.leadId === leadId && a.kind === kind && !a.done);
  }

  /** What the salespeople and the customers' forms show, independent of ids. */
  snapshot() {
    return {
      deals: [...this.deals.values()].sort((a, b) => a.id - b.id),
      statuses: [...this.statuses].sort(([a], [b]) => a - b),
      activities: this.activities
        .map(({ id: _id, ...rest }) => rest)
        .sort((a, b) => a.leadId - b.leadId || a.summary.localeCompare(b.summary)),
    };
  }
}
