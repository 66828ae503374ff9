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

/**
 * One aggregate of a field per value of another, in one call (`max` of a date: each partner's
 * last visit). 19's `formatted_read_group` answers it under `<field>:<aggregate>`; up to 18
 * `read_group` answers it under the field's name.
 */
export async function groupedAggregate(
  client: OdooClient,
  model: string,
  domain: Domain,
  groupField: string,
  field: string,
  aggregate: 'max' | 'min' | 'sum',
): Promise<Array<[unknown, unknown]>> {
  const spec = `${field}:${aggregate}`;
  if (client.dialect.readGroup === 'formatted_read_group') {
    const groups = await client.call<Array<Record<string, unknown>>>(model, 'formatted_read_group', [], {
      domain,
      groupby: [groupField],
      aggregates: [spec],
    });
    return groups.map((group) => [group[groupField], group[spec]]);
  }
  const groups = await client.call<Array<Record<string, unknown>>>(model, 'read_group', [], {
    domain,
    fields: [spec],
    groupby: [groupField],
    lazy: false,
  });
  return groups.map((group) => [group[groupField], group[field]]);
}
