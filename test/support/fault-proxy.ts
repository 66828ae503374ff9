import {
  Agent,
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { READ_METHODS } from '../../src/connectors/odoo/retry-policy.js';

/** What Odoo (or nginx in front of it) can do wrong, as the fault tests arm it. */
export type FaultKind = 'refuse' | 'reset-request' | 'reset-response' | 'stall' | '502' | '503';
export const FAULT_KINDS: readonly FaultKind[] = [
  'refuse',
  'reset-request',
  'reset-response',
  'stall',
  '502',
  '503',
];

/** One request seen, by the Odoo method it calls (JSON-2 path or JSON-RPC body). */
export interface SeenCall {
  /** 1-based, in arrival order since the proxy started or was last `reset()`. */
  index: number;
  model: string;
  method: string;
  /** Anything but a read: what a fault "at the k-th write" counts. */
  write: boolean;
}

export interface Fault {
  kind: FaultKind;
  /** The fault hits the `at`-th call matching `match` (1-based, counted from arming). */
  at: number;
  match?: (call: SeenCall) => boolean;
  /** Consecutive matching calls it hits (a retry meets it again); refuse: ignored. Default 1. */
  times?: number;
  /** refuse: how long connections are refused (then it heals by itself). Default 3000. */
  forMs?: number;
  /** stall: how long Odoo's reply is held back. Default 5000. */
  stallMs?: number;
}

// Methods that only read (the client's own list, and the session's): a fault armed at the k-th
// write skips them.
const READS = new Set([...READ_METHODS, 'version', 'authenticate', 'login', 'list', 'server_version']);

/** The Odoo method a request calls: `/json/2/<model>/<method>`, or `/jsonrpc`'s `execute_kw` arguments. */
export function describeCall(path: string, body: string): { model: string; method: string } {
  const json2 = /^\/json\/2\/([^/?]+)\/([^/?]+)/.exec(path);
  if (json2) return { model: decodeURIComponent(json2[1] ?? ''), method: decodeURIComponent(json2[2] ?? '') };
  try {
    const params = (JSON.parse(body) as { params?: { service?: string; method?: string; args?: unknown[] } })
      .params;
    if (params?.service === 'object' && Array.isArray(params.args)) {
      return { model: String(params.args[3]), method: String(params.args[4]) };
    }
    return { model: params?.service ?? path, method: params?.method ?? '' };
  } catch {
    return { model: path, method: '' };
  }
}

const NGINX_PAGE = (status: number, text: string) =>
  `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

/**
 * A proxy between the bridge and Odoo that a test controls: it forwards every request, counts
 * them by Odoo method, and on command refuses connections, resets one mid-request (before
 * Odoo sees it) or mid-response (after Odoo committed: the lost reply), holds a reply back past
 * the client's deadline, or answers 502/503 as nginx does while Odoo restarts. Every reply
 * closes its connection, so that a refusal meets the very next call.
 */
export class FaultProxy {
  readonly calls: SeenCall[] = [];
  /** How many times the armed fault struck since it was armed. */
  fired = 0;
  private fault: (Fault & { seen: number }) | null = null;
  private refusedUntil = 0;
  private reopen: NodeJS.Timeout | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly upstream = new Agent({ keepAlive: true, maxSockets: 8 });

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
    readonly port: number,
  ) {}

  static async start(target: string): Promise<FaultProxy> {
    let proxy: FaultProxy | undefined;
    const server = createServer((req, res) => void proxy?.handle(req, res));
    server.on('connection', (socket) => {
      proxy?.sockets.add(socket);
      socket.on('close', () => proxy?.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new FaultProxy(server, new URL(target), (server.address() as AddressInfo).port);
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Arms a fault (replacing any armed one); counting starts now. */
  arm(fault: Fault): void {
    this.heal();
    this.fault = { ...fault, seen: 0 };
    if (fault.kind === 'refuse' && fault.at <= 1) this.startRefusing(fault.forMs ?? 3000);
  }

  refuse(forMs = 3000): void {
    this.arm({ kind: 'refuse', at: 1, forMs });
  }
  resetOnRequest(n: number, match?: Fault['match']): void {
    this.arm({ kind: 'reset-request', at: n, ...(match ? { match } : {}) });
  }
  resetOnResponse(n: number, match?: Fault['match']): void {
    this.arm({ kind: 'reset-response', at: n, ...(match ? { match } : {}) });
  }
  stall(n: number, ms: number, match?: Fault['match']): void {
    this.arm({ kind: 'stall', at: n, stallMs: ms, ...(match ? { match } : {}) });
  }
  status(n: number, code: 502 | 503, match?: Fault['match']): void {
    this.arm({ kind: code === 502 ? '502' : '503', at: n, ...(match ? { match } : {}) });
  }

  /** Disarms the fault and listens again if it was refusing. */
  heal(): void {
    this.fault = null;
    if (this.reopen) {
      clearTimeout(this.reopen);
      this.reopen = null;
    }
    if (this.refusedUntil > 0) {
      this.refusedUntil = 0;
      this.server.listen(this.port, '127.0.0.1');
    }
  }

  /** Forgets the calls seen (and the armed fault). */
  reset(): void {
    this.heal();
    this.calls.length = 0;
    this.fired = 0;
  }

  /** Calls seen by `model.method`. */
  counts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const call of this.calls) {
      const name = `${call.model}.${call.method}`;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    return counts;
  }

  async close(): Promise<void> {
    this.heal();
    for (const socket of this.sockets) socket.destroy();
    this.upstream.destroy();
    await new Promise((resolve) => this.server.close(() => resolve(undefined)));
  }

  private startRefusing(forMs: number): void {
    if (this.refusedUntil > 0) return;
    this.fired += 1;
    this.refusedUntil = Date.now() + forMs;
    // Node answers connections to a port nobody listens on with a refusal (ECONNREFUSED).
    this.server.close();
    this.reopen = setTimeout(() => {
      this.reopen = null;
      this.fault = null;
      this.refusedUntil = 0;
      this.server.listen(this.port, '127.0.0.1');
    }, forMs);
  }

  /** The fault this call meets, if any (counting it among the matching calls). */
  private faultFor(call: SeenCall): { kind: FaultKind; stallMs: number } | null {
    const fault = this.fault;
    if (!fault || fault.kind === 'refuse') return null;
    if (fault.match && !fault.match(call)) return null;
    fault.seen += 1;
    const times = fault.times ?? 1;
    if (fault.seen < fault.at || fault.seen >= fault.at + times) return null;
    this.fired += 1;
    if (fault.seen === fault.at + times - 1) this.fault = null;
    return { kind: fault.kind, stallMs: fault.stallMs ?? 5000 };
  }

  /** After the reply to a call: a refusal armed at the next one starts now. */
  private afterReply(call: SeenCall): void {
    const fault = this.fault;
    if (fault?.kind !== 'refuse') return;
    if (!fault.match || fault.match(call)) fault.seen += 1;
    if (fault.seen >= fault.at - 1) this.startRefusing(fault.forMs ?? 3000);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const { model, method } = describeCall(req.url ?? '/', body.toString('utf8'));
    const call: SeenCall = { index: this.calls.length + 1, model, method, write: !READS.has(method) };
    this.calls.push(call);
    const struck = this.faultFor(call);
    const kind = struck?.kind;
    if (kind === 'reset-request') {
      req.socket.resetAndDestroy();
      return;
    }
    if (kind === '502' || kind === '503') {
      const page = NGINX_PAGE(
        Number(kind),
        kind === '502' ? 'Bad Gateway' : 'Service Temporarily Unavailable',
      );
      res.writeHead(Number(kind), { 'content-type': 'text/html', connection: 'close' }).end(page);
      return;
    }
    let reply: { status: number; headers: Record<string, string | string[]>; body: Buffer };
    try {
      reply = await this.forward(req, body);
    } catch {
      // Odoo itself is away (stopped for a restart test): the client sees its connection cut.
      req.socket.resetAndDestroy();
      return;
    }
    if (kind === 'reset-response') {
      // Odoo has committed; the client gets half a reply and a reset: the lost reply.
      res.writeHead(reply.status, { ...reply.headers, connection: 'close' });
      res.write(reply.body.subarray(0, Math.floor(reply.body.length / 2)));
      setTimeout(() => req.socket.resetAndDestroy(), 20);
      return;
    }
    if (kind === 'stall') await new Promise((resolve) => setTimeout(resolve, struck?.stallMs));
    if (res.destroyed || req.socket.destroyed) return;
    res.writeHead(reply.status, { ...reply.headers, connection: 'close' }).end(reply.body);
    this.afterReply(call);
  }

  private forward(
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
    const headers = { ...req.headers, host: this.target.host, 'content-length': String(body.length) };
    delete headers.connection;
    return new Promise((resolve, reject) => {
      const out = request(
        {
          host: this.target.hostname,
          port: this.target.port,
          method: req.method,
          path: req.url,
          headers,
          agent: this.upstream,
        },
        (reply) => {
          const parts: Buffer[] = [];
          reply.on('data', (part: Buffer) => parts.push(part));
          reply.on('end', () => {
            const kept: Record<string, string | string[]> = {};
            for (const [name, value] of Object.entries(reply.headers)) {
              if (value !== undefined && !['connection', 'keep-alive', 'transfer-encoding'].includes(name))
                kept[name] = value;
            }
            const all = Buffer.concat(parts);
            kept['content-length'] = String(all.length);
            resolve({ status: reply.statusCode ?? 502, headers: kept, body: all });
          });
          reply.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  }
}
