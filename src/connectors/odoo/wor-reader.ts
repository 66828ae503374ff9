import { UNIT, WOR } from '../../module/models.js';
import { LOG_ACCESS, PARTNER } from '../../module/odoo-models.js';
import { normalizeEngineNumber, normalizePhone } from '../../rules/import/normalize.js';
import { ownerKeyEnginePrefix } from '../../rules/owner-key.js';
import type {
  Known,
  Person,
  ReviewChoice,
  ReviewReason,
  Unit,
  Wor,
  WorState,
} from '../../rules/wor/types.js';
import type { OdooClient, OdooRecord } from './client.js';
import { anyOf } from './domain.js';
import { partnerPhoneDomain, partnerPhonesOf, phoneSpellings } from './partner-phones.js';
import { decodeRecord, fieldNames, withFields } from './schema-codec.js';

/**
 * The WORs of `WOR` to reconcile, and what Odoo knows around them: the
 * units by engine number and every person a batch may meet.
 */

/** A WOR as read, with the write date the watermark moves to. */
export interface ReadWor extends Wor {
  writeDate: string;
}

export interface WorReadStore {
  /**
   * Ids of the WORs to look at, oldest write first: those written at or after
   * `since` (Odoo's UTC `YYYY-MM-DD HH:MM:SS`) by someone else than the bridge
   * (what it wrote itself is no news to it), and every WOR never reconciled
   * whatever its date (one refused last time is tried again, never lost).
   */
  changedWorIds(since: string | null): Promise<number[]>;
  readWors(ids: readonly number[]): Promise<ReadWor[]>;
  /** Units by engine number and every person the batch may meet (owners, CDB owners, same phones, keys, choices). */
  readKnown(wors: readonly Wor[]): Promise<Known>;
}

const WOR_READ = withFields(WOR, LOG_ACCESS);

const WOR_KEYS = [
  'name',
  'branch',
  'visitDate',
  'engineNumber',
  'carrierName',
  'carrierPhone',
  'carrierAddress',
  'frameNumber',
  'modelName',
  'state',
  'reconciledKey',
  'reviewReason',
  'reviewChoice',
  'reviewPartnerId',
  'writeDate',
] as const;

const UNIT_KEYS = [
  'engineNumber',
  'partnerId',
  'branch',
  'frameNumber',
  'modelName',
  'purchaseDate',
  'cdbOwnerKey',
  'ownerConfirmed',
  'originWor',
] as const;

const PERSON_KEYS = ['name', 'street', 'city', 'key', 'parent'] as const;

function toWor(record: Readonly<OdooRecord>): ReadWor {
  const wor = decodeRecord(WOR_READ, WOR_KEYS, record);
  return {
    id: wor.id,
    name: wor.name ?? `WOR ${wor.id}`,
    branchId: wor.branch,
    visitDate: wor.visitDate,
    engineNumber: wor.engineNumber,
    carrierName: wor.carrierName,
    carrierPhone: wor.carrierPhone,
    carrierAddress: wor.carrierAddress,
    frameNumber: wor.frameNumber,
    modelName: wor.modelName,
    state: wor.state as WorState | null,
    reconciledKey: wor.reconciledKey,
    reviewReason: wor.reviewReason as ReviewReason | null,
    reviewChoice: wor.reviewChoice as ReviewChoice | null,
    reviewPartnerId: wor.reviewPartnerId,
    writeDate: wor.writeDate ?? '',
  };
}

function toUnit(record: Readonly<OdooRecord>): Unit {
  const unit = decodeRecord(UNIT, UNIT_KEYS, record);
  return {
    id: unit.id,
    engineNumber: unit.engineNumber ?? '',
    ownerId: unit.partnerId,
    branchId: unit.branch,
    frameNumber: unit.frameNumber,
    modelName: unit.modelName,
    purchaseDate: unit.purchaseDate,
    cdbOwnerKey: unit.cdbOwnerKey,
    ownerConfirmed: unit.ownerConfirmed,
    originWorId: unit.originWor,
  };
}

export class OdooWorReader implements WorReadStore {
  constructor(private readonly client: OdooClient) {}

  async changedWorIds(since: string | null): Promise<number[]> {
    const { f } = WOR_READ;
    const changed = [...(since ? [[f.writeDate, '>=', since]] : []), [f.writeUid, '!=', this.client.uid]];
    const domain = [
      '|',
      '&',
      [f.reconciledKey, '=', false],
      [f.state, '!=', 'done'],
      ...(changed.length > 1 ? ['&'] : []),
      ...changed,
    ];
    return this.client.call<number[]>(WOR.model, 'search', [domain], {
      order: `${f.writeDate} asc, id asc`,
    });
  }

  async readWors(ids: readonly number[]): Promise<ReadWor[]> {
    if (ids.length === 0) return [];
    const records = await this.client.searchRead(
      WOR.model,
      [['id', 'in', [...ids]]],
      fieldNames(WOR_READ, WOR_KEYS),
      { idsOnly: true, order: 'id' },
    );
    return records.map(toWor);
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
    const unitRecords = engines.size
      ? await this.client.searchRead(
          UNIT.model,
          [[UNIT.f.engineNumber, 'in', [...engines]]],
          fieldNames(UNIT, UNIT_KEYS),
          { idsOnly: true, order: 'id', context: { active_test: false } },
        )
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
      PARTNER.f.key,
      '=like',
      `${ownerKeyEnginePrefix(engine)}%`,
    ]);
    // One query per kind of lookup: ORed across columns, PostgreSQL can use no index and scans every partner.
    const lookups: unknown[][] = [
      ...(personIds.size ? [[['id', 'in', [...personIds]]]] : []),
      ...(phones.size
        ? [partnerPhoneDomain(this.client.dialect, [...phones].flatMap(phoneSpellings)) ?? []]
        : []),
      ...(keys.size ? [[[PARTNER.f.key, 'in', [...keys]]]] : []),
      ...(enginePrefixes.length ? [anyOf(enginePrefixes)] : []),
    ];
    const found = await Promise.all(
      lookups.map((domain) =>
        this.client.searchRead(
          PARTNER.model,
          domain,
          [...fieldNames(PARTNER, PERSON_KEYS), ...this.client.dialect.partnerPhoneFields],
          { idsOnly: true, context: { active_test: false } },
        ),
      ),
    );
    const people = new Map<number, Person>();
    for (const record of found.flat().sort((a, b) => a.id - b.id)) {
      const person = decodeRecord(PARTNER, PERSON_KEYS, record);
      const phones = partnerPhonesOf(this.client.dialect, record);
      people.set(record.id, {
        id: person.id,
        name: person.name ?? '',
        phone: phones.primary,
        otherPhones: phones.others,
        street: person.street,
        city: person.city,
        key: person.key,
        parentId: person.parent,
      });
    }
    return { units, people };
  }
}
