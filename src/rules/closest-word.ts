/** Levenshtein distance: insertions, deletions and substitutions of one character each. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/**
 * The candidate nearest to a mistyped word (case ignored), when it is at most
 * `maxDistance` edits away: a command line wants near misses only ("doctr" → "doctor",
 * not "whatsap" → "status"); a config section may offer its abbreviation ("database" → "db").
 */
export function closestWord<T>(
  word: string,
  candidates: readonly T[],
  nameOf: (candidate: T) => string,
  maxDistance: number,
): T | undefined {
  const typed = word.toLowerCase();
  let best: { candidate: T; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(typed, nameOf(candidate).toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= maxDistance ? best.candidate : undefined;
}
