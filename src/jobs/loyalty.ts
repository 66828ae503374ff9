import type { Config } from '../../config/schema.js';
import type {
  LoyaltyMonthRow,
  LoyaltyMonthValues,
  LoyaltyStore,
  MemberChannel,
  MemberValues,
  StoredMembership,
} from '../connectors/odoo/loyalty-store.js';
import type { Logger } from '../logging/logger.js';
import type { SegmentPolicy } from '../rules/loyalty/segments.js';
import {
  type LoyaltyCustomer,
  type LoyaltyMonthFigures,
  type LoyaltyPolicy,
  loyaltyMonthFigures,
  loyaltyNight,
  loyaltyPolicy,
  type MemberEvent,
  type Membership,
  nextMembership,
  percent,
  perMember,
  type Tier,
  tierToAnnounce,
} from '../rules/loyalty/tiers.js';
import { segmentsRequestOf } from './segments.js';

export interface LoyaltyRequest {
  /** The dealer date the programme is run as of (after that night's segments). */
  today: string;
  segmentPolicy: SegmentPolicy;
  policy: LoyaltyPolicy;
  /** Announce enrolments and upgrades to the customers. */
  notify: boolean;
}

/** An enrolment or upgrade to tell the customer of: one per customer and tier, ever. */
export interface LoyaltyAnnouncement {
  /** `loyalty:<partner>:<tier>`. */
  key: string;
  partnerId: number;
  tier: Tier;
  kind: 'enrolled' | 'upgraded';
  enrolledOn: string;
}

/**
 * Hands announcements to the customer notices (WhatsApp template or e-mail, opt-outs honoured)
 * and answers, per key, the channel it went by (`none`: the customer opted out or has no
 * contact). A key left out was not handed (an error): the next run hands it again, under the same
 * key, so the customer still hears of it once.
 */
export type LoyaltyAnnouncer = (
  announcements: readonly LoyaltyAnnouncement[],
) => Promise<Map<string, MemberChannel>>;

export interface LoyaltyReport {
  today: string;
  customers: number;
  /** Active members per tier after the run, and lapsed ones. */
  members: Record<Tier, number>;
  lapsedMembers: number;
  /** What happened to memberships tonight. */
  events: Record<MemberEvent, number>;
  membersCreated: number;
  membersUpdated: number;
  partnersWritten: number;
  announced: number;
  /** Announcements handed but not answered with a channel: tried again next run. */
  announcementsPending: number;
  monthLinesCreated: number;
  monthLinesUpdated: number;
  /** All branches this month: participation (per cent) and effectiveness (visits per measured member). */
  participation: { members: number; nonMembers: number };
  effectiveness: { measured: number; before: number; after: number };
  errors: Array<{ record: string; message: string }>;
}

/** The job's request from the config, as of a dealer date. */
export function loyaltyRequestOf(
  config: Pick<Config, 'segments' | 'loyalty'>,
  today: string,
): LoyaltyRequest {
  const { loyalty } = config;
  const segments = segmentsRequestOf(config, today).policy;
  return {
    today,
    segmentPolicy: segments,
    policy: loyaltyPolicy({
      windowMonths: segments.loyalWindowMonths,
      silverVisits: loyalty.silverVisits,
      platinumVisits: loyalty.platinumVisits,
      platinumSpend: loyalty.platinumSpend > 0 ? loyalty.platinumSpend : null,
      downgradeAfterDays: loyalty.downgradeAfterDays,
      effectMonths: loyalty.effectMonths,
    }),
    notify: loyalty.notify,
  };
}

/** The store as it reads, writing nothing: `loyalty --dry-run` (nothing is announced either). */
export function dryRunLoyaltyStore(store: LoyaltyStore): LoyaltyStore {
  return {
    customers: (today, policy) => store.customers(today, policy),
    members: () => store.members(),
    createMembers: async (rows) => rows.map((_, index) => -(index + 1)),
    updateMembers: async () => [],
    partnerTiers: () => store.partnerTiers(),
    writePartnerTiers: async () => [],
    monthLines: (month) => store.monthLines(month),
    createMonthLines: async () => {},
    updateMonthLines: async () => {},
  };
}

export const announcementKey = (partnerId: number, tier: Tier): string => `loyalty:${partnerId}:${tier}`;
export const loyaltyMonthKey = (branchId: number | null, month: string): string =>
  `${branchId ?? 'all'}:${month.slice(0, 7)}`;

const MEMBER_FIELDS = [
  'tier',
  'state',
  'enrolledOn',
  'tierSince',
  'belowSince',
  'lapsedOn',
  'branchId',
  'visitsBefore',
  'visitsAfter',
] as const satisfies ReadonlyArray<keyof Membership>;

/** The fields of `next` that differ from the stored membership. */
function changedFields(stored: StoredMembership, next: Membership): MemberValues {
  const values: Record<string, unknown> = {};
  for (const field of MEMBER_FIELDS) if (stored[field] !== next[field]) values[field] = next[field];
  return values as MemberValues;
}

function monthValues(figures: LoyaltyMonthFigures, countedOn: string): LoyaltyMonthValues {
  const { branchId: _branch, ...counts } = figures;
  return {
    ...counts,
    memberParticipation: percent(figures.membersServiced, figures.members),
    nonMemberParticipation: percent(figures.nonMembersServiced, figures.nonMembers),
    visitsPerMemberBefore: perMember(figures.visitsBefore, figures.measured),
    visitsPerMemberAfter: perMember(figures.visitsAfter, figures.measured),
    countedOn,
  };
}

function sameMonth(a: LoyaltyMonthValues, b: LoyaltyMonthValues): boolean {
  return (Object.keys(a) as Array<keyof LoyaltyMonthValues>).every(
    (field) => field === 'countedOn' || a[field] === b[field],
  );
}

/**
 * The nightly loyalty job (issue 15, SOP CRM stage 4), after the segments: every customer's
 * membership from the segment stored on them and their visits (rules/loyalty/tiers.ts), the tier
 * on the customer, the enrolments and upgrades announced once, the month's participation and
 * effectiveness per branch. Writes in that order, each keyed (membership: the partner; notice:
 * `loyalty:<partner>:<tier>`; month line: `<branch|all>:<YYYY-MM>`), so a run killed anywhere and
 * run again ends as an uninterrupted run: a membership is created once, its enrolment date
 * never rewritten, a notice handed again under the same key is the same notice.
 */
export async function runLoyalty(
  store: LoyaltyStore,
  logger: Logger,
  request: LoyaltyRequest,
  announce: LoyaltyAnnouncer | null,
): Promise<LoyaltyReport> {
  const { today, policy } = request;
  const night = loyaltyNight(today, policy);
  const { customers } = await store.customers(today, request.segmentPolicy);
  const stored = await store.members();
  const byPartner = new Map<number, LoyaltyCustomer>(
    customers.map((customer) => [customer.partnerId, customer]),
  );
  const report: LoyaltyReport = {
    today,
    customers: customers.length,
    members: { silver: 0, gold: 0, platinum: 0 },
    lapsedMembers: 0,
    events: { enrolled: 0, upgraded: 0, downgraded: 0, lapsed: 0, reinstated: 0 },
    membersCreated: 0,
    membersUpdated: 0,
    partnersWritten: 0,
    announced: 0,
    announcementsPending: 0,
    monthLinesCreated: 0,
    monthLinesUpdated: 0,
    participation: { members: 0, nonMembers: 0 },
    effectiveness: { measured: 0, before: 0, after: 0 },
    errors: [],
  };

  // 1. The memberships: the stored ones moved on, new ones enrolled.
  const members: StoredMembership[] = [];
  const updates: Array<{ id: number; values: MemberValues }> = [];
  const before = new Map<number, StoredMembership>();
  const memberOf = new Set<number>();
  for (const member of stored) {
    memberOf.add(member.partnerId);
    const { member: next, event } = nextMembership(byPartner.get(member.partnerId), member, night);
    if (event) report.events[event] += 1;
    if (!next) continue;
    const values = changedFields(member, next);
    if (Object.keys(values).length > 0) {
      updates.push({ id: member.id, values });
      before.set(member.id, { ...member });
    }
    // The read copy becomes the night's state (with its id and what was announced of it).
    members.push(Object.assign(member, next));
  }
  const enrolments: Membership[] = [];
  for (const customer of customers) {
    if (memberOf.has(customer.partnerId)) continue;
    const { member, event } = nextMembership(customer, undefined, night);
    if (!member || !event) continue;
    report.events[event] += 1;
    enrolments.push(member);
  }
  const ids = await store.createMembers(enrolments);
  report.membersCreated = enrolments.length;
  for (const [index, member] of enrolments.entries())
    members.push({
      ...member,
      id: ids[index] as number,
      announcedTier: null,
      channel: null,
      announcedOn: null,
    });
  const refusedMembers = await store.updateMembers(updates);
  report.membersUpdated = updates.length - refusedMembers.length;
  report.errors.push(...refusedMembers.map(({ record, message }) => ({ record, message })));
  // A membership Odoo refused stays as it was tonight: its tier is neither shown nor announced.
  if (refusedMembers.length > 0) {
    const byId = new Map(members.map((member) => [String(member.id), member]));
    for (const refused of refusedMembers) {
      const member = byId.get(refused.record);
      const was = member ? before.get(member.id) : undefined;
      if (member && was) Object.assign(member, was);
    }
  }

  // 2. The tier on the customer: an active member's, cleared on everyone else.
  const wanted = new Map<number, Tier>();
  for (const member of members) if (member.state === 'active') wanted.set(member.partnerId, member.tier);
  const have = await store.partnerTiers();
  const partnerWrites: Array<{ partnerId: number; tier: Tier | null }> = [];
  for (const [partnerId, tier] of wanted)
    if (have.get(partnerId) !== tier) partnerWrites.push({ partnerId, tier });
  for (const partnerId of have.keys())
    if (!wanted.has(partnerId)) partnerWrites.push({ partnerId, tier: null });
  const refusedPartners = await store.writePartnerTiers(partnerWrites);
  report.partnersWritten = partnerWrites.length - refusedPartners.length;
  report.errors.push(...refusedPartners.map(({ record, message }) => ({ record, message })));

  // 3. The enrolments and upgrades not yet announced.
  if (request.notify && announce) {
    const due: LoyaltyAnnouncement[] = [];
    const dueMembers: StoredMembership[] = [];
    for (const member of members) {
      const tier = tierToAnnounce(member, member.announcedTier);
      if (tier === null) continue;
      due.push({
        key: announcementKey(member.partnerId, tier),
        partnerId: member.partnerId,
        tier,
        kind: member.announcedTier === null ? 'enrolled' : 'upgraded',
        enrolledOn: member.enrolledOn,
      });
      dueMembers.push(member);
    }
    if (due.length > 0) {
      // Notices that fail stay unannounced and are handed again tomorrow: the month still counts tonight.
      const channels = await announce(due).catch((error: unknown) => {
        report.errors.push({
          record: 'notices',
          message: error instanceof Error ? error.message : String(error),
        });
        return new Map<string, MemberChannel>();
      });
      const written: Array<{ id: number; values: MemberValues }> = [];
      for (const [index, announcement] of due.entries()) {
        const channel = channels.get(announcement.key);
        const member = dueMembers[index] as StoredMembership;
        if (channel === undefined) {
          report.announcementsPending += 1;
          continue;
        }
        const values = { announcedTier: announcement.tier, channel, announcedOn: today };
        written.push({ id: member.id, values });
        Object.assign(member, values);
      }
      const refused = await store.updateMembers(written);
      report.announced = written.length - refused.length;
      report.errors.push(...refused.map(({ record, message }) => ({ record, message })));
    }
  }

  // 4. The month per branch and for all branches.
  const month = `${today.slice(0, 7)}-01`;
  const figures = loyaltyMonthFigures(customers, members, today);
  const lines = new Map((await store.monthLines(month)).map((line) => [line.key, line]));
  const lineCreates: LoyaltyMonthRow[] = [];
  const lineUpdates: Array<{ id: number; values: LoyaltyMonthValues }> = [];
  const counted = new Set<string>();
  for (const line of figures) {
    const key = loyaltyMonthKey(line.branchId, month);
    counted.add(key);
    const values = monthValues(line, today);
    const found = lines.get(key);
    if (!found) lineCreates.push({ key, month, branchId: line.branchId, values });
    else if (!sameMonth(found.values, values)) lineUpdates.push({ id: found.id, values });
    if (line.branchId === null) {
      report.participation = {
        members: values.memberParticipation,
        nonMembers: values.nonMemberParticipation,
      };
      report.effectiveness = {
        measured: line.measured,
        before: values.visitsPerMemberBefore,
        after: values.visitsPerMemberAfter,
      };
    }
  }
  // A branch left with no customer this month: its line goes to nothing.
  const empty = monthValues(loyaltyMonthFigures([], [], today)[0] as LoyaltyMonthFigures, today);
  for (const [key, found] of lines)
    if (!counted.has(key) && !sameMonth(found.values, empty))
      lineUpdates.push({ id: found.id, values: empty });
  await store.createMonthLines(lineCreates);
  await store.updateMonthLines(lineUpdates);
  report.monthLinesCreated = lineCreates.length;
  report.monthLinesUpdated = lineUpdates.length;

  for (const member of members) {
    if (member.state === 'active') report.members[member.tier] += 1;
    else report.lapsedMembers += 1;
  }
  logger.info(
    {
      today,
      customers: report.customers,
      members: report.members,
      lapsedMembers: report.lapsedMembers,
      events: report.events,
      membersCreated: report.membersCreated,
      membersUpdated: report.membersUpdated,
      partnersWritten: report.partnersWritten,
      announced: report.announced,
      announcementsPending: report.announcementsPending,
      monthLinesCreated: report.monthLinesCreated,
      monthLinesUpdated: report.monthLinesUpdated,
      refused: report.errors.length,
    },
    'loyalty programme run',
  );
  return report;
}
