import { describe, expect, it } from 'vitest';
import { FakeTransport, type Handler } from '../../../test/support/fake-transport.js';
import { silentLogger } from '../../logging/logger.js';
import { OdooClient } from './client.js';
import { OdooLoyaltyStore } from './loyalty-store.js';

function storeOver(handler: Handler) {
  const transport = new FakeTransport(handler);
  const client = OdooClient.over(
    transport,
    { uid: 2, version: { version: '19.0', major: 19, minor: 0, edition: 'community' }, db: 'test' },
    { maxInFlight: 4, retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 }, context: {} },
    silentLogger(),
  );
  return { store: new OdooLoyaltyStore(client), transport };
}

describe('OdooLoyaltyStore', () => {
  it('reads memberships: "not measured" is x_measured false, whatever count is stored; empty fields null', async () => {
    const { store } = storeOver(() => [
      {
        id: 5,
        x_partner_id: [42, 'Budi'],
        x_branch_id: false,
        x_tier: 'gold',
        x_state: 'active',
        x_enrolled_on: '2026-02-10',
        x_tier_since: '2026-06-01',
        x_below_since: false,
        x_lapsed_on: false,
        x_visits_before: 1,
        x_visits_after: 0,
        x_measured: false,
        x_announced_tier: 'silver',
        x_channel: 'email',
        x_announced_on: '2026-02-10',
      },
    ]);
    expect(await store.members()).toEqual([
      {
        id: 5,
        partnerId: 42,
        branchId: null,
        tier: 'gold',
        state: 'active',
        enrolledOn: '2026-02-10',
        tierSince: '2026-06-01',
        belowSince: null,
        lapsedOn: null,
        visitsBefore: 1,
        visitsAfter: null,
        announcedTier: 'silver',
        channel: 'email',
        announcedOn: '2026-02-10',
      },
    ]);
  });

  it('creates memberships keyed by the partner in one call, unmeasured as x_measured false', async () => {
    const { store, transport } = storeOver((call) => (call.method === 'create' ? [7, 8] : []));
    const member = {
      tier: 'silver' as const,
      state: 'active' as const,
      enrolledOn: '2026-02-10',
      tierSince: '2026-02-10',
      belowSince: null,
      lapsedOn: null,
      visitsBefore: 1,
      visitsAfter: null,
    };
    const ids = await store.createMembers([
      { ...member, partnerId: 42, branchId: 3 },
      { ...member, partnerId: 43, branchId: null },
    ]);
    expect(ids).toEqual([7, 8]);
    expect(transport.calls).toHaveLength(1);
    expect(transport.calls[0]?.args[0]).toEqual([
      expect.objectContaining({
        x_key: '42',
        x_partner_id: 42,
        x_branch_id: 3,
        x_measured: false,
        x_visits_after: 0,
      }),
      expect.objectContaining({ x_key: '43', x_partner_id: 43, x_branch_id: false, x_below_since: false }),
    ]);
  });

  it('writes only the fields given, members with the same values in one write; a measurement sets x_measured', async () => {
    const { store, transport } = storeOver(() => true);
    const refused = await store.updateMembers([
      { id: 1, values: { announcedTier: 'gold', channel: 'email', announcedOn: '2026-06-01' } },
      { id: 2, values: { announcedTier: 'gold', channel: 'email', announcedOn: '2026-06-01' } },
      { id: 3, values: { visitsAfter: 3 } },
      { id: 4, values: {} },
    ]);
    expect(refused).toEqual([]);
    expect(transport.calls.map((call) => [call.method, ...call.args])).toEqual([
      ['write', [1, 2], { x_announced_tier: 'gold', x_channel: 'email', x_announced_on: '2026-06-01' }],
      ['write', [3], { x_visits_after: 3, x_measured: true }],
    ]);
  });

  it('sets and clears the tier on the customers, one write per tier', async () => {
    const { store, transport } = storeOver(() => true);
    await store.writePartnerTiers([
      { partnerId: 1, tier: 'gold' },
      { partnerId: 2, tier: null },
      { partnerId: 3, tier: 'gold' },
    ]);
    expect(transport.calls.map((call) => [call.model, call.method, ...call.args])).toEqual([
      ['res.partner', 'write', [1, 3], { x_h23_loyalty_tier: 'gold' }],
      ['res.partner', 'write', [2], { x_h23_loyalty_tier: false }],
    ]);
  });
});
