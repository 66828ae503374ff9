import type { Config } from '../../config/schema.js';
import type { DedupeStore, FindingRow, GroupRow, StoredGroup } from '../connectors/odoo/dedupe-store.js';
import { isDataError } from '../connectors/odoo/errors.js';
import type { Logger } from '../logging/logger.js';
import { type AuditCounts, auditDue, evidenceText, planAudit } from '../rules/hygiene/audit.js';
import type { FindingKind } from '../rules/hygiene/customer-profile.js';
import { DEFAULT_DUPLICATE_POLICY, type DuplicatePolicy, pairKey } from '../rules/hygiene/duplicates.js';

/**
 * The data-hygiene audit (SPEC LD-6, CRM-1; issue 17): every six months (`daemon.auditCron`)
 * and on demand (`h23-bridge audit duplicates`). Reads the customers, finds the duplicate
 * groups and the inaccurate data, writes them under one audit record per dealer date, merges
 * with Odoo's merge wizard the groups at or above `audit.autoMergeCertainty` and those the PIC
 * decided to merge, then counts again: the record keeps the counts before and after.
 *
 * Writes, in order and each keyed: the audit (its date), the groups (`<date>:<survivor>`: the
 * survivor stays itself while the others merge into it), the merges (a group merged is marked;
 * one whose other members are gone is marked too: it was merged before a kill), the findings
 * (`<date>:<partner>:<kind>`, read after the merges so they name the customers left), the
 * counts after. A run killed anywhere and run again the same day ends in the same state.
 */

export interface AuditDuplicatesRequest {
  /** The dealer date: the audit's key. */
  today: string;
  /** When the merges happen (epoch ms), for `mergedAt`. */
  now: number;
  policy: DuplicatePolicy;
  /** Groups at or above this certainty are merged by the bridge; null: only the PIC's decisions. */
  autoMergeCertainty: number | null;
}

export interface AuditDuplicatesReport {
  key: string;
  auditId: number;
  before: AuditCounts;
  after: AuditCounts;
  comparisons: number;
  oversizedBlocks: number;
  groupsCreated: number;
  findingsCreated: number;
  /** Groups merged in this run (this audit's and earlier ones the PIC decided to merge). */
  merged: Array<{ group: string; survivorId: number; merged: number[] }>;
  /** This audit's groups merged, and the customers merged away with them (the record's counts). */
  mergedGroups: number;
  mergedCustomers: number;
  /** Groups the bridge may not merge, and why (left for an administrator). */
  blocked: Array<{ group: string; reason: string }>;
  errors: Array<{ record: string; message: string }>;
}

/** Only an administrator may merge contacts with different e-mails (Odoo's merge wizard, 17–19). */
export const DIFFERENT_EMAILS_NOTE =
  'E-mail berbeda: hanya administrator Odoo yang dapat menggabungkan (Kontak → pilih pelanggan → Tindakan → Gabungkan), atau samakan e-mailnya.';

export function auditDuplicatesRequestOf(
  config: Pick<Config, 'audit'>,
  today: string,
  now: number,
): AuditDuplicatesRequest {
  const { audit } = config;
  return {
    today,
    now,
    policy: {
      ...DEFAULT_DUPLICATE_POLICY,
      minNameSimilarity: audit.minNameSimilarity,
      minPairScore: audit.minPairScore,
      maxBlockSize: audit.maxBlockSize,
    },
    autoMergeCertainty: audit.autoMerge ? audit.autoMergeCertainty : null,
  };
}

/**
 * The store as it reads, writing nothing: `audit duplicates --dry-run`. The groups it would
 * create it keeps in memory, so the run shows which it would merge.
 */
export function dryRunDedupeStore(store: DedupeStore): DedupeStore {
  const planned: StoredGroup[] = [];
  return {
    lastAuditDate: () => store.lastAuditDate(),
    customers: () => store.customers(),
    audit: (key) => store.audit(key),
    createAudit: async () => 0,
    finishAudit: async () => {},
    groupsOf: async (auditId) => [
      ...(auditId === 0 ? [] : await store.groupsOf(auditId)),
      ...planned.filter((group) => group.auditId === auditId),
    ],
    createGroups: async (rows) => {
      for (const row of rows)
        planned.push({
          id: -(planned.length + 1),
          key: row.key,
          auditId: row.auditId,
          partnerIds: row.partnerIds,
          memberIds: row.partnerIds,
          survivorId: row.survivorId,
          certainty: row.certainty,
          decision: 'pending',
          merged: false,
          note: null,
        });
    },
    decidedGroups: () => store.decidedGroups(),
    markGroups: async () => {},
    findingKeys: (auditId) =>
      auditId === 0 ? Promise.resolve(new Set<string>()) : store.findingKeys(auditId),
    createFindings: async () => {},
    setEmails: async () => {},
    merge: async () => {},
  };
}

export const groupKeyOf = (auditKey: string, survivorId: number): string => `${auditKey}:${survivorId}`;
export const findingKeyOf = (auditKey: string, partnerId: number, kind: FindingKind): string =>
  `${auditKey}:${partnerId}:${kind}`;

function notDuplicatePairs(groups: readonly StoredGroup[]): Set<string> {
  const pairs = new Set<string>();
  for (const group of groups) {
    if (group.decision !== 'not_duplicate') continue;
    const ids = group.memberIds.length > 0 ? group.memberIds : group.partnerIds;
    for (let i = 0; i < ids.length; i += 1)
      for (let j = i + 1; j < ids.length; j += 1) pairs.add(pairKey(ids[i] as number, ids[j] as number));
  }
  return pairs;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function runAuditDuplicates(
  store: DedupeStore,
  logger: Logger,
  request: AuditDuplicatesRequest,
): Promise<AuditDuplicatesReport> {
  const key = request.today;
  const records = await store.customers();
  const decided = await store.decidedGroups();
  const notDuplicates = notDuplicatePairs(decided);
  const plan = planAudit(records, { policy: request.policy, notDuplicates });
  const names = new Map(records.map((record) => [record.id, record.name]));

  // 1. The audit, once per date: its counts before are those of the first run that day.
  const stored = await store.audit(key);
  const before = stored?.before ?? plan.counts;
  const auditId = stored?.id ?? (await store.createAudit({ key, date: request.today, before }));

  // 2. The groups found, by key.
  const have = new Map((await store.groupsOf(auditId)).map((group) => [group.key, group]));
  const creates: GroupRow[] = plan.search.groups
    .filter((group) => !have.has(groupKeyOf(key, group.survivorId)))
    .map((group) => ({
      key: groupKeyOf(key, group.survivorId),
      auditId,
      partnerIds: group.partnerIds,
      survivorId: group.survivorId,
      certainty: group.certainty,
      evidence: evidenceText(group, (id) => names.get(id) ?? ''),
    }));
  await store.createGroups(creates);

  // 3. The merges: the PIC's decisions of earlier audits first, then this audit's.
  const report: AuditDuplicatesReport = {
    key,
    auditId,
    before,
    after: plan.counts,
    comparisons: plan.search.comparisons,
    oversizedBlocks: plan.search.oversizedBlocks.length,
    groupsCreated: creates.length,
    findingsCreated: 0,
    merged: [],
    mergedGroups: 0,
    mergedCustomers: 0,
    blocked: [],
    errors: [],
  };
  const ownGroups = await store.groupsOf(auditId);
  const earlier = decided.filter((group) => group.auditId !== auditId && group.decision === 'merge');
  const wanted = (group: StoredGroup): boolean =>
    !group.merged &&
    group.decision !== 'not_duplicate' &&
    (group.decision === 'merge' ||
      (request.autoMergeCertainty !== null && group.certainty >= request.autoMergeCertainty));
  const alive = new Set(records.map((record) => record.id));
  const byId = new Map(records.map((record) => [record.id, record]));
  let mergedAny = false;
  for (const group of [...earlier, ...ownGroups].filter(wanted)) {
    const members = [...new Set([...group.partnerIds, ...group.memberIds])].filter((id) => alive.has(id));
    const survivorId =
      group.survivorId !== null && alive.has(group.survivorId) ? group.survivorId : members[0];
    if (survivorId === undefined || members.length < 2) {
      // Merged already (a run killed after the merge, or an admin in Odoo): only the mark is missing.
      await store.markGroups([{ id: group.id, merged: true, mergedAt: request.now, note: null }]);
      continue;
    }
    const others = members.filter((id) => id !== survivorId);
    // Odoo's wizard compares the e-mails as typed, malformed ones too: case and spaces aside,
    // one value for the whole group, or it is an administrator's merge.
    const emails = new Set(
      members.flatMap((id) => {
        const email = (byId.get(id)?.email ?? '').trim().toLowerCase();
        return email ? [email] : [];
      }),
    );
    if (emails.size > 1) {
      report.blocked.push({ group: group.key, reason: 'different e-mails' });
      if (group.note !== DIFFERENT_EMAILS_NOTE)
        await store.markGroups([
          { id: group.id, merged: false, mergedAt: null, note: DIFFERENT_EMAILS_NOTE },
        ]);
      continue;
    }
    try {
      if (emails.size === 1) {
        // Odoo compares the e-mails as typed, and an empty one differs too: one spelling for all.
        const email =
          byId.get(survivorId)?.email?.trim() ||
          (members.map((id) => byId.get(id)?.email?.trim()).find(Boolean) as string);
        const differ = members.filter((id) => byId.get(id)?.email !== email);
        await store.setEmails(differ.map((partnerId) => ({ partnerId, email })));
        for (const id of differ) {
          const record = byId.get(id);
          if (record) byId.set(id, { ...record, email });
        }
      }
      await store.merge(survivorId, others);
      mergedAny = true;
      for (const id of others) alive.delete(id);
      await store.markGroups([{ id: group.id, merged: true, mergedAt: request.now, note: null }]);
      report.merged.push({ group: group.key, survivorId, merged: others });
    } catch (error) {
      // Odoo refused this group (a parent with its child, two users' contacts): noted on the
      // group for the admin, the others go on. Anything else (the connection) stops the run.
      if (!isDataError(error)) throw error;
      const message = messageOf(error);
      report.errors.push({ record: group.key, message });
      report.blocked.push({ group: group.key, reason: message });
      const note = `Gagal digabung: ${message}`.slice(0, 250);
      if (group.note !== note)
        await store.markGroups([{ id: group.id, merged: false, mergedAt: null, note }]);
    }
  }

  // A group of this audit whose others went with another group (an earlier audit's, merged by
  // the PIC's decision) is merged too.
  for (const group of ownGroups) {
    if (group.merged || wanted(group)) continue;
    const members = [...new Set([...group.partnerIds, ...group.memberIds])].filter((id) => alive.has(id));
    if (members.length < 2 && members.length < group.memberIds.length)
      await store.markGroups([{ id: group.id, merged: true, mergedAt: request.now, note: null }]);
  }

  // 4. The inaccurate data as it stands after the merges, one line per customer and kind.
  const after = mergedAny ? await store.customers() : records;
  const planAfter = mergedAny ? planAudit(after, { policy: request.policy, notDuplicates }) : plan;
  const lines = new Map<string, FindingRow>();
  for (const finding of planAfter.findings) {
    const findingKey = findingKeyOf(key, finding.partnerId, finding.kind);
    const line = lines.get(findingKey);
    if (line) line.detail = `${line.detail}; ${finding.detail}`;
    else
      lines.set(findingKey, {
        key: findingKey,
        auditId,
        partnerId: finding.partnerId,
        kind: finding.kind,
        detail: finding.detail,
      });
  }
  const written = await store.findingKeys(auditId);
  const findingCreates = [...lines.values()].filter((line) => !written.has(line.key));
  await store.createFindings(findingCreates);
  report.findingsCreated = findingCreates.length;

  // 5. The counts after, from what Odoo holds: this audit's groups merged and their members.
  const finalGroups = await store.groupsOf(auditId);
  const mergedGroups = finalGroups.filter((group) => group.merged);
  report.mergedGroups = mergedGroups.length;
  report.mergedCustomers = mergedGroups.reduce(
    (sum, group) => sum + Math.max(0, (group.memberIds.length || group.partnerIds.length) - 1),
    0,
  );
  report.after = planAfter.counts;
  await store.finishAudit(auditId, {
    after: planAfter.counts,
    mergedGroups: report.mergedGroups,
    mergedCustomers: report.mergedCustomers,
  });

  logger.info(
    {
      audit: key,
      customers: before.customers,
      groupsBefore: before.duplicateGroups,
      groupsCreated: report.groupsCreated,
      merged: report.merged.length,
      blocked: report.blocked.length,
      groupsAfter: report.after.duplicateGroups,
      findingsCreated: report.findingsCreated,
      comparisons: report.comparisons,
      oversizedBlocks: report.oversizedBlocks,
      refused: report.errors.length,
    },
    'duplicate audit done',
  );
  return report;
}

/**
 * The daemon's audit (`daemon.auditCron`, and its start-up catch-up): only when due, every
 * `audit.intervalMonths` since the last audit, scheduled or on demand.
 */
export async function runAuditIfDue(
  store: DedupeStore,
  logger: Logger,
  request: AuditDuplicatesRequest,
  intervalMonths: number,
): Promise<AuditDuplicatesReport | { skipped: true; lastAudit: string }> {
  const lastAudit = await store.lastAuditDate();
  if (lastAudit !== null && !auditDue(lastAudit, request.today, intervalMonths)) {
    logger.info({ lastAudit, intervalMonths }, 'duplicate audit not due');
    return { skipped: true, lastAudit };
  }
  return runAuditDuplicates(store, logger, request);
}
