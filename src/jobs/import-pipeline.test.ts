import { describe, expect, it } from 'vitest';
import { applyInChunks } from './import-pipeline.js';

/** Records that log when each is read, so a test sees what was read while a chunk was being applied. */
async function* logged(count: number, log: string[]): AsyncGenerator<number> {
  for (let item = 1; item <= count; item += 1) {
    log.push(`read ${item}`);
    await Promise.resolve();
    yield item;
  }
}

describe('applyInChunks: the chunk loop of every import', () => {
  it('applies chunks in file order, the last one short, each only once the previous is done', async () => {
    const chunks: number[][] = [];
    let inFlight = 0;
    let most = 0;
    await applyInChunks(logged(7, []), 3, async (chunk) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      chunks.push(chunk);
      inFlight -= 1;
    });
    expect(chunks).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(most).toBe(1);
  });

  it('reads the next chunk while one is applied (parsing overlaps Odoo)', async () => {
    const log: string[] = [];
    await applyInChunks(logged(6, log), 3, async (chunk) => {
      log.push(`apply ${chunk.join(',')} start`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`apply ${chunk.join(',')} end`);
    });
    const start = log.indexOf('apply 1,2,3 start');
    const end = log.indexOf('apply 1,2,3 end');
    expect(log.indexOf('read 4')).toBeGreaterThan(start);
    expect(log.indexOf('read 6')).toBeLessThan(end);
  });

  it('a failed chunk stops the run with its error, and no later chunk is applied', async () => {
    const applied: number[][] = [];
    const run = applyInChunks([1, 2, 3, 4, 5, 6, 7], 2, async (chunk) => {
      if (chunk[0] === 3) throw new Error('connection lost');
      applied.push(chunk);
    });
    await expect(run).rejects.toThrow('connection lost');
    expect(applied).toEqual([[1, 2]]);
  });
});
