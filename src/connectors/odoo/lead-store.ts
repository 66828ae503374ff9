import { ACTIVITY_TYPES } from '../../module/activity-types.js';
import { LEAD_STAGES, LEAD_TEAM } from '../../module/leads.js';
import { CRM_STAGE, LEAD, MESSAGE, ODOO_XMLIDS, PARTNER, USERS } from '../../module/odoo-models.js';
import { validEmail } from '../../rules/email.js';
import { normalizePhone } from '../../rules/import/normalize.js';
import type { LeadFacts, LeadMatches, LeadStage } from '../../rules/leads/lead-entry.js';
import {
  type ClientStatus,
  parseRecontacts,
  recontactMonthsOf,
  type WonDealFacts,
} from '../../rules/leads/past-clients.js';
import { localDateOfOdooDatetime } from '../../rules/local-time.js';
import { ActivityStore } from './activity-store.js';
import { chunk } from './batching.js';
import { type OdooClient, throwFirstRefusal } from './client.js';
import { resolveXmlids } from './external-ids.js';
import { phoneSpellings, searchPartnersByPhone } from './partner-phones.js';
import { decodeRecord, encodeValues, fieldNames } from './schema-codec.js';

const LEAD_READ = [
  'name',
  'contactName',
  'partner',
  'phone',
  'email',
  'source',
  'description',
  'salesperson',
  'stage',
  'quotationDate',
  'missing',
  'duplicates',
  'writeDate',
] as const;
const DEAL_READ = [
  'partner',
  'salesperson',
  'bastDate',
  'completionDate',
  'contractValue',
  'products',
  'projectMissing',
  'projectRecorded',
  'recontacts',
] as const;
const ACTIVITY_OF = {
  incomplete: ACTIVITY_TYPES.leadIncomplete,
  stale: ACTIVITY_TYPES.leadStale,
  project: ACTIVITY_TYPES.leadProject,
  recontact: ACTIVITY_TYPES.pastClientRecontact,
} as const;
const TYPES = Object.values(ACTIVITY_OF);
/** The bridge's writes on a lead leave no trace in its chatter and notify nobody. */
const QUIET = { tracking_disable: true, mail_notrack: true } as const;

export type LeadActivityKind = keyof typeof ACTIVITY_OF;

/** What the bridge writes on a lead, quietly. */
export type LeadValues = Partial<
  Record<
    'missing' | 'duplicates' | 'quotationDate' | 'projectMissing' | 'projectRecorded' | 'recontacts',
    string | null
  >
>;

export interface LeadActivity {
  leadId: number;
  kind: LeadActivityKind;
  userId: number | null;
  deadline: string;
  summary: string;
  note: string;
}

/** What the leads job reads and writes. */
export interface LeadStore {
  /** The open leads of the H23 team, with their state as the rule sees it, page by page. */
  leads(timeZone: string): AsyncIterable<LeadFacts[]>;
  matches(leads: readonly LeadFacts[]): Promise<Map<number, LeadMatches>>;
  /** The won deals of the H23 team (LD-4), page by page. */
  wonDeals(): AsyncIterable<WonDealFacts[]>;
  /** The customers holding a client status, and which. */
  clientStatuses(): Promise<Map<number, ClientStatus>>;
  setClientStatuses(rows: ReadonlyArray<{ partnerId: number; status: ClientStatus | null }>): Promise<void>;
  write(rows: ReadonlyArray<{ leadId: number; values: LeadValues }>): Promise<void>;
  createActivities(rows: readonly LeadActivity[]): Promise<number>;
  /** Marks the open activities of this kind on these leads done. */
  completeActivities(
    leadIds: readonly number[],
    feedback: string,
    kind: 'incomplete' | 'project',
  ): Promise<void>;
}

/**
 * The leads of the H23 sales team in Odoo's CRM. A lead's last touch is the latest of its
 * creation, its last stage change and the last message on it by anyone but the bridge (a
 * note, a logged call, a change a person made): the bridge's own writes do not reset it.
 */
export class OdooLeadStore implements LeadStore {
  private readonly activities: ActivityStore;
  private refs: { team: number; stages: Map<number, LeadStage>; bridgePartner: number } | null = null;

  constructor(private readonly client: OdooClient) {
    this.activities = new ActivityStore(client, LEAD, TYPES, ODOO_XMLIDS.leadModel);
  }

  private async resolve() {
    if (!this.refs) {
      const found = await resolveXmlids(this.client, [LEAD_TEAM, ...Object.values(LEAD_STAGES)]);
      const stages = new Map<number, LeadStage>();
      for (const [key, xmlid] of Object.entries(LEAD_STAGES) as Array<[LeadStage, string]>) {
        const id = found.get(xmlid)?.id;
        if (id) stages.set(id, key);
      }
      // Odoo's own won stage is shared by every team and shows in the team's pipeline: a deal
      // dragged there is won as well as one in Menang.
      for (const raw of await this.client.searchRead(
        CRM_STAGE.model,
        [[CRM_STAGE.f.won, '=', true]],
        [CRM_STAGE.f.won],
      )) {
        if (!stages.has(raw.id)) stages.set(raw.id, 'won');
      }
      const team = found.get(LEAD_TEAM)?.id;
      if (!team) throw new Error(`${LEAD_TEAM} is missing: install Odoo's CRM, then run h23-bridge install`);
      const [me] = await this.client.read(USERS.model, [this.client.uid], fieldNames(USERS, ['partner']));
      const bridgePartner = me ? (decodeRecord(USERS, ['partner'], me).partner ?? 0) : 0;
      this.refs = { team, stages, bridgePartner };
    }
    return this.refs;
  }

  async *leads(timeZone: string): AsyncGenerator<LeadFacts[]> {
    const { team, stages, bridgePartner } = await this.resolve();
    for await (const page of this.client.searchPages(
      LEAD.model,
      [[LEAD.f.team, '=', team]],
      [...fieldNames(LEAD, LEAD_READ), 'create_date', 'date_last_stage_update'],
      { pageSize: 1000 },
    )) {
      const ids = page.map((record) => record.id);
      const [open, touched] = await Promise.all([
        this.activities.open(ids, { types: TYPES }),
        this.lastTouches(ids, bridgePartner),
      ]);
      yield page.map((raw) => {
        const lead = decodeRecord(LEAD, LEAD_READ, raw);
        const stamps = [raw.create_date, raw.date_last_stage_update, touched.get(lead.id)]
          .filter((value): value is string => typeof value === 'string' && value.length > 0)
          .sort();
        const last = stamps.at(-1) ?? '';
        return {
          id: lead.id,
          name: lead.name ?? '',
          contactName: lead.contactName,
          partnerId: lead.partner,
          phone: lead.phone,
          email: lead.email,
          sourceId: lead.source,
          description: lead.description,
          salespersonId: lead.salesperson,
          stage: (lead.stage !== null ? stages.get(lead.stage) : undefined) ?? 'other',
          quotationDate: lead.quotationDate,
          touchedOn: last ? localDateOfOdooDatetime(last, timeZone) : '',
          missing: lead.missing,
          duplicates: lead.duplicates,
          incompleteActivity: open.some(
            (a) => a.resId === lead.id && a.type === ACTIVITY_TYPES.leadIncomplete,
          ),
          staleActivity: open.some((a) => a.resId === lead.id && a.type === ACTIVITY_TYPES.leadStale),
        };
      });
    }
  }

  async *wonDeals(): AsyncGenerator<WonDealFacts[]> {
    const { team, stages } = await this.resolve();
    const won = [...stages].filter(([, stage]) => stage === 'won').map(([id]) => id);
    if (won.length === 0) return;
    for await (const page of this.client.searchPages(
      LEAD.model,
      [
        [LEAD.f.team, '=', team],
        [LEAD.f.stage, 'in', won],
      ],
      fieldNames(LEAD, DEAL_READ),
      { pageSize: 1000 },
    )) {
      const ids = page.map((record) => record.id);
      const activities = await this.activities.open(ids, {
        types: [ACTIVITY_OF.project, ACTIVITY_OF.recontact],
        done: true,
      });
      const open = await this.activities.open(ids, { types: [ACTIVITY_OF.project] });
      yield page.map((raw) => {
        const deal = decodeRecord(LEAD, DEAL_READ, raw);
        return {
          id: deal.id,
          partnerId: deal.partner,
          salespersonId: deal.salesperson,
          bastDate: deal.bastDate,
          completionDate: deal.completionDate,
          contractValue: deal.contractValue,
          products: deal.products,
          projectMissing: deal.projectMissing,
          projectRecorded: deal.projectRecorded,
          recontacts: parseRecontacts(deal.recontacts),
          projectActivity: open.some((a) => a.resId === deal.id),
          recontactActivities: activities
            .filter((a) => a.resId === deal.id && a.type === ACTIVITY_OF.recontact)
            .map((a) => recontactMonthsOf(a.summary))
            .filter((months): months is number => months !== null),
        };
      });
    }
  }

  async clientStatuses(): Promise<Map<number, ClientStatus>> {
    const rows = await this.client.searchRead(
      PARTNER.model,
      [[PARTNER.f.clientStatus, '!=', false]],
      fieldNames(PARTNER, ['clientStatus']),
      { context: { active_test: false } },
    );
    return new Map(
      rows.map((raw) => [raw.id, decodeRecord(PARTNER, ['clientStatus'], raw).clientStatus as ClientStatus]),
    );
  }

  async setClientStatuses(
    rows: ReadonlyArray<{ partnerId: number; status: ClientStatus | null }>,
  ): Promise<void> {
    const outcomes = await this.client.write(
      PARTNER.model,
      rows.map((row) => ({ id: row.partnerId, values: encodeValues(PARTNER, { clientStatus: row.status }) })),
      { context: QUIET },
    );
    throwFirstRefusal(outcomes);
  }

  /** The latest message on each lead by someone other than the bridge (UTC text). */
  private async lastTouches(leadIds: readonly number[], bridgePartner: number): Promise<Map<number, string>> {
    const latest = new Map<number, string>();
    for (const part of chunk([...leadIds], 1000)) {
      const messages = await this.client.searchRead(
        MESSAGE.model,
        [
          [MESSAGE.f.model, '=', LEAD.model],
          [MESSAGE.f.resId, 'in', part],
          [MESSAGE.f.author, '!=', bridgePartner],
        ],
        fieldNames(MESSAGE, ['resId', 'date']),
        { idsOnly: true },
      );
      for (const message of messages) {
        const { resId, date } = decodeRecord(MESSAGE, ['resId', 'date'], message);
        if (resId && date && date > (latest.get(resId) ?? '')) latest.set(resId, date);
      }
    }
    return latest;
  }

  async matches(leads: readonly LeadFacts[]): Promise<Map<number, LeadMatches>> {
    const phoneOf = new Map<number, string>();
    const emailOf = new Map<number, string>();
    for (const lead of leads) {
      const phone = lead.phone ? normalizePhone(lead.phone) : null;
      if (phone?.ok) phoneOf.set(lead.id, phone.value.e164);
      const email = validEmail(lead.email)?.toLowerCase();
      if (email) emailOf.set(lead.id, email);
    }
    const found = new Map<
      number,
      { partners: LeadMatches['partners'][number][]; leads: LeadMatches['leads'][number][] }
    >();
    const add = (
      leadId: number,
      kind: 'partners' | 'leads',
      match: { id: number; name: string; by: 'phone' | 'email' },
    ) => {
      const entry = found.get(leadId) ?? { partners: [], leads: [] };
      if (!entry[kind].some((m) => m.id === match.id)) entry[kind].push(match);
      found.set(leadId, entry);
    };
    const byPhone = new Map<string, number[]>();
    for (const [leadId, e164] of phoneOf) byPhone.set(e164, [...(byPhone.get(e164) ?? []), leadId]);
    const byEmail = new Map<string, number[]>();
    for (const [leadId, email] of emailOf) byEmail.set(email, [...(byEmail.get(email) ?? []), leadId]);
    const ownPartner = new Map(leads.map((lead) => [lead.id, lead.partnerId]));

    const partners = [
      ...(await searchPartnersByPhone(this.client, byPhone.keys(), [PARTNER.f.name, PARTNER.f.active])).map(
        (record) => ({ record, by: 'phone' as const }),
      ),
      ...(byEmail.size > 0
        ? await this.client.searchRead(
            PARTNER.model,
            [[PARTNER.f.email, 'in', [...byEmail.keys()]]],
            [PARTNER.f.name, PARTNER.f.email],
            { idsOnly: true },
          )
        : []
      ).map((record) => ({ record, by: 'email' as const })),
    ];
    for (const { record, by } of partners) {
      const keys =
        by === 'phone'
          ? this.client.dialect.partnerPhoneFields.flatMap((field) => {
              const phone = typeof record[field] === 'string' ? normalizePhone(String(record[field])) : null;
              return phone?.ok ? (byPhone.get(phone.value.e164) ?? []) : [];
            })
          : (byEmail.get(String(record[PARTNER.f.email] ?? '').toLowerCase()) ?? []);
      for (const leadId of new Set(keys)) {
        if (ownPartner.get(leadId) === record.id) continue;
        add(leadId, 'partners', { id: record.id, name: String(record[PARTNER.f.name] ?? ''), by });
      }
    }
    // Other open leads, in any team: the same client entered twice.
    const spellings = [...byPhone.keys()].flatMap(phoneSpellings);
    const others =
      spellings.length === 0 && byEmail.size === 0
        ? []
        : await this.client.searchRead(
            LEAD.model,
            ['|', [LEAD.f.phone, 'in', spellings], [LEAD.f.email, 'in', [...byEmail.keys()]]],
            fieldNames(LEAD, ['name', 'phone', 'email']),
            { idsOnly: true },
          );
    for (const other of others) {
      const lead = decodeRecord(LEAD, ['name', 'phone', 'email'], other);
      const phone = lead.phone ? normalizePhone(lead.phone) : null;
      const viaPhone = phone?.ok ? (byPhone.get(phone.value.e164) ?? []) : [];
      const viaEmail = byEmail.get((lead.email ?? '').toLowerCase()) ?? [];
      for (const leadId of viaPhone)
        if (leadId !== lead.id) add(leadId, 'leads', { id: lead.id, name: lead.name ?? '', by: 'phone' });
      for (const leadId of viaEmail)
        if (leadId !== lead.id) add(leadId, 'leads', { id: lead.id, name: lead.name ?? '', by: 'email' });
    }
    return found;
  }

  async write(rows: ReadonlyArray<{ leadId: number; values: LeadValues }>): Promise<void> {
    // One write per set of identical values (most leads lack the same few things).
    const outcomes = await this.client.write(
      LEAD.model,
      rows.map((row) => ({ id: row.leadId, values: encodeValues(LEAD, row.values) })),
      { context: QUIET },
    );
    throwFirstRefusal(outcomes);
  }

  async createActivities(rows: readonly LeadActivity[]): Promise<number> {
    const outcomes = await this.activities.create(
      rows.map((row) => ({
        resId: row.leadId,
        type: ACTIVITY_OF[row.kind],
        userId: row.userId,
        summary: row.summary,
        note: row.note,
        deadline: row.deadline,
      })),
    );
    return outcomes.filter((outcome) => outcome.id !== undefined).length;
  }

  async completeActivities(
    leadIds: readonly number[],
    feedback: string,
    kind: 'incomplete' | 'project',
  ): Promise<void> {
    const open = await this.activities.open(leadIds, { types: [ACTIVITY_OF[kind]] });
    await this.activities.markDone(open.map((activity) => ({ id: activity.id, feedback })));
  }
}
