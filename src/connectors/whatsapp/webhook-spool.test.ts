import { appendFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebhookSpool } from './webhook-spool.js';

const folder = () => mkdtempSync(join(tmpdir(), 'h23-spool-'));

describe('WebhookSpool', () => {
  it('gives back what was appended, in order, and nothing once done', async () => {
    const spool = new WebhookSpool(folder());
    await Promise.all([spool.append({ n: 1 }, 1), spool.append({ n: 2 }, 2), spool.append({ n: 3 }, 3)]);
    const batch = await spool.take();
    expect(batch?.bodies.map((entry) => entry.body)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    await batch?.done();
    expect(await spool.take()).toBeNull();
  });

  it('keeps bodies that arrive while a batch is being processed for the next batch', async () => {
    const spool = new WebhookSpool(folder());
    await spool.append({ n: 1 });
    const first = await spool.take();
    await spool.append({ n: 2 });
    await first?.done();
    const second = await spool.take();
    expect(second?.bodies.map((entry) => entry.body)).toEqual([{ n: 2 }]);
  });

  it('a batch not marked done (the daemon died) is taken again, by a new spool on the same folder', async () => {
    const directory = folder();
    const spool = new WebhookSpool(directory);
    await spool.append({ n: 1 });
    await spool.take();
    await spool.append({ n: 2 });
    const again = await new WebhookSpool(directory).take();
    expect(again?.bodies.map((entry) => entry.body)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('skips a line a crash cut short, counting it, and reads the rest', async () => {
    const directory = folder();
    const spool = new WebhookSpool(directory);
    await spool.append({ n: 1 });
    appendFileSync(join(directory, 'pending.jsonl'), '{"receivedAt":5,"bo');
    await spool.append({ n: 2 });
    const batch = await spool.take();
    expect(batch).toMatchObject({ unreadable: 1 });
    expect(batch?.bodies.map((entry) => entry.body)).toEqual([{ n: 1 }, { n: 2 }]);
    await batch?.done();
    expect(readdirSync(directory)).toEqual([]);
  });

  it('sets a refused body aside with Odoo’s reason, out of the queue', async () => {
    const directory = folder();
    const spool = new WebhookSpool(directory);
    await spool.setAside({ receivedAt: 7, body: { n: 1 } }, 'Record does not exist');
    expect(await spool.take()).toBeNull();
    const [line] = readFileSync(join(directory, 'refused.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(JSON.parse(line as string)).toMatchObject({
      receivedAt: 7,
      body: { n: 1 },
      reason: 'Record does not exist',
    });
  });
});
