import { type CustomerProfile, type CustomerRecord, profileOf } from './customer-profile.js';
import { matchNames, type NameMatch } from './name-match.js';

/**
 * Likely-duplicate customers (SPEC LD-6, CRM-1). Customers are compared only within blocks
 * that share an identifier: a phone in E.164, an e-mail, an address with a house number, an
 * engine number of a unit they own or brought. A pair is a duplicate when the names match
 * (titles ignored, typing errors allowed, see `matchNames`) AND at least one identifier is
 * shared: a phone alone is not enough (a family shares one: `Budi Santoso` and `Siti Santoso`
 * are two people), nor is a name alone (Indonesia has many `Muhammad Rizki`s). So the blocks
 * find every pair the rule could accept, and the work grows with the customers, not their
 * square: a block larger than `maxBlockSize` (a leasing company's number typed for all its
 * customers) is left out and reported.
 *
 * Groups are the components of the duplicate pairs, joined strongest pair first, and only
 * while every two members' names still match (no chain from `Budi` through `Budi Santoso` to
 * `Budi Hartono`). A group's certainty is its weakest joining pair's score.
 */

export type IdentifierKind = 'phone' | 'email' | 'address' | 'engine';

export interface DuplicatePolicy {
  /** The least name similarity (0–1) for a pair. */
  minNameSimilarity: number;
  /** The least pair score (0–100) for a pair. */
  minPairScore: number;
  /** Blocks with more customers are not compared (shared numbers, office addresses). */
  maxBlockSize: number;
  /** How much one shared identifier proves on its own (0–1); several combine. */
  weights: Readonly<Record<IdentifierKind, number>>;
  /** A landline is shared by a household or an office: it proves less than a mobile. */
  landlineWeight: number;
}

export const DEFAULT_DUPLICATE_POLICY: DuplicatePolicy = {
  minNameSimilarity: 0.8,
  minPairScore: 60,
  maxBlockSize: 25,
  weights: { phone: 0.9, email: 0.9, engine: 0.85, address: 0.75 },
  landlineWeight: 0.7,
};

export interface Evidence {
  kind: IdentifierKind;
  /** The shared value as normalised (the phone in E.164, the e-mail in lower case, …). */
  value: string;
}

export interface DuplicatePair {
  /** The lower id first. */
  a: number;
  b: number;
  /** 0–100. */
  score: number;
  name: NameMatch;
  evidence: Evidence[];
}

export interface DuplicateGroup {
  /** The customer the others merge into. */
  survivorId: number;
  /** Every member, ascending (survivor included). */
  partnerIds: number[];
  /** 0–100: the weakest pair that holds the group together. */
  certainty: number;
  /** The pairs that joined the group, strongest first. */
  pairs: DuplicatePair[];
}

export interface DuplicateSearch {
  groups: DuplicateGroup[];
  /** Pairs whose names and identifiers were compared. */
  comparisons: number;
  /** Blocks left out for their size, by identifier kind (customers in them, summed). */
  oversizedBlocks: Array<{ kind: IdentifierKind; size: number }>;
}

/** `<lower id>:<higher id>`: a pair the admin said is not a duplicate is never proposed again. */
export function pairKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

function landline(e164: string): boolean {
  return !e164.startsWith('+628');
}

/** The shared identifiers of two profiles. */
export function sharedEvidence(a: CustomerProfile, b: CustomerProfile): Evidence[] {
  const evidence: Evidence[] = [];
  for (const phone of a.phones) if (b.phones.includes(phone)) evidence.push({ kind: 'phone', value: phone });
  if (a.email && a.email === b.email) evidence.push({ kind: 'email', value: a.email });
  if (a.addressKey && a.addressKey === b.addressKey) evidence.push({ kind: 'address', value: a.addressKey });
  for (const engine of a.engineNumbers)
    if (b.engineNumbers.includes(engine)) evidence.push({ kind: 'engine', value: engine });
  return evidence;
}

/** The pair's score: name similarity times what the shared identifiers prove together. */
export function scorePair(
  a: CustomerProfile,
  b: CustomerProfile,
  policy: DuplicatePolicy = DEFAULT_DUPLICATE_POLICY,
): DuplicatePair | null {
  const evidence = sharedEvidence(a, b);
  if (evidence.length === 0) return null;
  const name = matchNames(a.nameTokens, b.nameTokens);
  if (!name || name.similarity < policy.minNameSimilarity) return null;
  let doubt = 1;
  const counted = new Set<string>();
  for (const item of evidence) {
    // Two phones shared count as one phone (phone and mobile holding the same number).
    if (counted.has(item.kind)) continue;
    counted.add(item.kind);
    const weight =
      item.kind === 'phone' && landline(item.value) ? policy.landlineWeight : policy.weights[item.kind];
    doubt *= 1 - weight;
  }
  const score = Math.round(100 * name.similarity * (1 - doubt));
  if (score < policy.minPairScore) return null;
  return { a: Math.min(a.id, b.id), b: Math.max(a.id, b.id), score, name, evidence };
}

function blockKeys(profile: CustomerProfile): Array<[IdentifierKind, string]> {
  return [
    ...profile.phones.map((phone): [IdentifierKind, string] => ['phone', phone]),
    ...(profile.email ? [['email', profile.email] as [IdentifierKind, string]] : []),
    ...(profile.addressKey ? [['address', profile.addressKey] as [IdentifierKind, string]] : []),
    ...profile.engineNumbers.map((engine): [IdentifierKind, string] => ['engine', engine]),
  ];
}

/**
 * The member the others merge into: an active one, then the one with the most units, then the
 * most complete contact data, then the oldest (Odoo's merge wizard proposes the oldest too).
 * Merging only adds to the survivor, so it stays the survivor of what is left of its group.
 */
export function chooseSurvivor(members: readonly CustomerProfile[]): CustomerProfile {
  const rank = (profile: CustomerProfile) => [
    profile.active ? 1 : 0,
    profile.engineNumbers.length,
    profile.phones.length + (profile.email ? 1 : 0) + (profile.addressKey ? 1 : 0),
    -profile.id,
  ];
  return [...members].sort((x, y) => {
    const [rx, ry] = [rank(x), rank(y)];
    for (let at = 0; at < rx.length; at += 1)
      if ((rx[at] as number) !== (ry[at] as number)) return (ry[at] as number) - (rx[at] as number);
    return 0;
  })[0] as CustomerProfile;
}

export function findDuplicates(
  records: readonly CustomerRecord[],
  options: {
    policy?: DuplicatePolicy;
    /** Pairs (`pairKey`) the admin decided are not duplicates. */
    notDuplicates?: ReadonlySet<string>;
  } = {},
): DuplicateSearch {
  const policy = options.policy ?? DEFAULT_DUPLICATE_POLICY;
  const excluded = options.notDuplicates ?? new Set<string>();
  const profiles = records.map(profileOf);
  const byId = new Map(profiles.map((profile) => [profile.id, profile]));
  const blocks = new Map<string, { kind: IdentifierKind; members: number[] }>();
  for (const profile of profiles) {
    for (const [kind, value] of blockKeys(profile)) {
      const key = `${kind}:${value}`;
      const block = blocks.get(key) ?? { kind, members: [] };
      if (!block.members.includes(profile.id)) block.members.push(profile.id);
      blocks.set(key, block);
    }
  }
  const pairs = new Map<string, DuplicatePair>();
  const compared = new Set<string>();
  const oversizedBlocks: DuplicateSearch['oversizedBlocks'] = [];
  for (const block of blocks.values()) {
    if (block.members.length < 2) continue;
    if (block.members.length > policy.maxBlockSize) {
      oversizedBlocks.push({ kind: block.kind, size: block.members.length });
      continue;
    }
    for (let i = 0; i < block.members.length; i += 1) {
      for (let j = i + 1; j < block.members.length; j += 1) {
        const key = pairKey(block.members[i] as number, block.members[j] as number);
        if (compared.has(key) || excluded.has(key)) continue;
        compared.add(key);
        const pair = scorePair(
          byId.get(block.members[i] as number) as CustomerProfile,
          byId.get(block.members[j] as number) as CustomerProfile,
          policy,
        );
        if (pair) pairs.set(key, pair);
      }
    }
  }
  return {
    groups: groupPairs([...pairs.values()], byId, excluded),
    comparisons: compared.size,
    oversizedBlocks,
  };
}

/** Strongest pair first (ties by ids, so the grouping does not depend on the read order). */
function groupPairs(
  pairs: DuplicatePair[],
  byId: ReadonlyMap<number, CustomerProfile>,
  excluded: ReadonlySet<string>,
): DuplicateGroup[] {
  pairs.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
  const componentOf = new Map<number, { members: number[]; pairs: DuplicatePair[] }>();
  const of = (id: number) => {
    let component = componentOf.get(id);
    if (!component) {
      component = { members: [id], pairs: [] };
      componentOf.set(id, component);
    }
    return component;
  };
  for (const pair of pairs) {
    const left = of(pair.a);
    const right = of(pair.b);
    if (left === right) continue;
    // Every two members must still be one person by name, and none a pair the admin kept apart.
    const agree = left.members.every((x) =>
      right.members.every((y) => {
        if (excluded.has(pairKey(x, y))) return false;
        const match = matchNames(
          (byId.get(x) as CustomerProfile).nameTokens,
          (byId.get(y) as CustomerProfile).nameTokens,
        );
        return match !== null;
      }),
    );
    if (!agree) continue;
    const [into, from] = left.members.length >= right.members.length ? [left, right] : [right, left];
    into.members.push(...from.members);
    into.pairs.push(...from.pairs, pair);
    for (const id of from.members) componentOf.set(id, into);
  }
  const seen = new Set<object>();
  const groups: DuplicateGroup[] = [];
  for (const component of componentOf.values()) {
    if (seen.has(component) || component.members.length < 2) continue;
    seen.add(component);
    const members = component.members.map((id) => byId.get(id) as CustomerProfile);
    const joined = [...component.pairs].sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
    groups.push({
      survivorId: chooseSurvivor(members).id,
      partnerIds: [...component.members].sort((x, y) => x - y),
      certainty: Math.min(...joined.map((pair) => pair.score)),
      pairs: joined,
    });
  }
  return groups.sort((x, y) => y.certainty - x.certainty || x.survivorId - y.survivorId);
}
