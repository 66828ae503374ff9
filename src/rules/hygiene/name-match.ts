/**
 * Whether two names (match keys: no titles, lower case, see `nameMatchKey`) are one person's
 * spelt two ways, and how close. Typing errors are counted per word with the optimal string
 * alignment distance (an adjacent swap is one error, as a typist makes it); a word may carry
 * one error from 5 letters to 7 and two from 8 (`Muhamad`/`Muhammad`, `Santoso`/`Santosa`),
 * none up to 4 (`Dedi` and `Dewi` are a couple, not a typo). Two different given names are two people (`Budi Santoso` and `Siti Santoso` share
 * a family name and often a phone): every word of the shorter name must find its word in the
 * longer one.
 */

/** Edits between two words: insertions, deletions, substitutions and adjacent swaps, one each. */
export function typoDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i += 1) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j += 1) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const previous = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** Typing errors a word of this length may carry and still be the same word. */
export function allowedTypos(length: number): number {
  // Four letters are too few: `Dedi` and `Dewi`, `Rina` and `Rini` are two people.
  if (length <= 4) return 0;
  if (length <= 7) return 1;
  return 2;
}

export interface NameMatch {
  /** 1 for the same words; lower for typing errors, initials, words missing or in another order. */
  similarity: number;
  /** Typing errors over all words. */
  typos: number;
  kind: 'same' | 'typo' | 'initial' | 'partial' | 'reordered';
}

const TYPO_COST = 0.05;
const INITIAL_COST = 0.1;

/** The match of two names' words, or null when they are two people's names. */
export function matchNames(a: readonly string[], b: readonly string[]): NameMatch | null {
  if (a.length === 0 || b.length === 0) return null;
  const joinedA = a.join('');
  const joinedB = b.join('');
  if (joinedA === joinedB) return { similarity: 1, typos: 0, kind: 'same' };
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  const used = new Set<number>();
  let typos = 0;
  let initials = 0;
  let inOrder = true;
  let lastIndex = -1;
  for (const word of shorter) {
    let best: { index: number; cost: number; initial: boolean } | null = null;
    longer.forEach((other, index) => {
      if (used.has(index)) return;
      let candidate: { index: number; cost: number; initial: boolean } | null = null;
      if (word === other) candidate = { index, cost: 0, initial: false };
      else if ((word.length === 1 || other.length === 1) && word[0] === other[0])
        candidate = { index, cost: 0, initial: true };
      else {
        const distance = typoDistance(word, other);
        if (distance <= allowedTypos(Math.min(word.length, other.length)))
          candidate = { index, cost: distance, initial: false };
      }
      if (candidate && (!best || candidate.cost < best.cost)) best = candidate;
    });
    if (best === null) return a.length === b.length ? null : joinedMatch(joinedA, joinedB);
    const found: { index: number; cost: number; initial: boolean } = best;
    used.add(found.index);
    typos += found.cost;
    if (found.initial) initials += 1;
    if (found.index < lastIndex) inOrder = false;
    lastIndex = found.index;
  }
  // Two initials alone say nothing (`A. S.` against `Agus Salim`): a real word must agree.
  if (initials === shorter.length) return null;
  let similarity = 1 - typos * TYPO_COST - initials * INITIAL_COST;
  let kind: NameMatch['kind'] = initials > 0 ? 'initial' : typos > 0 ? 'typo' : 'same';
  if (!inOrder) {
    similarity -= TYPO_COST;
    kind = 'reordered';
  }
  if (shorter.length < longer.length) {
    // `Budi` for `Budi Santoso` is likely him; `Budi Santoso` for `Budi Santoso Wijaya` more so.
    similarity *= shorter.length === 1 ? 0.8 : 0.9;
    kind = 'partial';
  }
  return { similarity: Math.round(similarity * 1000) / 1000, typos, kind };
}

/**
 * Words run together or split (`Nurhaliza`, `Nur Haliza`), with one typing error at most; only
 * between names of different word counts (with as many words, each word had its chance).
 */
function joinedMatch(a: string, b: string): NameMatch | null {
  const distance = typoDistance(a, b);
  if (distance > 1 || Math.min(a.length, b.length) < 6) return null;
  return {
    similarity: Math.round((1 - TYPO_COST * (distance + 1)) * 1000) / 1000,
    typos: distance,
    kind: 'typo',
  };
}
