import { DEDUPE_AUDIT, DEDUPE_FINDING, DEDUPE_GROUP, UNIT, WOR } from '../../module/models.js';
import { COMPANY, PARTNER, PARTNER_MERGE_WIZARD, USERS } from '../../module/odoo-models.js';
import type { AuditCounts } from '../../rules/hygiene/audit.js';
import type { CustomerRecord, FindingKind } from '../../rules/hygiene/customer-profile.js';
import { odooDatetimeOfInstant } from '../../rules/local-time.js';
import type { Domain, OdooClient } from './client.js';
import { throwFirstRefusal } from './client.js';
import { decodeRecord, encodeValues, fieldNames, type ValuesOf } from './schema-codec.js';

/**
 * What the duplicate audit reads and writes (issue 17): the customers (contacts that are not an
 * internal user's or a company's, `partner_share`), their phone fields (phone and, on 17/18,
 * mobile: the dialect), e-mail and address, the engine numbers of the units they own and of the
 * WORs that name them; the audit, its groups and findings; and the merge, with Odoo's own wizard.
 */

export type GroupDecision = 'pending' | 'merge' | 'not_duplicate';

export interface StoredAudit {
  id: number;
  key: string;
  before: AuditCounts;
}

export interface StoredGroup {
  id: number;
  key: string;
  auditId: number;
  /** The customers the group holds now (Odoo's merge moves merged members' links to the survivor). */
  partnerIds: number[];
  /** The members when the audit found them. */
  memberIds: number[];
  survivorId: number | null;
  certainty: number;
  decision: GroupDecision;
  merged: boolean;
  note: string | null;
}

export interface GroupRow {
  key: string;
  auditId: number;
  partnerIds: number[];
  survivorId: number;
  certainty: number;
  evidence: string;
}

export interface FindingRow {
  key: string;
  auditId: number;
  partnerId: number;
  kind: FindingKind;
  detail: string;
}

export interface GroupMark {
  id: number;
  merged: boolean;
  /** Epoch milliseconds of the merge. */
  mergedAt: number | null;
  note: string | null;
}

export interface DedupeStore {
  /** The date of the latest audit, if any. */
  lastAuditDate(): Promise<string | null>;
  /** Every customer (contacts not linked to an internal user), with their units' engine numbers. */
  customers(): Promise<CustomerRecord[]>;
  audit(key: string): Promise<StoredAudit | null>;
  createAudit(row: { key: string; date: string; before: AuditCounts }): Promise<number>;
  finishAudit(
    id: number,
    values: { after: AuditCounts; mergedGroups: number; mergedCustomers: number },
  ): Promise<void>;
  groupsOf(auditId: number): Promise<StoredGroup[]>;
  /** Groups of any audit the PIC decided on: to merge (not merged yet) or not duplicates. */
  decidedGroups(): Promise<StoredGroup[]>;
  createGroups(rows: readonly GroupRow[]): Promise<void>;
  markGroups(rows: readonly GroupMark[]): Promise<void>;
  findingKeys(auditId: number): Promise<Set<string>>;
  createFindings(rows: readonly FindingRow[]): Promise<void>;
  /** Writes one e-mail on customers about to merge (Odoo's wizard merges only one e-mail). */
  setEmails(rows: ReadonlyArray<{ partnerId: number; email: string }>): Promise<void>;
  /** Merges `others` into `survivorId` with Odoo's merge wizard; throws Odoo's refusal. */
  merge(survivorId: number, others: readonly number[]): Promise<void>;
}

const PAGE = 5000;
/** Odoo's wizard merges at most three contacts a call: the survivor and two others. */
const MERGE_AT_ONCE = 2;

type AuditKey = keyof typeof DEDUPE_AUDIT.fields;
const COUNT_FIELDS: ReadonlyArray<[keyof AuditCounts, AuditKey, AuditKey]> = [
  ['customers', 'customersBefore', 'customersAfter'],
  ['duplicateGroups', 'groupsBefore', 'groupsAfter'],
  ['duplicateCustomers', 'duplicatesBefore', 'duplicatesAfter'],
  ['phoneInvalid', 'phoneInvalidBefore', 'phoneInvalidAfter'],
  ['emailMissing', 'emailMissingBefore', 'emailMissingAfter'],
  ['emailMalformed', 'emailMalformedBefore', 'emailMalformedAfter'],
  ['addressIncomplete', 'addressIncompleteBefore', 'addressIncompleteAfter'],
];

const GROUP_READ = [
  'key',
  'auditId',
  'partnerIds',
  'memberIds',
  'survivorId',
  'certainty',
  'decision',
  'merged',
  'note',
] as const;

function idsOf(text: string | null): number[] {
  return (text ?? '')
    .split(',')
    .map((part) => Number(part.trim()))
    .filter((id) => Number.isInteger(id) && id > 0);
}

export class OdooDedupeStore implements DedupeStore {
  private authorChecked = false;

  constructor(private readonly client: OdooClient) {}

  /**
   * Odoo's merge posts "Merged with the following partners" on the survivor as the merging user
   * (mail's base_partner_merge_automatic_wizard.py `_log_merge_operation`), and 17/18's
   * `message_post` refuses a user without an e-mail ("configure the sender's email address",
   * mail_thread.py `_message_compute_author`). A bridge user without one takes its company's
   * (a user may write their own e-mail: res.users SELF_WRITEABLE_FIELDS); without that either,
   * the merges are refused, said on each group.
   */
  private async ensureAuthorEmail(): Promise<void> {
    if (this.authorChecked) return;
    this.authorChecked = true;
    const read = ['email', 'company'] as const;
    const [raw] = await this.client.read(USERS.model, [this.client.uid], fieldNames(USERS, read));
    const user = raw ? decodeRecord(USERS, read, raw) : null;
    if (!user || user.email || user.company === null) return;
    const [company] = await this.client.read(COMPANY.model, [user.company], fieldNames(COMPANY, ['email']));
    const email = company ? decodeRecord(COMPANY, ['email'], company).email : null;
    if (!email) return;
    throwFirstRefusal(
      await this.client.write(USERS.model, [{ id: this.client.uid, values: encodeValues(USERS, { email }) }]),
    );
  }

  async lastAuditDate(): Promise<string | null> {
    const [raw] = await this.client.searchRead(DEDUPE_AUDIT.model, [], fieldNames(DEDUPE_AUDIT, ['date']), {
      limit: 1,
      order: `${DEDUPE_AUDIT.f.date} desc`,
    });
    return raw ? decodeRecord(DEDUPE_AUDIT, ['date'], raw).date : null;
  }

  async customers(): Promise<CustomerRecord[]> {
    const phoneFields = this.client.dialect.partnerPhoneFields;
    const read = ['name', 'email', 'street', 'city', 'active'] as const;
    const records: CustomerRecord[] = [];
    for await (const page of this.client.searchPages(
      PARTNER.model,
      [[PARTNER.f.partnerShare, '=', true]],
      [...fieldNames(PARTNER, read), ...phoneFields],
      { pageSize: PAGE },
    )) {
      for (const raw of page) {
        const partner = decodeRecord(PARTNER, read, raw);
        records.push({
          id: partner.id,
          name: partner.name ?? '',
          phones: phoneFields.map((field) => ({
            field,
            value: typeof raw[field] === 'string' ? (raw[field] as string) : null,
          })),
          email: partner.email,
          street: partner.street,
          city: partner.city,
          engineNumbers: [],
          active: partner.active,
        });
      }
    }
    const engines = new Map<number, Set<string>>();
    const add = (partnerId: number | null, engine: string | null) => {
      if (partnerId === null || !engine) return;
      const set = engines.get(partnerId) ?? new Set<string>();
      set.add(engine);
      engines.set(partnerId, set);
    };
    const unitRead = ['partnerId', 'engineNumber'] as const;
    for await (const page of this.client.searchPages(
      UNIT.model,
      [[UNIT.f.partnerId, '!=', false]],
      fieldNames(UNIT, unitRead),
      { pageSize: PAGE },
    )) {
      for (const raw of page) {
        const unit = decodeRecord(UNIT, unitRead, raw);
        add(unit.partnerId, unit.engineNumber);
      }
    }
    // A customer registered again at a visit is the carrier (or owner) of a WOR of their unit.
    const worRead = ['partnerId', 'carrierPartnerId', 'engineNumber'] as const;
    for await (const page of this.client.searchPages(
      WOR.model,
      ['|', [WOR.f.partnerId, '!=', false], [WOR.f.carrierPartnerId, '!=', false]],
      fieldNames(WOR, worRead),
      { pageSize: PAGE },
    )) {
      for (const raw of page) {
        const wor = decodeRecord(WOR, worRead, raw);
        add(wor.partnerId, wor.engineNumber);
        add(wor.carrierPartnerId, wor.engineNumber);
      }
    }
    for (const record of records) record.engineNumbers = [...(engines.get(record.id) ?? [])].sort();
    return records;
  }

  async audit(key: string): Promise<StoredAudit | null> {
    const read = ['key', ...COUNT_FIELDS.map(([, before]) => before)] as const;
    const [raw] = await this.client.searchRead(
      DEDUPE_AUDIT.model,
      [[DEDUPE_AUDIT.f.key, '=', key]],
      fieldNames(DEDUPE_AUDIT, read),
      { limit: 1 },
    );
    if (!raw) return null;
    const audit = decodeRecord(DEDUPE_AUDIT, read, raw);
    const before = Object.fromEntries(
      COUNT_FIELDS.map(([count, field]) => [count, Number(audit[field as keyof typeof audit] ?? 0)]),
    ) as unknown as AuditCounts;
    return { id: audit.id, key, before };
  }

  async createAudit(row: { key: string; date: string; before: AuditCounts }): Promise<number> {
    const values: Record<string, unknown> = { key: row.key, date: row.date, state: 'running' };
    for (const [count, field] of COUNT_FIELDS) values[field] = row.before[count];
    return this.client.createOne(
      DEDUPE_AUDIT.model,
      encodeValues(DEDUPE_AUDIT, values as ValuesOf<typeof DEDUPE_AUDIT>),
    );
  }

  async finishAudit(
    id: number,
    values: { after: AuditCounts; mergedGroups: number; mergedCustomers: number },
  ): Promise<void> {
    const write: Record<string, unknown> = {
      state: 'done',
      mergedGroups: values.mergedGroups,
      mergedCustomers: values.mergedCustomers,
    };
    for (const [count, , field] of COUNT_FIELDS) write[field] = values.after[count];
    throwFirstRefusal(
      await this.client.write(DEDUPE_AUDIT.model, [
        { id, values: encodeValues(DEDUPE_AUDIT, write as ValuesOf<typeof DEDUPE_AUDIT>) },
      ]),
    );
  }

  private async readGroups(domain: Domain): Promise<StoredGroup[]> {
    const groups: StoredGroup[] = [];
    for await (const page of this.client.searchPages(
      DEDUPE_GROUP.model,
      domain,
      fieldNames(DEDUPE_GROUP, GROUP_READ),
      { pageSize: PAGE },
    )) {
      for (const raw of page) {
        const group = decodeRecord(DEDUPE_GROUP, GROUP_READ, raw);
        groups.push({
          id: group.id,
          key: group.key ?? '',
          auditId: group.auditId ?? 0,
          partnerIds: group.partnerIds,
          memberIds: idsOf(group.memberIds),
          survivorId: group.survivorId,
          certainty: group.certainty,
          decision: (group.decision ?? 'pending') as GroupDecision,
          merged: group.merged,
          note: group.note,
        });
      }
    }
    return groups;
  }

  groupsOf(auditId: number): Promise<StoredGroup[]> {
    return this.readGroups([[DEDUPE_GROUP.f.auditId, '=', auditId]]);
  }

  decidedGroups(): Promise<StoredGroup[]> {
    return this.readGroups([
      '|',
      [DEDUPE_GROUP.f.decision, '=', 'not_duplicate'],
      '&',
      [DEDUPE_GROUP.f.decision, '=', 'merge'],
      [DEDUPE_GROUP.f.merged, '=', false],
    ]);
  }

  async createGroups(rows: readonly GroupRow[]): Promise<void> {
    if (rows.length === 0) return;
    throwFirstRefusal(
      await this.client.create(
        DEDUPE_GROUP.model,
        rows.map((row) =>
          encodeValues(DEDUPE_GROUP, {
            key: row.key,
            auditId: row.auditId,
            partnerIds: row.partnerIds,
            memberIds: row.partnerIds.join(','),
            survivorId: row.survivorId,
            certainty: row.certainty,
            evidence: row.evidence,
            decision: 'pending',
            merged: false,
          } satisfies ValuesOf<typeof DEDUPE_GROUP>),
        ),
      ),
    );
  }

  async markGroups(rows: readonly GroupMark[]): Promise<void> {
    if (rows.length === 0) return;
    throwFirstRefusal(
      await this.client.write(
        DEDUPE_GROUP.model,
        rows.map((row) => ({
          id: row.id,
          values: encodeValues(DEDUPE_GROUP, {
            merged: row.merged,
            mergedAt: row.mergedAt === null ? null : odooDatetimeOfInstant(row.mergedAt),
            note: row.note,
          }),
        })),
      ),
    );
  }

  async findingKeys(auditId: number): Promise<Set<string>> {
    const keys = new Set<string>();
    for await (const page of this.client.searchPages(
      DEDUPE_FINDING.model,
      [[DEDUPE_FINDING.f.auditId, '=', auditId]],
      fieldNames(DEDUPE_FINDING, ['key']),
      { pageSize: PAGE },
    )) {
      for (const raw of page) {
        const key = decodeRecord(DEDUPE_FINDING, ['key'], raw).key;
        if (key) keys.add(key);
      }
    }
    return keys;
  }

  async createFindings(rows: readonly FindingRow[]): Promise<void> {
    if (rows.length === 0) return;
    throwFirstRefusal(
      await this.client.create(
        DEDUPE_FINDING.model,
        rows.map((row) =>
          encodeValues(DEDUPE_FINDING, {
            key: row.key,
            auditId: row.auditId,
            partnerId: row.partnerId,
            kind: row.kind,
            detail: row.detail,
          } satisfies ValuesOf<typeof DEDUPE_FINDING>),
        ),
      ),
    );
  }

  async setEmails(rows: ReadonlyArray<{ partnerId: number; email: string }>): Promise<void> {
    if (rows.length === 0) return;
    throwFirstRefusal(
      await this.client.write(
        PARTNER.model,
        rows.map((row) => ({ id: row.partnerId, values: encodeValues(PARTNER, { email: row.email }) })),
      ),
    );
  }

  /**
   * One wizard per three contacts (the survivor and two others), as the admin would open it:
   * `partner_ids` and `dst_partner_id`, then `action_merge`. Each call is its own transaction;
   * a refusal (UserError) comes back as Odoo's error, located.
   */
  async merge(survivorId: number, others: readonly number[]): Promise<void> {
    await this.ensureAuthorEmail();
    for (let start = 0; start < others.length; start += MERGE_AT_ONCE) {
      const batch = others.slice(start, start + MERGE_AT_ONCE);
      const wizard = await this.client.createOne(
        PARTNER_MERGE_WIZARD.model,
        encodeValues(PARTNER_MERGE_WIZARD, { partners: [survivorId, ...batch], destination: survivorId }),
      );
      await this.client.call(PARTNER_MERGE_WIZARD.model, 'action_merge', [[wizard]]);
    }
  }
}
