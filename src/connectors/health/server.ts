import { createServer, type Server } from 'node:http';

export interface HealthEndpoints {
  /** `/healthz`: the daemon's state as JSON; `ok: false` answers 503. */
  health(): { ok: boolean } & Record<string, unknown>;
  /** `/metrics`: Prometheus text exposition. */
  metrics(): string;
}

/** The daemon's local HTTP endpoint: `/healthz` for supervisors, `/metrics` for Prometheus. */
export function startHealthServer(host: string, port: number, endpoints: HealthEndpoints): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET') {
      response.writeHead(405, { allow: 'GET' }).end();
    } else if (path === '/healthz') {
      const health = endpoints.health();
      response
        .writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify(health));
    } else if (path === '/metrics') {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(endpoints.metrics());
    } else {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
