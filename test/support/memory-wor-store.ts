import type { WorConfig } from '../../config/schema.js';
import type { WriteError } from '../../src/connectors/odoo/grouped-writes.js';
import type { Watermark, WatermarkStore } from '../../src/connectors/odoo/lease-store.js';
import type {
  Creation,
  NewPerson,
  NewUnit,
  PersonUpdate,
  UnitUpdate,
  WorPlanWriter,
  WorResult,
  Writing,
} from '../../src/connectors/odoo/wor-plan-store.js';
import type { ReadWor, WorReadStore } from '../../src/connectors/odoo/wor-reader.js';
import type { WorReview, WorReviewStore } from '../../src/connectors/odoo/wor-review-store.js';
import {
  isDealerWorModel,
  type MirroredWor,
  type WorSourceStore,
} from '../../src/connectors/odoo/wor-source-store.js';
import type { ReconcileStores } from '../../src/jobs/reconcile-wors.js';
import { normalizeEngineNumber, normalizePhone } from '../../src/rules/import/normalize.js';
import { ownerKeyEnginePrefix } from '../../src/rules/owner-key.js';
import type { Known, Person, Unit, Wor } from '../../src/rules/wor/types.js';

export interface MemoryPerson extends Omit<Person, 'otherPhones'> {
  type: 'contact' | 'other' | null;
}

export interface MemoryUnit extends Unit {
  notInCdb: boolean;
}

/** A WOR with what the reconciliation writes on it, and who wrote it last and when. */
export interface MemoryWor extends ReadWor {
  writeUid: number;
  resolution: WorResult['resolution'];
  unitId: number | null;
  partnerId: number | null;
  carrierPartnerId: number | null;
  carrierIsOwner: boolean;
  cdbDifferences: string | null;
  reviewEvidence: string | null;
}

export interface MemoryActivity {
  id: number;
  worId: number;
  userId: number | null;
  note: string | null;
  /** Marked done (`action_feedback`): kept, with the feedback. */
  done: boolean;
}

export interface MemoryBranch {
  id: number;
  workshopAdminIds: number[];
  picCrmId: number | null;
  headId: number | null;
}

/** Records Odoo refuses (a constraint, an access rule): by person key, engine number or WOR id. */
export interface Refusals {
  personKeys: Set<string>;
  engines: Set<string>;
  worIds: Set<number>;
}

const BASE_TIME = Date.parse('2026-03-02T01:00:00Z');

/**
 * The reconciliation's side of Odoo in memory: WORs with their write date and
 * writer, partners, units, review activities, branches and watermarks. Write
 * calls are counted as the Odoo stores make them (a create per call, a `load`
 * per set of fields, the watermark write) and fail once the kill switch's
 * budget is spent, as a killed process would. Every write call moves the
 * clock one second on, and a WOR written takes that time and the bridge as its
 * writer, as Odoo's `write_date` and `write_uid` do. Reads hand out copies.
 */
export class MemoryWorStore
  implements WatermarkStore, WorReadStore, WorPlanWriter, WorReviewStore, WorSourceStore
{
  readonly people = new Map<number, MemoryPerson>();
  readonly units = new Map<number, MemoryUnit>();
  readonly wors = new Map<number, MemoryWor>();
  readonly activities = new Map<number, MemoryActivity>();
  readonly branches = new Map<number, MemoryBranch>();
  readonly watermarks = new Map<string, string>();
  readonly refuse: Refusals = { personKeys: new Set(), engines: new Set(), worIds: new Set() };
  readonly bridgeUid = 2;
  /** A workshop admin typing WORs in Odoo. */
  readonly workshopUid = 7;
  writeCalls = 0;
  calls = 0;
  private seconds = 0;
  private nextId = 100;

  constructor(readonly killSwitch: { writesLeft: number } = { writesLeft: Number.POSITIVE_INFINITY }) {}

  /** The stores the job takes, all of them this memory. */
  stores(): ReconcileStores {
    return {
      watermarks: this,
      wors: this,
      plan: this,
      reviews: this,
      source: this,
      calls: () => this.calls,
    };
  }

  /** Odoo's UTC datetime text of the memory's clock. */
  now(): string {
    return new Date(BASE_TIME + this.seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);
  }

  private read(): void {
    this.calls += 1;
  }

  private guard(): void {
    this.calls += 1;
    if (this.killSwitch.writesLeft <= 0) throw new Error('connection lost (simulated kill)');
    this.killSwitch.writesLeft -= 1;
    this.writeCalls += 1;
    this.seconds += 1;
  }

  private newId(): number {
    this.nextId += 1;
    return this.nextId;
  }

  // --- seeding (no write counted) -------------------------------------------

  seedPerson(values: Partial<MemoryPerson> & { name: string }): MemoryPerson {
    const person: MemoryPerson = {
      id: this.newId(),
      phone: null,
      street: null,
      city: null,
      key: null,
      parentId: null,
      type: null,
      ...values,
    };
    this.people.set(person.id, person);
    return person;
  }

  seedUnit(values: Partial<MemoryUnit> & { engineNumber: string }): MemoryUnit {
    const unit: MemoryUnit = {
      id: this.newId(),
      ownerId: null,
      branchId: null,
      frameNumber: null,
      modelName: null,
      purchaseDate: null,
      cdbOwnerKey: null,
      ownerConfirmed: false,
      originWorId: null,
      notInCdb: false,
      ...values,
    };
    this.units.set(unit.id, unit);
    return unit;
  }

  /** A WOR as a workshop admin saves it (or changes it): written now, by them. */
  seedWor(values: Partial<MemoryWor> & { name: string }): MemoryWor {
    this.seconds += 1;
    const wor: MemoryWor = {
      id: this.newId(),
      branchId: null,
      visitDate: null,
      engineNumber: null,
      carrierName: null,
      carrierPhone: null,
      carrierAddress: null,
      frameNumber: null,
      modelName: null,
      state: 'new',
      reconciledKey: null,
      reviewReason: null,
      reviewChoice: null,
      reviewPartnerId: null,
      resolution: null,
      unitId: null,
      partnerId: null,
      carrierPartnerId: null,
      carrierIsOwner: false,
      cdbDifferences: null,
      reviewEvidence: null,
      ...values,
      writeDate: this.now(),
      writeUid: this.workshopUid,
    };
    this.wors.set(wor.id, wor);
    return wor;
  }

  /** A workshop admin's edit of a WOR (a review choice, a corrected phone). */
  editWor(id: number, values: Partial<MemoryWor>): void {
    const wor = this.wors.get(id);
    if (!wor) throw new Error(`no WOR ${id}`);
    this.seconds += 1;
    Object.assign(wor, values, { writeDate: this.now(), writeUid: this.workshopUid });
  }

  // --- watermarks -----------------------------------------------------------

  async readWatermark(name: string): Promise<Watermark | null> {
    this.read();
    const value = this.watermarks.get(name);
    return value ? (JSON.parse(value) as Watermark) : null;
  }

  async writeWatermark(name: string, watermark: Watermark): Promise<void> {
    const value = JSON.stringify(watermark);
    if (this.watermarks.get(name) === value) return;
    this.guard();
    this.watermarks.set(name, value);
  }

  // --- reading --------------------------------------------------------------

  async changedWorIds(since: string | null): Promise<number[]> {
    this.read();
    return [...this.wors.values()]
      .filter(
        (wor) =>
          (wor.reconciledKey === null && wor.state !== 'done') ||
          ((since === null || wor.writeDate >= since) && wor.writeUid !== this.bridgeUid),
      )
      .sort((a, b) => (a.writeDate === b.writeDate ? a.id - b.id : a.writeDate < b.writeDate ? -1 : 1))
      .map((wor) => wor.id);
  }

  async readWors(ids: readonly number[]): Promise<ReadWor[]> {
    if (ids.length === 0) return [];
    this.read();
    return [...ids]
      .sort((a, b) => a - b)
      .flatMap((id) => {
        const wor = this.wors.get(id);
        if (!wor) return [];
        const {
          writeUid: _uid,
          resolution: _resolution,
          unitId: _unit,
          partnerId: _partner,
          carrierPartnerId: _carrier,
          carrierIsOwner: _isOwner,
          cdbDifferences: _differences,
          reviewEvidence: _evidence,
          ...read
        } = wor;
        return [{ ...read }];
      });
  }

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
    if (engines.size) this.read();
    const units = new Map<string, Unit>();
    const keys = new Set<string>();
    for (const unit of [...this.units.values()].sort((a, b) => a.id - b.id)) {
      if (!engines.has(unit.engineNumber) || units.has(unit.engineNumber)) continue;
      const { notInCdb: _notInCdb, ...known } = unit;
      units.set(unit.engineNumber, known);
      if (unit.ownerId) personIds.add(unit.ownerId);
      if (unit.cdbOwnerKey) keys.add(unit.cdbOwnerKey);
    }
    const prefixes = [...engines].map(ownerKeyEnginePrefix);
    const people = new Map<number, Person>();
    for (const person of [...this.people.values()].sort((a, b) => a.id - b.id)) {
      const phone = normalizePhone(person.phone);
      const found =
        personIds.has(person.id) ||
        (phone.ok && phones.has(phone.value.e164)) ||
        (person.key !== null &&
          (keys.has(person.key) || prefixes.some((prefix) => person.key?.startsWith(prefix))));
      if (!found) continue;
      const { type: _type, ...known } = person;
      people.set(person.id, { ...known, otherPhones: [] });
    }
    this.calls += [personIds.size, phones.size, keys.size, prefixes.length].filter(Boolean).length;
    return { units, people };
  }

  // --- the plan's writes ------------------------------------------------------

  async createPeople(people: readonly NewPerson[]): Promise<Creation> {
    this.guard();
    const result: Creation = { ids: new Map(), errors: [] };
    people.forEach((person, index) => {
      if (this.refuse.personKeys.has(person.key)) {
        result.errors.push({ model: 'partner', record: person.key, message: 'refused' });
        return;
      }
      const created = this.seedPerson({
        name: person.name,
        phone: person.phone,
        street: person.street || null,
        key: person.key,
        ...(person.parentId ? { parentId: person.parentId, type: person.street ? 'other' : 'contact' } : {}),
      });
      result.ids.set(index, created.id);
    });
    return result;
  }

  /** One write call per set of fields, as `load` per signature does. */
  private writeBySignature<U extends { id: number }>(
    updates: readonly U[],
    valuesOf: (update: U) => Record<string, unknown>,
    apply: (id: number, values: Record<string, unknown>) => string | null,
  ): Writing {
    const errors: WriteError[] = [];
    const wanted = updates
      .map((update) => ({ id: update.id, values: valuesOf(update) }))
      .filter((update) => Object.keys(update.values).length > 0);
    const signatures = new Set(wanted.map((update) => Object.keys(update.values).sort().join(',')));
    for (const signature of signatures) {
      this.guard();
      for (const update of wanted) {
        if (Object.keys(update.values).sort().join(',') !== signature) continue;
        const refused = apply(update.id, update.values);
        if (refused) errors.push({ model: 'memory', record: String(update.id), message: refused });
      }
    }
    return { written: wanted.length - errors.length, errors };
  }

  async updatePeople(updates: readonly PersonUpdate[]): Promise<Writing> {
    return this.writeBySignature(
      updates,
      ({ id: _id, ...changes }) => ({
        ...(changes.phone ? { phone: changes.phone } : {}),
        ...(changes.street ? { street: changes.street } : {}),
      }),
      (id, values) => {
        const person = this.people.get(id);
        if (!person) return 'no such partner';
        Object.assign(person, values);
        return null;
      },
    );
  }

  async createUnits(units: readonly NewUnit[]): Promise<Creation> {
    this.guard();
    const result: Creation = { ids: new Map(), errors: [] };
    units.forEach((unit, index) => {
      if (this.refuse.engines.has(unit.engineNumber)) {
        result.errors.push({ model: 'unit', record: unit.engineNumber, message: 'refused' });
        return;
      }
      const created = this.seedUnit({ ...unit, notInCdb: true });
      result.ids.set(index, created.id);
    });
    return result;
  }

  async updateUnits(updates: readonly UnitUpdate[]): Promise<Writing> {
    return this.writeBySignature(
      updates,
      ({ id: _id, ...changes }) =>
        Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
      (id, values) => {
        const unit = this.units.get(id);
        if (!unit) return 'no such unit';
        Object.assign(unit, values);
        return null;
      },
    );
  }

  async worWriteDates(ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length > 0) this.read();
    return new Map(
      ids.flatMap((id) => {
        const wor = this.wors.get(id);
        return wor ? [[id, wor.writeDate] as const] : [];
      }),
    );
  }

  async writeWorResults(results: readonly WorResult[]): Promise<Writing> {
    return this.writeBySignature(
      results.map((result) => ({ ...result, id: result.worId })),
      ({ id: _id, worId: _worId, ...result }) => result,
      (id, values) => {
        const wor = this.wors.get(id);
        if (!wor) return 'no such WOR';
        if (this.refuse.worIds.has(id)) return 'refused';
        const result = values as Omit<WorResult, 'worId'>;
        Object.assign(wor, {
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
          writeDate: this.now(),
          writeUid: this.bridgeUid,
        });
        return null;
      },
    );
  }

  // --- review activities ----------------------------------------------------

  private openActivitiesOf(worIds: readonly number[]): MemoryActivity[] {
    const wanted = new Set(worIds);
    return [...this.activities.values()].filter((activity) => !activity.done && wanted.has(activity.worId));
  }

  async openReviews(reviews: readonly WorReview[], errors: WriteError[]): Promise<number> {
    if (reviews.length === 0) return 0;
    this.read();
    const byWor = new Map(
      this.openActivitiesOf(reviews.map((review) => review.worId)).map((a) => [a.worId, a]),
    );
    const notes: Array<{ id: number; note: string | null }> = [];
    const creates: MemoryActivity[] = [];
    for (const review of reviews) {
      const activity = byWor.get(review.worId);
      if (activity) {
        if (activity.note !== review.evidence) notes.push({ id: activity.id, note: review.evidence });
        continue;
      }
      const branch = review.branchId ? this.branches.get(review.branchId) : undefined;
      const admins = branch?.workshopAdminIds.slice().sort((a, b) => a - b) ?? [];
      const pool =
        admins.length > 0
          ? admins
          : [branch?.picCrmId ?? null, branch?.headId ?? null].filter((id) => id !== null).slice(0, 1);
      creates.push({
        id: 0,
        worId: review.worId,
        userId: pool.length > 0 ? (pool[review.worId % pool.length] ?? null) : null,
        note: review.evidence,
        done: false,
      });
    }
    errors.push(
      ...this.writeBySignature(
        notes,
        (row) => ({ note: row.note }),
        (id, values) => {
          Object.assign(this.activities.get(id) ?? {}, values);
          return null;
        },
      ).errors,
    );
    if (creates.length === 0) return 0;
    this.guard();
    for (const activity of creates) {
      const id = this.newId();
      this.activities.set(id, { ...activity, id });
    }
    return creates.length;
  }

  async closeReviews(worIds: readonly number[]): Promise<number> {
    if (worIds.length === 0) return 0;
    this.read();
    const open = this.openActivitiesOf(worIds);
    if (open.length === 0) return 0;
    this.guard();
    for (const activity of open) activity.done = true;
    return open.length;
  }

  // --- the dealer's own WOR model: none in memory ------------------------------

  async validateSource(config: WorConfig): Promise<string[]> {
    return isDealerWorModel(config) ? [`wor.model: no model "${config.model}" in memory`] : [];
  }

  async readSource(): Promise<MirroredWor[]> {
    throw new Error('no dealer WOR model in memory');
  }

  async upsertMirrored(): Promise<{ created: number; updated: number; errors: WriteError[] }> {
    throw new Error('no dealer WOR model in memory');
  }

  async branchesByDealerCode(): Promise<Map<string, number>> {
    return new Map();
  }
}
