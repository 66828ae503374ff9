import { OdooError } from './errors.js';
import type { HttpChannel } from './http.js';
import { jsonRpcResult } from './odoo-reply.js';
import type { Identity, RpcCall, Transport } from './transport.js';

export interface JsonRpcCredentials {
  db: string;
  login: string;
  /** The user's password or one of its API keys: `/jsonrpc` accepts either. */
  secret: string;
}

/**
 * `/jsonrpc` (Odoo 8–21): `common.authenticate` once, then `object.execute_kw`
 * with the uid and secret on every call. Odoo 19 logs a deprecation warning for
 * this endpoint and plans to remove it in Odoo 22.
 */
export class JsonRpcTransport implements Transport {
  readonly protocol = 'jsonrpc' as const;
  private uid: number | undefined;
  private nextId = 1;

  constructor(
    private readonly http: HttpChannel,
    private readonly credentials: JsonRpcCredentials,
  ) {}

  async authenticate(): Promise<Identity> {
    const { db, login, secret } = this.credentials;
    const uid = await this.service('common', 'authenticate', [db, login, secret, {}]);
    if (typeof uid !== 'number' || uid <= 0) {
      throw new OdooError({
        code: 'auth',
        message: `Odoo rejected the login "${login}" on database "${db}" (wrong login, password or API key, or the key has expired)`,
        odooName: 'odoo.exceptions.AccessDenied',
      });
    }
    this.uid = uid;
    return { uid };
  }

  async execute(call: RpcCall): Promise<unknown> {
    const uid = this.uid ?? (await this.authenticate()).uid;
    const { db, secret } = this.credentials;
    const kwargs = { ...call.kwargs, context: call.context };
    return this.service('object', 'execute_kw', [
      db,
      uid,
      secret,
      call.model,
      call.method,
      call.args,
      kwargs,
    ]);
  }

  /** Calls a service method (`common.version`, `db.list`, `object.execute_kw`). */
  async service(service: string, method: string, args: readonly unknown[]): Promise<unknown> {
    const id = this.nextId++;
    const reply = await this.http.post('/jsonrpc', {
      jsonrpc: '2.0',
      method: 'call',
      params: { service, method, args },
      id,
    });
    return jsonRpcResult(reply, `/jsonrpc ${service}.${method}`);
  }
}
