import { describe, expect, it } from 'vitest';
import { FakeTransport } from '../../../test/support/fake-transport.js';
import { silentLogger } from '../../logging/logger.js';
import { ACTIVITY_TYPES } from '../../module/activity-types.js';
import { FOLLOWUP } from '../../module/models.js';
import { ActivityStore } from './activity-store.js';
import { OdooClient } from './client.js';
import type { RpcCall } from './transport.js';

/** What `ir.model.data` answers for the follow-up model and two activity types. */
const MODEL_DATA = [
  { id: 1, module: 'h23_crm', name: 'model_x_h23_followup', model: 'ir.model', res_id: 40 },
  { id: 2, module: 'h23_crm', name: 'activity_kpb_fu1', model: 'mail.activity.type', res_id: 7 },
  { id: 3, module: 'h23_crm', name: 'activity_kpb_fu2', model: 'mail.activity.type', res_id: 8 },
];

function storeOver(answer: (call: RpcCall) => unknown = () => true) {
  const transport = new FakeTransport((call) => (call.model === 'ir.model.data' ? MODEL_DATA : answer(call)));
  const client = OdooClient.over(
    transport,
    { uid: 2, version: { version: '19.0', major: 19, minor: 0, edition: 'community' }, db: 'test' },
    { maxInFlight: 1, retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 }, context: {} },
    silentLogger(),
  );
  const store = new ActivityStore(client, FOLLOWUP, [ACTIVITY_TYPES.kpbFu1, ACTIVITY_TYPES.kpbFu2]);
  const calls = () => transport.calls.filter((call) => call.model !== 'ir.model.data');
  return { store, transport, calls };
}

describe('ActivityStore', () => {
  it('reads open activities of the records by type, and names their type by external ID', async () => {
    const { store, calls } = storeOver(() => [
      { id: 91, res_id: 5, activity_type_id: [8, 'KPB FU2'], user_id: [11, 'Admin'], summary: 'KPB 1 FU2' },
      { id: 92, res_id: 6, activity_type_id: false, user_id: false, summary: false },
    ]);
    const open = await store.open([5, 6], { types: [ACTIVITY_TYPES.kpbFu2] });
    expect(open).toEqual([
      { id: 91, resId: 5, type: ACTIVITY_TYPES.kpbFu2, userId: 11, summary: 'KPB 1 FU2' },
      { id: 92, resId: 6, type: null, userId: null, summary: '' },
    ]);
    expect(calls()[0]).toMatchObject({
      model: 'mail.activity',
      method: 'search_read',
      kwargs: {
        domain: [
          ['res_model', '=', 'x_h23_followup'],
          ['res_id', 'in', [5, 6]],
          ['activity_type_id', 'in', [8]],
        ],
        fields: ['res_id', 'activity_type_id', 'user_id', 'summary'],
      },
    });
    expect(calls()[0]?.context.active_test).toBeUndefined();
  });

  it('counts done activities too when asked, and makes no call for no records', async () => {
    const { store, transport, calls } = storeOver(() => []);
    expect(await store.open([])).toEqual([]);
    expect(transport.calls).toEqual([]);
    await store.open([5], { done: true });
    expect(calls()[0]?.context.active_test).toBe(false);
  });

  it('creates activities on the model by its ir.model id, without mailing the assignee', async () => {
    const { store, calls } = storeOver(() => [101, 102]);
    const outcomes = await store.create([
      {
        resId: 5,
        type: ACTIVITY_TYPES.kpbFu1,
        userId: 11,
        summary: 'S',
        note: '<p>N</p>',
        deadline: '2026-03-02',
      },
      { resId: 6, type: ACTIVITY_TYPES.kpbFu2, userId: null, summary: 'T', note: '', deadline: '2026-03-03' },
    ]);
    expect(outcomes).toEqual([
      { index: 0, id: 101 },
      { index: 1, id: 102 },
    ]);
    const [create] = calls();
    expect(create?.method).toBe('create');
    expect(create?.context.mail_activity_quick_update).toBe(true);
    expect(create?.args[0]).toEqual([
      {
        res_model_id: 40,
        res_id: 5,
        activity_type_id: 7,
        summary: 'S',
        note: '<p>N</p>',
        date_deadline: '2026-03-02',
        user_id: 11,
      },
      // No user: Odoo decides (the creator on 17/18, none on 19).
      {
        res_model_id: 40,
        res_id: 6,
        activity_type_id: 8,
        summary: 'T',
        note: '',
        date_deadline: '2026-03-03',
      },
    ]);
  });

  it('refuses a type it was not made for, before any write', async () => {
    const { store, calls } = storeOver();
    await expect(
      store.create([
        {
          resId: 5,
          type: ACTIVITY_TYPES.worReview,
          userId: null,
          summary: 'S',
          note: '',
          deadline: '2026-03-02',
        },
      ]),
    ).rejects.toThrow(/activity_wor_review is not one of this activity store's types/);
    expect(calls()).toEqual([]);
  });

  it('marks done with one call per distinct feedback, and hands over with one write per user', async () => {
    const { store, calls } = storeOver();
    await store.markDone([
      { id: 1, feedback: 'A' },
      { id: 2, feedback: 'B' },
      { id: 3, feedback: 'A' },
    ]);
    await store.reassign([
      { id: 4, userId: 11 },
      { id: 5, userId: 12 },
      { id: 6, userId: 11 },
    ]);
    expect(calls().map(({ method, args, kwargs, context }) => ({ method, args, kwargs, context }))).toEqual([
      { method: 'action_feedback', args: [[1, 3]], kwargs: { feedback: 'A' }, context: expect.any(Object) },
      { method: 'action_feedback', args: [[2]], kwargs: { feedback: 'B' }, context: expect.any(Object) },
      {
        method: 'write',
        args: [[4, 6], { user_id: 11 }],
        kwargs: {},
        context: expect.objectContaining({ mail_activity_quick_update: true }),
      },
      {
        method: 'write',
        args: [[5], { user_id: 12 }],
        kwargs: {},
        context: expect.objectContaining({ mail_activity_quick_update: true }),
      },
    ]);
  });

  it('says which external ID is missing when the module is not installed', async () => {
    const transport = new FakeTransport(() => []);
    const client = OdooClient.over(
      transport,
      { uid: 2, version: { version: '19.0', major: 19, minor: 0, edition: 'community' }, db: 'test' },
      { maxInFlight: 1, retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 }, context: {} },
      silentLogger(),
    );
    const store = new ActivityStore(client, FOLLOWUP, [ACTIVITY_TYPES.kpbFu1]);
    await expect(store.modelId()).rejects.toThrow(
      'h23_crm.model_x_h23_followup is missing: run h23-bridge install',
    );
  });
});
