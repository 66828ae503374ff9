import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  FIXTURE_SERVERS,
  type Protocol,
  protocolsFor,
  SCENARIOS,
  scrubbedFor,
} from '../support/scenarios.js';

interface Fixture {
  /** The Odoo version it was recorded on (its folder, test/fixtures/odoo<major>). */
  major: number;
  scenario: string;
  protocol: Protocol;
  result: unknown;
  exchanges: nock.Definition[];
}

const VERSIONS = Object.keys(FIXTURE_SERVERS).map(Number);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const fixtures: Fixture[] = VERSIONS.flatMap((major) =>
  protocolsFor(major).flatMap((protocol) => {
    const dir = join(root, `odoo${major}`, protocol);
    return readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => ({ ...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Fixture), major }));
  }),
);

/** `odoo18 jsonrpc doctor`: how a fixture is named in test titles. */
function label(fixture: Fixture): string {
  return `odoo${fixture.major} ${fixture.protocol}`;
}

async function replay(fixture: Fixture): Promise<unknown> {
  const scenario = SCENARIOS[fixture.scenario];
  if (!scenario) throw new Error(`no scenario ${fixture.scenario}`);
  const scopes = nock.define(fixture.exchanges);
  const result = await scenario(scrubbedFor(fixture.major), fixture.protocol);
  // Every recorded exchange was asked for, with the same body and headers: the calls are exactly those recorded.
  for (const scope of scopes) expect(scope.pendingMocks()).toEqual([]);
  return result;
}

describe('replies recorded from real Odoo 17, 18 and 19', () => {
  it.each(
    VERSIONS.flatMap((major) => protocolsFor(major).map((protocol) => [major, protocol] as const)),
  )('Odoo %i over %s: every scenario is recorded', (major, protocol) => {
    const names = Object.keys(SCENARIOS).sort();
    expect(
      fixtures
        .filter((f) => f.major === major && f.protocol === protocol)
        .map((f) => f.scenario)
        .sort(),
    ).toEqual(names);
  });

  it.each(
    fixtures.map((fixture) => [`${label(fixture)} ${fixture.scenario}`, fixture] as const),
  )('%s gives the recorded result', async (_, fixture) => {
    expect(await replay(fixture)).toEqual(fixture.result);
  });
});

// The classification each error scenario must produce, whatever the transport.
const EXPECTED_CODES: Record<string, Record<Protocol, string>> = {
  accessError: { json2: 'access', jsonrpc: 'access' },
  validationError: { json2: 'validation', jsonrpc: 'validation' },
  missingError: { json2: 'missing', jsonrpc: 'missing' },
  userError: { json2: 'user', jsonrpc: 'user' },
  unknownModel: { json2: 'missing', jsonrpc: 'missing' },
  badArguments: { json2: 'protocol', jsonrpc: 'protocol' },
  badLogin: { json2: 'auth', jsonrpc: 'auth' },
  expiredKey: { json2: 'auth', jsonrpc: 'auth' },
  unknownDatabase: { json2: 'missing', jsonrpc: 'missing' },
};

describe('error classification on real Odoo replies', () => {
  const cases = fixtures
    .filter((fixture) => EXPECTED_CODES[fixture.scenario])
    .map(
      (fixture) =>
        [
          label(fixture),
          fixture.scenario,
          EXPECTED_CODES[fixture.scenario]?.[fixture.protocol],
          fixture,
        ] as const,
    );

  it.each(cases)('%s %s → %s', async (_, __, code, fixture) => {
    const result = (await replay(fixture)) as { error?: { code: string; message: string } };
    expect(result.error?.code).toBe(code);
    expect(result.error?.message).not.toMatch(/Traceback/);
  });

  it('JSON-2 reports HTTP statuses 401, 403, 404 and 422 as Odoo sent them', () => {
    const status = (scenario: string) => {
      const fixture = fixtures.find((f) => f.protocol === 'json2' && f.scenario === scenario);
      return (fixture?.result as { error?: { httpStatus?: number } } | undefined)?.error?.httpStatus;
    };
    expect([
      status('badLogin'),
      status('accessError'),
      status('unknownModel'),
      status('badArguments'),
    ]).toEqual([401, 403, 404, 422]);
  });
});

describe('paging by id cursor (recorded)', () => {
  it.each(
    fixtures.filter((f) => f.scenario === 'paging').map((f) => [label(f), f] as const),
  )('%s reads every record once in pages of at most 10', async (_, fixture) => {
    const result = (await replay(fixture)) as { total: number; pageSizes: number[]; distinct: number };
    expect(result.distinct).toBe(result.total);
    expect(Math.max(...result.pageSizes)).toBeLessThanOrEqual(10);
    expect(result.pageSizes.reduce((a, b) => a + b, 0)).toBe(result.total);
  });
});

describe('external-ID upsert (recorded)', () => {
  it.each(
    fixtures.filter((f) => f.scenario === 'externalIds').map((f) => [label(f), f] as const),
  )('%s creates, then changes nothing, then writes only the changed field and reports the bad row', async (_, fixture) => {
    const result = (await replay(fixture)) as {
      first: Array<{ action: string }>;
      second: Array<{ action: string }>;
      third: Array<{ action: string; changed?: string[] }>;
      thirdError: string;
    };
    expect(result.first.map((o) => o.action)).toEqual(['create', 'create']);
    expect(result.second.map((o) => o.action)).toEqual(['unchanged', 'unchanged']);
    expect(result.third.map((o) => o.action)).toEqual(['update', 'unchanged', 'failed']);
    expect(result.third[0]?.changed).toEqual(['name']);
    expect(result.thirdError).toContain('h23_contract.partner_c');
  });
});

describe('module status against a database where it is installed (recorded)', () => {
  it.each(
    fixtures.filter((f) => f.scenario === 'moduleStatus').map((f) => [label(f), f] as const),
  )('%s reads every declared record back and finds nothing to change', async (_, fixture) => {
    const result = (await replay(fixture)) as {
      declared: number;
      counts: { create: number; update: number; unchanged: number; failed: number };
      changes: unknown[];
      obsolete: unknown[];
    };
    expect(result.counts).toEqual({ create: 0, update: 0, unchanged: result.declared, failed: 0 });
    expect(result.changes).toEqual([]);
    expect(result.obsolete).toEqual([]);
  });
});
