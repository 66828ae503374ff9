import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CsvEncoding, writeCsv, writeXlsx } from '../connectors/reports/report-writers.js';
import { type SampleExpectations, SampleGenerator } from '../sample/generate.js';

export interface SampleRequest {
  units: number;
  out: string;
  seed: number;
  today: string;
  format: 'xlsx' | 'csv';
  dirtyShare?: number;
  csvEncoding?: CsvEncoding;
}

export interface SampleFiles {
  cdb: string;
  a2: string;
  expectations: string;
  expected: SampleExpectations;
}

/** Writes `cdb.<ext>`, `a2.<ext>` and `expected.json` (what an import should find) to a folder. */
export async function writeSample(request: SampleRequest): Promise<SampleFiles> {
  await mkdir(request.out, { recursive: true });
  const generator = new SampleGenerator({
    units: request.units,
    seed: request.seed,
    today: request.today,
    numericCells: request.format === 'xlsx',
    ...(request.dirtyShare === undefined ? {} : { dirtyShare: request.dirtyShare }),
  });
  const cdb = join(request.out, `cdb.${request.format}`);
  const a2 = join(request.out, `a2.${request.format}`);
  if (request.format === 'xlsx') {
    await writeXlsx(cdb, 'CDB', generator.cdbRows());
    await writeXlsx(a2, 'A2', generator.a2Rows());
  } else {
    const encoding = request.csvEncoding ?? 'utf-8-bom';
    await writeCsv(cdb, generator.cdbRows(), { encoding });
    await writeCsv(a2, generator.a2Rows(), { encoding });
  }
  const expected = generator.expectations();
  const expectations = join(request.out, 'expected.json');
  await writeFile(expectations, `${JSON.stringify(expected, null, 2)}\n`);
  return { cdb, a2, expectations, expected };
}
