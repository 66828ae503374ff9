import type { Domain, OdooClient } from './client.js';

/**
 * Records of a domain counted per value of one field, in one call:
 * `formatted_read_group(domain, groupby, aggregates)` on Odoo 19+,
 * `read_group(domain, fields, groupby, lazy=False)` up to 18 (lazy=False
 * answers the count as `__count`). Keys are the group's value as Odoo sends it:
 * `false` for none, `[id, name]` for a many-to-one.
 */
export async function groupedCount(
  client: OdooClient,
  model: string,
  domain: Domain,
  field: string,
): Promise<Array<[unknown, number]>> {
  const groups =
    client.dialect.readGroup === 'formatted_read_group'
      ? await client.call<Array<Record<string, unknown>>>(model, 'formatted_read_group', [], {
          domain,
          groupby: [field],
          aggregates: ['__count'],
        })
      : await client.call<Array<Record<string, unknown>>>(model, 'read_group', [], {
          domain,
          fields: [field],
          groupby: [field],
          lazy: false,
        });
  return groups.map((group) => [group[field], Number(group.__count ?? 0)]);
}
