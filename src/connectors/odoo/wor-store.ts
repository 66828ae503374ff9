import type { WorConfig } from '../../../config/schema.js';
import { ACTIVITY_TYPES } from '../../module/activity-types.js';
import { modelXmlid } from '../../module/model-spec.js';
import { BRANCH, BRIDGE_STATE, UNIT } from '../../module/models.js';
import { normalizeEngineNumber, normalizePhone } from '../../rules/import/normalize.js';
import { parseServiceType } from '../../rules/import/wor.js';
import { localDateOfOdooDatetime } from '../../rules/local-time.js';
import { ownerKeyEnginePrefix } from '../../rules/owner-key.js';
import type {
  PersonChanges,
  PlannedPerson,
  PlannedUnit,
  UnitChanges,
  WorOutcome,
} from '../../rules/wor/reconcile.js';
import type {
  Known,
  Person,
  ReviewChoice,
  ReviewReason,
  Unit,
  Wor,
  WorState,
} from '../../rules/wor/types.js';
import type { RecordUpdate } from './batching.js';
import type { OdooClient, OdooRecord } from './client.js';
import type { Dialect } from './dialect.js';
import { anyOf } from './domain.js';
import { resolveXmlids } from './external-ids.js';
import { loadUpdates } from './keyed-records.js';
import { partnerPhoneDomain, partnerPhonesOf, partnerPhoneValues, phoneSpellings } from './partner-phones.js';
import { linkId, textOrNull } from './read-values.js';
import { BULK_CONTEXT, readBranchesByDealerCode } from './unit-store.js';

/**
 * Workshop registrations in Odoo: the module's `x_h23_wor` (where results and
 * reviews live), the dealer's own WOR model when configured, the units and
 * people around them, the watermark, and the review activities. Odoo's names
 * stay here.
 */

export const WOR_MODEL = 'x_h23_wor';
const UNIT_MODEL = UNIT.model;
const PARTNER_MODEL = 'res.partner';
const STATE_MODEL = BRIDGE_STATE.model;
const BRANCH_MODEL = BRANCH.model;

const WOR_FIELDS = [
  'x_name',
  'x_branch_id',
  'x_visit_date',
  'x_engine_number',
  'x_carrier_name',
  'x_carrier_phone',
  'x_carrier_address',
  'x_frame_number',
  'x_model_name',
  'x_state',
  'x_reconciled_key',
  'x_review_reason',
  'x_review_choice',
  'x_review_partner_id',
  'write_date',
] as const;

const UNIT_FIELDS = [
  'x_engine_number',
  'x_partner_id',
  'x_branch_id',
  'x_frame_number',
  'x_model_name',
  'x_purchase_date',
  'x_cdb_owner_key',
  'x_owner_confirmed',
] as const;

const PERSON_FIELDS = ['name', 'street', 'city', 'x_h23_key', 'parent_id'] as const;

/** A WOR as read, with the write date the watermark moves to. */
export interface ReadWor extends Wor {
  writeDate: string;
}

function selectionOrNull<T extends string>(value: unknown): T | null {
  return typeof value === 'string' && value ? (value as T) : null;
}

function toWor(record: OdooRecord): ReadWor {
  return {
    id: record.id,
    name: textOrNull(record.x_name) ?? `WOR ${record.id}`,
    branchId: linkId(record.x_branch_id),
    visitDate: textOrNull(record.x_visit_date),
    engineNumber: textOrNull(record.x_engine_number),
    carrierName: textOrNull(record.x_carrier_name),
    carrierPhone: textOrNull(record.x_carrier_phone),
    carrierAddress: textOrNull(record.x_carrier_address),
    frameNumber: textOrNull(record.x_frame_number),
    modelName: textOrNull(record.x_model_name),
    state: selectionOrNull<WorState>(record.x_state),
    reconciledKey: textOrNull(record.x_reconciled_key),
    reviewReason: selectionOrNull<ReviewReason>(record.x_review_reason),
    reviewChoice: selectionOrNull<ReviewChoice>(record.x_review_choice),
    reviewPartnerId: linkId(record.x_review_partner_id),
    writeDate: String(record.write_date ?? ''),
  };
}

function toUnit(record: OdooRecord): Unit {
  return {
    id: record.id,
    engineNumber: String(record.x_engine_number ?? ''),
    ownerId: linkId(record.x_partner_id),
    branchId: linkId(record.x_branch_id),
    frameNumber: textOrNull(record.x_frame_number),
    modelName: textOrNull(record.x_model_name),
    purchaseDate: textOrNull(record.x_purchase_date),
    cdbOwnerKey: textOrNull(record.x_cdb_owner_key),
    ownerConfirmed: record.x_owner_confirmed === true,
  };
}

function toPerson(record: OdooRecord, dialect: Dialect): Person {
  const phones = partnerPhonesOf(dialect, record);
  return {
    id: record.id,
    name: textOrNull(record.name) ?? '',
    phone: phones.primary,
    otherPhones: phones.others,
    street: textOrNull(record.street),
    city: textOrNull(record.city),
    key: textOrNull(record.x_h23_key),
    parentId: linkId(record.parent_id),
  };
}

export interface Watermark {
  writeDate: string;
}

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
  errors: Array<{ model: string; record: string; message: string }>;
}

export class WorStore {
  private worModelId: number | null = null;
  private reviewTypeId: number | null = null;
  private workshopAdmins: Map<number, number[]> | null = null;

  constructor(private readonly client: OdooClient) {}

  // --- watermark -------------------------------------------------------------

  /** Watermark records by name, as last read or written: a write needs no second search. */
  private readonly watermarks = new Map<string, { id: number; value: unknown }>();

  async readWatermark(name: string): Promise<Watermark | null> {
    const [record] = await this.client.searchRead(STATE_MODEL, [['x_name', '=', name]], ['x_value'], {
      limit: 1,
      order: 'id',
    });
    if (record) this.watermarks.set(name, { id: record.id, value: record.x_value });
    if (!record || typeof record.x_value !== 'string') return null;
    try {
      const parsed = JSON.parse(record.x_value) as Partial<Watermark>;
      return typeof parsed.writeDate === 'string' ? { writeDate: parsed.writeDate } : null;
    } catch {
      return null;
    }
  }

  async writeWatermark(name: string, watermark: Watermark): Promise<void> {
    const value = JSON.stringify(watermark);
    if (!this.watermarks.has(name)) await this.readWatermark(name);
    const record = this.watermarks.get(name);
    if (record?.value === value) return;
    if (record) {
      await this.client.call(STATE_MODEL, 'write', [[record.id], { x_value: value }]);
      this.watermarks.set(name, { id: record.id, value });
      return;
    }
    const [created] = await this.client.create(STATE_MODEL, [{ x_name: name, x_value: value }]);
    if (created?.id === undefined) throw created?.error ?? new Error(`watermark ${name} not created`);
    this.watermarks.set(name, { id: created.id, value });
  }

  // --- reading ---------------------------------------------------------------

  /**
   * Ids of the WORs to look at, oldest write first: those written at or after
   * `since` (Odoo's UTC `YYYY-MM-DD HH:MM:SS`) by someone else than the bridge
   * (what it wrote itself is no news to it), and every WOR never reconciled
   * whatever its date (one refused last time is tried again, never lost).
   */
  async changedWorIds(since: string | null, bridgeUid: number): Promise<number[]> {
    const changed = [...(since ? [['write_date', '>=', since]] : []), ['write_uid', '!=', bridgeUid]];
    const domain = [
      '|',
      '&',
      ['x_reconciled_key', '=', false],
      ['x_state', '!=', 'done'],
      ...(changed.length > 1 ? ['&'] : []),
      ...changed,
    ];
    return this.client.call<number[]>(WOR_MODEL, 'search', [domain], { order: 'write_date asc, id asc' });
  }

  async readWors(ids: readonly number[]): Promise<ReadWor[]> {
    if (ids.length === 0) return [];
    const records = await this.client.searchRead(WOR_MODEL, [['id', 'in', [...ids]]], WOR_FIELDS, {
      idsOnly: true,
      order: 'id',
    });
    return records.map(toWor);
  }

  /** Units by engine number and every person the batch may meet (owners, CDB owners, same phones, keys, choices). */
  async readKnown(wors: readonly Wor[]): Promise<Known> {
    const engines = new Set<string>();
    const phones = new Set<string>();
    const personIds = new Set<number>();
    for (const wor of wors) {
      const engine = normalizeEngineNumber(wor.engineNumber);
      if (engine.ok) engines.add(engine.value);
      const phone = normalizePhone(wor.carrierPhone);
      if (phone.ok) phones.add(phone.value.e164);
      if (wor.reviewPartnerId) personIds.add(wor.reviewPartnerId);
    }
    const unitRecords = engines.size
      ? await this.client.searchRead(UNIT_MODEL, [['x_engine_number', 'in', [...engines]]], UNIT_FIELDS, {
          idsOnly: true,
          order: 'id',
          context: { active_test: false },
        })
      : [];
    const units = new Map<string, Unit>();
    const keys = new Set<string>();
    for (const record of unitRecords) {
      const unit = toUnit(record);
      if (units.has(unit.engineNumber)) continue;
      units.set(unit.engineNumber, unit);
      if (unit.ownerId) personIds.add(unit.ownerId);
      if (unit.cdbOwnerKey) keys.add(unit.cdbOwnerKey);
    }
    // Carriers without a phone are known by engine number and name: match those keys by prefix.
    const enginePrefixes = [...engines].map((engine) => [
      'x_h23_key',
      '=like',
      `${ownerKeyEnginePrefix(engine)}%`,
    ]);
    // One query per kind of lookup: ORed across columns, PostgreSQL can use no index and scans every partner.
    const lookups: unknown[][] = [
      ...(personIds.size ? [[['id', 'in', [...personIds]]]] : []),
      ...(phones.size
        ? [partnerPhoneDomain(this.client.dialect, [...phones].flatMap(phoneSpellings)) ?? []]
        : []),
      ...(keys.size ? [[['x_h23_key', 'in', [...keys]]]] : []),
      ...(enginePrefixes.length ? [anyOf(enginePrefixes)] : []),
    ];
    const found = await Promise.all(
      lookups.map((domain) =>
        this.client.searchRead(
          PARTNER_MODEL,
          domain,
          [...PERSON_FIELDS, ...this.client.dialect.partnerPhoneFields],
          {
            idsOnly: true,
            context: { active_test: false },
          },
        ),
      ),
    );
    const people = new Map<number, Person>();
    for (const record of found.flat().sort((a, b) => a.id - b.id))
      people.set(record.id, toPerson(record, this.client.dialect));
    return { units, people };
  }

  // --- writing ---------------------------------------------------------------

  /**
   * Applies a plan in dependency order: people (owners before the carriers
   * who are their contacts), units, then the WORs, then review activities.
   * Planned references (negative) become the ids Odoo gave.
   */
  async apply(
    plan: {
      createPeople: readonly PlannedPerson[];
      updatePeople: ReadonlyMap<number, PersonChanges>;
      createUnits: readonly PlannedUnit[];
      updateUnits: ReadonlyMap<number, UnitChanges>;
      outcomes: readonly WorOutcome[];
    },
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
    const resolve = (ref: number | null): number | false => {
      if (ref === null) return false;
      if (ref > 0) return ref;
      return ids.get(ref) ?? false;
    };

    // People whose parent is planned too come after it.
    const waves = [
      plan.createPeople.filter((person) => person.parentRef === null || person.parentRef > 0),
      plan.createPeople.filter((person) => person.parentRef !== null && person.parentRef < 0),
    ];
    for (const wave of waves) {
      if (wave.length === 0) continue;
      const outcomes = await this.client.create(
        PARTNER_MODEL,
        wave.map((person) => {
          const parent = resolve(person.parentRef);
          return {
            name: person.name,
            ...partnerPhoneValues(this.client.dialect, person.phone),
            street: person.street || false,
            x_h23_key: person.key,
            // A carrier's own address stays: Odoo copies the parent's address into contacts of type 'contact'.
            ...(parent ? { parent_id: parent, type: person.street ? 'other' : 'contact' } : {}),
          };
        }),
        { chunkSize: 500, context: BULK_CONTEXT },
      );
      for (const outcome of outcomes) {
        const person = wave[outcome.index] as PlannedPerson;
        if (outcome.id !== undefined) {
          ids.set(person.ref, outcome.id);
          result.peopleCreated += 1;
        } else {
          result.errors.push({
            model: PARTNER_MODEL,
            record: person.key,
            message: outcome.error?.message ?? '',
          });
        }
      }
    }

    const personUpdates: RecordUpdate[] = [...plan.updatePeople].map(([id, changes]) => ({
      id,
      values: {
        ...partnerPhoneValues(this.client.dialect, changes.phone),
        ...(changes.street ? { street: changes.street } : {}),
      },
    }));
    result.peopleUpdated += await this.writeGrouped(PARTNER_MODEL, personUpdates, result.errors);

    if (plan.createUnits.length > 0) {
      const outcomes = await this.client.create(
        UNIT_MODEL,
        plan.createUnits.map((unit) => ({
          x_engine_number: unit.engineNumber,
          x_partner_id: resolve(unit.ownerRef),
          x_branch_id: unit.branchId ?? false,
          x_frame_number: unit.frameNumber ?? false,
          x_model_name: unit.modelName ?? false,
          x_not_in_cdb: true,
        })),
        { chunkSize: 500, context: BULK_CONTEXT },
      );
      for (const outcome of outcomes) {
        const unit = plan.createUnits[outcome.index] as PlannedUnit;
        if (outcome.id !== undefined) {
          ids.set(unit.ref, outcome.id);
          result.unitsCreated += 1;
        } else {
          result.errors.push({
            model: UNIT_MODEL,
            record: unit.engineNumber,
            message: outcome.error?.message ?? '',
          });
        }
      }
    }

    const unitUpdates: RecordUpdate[] = [...plan.updateUnits].map(([id, changes]) => {
      const values: Record<string, unknown> = {};
      if (changes.ownerRef !== undefined) values.x_partner_id = resolve(changes.ownerRef);
      if (changes.ownerConfirmed !== undefined) values.x_owner_confirmed = changes.ownerConfirmed;
      if (changes.frameNumber) values.x_frame_number = changes.frameNumber;
      if (changes.modelName) values.x_model_name = changes.modelName;
      if (changes.branchId) values.x_branch_id = changes.branchId;
      return { id, values };
    });
    result.unitsUpdated += await this.writeGrouped(UNIT_MODEL, unitUpdates, result.errors);

    // A WOR someone saved while this batch was planned is left for the next run (its write date moved on).
    const current = await this.client.read(
      WOR_MODEL,
      plan.outcomes.map((outcome) => outcome.worId),
      ['write_date'],
    );
    const moved = new Set(
      current
        .filter((record) => String(record.write_date) !== asRead.get(record.id)?.writeDate)
        .map((record) => record.id),
    );
    const settled = plan.outcomes.filter((outcome) => !moved.has(outcome.worId));
    result.worsSkippedAsChanged = plan.outcomes.length - settled.length;
    // A WOR whose people or unit failed to be created waits for the next run rather than linking to nothing.
    const complete = settled.filter((outcome) =>
      [outcome.unitRef, outcome.ownerRef, outcome.carrierRef].every(
        (ref) => ref === null || resolve(ref) !== false,
      ),
    );
    const worUpdates: RecordUpdate[] = complete.map((outcome) => ({
      id: outcome.worId,
      values: {
        x_state: outcome.state,
        x_resolution: outcome.resolution ?? false,
        x_unit_id: resolve(outcome.unitRef),
        x_partner_id: resolve(outcome.ownerRef),
        x_carrier_partner_id: resolve(outcome.carrierRef),
        x_carrier_is_owner: outcome.carrierIsOwner,
        x_cdb_differences: outcome.differences ?? false,
        x_review_reason: outcome.reviewReason ?? false,
        x_review_evidence: outcome.evidence ?? false,
        x_reconciled_key: outcome.reconciledKey,
      },
    }));
    result.worsWritten += await this.writeGrouped(WOR_MODEL, worUpdates, result.errors);

    const reviewed = complete.filter((outcome) => outcome.state === 'review');
    result.reviewsOpened = await this.openReviews(
      reviewed,
      (worId) => asRead.get(worId)?.branchId ?? null,
      result.errors,
    );
    result.reviewsClosed = await this.closeReviews(complete.filter((outcome) => outcome.closesReview));
    return result;
  }

  /** Updates with differing values, one `load` per set of fields. */
  private async writeGrouped(
    model: string,
    updates: readonly RecordUpdate[],
    errors: AppliedBatch['errors'],
  ): Promise<number> {
    const wanted = updates.filter((update) => Object.keys(update.values).length > 0);
    if (wanted.length === 0) return 0;
    const fields = await this.client.fieldsGet(model, [
      ...new Set(wanted.flatMap((update) => Object.keys(update.values))),
    ]);
    const outcomes = await loadUpdates(this.client, model, wanted, fields, { context: BULK_CONTEXT });
    let written = 0;
    for (const outcome of outcomes) {
      if (outcome.error) {
        errors.push({
          model,
          record: String(wanted[outcome.index]?.id ?? ''),
          message: outcome.error.message,
        });
      } else written += 1;
    }
    return written;
  }

  // --- review activities -----------------------------------------------------

  private async reviewRefs(): Promise<{ model: number; type: number }> {
    if (this.worModelId === null || this.reviewTypeId === null) {
      const found = await resolveXmlids(this.client, [modelXmlid(WOR_MODEL), ACTIVITY_TYPES.worReview]);
      const model = found.get(modelXmlid(WOR_MODEL))?.id;
      const type = found.get(ACTIVITY_TYPES.worReview)?.id;
      if (!model || !type)
        throw new Error('The WOR model or its review activity type is missing: run h23-bridge install');
      this.worModelId = model;
      this.reviewTypeId = type;
    }
    return { model: this.worModelId, type: this.reviewTypeId };
  }

  private async openReviewActivities(worIds: readonly number[]): Promise<OdooRecord[]> {
    if (worIds.length === 0) return [];
    const { type } = await this.reviewRefs();
    return this.client.searchRead(
      'mail.activity',
      [
        ['res_model', '=', WOR_MODEL],
        ['res_id', 'in', [...worIds]],
        ['activity_type_id', '=', type],
      ],
      ['res_id', 'note'],
    );
  }

  /** Workshop admins of each branch, in id order: reviews are shared among them by WOR id. */
  private async adminsByBranch(): Promise<Map<number, number[]>> {
    if (!this.workshopAdmins) {
      const branches = await this.client.searchRead(
        BRANCH_MODEL,
        [],
        ['x_workshop_admin_ids', 'x_pic_crm_id', 'x_head_id'],
        { idsOnly: true, context: { active_test: false } },
      );
      this.workshopAdmins = new Map(
        branches.map((branch) => {
          const admins = Array.isArray(branch.x_workshop_admin_ids)
            ? (branch.x_workshop_admin_ids as number[]).slice().sort((a, b) => a - b)
            : [];
          const fallback = [linkId(branch.x_pic_crm_id), linkId(branch.x_head_id)].filter(
            (id): id is number => id !== null,
          );
          return [branch.id, admins.length > 0 ? admins : fallback.slice(0, 1)];
        }),
      );
    }
    return this.workshopAdmins;
  }

  /** One open review activity per WOR in review: created once, its note kept current. */
  private async openReviews(
    outcomes: readonly WorOutcome[],
    branchOf: (worId: number) => number | null,
    errors: AppliedBatch['errors'],
  ): Promise<number> {
    if (outcomes.length === 0) return 0;
    const existing = await this.openReviewActivities(outcomes.map((outcome) => outcome.worId));
    const byWor = new Map(existing.map((activity) => [Number(activity.res_id), activity]));
    const admins = await this.adminsByBranch();
    const { model, type } = await this.reviewRefs();
    const creates: Record<string, unknown>[] = [];
    const noteUpdates: RecordUpdate[] = [];
    for (const outcome of outcomes) {
      const activity = byWor.get(outcome.worId);
      if (activity) {
        if (activity.note !== outcome.evidence)
          noteUpdates.push({ id: activity.id, values: { note: outcome.evidence } });
        continue;
      }
      const branchId = branchOf(outcome.worId);
      const pool = branchId ? (admins.get(branchId) ?? []) : [];
      const userId = pool.length > 0 ? pool[outcome.worId % pool.length] : undefined;
      creates.push({
        res_model_id: model,
        res_id: outcome.worId,
        activity_type_id: type,
        summary: 'Tinjau WOR: pilih Keputusan Admin',
        note: outcome.evidence,
        ...(userId ? { user_id: userId } : {}),
      });
    }
    await this.writeGrouped('mail.activity', noteUpdates, errors);
    if (creates.length === 0) return 0;
    const created = await this.client.create('mail.activity', creates, {
      chunkSize: 500,
      context: { mail_activity_quick_update: true },
    });
    return created.filter((outcome) => outcome.id !== undefined).length;
  }

  private async closeReviews(outcomes: readonly WorOutcome[]): Promise<number> {
    const activities = await this.openReviewActivities(outcomes.map((outcome) => outcome.worId));
    if (activities.length === 0) return 0;
    await this.client.call('mail.activity', 'action_feedback', [activities.map((activity) => activity.id)], {
      feedback: 'Keputusan admin diterapkan oleh h23-bridge.',
    });
    return activities.length;
  }

  // --- the dealer's own WOR model ---------------------------------------------

  /**
   * Checks the configured WOR source against Odoo's `fields_get`: every named
   * field exists with a usable type. Returns one message per problem, naming
   * the config key.
   */
  async validateSource(config: WorConfig): Promise<string[]> {
    let fields: Record<string, { type: string; relation?: string | false }>;
    try {
      fields = await this.client.call(config.model, 'fields_get', [], { attributes: ['type', 'relation'] });
    } catch (error) {
      return [
        `wor.model: Odoo has no model "${config.model}" the bridge may read (${(error as Error).message})`,
      ];
    }
    return sourceFieldProblems(config, fields);
  }

  /** Dealer WORs written at or after `since`, as x_h23_wor values keyed by `model,id`. */
  async readSource(
    config: WorConfig,
    since: string | null,
    branchesByCode: ReadonlyMap<string, number>,
    timeZone: string,
  ): Promise<Array<{ sourceRef: string; writeDate: string; values: Record<string, unknown> }>> {
    const mapping = Object.entries(config.fields).filter(
      (entry): entry is [string, string] => entry[1] !== null,
    );
    const records = await this.client.searchRead(
      config.model,
      since ? [['write_date', '>=', since]] : [],
      [...mapping.map(([, field]) => field), 'write_date'],
      { order: 'write_date asc, id asc', idsOnly: true },
    );
    return records.map((record) => {
      const values: Record<string, unknown> = { x_source: 'tablet' };
      for (const [key, field] of mapping)
        values[WOR_INPUT_FIELDS[key as keyof typeof WOR_INPUT_FIELDS]] = mirrorValue(
          key,
          record[field],
          branchesByCode,
          timeZone,
        );
      return {
        sourceRef: `${config.model},${record.id}`,
        writeDate: String(record.write_date ?? ''),
        values,
      };
    });
  }

  /** Mirrors dealer WORs into x_h23_wor by source reference; only changed input values are written. */
  async upsertMirrored(
    rows: ReadonlyArray<{ sourceRef: string; values: Record<string, unknown> }>,
  ): Promise<{ created: number; updated: number; errors: AppliedBatch['errors'] }> {
    const errors: AppliedBatch['errors'] = [];
    if (rows.length === 0) return { created: 0, updated: 0, errors };
    const inputFields = [...new Set(rows.flatMap((row) => Object.keys(row.values)))];
    const existing = await this.client.searchRead(
      WOR_MODEL,
      [['x_source_ref', 'in', rows.map((row) => row.sourceRef)]],
      ['x_source_ref', ...inputFields],
      { idsOnly: true },
    );
    const byRef = new Map(existing.map((record) => [String(record.x_source_ref), record]));
    const creates: Record<string, unknown>[] = [];
    const updates: RecordUpdate[] = [];
    for (const row of rows) {
      const record = byRef.get(row.sourceRef);
      if (!record) {
        creates.push({ ...row.values, x_source_ref: row.sourceRef });
        continue;
      }
      const changed: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(row.values)) {
        if ((record[field] ?? false) !== (value ?? false)) changed[field] = value;
      }
      // Cleared fingerprint: the reconciliation reads this WOR again although the bridge wrote it.
      if (Object.keys(changed).length > 0)
        updates.push({ id: record.id, values: { ...changed, x_reconciled_key: false } });
    }
    const outcomes = await this.client.create(WOR_MODEL, creates, { chunkSize: 500, context: BULK_CONTEXT });
    for (const outcome of outcomes) {
      if (outcome.error) {
        const record = String(creates[outcome.index]?.x_source_ref ?? '');
        errors.push({ model: WOR_MODEL, record, message: outcome.error.message });
      }
    }
    const updated = await this.writeGrouped(WOR_MODEL, updates, errors);
    return { created: outcomes.filter((outcome) => outcome.id !== undefined).length, updated, errors };
  }

  branchesByDealerCode(): Promise<Map<string, number>> {
    return readBranchesByDealerCode(this.client);
  }

  /** The user the bridge writes as: its own writes are no news to the watermark. */
  get bridgeUid(): number {
    return this.client.uid;
  }
}

/** The WOR's input fields (what a WOR source or a Pra WO row gives), by the bridge's names. */
export const WOR_INPUT_FIELDS = {
  name: 'x_name',
  visitDate: 'x_visit_date',
  branch: 'x_branch_id',
  engineNumber: 'x_engine_number',
  carrierName: 'x_carrier_name',
  carrierPhone: 'x_carrier_phone',
  carrierAddress: 'x_carrier_address',
  frameNumber: 'x_frame_number',
  modelName: 'x_model_name',
  serviceType: 'x_service_type',
} as const satisfies Record<keyof WorConfig['fields'], string>;

function mirrorValue(
  key: string,
  value: unknown,
  branchesByCode: ReadonlyMap<string, number>,
  timeZone: string,
): unknown {
  if (value === false || value === null || value === undefined || value === '') return false;
  if (key === 'branch') {
    if (typeof value === 'number') return value;
    return branchesByCode.get(String(value).trim().toUpperCase()) ?? false;
  }
  // A datetime is UTC in Odoo: the visit's date is the dealer's.
  if (key === 'visitDate') {
    const text = String(value);
    return text.length > 10 ? localDateOfOdooDatetime(text, timeZone) : text;
  }
  if (key === 'serviceType') return serviceTypeOf(String(value));
  return typeof value === 'string' ? value.trim() : String(value);
}

/** A dealer WOR model's service type, by the one parser the Pra WO import uses too; anything else is left empty. */
export function serviceTypeOf(text: string): string | false {
  const type = parseServiceType(text);
  return type === null || type === 'unknown' ? false : type;
}

const EXPECTED_TYPES: Readonly<Record<string, readonly string[]>> = {
  name: ['char'],
  visitDate: ['date', 'datetime'],
  branch: ['many2one', 'char'],
  engineNumber: ['char'],
  carrierName: ['char'],
  carrierPhone: ['char'],
  carrierAddress: ['char', 'text'],
  frameNumber: ['char'],
  modelName: ['char', 'selection'],
  serviceType: ['selection', 'char'],
};

export function sourceFieldProblems(
  config: WorConfig,
  fields: Readonly<Record<string, { type: string; relation?: string | false }>>,
): string[] {
  const problems: string[] = [];
  for (const required of ['engineNumber', 'carrierName'] as const) {
    if (!config.fields[required]) problems.push(`wor.fields.${required}: required, but set to null`);
  }
  for (const [key, field] of Object.entries(config.fields)) {
    if (!field) continue;
    const info = fields[field];
    const where = `wor.fields.${key}`;
    if (!info) {
      const close = Object.keys(fields)
        .filter((name) => name.includes(field.replace(/^x_/, '').split('_')[0] ?? field))
        .slice(0, 5);
      problems.push(
        `${where}: "${config.model}" has no field "${field}"${close.length ? ` (fields with a similar name: ${close.join(', ')})` : ''}`,
      );
      continue;
    }
    const expected = EXPECTED_TYPES[key] ?? [];
    if (!expected.includes(info.type)) {
      problems.push(`${where}: "${field}" is a ${info.type} field; expected ${expected.join(' or ')}`);
    } else if (key === 'branch' && info.type === 'many2one' && info.relation !== BRANCH_MODEL) {
      problems.push(
        `${where}: "${field}" links to ${info.relation}; expected a link to ${BRANCH_MODEL} or a char dealer code`,
      );
    }
  }
  return problems;
}
