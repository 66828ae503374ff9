import { describe, expect, it } from 'vitest';
import { FakeTransport } from '../../../test/support/fake-transport.js';
import { silentLogger } from '../../logging/logger.js';
import { OdooClient } from './client.js';
import { OdooDedupeStore } from './dedupe-store.js';
import type { RpcCall } from './transport.js';

/** The first page of `searchPages` (its id cursor still at 0): later pages are empty. */
const firstPage = (call: RpcCall): boolean => JSON.stringify(call.kwargs.domain).endsWith('["id",">",0]]');

function storeOver(major: number, answer: (call: RpcCall) => unknown) {
  const transport = new FakeTransport(answer);
  const client = OdooClient.over(
    transport,
    { uid: 2, version: { version: `${major}.0`, major, minor: 0, edition: 'community' }, db: 'test' },
    { maxInFlight: 1, retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 }, context: {} },
    silentLogger(),
  );
  return { store: new OdooDedupeStore(client), calls: transport.calls };
}

describe('OdooDedupeStore', () => {
  it('merges with Odoo’s wizard, the survivor and two others a call, after giving the bridge user its company’s e-mail', async () => {
    let wizard = 0;
    const { store, calls } = storeOver(17, (call) => {
      if (call.model === 'res.users' && call.method === 'read')
        return [{ id: 2, email: false, company_id: [1, 'Dealer'] }];
      if (call.model === 'res.company') return [{ id: 1, email: 'bengkel@dealer.id' }];
      if (call.method === 'create') return [++wizard + 100];
      return true;
    });
    await store.merge(10, [11, 12, 13]);
    expect(calls.map((call) => [call.model, call.method, call.args])).toEqual([
      ['res.users', 'read', [[2]]],
      ['res.company', 'read', [[1]]],
      ['res.users', 'write', [[2], { email: 'bengkel@dealer.id' }]],
      [
        'base.partner.merge.automatic.wizard',
        'create',
        [[{ partner_ids: [[6, 0, [10, 11, 12]]], dst_partner_id: 10 }]],
      ],
      ['base.partner.merge.automatic.wizard', 'action_merge', [[101]]],
      [
        'base.partner.merge.automatic.wizard',
        'create',
        [[{ partner_ids: [[6, 0, [10, 13]]], dst_partner_id: 10 }]],
      ],
      ['base.partner.merge.automatic.wizard', 'action_merge', [[102]]],
    ]);
  });

  it('reads phone and mobile on 17, phone only on 19, and the engine numbers of units and WORs', async () => {
    for (const [major, fields] of [
      [17, ['phone', 'mobile']],
      [19, ['phone']],
    ] as const) {
      const { store, calls } = storeOver(major, (call) => {
        if (call.model === 'res.partner' && firstPage(call))
          return [
            {
              id: 5,
              name: 'Bpk. Budi',
              email: false,
              street: false,
              city: false,
              active: true,
              phone: '0812',
              mobile: '081234567890',
            },
          ];
        if (call.model === 'x_h23_unit' && firstPage(call))
          return [{ id: 1, x_partner_id: [5, 'Budi'], x_engine_number: 'JM31E1234567' }];
        if (call.model === 'x_h23_wor' && firstPage(call))
          return [
            {
              id: 1,
              x_partner_id: false,
              x_carrier_partner_id: [5, 'Budi'],
              x_engine_number: 'KC56E7654321',
            },
          ];
        return [];
      });
      const [customer] = await store.customers();
      expect(calls[0]?.kwargs).toMatchObject({
        domain: [
          ['partner_share', '=', true],
          ['id', '>', 0],
        ],
        fields: ['name', 'email', 'street', 'city', 'active', ...fields],
      });
      expect(customer).toEqual({
        id: 5,
        name: 'Bpk. Budi',
        phones: fields.map((field) => ({ field, value: field === 'phone' ? '0812' : '081234567890' })),
        email: null,
        street: null,
        city: null,
        engineNumbers: ['JM31E1234567', 'KC56E7654321'],
        active: true,
      });
    }
  });
});
