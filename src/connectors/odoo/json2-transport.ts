import { USERS } from '../../module/odoo-models.js';
import { OdooError } from './errors.js';
import type { HttpChannel } from './http.js';
import { toJson2Body } from './json2-arguments.js';
import { mentionsNoDatabase, odooExceptionError, unexpectedReplyError } from './odoo-reply.js';
import type { Identity, RpcCall, Transport } from './transport.js';

export interface Json2Credentials {
  db: string;
  apiKey: string;
}

/**
 * Odoo 19's JSON-2 API: `POST /json/2/<model>/<method>` with
 * `Authorization: bearer <api key>` and `X-Odoo-Database`; each call is its own
 * transaction; errors come back as HTTP 4xx/5xx with Odoo's serialised exception.
 */
export class Json2Transport implements Transport {
  readonly protocol = 'json2' as const;

  constructor(
    private readonly http: HttpChannel,
    private readonly credentials: Json2Credentials,
  ) {}

  async authenticate(): Promise<Identity> {
    // res.users.context_get answers the caller's uid in Odoo 19 and needs no extra rights.
    const context = await this.execute({
      model: USERS.model,
      method: 'context_get',
      args: [],
      kwargs: {},
      context: {},
    });
    const uid = (context as { uid?: unknown } | null)?.uid;
    if (typeof uid !== 'number') {
      throw new OdooError({
        code: 'protocol',
        message: `res.users.context_get gave no uid: ${JSON.stringify(context)}`,
      });
    }
    return { uid };
  }

  async execute(call: RpcCall): Promise<unknown> {
    const body = { ...toJson2Body(call.model, call.method, call.args, call.kwargs), context: call.context };
    const path = `/json/2/${encodeURIComponent(call.model)}/${encodeURIComponent(call.method)}`;
    const reply = await this.http.post(path, body, {
      Authorization: `bearer ${this.credentials.apiKey}`,
      'X-Odoo-Database': this.credentials.db,
    });
    const isJson = reply.contentType.includes('json');
    if (reply.status >= 200 && reply.status < 300 && isJson) return reply.body;
    if (isJson && typeof reply.body === 'object' && reply.body !== null) {
      throw odooExceptionError(reply.body, reply.status, `HTTP ${reply.status}`);
    }
    if (reply.status === 404 && !mentionsNoDatabase(reply)) {
      throw new OdooError({
        code: 'protocol',
        message: `Odoo has no JSON-2 endpoint at ${path} (HTTP 404): JSON-2 needs Odoo 19 or later; use protocol "jsonrpc"`,
        httpStatus: 404,
      });
    }
    throw unexpectedReplyError(reply, `POST ${path}`);
  }
}
