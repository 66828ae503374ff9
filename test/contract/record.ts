/**
 * Records the contract fixtures from a live Odoo (17, 18 or 19) on its fixture server
 * (FIXTURE_SERVERS in test/support/scenarios.ts), with h23-bridge install run there:
 *   ODOO_URL=… ODOO_DB=… ODOO_USER=admin ODOO_PASSWORD=… ODOO_API_KEY=… \
 *   ODOO_BRIDGE_API_KEY=… ODOO_EXPIRED_API_KEY=… npm run record:contract
 * Each scenario's HTTP exchanges go to test/fixtures/odoo<major>/<protocol>/<scenario>.json
 * (JSON-2 on 19 only) with every secret replaced by its SCRUBBED placeholder and tracebacks cut.
 * Odoo 17's keys never expire: without ODOO_EXPIRED_API_KEY its "expired" scenario uses a
 * key Odoo never issued (Odoo answers wrong, revoked and expired keys alike).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { probeServer } from '../../src/connectors/odoo/client.js';
import {
  FIXTURE_SERVERS,
  protocolsFor,
  SCENARIOS,
  type ScenarioCredentials,
  scrubbedFor,
} from '../support/scenarios.js';

const env = process.env;
const required = ['ODOO_URL', 'ODOO_DB', 'ODOO_PASSWORD', 'ODOO_API_KEY', 'ODOO_BRIDGE_API_KEY'];
const absent = required.filter((name) => !env[name]);
if (absent.length) {
  process.stderr.write(`record: set ${absent.join(', ')} (a throw-away Odoo database)\n`);
  process.exit(2);
}
const version = await probeServer({
  url: env.ODOO_URL as string,
  db: env.ODOO_DB as string,
  protocol: 'jsonrpc',
  timeoutMs: 30000,
  maxInFlight: 1,
  retry: { retries: 0, minTimeoutMs: 10, maxTimeoutMs: 10 },
  context: {},
});
const SCRUBBED = scrubbedFor(version.major);
if (!env.ODOO_EXPIRED_API_KEY && version.major >= 18) {
  process.stderr.write('record: set ODOO_EXPIRED_API_KEY (an expired key of the admin) on Odoo 18+\n');
  process.exit(2);
}
const live: ScenarioCredentials = {
  url: env.ODOO_URL as string,
  db: env.ODOO_DB as string,
  adminLogin: env.ODOO_USER ?? 'admin',
  adminPassword: env.ODOO_PASSWORD as string,
  adminApiKey: env.ODOO_API_KEY as string,
  bridgeLogin: env.ODOO_BRIDGE_USER ?? 'bridge',
  bridgeApiKey: env.ODOO_BRIDGE_API_KEY as string,
  expiredApiKey: env.ODOO_EXPIRED_API_KEY ?? `never-issued-${randomBytes(20).toString('hex')}`,
};
if (live.url !== SCRUBBED.url || live.db !== SCRUBBED.db) {
  process.stderr.write(
    `record: Odoo ${version.major} fixtures are replayed against ${SCRUBBED.url} / ${SCRUBBED.db}; record there (known servers: ${JSON.stringify(FIXTURE_SERVERS)})\n`,
  );
  process.exit(2);
}

const secrets: Array<[string, string]> = [
  [live.adminApiKey, SCRUBBED.adminApiKey],
  [live.bridgeApiKey, SCRUBBED.bridgeApiKey],
  [live.expiredApiKey, SCRUBBED.expiredApiKey],
  [live.adminPassword, SCRUBBED.adminPassword],
];

function placeholderFor(value: unknown): unknown {
  return secrets.find(([secret]) => secret === value)?.[1] ?? value;
}

/**
 * Secrets sit in known places: the third argument of JSON-RPC's `common` and
 * `object` calls, and JSON-2's Authorization header. Replace them exactly there
 * (a short password such as "admin" must not be replaced inside Odoo's texts).
 */
function scrubRequest(definition: nock.Definition & { reqheaders?: Record<string, unknown> }): void {
  const body = definition.body as { params?: { args?: unknown[] } } | undefined;
  const args = body?.params?.args;
  if (Array.isArray(args) && args.length > 2) args[2] = placeholderFor(args[2]);
  const headers = definition.reqheaders;
  if (headers) {
    for (const [name, value] of Object.entries(headers)) {
      if (name.toLowerCase() === 'authorization' && typeof value === 'string') {
        headers[name] = value.replace(
          /^(bearer\s+)(.*)$/i,
          (_, prefix: string, key: string) => `${prefix}${placeholderFor(key)}`,
        );
      }
    }
  }
}

/** Record tokens Odoo hands out (a survey's or an answer's `access_token`: who holds one may answer). */
const TOKEN_FIELDS = new Set(['access_token']);

/**
 * Odoo's traceback names server paths and code: keep its last line, enough to read the fixture.
 * Access tokens in replies are replaced by a placeholder.
 */
function cutTracebacks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cutTracebacks);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        key === 'debug' && typeof item === 'string'
          ? `(traceback cut) ${item.trim().split('\n').at(-1)}`
          : TOKEN_FIELDS.has(key) && typeof item === 'string' && item
            ? 'SCRUBBED-ACCESS-TOKEN'
            : cutTracebacks(item),
      ]),
    );
  }
  return value;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', `odoo${version.major}`);
rmSync(root, { recursive: true, force: true });
for (const protocol of protocolsFor(version.major)) {
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    nock.recorder.clear();
    nock.recorder.rec({ dont_print: true, output_objects: true, enable_reqheaders_recording: true });
    const result = await scenario(live, protocol);
    nock.restore();
    const definitions = (nock.recorder.play() as nock.Definition[]).map((definition) => {
      const cleaned = { ...definition } as nock.Definition & {
        rawHeaders?: unknown;
        reqheaders?: Record<string, unknown>;
      };
      // Keep only the reply's content type: the client reads JSON by it.
      const raw = (cleaned.rawHeaders ?? {}) as Record<string, string>;
      const contentType = Object.entries(raw).find(
        ([header]) => header.toLowerCase() === 'content-type',
      )?.[1];
      cleaned.rawHeaders = contentType ? { 'content-type': contentType } : {};
      if (cleaned.reqheaders) {
        cleaned.reqheaders = Object.fromEntries(
          Object.entries(cleaned.reqheaders).filter(([header]) =>
            ['authorization', 'x-odoo-database', 'content-type'].includes(header.toLowerCase()),
          ),
        );
      }
      // nock replays a falsy JSON body (0, false, null) as an empty one: keep such bodies as JSON text.
      if (
        typeof cleaned.response === 'number' ||
        typeof cleaned.response === 'boolean' ||
        cleaned.response === null
      ) {
        cleaned.response = JSON.stringify(cleaned.response);
      }
      scrubRequest(cleaned);
      const text = JSON.stringify(cutTracebacks(cleaned));
      for (const [secret] of secrets) {
        if (secret.length >= 16 && text.includes(secret))
          throw new Error(`a secret survived scrubbing in ${name}`);
      }
      return JSON.parse(text);
    });
    const file = join(root, protocol, `${name}.json`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      `${JSON.stringify({ scenario: name, protocol, result, exchanges: definitions }, null, 2)}\n`,
    );
    process.stdout.write(`${protocol}/${name}: ${definitions.length} exchanges\n`);
    nock.activate();
  }
}
