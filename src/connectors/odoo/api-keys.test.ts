import { describe, expect, it } from 'vitest';
import { FakeTransport } from '../../../test/support/fake-transport.js';
import { silentLogger } from '../../logging/logger.js';
import { createOwnApiKey, removeOwnApiKeys } from './api-keys.js';
import { OdooClient } from './client.js';
import type { RpcCall } from './transport.js';

/**
 * Odoo's `@check_identity` as seen from outside (res_users.py 17–19): the guarded method
 * answers the identity-check wizard's action until `run_check` gets the right password, in
 * the wizard's field (17, 18) or in the context (19); then it runs the method.
 */
function identityCheckingOdoo(major: number, password: string) {
  let wizardPassword: unknown;
  let pending: { model: string; method: string } | undefined;
  const removed: number[] = [];
  const handle = (call: RpcCall): unknown => {
    const target = `${call.model}.${call.method}`;
    if (target === 'res.users.apikeys.description.fields_get')
      return {
        duration: {
          selection: [
            ['1', '1 hari'],
            ['90', '3 bulan'],
            ['365', '1 tahun'],
            // A longer choice than the bridge group allows is not taken.
            ['730', '2 tahun'],
            ['-1', 'Tanggal'],
          ],
        },
      };
    if (target === 'res.users.apikeys.description.create') return [41];
    if (target === 'res.users.apikeys.description.make_key' || target === 'res.users.apikeys.remove') {
      pending = { model: call.model, method: call.method };
      if (call.method === 'remove') removed.push(...(call.args[0] as number[]));
      return {
        type: 'ir.actions.act_window',
        res_model: 'res.users.identitycheck',
        res_id: 7,
        target: 'new',
      };
    }
    if (target === 'res.users.identitycheck.write') {
      wizardPassword = (call.args[1] as { password: string }).password;
      return true;
    }
    if (target === 'res.users.identitycheck.run_check') {
      const given = major >= 19 ? call.context.password : wizardPassword;
      if (given !== password) throw new Error('Incorrect Password');
      return pending?.method === 'make_key'
        ? { res_model: 'res.users.apikeys.show', context: { default_key: 'k3y-made-by-odoo' } }
        : true;
    }
    throw new Error(`unexpected call ${target}`);
  };
  return { handle, removed };
}

function clientOn(major: number, handle: (call: RpcCall) => unknown) {
  const transport = new FakeTransport(handle);
  const client = OdooClient.over(
    transport,
    { uid: 6, version: { version: `${major}.0`, major, minor: 0, edition: 'community' }, db: 'test' },
    { maxInFlight: 1, retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 }, context: { lang: 'id_ID' } },
    silentLogger(),
  );
  return { client, transport };
}

describe('createOwnApiKey through the identity check', () => {
  it.each([
    { major: 17, duration: undefined, passwordIn: 'field' },
    { major: 18, duration: '365', passwordIn: 'field' },
    { major: 19, duration: '365', passwordIn: 'context' },
  ])('Odoo $major: the key comes back, the longest duration ($duration) asked, the password in the $passwordIn', async ({
    major,
    duration,
  }) => {
    const odoo = identityCheckingOdoo(major, 'rahasia');
    const { client, transport } = clientOn(major, odoo.handle);
    await expect(createOwnApiKey(client, 'rahasia', 'h23-bridge 2026-12-01')).resolves.toBe(
      'k3y-made-by-odoo',
    );
    const created = transport.calls.find((call) => call.method === 'create');
    expect(created?.args[0]).toEqual([
      duration ? { name: 'h23-bridge 2026-12-01', duration } : { name: 'h23-bridge 2026-12-01' },
    ]);
    // 17's keys never expire: no duration is asked for.
    expect(transport.calls.some((call) => call.method === 'fields_get')).toBe(major >= 18);
  });

  it.each([17, 18, 19])('Odoo %i: a wrong password is Odoo’s refusal, not a key', async (major) => {
    const odoo = identityCheckingOdoo(major, 'rahasia');
    const { client } = clientOn(major, odoo.handle);
    await expect(createOwnApiKey(client, 'salah', 'k')).rejects.toThrow(/Incorrect Password/);
  });

  it('revokes keys through the same check, and asks nothing when there is nothing to revoke', async () => {
    const odoo = identityCheckingOdoo(19, 'rahasia');
    const { client, transport } = clientOn(19, odoo.handle);
    await removeOwnApiKeys(client, 'rahasia', []);
    expect(transport.calls).toHaveLength(0);
    await removeOwnApiKeys(client, 'rahasia', [3, 4]);
    expect(odoo.removed).toEqual([3, 4]);
  });
});
