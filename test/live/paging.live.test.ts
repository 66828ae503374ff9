import { afterAll, expect, it } from 'vitest';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { silentLogger } from '../../src/logging/logger.js';
import { describeLive } from './live-env.js';

const TOTAL = 10_050;
const PAGE = 1000;

describeLive('paging a large result set in a real Odoo', (config) => {
  const tag = `h23-live-paging-${process.pid}-${Date.now()}`;
  let client: OdooClient;
  const created: number[] = [];

  afterAll(async () => {
    if (client && created.length) await client.unlink('res.partner', created);
  });

  it(`reads ${TOTAL} records in pages of ${PAGE}, holding one page at a time`, async () => {
    client = await OdooClient.connect(connectionFromConfig(config), silentLogger());
    const before = client.calls;
    const outcomes = await client.create(
      'res.partner',
      Array.from({ length: TOTAL }, (_, index) => ({ name: `H23 live paging ${index}`, ref: tag })),
      { chunkSize: 1000, context: { tracking_disable: true } },
    );
    created.push(...outcomes.flatMap((outcome) => (outcome.id ? [outcome.id] : [])));
    expect(created).toHaveLength(TOTAL);
    expect(client.calls - before).toBe(Math.ceil(TOTAL / 1000));

    const seen = new Set<number>();
    let pages = 0;
    let largest = 0;
    let previousLast = 0;
    for await (const page of client.searchPages('res.partner', [['ref', '=', tag]], ['id', 'name'], {
      pageSize: PAGE,
    })) {
      pages += 1;
      largest = Math.max(largest, page.length);
      expect(page[0]?.id).toBeGreaterThan(previousLast);
      previousLast = page.at(-1)?.id ?? previousLast;
      for (const record of page) seen.add(record.id);
    }
    expect(seen.size).toBe(TOTAL);
    expect(largest).toBe(PAGE);
    expect(pages).toBe(Math.ceil(TOTAL / PAGE));
    expect(await client.searchCount('res.partner', [['ref', '=', tag]])).toBe(TOTAL);
  });
});
