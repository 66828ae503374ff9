import { OdooError } from './errors.js';

// Parameter names of the ORM methods the bridge calls positionally, as declared in
// Odoo 19 (odoo/orm/models.py, odoo/addons/base/models/ir_model.py). JSON-2 binds
// the request body to these names with inspect.signature, so they must match.
const MODEL_METHOD_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  search_read: ['domain', 'fields', 'offset', 'limit', 'order'],
  search: ['domain', 'offset', 'limit', 'order'],
  search_count: ['domain', 'limit'],
  create: ['vals_list'],
  fields_get: ['allfields', 'attributes'],
  name_search: ['name', 'domain', 'operator', 'limit'],
  load: ['fields', 'data'],
  get_views: ['views', 'options'],
  formatted_read_group: ['domain', 'groupby', 'aggregates', 'having', 'offset', 'limit', 'order'],
};

const RECORD_METHOD_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  read: ['fields', 'load'],
  write: ['vals'],
  unlink: [],
  copy: ['default'],
};

export interface Json2Body {
  ids?: number[];
  [name: string]: unknown;
}

function isIdList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((id) => Number.isInteger(id));
}

/**
 * JSON-2 takes named arguments only (`POST /json/2/<model>/<method>` with a JSON
 * object; record ids go in `ids`). This maps an `execute_kw`-style call onto that
 * body so callers need not care which transport runs.
 */
export function toJson2Body(
  model: string,
  method: string,
  args: readonly unknown[],
  kwargs: object,
): Json2Body {
  const recordParameters = RECORD_METHOD_PARAMETERS[method];
  const modelParameters = MODEL_METHOD_PARAMETERS[method];
  let ids: number[] | undefined;
  let rest = args;
  if (recordParameters || (!modelParameters && args.length > 0)) {
    const [first, ...others] = args;
    if (!isIdList(first)) {
      throw positionalError(model, method, 'record methods take a list of ids as first argument');
    }
    ids = first;
    rest = others;
  }
  const names = recordParameters ?? modelParameters ?? [];
  if (rest.length > names.length) {
    throw positionalError(model, method, `JSON-2 needs named arguments: pass them in kwargs`);
  }
  const body: Json2Body = {};
  if (ids) body.ids = ids;
  rest.forEach((value, index) => {
    const name = names[index];
    if (name !== undefined) body[name] = value;
  });
  for (const [name, value] of Object.entries(kwargs)) {
    if (name in body)
      throw positionalError(model, method, `argument "${name}" given both by position and by name`);
    body[name] = value;
  }
  return body;
}

function positionalError(model: string, method: string, reason: string): OdooError {
  return new OdooError({
    code: 'protocol',
    message: `Cannot call ${model}.${method} over JSON-2: ${reason}`,
    model,
    method,
  });
}
