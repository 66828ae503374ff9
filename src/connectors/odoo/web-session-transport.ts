import { OdooError } from './errors.js';
import type { HttpChannel } from './http.js';
import { isRecord, jsonRpcResult } from './odoo-reply.js';
import type { Identity, RpcCall, Transport } from './transport.js';

/**
 * The web client's own path (`/web/session/authenticate`, then `/web/dataset/call_kw` with
 * the session cookie; the same on Odoo 17–19), for the few methods Odoo serves only inside
 * an HTTP request with a session: `@check_identity` ones such as making an API key, which
 * `/jsonrpc` refuses ("This method can only be accessed over HTTP": `dispatch_rpc` runs
 * without the request) and JSON-2 cannot reach before a key exists. Password login only.
 */
export class WebSessionTransport implements Transport {
  // JSON-RPC 2.0 framing, as /jsonrpc.
  readonly protocol = 'jsonrpc' as const;
  private cookie: string | undefined;
  private nextId = 1;

  constructor(
    private readonly http: HttpChannel,
    private readonly credentials: { db: string; login: string; password: string },
  ) {}

  async authenticate(): Promise<Identity> {
    const { db, login, password } = this.credentials;
    const reply = await this.http.post('/web/session/authenticate', {
      jsonrpc: '2.0',
      method: 'call',
      params: { db, login, password },
      id: this.nextId++,
    });
    const result = jsonRpcResult(reply, '/web/session/authenticate');
    const uid = isRecord(result) ? result.uid : undefined;
    const session = reply.setCookie
      ?.map((cookie) => cookie.split(';')[0])
      .find((c) => c?.startsWith('session_id='));
    if (typeof uid !== 'number' || uid <= 0 || !session) {
      throw new OdooError({
        code: 'auth',
        message: `Odoo refused a web session to "${login}" on database "${db}" (wrong login or password)`,
        odooName: 'odoo.exceptions.AccessDenied',
      });
    }
    this.cookie = session;
    return { uid };
  }

  async execute(call: RpcCall): Promise<unknown> {
    if (!this.cookie) await this.authenticate();
    const path = `/web/dataset/call_kw/${call.model}.${call.method}`;
    const reply = await this.http.post(
      path,
      {
        jsonrpc: '2.0',
        method: 'call',
        params: {
          model: call.model,
          method: call.method,
          args: call.args,
          kwargs: { ...call.kwargs, context: call.context },
        },
        id: this.nextId++,
      },
      { Cookie: this.cookie as string },
    );
    return jsonRpcResult(reply, path);
  }
}
