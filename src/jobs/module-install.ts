import type { OdooClient } from '../connectors/odoo/client.js';
import { OLDEST_SUPPORTED_MAJOR } from '../connectors/odoo/dialect.js';
import { OdooError } from '../connectors/odoo/errors.js';
import { adoptByNaturalKey, resolveXmlids } from '../connectors/odoo/external-ids.js';
import { loadLanguage } from '../connectors/odoo/language.js';
import { type ModuleStore, OdooModuleStore } from '../connectors/odoo/module-store.js';
import { normalizeStoredText } from '../connectors/odoo/stored-text.js';
import { installedAddons, isWebhookRuleKey } from '../connectors/odoo/webhook-rule-store.js';
import type { Logger } from '../logging/logger.js';
import { buildModule, MODULE_NAMESPACE } from '../module/index.js';
import { MODEL_ACCESS, OPTIONAL_ADDONS } from '../module/odoo-models.js';
import { type DeclaredRecord, type DeclaredValue, isActionRef, isRef, isRefSet } from '../module/types.js';
import type { PlanCounts } from '../rules/record-plan.js';
import { upsertByExternalId } from './upsert.js';

const REGISTRY_SETTLE_MS = 1000;
/** The language of Odoo's source terms: the module's labels are written, and matched, in it. */
export const SOURCE_LANGUAGE = 'en_US';

export interface ModuleChange {
  xmlid: string;
  model: string;
  action: 'create' | 'update' | 'failed';
  changed?: string[];
  error?: string;
}

export interface ModuleReport {
  namespace: string;
  odooVersion: string;
  dryRun: boolean;
  declared: number;
  counts: PlanCounts & { failed: number };
  perModel: Record<string, PlanCounts & { failed: number }>;
  /** Every create, update and failure; unchanged records are only counted. */
  changes: ModuleChange[];
  /** The model whose records failed: nothing after it was applied. */
  stoppedAt?: string;
  /** Records the module made in an earlier version and no longer declares: removed (or, dry run, to remove). */
  obsolete: Array<{ xmlid: string; model: string }>;
  /** The language of the bridge's context, loaded because it was not (Odoo writes its own texts in it). */
  languageLoaded?: string;
}

/**
 * Applies the declared module to the database: creates what is missing and
 * updates what changed, keyed by external ID; a second run changes nothing.
 * With `dryRun` it only reads and reports the difference (`h23-bridge status`).
 */
export async function installModule(
  client: OdooClient,
  logger: Logger,
  options: { dryRun: boolean },
): Promise<ModuleReport> {
  // The module's labels are source terms (Odoo's en_US slot, shown in every language without a
  // translation of its own): written in another language, an update would change only that one.
  const report = await applyModule(client.withContext({ lang: SOURCE_LANGUAGE }), logger, options);
  if (!options.dryRun && !report.stoppedAt) {
    const loaded = await ensureWorkLanguage(client, logger);
    if (loaded) report.languageLoaded = loaded;
  }
  return report;
}

/**
 * Loads the language the bridge works in (its context's `lang`, id_ID by default) when the
 * database lacks it, so that Odoo's own texts the bridge triggers (an activity marked done,
 * an assignment mail) are in it too. Returns the language when it had to be loaded.
 */
export async function ensureWorkLanguage(client: OdooClient, logger: Logger): Promise<string | undefined> {
  const language = client.language;
  if (!language || language === SOURCE_LANGUAGE || !(await loadLanguage(client, language))) return undefined;
  logger.info({ lang: language }, 'loaded the language the bridge works in');
  return language;
}

/** The optional Odoo addons the module declares records for, among those installed here. */
export async function moduleAddons(client: OdooClient): Promise<Set<string>> {
  return installedAddons(client, OPTIONAL_ADDONS);
}

async function applyModule(
  client: OdooClient,
  logger: Logger,
  options: { dryRun: boolean },
): Promise<ModuleReport> {
  if (client.dialect.support === 'unsupported') {
    throw new OdooError({
      code: 'protocol',
      message: `The h23 module needs Odoo ${OLDEST_SUPPORTED_MAJOR} or later; this server runs Odoo ${client.version.version}`,
    });
  }
  const store = new OdooModuleStore(client);
  const records = buildModule(client.dialect, await moduleAddons(client));
  const ids = await resolveReferences(client, records);
  const report: ModuleReport = {
    namespace: MODULE_NAMESPACE,
    odooVersion: client.version.version,
    dryRun: options.dryRun,
    declared: records.length,
    counts: { create: 0, update: 0, unchanged: 0, failed: 0 },
    perModel: {},
    changes: [],
    obsolete: [],
  };

  // Records this run brings under the module: created, or adopted (Odoo made them as a side effect,
  // such as a new model's x_name field). Writing them again in the same run (a model's order once
  // its fields exist) completes their creation: counted as such, the real run counts what the dry
  // run announced.
  const madeThisRun = new Set<string>();
  for (const batch of consecutiveByModel(records)) {
    const model = batch[0]?.model as string;
    if (!options.dryRun)
      for (const xmlid of await adoptOrphans(client, model, batch, ids)) madeThisRun.add(xmlid);
    const rows = batch.map((record) => ({
      xmlid: record.xmlid,
      values: resolveValues(record, ids, options.dryRun),
    }));
    const createOnly = new Map(
      batch.flatMap((record) => (record.createValues ? [[record.xmlid, record.createValues] as const] : [])),
    );
    const upsert = () =>
      upsertByExternalId(client, model, rows, {
        dryRun: options.dryRun,
        normalize: normalizeStoredText,
        createOnly,
      });
    let { outcomes } = await upsert();
    if (!options.dryRun && outcomes.some((outcome) => outcome.action === 'failed')) {
      // Seen on Odoo 19: the request right after custom fields are created may still run on the
      // old registry ("Unknown field … in dependency"); the same batch passes a moment later.
      // Upserts are keyed, so running the batch again only retries what is not applied yet.
      await new Promise((resolve) => setTimeout(resolve, REGISTRY_SETTLE_MS));
      const retried = new Map((await upsert()).outcomes.map((outcome) => [outcome.xmlid, outcome]));
      outcomes = outcomes.map((outcome) =>
        outcome.action === 'failed' ? (retried.get(outcome.xmlid) ?? outcome) : outcome,
      );
    }
    const counts = { create: 0, update: 0, unchanged: 0, failed: 0 };
    for (const outcome of outcomes) {
      const action =
        outcome.action === 'update' && madeThisRun.has(outcome.xmlid) ? 'create' : outcome.action;
      if (action === 'create') madeThisRun.add(outcome.xmlid);
      counts[action] += 1;
      if (outcome.id !== undefined) ids.set(outcome.xmlid, outcome.id);
      if (outcome.action === 'failed') {
        report.changes.push({
          xmlid: outcome.xmlid,
          model,
          action: 'failed',
          error: outcome.error?.message ?? 'failed',
        });
      } else if (action !== 'unchanged') {
        report.changes.push({
          xmlid: outcome.xmlid,
          model,
          action,
          ...(outcome.changed ? { changed: outcome.changed } : {}),
        });
      }
    }
    if (model === MODEL_ACCESS.model && !options.dryRun) {
      // New rows, and rows whose rights changed: 19 may keep serving the old rights otherwise.
      await store.refreshAccessRows(
        outcomes.flatMap((outcome) =>
          (outcome.action === 'create' || outcome.action === 'update') && outcome.id ? [outcome.id] : [],
        ),
      );
    }
    const total = report.perModel[model] ?? { create: 0, update: 0, unchanged: 0, failed: 0 };
    for (const key of ['create', 'update', 'unchanged', 'failed'] as const) {
      total[key] += counts[key];
      report.counts[key] += counts[key];
    }
    report.perModel[model] = total;
    logger.info({ model, ...counts }, options.dryRun ? 'planned' : 'applied');
    if (counts.failed > 0 && !options.dryRun) {
      // Later records refer to these (fields to models, menus to actions): stop here, re-run after the fix.
      report.stoppedAt = model;
      break;
    }
  }
  if (!report.stoppedAt) await removeObsolete(store, records, report, options.dryRun);
  return report;
}

/**
 * Like an addon upgrade, records of the module's namespace that the current
 * declaration no longer has are removed, in the reverse of the load order.
 */
async function removeObsolete(
  store: ModuleStore,
  records: readonly DeclaredRecord[],
  report: ModuleReport,
  dryRun: boolean,
): Promise<void> {
  const declared = new Set(
    records.flatMap((record) => [
      record.xmlid,
      ...(record.inherits ?? []).map((parent) => `${record.xmlid}_${parent.replace(/\./g, '_')}`),
    ]),
  );
  const loadOrder = [...new Set(records.map((record) => record.model))];
  // The webhook rule shares the namespace but is not declared here: `h23-bridge webhook` owns it.
  const obsolete = (await store.moduleData(MODULE_NAMESPACE))
    .filter((row) => !declared.has(`${MODULE_NAMESPACE}.${row.name}`) && !isWebhookRuleKey(row.name))
    .sort((a, b) => loadOrder.indexOf(b.model) - loadOrder.indexOf(a.model));
  report.obsolete = obsolete.map((row) => ({ xmlid: `${MODULE_NAMESPACE}.${row.name}`, model: row.model }));
  if (dryRun) return;
  for (const model of [...new Set(obsolete.map((row) => row.model))]) {
    await store.removeRecords(
      model,
      obsolete.filter((row) => row.model === model).map((row) => row.resId),
    );
  }
  const leftover = (await store.moduleData(MODULE_NAMESPACE)).filter(
    (row) => !declared.has(`${MODULE_NAMESPACE}.${row.name}`) && !isWebhookRuleKey(row.name),
  );
  await store.removeExternalIds(leftover.map((row) => row.id));
}

/** Records that exist without their external ID (Odoo-made, or left by a stopped run) are adopted, not duplicated. */
async function adoptOrphans(
  client: OdooClient,
  model: string,
  batch: readonly DeclaredRecord[],
  ids: Map<string, number>,
): Promise<string[]> {
  const entries = batch.flatMap((record) =>
    record.naturalKey && !ids.has(record.xmlid) ? [{ xmlid: record.xmlid, key: record.naturalKey }] : [],
  );
  const adopted = await adoptByNaturalKey(client, model, entries);
  for (const [xmlid, id] of adopted) ids.set(xmlid, id);
  return [...adopted.keys()];
}

/**
 * Records of the same Odoo model that follow each other form one batch, keeping
 * the load order; a record that refers to one of its batch (a group implying
 * another) starts the next batch, so what it refers to exists first.
 */
function consecutiveByModel(records: readonly DeclaredRecord[]): DeclaredRecord[][] {
  const batches: DeclaredRecord[][] = [];
  for (const record of records) {
    const last = batches.at(-1);
    const refersToBatch = last?.some((other) => referencedXmlids([record]).has(other.xmlid)) ?? false;
    if (last && last[0]?.model === record.model && !refersToBatch) last.push(record);
    else batches.push([record]);
  }
  return batches;
}

function referencedXmlids(records: readonly DeclaredRecord[]): Set<string> {
  const found = new Set<string>();
  for (const record of records) {
    for (const value of Object.values(record.values)) {
      if (isRef(value)) found.add(value.$ref);
      else if (isRefSet(value)) for (const xmlid of value.$refs) found.add(xmlid);
      else if (isActionRef(value)) found.add(value.$action);
    }
  }
  return found;
}

/** Ids of every record the module refers to or declares; a missing outside reference stops the install. */
async function resolveReferences(
  client: OdooClient,
  records: readonly DeclaredRecord[],
): Promise<Map<string, number>> {
  const own = new Set(records.map((record) => record.xmlid));
  const wanted = new Set([...own, ...referencedXmlids(records)]);
  const found = await resolveXmlids(client, [...wanted]);
  const missing = [...wanted].filter((xmlid) => !own.has(xmlid) && !found.has(xmlid));
  if (missing.length > 0) {
    throw new OdooError({
      code: 'missing',
      message: `The database lacks records the h23 module builds on: ${missing.join(', ')} (install base, mail, contacts, calendar and resource first)`,
    });
  }
  return new Map([...found].map(([xmlid, ref]) => [xmlid, ref.id]));
}

/** Declared values with references turned into ids; in a dry run, a record not created yet stands as 0. */
function resolveValues(
  record: DeclaredRecord,
  ids: ReadonlyMap<string, number>,
  dryRun: boolean,
): Record<string, unknown> {
  const idOf = (xmlid: string): number => {
    const id = ids.get(xmlid);
    if (id !== undefined) return id;
    if (dryRun) return 0;
    throw new OdooError({
      code: 'missing',
      message: `${record.xmlid} refers to ${xmlid}, which was not created`,
    });
  };
  const resolve = (value: DeclaredValue): unknown => {
    if (isRef(value)) return idOf(value.$ref);
    if (isRefSet(value)) return [[6, 0, value.$refs.map(idOf)]];
    if (isActionRef(value)) return `${value.model},${idOf(value.$action)}`;
    return value;
  };
  return Object.fromEntries(Object.entries(record.values).map(([field, value]) => [field, resolve(value)]));
}
