import { nameMatchKey, normalizeEngineNumber, normalizeName, normalizePhone } from '../import/normalize.js';
import { ownerKey } from '../owner-key.js';
import { type Comparison, compareWithCdb, renderDifferences, renderEvidence } from './evidence.js';
import { sameAddress, sameName } from './identity.js';
import {
  type Known,
  type Person,
  phonesOf,
  type ReviewChoice,
  type ReviewReason,
  type Unit,
  type Wor,
  type WorResolution,
} from './types.js';

/**
 * SOP Create New Database H23 (PCD/OP-MKT/0002 4.1.5): each WOR against the
 * unit of its engine number, the unit's owner (BPA) and the CDB.
 *
 * - unit known, carrier is the owner → link, tick "WOR = BPA", fill the
 *   owner's and unit's blanks from the WOR, record every WOR/CDB difference;
 * - unit known, carrier someone else → keep the owner, reuse or create the
 *   carrier as a contact of the owner, no tick;
 * - unit unknown → create the unit ("not in CDB") and its owner from the WOR;
 *   the unit records that WOR as its origin, so a run cut short between the
 *   unit and its WOR settles the WOR as the one that created it, not as a
 *   second visit;
 * - anything a human must settle → state review, with the evidence.
 *
 * People are references: a positive number is an Odoo id, a negative one a
 * person this plan creates. A batch is planned in order with its own creations
 * visible, so two WORs of one new customer make one partner.
 */

export interface PlannedPerson {
  ref: number;
  key: string;
  name: string;
  phone: string | null;
  street: string | null;
  /** Carriers are contacts of the owner they came with. */
  parentRef: number | null;
}

export interface PlannedUnit {
  ref: number;
  engineNumber: string;
  ownerRef: number;
  branchId: number | null;
  frameNumber: string | null;
  modelName: string | null;
  /** The WOR the unit is created from. */
  originWorId: number;
}

export interface PersonChanges {
  phone?: string;
  street?: string;
}

export interface UnitChanges {
  ownerRef?: number;
  ownerConfirmed?: boolean;
  frameNumber?: string;
  modelName?: string;
  branchId?: number;
}

export interface WorOutcome {
  worId: number;
  state: 'matched' | 'review';
  resolution: WorResolution | null;
  unitRef: number | null;
  ownerRef: number | null;
  carrierRef: number | null;
  carrierIsOwner: boolean;
  engineNumber: string | null;
  differences: string | null;
  reviewReason: ReviewReason | null;
  /** HTML for the WOR and the review activity: WOR, Odoo and CDB side by side, and the choices. */
  evidence: string | null;
  reconciledKey: string;
  /** The WOR was in review and is settled now: its review activity is done. */
  closesReview: boolean;
}

export interface WorPlan {
  createPeople: PlannedPerson[];
  updatePeople: Map<number, PersonChanges>;
  createUnits: PlannedUnit[];
  updateUnits: Map<number, UnitChanges>;
  outcomes: WorOutcome[];
  /** WORs whose data did not change since they were last reconciled. */
  unchanged: number;
}

/** A short, stable fingerprint of what the decision depends on (FNV-1a, 2 × 32 bits). */
export function worFingerprint(wor: Wor): string {
  const text = JSON.stringify([
    wor.engineNumber,
    wor.carrierName,
    wor.carrierPhone,
    wor.carrierAddress,
    wor.frameNumber,
    wor.modelName,
    wor.branchId,
    wor.state === 'review' ? wor.reviewChoice : null,
    wor.state === 'review' ? wor.reviewPartnerId : null,
  ]);
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193) >>> 0;
    b = Math.imul(b ^ code, 0x5bd1e995) >>> 0;
  }
  return `v1:${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

/** The carrier as the WOR describes them, normalised. */
interface Carrier {
  name: string | null;
  nameKey: string;
  phone: string | null;
  address: string | null;
}

type Found =
  | { kind: 'match'; ref: number }
  | { kind: 'none' }
  | { kind: 'conflict'; reason: ReviewReason; candidates: Person[] };

/** The batch's working view: what Odoo holds plus what this plan creates. */
class Workspace {
  private nextRef = -1;
  readonly people = new Map<number, Person>();
  private readonly byPhone = new Map<string, number[]>();
  private readonly byKey = new Map<string, number>();
  readonly units = new Map<string, Unit>();
  /** People and units this plan creates: their working copies, turned into creates at the end. */
  private readonly newPeople: number[] = [];
  private readonly newUnits: Unit[] = [];
  readonly plan: WorPlan = {
    createPeople: [],
    updatePeople: new Map(),
    createUnits: [],
    updateUnits: new Map(),
    outcomes: [],
    unchanged: 0,
  };

  constructor(known: Known) {
    for (const person of [...known.people.values()].sort((x, y) => x.id - y.id)) this.index(person);
    for (const [engine, unit] of known.units) this.units.set(engine, { ...unit });
  }

  private index(person: Person): void {
    this.people.set(person.id, person);
    for (const e164 of e164PhonesOf(person)) {
      const holders = this.byPhone.get(e164) ?? [];
      if (!holders.includes(person.id)) this.byPhone.set(e164, [...holders, person.id]);
    }
    if (person.key && !this.byKey.has(person.key)) this.byKey.set(person.key, person.id);
  }

  person(ref: number | null): Person | null {
    return ref === null ? null : (this.people.get(ref) ?? null);
  }

  personByKey(key: string | null): Person | null {
    return key ? this.person(this.byKey.get(key) ?? null) : null;
  }

  /** Same phone and a matching name → that person; a phone held by others → a conflict; else by key. */
  find(carrier: Carrier, engineNumber: string): Found {
    if (carrier.phone) {
      const candidates = (this.byPhone.get(carrier.phone) ?? []).map((id) => this.people.get(id) as Person);
      const similar = carrier.name
        ? candidates.filter((person) => sameName(person.name, carrier.name as string))
        : [];
      const [only] = similar;
      if (similar.length === 1 && only) return { kind: 'match', ref: only.id };
      if (similar.length > 1) return { kind: 'conflict', reason: 'phone_shared', candidates: similar };
      if (candidates.length > 0) {
        return {
          kind: 'conflict',
          reason: candidates.length > 1 ? 'phone_shared' : 'phone_other_customer',
          candidates,
        };
      }
    }
    const byKey = this.personByKey(personKey(carrier, engineNumber));
    return byKey ? { kind: 'match', ref: byKey.id } : { kind: 'none' };
  }

  /**
   * The person an admin's choice ("the carrier is the owner / someone else") asks to create: the one
   * with the carrier's key and that parent if there is one (made by a run cut short before the WOR
   * was written, or by an earlier WOR of the batch), else a new one. Keyed, a choice creates once.
   */
  keyedPerson(carrier: Carrier, engineNumber: string, parentRef: number | null): number {
    const made = this.personByKey(personKey(carrier, engineNumber));
    if (made && made.parentId === parentRef) return made.id;
    return this.createPerson(carrier, engineNumber, parentRef);
  }

  createPerson(carrier: Carrier, engineNumber: string, parentRef: number | null): number {
    const ref = this.nextRef;
    this.nextRef -= 1;
    this.newPeople.push(ref);
    this.index({
      id: ref,
      name: carrier.name ?? '',
      phone: carrier.phone,
      street: carrier.address,
      city: null,
      key: personKey(carrier, engineNumber),
      parentId: parentRef,
    });
    return ref;
  }

  /** Blanks only: a value Odoo has is never overwritten from a WOR. */
  fillPerson(ref: number, carrier: Carrier): void {
    const person = this.people.get(ref);
    if (!person) return;
    const changes: PersonChanges = {};
    if (!person.phone && carrier.phone) changes.phone = carrier.phone;
    if (!person.street && carrier.address) changes.street = carrier.address;
    if (Object.keys(changes).length === 0) return;
    this.index({ ...person, ...changes });
    if (ref < 0) return;
    this.plan.updatePeople.set(ref, { ...this.plan.updatePeople.get(ref), ...changes });
  }

  changeUnit(unit: Unit, changes: UnitChanges): void {
    if (Object.keys(changes).length === 0) return;
    if (changes.ownerRef !== undefined) unit.ownerId = changes.ownerRef;
    if (changes.ownerConfirmed !== undefined) unit.ownerConfirmed = changes.ownerConfirmed;
    if (changes.frameNumber) unit.frameNumber = changes.frameNumber;
    if (changes.modelName) unit.modelName = changes.modelName;
    if (changes.branchId) unit.branchId = changes.branchId;
    if (unit.id < 0) return;
    this.plan.updateUnits.set(unit.id, { ...this.plan.updateUnits.get(unit.id), ...changes });
  }

  createUnit(wor: Wor, engineNumber: string, ownerRef: number): Unit {
    const ref = this.nextRef;
    this.nextRef -= 1;
    const unit: Unit = {
      id: ref,
      engineNumber,
      ownerId: ownerRef,
      branchId: wor.branchId,
      frameNumber: wor.frameNumber,
      modelName: wor.modelName,
      purchaseDate: null,
      cdbOwnerKey: null,
      ownerConfirmed: false,
      originWorId: wor.id,
    };
    this.newUnits.push(unit);
    this.units.set(engineNumber, unit);
    return unit;
  }

  /** The plan, with the creates taken from the working copies as the batch left them. */
  finish(): WorPlan {
    this.plan.createPeople = this.newPeople.map((ref) => {
      const person = this.people.get(ref) as Person;
      const { name, phone, street } = person;
      return { ref, key: person.key ?? '', name, phone, street, parentRef: person.parentId };
    });
    this.plan.createUnits = this.newUnits.map((unit) => ({
      ref: unit.id,
      engineNumber: unit.engineNumber,
      ownerRef: unit.ownerId as number,
      branchId: unit.branchId,
      frameNumber: unit.frameNumber,
      modelName: unit.modelName,
      originWorId: unit.originWorId as number,
    }));
    return this.plan;
  }
}

function personKey(carrier: Carrier, engineNumber: string): string {
  return ownerKey({ phoneE164: carrier.phone, nameKey: carrier.nameKey, engineNumber });
}

function carrierOf(wor: Wor): Carrier {
  const name = normalizeName(wor.carrierName);
  const phone = normalizePhone(wor.carrierPhone);
  const address = wor.carrierAddress?.replace(/\s+/g, ' ').trim() || null;
  return {
    name: name.ok ? name.value.display : null,
    nameKey: name.ok ? nameMatchKey(name.value.display) : '',
    phone: phone.ok ? phone.value.e164 : null,
    address,
  };
}

/** A person's numbers in E.164, those that normalise. */
function e164PhonesOf(person: Person): string[] {
  return phonesOf(person).flatMap((value) => {
    const phone = normalizePhone(value);
    return phone.ok ? [phone.value.e164] : [];
  });
}

/** Same phone; or same name and no contrary phone; same name with another phone and no matching address is unclear. */
function carrierIsOwner(carrier: Carrier, owner: Person): 'yes' | 'no' | 'unclear' {
  const ownerPhones = e164PhonesOf(owner);
  if (carrier.phone && ownerPhones.includes(carrier.phone)) return 'yes';
  if (!carrier.name || !sameName(carrier.name, owner.name)) return 'no';
  if (sameAddress(carrier.address, owner.street)) return 'yes';
  if (carrier.phone && ownerPhones.length > 0) return 'unclear';
  return 'yes';
}

const UNUSABLE_CHOICE = {
  engine_first: 'Perbaiki dulu nomor mesin pada WOR, lalu pilih "cocokkan ulang".',
  partner_missing: 'Keputusan "Pakai kontak yang dipilih" butuh Kontak yang Dipilih.',
  cdb_owner_missing:
    'Pemilik menurut CDB tidak ditemukan di Odoo: impor ulang CDB atau pilih keputusan lain.',
} as const;

interface Decision {
  state: 'matched' | 'review';
  resolution?: WorResolution;
  reason?: ReviewReason;
  candidates?: Person[];
  problem?: string;
  unit: Unit | null;
  ownerRef: number | null;
  carrierRef: number | null;
  carrierIsOwner: boolean;
}

function review(
  reason: ReviewReason,
  unit: Unit | null,
  extra: Partial<Pick<Decision, 'candidates' | 'problem'>> = {},
): Decision {
  return {
    state: 'review',
    reason,
    unit,
    ownerRef: unit?.ownerId ?? null,
    carrierRef: null,
    carrierIsOwner: false,
    ...extra,
  };
}

function decide(wor: Wor, engineNumber: string, carrier: Carrier, space: Workspace): Decision {
  const choice: ReviewChoice | null = wor.state === 'review' ? wor.reviewChoice : null;
  const chosen = choice === 'partner' ? space.person(wor.reviewPartnerId) : null;
  if (choice === 'partner' && !chosen) {
    return review(wor.reviewReason ?? 'phone_shared', space.units.get(engineNumber) ?? null, {
      problem: UNUSABLE_CHOICE.partner_missing,
    });
  }
  const settled = (resolution: WorResolution): WorResolution => (choice ? 'reviewed' : resolution);
  const unit = space.units.get(engineNumber) ?? null;

  if (!unit) {
    let ownerRef: number;
    if (chosen) ownerRef = chosen.id;
    else if (choice === 'owner' || choice === 'carrier')
      ownerRef = space.keyedPerson(carrier, engineNumber, null);
    else {
      const found = space.find(carrier, engineNumber);
      if (found.kind === 'conflict') return review(found.reason, null, { candidates: found.candidates });
      ownerRef = found.kind === 'match' ? found.ref : space.createPerson(carrier, engineNumber, null);
    }
    if (ownerRef > 0) space.fillPerson(ownerRef, carrier);
    const created = space.createUnit(wor, engineNumber, ownerRef);
    return {
      state: 'matched',
      resolution: settled('created'),
      unit: created,
      ownerRef,
      carrierRef: null,
      carrierIsOwner: true,
    };
  }

  // The unit was made for this very WOR (by a run cut short before the WOR was written): no second visit.
  const madeHere = unit.originWorId === wor.id;
  const cdbOwner = space.personByKey(unit.cdbOwnerKey);
  if (choice === 'cdb_owner') {
    if (!cdbOwner) return review('owner_conflict', unit, { problem: UNUSABLE_CHOICE.cdb_owner_missing });
    space.changeUnit(unit, { ownerRef: cdbOwner.id, ownerConfirmed: false });
  }
  if (choice === 'odoo_owner' && !unit.ownerConfirmed) space.changeUnit(unit, { ownerConfirmed: true });
  let owner = space.person(unit.ownerId);
  const ownerKey = owner?.key ?? null;
  if (owner && unit.cdbOwnerKey && ownerKey !== unit.cdbOwnerKey && !unit.ownerConfirmed) {
    return review('owner_conflict', unit);
  }

  if (!owner) {
    // A unit without an owner (a CDB row with no name): the carrier becomes its owner.
    let ownerRef: number;
    if (chosen) ownerRef = chosen.id;
    else {
      const forced = choice === 'owner' || choice === 'carrier';
      const found = forced ? ({ kind: 'none' } as const) : space.find(carrier, engineNumber);
      if (found.kind === 'conflict') return review(found.reason, unit, { candidates: found.candidates });
      if (found.kind === 'match') ownerRef = found.ref;
      else if (forced) ownerRef = space.keyedPerson(carrier, engineNumber, null);
      else ownerRef = space.createPerson(carrier, engineNumber, null);
    }
    space.changeUnit(unit, { ownerRef });
    owner = space.person(ownerRef) as Person;
    space.fillPerson(owner.id, carrier);
    completeUnit(space, unit, wor);
    return {
      state: 'matched',
      resolution: settled('owner'),
      unit,
      ownerRef,
      carrierRef: null,
      carrierIsOwner: true,
    };
  }

  let isOwner = carrierIsOwner(carrier, owner);
  if (choice === 'owner') isOwner = 'yes';
  // "The carrier is someone else" made an owner of the carrier where the unit had none (or was new):
  // an owner with the carrier's very key is the carrier, on a re-run after a kill; no contact of themselves.
  if (choice === 'carrier') isOwner = owner.key === personKey(carrier, engineNumber) ? 'yes' : 'no';
  if (chosen) isOwner = chosen.id === owner.id ? 'yes' : 'no';
  if (isOwner === 'unclear') return review('owner_phone_differs', unit);

  completeUnit(space, unit, wor);
  if (isOwner === 'yes') {
    space.fillPerson(owner.id, carrier);
    return {
      state: 'matched',
      resolution: settled(madeHere ? 'created' : 'owner'),
      unit,
      ownerRef: owner.id,
      carrierRef: null,
      carrierIsOwner: true,
    };
  }

  let carrierRef: number;
  if (chosen) carrierRef = chosen.id;
  else if (choice === 'carrier') carrierRef = space.keyedPerson(carrier, engineNumber, owner.id);
  else {
    const found = space.find(carrier, engineNumber);
    if (found.kind === 'conflict') return review(found.reason, unit, { candidates: found.candidates });
    carrierRef = found.kind === 'match' ? found.ref : space.createPerson(carrier, engineNumber, owner.id);
  }
  if (carrierRef > 0) space.fillPerson(carrierRef, carrier);
  return {
    state: 'matched',
    resolution: settled('carrier'),
    unit,
    ownerRef: owner.id,
    carrierRef,
    carrierIsOwner: false,
  };
}

function completeUnit(space: Workspace, unit: Unit, wor: Wor): void {
  const changes: UnitChanges = {};
  if (!unit.frameNumber && wor.frameNumber) changes.frameNumber = wor.frameNumber;
  if (!unit.modelName && wor.modelName) changes.modelName = wor.modelName;
  if (!unit.branchId && wor.branchId) changes.branchId = wor.branchId;
  space.changeUnit(unit, changes);
}

function comparisonFor(wor: Wor, carrier: Carrier, decision: Decision, space: Workspace): Comparison {
  const unit = decision.unit;
  return {
    wor: {
      name: carrier.name ?? wor.carrierName,
      phone: carrier.phone ?? wor.carrierPhone,
      address: carrier.address,
      engineNumber: wor.engineNumber,
      frameNumber: wor.frameNumber,
      modelName: wor.modelName,
    },
    owner: space.person(unit?.ownerId ?? null),
    cdbOwner: space.personByKey(unit?.cdbOwnerKey ?? null),
    unit,
    unitFromWor: unit !== null && unit.originWorId === wor.id,
  };
}

/** Plans a batch of WORs in order. `known` holds every unit and person the batch may meet. */
export function planWorReconciliation(wors: readonly Wor[], known: Known): WorPlan {
  const space = new Workspace(known);
  for (const wor of wors) {
    const reconciledKey = worFingerprint(wor);
    if (
      wor.state === 'done' ||
      (wor.state !== 'new' && wor.state !== null && wor.reconciledKey === reconciledKey)
    ) {
      space.plan.unchanged += 1;
      continue;
    }
    const carrier = carrierOf(wor);
    const engine = normalizeEngineNumber(wor.engineNumber);
    const choice = wor.state === 'review' ? wor.reviewChoice : null;
    let decision: Decision;
    if (!engine.ok) {
      decision = review(
        'engine_malformed',
        null,
        choice && choice !== 'retry' ? { problem: UNUSABLE_CHOICE.engine_first } : {},
      );
    } else if (!carrier.name && choice !== 'partner') {
      decision = review('carrier_missing', space.units.get(engine.value) ?? null);
    } else {
      decision = decide(wor, engine.value, carrier, space);
    }
    const comparison = comparisonFor(wor, carrier, decision, space);
    const outcome: WorOutcome = {
      worId: wor.id,
      state: decision.state,
      resolution: decision.resolution ?? null,
      unitRef: decision.unit?.id ?? null,
      ownerRef: decision.ownerRef,
      carrierRef: decision.carrierRef,
      carrierIsOwner: decision.carrierIsOwner,
      engineNumber: engine.ok ? engine.value : null,
      differences:
        decision.state === 'matched'
          ? renderDifferences(compareWithCdb(comparison, decision.carrierIsOwner))
          : null,
      reviewReason: decision.reason ?? null,
      evidence:
        decision.state === 'review'
          ? renderEvidence(
              comparison,
              decision.reason as ReviewReason,
              decision.candidates ?? [],
              decision.problem ?? null,
            )
          : null,
      reconciledKey,
      closesReview: decision.state === 'matched' && wor.state === 'review',
    };
    space.plan.outcomes.push(outcome);
  }
  return space.finish();
}
