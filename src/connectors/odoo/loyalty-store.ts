import { LOYALTY_MEMBER, LOYALTY_MONTH } from '../../module/models.js';
import { PARTNER } from '../../module/odoo-models.js';
import type { SegmentPolicy } from '../../rules/loyalty/segments.js';
import type { LoyaltyCustomer, MemberState, Membership, Tier } from '../../rules/loyalty/tiers.js';
import type { OdooClient } from './client.js';
import { throwFirstRefusal } from './client.js';
import { dealerName } from './company.js';
import type { WriteError } from './grouped-writes.js';
import { decodeRecord, encodeValues, fieldNames, type ValuesOf } from './schema-codec.js';
import { OdooSegmentStore } from './segment-store.js';

/**
 * What the loyalty job reads and writes (issue 15): the customers as the segments job left them
 * (the segment stored on each, the visits and spend read the way the segment store reads them:
 * the same reads, not a second copy of them), the memberships, the tier on the customer, the
 * programme's month per branch. Odoo's names stay here; dates are dealer dates `YYYY-MM-DD`.
 */
export type MemberChannel = 'whatsapp' | 'email' | 'none';

/** A membership as Odoo holds it, with what was announced of it. */
export interface StoredMembership extends Membership {
  id: number;
  announcedTier: Tier | null;
  channel: MemberChannel | null;
  announcedOn: string | null;
}

/** The fields of a membership the job writes after its creation (any subset). */
export type MemberValues = Partial<Omit<StoredMembership, 'id' | 'partnerId'>>;

export interface LoyaltyMonthRow {
  /** `<branch|all>:<YYYY-MM>`. */
  key: string;
  /** The month's first day. */
  month: string;
  branchId: number | null;
  values: LoyaltyMonthValues;
}

export interface LoyaltyMonthValues {
  members: number;
  silver: number;
  gold: number;
  platinum: number;
  membersServiced: number;
  nonMembers: number;
  nonMembersServiced: number;
  memberParticipation: number;
  nonMemberParticipation: number;
  enrolled: number;
  lapsed: number;
  measured: number;
  visitsBefore: number;
  visitsAfter: number;
  visitsPerMemberBefore: number;
  visitsPerMemberAfter: number;
  countedOn: string;
}

export interface StoredLoyaltyMonth {
  id: number;
  key: string;
  values: LoyaltyMonthValues;
}

export interface LoyaltyCustomers {
  customers: LoyaltyCustomer[];
  spendKnown: boolean;
}

/** What a member's notice says besides the tier: the customer's name, the dealer's. */
export interface LoyaltyNoticeFacts {
  customerNames(partnerIds: readonly number[]): Promise<Map<number, string | null>>;
  /** The dealer: the (first) company's name, as the KPI store takes the company. */
  dealerName(): Promise<string | null>;
}

export interface LoyaltyStore {
  /** Every customer with a unit, a WOR or a stored segment, as of `today`. */
  customers(today: string, policy: SegmentPolicy): Promise<LoyaltyCustomers>;
  members(): Promise<StoredMembership[]>;
  /** Creates memberships (key: the partner); returns their ids in order. */
  createMembers(rows: readonly Membership[]): Promise<number[]>;
  /** Writes the given fields; what Odoo refused is returned, the rest is written. */
  updateMembers(rows: ReadonlyArray<{ id: number; values: MemberValues }>): Promise<WriteError[]>;
  /** The customers whose tier field is set. */
  partnerTiers(): Promise<Map<number, Tier>>;
  writePartnerTiers(rows: ReadonlyArray<{ partnerId: number; tier: Tier | null }>): Promise<WriteError[]>;
  monthLines(month: string): Promise<StoredLoyaltyMonth[]>;
  createMonthLines(rows: readonly LoyaltyMonthRow[]): Promise<void>;
  updateMonthLines(rows: ReadonlyArray<{ id: number; values: LoyaltyMonthValues }>): Promise<void>;
}

/** The membership's key: the partner, one membership per customer. */
export const memberKey = (partnerId: number): string => String(partnerId);

const PAGE = 5000;
const MEMBER_READ = [
  'partnerId',
  'branch',
  'tier',
  'state',
  'enrolledOn',
  'tierSince',
  'belowSince',
  'lapsedOn',
  'visitsBefore',
  'visitsAfter',
  'measured',
  'announcedTier',
  'channel',
  'announcedOn',
] as const;
const MONTH_VALUES = [
  'members',
  'silver',
  'gold',
  'platinum',
  'membersServiced',
  'nonMembers',
  'nonMembersServiced',
  'memberParticipation',
  'nonMemberParticipation',
  'enrolled',
  'lapsed',
  'measured',
  'visitsBefore',
  'visitsAfter',
  'visitsPerMemberBefore',
  'visitsPerMemberAfter',
  'countedOn',
] as const;
const MONTH_READ = ['key', ...MONTH_VALUES] as const;

/**
 * A membership's fields as Odoo stores them: "not measured yet" is `x_measured` false, not an
 * empty count; the branch is the schema's `branch`.
 */
function encodeMember(values: MemberValues & { partnerId?: number; key?: string }): Record<string, unknown> {
  const { visitsAfter, branchId, ...rest } = values;
  return encodeValues(LOYALTY_MEMBER, {
    ...rest,
    ...(branchId === undefined ? {} : { branch: branchId }),
    ...(visitsAfter === undefined ? {} : { visitsAfter: visitsAfter ?? 0, measured: visitsAfter !== null }),
  } satisfies ValuesOf<typeof LOYALTY_MEMBER>);
}

export class OdooLoyaltyStore implements LoyaltyStore, LoyaltyNoticeFacts {
  private readonly segments: OdooSegmentStore;

  constructor(private readonly client: OdooClient) {
    this.segments = new OdooSegmentStore(client);
  }

  async customers(today: string, policy: SegmentPolicy): Promise<LoyaltyCustomers> {
    const [read, stored] = [
      await this.segments.histories(today, policy),
      await this.segments.storedSegments(),
    ];
    const segmentOf = new Map(stored.map((row) => [row.partnerId, row.segment]));
    const customers: LoyaltyCustomer[] = read.histories.map((history) => ({
      partnerId: history.partnerId,
      segment: segmentOf.get(history.partnerId) ?? null,
      visits: history.visits,
      spend: history.spend,
      branchId: read.branchOf.get(history.partnerId) ?? null,
    }));
    const seen = new Set(customers.map((customer) => customer.partnerId));
    // Segmented but with no unit or WOR left: the segments job clears them on its next run.
    for (const row of stored)
      if (!seen.has(row.partnerId))
        customers.push({
          partnerId: row.partnerId,
          segment: row.segment,
          visits: [],
          spend: null,
          branchId: null,
        });
    return { customers, spendKnown: read.spendKnown };
  }

  async members(): Promise<StoredMembership[]> {
    const members: StoredMembership[] = [];
    for await (const page of this.client.searchPages(
      LOYALTY_MEMBER.model,
      [],
      fieldNames(LOYALTY_MEMBER, MEMBER_READ),
      { pageSize: PAGE },
    )) {
      for (const raw of page) {
        const row = decodeRecord(LOYALTY_MEMBER, MEMBER_READ, raw);
        if (row.partnerId === null || !row.tier || !row.enrolledOn) continue;
        members.push({
          id: row.id,
          partnerId: row.partnerId,
          branchId: row.branch,
          tier: row.tier as Tier,
          state: (row.state ?? 'active') as MemberState,
          enrolledOn: row.enrolledOn,
          tierSince: row.tierSince ?? row.enrolledOn,
          belowSince: row.belowSince,
          lapsedOn: row.lapsedOn,
          visitsBefore: row.visitsBefore,
          visitsAfter: row.measured ? row.visitsAfter : null,
          announcedTier: (row.announcedTier ?? null) as Tier | null,
          channel: (row.channel ?? null) as MemberChannel | null,
          announcedOn: row.announcedOn,
        });
      }
    }
    return members;
  }

  async createMembers(rows: readonly Membership[]): Promise<number[]> {
    if (rows.length === 0) return [];
    const outcomes = await this.client.create(
      LOYALTY_MEMBER.model,
      rows.map((row) => encodeMember({ ...row, key: memberKey(row.partnerId) })),
    );
    throwFirstRefusal(outcomes);
    return outcomes.map((outcome) => outcome.id as number);
  }

  async updateMembers(rows: ReadonlyArray<{ id: number; values: MemberValues }>): Promise<WriteError[]> {
    const wanted = rows.filter((row) => Object.keys(row.values).length > 0);
    if (wanted.length === 0) return [];
    const outcomes = await this.client.write(
      LOYALTY_MEMBER.model,
      wanted.map((row) => ({ id: row.id, values: encodeMember(row.values) })),
    );
    return outcomes.flatMap((outcome) =>
      outcome.error
        ? [{ model: LOYALTY_MEMBER.model, record: String(outcome.id ?? ''), message: outcome.error.message }]
        : [],
    );
  }

  async partnerTiers(): Promise<Map<number, Tier>> {
    const tiers = new Map<number, Tier>();
    const read = ['loyaltyTier'] as const;
    for await (const page of this.client.searchPages(
      PARTNER.model,
      [[PARTNER.f.loyaltyTier, '!=', false]],
      fieldNames(PARTNER, read),
      { pageSize: PAGE, context: { active_test: false } },
    )) {
      for (const raw of page) {
        const partner = decodeRecord(PARTNER, read, raw);
        if (partner.loyaltyTier) tiers.set(partner.id, partner.loyaltyTier as Tier);
      }
    }
    return tiers;
  }

  async writePartnerTiers(
    rows: ReadonlyArray<{ partnerId: number; tier: Tier | null }>,
  ): Promise<WriteError[]> {
    if (rows.length === 0) return [];
    // Grouped by tier: a handful of writes however many customers.
    const outcomes = await this.client.write(
      PARTNER.model,
      rows.map((row) => ({ id: row.partnerId, values: encodeValues(PARTNER, { loyaltyTier: row.tier }) })),
      { context: { tracking_disable: true } },
    );
    return outcomes.flatMap((outcome) =>
      outcome.error
        ? [{ model: PARTNER.model, record: String(outcome.id ?? ''), message: outcome.error.message }]
        : [],
    );
  }

  async customerNames(partnerIds: readonly number[]): Promise<Map<number, string | null>> {
    const read = ['name'] as const;
    const rows = await this.client.read(PARTNER.model, partnerIds, fieldNames(PARTNER, read), {
      context: { active_test: false },
      chunkSize: PAGE,
    });
    return new Map(rows.map((raw) => [raw.id, decodeRecord(PARTNER, read, raw).name]));
  }

  dealerName(): Promise<string | null> {
    return dealerName(this.client);
  }

  async monthLines(month: string): Promise<StoredLoyaltyMonth[]> {
    const rows = await this.client.searchRead(
      LOYALTY_MONTH.model,
      [[LOYALTY_MONTH.f.month, '=', month]],
      fieldNames(LOYALTY_MONTH, MONTH_READ),
    );
    return rows.flatMap((raw) => {
      const { id, key, ...values } = decodeRecord(LOYALTY_MONTH, MONTH_READ, raw);
      return key ? [{ id, key, values: { ...values, countedOn: values.countedOn ?? '' } }] : [];
    });
  }

  async createMonthLines(rows: readonly LoyaltyMonthRow[]): Promise<void> {
    if (rows.length === 0) return;
    throwFirstRefusal(
      await this.client.create(
        LOYALTY_MONTH.model,
        rows.map((row) =>
          encodeValues(LOYALTY_MONTH, {
            key: row.key,
            month: row.month,
            branch: row.branchId,
            ...row.values,
          } satisfies ValuesOf<typeof LOYALTY_MONTH>),
        ),
      ),
    );
  }

  async updateMonthLines(rows: ReadonlyArray<{ id: number; values: LoyaltyMonthValues }>): Promise<void> {
    if (rows.length === 0) return;
    throwFirstRefusal(
      await this.client.write(
        LOYALTY_MONTH.model,
        rows.map((row) => ({ id: row.id, values: encodeValues(LOYALTY_MONTH, row.values) })),
      ),
    );
  }
}
