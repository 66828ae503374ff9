import { dayNumber, isoDateOf } from '../day-count.js';
/** A growable column of unsigned 32-bit numbers: a million entries cost 4 MB, not a million objects. */
export class NumberColumn {
  private values = new Uint32Array(1024);
  length = 0;

  push(value: number): number {
    if (this.length === this.values.length) {
      const grown = new Uint32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length] = value;
    this.length += 1;
    return this.length - 1;
  }

  get(index: number): number {
    return this.values[index] ?? 0;
  }

  set(index: number, value: number): void {
    this.values[index] = value;
  }
}

export { dayNumber, isoDateOf };
