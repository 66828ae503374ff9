/**
 * Workshop registrations (WOR) and what the reconciliation knows around them,
 * in the bridge's own words. The Odoo connector maps them to fields.
 */

export type WorState = 'new' | 'matched' | 'review' | 'done';
export type WorResolution = 'owner' | 'carrier' | 'created' | 'reviewed';
export type ReviewReason =
  | 'engine_malformed'
  | 'carrier_missing'
  | 'phone_shared'
  | 'phone_other_customer'
  | 'owner_phone_differs'
  | 'owner_conflict';
export type ReviewChoice = 'owner' | 'carrier' | 'partner' | 'cdb_owner' | 'odoo_owner' | 'retry';

export interface Wor {
  id: number;
  name: string;
  branchId: number | null;
  visitDate: string | null;
  engineNumber: string | null;
  carrierName: string | null;
  carrierPhone: string | null;
  carrierAddress: string | null;
  frameNumber: string | null;
  modelName: string | null;
  state: WorState | null;
  reconciledKey: string | null;
  reviewReason: ReviewReason | null;
  reviewChoice: ReviewChoice | null;
  reviewPartnerId: number | null;
}

export interface Person {
  id: number;
  name: string;
  /** The number to reach them on (their HP where they have one). */
  phone: string | null;
  /** Other numbers the partner has in Odoo (a landline beside the HP): they identify the person too. */
  otherPhones?: readonly string[];
  street: string | null;
  city: string | null;
  key: string | null;
  parentId: number | null;
}

export interface Unit {
  id: number;
  engineNumber: string;
  ownerId: number | null;
  branchId: number | null;
  frameNumber: string | null;
  modelName: string | null;
  purchaseDate: string | null;
  cdbOwnerKey: string | null;
  ownerConfirmed: boolean;
  /** The WOR the unit was created from (its engine number was in neither Odoo nor the CDB). */
  originWorId: number | null;
}

/** What Odoo holds around a batch of WORs: units by engine number, people by id, phone (E.164) and key. */
export interface Known {
  units: ReadonlyMap<string, Unit>;
  people: ReadonlyMap<number, Person>;
}

/** Every number of a person, the primary first. */
export function phonesOf(person: Pick<Person, 'phone' | 'otherPhones'>): string[] {
  return [...(person.phone ? [person.phone] : []), ...(person.otherPhones ?? [])];
}
