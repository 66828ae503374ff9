import type { WriteError } from '../../src/connectors/odoo/grouped-writes.js';
import type {
  LoyaltyCustomers,
  LoyaltyMonthRow,
  LoyaltyMonthValues,
  LoyaltyStore,
  MemberChannel,
  MemberValues,
  StoredLoyaltyMonth,
  StoredMembership,
} from '../../src/connectors/odoo/loyalty-store.js';
import type { LoyaltyAnnouncement, LoyaltyAnnouncer } from '../../src/jobs/loyalty.js';
import type { SegmentPolicy } from '../../src/rules/loyalty/segments.js';
import type { Membership, Tier } from '../../src/rules/loyalty/tiers.js';
import { type KillSwitch, spendWrite } from './kill-switch.js';
import type { MemorySegmentStore } from './memory-segment-store.js';

/**
 * The loyalty store in memory, over the segment store in memory: customers are what the segment
 * store reads (histories) with the segments the segments job stored on the partners, as the Odoo
 * store reads them; memberships, partner tiers and month lines as Odoo would hold them.
 * `killSwitch.writesLeft` counts the records written before it throws (shared with the announcer).
 */
export class MemoryLoyaltyStore implements LoyaltyStore {
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

/**
 * The customer notices in memory, as the loyalty job sees them: one notice per key, ever (a key
 * handed again answers the first one's channel); an opted-out customer's is recorded, not sent.
 */
export class MemoryAnnouncer {
  notices = new Map<string, LoyaltyAnnouncement & { channel: MemberChannel }>();
  optedOut = new Set<number>();
  /** Customers whose notice fails (not handed): left out of the answer. */
  failing = new Set<number>();
  sends = 0;

  constructor(private readonly killSwitch?: KillSwitch) {}

  readonly announce: LoyaltyAnnouncer = async (announcements) => {
    const channels = new Map<string, MemberChannel>();
    for (const announcement of announcements) {
      const known = this.notices.get(announcement.key);
      if (known) {
        channels.set(announcement.key, known.channel);
        continue;
      }
      if (this.failing.has(announcement.partnerId)) continue;
      spendWrite(this.killSwitch);
      const channel: MemberChannel = this.optedOut.has(announcement.partnerId) ? 'none' : 'whatsapp';
      if (channel !== 'none') this.sends += 1;
      this.notices.set(announcement.key, { ...announcement, channel });
      channels.set(announcement.key, channel);
    }
    return channels;
  };
}
