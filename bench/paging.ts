/**
 * npm run bench:paging -- [--records N] [--page P]
 * Against the live Odoo named by ODOO_URL, ODOO_DB, ODOO_USER, ODOO_PASSWORD / ODOO_API_KEY
 * (a throw-away database: it creates N partners and removes them at the end).
 * Compares reading N records with the client's id-cursor pager against Odoo's own bulk
 * path (one search_read of everything) in the same run: throughput, calls, peak RSS growth.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load.js';
import { OdooClient } from '../src/connectors/odoo/client.js';
import { connectionFromConfig } from '../src/connectors/odoo/from-config.js';
import { silentLogger } from '../src/logging/logger.js';
import { measure } from './measure.js';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '20000' }, page: { type: 'string', default: '2000' } },
});
const records = Number(values.records);
const pageSize = Number(values.page);
const config = loadConfig();
const client = await OdooClient.connect(connectionFromConfig(config.odoo), silentLogger());
const tag = `h23-bench-paging-${Date.now()}`;
const fields = ['name', 'ref', 'phone', 'email', 'write_date'];

process.stdout.write(
  `Odoo ${client.version.version} over ${client.protocol}; creating ${records} partners…\n`,
);
const outcomes = await client.create(
  'res.partner',
  Array.from({ length: records }, (_, index) => ({
    name: `Bench ${index}`,
    ref: tag,
    phone: `+62812${String(index).padStart(7, '0')}`,
  })),
  { chunkSize: 1000, context: { tracking_disable: true } },
);
const ids = outcomes.flatMap((outcome) => (outcome.id ? [outcome.id] : []));

try {
  const domain = [['ref', '=', tag]];
  const bulk = await measure(
    client,
    'Odoo bulk search_read (yardstick)',
    async () => (await client.searchRead('res.partner', domain, fields)).length,
  );
  const paged = await measure(client, `searchPages, ${pageSize} per page`, async () => {
    let count = 0;
    for await (const page of client.searchPages('res.partner', domain, fields, { pageSize }))
      count += page.length;
    return count;
  });
  process.stdout.write(
    `ratio paged/bulk throughput: ${(paged.perSecond / bulk.perSecond).toFixed(2)}x; peak RSS growth paged/bulk: ${(paged.rssGrowthMb / Math.max(bulk.rssGrowthMb, 0.1)).toFixed(2)}x\n`,
  );
} finally {
  await client.unlink('res.partner', ids);
}
