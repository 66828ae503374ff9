import type { ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * Where a kill lands on the Odoo call it is armed for: `before` the request reaches Odoo (the
 * call never happened), or `after` Odoo answered and before the bridge reads the answer (the
 * call happened, committed, and the bridge never learns it did).
 */
export type KillMode = 'before' | 'after';

export interface KillPlan {
  /** The Odoo call (1 = the first request of the run) the kill lands on. */
  call: number;
  mode: KillMode;
}

/**
 * A tiny HTTP proxy between the bridge and Odoo that counts the bridge's requests and SIGKILLs
 * the bridge's process on the one it is armed for: a kill at a chosen Odoo call, the same call
 * on every machine, where a kill after a delay lands wherever the machine's speed puts it.
 */
export class KillProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private plan: KillPlan | undefined;
  private child: ChildProcess | undefined;
  private upstream = 0;
  private drained: Array<() => void> = [];
  /** Requests seen since the last `arm`. */
  calls = 0;
  /** Where the armed kill landed, once it did. */
  killed: KillPlan | undefined;

  constructor(private readonly target: string) {}

  async start(): Promise<string> {
    const server = createServer((incoming, response) => {
      void this.handle(incoming, response);
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Counts from zero for the next run of `child`; with a plan, kills it there. */
  arm(child: ChildProcess, plan?: KillPlan): void {
    this.child = child;
    this.plan = plan;
    this.calls = 0;
    this.killed = undefined;
  }

  /** Resolves once no request the proxy forwarded is still being answered by Odoo. */
  settled(): Promise<void> {
    if (this.upstream === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private kill(plan: KillPlan): void {
    this.killed = plan;
    this.child?.kill('SIGKILL');
    // Whatever else the bridge had in flight goes with it: its sockets are closed, as a dead process's are.
    for (const socket of this.sockets) socket.destroy();
  }

  private async handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (this.killed) {
      response.socket?.destroy();
      return;
    }
    this.calls += 1;
    const plan = this.plan && this.calls === this.plan.call ? this.plan : undefined;
    if (plan?.mode === 'before') {
      this.kill(plan);
      return;
    }
    const answer = await this.forward(incoming, body).catch((error: Error) => ({
      status: 502,
      headers: { 'content-type': 'text/plain' },
      body: Buffer.from(`kill proxy: ${error.message}`),
    }));
    if (plan) {
      this.kill(plan);
      return;
    }
    if (this.killed) return;
    response.writeHead(answer.status, answer.headers).end(answer.body);
  }

  private forward(
    incoming: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
    const url = new URL(incoming.url ?? '/', this.target);
    const headers = { ...incoming.headers, host: url.host };
    this.upstream += 1;
    return new Promise((resolve, reject) => {
      const outgoing = request(url, { method: incoming.method, headers }, (reply) => {
        const parts: Buffer[] = [];
        reply.on('data', (part: Buffer) => parts.push(part));
        reply.on('end', () => {
          const replyHeaders: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(reply.headers))
            if (value !== undefined && name !== 'transfer-encoding' && name !== 'connection')
              replyHeaders[name] = value;
          resolve({ status: reply.statusCode ?? 502, headers: replyHeaders, body: Buffer.concat(parts) });
        });
        reply.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    }).finally(() => {
      this.upstream -= 1;
      if (this.upstream === 0) for (const resolve of this.drained.splice(0)) resolve();
    }) as Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }>;
  }
}
