import type { WriteError } from '../../src/connectors/odoo/grouped-writes.js';
import type {
  LoyaltyCustomers,
  LoyaltyMonthRow,
  LoyaltyMonthValues,
  LoyaltyNoticeFacts,
  LoyaltyStore,
  MemberValues,
  StoredLoyaltyMonth,
  StoredMembership,
} from '../../src/connectors/odoo/loyalty-store.js';
import type { SegmentPolicy } from '../../src/rules/loyalty/segments.js';
import type { Membership, Tier } from '../../src/rules/loyalty/tiers.js';
import { type KillSwitch, spendWrite } from './kill-switch.js';
import type { MemorySegmentStore } from './memory-segment-store.js';

/**
 * The loyalty store in memory, over the segment store in memory: customers are what the segment
 * store reads (histories) with the segments the segments job stored on the partners, as the Odoo
 * store reads them; memberships, partner tiers and month lines as Odoo would hold them; the
 * customers' names `Pelanggan <id>` for their notices. `killSwitch.writesLeft` counts the
 * records written before it throws (share it with the notice store to kill anywhere).
 */
export class MemoryLoyaltyStore implements LoyaltyStore, LoyaltyNoticeFacts {
  memberRows = new Map<number, StoredMembership>();
  tiers = new Map<number, Tier>();
  monthRows = new Map<string, LoyaltyMonthRow & { id: number }>();
  refuseMembers = new Set<number>();
  writes = 0;
  private nextId = 1;

  constructor(
    private readonly segments: MemorySegmentStore,
    private readonly killSwitch?: KillSwitch,
  ) {}

  private write(): void {
    spendWrite(this.killSwitch);
    this.writes += 1;
  }

  async customers(today: string, policy: SegmentPolicy): Promise<LoyaltyCustomers> {
    const read = await this.segments.histories(today, policy);
    const customers = read.histories.map((history) => ({
      partnerId: history.partnerId,
      segment: this.segments.partners.get(history.partnerId)?.segment ?? null,
      visits: history.visits,
      spend: history.spend,
      branchId: read.branchOf.get(history.partnerId) ?? null,
    }));
    return { customers, spendKnown: read.spendKnown };
  }

  async customerNames(partnerIds: readonly number[]): Promise<Map<number, string | null>> {
    return new Map(partnerIds.map((id) => [id, `Pelanggan ${id}`]));
  }

  async dealerName(): Promise<string | null> {
    return 'Honda Maju Motor';
  }

  async members(): Promise<StoredMembership[]> {
    return [...this.memberRows.values()].map((row) => ({ ...row }));
  }

  async createMembers(rows: readonly Membership[]): Promise<number[]> {
    return rows.map((row) => {
      if ([...this.memberRows.values()].some((member) => member.partnerId === row.partnerId))
        throw new Error(`duplicate membership ${row.partnerId}`);
      this.write();
      const id = this.nextId++;
      this.memberRows.set(id, { ...row, id, announcedTier: null, channel: null, announcedOn: null });
      return id;
    });
  }

  async updateMembers(rows: ReadonlyArray<{ id: number; values: MemberValues }>): Promise<WriteError[]> {
    const errors: WriteError[] = [];
    for (const row of rows) {
      const member = this.memberRows.get(row.id);
      if (!member) throw new Error(`no membership ${row.id}`);
      if (this.refuseMembers.has(member.partnerId)) {
        errors.push({ model: 'member', record: String(row.id), message: 'refused' });
        continue;
      }
      if ('enrolledOn' in row.values) throw new Error(`enrolment date of ${member.partnerId} rewritten`);
      this.write();
      Object.assign(member, row.values);
    }
    return errors;
  }

  async partnerTiers(): Promise<Map<number, Tier>> {
    return new Map(this.tiers);
  }

  async writePartnerTiers(
    rows: ReadonlyArray<{ partnerId: number; tier: Tier | null }>,
  ): Promise<WriteError[]> {
    for (const row of rows) {
      this.write();
      if (row.tier === null) this.tiers.delete(row.partnerId);
      else this.tiers.set(row.partnerId, row.tier);
    }
    return [];
  }

  async monthLines(month: string): Promise<StoredLoyaltyMonth[]> {
    return [...this.monthRows.values()]
      .filter((row) => row.month === month)
      .map((row) => ({ id: row.id, key: row.key, values: { ...row.values } }));
  }

  async createMonthLines(rows: readonly LoyaltyMonthRow[]): Promise<void> {
    for (const row of rows) {
      if (this.monthRows.has(row.key)) throw new Error(`duplicate month key ${row.key}`);
      this.write();
      this.monthRows.set(row.key, { ...row, values: { ...row.values }, id: this.nextId++ });
    }
  }

  async updateMonthLines(rows: ReadonlyArray<{ id: number; values: LoyaltyMonthValues }>): Promise<void> {
    for (const row of rows) {
      const line = [...this.monthRows.values()].find((item) => item.id === row.id);
      if (!line) throw new Error(`no month line ${row.id}`);
      this.write();
      line.values = { ...row.values };
    }
  }
}
