import type { RpcCall, Transport } from '../../src/connectors/odoo/transport.js';

export type Handler = (call: RpcCall) => unknown | Promise<unknown>;

/** A transport that answers from a function and keeps every call, for client tests. */
export class FakeTransport implements Transport {
  readonly protocol = 'json2' as const;
  readonly calls: RpcCall[] = [];

  constructor(private readonly handler: Handler) {}

  async authenticate() {
    return { uid: 2 };
  }

  async execute(call: RpcCall): Promise<unknown> {
    this.calls.push(structuredClone(call));
    return this.handler(call);
  }
}
