import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { RawRow } from './raw-row.js';
import { detectDelimiter, type TextEncoding } from './sniff.js';

/**
 * Streams the rows of a CSV file in its own encoding: decoded chunk by chunk
 * (a character cut between chunks is kept for the next) and parsed with
 * quoting, so memory holds one chunk and one row at a time. Row numbers count
 * records, as Excel numbers its rows.
 */
export async function* readCsvRows(
  path: string,
  encoding: TextEncoding,
  sample: string,
): AsyncGenerator<RawRow, void, undefined> {
  const parser = parse({
    delimiter: detectDelimiter(sample),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    trim: false,
    bom: true,
  });
  const decoder = new TextDecoder(encoding);
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  const feed = (async () => {
    try {
      for await (const chunk of source) {
        const text = decoder.decode(chunk as Buffer, { stream: true });
        if (!parser.write(text)) await new Promise((resolve) => parser.once('drain', resolve));
      }
      const rest = decoder.decode();
      if (rest) parser.write(rest);
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  let row = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    row += 1;
    yield { row, cells: record };
  }
  await feed;
}
