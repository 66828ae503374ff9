/**
 * The audit sample of KPI-1 and KPI-2 (seed 003, issue 16): per officer and period, the messages
 * the Head of Marketing validates.
 *
 * The seed: "diambil random sampling 10 pesan email / WA business yang sudah divalidasi oleh
 * Head of Marketing", and under "Sample": "Jika ada lebih dari 300 pesan, maka sampel 10 pesan
 * dipilih secara acak (contoh metode acak sederhana, di pesan nomor 1, 100, 150, 200, dst)".
 * Also: "Definisi random sampling: sampel akan diambil dengan thread".
 *
 * How this reads it:
 * - 10 messages per officer and period; when there are 10 or fewer, all of them.
 * - Up to 300 messages: a simple random sample of 10 (every set of 10 equally likely).
 * - More than 300: the example "nomor 1, 100, 150, 200, dst" picks at a regular step through the
 *   numbered messages (50 apart), so it is read as systematic sampling: the messages numbered in
 *   time order, a random start, then every k-th. The example's own numbers are not evenly spaced
 *   (1 → 100 is 99, then 50), so they are taken as an illustration, not a formula. The step is
 *   k = N / 10 (fractional when N is not a multiple of 10): the i-th pick is message
 *   floor((u + i·N) / 10) (0-based) for a random u in [0, N), i = 0…9. With N = 500 that is every
 *   50th from a random start in 1…50 (as the example's 50 apart); unlike a whole-number step it
 *   reaches the end of the list and gives every message the same chance, 10 / N.
 * - "diambil dengan thread" is read as: each sampled message is validated with its thread (the
 *   message and the reply around it); the sampling unit stays the message, as the KPI formulas
 *   count messages ("10 pesan").
 *
 * Randomness comes from a seed through mulberry32, a small deterministic PRNG: the sample is
 * reproduced from the stored seed and the same population. The population is ordered here (by
 * instant, then key) so the order, and so the sample, does not depend on how the caller read it.
 */
import { mulberry32 } from '../random.js';

/** The PRNG the sample draws from: the same seed, the same sample. */
export { mulberry32 };

export const SAMPLE_SIZE = 10;
/** More messages than this are sampled systematically (the seed: "lebih dari 300 pesan"). */
export const SYSTEMATIC_ABOVE = 300;

export interface SampleCandidate {
  key: string;
  /** When the message was received, UTC epoch ms: the numbering order. */
  at: number;
}

export type SampleMethod = 'all' | 'simple-random' | 'systematic';

export interface SamplePick {
  /** 1-based number of the message in the period's list in time order ("pesan nomor 1"). */
  position: number;
  key: string;
  at: number;
}

export interface AuditSample {
  method: SampleMethod;
  seed: number;
  population: number;
  /** The systematic step N / size, and its random start u / size as a 1-based fractional position; null otherwise. */
  interval: number | null;
  start: number | null;
  /** In position order. */
  picks: SamplePick[];
}

/**
 * The audit sample of a period's messages, reproducible from `seed` (an unsigned 32-bit integer,
 * stored with the sample). `size` and `systematicAbove` default to the seed's 10 and 300.
 */
export function auditSample(
  messages: readonly SampleCandidate[],
  seed: number,
  options: { size?: number; systematicAbove?: number } = {},
): AuditSample {
  const size = options.size ?? SAMPLE_SIZE;
  const systematicAbove = options.systematicAbove ?? SYSTEMATIC_ABOVE;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw new RangeError(`Expected the sample seed to be an integer from 0 to 4294967295, got ${seed}`);
  }
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`Expected a sample size >= 1, got ${size}`);
  if (!Number.isInteger(systematicAbove) || systematicAbove < size) {
    throw new RangeError(
      `Expected systematicAbove to be an integer >= the sample size ${size}, got ${systematicAbove}`,
    );
  }
  const ordered = orderedPopulation(messages);
  const n = ordered.length;
  const pick = (index: number): SamplePick => {
    const message = ordered[index];
    if (!message) throw new RangeError(`Sample index ${index} outside 0..${n - 1}`);
    return { position: index + 1, key: message.key, at: message.at };
  };
  const random = mulberry32(seed);
  if (n <= size) {
    return {
      method: 'all',
      seed,
      population: n,
      interval: null,
      start: null,
      picks: ordered.map((_, i) => pick(i)),
    };
  }
  if (n <= systematicAbove) {
    // A partial Fisher–Yates shuffle over the indices: `size` distinct indices, each set equally likely.
    const indices = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < size; i += 1) {
      const j = i + randomBelow(random, n - i);
      [indices[i], indices[j]] = [indices[j] ?? j, indices[i] ?? i];
    }
    const chosen = indices.slice(0, size).sort((a, b) => a - b);
    return {
      method: 'simple-random',
      seed,
      population: n,
      interval: null,
      start: null,
      picks: chosen.map(pick),
    };
  }
  const u = randomBelow(random, n);
  const picks = Array.from({ length: size }, (_, i) => pick(Math.floor((u + i * n) / size)));
  return { method: 'systematic', seed, population: n, interval: n / size, start: u / size + 1, picks };
}

function randomBelow(random: () => number, bound: number): number {
  return Math.min(bound - 1, Math.floor(random() * bound));
}

function orderedPopulation(messages: readonly SampleCandidate[]): SampleCandidate[] {
  const seen = new Set<string>();
  for (const message of messages) {
    if (seen.has(message.key))
      throw new RangeError(`Expected distinct message keys, got ${message.key} twice`);
    seen.add(message.key);
    if (!Number.isFinite(message.at)) {
      throw new RangeError(`Expected message ${message.key} to have a finite instant, got ${message.at}`);
    }
  }
  return [...messages].sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
