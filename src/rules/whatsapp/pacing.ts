/**
 * When each message of a blast goes out, in milliseconds from the start: no
 * faster than the number's throughput (Meta's default 80 messages per second)
 * and no sooner than about 6 s after the previous one to the same customer
 * (Meta's pair rate limit, error 131056). A customer's second message (two
 * units due) waits its turn while the others go on.
 */
export interface Paced<T> {
  item: T;
  atMs: number;
}

export const SAME_RECIPIENT_GAP_MS = 6000;

export function paceMessages<T>(
  items: readonly T[],
  recipientOf: (item: T) => string,
  perSecond: number,
  gapMs = SAME_RECIPIENT_GAP_MS,
): Paced<T>[] {
  const interval = 1000 / perSecond;
  const lastAt = new Map<string, number>();
  const firstAt = new Map<string, number>();
  const paced: Paced<T>[] = [];
  let next = 0;
  // Earliest time of the slots after which a waiting message may go.
  const waiting: Array<{ item: T; notBefore: number }> = [];
  for (const item of items) {
    const recipient = recipientOf(item);
    const previous = lastAt.get(recipient);
    if (previous !== undefined && previous + gapMs > next) {
      waiting.push({ item, notBefore: previous + gapMs });
      lastAt.set(recipient, previous + gapMs);
      continue;
    }
    paced.push({ item, atMs: Math.round(next) });
    lastAt.set(recipient, next);
    firstAt.set(recipient, next);
    next += interval;
  }
  // Each waiting message 6 s after the one before it to the same customer, as actually placed.
  const placed = new Map<string, number>();
  for (const { item } of waiting.sort((a, b) => a.notBefore - b.notBefore)) {
    const recipient = recipientOf(item);
    const previous = placed.get(recipient) ?? firstAt.get(recipient) ?? 0;
    const at = Math.max(next, previous + gapMs);
    paced.push({ item, atMs: Math.round(at) });
    placed.set(recipient, at);
    next = at + interval;
  }
  return paced;
}
