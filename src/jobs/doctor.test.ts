import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { testOdooConfig } from '../../test/support/odoo-config.js';
import { exitCodeForReport } from '../cli/doctor-command.js';
import { EXIT } from '../cli/exit-codes.js';
import { silentLogger } from '../logging/logger.js';
import { runDoctor } from './doctor.js';

const config = testOdooConfig({
  url: 'http://odoo.test',
  db: 'dealer',
  user: 'bridge',
  apiKey: 'k',
  timeoutMs: 5000,
});

/** Odoo's `common.version` answer, as JSON-RPC gives it. */
function serverRuns(major: number): void {
  nock('http://odoo.test')
    .post(
      '/jsonrpc',
      (body: { params?: { service?: string; method?: string } }) => body.params?.method === 'version',
    )
    .reply(200, {
      jsonrpc: '2.0',
      id: 1,
      result: { server_version: `${major}.0`, server_version_info: [major, 0, 0, 'final', 0, ''] },
    });
}

describe('doctor and the Odoo version', () => {
  afterEach(() => nock.cleanAll());

  it('says plainly that Odoo 16 is not supported, before logging in (exit 6)', async () => {
    serverRuns(16);
    const report = await runDoctor(config, silentLogger());
    expect(report.failedStep).toBe('version');
    expect(report.checks.map((check) => [check.name, check.status])).toEqual([
      ['server', 'ok'],
      ['version', 'fail'],
    ]);
    expect(report.checks[1]?.detail).toMatch(
      /Odoo 16\.0 is not supported: the bridge needs Odoo 17\.0 or later/,
    );
    expect(report.checks[1]?.fix).toMatch(/Odoo 17\.0 or later/);
    expect(exitCodeForReport(report)).toBe(EXIT.odoo);
  });

  it('warns that Odoo 20 is not verified yet, and goes on', async () => {
    serverRuns(20);
    // What follows the version line (protocol, login) is not the point here: the login is refused.
    nock('http://odoo.test').post('/json/2/res.users/context_get').reply(401, { message: 'Invalid apikey' });
    nock('http://odoo.test').post(/.*/).reply(401, { message: 'Invalid apikey' });
    const report = await runDoctor(config, silentLogger());
    const version = report.checks.find((check) => check.name === 'version');
    expect(version).toMatchObject({ status: 'warn' });
    expect(version?.detail).toMatch(/newer than the versions the bridge is verified on \(17–19\)/);
    expect(report.checks.map((check) => check.name)).toContain('protocol');
  });

  it('names the dialect of a supported version', async () => {
    serverRuns(17);
    nock('http://odoo.test').post(/.*/).reply(200, { jsonrpc: '2.0', id: 2, result: false });
    const report = await runDoctor(config, silentLogger());
    expect(report.checks.find((check) => check.name === 'version')).toEqual({
      name: 'version',
      status: 'ok',
      detail: 'dialect of Odoo 17 (tree views, groups_id, read_group, partner phone + mobile, JSON-RPC only)',
    });
  });
});
