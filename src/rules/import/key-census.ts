import { NumberColumn } from './number-column.js';

/**
 * Keys seen more than once in a file (engine numbers in a CDB, WORs in a Pra WO
 * batch), gathered in a first pass: the same data twice is applied once; two
 * rows with different data under one key are both refused, each naming the
 * others. Fingerprints stand for the rows, so 200,000 rows cost their keys and
 * a few megabytes.
 */

export type RowDecision =
  | { action: 'apply' }
  | { action: 'duplicate'; of: number }
  | { action: 'conflict'; rows: readonly number[] };

const CONFLICT = 0xffffffff;

export class KeyCensus {
  private readonly index = new Map<string, number>();
  private readonly fingerprints = new NumberColumn();
  private readonly firstRows = new NumberColumn();
  /** Rows of the keys seen more than once (few), for the conflict message. */
  private readonly repeatedRows = new Map<string, number[]>();

  note(key: string, fingerprint: number, row: number): void {
    const at = this.index.get(key);
    if (at === undefined) {
      this.index.set(key, this.fingerprints.push(fingerprint));
      this.firstRows.push(row);
      return;
    }
    const rows = this.repeatedRows.get(key) ?? [this.firstRows.get(at)];
    rows.push(row);
    this.repeatedRows.set(key, rows);
    if (this.fingerprints.get(at) !== fingerprint) this.fingerprints.set(at, CONFLICT);
  }

  /** Where the census keeps this key (0, 1, 2… in the order keys were first seen): for columns of one's own. */
  position(key: string): number | undefined {
    return this.index.get(key);
  }

  /** Every key in the order first seen, with its position, rows and whether they conflict. */
  *keys(): Generator<{ key: string; position: number; rows: readonly number[]; conflict: boolean }> {
    for (const [key, position] of this.index) {
      yield {
        key,
        position,
        rows: this.repeatedRows.get(key) ?? [this.firstRows.get(position)],
        conflict: this.fingerprints.get(position) === CONFLICT,
      };
    }
  }

  decide(key: string, row: number): RowDecision {
    const at = this.index.get(key);
    if (at === undefined) return { action: 'apply' };
    if (this.fingerprints.get(at) === CONFLICT) {
      return { action: 'conflict', rows: this.repeatedRows.get(key) ?? [row] };
    }
    const first = this.firstRows.get(at);
    return first === row ? { action: 'apply' } : { action: 'duplicate', of: first };
  }
}

/** FNV-1a over normalised values: rows compared without keeping them in memory. */
export function fingerprintOf(values: readonly unknown[]): number {
  const text = values.join('\u0001');
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  // CONFLICT marks a key, never a row.
  return hash >>> 0 === CONFLICT ? CONFLICT - 1 : hash >>> 0;
}
