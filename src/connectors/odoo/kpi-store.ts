import { ACTIVITY_TYPES } from '../../module/activity-types.js';
import { COMPLAINT, FOLLOWUP, KPI_SAMPLE, KPI_SCORE, UNIT, WA_MESSAGE, WOR } from '../../module/models.js';
import {
  ACCOUNT_MOVE,
  COMPANY,
  CRM_ADDON,
  INVOICING_ADDON,
  LEAD,
  LOG_ACCESS,
  MESSAGE,
  ODOO_XMLIDS,
  PARTNER,
  SALE_ORDER,
  SALES_ADDON,
  USERS,
} from '../../module/odoo-models.js';
import { GROUPS } from '../../module/security.js';
import { addDays } from '../../rules/day-count.js';
import { htmlToText } from '../../rules/html.js';
import type { KpiMessage, KpiThread, ReorderFollowUp, Transaction } from '../../rules/kpi/facts.js';
import type { Period } from '../../rules/kpi/periods.js';
import type { KpiId, KpiLine } from '../../rules/kpi/score.js';
import type { CardState, SampleDecision, ValidationState } from '../../rules/kpi/scorecards.js';
import {
  instantOfOptionalOdooDatetime as instant,
  localDate,
  odooDatetimeOfInstant,
  odooDatetimeOfLocal,
} from '../../rules/local-time.js';
import { ActivityStore } from './activity-store.js';
import { type BranchCalendarData, readBranchCalendar } from './calendar-store.js';
import type { Domain, OdooClient } from './client.js';
import { throwFirstRefusal } from './client.js';
import { resolveXmlids } from './external-ids.js';
import { groupedCount } from './grouped-count.js';
import { linkId } from './read-values.js';
import {
  decodeRecord,
  encodeValues,
  fieldNames,
  fieldPath,
  type ValuesOf,
  withFields,
} from './schema-codec.js';
import { groupMembersDomain } from './users.js';
import { installedAddons } from './webhook-rule-store.js';

/**
 * What the KPI job reads and writes (seed 003): the officers and the Head of Marketing, the
 * company's working calendar, customer messages by e-mail (Odoo's chatter) and WhatsApp (the
 * bridge's message log), sales (posted customer invoices or confirmed orders) and workshop
 * visits, re-order follow-ups (done *Follow Up Re-Order* activities), and the scorecards, their
 * samples and activities. Odoo's model and field names stay here; instants are UTC epoch ms,
 * dates dealer-local `YYYY-MM-DD`.
 */
export type RevenueSource = 'invoices' | 'orders';

export interface KpiOfficer {
  id: number;
  name: string;
}

export interface StoredCard {
  id: number;
  key: string;
  state: CardState | null;
  sampleSeed: number | null;
  samplePicks: string[] | null;
  validationRequested: boolean;
  reviewRequested: boolean;
}

export interface StoredSample extends SampleDecision {
  id: number;
  cardId: number;
  key: string;
}

export interface CardSample {
  seed: number;
  method: 'all' | 'simple-random' | 'systematic';
  population: number;
  interval: number | null;
  start: number | null;
  picks: string[];
}

export interface CardWrite {
  key: string;
  officerId: number | null;
  period: Period;
  state: CardState;
  lines: readonly KpiLine[];
  total: number;
  maxTotal: number;
  share: number;
  reviews: readonly KpiId[];
  messages: number | null;
  repliedInTime: number | null;
  revenue: { revenue: number; previous: number; local: number; export: number; source: RevenueSource } | null;
  /** Written once, when the sample is drawn. */
  sample: CardSample | null;
  computedAt: number;
}

export interface NewSample {
  cardId: number;
  key: string;
  officerId: number | null;
  position: number;
  channel: 'email' | 'whatsapp';
  partnerId: number | null;
  thread: string;
  message: string;
  reply: string;
  receivedAt: number;
  repliedAt: number | null;
  dueAt: number | null;
  workingHours: number | null;
  withinOneDay: boolean;
  fast: boolean;
}

export type CardActivityKind = 'validation' | 'review';

export interface NewCardActivity {
  cardId: number;
  kind: CardActivityKind;
  userId: number;
  summary: string;
  note: string;
  deadline: string;
}

export interface KpiStore {
  /** Active internal users in the Customer Relations Officer group. */
  officers(): Promise<KpiOfficer[]>;
  /** Users who validate and review: the Head of Marketing group, else the KPI module's PIC group. */
  reviewers(): Promise<number[]>;
  /** The company's working hours and closures between two dealer dates. */
  calendar(from: string, to: string): Promise<BranchCalendarData>;
  /** The sales this database holds: posted invoices where Invoicing is installed, orders where Sales is. */
  salesSources(): Promise<RevenueSource[]>;
  /**
   * Where KPI-3's revenue comes from: the configured source, or (`auto`) invoices when posted
   * customer invoices exist from `from` on, else orders (a dealer who invoices elsewhere).
   */
  revenueSource(preferred: 'auto' | RevenueSource, from: string): Promise<RevenueSource>;
  /** Customer messages and officers' replies from `since` on, and the threads they are in. */
  messages(since: number): Promise<{ messages: KpiMessage[]; threads: KpiThread[] }>;
  /** Sales of one source dated within [from, to] (dealer dates), by the customer's commercial partner. */
  sales(source: RevenueSource, from: string, to: string): Promise<Transaction[]>;
  /** Workshop visits (WORs) and units bought here (the CDB's purchase dates) within [from, to]. */
  visits(from: string, to: string): Promise<Transaction[]>;
  /**
   * Which of these customers had a sale of any source (or, with `visits`, a visit or a unit
   * bought) dated before `date`.
   */
  customersBefore(
    partnerIds: readonly number[],
    date: string,
    options: { visits: boolean },
  ): Promise<Set<number>>;
  /** Done *Follow Up Re-Order* activities from `since` on, by these officers. */
  reorderFollowUps(since: number, officers: ReadonlySet<number>): Promise<ReorderFollowUp[]>;
  cards(keys: readonly string[]): Promise<StoredCard[]>;
  samples(cardIds: readonly number[]): Promise<StoredSample[]>;
  /** The plain text of messages by key (`mail:<id>`, `wa:<id>`), cut to a readable length. */
  messageTexts(keys: readonly string[]): Promise<Map<string, string>>;
  /** Creates or updates cards by key (only what changed): every card's id by key, and how many were written. */
  writeCards(
    rows: readonly CardWrite[],
    existing: ReadonlyMap<string, StoredCard>,
  ): Promise<{ ids: Map<string, number>; written: number }>;
  createSamples(rows: readonly NewSample[]): Promise<void>;
  /** The cards' validation and review activities, open or done. */
  cardActivities(cardIds: readonly number[]): Promise<Array<{ cardId: number; kind: CardActivityKind }>>;
  createActivities(rows: readonly NewCardActivity[]): Promise<void>;
  /** Marks the cards whose validation or review was asked for, so it is asked once. */
  markRequested(rows: ReadonlyArray<{ id: number; kind: CardActivityKind }>): Promise<void>;
}

const TEXT_LIMIT = 600;
const KIND_TYPES: Record<CardActivityKind, string> = {
  validation: ACTIVITY_TYPES.kpiValidation,
  review: ACTIVITY_TYPES.kpiReview,
};

/** The chatter threads whose messages count, with the user responsible and the customer. */
interface ThreadModel {
  model: string;
  addon: string | null;
  owner: string;
  /** null: the record is the customer. */
  partner: string | null;
}

const THREAD_MODELS: readonly ThreadModel[] = [
  { model: PARTNER.model, addon: null, owner: PARTNER.f.salesperson, partner: null },
  { model: LEAD.model, addon: CRM_ADDON, owner: LEAD.f.salesperson, partner: LEAD.f.partner },
  {
    model: SALE_ORDER.model,
    addon: SALES_ADDON,
    owner: SALE_ORDER.f.salesperson,
    partner: SALE_ORDER.f.partner,
  },
  { model: FOLLOWUP.model, addon: null, owner: FOLLOWUP.f.adminId, partner: FOLLOWUP.f.partnerId },
  { model: COMPLAINT.model, addon: null, owner: COMPLAINT.f.userId, partner: COMPLAINT.f.partnerId },
];

const MESSAGE_READ = ['model', 'resId', 'date', 'author', 'messageType', 'subtype'] as const;
const WA_READ = [
  'direction',
  'partnerId',
  'followUpId',
  'phone',
  'receivedAt',
  'sentAt',
  'createUid',
  'intent',
] as const;
/** Posted customer invoices and credit notes. */
const INVOICE_DOMAIN = [
  [ACCOUNT_MOVE.f.moveType, 'in', ['out_invoice', 'out_refund']],
  [ACCOUNT_MOVE.f.state, '=', 'posted'],
] as const;
/** Confirmed sales orders (`sale`; 17–19 have no `done` state: a locked order stays `sale`). */
const ORDER_DOMAIN = [[SALE_ORDER.f.state, '=', 'sale']] as const;
const WA_SCHEMA = withFields(WA_MESSAGE, { createUid: LOG_ACCESS.createUid });
const CARD_READ = [
  'key',
  'state',
  'sampleSeed',
  'samplePicks',
  'validationRequested',
  'reviewRequested',
] as const;
const SAMPLE_READ = ['scoreId', 'key', 'withinOneDay', 'fast', 'validation', 'representative'] as const;

export class OdooKpiStore implements KpiStore {
  private addons: Set<string> | null = null;
  private internalPartners: Map<number, number> | null = null;
  private readonly partners = new Map<number, { commercial: number; country: number | null }>();
  private companyRead: Promise<{ calendar: number | null; country: number | null }> | null = null;
  private readonly activities: ActivityStore;

  constructor(
    private readonly client: OdooClient,
    private readonly timeZone: string,
  ) {
    this.activities = new ActivityStore(client, KPI_SCORE, Object.values(KIND_TYPES));
  }

  private async installed(): Promise<Set<string>> {
    this.addons ??= await installedAddons(this.client, [INVOICING_ADDON, SALES_ADDON, CRM_ADDON]);
    return this.addons;
  }

  private async groupUsers(group: string): Promise<KpiOfficer[]> {
    const found = await resolveXmlids(this.client, [group]);
    const groupId = found.get(group)?.id;
    if (groupId === undefined) throw new Error(`${group} is missing: run h23-bridge install`);
    const rows = await this.client.searchRead(
      USERS.model,
      groupMembersDomain(this.client, groupId),
      fieldNames(USERS, ['name']),
      { order: 'id asc' },
    );
    return rows.map((row) => {
      const user = decodeRecord(USERS, ['name'], row);
      return { id: user.id, name: user.name ?? `#${user.id}` };
    });
  }

  async officers(): Promise<KpiOfficer[]> {
    return this.groupUsers(GROUPS.customerRelationsOfficer);
  }

  async reviewers(): Promise<number[]> {
    const heads = await this.groupUsers(GROUPS.headOfMarketing);
    return (heads.length > 0 ? heads : await this.groupUsers(GROUPS.pic)).map((user) => user.id);
  }

  /** The (first) company's calendar and country, read once per store. */
  private company(): Promise<{ calendar: number | null; country: number | null }> {
    this.companyRead ??= this.client
      .searchRead(COMPANY.model, [], fieldNames(COMPANY, ['calendar', 'country']), {
        limit: 1,
        order: 'id asc',
      })
      .then(([row]) =>
        row ? decodeRecord(COMPANY, ['calendar', 'country'], row) : { calendar: null, country: null },
      );
    return this.companyRead;
  }

  async calendar(from: string, to: string): Promise<BranchCalendarData> {
    return readBranchCalendar(this.client, (await this.company()).calendar, from, to);
  }

  async salesSources(): Promise<RevenueSource[]> {
    const addons = await this.installed();
    return [
      ...(addons.has(INVOICING_ADDON) ? (['invoices'] as const) : []),
      ...(addons.has(SALES_ADDON) ? (['orders'] as const) : []),
    ];
  }

  async revenueSource(preferred: 'auto' | RevenueSource, from: string): Promise<RevenueSource> {
    const sources = await this.salesSources();
    if (preferred !== 'auto') {
      if (!sources.includes(preferred)) {
        const addon = preferred === 'invoices' ? INVOICING_ADDON : SALES_ADDON;
        throw new Error(
          `kpi.revenueSource is ${preferred}, but Odoo's ${addon} addon is not installed in this database`,
        );
      }
      return preferred;
    }
    if (sources.length === 0) {
      throw new Error(
        `Neither Invoicing (${INVOICING_ADDON}) nor Sales (${SALES_ADDON}) is installed: KPI-3 to KPI-6 have no sales to count`,
      );
    }
    // Sales brings Invoicing along (sale depends on account_payment): a dealer who confirms
    // orders here and invoices elsewhere has the addon and no invoices.
    if (sources.includes('invoices') && sources.includes('orders')) {
      const invoiced = await this.client.searchCount(ACCOUNT_MOVE.model, [
        ...INVOICE_DOMAIN,
        [ACCOUNT_MOVE.f.invoiceDate, '>=', from],
      ]);
      return invoiced > 0 ? 'invoices' : 'orders';
    }
    return sources[0] as RevenueSource;
  }

  /** Each partner's commercial entity (the company a contact works for, or itself). */
  private async commercialOf(partnerIds: Iterable<number>): Promise<Map<number, number>> {
    const facts = await this.partnerFacts(partnerIds);
    return new Map([...facts].map(([id, partner]) => [id, partner.commercial]));
  }

  /** Each partner's commercial entity and country, read once per store for all the reads that ask. */
  private async partnerFacts(
    partnerIds: Iterable<number>,
  ): Promise<Map<number, { commercial: number; country: number | null }>> {
    const wanted = [...new Set(partnerIds)].filter((id) => !this.partners.has(id));
    if (wanted.length > 0) {
      const keys = ['commercial', 'country'] as const;
      const rows = await this.client.read(PARTNER.model, wanted, fieldNames(PARTNER, keys), {
        context: { active_test: false },
        chunkSize: 5000,
      });
      for (const row of rows) {
        const partner = decodeRecord(PARTNER, keys, row);
        this.partners.set(row.id, { commercial: partner.commercial ?? row.id, country: partner.country });
      }
    }
    return this.partners;
  }

  /** Internal users by their partner: an author who is one wrote from the dealer's side. */
  private async usersByPartner(): Promise<Map<number, number>> {
    if (!this.internalPartners) {
      const rows = await this.client.searchRead(
        USERS.model,
        [[USERS.f.share, '=', false]],
        fieldNames(USERS, ['partner']),
        { context: { active_test: false } },
      );
      this.internalPartners = new Map(
        rows.flatMap((row) => {
          const user = decodeRecord(USERS, ['partner'], row);
          return user.partner === null ? [] : [[user.partner, user.id] as const];
        }),
      );
    }
    return this.internalPartners;
  }

  private async threadModels(): Promise<ThreadModel[]> {
    const addons = await this.installed();
    return THREAD_MODELS.filter((thread) => thread.addon === null || addons.has(thread.addon));
  }

  private async threadsOf(refs: ReadonlyArray<{ model: string; resId: number }>): Promise<KpiThread[]> {
    const threads: KpiThread[] = [];
    for (const spec of await this.threadModels()) {
      const ids = [...new Set(refs.filter((ref) => ref.model === spec.model).map((ref) => ref.resId))];
      if (ids.length === 0) continue;
      const fields = spec.partner ? [spec.owner, spec.partner] : [spec.owner];
      const rows = await this.client.read(spec.model, ids, fields, { context: { active_test: false } });
      for (const row of rows) {
        threads.push({
          key: `${spec.model},${row.id}`,
          ownerUserId: linkId(row[spec.owner]),
          partnerId: spec.partner ? linkId(row[spec.partner]) : row.id,
        });
      }
    }
    const commercial = await this.commercialOf(threads.flatMap((thread) => thread.partnerId ?? []));
    for (const thread of threads) {
      if (thread.partnerId !== null) thread.partnerId = commercial.get(thread.partnerId) ?? thread.partnerId;
    }
    return threads;
  }

  async messages(since: number): Promise<{ messages: KpiMessage[]; threads: KpiThread[] }> {
    const users = await this.usersByPartner();
    const comment = (await resolveXmlids(this.client, [ODOO_XMLIDS.commentSubtype])).get(
      ODOO_XMLIDS.commentSubtype,
    )?.id;
    const models = (await this.threadModels()).map((thread) => thread.model);
    const messages: KpiMessage[] = [];
    const refs: Array<{ model: string; resId: number }> = [];
    for await (const page of this.client.searchPages(
      MESSAGE.model,
      [
        [MESSAGE.f.model, 'in', models],
        [MESSAGE.f.messageType, 'in', ['email', 'comment']],
        [MESSAGE.f.date, '>=', odooDatetimeOfInstant(since)],
      ],
      fieldNames(MESSAGE, MESSAGE_READ),
      { pageSize: 5000, untilEmpty: true },
    )) {
      for (const raw of page) {
        const message = decodeRecord(MESSAGE, MESSAGE_READ, raw);
        const at = instant(message.date);
        if (at === null || !message.model || !message.resId) continue;
        const user = message.author === null ? undefined : users.get(message.author);
        const thread = `${message.model},${message.resId}`;
        // A customer's e-mail, or a message they sent from the portal (a comment, not a note).
        const fromCustomer =
          user === undefined && (message.messageType === 'email' || message.subtype === comment);
        if (fromCustomer) {
          messages.push({
            key: `mail:${message.id}`,
            channel: 'email',
            thread,
            at,
            direction: 'inbound',
            authorUserId: null,
          });
          refs.push({ model: message.model, resId: message.resId });
        } else if (user !== undefined && user !== this.client.uid && message.subtype === comment) {
          // Sent to the customer (a reply), not a note; a customer's own message is never one.
          messages.push({
            key: `mail:${message.id}`,
            channel: 'email',
            thread,
            at,
            direction: 'outbound',
            authorUserId: user,
          });
        }
      }
    }
    // A WhatsApp message belongs to the chatter of its follow-up, else of its customer: an
    // officer answers from there (or queues a WhatsApp message), as for e-mail.
    const since_ = odooDatetimeOfInstant(since);
    for await (const page of this.client.searchPages(
      WA_SCHEMA.model,
      [
        '|',
        '&',
        [WA_SCHEMA.f.direction, '=', 'in'],
        [WA_SCHEMA.f.receivedAt, '>=', since_],
        '&',
        [WA_SCHEMA.f.direction, '=', 'out'],
        [WA_SCHEMA.f.sentAt, '>=', since_],
      ],
      fieldNames(WA_SCHEMA, WA_READ),
      { pageSize: 5000 },
    )) {
      for (const raw of page) {
        const message = decodeRecord(WA_SCHEMA, WA_READ, raw);
        const ref =
          message.followUpId !== null
            ? { model: FOLLOWUP.model, resId: message.followUpId }
            : message.partnerId !== null
              ? { model: PARTNER.model, resId: message.partnerId }
              : null;
        const thread = ref ? `${ref.model},${ref.resId}` : message.phone ? `wa:${message.phone}` : null;
        if (thread === null) continue;
        if (message.direction === 'in') {
          const at = instant(message.receivedAt);
          // A quick-reply button (booking, later, stop) answers the FU1: no question to answer.
          if (at === null || (message.intent !== null && message.intent !== 'message')) continue;
          messages.push({
            key: `wa:${message.id}`,
            channel: 'whatsapp',
            thread,
            at,
            direction: 'inbound',
            authorUserId: null,
          });
          if (ref) refs.push(ref);
        } else {
          const at = instant(message.sentAt);
          // The bridge's own sends (FU1) are no officer's reply, nor anyone's.
          if (at === null || message.createUid === null || message.createUid === this.client.uid) continue;
          messages.push({
            key: `wa:${message.id}`,
            channel: 'whatsapp',
            thread,
            at,
            direction: 'outbound',
            // Who queued it: a user answering from Odoo.
            authorUserId: message.createUid,
          });
        }
      }
    }
    return { messages, threads: await this.threadsOf(refs) };
  }

  async sales(source: RevenueSource, from: string, to: string): Promise<Transaction[]> {
    const rows: Array<Omit<Transaction, 'export'>> = [];
    if (source === 'invoices') {
      const read = ['invoiceDate', 'partner', 'salesperson', 'amount'] as const;
      for await (const page of this.client.searchPages(
        ACCOUNT_MOVE.model,
        [...INVOICE_DOMAIN, [ACCOUNT_MOVE.f.invoiceDate, '>=', from], [ACCOUNT_MOVE.f.invoiceDate, '<=', to]],
        fieldNames(ACCOUNT_MOVE, read),
        { pageSize: 5000 },
      )) {
        for (const raw of page) {
          const move = decodeRecord(ACCOUNT_MOVE, read, raw);
          if (move.partner === null || !move.invoiceDate) continue;
          // Odoo's commercial partner already, in the company currency already.
          rows.push({
            source: 'invoice',
            partnerId: move.partner,
            userId: move.salesperson,
            date: move.invoiceDate,
            amount: move.amount,
          });
        }
      }
    } else {
      const read = ['dateOrder', 'partner', 'salesperson', 'amount', 'currencyRate'] as const;
      for await (const page of this.client.searchPages(
        SALE_ORDER.model,
        [
          ...ORDER_DOMAIN,
          [SALE_ORDER.f.dateOrder, '>=', odooDatetimeOfLocal(from, 0, this.timeZone)],
          [SALE_ORDER.f.dateOrder, '<', odooDatetimeOfLocal(addDays(to, 1), 0, this.timeZone)],
        ],
        fieldNames(SALE_ORDER, read),
        { pageSize: 5000 },
      )) {
        for (const raw of page) {
          const order = decodeRecord(SALE_ORDER, read, raw);
          const at = instant(order.dateOrder);
          if (order.partner === null || at === null) continue;
          rows.push({
            source: 'order',
            partnerId: order.partner,
            userId: order.salesperson,
            date: localDate(new Date(at), this.timeZone),
            // The order's currency per unit of the company's, as Odoo converts it.
            amount: order.currencyRate > 0 ? order.amount / order.currencyRate : order.amount,
          });
        }
      }
      const commercial = await this.commercialOf(rows.map((row) => row.partnerId));
      for (const row of rows) row.partnerId = commercial.get(row.partnerId) ?? row.partnerId;
    }
    const home = (await this.company()).country;
    const partners = await this.partnerFacts(rows.map((row) => row.partnerId));
    return rows.map((row) => {
      const country = partners.get(row.partnerId)?.country ?? null;
      return { ...row, export: home !== null && country !== null && country !== home };
    });
  }

  async visits(from: string, to: string): Promise<Transaction[]> {
    const rows: Transaction[] = [];
    const worRead = ['visitDate', 'partnerId'] as const;
    for await (const page of this.client.searchPages(
      WOR.model,
      [
        [WOR.f.visitDate, '>=', from],
        [WOR.f.visitDate, '<=', to],
        [WOR.f.partnerId, '!=', false],
      ],
      fieldNames(WOR, worRead),
      { pageSize: 5000 },
    )) {
      for (const raw of page) {
        const wor = decodeRecord(WOR, worRead, raw);
        if (wor.partnerId === null || !wor.visitDate) continue;
        rows.push({
          source: 'visit',
          partnerId: wor.partnerId,
          userId: null,
          date: wor.visitDate,
          amount: 0,
          export: false,
        });
      }
    }
    const unitRead = ['purchaseDate', 'partnerId'] as const;
    for await (const page of this.client.searchPages(
      UNIT.model,
      [
        [UNIT.f.purchaseDate, '>=', from],
        [UNIT.f.purchaseDate, '<=', to],
        [UNIT.f.partnerId, '!=', false],
      ],
      fieldNames(UNIT, unitRead),
      { pageSize: 5000 },
    )) {
      for (const raw of page) {
        const unit = decodeRecord(UNIT, unitRead, raw);
        if (unit.partnerId === null || !unit.purchaseDate) continue;
        rows.push({
          source: 'purchase',
          partnerId: unit.partnerId,
          userId: null,
          date: unit.purchaseDate,
          amount: 0,
          export: false,
        });
      }
    }
    const commercial = await this.commercialOf(rows.map((row) => row.partnerId));
    return rows.map((row) => ({ ...row, partnerId: commercial.get(row.partnerId) ?? row.partnerId }));
  }

  async customersBefore(
    partnerIds: readonly number[],
    date: string,
    options: { visits: boolean },
  ): Promise<Set<number>> {
    const found = new Set<number>();
    const sources = await this.salesSources();
    const ids = [...new Set(partnerIds)];
    // Asked by commercial partner; a contact's order or visit is its company's.
    for (let start = 0; start < ids.length; start += 2000) {
      const chunk = ids.slice(start, start + 2000);
      const counts: Array<[string, Domain, string]> = [];
      if (sources.includes('invoices')) {
        counts.push([
          ACCOUNT_MOVE.model,
          [...INVOICE_DOMAIN, [ACCOUNT_MOVE.f.invoiceDate, '<', date], [ACCOUNT_MOVE.f.partner, 'in', chunk]],
          ACCOUNT_MOVE.f.partner,
        ]);
      }
      if (sources.includes('orders')) {
        counts.push([
          SALE_ORDER.model,
          [
            ...ORDER_DOMAIN,
            [SALE_ORDER.f.dateOrder, '<', odooDatetimeOfLocal(date, 0, this.timeZone)],
            [fieldPath(SALE_ORDER.f.partner, PARTNER.f.commercial), 'in', chunk],
          ],
          SALE_ORDER.f.partner,
        ]);
      }
      if (options.visits) {
        counts.push([
          WOR.model,
          [
            [WOR.f.visitDate, '<', date],
            [fieldPath(WOR.f.partnerId, PARTNER.f.commercial), 'in', chunk],
          ],
          WOR.f.partnerId,
        ]);
        counts.push([
          UNIT.model,
          [
            [UNIT.f.purchaseDate, '<', date],
            [fieldPath(UNIT.f.partnerId, PARTNER.f.commercial), 'in', chunk],
          ],
          UNIT.f.partnerId,
        ]);
      }
      for (const [model, domain, field] of counts) {
        for (const [value, count] of await groupedCount(this.client, model, domain, field)) {
          const id = linkId(value);
          if (id !== null && count > 0) found.add(id);
        }
      }
    }
    // Grouped by the contact that bought: back to the commercial partner asked about.
    const buyers = await this.commercialOf(found);
    return new Set([...found].map((id) => buyers.get(id) ?? id));
  }

  async reorderFollowUps(since: number, officers: ReadonlySet<number>): Promise<ReorderFollowUp[]> {
    const type = (await resolveXmlids(this.client, [ACTIVITY_TYPES.reorderFollowUp])).get(
      ACTIVITY_TYPES.reorderFollowUp,
    )?.id;
    if (type === undefined)
      throw new Error(`${ACTIVITY_TYPES.reorderFollowUp} is missing: run h23-bridge install`);
    const users = await this.usersByPartner();
    const read = ['model', 'resId', 'date', 'author'] as const;
    const done: Array<{ id: number; model: string; resId: number; at: number; officerId: number }> = [];
    for await (const page of this.client.searchPages(
      MESSAGE.model,
      [
        [MESSAGE.f.activityType, '=', type],
        [MESSAGE.f.date, '>=', odooDatetimeOfInstant(since)],
      ],
      fieldNames(MESSAGE, read),
      { pageSize: 5000 },
    )) {
      for (const raw of page) {
        const message = decodeRecord(MESSAGE, read, raw);
        const officerId = message.author === null ? undefined : users.get(message.author);
        const at = instant(message.date);
        if (
          officerId === undefined ||
          !officers.has(officerId) ||
          at === null ||
          !message.model ||
          !message.resId
        )
          continue;
        done.push({ id: message.id, model: message.model, resId: message.resId, at, officerId });
      }
    }
    const partnerOf = new Map((await this.threadsOf(done)).map((thread) => [thread.key, thread.partnerId]));
    return done.flatMap((followUp) => {
      const partnerId = partnerOf.get(`${followUp.model},${followUp.resId}`);
      if (partnerId === null || partnerId === undefined) return [];
      return [
        {
          key: `mail:${followUp.id}`,
          officerId: followUp.officerId,
          partnerId,
          date: localDate(new Date(followUp.at), this.timeZone),
        },
      ];
    });
  }

  async cards(keys: readonly string[]): Promise<StoredCard[]> {
    if (keys.length === 0) return [];
    const rows = await this.client.searchRead(
      KPI_SCORE.model,
      [[KPI_SCORE.f.key, 'in', [...keys]]],
      fieldNames(KPI_SCORE, CARD_READ),
    );
    return rows.map((raw) => {
      const card = decodeRecord(KPI_SCORE, CARD_READ, raw);
      const seed = card.sampleSeed === null ? null : Number(card.sampleSeed);
      return {
        id: card.id,
        key: String(card.key),
        state: (card.state as CardState | null) ?? null,
        sampleSeed: seed !== null && Number.isInteger(seed) ? seed : null,
        samplePicks: card.samplePicks ? (JSON.parse(card.samplePicks) as string[]) : null,
        validationRequested: card.validationRequested,
        reviewRequested: card.reviewRequested,
      };
    });
  }

  async samples(cardIds: readonly number[]): Promise<StoredSample[]> {
    if (cardIds.length === 0) return [];
    const rows = await this.client.searchRead(
      KPI_SAMPLE.model,
      [[KPI_SAMPLE.f.scoreId, 'in', [...cardIds]]],
      fieldNames(KPI_SAMPLE, SAMPLE_READ),
    );
    return rows.map((raw) => {
      const sample = decodeRecord(KPI_SAMPLE, SAMPLE_READ, raw);
      return {
        id: sample.id,
        cardId: Number(sample.scoreId),
        key: String(sample.key),
        withinOneDay: sample.withinOneDay,
        fast: sample.fast,
        validation: (sample.validation as ValidationState | null) ?? 'pending',
        representative: sample.representative,
      };
    });
  }

  async messageTexts(keys: readonly string[]): Promise<Map<string, string>> {
    const texts = new Map<string, string>();
    const idsOf = (prefix: string): number[] =>
      keys.filter((key) => key.startsWith(prefix)).map((key) => Number(key.slice(prefix.length)));
    const mail = idsOf('mail:');
    if (mail.length > 0) {
      for (const row of await this.client.read(MESSAGE.model, mail, fieldNames(MESSAGE, ['body']))) {
        texts.set(`mail:${row.id}`, cut(htmlToText(String(decodeRecord(MESSAGE, ['body'], row).body ?? ''))));
      }
    }
    const wa = idsOf('wa:');
    if (wa.length > 0) {
      for (const row of await this.client.read(WA_MESSAGE.model, wa, fieldNames(WA_MESSAGE, ['body']))) {
        texts.set(`wa:${row.id}`, cut(String(decodeRecord(WA_MESSAGE, ['body'], row).body ?? '')));
      }
    }
    return texts;
  }

  async writeCards(
    rows: readonly CardWrite[],
    existing: ReadonlyMap<string, StoredCard>,
  ): Promise<{ ids: Map<string, number>; written: number }> {
    const ids = new Map([...existing].map(([key, card]) => [key, card.id]));
    const current = await this.currentValues([...existing.values()].map((card) => card.id));
    const creates: Array<{ key: string; values: Record<string, unknown> }> = [];
    const updates: Array<{ id: number; values: Record<string, unknown> }> = [];
    for (const row of rows) {
      const values = encodeValues(KPI_SCORE, cardValues(row));
      const id = ids.get(row.key);
      if (id === undefined) {
        creates.push({ key: row.key, values });
        continue;
      }
      const stored = current.get(id) ?? {};
      const changed = Object.fromEntries(
        Object.entries(values).filter(
          ([field, value]) => field !== KPI_SCORE.f.computedAt && !sameValue(stored[field], value),
        ),
      );
      if (Object.keys(changed).length > 0) {
        updates.push({
          id,
          values: { ...changed, [KPI_SCORE.f.computedAt]: values[KPI_SCORE.f.computedAt] },
        });
      }
    }
    const created = await this.client.create(
      KPI_SCORE.model,
      creates.map((row) => row.values),
    );
    created.forEach((outcome, index) => {
      const row = creates[index];
      if (outcome.error) throw outcome.error;
      if (row && outcome.id !== undefined) ids.set(row.key, outcome.id);
    });
    throwFirstRefusal(await this.client.write(KPI_SCORE.model, updates));
    return { ids, written: creates.length + updates.length };
  }

  private async currentValues(ids: readonly number[]): Promise<Map<number, Record<string, unknown>>> {
    if (ids.length === 0) return new Map();
    const fields = Object.values(KPI_SCORE.fields)
      .filter((field) => field.type !== 'one2many' && field.name !== KPI_SCORE.f.name)
      .map((field) => field.name);
    const rows = await this.client.read(KPI_SCORE.model, ids, fields);
    return new Map(rows.map((row) => [row.id, row as Record<string, unknown>]));
  }

  async createSamples(rows: readonly NewSample[]): Promise<void> {
    const outcomes = await this.client.create(
      KPI_SAMPLE.model,
      rows.map((row) =>
        encodeValues(KPI_SAMPLE, {
          scoreId: row.cardId,
          key: row.key,
          officer: row.officerId,
          position: row.position,
          channel: row.channel,
          partnerId: row.partnerId,
          thread: row.thread,
          message: row.message,
          reply: row.reply,
          receivedAt: odooDatetimeOfInstant(row.receivedAt),
          repliedAt: row.repliedAt === null ? null : odooDatetimeOfInstant(row.repliedAt),
          dueAt: row.dueAt === null ? null : odooDatetimeOfInstant(row.dueAt),
          workingHours: row.workingHours ?? 0,
          withinOneDay: row.withinOneDay,
          fast: row.fast,
          validation: 'pending',
        } satisfies ValuesOf<typeof KPI_SAMPLE>),
      ),
    );
    throwFirstRefusal(outcomes);
  }

  async cardActivities(
    cardIds: readonly number[],
  ): Promise<Array<{ cardId: number; kind: CardActivityKind }>> {
    const kinds = new Map(Object.entries(KIND_TYPES).map(([kind, type]) => [type, kind as CardActivityKind]));
    return (await this.activities.open(cardIds, { done: true })).flatMap((activity) => {
      const kind = activity.type === null ? undefined : kinds.get(activity.type);
      return kind ? [{ cardId: activity.resId, kind }] : [];
    });
  }

  async createActivities(rows: readonly NewCardActivity[]): Promise<void> {
    const outcomes = await this.activities.create(
      rows.map((row) => ({
        resId: row.cardId,
        type: KIND_TYPES[row.kind],
        userId: row.userId,
        summary: row.summary,
        note: row.note,
        deadline: row.deadline,
      })),
    );
    throwFirstRefusal(outcomes);
  }

  async markRequested(rows: ReadonlyArray<{ id: number; kind: CardActivityKind }>): Promise<void> {
    const written = await this.client.write(
      KPI_SCORE.model,
      rows.map((row) => ({
        id: row.id,
        values: encodeValues(
          KPI_SCORE,
          row.kind === 'validation' ? { validationRequested: true } : { reviewRequested: true },
        ),
      })),
    );
    throwFirstRefusal(written);
  }
}

const LINE_FIELDS: Record<KpiId, readonly [string, string, string, string]> = {
  'KPI-1': ['kpi1Numerator', 'kpi1Denominator', 'kpi1Achievement', 'kpi1Score'],
  'KPI-2': ['kpi2Numerator', 'kpi2Denominator', 'kpi2Achievement', 'kpi2Score'],
  'KPI-3': ['kpi3Numerator', 'kpi3Denominator', 'kpi3Achievement', 'kpi3Score'],
  'KPI-4': ['kpi4Numerator', 'kpi4Denominator', 'kpi4Achievement', 'kpi4Score'],
  'KPI-5': ['kpi5Numerator', 'kpi5Denominator', 'kpi5Achievement', 'kpi5Score'],
  'KPI-6': ['kpi6Numerator', 'kpi6Denominator', 'kpi6Achievement', 'kpi6Score'],
};

function cardValues(row: CardWrite): ValuesOf<typeof KPI_SCORE> {
  const values: Record<string, unknown> = {
    key: row.key,
    officer: row.officerId,
    period: row.period.key,
    kind: row.period.kind,
    periodFrom: row.period.from,
    periodTo: row.period.to,
    state: row.state,
    total: row.total,
    maxTotal: row.maxTotal,
    share: round2(row.share * 100),
    reviews: row.reviews.length > 0 ? row.reviews.join(', ') : null,
    computedAt: odooDatetimeOfInstant(row.computedAt),
  };
  for (const line of row.lines) {
    const [numerator, denominator, achievement, score] = LINE_FIELDS[line.kpi];
    values[numerator] = round2(line.numerator);
    values[denominator] = round2(line.denominator);
    values[achievement] = line.achievement === null ? 0 : round2(line.achievement * 100);
    values[score] = line.score;
  }
  if (row.messages !== null) values.messages = row.messages;
  if (row.repliedInTime !== null) values.repliedInTime = row.repliedInTime;
  if (row.revenue) {
    values.revenue = row.revenue.revenue;
    values.previousRevenue = row.revenue.previous;
    values.localRevenue = row.revenue.local;
    values.exportRevenue = row.revenue.export;
    values.revenueSource = row.revenue.source;
  }
  if (row.sample) {
    values.sampleSeed = String(row.sample.seed);
    values.sampleMethod = row.sample.method;
    values.samplePopulation = row.sample.population;
    values.sampleInterval = row.sample.interval ?? 0;
    values.sampleStart = row.sample.start ?? 0;
    values.samplePicks = JSON.stringify(row.sample.picks);
  }
  return values as ValuesOf<typeof KPI_SCORE>;
}

/** Odoo answers an empty char as false, a many2one as [id, name], floats as stored. */
function sameValue(stored: unknown, wanted: unknown): boolean {
  const plain = Array.isArray(stored) ? stored[0] : stored;
  if ((plain === false || plain === null || plain === undefined) && (wanted === false || wanted === null))
    return true;
  if (typeof plain === 'number' && typeof wanted === 'number') return Math.abs(plain - wanted) < 0.005;
  return plain === wanted;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function cut(text: string): string {
  return text.length > TEXT_LIMIT ? `${text.slice(0, TEXT_LIMIT - 1)}…` : text;
}
