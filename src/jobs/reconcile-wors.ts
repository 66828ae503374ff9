import type { WorConfig } from '../../config/schema.js';
import type { OdooClient } from '../connectors/odoo/client.js';
import { OdooWatermarkStore, type WatermarkStore } from '../connectors/odoo/lease-store.js';
import { OdooWorPlanStore, type WorPlanWriter } from '../connectors/odoo/wor-plan-store.js';
import { OdooWorReader, type ReadWor, type WorReadStore } from '../connectors/odoo/wor-reader.js';
import { OdooWorReviewStore, type WorReviewStore } from '../connectors/odoo/wor-review-store.js';
import {
  isDealerWorModel,
  OdooWorSourceStore,
  type WorSourceStore,
} from '../connectors/odoo/wor-source-store.js';
import type { Logger } from '../logging/logger.js';
import { shiftOdooDatetime } from '../rules/local-time.js';
import { planWorReconciliation } from '../rules/wor/reconcile.js';
import { type AppliedBatch, applyWorPlan } from './apply-wor-plan.js';

/**
 * Create New Database H23: reads the WORs written since the last run (the
 * watermark lives in Odoo, in `BRIDGE_STATE`), plans each batch with the
 * pure rule and applies it. Every write is keyed (engine number, partner key,
 * WOR id, one review activity per WOR) and a WOR is marked with the fingerprint
 * of what it was reconciled from, so a re-run or a run killed midway makes no
 * duplicate and loses nothing.
 */

/** Odoo stamps write_date at transaction start; a WOR committed late may carry an older stamp. */
const OVERLAP_SECONDS = 60;

export class WorSourceError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The WOR source in the config does not match Odoo:\n  ${problems.join('\n  ')}`);
  }
}

export interface ReconcileReport {
  dryRun: boolean;
  source: string;
  mirrored: { created: number; updated: number } | null;
  read: number;
  unchanged: number;
  matched: { owner: number; carrier: number; created: number; reviewed: number };
  review: number;
  reviewsOpened: number;
  reviewsClosed: number;
  peopleCreated: number;
  peopleUpdated: number;
  unitsCreated: number;
  unitsUpdated: number;
  skippedAsChanged: number;
  errors: AppliedBatch['errors'];
  watermark: string | null;
  odooCalls: number;
  /** Not run here: the daemon holding the lease (this holder) reconciles the WORs itself. */
  leftToDaemon?: string;
}

export function emptyReconcileReport(source: string, dryRun: boolean): ReconcileReport {
  return {
    dryRun,
    source,
    mirrored: null,
    read: 0,
    unchanged: 0,
    matched: { owner: 0, carrier: 0, created: 0, reviewed: 0 },
    review: 0,
    reviewsOpened: 0,
    reviewsClosed: 0,
    peopleCreated: 0,
    peopleUpdated: 0,
    unitsCreated: 0,
    unitsUpdated: 0,
    skippedAsChanged: 0,
    errors: [],
    watermark: null,
    odooCalls: 0,
  };
}

export interface ReconcileOptions {
  config: WorConfig;
  /** The dealer's time zone: a dealer WOR's visit datetime becomes the local visit date. */
  timeZone?: string;
  dryRun?: boolean;
  /** Reconcile these WORs only, whatever the watermark (the Pra WO import hands over what it wrote). */
  worIds?: readonly number[];
}

const laterOf = (a: string | null, b: string): string => (a === null || b > a ? b : a);

/** What the reconciliation reads and writes: the real ones are built from a client by `odooReconcileStores`. */
export interface ReconcileStores {
  watermarks: WatermarkStore;
  wors: WorReadStore;
  plan: WorPlanWriter;
  reviews: WorReviewStore;
  source: WorSourceStore;
  /** Odoo calls made so far, for the report. */
  calls(): number;
}

export function odooReconcileStores(client: OdooClient): ReconcileStores {
  return {
    watermarks: new OdooWatermarkStore(client),
    wors: new OdooWorReader(client),
    plan: new OdooWorPlanStore(client),
    reviews: new OdooWorReviewStore(client),
    source: new OdooWorSourceStore(client),
    calls: () => client.calls,
  };
}

/** Checks the configured source against `fields_get` once per connection and config. */
export async function validateWorSource(client: OdooClient, config: WorConfig): Promise<void> {
  await checkSource(new OdooWorSourceStore(client), config);
}

async function checkSource(source: WorSourceStore, config: WorConfig): Promise<void> {
  const problems = await source.validateSource(config);
  if (problems.length > 0) throw new WorSourceError(problems);
}

/** The dealer's own WOR model, copied into x_h23_wor by source reference. */
async function mirrorSource(stores: ReconcileStores, config: WorConfig, timeZone: string, dryRun: boolean) {
  const { source, watermarks } = stores;
  const mark = `wor_source:${config.model}`;
  const watermark = await watermarks.readWatermark(mark);
  const since = watermark ? shiftOdooDatetime(watermark.writeDate, -OVERLAP_SECONDS) : null;
  const rows = await source.readSource(config, since, await source.branchesByDealerCode(), timeZone);
  if (dryRun) return { created: 0, updated: 0, errors: [] };
  const mirrored = await source.upsertMirrored(rows);
  const newest = rows.reduce<string | null>((latest, row) => laterOf(latest, row.writeDate), null);
  // A refused copy is tried again next run: the watermark stays until every copy is in.
  if (newest && mirrored.errors.length === 0) await watermarks.writeWatermark(mark, { writeDate: newest });
  return mirrored;
}

/**
 * One reconciliation at a time in this process: the import job (Pra WO) and
 * the WOR job (cron or webhook) may ask at once, and two plans made side by
 * side would each create the same new customer.
 */
let running: Promise<unknown> = Promise.resolve();

export function reconcileWors(
  client: OdooClient,
  logger: Logger,
  options: ReconcileOptions,
): Promise<ReconcileReport> {
  return reconcileWorsWith(odooReconcileStores(client), logger, options);
}

/** The reconciliation over any stores (memory ones in the offline tests), one at a time in this process. */
export function reconcileWorsWith(
  stores: ReconcileStores,
  logger: Logger,
  options: ReconcileOptions,
): Promise<ReconcileReport> {
  const turn = running.then(() => reconcileNow(stores, logger, options));
  running = turn.catch(() => undefined);
  return turn;
}

async function reconcileNow(
  stores: ReconcileStores,
  logger: Logger,
  options: ReconcileOptions,
): Promise<ReconcileReport> {
  const { config } = options;
  const dryRun = options.dryRun ?? false;
  const callsBefore = stores.calls();
  await checkSource(stores.source, config);
  const { watermarks, wors: reader } = stores;
  const report = emptyReconcileReport(config.model, dryRun);
  if (isDealerWorModel(config)) {
    const { created, updated, errors } = await mirrorSource(
      stores,
      config,
      options.timeZone ?? 'Asia/Jakarta',
      dryRun,
    );
    report.mirrored = { created, updated };
    report.errors.push(...errors);
  }

  const mark = 'wor_reconcile';
  const watermark = options.worIds ? null : await watermarks.readWatermark(mark);
  const ids = options.worIds
    ? [...options.worIds]
    : await reader.changedWorIds(watermark ? shiftOdooDatetime(watermark.writeDate, -OVERLAP_SECONDS) : null);
  let newest = watermark?.writeDate ?? null;
  for (let start = 0; start < ids.length; start += config.batchSize) {
    const wors: ReadWor[] = await reader.readWors(ids.slice(start, start + config.batchSize));
    const plan = planWorReconciliation(wors, await reader.readKnown(wors));
    report.read += wors.length;
    report.unchanged += plan.unchanged;
    for (const outcome of plan.outcomes) {
      if (outcome.state === 'review') report.review += 1;
      else if (outcome.resolution) report.matched[outcome.resolution] += 1;
    }
    if (dryRun) {
      report.peopleCreated += plan.createPeople.length;
      report.unitsCreated += plan.createUnits.length;
      continue;
    }
    const applied = await applyWorPlan(stores.plan, stores.reviews, plan, wors);
    report.peopleCreated += applied.peopleCreated;
    report.peopleUpdated += applied.peopleUpdated;
    report.unitsCreated += applied.unitsCreated;
    report.unitsUpdated += applied.unitsUpdated;
    report.reviewsOpened += applied.reviewsOpened;
    report.reviewsClosed += applied.reviewsClosed;
    report.skippedAsChanged += applied.worsSkippedAsChanged;
    report.errors.push(...applied.errors);
    for (const error of applied.errors) {
      logger.warn(
        { model: error.model, record: error.record, odoo: error.message },
        'WOR reconciliation write refused',
      );
    }
    if (!options.worIds) {
      for (const wor of wors) newest = laterOf(newest, wor.writeDate);
      // Kept after every batch: a run killed midway resumes here, with the overlap re-read and skipped by fingerprint.
      if (newest && newest !== watermark?.writeDate)
        await watermarks.writeWatermark(mark, { writeDate: newest });
    }
  }
  report.watermark = newest;
  report.odooCalls = stores.calls() - callsBefore;
  logger.info(
    {
      read: report.read,
      unchanged: report.unchanged,
      matched: report.matched,
      review: report.review,
      peopleCreated: report.peopleCreated,
      unitsCreated: report.unitsCreated,
      errors: report.errors.length,
      calls: report.odooCalls,
    },
    dryRun ? 'WOR reconciliation planned' : 'WORs reconciled',
  );
  return report;
}
