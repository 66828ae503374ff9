import { UNIT, WOR } from '../../module/models.js';
import { LOG_ACCESS, PARTNER } from '../../module/odoo-models.js';
import type { ReviewReason, WorResolution } from '../../rules/wor/types.js';
import type { ItemOutcome, OdooClient } from './client.js';
import { type WriteError, writeGrouped } from './grouped-writes.js';
import { partnerPhoneValues } from './partner-phones.js';
import { encodeValues, fieldNames, withFields } from './schema-codec.js';
import { BULK_CONTEXT } from './unit-store.js';

/**
 * The writes of a reconciliation plan: new and completed people (partners),
 * units, and each WOR's result. Keys and planned references are settled by
 * the caller (src/jobs/apply-wor-plan.ts); this store only speaks Odoo.
 */

export interface NewPerson {
  key: string;
  name: string;
  phone: string | null;
  street: string | null;
  /** The owner a carrier is a contact of. */
  parentId: number | null;
}

export interface PersonUpdate {
  id: number;
  phone?: string;
  street?: string;
}

export interface NewUnit {
  engineNumber: string;
  ownerId: number | null;
  branchId: number | null;
  frameNumber: string | null;
  modelName: string | null;
  /** The WOR it is created from: a re-run after a kill knows that WOR created it. */
  originWorId: number;
}

export interface UnitUpdate {
  id: number;
  /** null unlinks the owner. */
  ownerId?: number | null;
  ownerConfirmed?: boolean;
  frameNumber?: string;
  modelName?: string;
  branchId?: number;
}

/** What the reconciliation settled for a WOR. */
export interface WorResult {
  worId: number;
  state: 'matched' | 'review';
  resolution: WorResolution | null;
  unitId: number | null;
  ownerId: number | null;
  carrierId: number | null;
  carrierIsOwner: boolean;
  differences: string | null;
  reviewReason: ReviewReason | null;
  evidence: string | null;
  reconciledKey: string;
}

/** Odoo's ids of created records by input position; the refused ones are in `errors`. */
export interface Creation {
  ids: Map<number, number>;
  errors: WriteError[];
}

export interface Writing {
  written: number;
  errors: WriteError[];
}

export interface WorPlanWriter {
  createPeople(people: readonly NewPerson[]): Promise<Creation>;
  updatePeople(updates: readonly PersonUpdate[]): Promise<Writing>;
  createUnits(units: readonly NewUnit[]): Promise<Creation>;
  updateUnits(updates: readonly UnitUpdate[]): Promise<Writing>;
  /** The WORs' write dates now: one saved since it was read has moved on. */
  worWriteDates(ids: readonly number[]): Promise<Map<number, string>>;
  writeWorResults(results: readonly WorResult[]): Promise<Writing>;
}

const WOR_DATES = withFields(WOR, LOG_ACCESS);

function creation(
  outcomes: readonly ItemOutcome[],
  model: string,
  keyOf: (index: number) => string,
): Creation {
  const result: Creation = { ids: new Map(), errors: [] };
  for (const outcome of outcomes) {
    if (outcome.id !== undefined) result.ids.set(outcome.index, outcome.id);
    else result.errors.push({ model, record: keyOf(outcome.index), message: outcome.error?.message ?? '' });
  }
  return result;
}

export class OdooWorPlanStore implements WorPlanWriter {
  constructor(private readonly client: OdooClient) {}

  async createPeople(people: readonly NewPerson[]): Promise<Creation> {
    const outcomes = await this.client.create(
      PARTNER.model,
      people.map((person) => ({
        ...encodeValues(PARTNER, { name: person.name }),
        ...partnerPhoneValues(this.client.dialect, person.phone),
        ...encodeValues(PARTNER, {
          street: person.street || null,
          key: person.key,
          // A carrier's own address stays: Odoo copies the parent's address into contacts of type 'contact'.
          ...(person.parentId ? { parent: person.parentId, type: person.street ? 'other' : 'contact' } : {}),
        }),
      })),
      { chunkSize: 500, context: BULK_CONTEXT },
    );
    return creation(outcomes, PARTNER.model, (index) => people[index]?.key ?? '');
  }

  async updatePeople(updates: readonly PersonUpdate[]): Promise<Writing> {
    const errors: WriteError[] = [];
    const written = await writeGrouped(
      this.client,
      PARTNER.model,
      updates.map((update) => ({
        id: update.id,
        values: {
          ...partnerPhoneValues(this.client.dialect, update.phone),
          ...(update.street ? encodeValues(PARTNER, { street: update.street }) : {}),
        },
      })),
      errors,
    );
    return { written, errors };
  }

  async createUnits(units: readonly NewUnit[]): Promise<Creation> {
    const outcomes = await this.client.create(
      UNIT.model,
      units.map((unit) =>
        encodeValues(UNIT, {
          engineNumber: unit.engineNumber,
          partnerId: unit.ownerId,
          branch: unit.branchId,
          frameNumber: unit.frameNumber,
          modelName: unit.modelName,
          notInCdb: true,
          originWor: unit.originWorId,
        }),
      ),
      { chunkSize: 500, context: BULK_CONTEXT },
    );
    return creation(outcomes, UNIT.model, (index) => units[index]?.engineNumber ?? '');
  }

  async updateUnits(updates: readonly UnitUpdate[]): Promise<Writing> {
    const errors: WriteError[] = [];
    const written = await writeGrouped(
      this.client,
      UNIT.model,
      updates.map(({ id, ...changes }) => ({
        id,
        values: encodeValues(UNIT, {
          ...(changes.ownerId !== undefined ? { partnerId: changes.ownerId } : {}),
          ...(changes.ownerConfirmed !== undefined ? { ownerConfirmed: changes.ownerConfirmed } : {}),
          ...(changes.frameNumber ? { frameNumber: changes.frameNumber } : {}),
          ...(changes.modelName ? { modelName: changes.modelName } : {}),
          ...(changes.branchId ? { branch: changes.branchId } : {}),
        }),
      })),
      errors,
    );
    return { written, errors };
  }

  async worWriteDates(ids: readonly number[]): Promise<Map<number, string>> {
    const records = await this.client.read(WOR.model, ids, fieldNames(WOR_DATES, ['writeDate']));
    return new Map(records.map((record) => [record.id, String(record[WOR_DATES.f.writeDate])]));
  }

  async writeWorResults(results: readonly WorResult[]): Promise<Writing> {
    const errors: WriteError[] = [];
    const written = await writeGrouped(
      this.client,
      WOR.model,
      results.map((result) => ({
        id: result.worId,
        values: encodeValues(WOR, {
          state: result.state,
          resolution: result.resolution,
          unitId: result.unitId,
          partnerId: result.ownerId,
          carrierPartnerId: result.carrierId,
          carrierIsOwner: result.carrierIsOwner,
          cdbDifferences: result.differences,
          reviewReason: result.reviewReason,
          reviewEvidence: result.evidence,
          reconciledKey: result.reconciledKey,
        }),
      })),
      errors,
    );
    return { written, errors };
  }
}
