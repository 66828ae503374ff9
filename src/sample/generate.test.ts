import { describe, expect, it } from 'vitest';
import { CDB_HEADER, SampleGenerator } from './generate.js';

describe('the sample CDB', () => {
  it('gives men and women their own titles (no "Bapak Siti", no "IBU Budi")', () => {
    const generator = new SampleGenerator({ units: 800, seed: 5, today: '2026-12-01', dirtyShare: 0 });
    const column = CDB_HEADER.indexOf('Nama Konsumen');
    const titled = [...generator.cdbRows()]
      .map((row) => String(row[column] ?? ''))
      .filter((name) => /^(BPK\.|H\.|Sdr\.|Bapak|IBU|Hj\.|Ibu|Sdri\.) /.test(name));
    expect(titled.length).toBeGreaterThan(50);
    const mismatched = titled.filter(
      (name) =>
        /^(BPK\.|H\.|Sdr\.|Bapak) (Siti|Dewi|Rina|Sri|Putri|Indah|Fitri|Ayu|Lestari|Yuni|Wulan|Ratna|Maya|Novi|Nadia|Anisa|Citra) /.test(
          name,
        ) ||
        /^(IBU|Hj\.|Ibu|Sdri\.) (Budi|Agus|Ahmad|Joko|Andi|Rizky|Wahyu|Eko|Bayu|Hendra|Dedi|Arif|Fajar|Teguh|Irfan|Yusuf|Dimas|Gilang) /.test(
          name,
        ),
    );
    expect(mismatched).toEqual([]);
  });
});
