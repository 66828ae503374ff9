import type { WriteError } from '../connectors/odoo/grouped-writes.js';
import type { UnitUpdate, WorPlanWriter } from '../connectors/odoo/wor-plan-store.js';
import type { ReadWor } from '../connectors/odoo/wor-reader.js';
import type { WorReviewStore } from '../connectors/odoo/wor-review-store.js';
import type { WorPlan } from '../rules/wor/reconcile.js';

/** Counts of the writes of one applied batch. */
export interface AppliedBatch {
  peopleCreated: number;
  peopleUpdated: number;
  unitsCreated: number;
  unitsUpdated: number;
  worsWritten: number;
  /** WORs changed in Odoo while the batch was planned: left for the next run. */
  worsSkippedAsChanged: number;
  reviewsOpened: number;
  reviewsClosed: number;
  errors: WriteError[];
}

export type PlanToApply = Pick<
  WorPlan,
  'createPeople' | 'updatePeople' | 'createUnits' | 'updateUnits' | 'outcomes'
>;

/**
 * Applies a reconciliation plan in dependency order: people (owners before
 * the carriers who are their contacts), units, then the WORs' review
 * activities, then the WORs. Planned references (negative) become the ids
 * Odoo gave. A refused record is reported and the rest written; a WOR whose
 * person or unit was refused is left for the next run.
 */
export async function applyWorPlan(
  writer: WorPlanWriter,
  reviews: WorReviewStore,
  plan: PlanToApply,
  wors: readonly ReadWor[],
): Promise<AppliedBatch> {
  const asRead = new Map(wors.map((wor) => [wor.id, wor]));
  const result: AppliedBatch = {
    peopleCreated: 0,
    peopleUpdated: 0,
    unitsCreated: 0,
    unitsUpdated: 0,
    worsWritten: 0,
    worsSkippedAsChanged: 0,
    reviewsOpened: 0,
    reviewsClosed: 0,
    errors: [],
  };
  const ids = new Map<number, number>();
  const resolve = (ref: number | null): number | null => {
    if (ref === null) return null;
    if (ref > 0) return ref;
    return ids.get(ref) ?? null;
  };

  // People whose parent is planned too come after it.
  const waves = [
    plan.createPeople.filter((person) => person.parentRef === null || person.parentRef > 0),
    plan.createPeople.filter((person) => person.parentRef !== null && person.parentRef < 0),
  ];
  for (const wave of waves) {
    if (wave.length === 0) continue;
    const created = await writer.createPeople(
      wave.map((person) => ({
        key: person.key,
        name: person.name,
        phone: person.phone,
        street: person.street,
        parentId: resolve(person.parentRef),
      })),
    );
    for (const [index, id] of created.ids) ids.set((wave[index] as { ref: number }).ref, id);
    result.peopleCreated += created.ids.size;
    result.errors.push(...created.errors);
  }

  const people = await writer.updatePeople(
    [...plan.updatePeople].map(([id, changes]) => ({ id, ...changes })),
  );
  result.peopleUpdated += people.written;
  result.errors.push(...people.errors);

  // A unit whose new owner was refused waits with its WOR: created without an owner, the next run
  // would take it for a known unit and settle the WOR otherwise than this run would have.
  const newUnits = plan.createUnits.filter((unit) => resolve(unit.ownerRef) !== null);
  if (newUnits.length > 0) {
    const created = await writer.createUnits(
      newUnits.map((unit) => ({
        engineNumber: unit.engineNumber,
        ownerId: resolve(unit.ownerRef),
        branchId: unit.branchId,
        frameNumber: unit.frameNumber,
        modelName: unit.modelName,
        originWorId: unit.originWorId,
      })),
    );
    for (const [index, id] of created.ids) ids.set((newUnits[index] as { ref: number }).ref, id);
    result.unitsCreated += created.ids.size;
    result.errors.push(...created.errors);
  }

  const units = await writer.updateUnits(
    [...plan.updateUnits].map(([id, changes]) => {
      const update: UnitUpdate = { id };
      if (changes.ownerRef !== undefined) update.ownerId = resolve(changes.ownerRef);
      if (changes.ownerConfirmed !== undefined) update.ownerConfirmed = changes.ownerConfirmed;
      if (changes.frameNumber) update.frameNumber = changes.frameNumber;
      if (changes.modelName) update.modelName = changes.modelName;
      if (changes.branchId) update.branchId = changes.branchId;
      return update;
    }),
  );
  result.unitsUpdated += units.written;
  result.errors.push(...units.errors);

  // A WOR someone saved while this batch was planned is left for the next run (its write date moved on).
  const current = await writer.worWriteDates(plan.outcomes.map((outcome) => outcome.worId));
  const moved = new Set(
    [...current].filter(([id, writeDate]) => writeDate !== asRead.get(id)?.writeDate).map(([id]) => id),
  );
  const settled = plan.outcomes.filter((outcome) => !moved.has(outcome.worId));
  result.worsSkippedAsChanged = plan.outcomes.length - settled.length;
  // A WOR whose people or unit failed to be created waits for the next run rather than linking to nothing.
  const complete = settled.filter((outcome) =>
    [outcome.unitRef, outcome.ownerRef, outcome.carrierRef].every(
      (ref) => ref === null || resolve(ref) !== null,
    ),
  );

  // Reviews before the WORs: a WOR written is no news to the next run, so a run killed between the two
  // would leave its review never opened (or never closed). Keyed one per WOR, reviews are safe to redo.
  result.reviewsOpened = await reviews.openReviews(
    complete
      .filter((outcome) => outcome.state === 'review')
      .map((outcome) => ({
        worId: outcome.worId,
        branchId: asRead.get(outcome.worId)?.branchId ?? null,
        evidence: outcome.evidence,
      })),
    result.errors,
  );
  result.reviewsClosed = await reviews.closeReviews(
    complete.filter((outcome) => outcome.closesReview).map((outcome) => outcome.worId),
  );
  const written = await writer.writeWorResults(
    complete.map((outcome) => ({
      worId: outcome.worId,
      state: outcome.state,
      resolution: outcome.resolution,
      unitId: resolve(outcome.unitRef),
      ownerId: resolve(outcome.ownerRef),
      carrierId: resolve(outcome.carrierRef),
      carrierIsOwner: outcome.carrierIsOwner,
      differences: outcome.differences,
      reviewReason: outcome.reviewReason,
      evidence: outcome.evidence,
      reconciledKey: outcome.reconciledKey,
    })),
  );
  result.worsWritten += written.written;
  result.errors.push(...written.errors);

  return result;
}
