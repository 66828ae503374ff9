import { constants, crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * A zip writer and reader for the fuzzer, byte by byte (PKWARE APPNOTE 6.3, §4.3): unlike a
 * library it writes what it is told, so an entry can declare sizes it does not have, carry a
 * wrong CRC, or be deflated ahead of time from pieces (a zip bomb of a gigabyte costs a
 * kilobyte to make and no gigabyte of memory).
 */

export interface ZipEntrySpec {
  name: string;
  /** The entry's bytes, deflated here unless `stored` or `deflated` is given. */
  data?: Buffer;
  /** Raw deflate data made beforehand, with the size and CRC of what it inflates to. */
  deflated?: { bytes: Buffer; size: number; crc: number };
  stored?: boolean;
  /** Lies told in the headers (both the local header and the central directory). */
  declaredSize?: number;
  declaredCompressedSize?: number;
  crc?: number;
}

function dosTime(): { time: number; date: number } {
  // 2026-11-18 10:00:00, fixed: the same seed makes the same bytes.
  return { time: (10 << 11) | (0 << 5) | 0, date: ((2026 - 1980) << 9) | (11 << 5) | 18 };
}

export function buildZip(entries: readonly ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const { time, date } = dosTime();
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = entry.data ?? Buffer.alloc(0);
    const method = entry.deflated ? 8 : entry.stored ? 0 : 8;
    const body = entry.deflated ? entry.deflated.bytes : method === 8 ? deflateRawSync(data) : data;
    const size = entry.deflated ? entry.deflated.size : data.length;
    const crc = entry.crc ?? (entry.deflated ? entry.deflated.crc : crc32(data));
    const declaredSize = (entry.declaredSize ?? size) >>> 0;
    const declaredCompressed = (entry.declaredCompressedSize ?? body.length) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(declaredCompressed, 18);
    local.writeUInt32LE(declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(declaredCompressed, 20);
    central.writeUInt32LE(declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The entries of a well-formed zip (the seeds), in their order, inflated. */
export function readZip(zip: Buffer): Array<{ name: string; data: Buffer }> {
  const endAt = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new Error('not a zip: no end of central directory');
  const count = zip.readUInt16LE(endAt + 10);
  let at = zip.readUInt32LE(endAt + 16);
  const entries: Array<{ name: string; data: Buffer }> = [];
  for (let index = 0; index < count; index += 1) {
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localAt = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    const body = zip.subarray(dataAt, dataAt + compressed);
    entries.push({ name, data: method === 8 ? inflateRawSync(body) : Buffer.from(body) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const bombs = new Map<string, { bytes: Buffer; size: number; crc: number }>();

/**
 * Raw deflate of `head`, then `filler` repeated `times`, then `tail`, made from pieces: each
 * piece is deflated once with a sync flush (a non-final block that refers only to itself), so
 * repeating the filler's block repeats its inflated bytes. Kept per shape for the run.
 */
export function deflatedRepeat(
  head: string,
  filler: Buffer,
  times: number,
  tail: string,
): { bytes: Buffer; size: number; crc: number } {
  const key = `${head}|${filler.length}:${filler.subarray(0, 16).toString('hex')}|${times}|${tail}`;
  const known = bombs.get(key);
  if (known) return known;
  const sync = { finishFlush: constants.Z_SYNC_FLUSH, level: 9 };
  const headBytes = Buffer.from(head);
  const tailBytes = Buffer.from(tail);
  const fillerBlock = deflateRawSync(filler, sync);
  let crc = crc32(headBytes);
  for (let index = 0; index < times; index += 1) crc = crc32(filler, crc);
  crc = crc32(tailBytes, crc);
  const bytes = Buffer.concat([
    deflateRawSync(headBytes, sync),
    ...Array.from({ length: times }, () => fillerBlock),
    deflateRawSync(tailBytes),
  ]);
  const made = { bytes, size: headBytes.length + filler.length * times + tailBytes.length, crc };
  bombs.set(key, made);
  return made;
}
