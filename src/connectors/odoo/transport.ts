export type Protocol = 'jsonrpc' | 'json2';

export type OdooContext = Record<string, unknown>;

export interface RpcCall {
  model: string;
  method: string;
  /** Positional arguments as in `execute_kw`; record methods take the ids first. */
  args: readonly unknown[];
  kwargs: Readonly<Record<string, unknown>>;
  context: OdooContext;
}

export interface ServerVersion {
  /** e.g. `19.0`, `saas~18.3`, `17.0+e` */
  version: string;
  major: number;
  minor: number;
  /** `community` or `enterprise`, from the suffix Odoo puts in version_info. */
  edition: 'community' | 'enterprise';
}

export interface Identity {
  uid: number;
}

/** How one protocol speaks to Odoo. The client adds limits, retries and logging on top. */
export interface Transport {
  readonly protocol: Protocol;
  authenticate(): Promise<Identity>;
  execute(call: RpcCall): Promise<unknown>;
}
