import { COMPANY } from '../../module/odoo-models.js';
import type { OdooClient } from './client.js';
import { decodeRecord, fieldNames } from './schema-codec.js';

/** The dealer as customers read it: the (first) company's name, as the KPI store takes the company. */
export async function dealerName(client: OdooClient): Promise<string | null> {
  const read = ['name'] as const;
  const [company] = await client.searchRead(COMPANY.model, [], fieldNames(COMPANY, read), {
    limit: 1,
    order: 'id asc',
  });
  return company ? decodeRecord(COMPANY, read, company).name : null;
}
