/**
 * Meta's templates against the dealer's records in Odoo, matched by name and
 * language: each record takes Meta's review state, category and body; a
 * template Meta does not have (deleted, or a typo in Odoo) is marked MISSING,
 * so the blast never uses it; Meta's templates not yet in Odoo are added,
 * without a purpose, for the PIC to map.
 */

export interface MetaTemplate {
  name: string;
  language: string;
  status: string;
  /** Meta's category: UTILITY, MARKETING, AUTHENTICATION. */
  category: string;
  body: string | null;
}

export interface LocalTemplate {
  id: number;
  name: string;
  language: string;
  status: string | null;
  category: string | null;
  body: string | null;
}

export interface TemplateValues {
  status: string;
  category?: 'utility' | 'marketing';
  body?: string | null;
}

export interface TemplateSyncPlan {
  update: Array<{ id: number; values: TemplateValues }>;
  create: Array<{ name: string; language: string; values: TemplateValues }>;
  unchanged: number;
}

/** The review states the module knows; anything else Meta invents reads as its nearest. */
const KNOWN = new Set([
  'APPROVED',
  'PENDING',
  'REJECTED',
  'PAUSED',
  'DISABLED',
  'IN_APPEAL',
  'PENDING_DELETION',
  'DELETED',
  'LIMIT_EXCEEDED',
]);

function statusOf(meta: string): string {
  return KNOWN.has(meta) ? meta : 'PENDING';
}

/** Meta's state, category and text as the record takes them (an authentication template keeps its category). */
function valuesOf(remote: MetaTemplate): TemplateValues {
  const values: TemplateValues = { status: statusOf(remote.status), body: remote.body };
  if (remote.category === 'MARKETING') values.category = 'marketing';
  if (remote.category === 'UTILITY') values.category = 'utility';
  return values;
}

const keyOf = (name: string, language: string) => `${name}\u0000${language}`;

export function planTemplateSync(
  meta: readonly MetaTemplate[],
  local: readonly LocalTemplate[],
): TemplateSyncPlan {
  const byKey = new Map(meta.map((template) => [keyOf(template.name, template.language), template]));
  const plan: TemplateSyncPlan = { update: [], create: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const record of local) {
    const key = keyOf(record.name, record.language);
    seen.add(key);
    const remote = byKey.get(key);
    const values: TemplateValues = remote ? valuesOf(remote) : { status: 'MISSING' };
    const same =
      values.status === record.status &&
      (values.category === undefined || values.category === record.category) &&
      (values.body === undefined || values.body === record.body);
    if (same) plan.unchanged += 1;
    else plan.update.push({ id: record.id, values });
  }
  for (const remote of meta) {
    const key = keyOf(remote.name, remote.language);
    if (seen.has(key)) continue;
    seen.add(key);
    plan.create.push({
      name: remote.name,
      language: remote.language,
      values: valuesOf(remote),
    });
  }
  return plan;
}
