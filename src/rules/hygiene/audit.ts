import { addMonths } from '../day-count.js';
import {
  type CustomerRecord,
  FINDING_KINDS,
  type Finding,
  type FindingKind,
  findingsOf,
} from './customer-profile.js';
import {
  DEFAULT_DUPLICATE_POLICY,
  type DuplicateGroup,
  type DuplicatePolicy,
  type DuplicateSearch,
  type Evidence,
  findDuplicates,
} from './duplicates.js';

/**
 * The data-hygiene audit of all customers (SPEC LD-6 "audit dan bersihkan duplikasi dan data
 * tidak akurat setiap 6 bulan"): duplicate groups and inaccurate data, and the counts the
 * audit record keeps before and after the merges.
 */
export interface AuditCounts {
  customers: number;
  duplicateGroups: number;
  /** Customers that would go in a merge: every group's members but its survivor. */
  duplicateCustomers: number;
  phoneInvalid: number;
  emailMissing: number;
  emailMalformed: number;
  addressIncomplete: number;
}

export interface AuditPlan {
  search: DuplicateSearch;
  findings: Finding[];
  counts: AuditCounts;
}

const COUNT_OF_FINDING: Readonly<Record<FindingKind, keyof AuditCounts>> = {
  phone_invalid: 'phoneInvalid',
  email_missing: 'emailMissing',
  email_malformed: 'emailMalformed',
  address_incomplete: 'addressIncomplete',
};

export function planAudit(
  records: readonly CustomerRecord[],
  options: { policy?: DuplicatePolicy; notDuplicates?: ReadonlySet<string> } = {},
): AuditPlan {
  const search = findDuplicates(records, {
    policy: options.policy ?? DEFAULT_DUPLICATE_POLICY,
    notDuplicates: options.notDuplicates ?? new Set(),
  });
  const findings = records.flatMap(findingsOf);
  const counts: AuditCounts = {
    customers: records.length,
    duplicateGroups: search.groups.length,
    duplicateCustomers: search.groups.reduce((sum, group) => sum + group.partnerIds.length - 1, 0),
    phoneInvalid: 0,
    emailMissing: 0,
    emailMalformed: 0,
    addressIncomplete: 0,
  };
  // A customer counts once per kind (two invalid phone fields are one customer to fix).
  for (const kind of FINDING_KINDS)
    counts[COUNT_OF_FINDING[kind]] = new Set(
      findings.filter((finding) => finding.kind === kind).map((finding) => finding.partnerId),
    ).size;
  return { search, findings, counts };
}

const EVIDENCE_LABELS: Readonly<Record<Evidence['kind'], string>> = {
  phone: 'No. telepon sama',
  email: 'E-mail sama',
  address: 'Alamat sama',
  engine: 'No. mesin unit sama',
};

const NAME_LABELS = {
  same: 'nama sama (tanpa gelar)',
  typo: 'nama mirip',
  initial: 'nama dengan inisial',
  partial: 'nama sebagian sama',
  reordered: 'urutan nama berbeda',
} as const;

/**
 * The group's evidence as the admin reads it in Odoo, one line per joining pair:
 * `#12 Bpk. Budi Santoso ↔ #40 BUDI SANTOSA: skor 86; nama mirip (1 salah ketik); No. telepon sama (+6281234567890)`.
 */
export function evidenceText(group: DuplicateGroup, nameOf: (partnerId: number) => string): string {
  return group.pairs
    .map((pair) => {
      const typos = pair.name.typos > 0 ? ` (${pair.name.typos} salah ketik)` : '';
      const shared = pair.evidence.map((item) => `${EVIDENCE_LABELS[item.kind]} (${item.value})`);
      return `#${pair.a} ${nameOf(pair.a)} ↔ #${pair.b} ${nameOf(pair.b)}: skor ${pair.score}; ${NAME_LABELS[pair.name.kind]}${typos}; ${shared.join('; ')}`;
    })
    .join('\n');
}

/**
 * Whether the scheduled audit is due (SPEC LD-6 "setiap 6 bulan"): never audited, or the last
 * audit (any: scheduled or on demand) was `intervalMonths` or more ago. The daemon asks at its
 * cron and at every start (catch-up), so a daemon down on the day still audits once, later.
 */
export function auditDue(lastAudit: string | null, today: string, intervalMonths: number): boolean {
  return lastAudit === null || lastAudit <= addMonths(today, -intervalMonths);
}
