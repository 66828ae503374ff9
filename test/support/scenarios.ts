/**
 * Conversations with a real Odoo (17, 18 and 19), run once against a live server
 * of each version to record them (test/contract/record.ts) and replayed by the
 * contract tests. Each
 * scenario returns plain data (or the error it met) so both runs can be compared.
 */

import type { OdooConfig } from '../../config/schema.js';
import { OdooClient, type OdooConnection } from '../../src/connectors/odoo/client.js';
import { dialectFor } from '../../src/connectors/odoo/dialect.js';
import { isOdooError } from '../../src/connectors/odoo/errors.js';
import { resolveXmlids } from '../../src/connectors/odoo/external-ids.js';
import { FollowUpStore } from '../../src/connectors/odoo/followup-store.js';
import { OutcomeStore } from '../../src/connectors/odoo/outcome-store.js';
import { QualityStore } from '../../src/connectors/odoo/quality-store.js';
import { SummaryStore } from '../../src/connectors/odoo/summary-store.js';
import { OwnerStore, UnitStore } from '../../src/connectors/odoo/unit-store.js';
import { OdooWorReader } from '../../src/connectors/odoo/wor-reader.js';
import { runDoctor } from '../../src/jobs/doctor.js';
import { installModule } from '../../src/jobs/module-install.js';
import { type UpsertOutcome, upsertByExternalId } from '../../src/jobs/upsert.js';
import { silentLogger } from '../../src/logging/logger.js';
import { testOdooConfig } from './odoo-config.js';

export type Protocol = 'jsonrpc' | 'json2';

export interface ScenarioCredentials {
  url: string;
  db: string;
  adminLogin: string;
  adminPassword: string;
  adminApiKey: string;
  bridgeLogin: string;
  bridgeApiKey: string;
  expiredApiKey: string;
}

/**
 * The throw-away servers the fixtures are recorded on, one per Odoo version
 * (URL and database are not secrets: replay needs them as recorded).
 */
export const FIXTURE_SERVERS: Readonly<Record<number, { url: string; db: string }>> = {
  17: { url: 'http://127.0.0.1:8017', db: 'h23test17' },
  18: { url: 'http://127.0.0.1:8018', db: 'h23test18' },
  19: { url: 'http://127.0.0.1:8069', db: 'h23test' },
};

/** What the fixtures hold in place of real secrets, for the server of one version. */
export function scrubbedFor(major: number): ScenarioCredentials {
  const server = FIXTURE_SERVERS[major];
  if (!server) throw new Error(`no fixture server for Odoo ${major}`);
  return {
    ...server,
    adminLogin: 'admin',
    adminPassword: 'SCRUBBED-PASSWORD',
    adminApiKey: 'SCRUBBED-ADMIN-API-KEY',
    bridgeLogin: 'bridge',
    bridgeApiKey: 'SCRUBBED-BRIDGE-API-KEY',
    expiredApiKey: 'SCRUBBED-EXPIRED-API-KEY',
  };
}

/** JSON-2 exists from 19 on: older versions are recorded over JSON-RPC only. */
export function protocolsFor(major: number): Protocol[] {
  return dialectFor(major).json2 ? ['json2', 'jsonrpc'] : ['jsonrpc'];
}

export interface ErrorSummary {
  error: { code: string; odooName: string | undefined; httpStatus: number | undefined; message: string };
}

export function summarizeError(error: unknown): ErrorSummary {
  if (!isOdooError(error)) throw error;
  return {
    error: {
      code: error.code,
      odooName: error.odooName,
      httpStatus: error.httpStatus,
      message: error.message,
    },
  };
}

function connection(
  credentials: ScenarioCredentials,
  protocol: Protocol,
  who: 'admin' | 'bridge' | 'expired' = 'admin',
): OdooConnection {
  const apiKey =
    who === 'bridge'
      ? credentials.bridgeApiKey
      : who === 'expired'
        ? credentials.expiredApiKey
        : credentials.adminApiKey;
  const usePassword = protocol === 'jsonrpc' && who === 'admin';
  return {
    url: credentials.url,
    db: credentials.db,
    user: who === 'bridge' ? credentials.bridgeLogin : credentials.adminLogin,
    password: usePassword ? credentials.adminPassword : undefined,
    apiKey: usePassword ? undefined : apiKey,
    protocol,
    timeoutMs: 30000,
    maxInFlight: 1,
    retry: { retries: 0, minTimeoutMs: 10, maxTimeoutMs: 10 },
    context: { lang: 'en_US', tz: 'Asia/Jakarta' },
  };
}

function odooConfig(connection: OdooConnection): OdooConfig {
  return testOdooConfig({
    url: connection.url,
    db: connection.db,
    user: connection.user,
    password: connection.password,
    apiKey: connection.apiKey,
    protocol: connection.protocol,
    timeoutMs: connection.timeoutMs,
    maxInFlight: connection.maxInFlight,
  });
}

/** Doctor's report without the measured latency, which differs from run to run. */
async function doctor(connection: OdooConnection) {
  const report = await runDoctor(odooConfig(connection), silentLogger(), new Date('2026-11-23T00:00:00Z'));
  const { latencyMs, ...stable } = report;
  return {
    ...stable,
    latencySamples: latencyMs?.samples,
    checks: report.checks.map((check) =>
      check.name === 'latency' ? { ...check, detail: '(measured)' } : check,
    ),
  };
}

async function connect(
  credentials: ScenarioCredentials,
  protocol: Protocol,
  who?: 'admin' | 'bridge' | 'expired',
) {
  return OdooClient.connect(connection(credentials, protocol, who), silentLogger());
}

async function attempt<T>(work: () => Promise<T>): Promise<T | ErrorSummary> {
  try {
    return await work();
  } catch (error) {
    return summarizeError(error);
  }
}

const XMLIDS = ['h23_contract.partner_a', 'h23_contract.partner_b', 'h23_contract.partner_c'];

async function removeContractPartners(client: OdooClient): Promise<void> {
  const refs = await resolveXmlids(client, XMLIDS);
  const ids = [...refs.values()].map((ref) => ref.id);
  if (ids.length) await client.unlink('res.partner', ids);
  const data = await client.searchRead('ir.model.data', [['module', '=', 'h23_contract']], ['id']);
  if (data.length)
    await client.unlink(
      'ir.model.data',
      data.map((row) => row.id),
    );
}

export type Scenario = (credentials: ScenarioCredentials, protocol: Protocol) => Promise<unknown>;

export const SCENARIOS: Record<string, Scenario> = {
  async doctor(credentials, protocol) {
    return doctor(connection(credentials, protocol));
  },

  async doctorBridgeUser(credentials, protocol) {
    return doctor(connection(credentials, protocol, 'bridge'));
  },

  async doctorWrongDatabase(credentials, protocol) {
    return doctor(connection({ ...credentials, db: 'h23_no_such_db' }, protocol));
  },

  async connect(credentials, protocol) {
    const client = await connect(credentials, protocol);
    const [me] = await client.searchRead('res.users', [['id', '=', client.uid]], ['login']);
    return { protocol: client.protocol, version: client.version, uid: client.uid, login: me?.login };
  },

  async paging(credentials, protocol) {
    const client = await connect(credentials, protocol);
    const domain = [['model', '=like', 'res.%']];
    const total = await client.searchCount('ir.model', domain);
    const pageSizes: number[] = [];
    const seen = new Set<number>();
    for await (const page of client.searchPages('ir.model', domain, ['model'], { pageSize: 10 })) {
      pageSizes.push(page.length);
      for (const row of page) seen.add(row.id);
    }
    return { total, pageSizes, distinct: seen.size };
  },

  async lifecycle(credentials, protocol) {
    const client = await connect(credentials, protocol);
    const created = await client.create('res.partner', [
      { name: 'H23 contract A', comment: 'contract test' },
      { name: 'H23 contract B', comment: 'contract test' },
      { name: 'H23 contract C', comment: 'contract test' },
    ]);
    const ids = created.map((outcome) => outcome.id as number);
    const [a, b, c] = ids as [number, number, number];
    const callsBefore = client.calls;
    const written = await client.write('res.partner', [
      { id: a, values: { function: 'Mekanik' } },
      { id: b, values: { function: 'Mekanik' } },
      { id: c, values: { function: 'Service Advisor' } },
    ]);
    const writeCalls = client.calls - callsBefore;
    const read = await client.read<{ id: number; function: string | false }>('res.partner', ids, [
      'function',
    ]);
    const removed = await client.unlink('res.partner', ids);
    const gone = await client.searchCount('res.partner', [['id', 'in', ids]]);
    return {
      created: created.length,
      writeCalls,
      written: written.map((outcome) => ({ index: outcome.index, ok: !outcome.error })),
      functions: read.map((row) => row.function),
      removed,
      gone,
    };
  },

  async isolatesBadRows(credentials, protocol) {
    const client = await connect(credentials, protocol);
    const outcomes = await client.create('res.partner', [
      { name: 'H23 contract ok 1' },
      { name: 'H23 contract bad', parent_id: 999999999 },
      { name: 'H23 contract ok 2' },
    ]);
    const ids = outcomes.flatMap((outcome) => (outcome.id ? [outcome.id] : []));
    if (ids.length) await client.unlink('res.partner', ids);
    return outcomes.map((outcome) => ({
      index: outcome.index,
      created: outcome.id !== undefined,
      error: outcome.error?.code,
    }));
  },

  async externalIds(credentials, protocol) {
    const client = await connect(credentials, protocol);
    await removeContractPartners(client);
    const rows = [
      { xmlid: 'h23_contract.partner_a', values: { name: 'H23 contract xmlid A', is_company: false } },
      { xmlid: 'h23_contract.partner_b', values: { name: 'H23 contract xmlid B', is_company: true } },
    ];
    const first = (await upsertByExternalId(client, 'res.partner', rows)).outcomes;
    const second = (await upsertByExternalId(client, 'res.partner', rows)).outcomes;
    const { outcomes: third } = await upsertByExternalId(client, 'res.partner', [
      { xmlid: 'h23_contract.partner_a', values: { name: 'H23 contract xmlid A2', is_company: false } },
      rows[1] as (typeof rows)[number],
      { xmlid: 'h23_contract.partner_c', values: { name: 'H23 contract xmlid C', parent_id: 999999999 } },
    ]);
    const refs = await resolveXmlids(client, XMLIDS);
    await removeContractPartners(client);
    const actions = (outcomes: UpsertOutcome[]) =>
      outcomes.map((outcome) => ({ xmlid: outcome.xmlid, action: outcome.action, changed: outcome.changed }));
    return {
      first: actions(first),
      second: actions(second),
      third: actions(third),
      thirdError: third[2]?.error?.message,
      resolved: [...refs.keys()].sort(),
    };
  },

  async moduleStatus(credentials, protocol) {
    // Recorded on a database where h23-bridge install has run: the status must find nothing to do.
    const client = await connect(credentials, protocol);
    const report = await installModule(client, silentLogger(), { dryRun: true });
    return {
      declared: report.declared,
      counts: report.counts,
      changes: report.changes,
      obsolete: report.obsolete,
    };
  },

  async accessError(credentials, protocol) {
    const client = await connect(credentials, protocol, 'bridge');
    return attempt(() => client.searchRead('ir.config_parameter', [], ['key']));
  },

  async validationError(credentials, protocol) {
    const client = await connect(credentials, protocol);
    const [outcome] = await client.create('res.partner', [{ name: 'H23 contract recursion' }]);
    const id = outcome?.id as number;
    const result = await attempt(() => client.call('res.partner', 'write', [[id], { parent_id: id }]));
    await client.unlink('res.partner', [id]);
    return result;
  },

  async missingError(credentials, protocol) {
    const client = await connect(credentials, protocol);
    return attempt(() => client.call('res.partner', 'write', [[999999999], { name: 'nobody' }]));
  },

  async userError(credentials, protocol) {
    const client = await connect(credentials, protocol);
    return attempt(() => client.call('res.users', 'unlink', [[2]]));
  },

  async unknownModel(credentials, protocol) {
    const client = await connect(credentials, protocol);
    return attempt(() => client.searchRead('x_h23.nope', [], ['id']));
  },

  async badArguments(credentials, protocol) {
    const client = await connect(credentials, protocol);
    return attempt(() => client.call('res.partner', 'write', [[1]]));
  },

  async badLogin(credentials, protocol) {
    return attempt(() =>
      connect({ ...credentials, adminPassword: 'wrong-password', adminApiKey: 'wrong-key' }, protocol),
    );
  },

  async expiredKey(credentials, protocol) {
    return attempt(() => connect(credentials, protocol, 'expired'));
  },

  async unknownDatabase(credentials, protocol) {
    return attempt(() => connect({ ...credentials, db: 'h23_no_such_db' }, protocol));
  },

  // --- domain stores (recorded on a database where h23-bridge install has run) ---

  async ownersByPhone(credentials, protocol) {
    const client = await connect(credentials, protocol);
    const { partnerMobileField } = client.dialect;
    // A customer typed in by hand before the bridge: the HP in `mobile` on 17/18 (a landline in `phone`).
    const [made] = await client.create('res.partner', [
      {
        name: 'H23 Contract Wulandari',
        [partnerMobileField]: '0812 9000 0017',
        ...(partnerMobileField === 'mobile' ? { phone: '021 555 0101' } : {}),
      },
    ]);
    const id = made?.id as number;
    const owners = new OwnerStore(client);
    const key = '+6281290000017|wulandari';
    try {
      const found = await owners.readUnkeyedByPhones(['+6281290000017', '+6281290000099']);
      const adopted = await owners.update([{ key, id, values: { key } }]);
      const byKey = await owners.readByKeys([key]);
      return {
        found: found.map((owner) => ({ name: owner.name, phones: owner.phones, phone: owner.values.phone })),
        adopted: adopted.map((row) => ({ key: row.key, ok: row.id === id })),
        byKey: [...byKey.values()].map((record) => record.values),
        unkeyedAfter: (await owners.readUnkeyedByPhones(['+6281290000017'])).length,
      };
    } finally {
      await client.unlink('res.partner', [id]);
    }
  },

  async unitsByEngine(credentials, protocol) {
    const client = await connect(credentials, protocol);
    const units = new UnitStore(client);
    const engine = 'JMCONTRACT0017';
    const [created] = await units.create([
      { key: engine, values: { modelName: 'BeAT CBS', purchaseDate: '2026-01-15', kpb1Date: null } },
    ]);
    const id = created?.id as number;
    try {
      const updated = await units.update([
        { key: engine, id, values: { kpb1Date: '2026-02-20', lastKm: 1200 } },
      ]);
      const read = await units.readByKeys([engine, 'JMNOSUCHENGINE']);
      return {
        created: created?.error ?? 'ok',
        updated: updated.map((row) => row.error ?? 'ok'),
        read: [...read.entries()].map(([key, record]) => [key, record.values]),
      };
    } finally {
      await client.unlink('x_h23_unit', [id]);
    }
  },

  async worKnown(credentials, protocol) {
    const client = await connect(credentials, protocol);
    const { partnerMobileField } = client.dialect;
    const [made] = await client.create('res.partner', [
      { name: 'H23 Contract Rina', [partnerMobileField]: '+62 81290000018' },
    ]);
    const id = made?.id as number;
    try {
      const known = await new OdooWorReader(client).readKnown([
        {
          id: 0,
          name: 'WO contract',
          branchId: null,
          visitDate: '2026-11-20',
          engineNumber: 'JMCONTRACT0018',
          carrierName: 'Rina',
          carrierPhone: '0812-9000-0018',
          carrierAddress: null,
          frameNumber: null,
          modelName: null,
          state: null,
          reconciledKey: null,
          reviewReason: null,
          reviewChoice: null,
          reviewPartnerId: null,
        },
      ]);
      return {
        units: known.units.size,
        people: [...known.people.values()].map(({ id: _, ...person }) => person),
      };
    } finally {
      await client.unlink('res.partner', [id]);
    }
  },

  async qualityCounts(credentials, protocol) {
    const client = await connect(credentials, protocol);
    const store = new QualityStore(client, silentLogger());
    const branches = await store.branches();
    const { counts, method } = await store.counts(
      '2026-11-23',
      branches.map((branch) => branch.id),
    );
    return { method, branches: branches.length, counts: [...counts.entries()] };
  },

  async followUpReads(credentials, protocol) {
    const client = await connect(credentials, protocol);
    const store = new FollowUpStore(client);
    const [partner] = await client.searchRead('res.partner', [['id', '=', client.uid]], ['id']);
    return {
      branches: (await store.branches()).length,
      openLoad: [...(await store.openLoad()).values()].length,
      partners: [...(await store.partners(partner ? [partner.id] : [])).values()].length,
    };
  },

  async summaryReads(credentials, protocol) {
    const client = await connect(credentials, protocol);
    const store = new SummaryStore(client);
    return {
      facts: (await store.facts('2026-11-23', 'Asia/Jakarta')).length,
      existing: (await store.existing('2026-11-23')).size,
      branches: (await store.branches()).length,
    };
  },

  async outcomeReads(credentials, protocol) {
    const client = await connect(credentials, protocol);
    let recorded = 0;
    for await (const page of new OutcomeStore(client).recorded()) recorded += page.length;
    return { recorded };
  },
};
