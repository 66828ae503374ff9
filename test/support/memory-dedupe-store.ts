import type {
  DedupeStore,
  FindingRow,
  GroupDecision,
  GroupMark,
  GroupRow,
  StoredAudit,
  StoredGroup,
} from '../../src/connectors/odoo/dedupe-store.js';
import { OdooError } from '../../src/connectors/odoo/errors.js';
import type { AuditCounts } from '../../src/rules/hygiene/audit.js';
import type { CustomerRecord } from '../../src/rules/hygiene/customer-profile.js';
import { type KillSwitch, spendWrite } from './kill-switch.js';

/** A UserError of the wizard as the client classifies it. */
function refusal(message: string): OdooError {
  return new OdooError({ code: 'user', message, odooName: 'odoo.exceptions.UserError' });
}

/** A record of another model that links to a customer: a unit, a follow-up, an activity, a message. */
export interface Linked {
  id: number;
  partnerId: number;
}

interface MemoryAudit extends StoredAudit {
  date: string;
  after: AuditCounts | null;
  mergedGroups: number;
  mergedCustomers: number;
  state: 'running' | 'done';
}

/**
 * The dedupe store in memory, for the audit job's offline tests: customers with their linked
 * records, and a merge that does what Odoo's wizard does (base_partner_merge.py, 17–19): at most
 * three contacts a call, one e-mail unless an administrator, every link to the merged contacts
 * moved to the survivor (this store's groups' customer lists too), the merged contacts deleted.
 * `killSwitch.writesLeft` counts the calls that write before it throws.
 */
export class MemoryDedupeStore implements DedupeStore {
  partners = new Map<number, CustomerRecord>();
  units: Linked[] = [];
  followups: Linked[] = [];
  activities: Linked[] = [];
  messages: Linked[] = [];
  audits = new Map<string, MemoryAudit>();
  groups = new Map<string, StoredGroup & { evidence: string; mergedAt: number | null }>();
  findings = new Map<string, FindingRow & { id: number }>();
  mergeCalls = 0;
  /** Customers Odoo's wizard refuses to merge (a parent and its child contact). */
  refuse = new Set<number>();
  private nextId = 1;

  constructor(
    records: readonly CustomerRecord[] = [],
    private readonly killSwitch?: KillSwitch,
    /** The merging user is an administrator: different e-mails are allowed. */
    private readonly admin = false,
  ) {
    for (const record of records) this.partners.set(record.id, { ...record });
  }

  writes = 0;

  private write(): void {
    spendWrite(this.killSwitch);
    this.writes += 1;
  }

  async lastAuditDate(): Promise<string | null> {
    const dates = [...this.audits.values()].map((audit) => audit.date).sort();
    return dates[dates.length - 1] ?? null;
  }

  async customers(): Promise<CustomerRecord[]> {
    return [...this.partners.values()].map((partner) => ({
      ...partner,
      engineNumbers: [...partner.engineNumbers],
    }));
  }

  async audit(key: string): Promise<StoredAudit | null> {
    const audit = this.audits.get(key);
    return audit ? { id: audit.id, key: audit.key, before: { ...audit.before } } : null;
  }

  async createAudit(row: { key: string; date: string; before: AuditCounts }): Promise<number> {
    this.write();
    const id = this.nextId++;
    this.audits.set(row.key, {
      id,
      key: row.key,
      date: row.date,
      before: { ...row.before },
      after: null,
      mergedGroups: 0,
      mergedCustomers: 0,
      state: 'running',
    });
    return id;
  }

  async finishAudit(
    id: number,
    values: { after: AuditCounts; mergedGroups: number; mergedCustomers: number },
  ): Promise<void> {
    this.write();
    for (const audit of this.audits.values())
      if (audit.id === id) Object.assign(audit, { ...values, after: { ...values.after }, state: 'done' });
  }

  private copy(group: StoredGroup): StoredGroup {
    return { ...group, partnerIds: [...group.partnerIds], memberIds: [...group.memberIds] };
  }

  async groupsOf(auditId: number): Promise<StoredGroup[]> {
    return [...this.groups.values()]
      .filter((group) => group.auditId === auditId)
      .map((group) => this.copy(group));
  }

  async decidedGroups(): Promise<StoredGroup[]> {
    return [...this.groups.values()]
      .filter((group) => group.decision === 'not_duplicate' || (group.decision === 'merge' && !group.merged))
      .map((group) => this.copy(group));
  }

  async createGroups(rows: readonly GroupRow[]): Promise<void> {
    for (const row of rows) {
      this.write();
      this.groups.set(row.key, {
        id: this.nextId++,
        key: row.key,
        auditId: row.auditId,
        partnerIds: [...row.partnerIds],
        memberIds: [...row.partnerIds],
        survivorId: row.survivorId,
        certainty: row.certainty,
        decision: 'pending',
        merged: false,
        note: null,
        evidence: row.evidence,
        mergedAt: null,
      });
    }
  }

  async markGroups(rows: readonly GroupMark[]): Promise<void> {
    for (const row of rows) {
      this.write();
      for (const group of this.groups.values())
        if (group.id === row.id)
          Object.assign(group, { merged: row.merged, mergedAt: row.mergedAt, note: row.note });
    }
  }

  /** The PIC's decision in Odoo. */
  decide(key: string, decision: GroupDecision): void {
    const group = this.groups.get(key);
    if (!group) throw new Error(`no group ${key}`);
    group.decision = decision;
  }

  async findingKeys(auditId: number): Promise<Set<string>> {
    return new Set(
      [...this.findings.values()].filter((row) => row.auditId === auditId).map((row) => row.key),
    );
  }

  async createFindings(rows: readonly FindingRow[]): Promise<void> {
    for (const row of rows) {
      this.write();
      this.findings.set(row.key, { ...row, id: this.nextId++ });
    }
  }

  async setEmails(rows: ReadonlyArray<{ partnerId: number; email: string }>): Promise<void> {
    for (const row of rows) {
      this.write();
      const partner = this.partners.get(row.partnerId);
      if (partner) partner.email = row.email;
    }
  }

  async merge(survivorId: number, others: readonly number[]): Promise<void> {
    // As the Odoo store: the survivor with two others per wizard call.
    for (let start = 0; start < others.length; start += 2) {
      this.write();
      this.mergeOnce(survivorId, others.slice(start, start + 2));
    }
  }

  private mergeOnce(survivorId: number, others: readonly number[]): void {
    this.mergeCalls += 1;
    const ids = [survivorId, ...others].filter((id) => this.partners.has(id));
    if (ids.length < 2) return;
    if (ids.length > 3) throw refusal('For safety reasons, you cannot merge more than 3 contacts together.');
    const emails = new Set(ids.map((id) => this.partners.get(id)?.email ?? false));
    if (!this.admin && emails.size > 1)
      throw refusal(
        'All contacts must have the same email. Only the Administrator can merge contacts with different emails.',
      );
    if (ids.some((id) => this.refuse.has(id)))
      throw refusal('You cannot merge a contact with one of his parent.');
    const survivor = this.partners.get(survivorId) as CustomerRecord;
    const gone = new Set(ids.filter((id) => id !== survivorId));
    // _update_values: the merged contacts' values fill the survivor's empty ones.
    for (const id of gone) {
      const source = this.partners.get(id) as CustomerRecord;
      survivor.email = survivor.email || source.email;
      survivor.street = survivor.street || source.street;
      survivor.city = survivor.city || source.city;
      survivor.phones = survivor.phones.map((phone, at) => ({
        field: phone.field,
        value: phone.value || source.phones[at]?.value || null,
      }));
      survivor.engineNumbers = [...new Set([...survivor.engineNumbers, ...source.engineNumbers])];
    }
    for (const list of [this.units, this.followups, this.activities, this.messages])
      for (const item of list) if (gone.has(item.partnerId)) item.partnerId = survivorId;
    for (const group of this.groups.values()) {
      if (!group.partnerIds.some((id) => gone.has(id))) continue;
      group.partnerIds = [...new Set(group.partnerIds.map((id) => (gone.has(id) ? survivorId : id)))];
      if (group.survivorId !== null && gone.has(group.survivorId)) group.survivorId = survivorId;
    }
    for (const finding of this.findings.values())
      if (gone.has(finding.partnerId)) finding.partnerId = survivorId;
    for (const id of gone) this.partners.delete(id);
  }

  /** What a test compares between runs: everything but ids. */
  snapshot(): unknown {
    const groupsById = new Map([...this.groups.values()].map((group) => [group.id, group.key]));
    return {
      partners: [...this.partners.values()].sort((a, b) => a.id - b.id),
      links: [this.units, this.followups, this.activities, this.messages].map((list) =>
        list.map((item) => `${item.id}>${item.partnerId}`).sort(),
      ),
      audits: [...this.audits.values()].map(({ id: _id, ...audit }) => audit),
      groups: [...this.groups.values()]
        .map(({ id: _id, auditId: _audit, ...group }) => group)
        .sort((a, b) => a.key.localeCompare(b.key)),
      findings: [...this.findings.values()]
        .map(({ id: _id, auditId: _audit, ...finding }) => finding)
        .sort((a, b) => a.key.localeCompare(b.key)),
      groupsById: groupsById.size,
    };
  }
}
