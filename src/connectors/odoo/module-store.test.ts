import { describe, expect, it } from 'vitest';
import { FakeTransport, type Handler } from '../../../test/support/fake-transport.js';
import { silentLogger } from '../../logging/logger.js';
import { OdooClient } from './client.js';
import { OdooError } from './errors.js';
import { OdooModuleStore } from './module-store.js';

function storeOver(handler: Handler) {
  const transport = new FakeTransport(handler);
  const client = OdooClient.over(
    transport,
    { uid: 2, version: { version: '19.0', major: 19, minor: 0, edition: 'community' }, db: 'test' },
    { maxInFlight: 1, retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 }, context: {} },
    silentLogger(),
  );
  return { store: new OdooModuleStore(client), transport };
}

/** Calls as Odoo sees them: model, method, domain or ids, and the flags that matter. */
const seen = (transport: FakeTransport) =>
  transport.calls.map((call) => ({
    to: `${call.model}.${call.method}`,
    ...(call.kwargs.domain ? { domain: call.kwargs.domain } : {}),
    ...(call.method === 'unlink' ? { ids: call.args[0] } : {}),
    ...(call.context._force_unlink ? { force: true } : {}),
  }));

describe('the module store over Odoo', () => {
  it('counts records per model: 0 for a model that does not exist, -1 for one it may not read', async () => {
    const { store } = storeOver((call) => {
      if (call.model === 'ir.model')
        return [
          { id: 1, model: 'x_h23_unit' },
          { id: 2, model: 'x_h23_wor' },
        ];
      if (call.model === 'x_h23_unit') return 5;
      throw new OdooError({ code: 'access', message: 'not allowed' });
    });
    expect(await store.countRecords(['x_h23_unit', 'x_h23_wor', 'x_h23_gone'])).toEqual({
      x_h23_unit: 5,
      x_h23_wor: -1,
      x_h23_gone: 0,
    });
  });

  it('removes only what still exists, with the module-uninstall flag; fields of the given models are left', async () => {
    const { store, transport } = storeOver((call) => {
      if (call.method === 'search_read')
        return call.model === 'ir.model.fields' ? [{ id: 12 }] : [{ id: 70 }];
      return true;
    });
    expect(await store.removeRecords('ir.ui.menu', [70, 71])).toBe(1);
    expect(await store.removeFieldsOutside([10, 12], ['x_h23_unit'])).toBe(1);
    expect(seen(transport)).toEqual([
      { to: 'ir.ui.menu.search_read', domain: [['id', 'in', [70, 71]]] },
      { to: 'ir.ui.menu.unlink', ids: [70], force: true },
      {
        to: 'ir.model.fields.search_read',
        domain: [
          ['id', 'in', [10, 12]],
          ['model', 'not in', ['x_h23_unit']],
        ],
      },
      { to: 'ir.model.fields.unlink', ids: [12], force: true },
    ]);
  });

  it('removes the activities of the activity types, and asks nothing without types', async () => {
    const { store, transport } = storeOver((call) => (call.method === 'search_read' ? [{ id: 90 }] : true));
    expect(await store.removeActivitiesOfTypes([])).toBe(0);
    expect(transport.calls).toEqual([]);
    expect(await store.removeActivitiesOfTypes([40])).toBe(1);
    expect(seen(transport)).toEqual([
      { to: 'mail.activity.search_read', domain: [['activity_type_id', 'in', [40]]] },
      { to: 'mail.activity.unlink', ids: [90] },
    ]);
  });

  it('reads the namespace external IDs in the store’s terms', async () => {
    const { store } = storeOver(() => [{ id: 3, name: 'menu_units', model: 'ir.ui.menu', res_id: 70 }]);
    expect(await store.moduleData('h23_crm')).toEqual([
      { id: 3, name: 'menu_units', model: 'ir.ui.menu', resId: 70 },
    ]);
  });

  it('finds residue by prefix and by declared name; a model Odoo lacks counts 0', async () => {
    const { store, transport } = storeOver((call) => {
      if (call.model === 'res.groups.privilege')
        throw new OdooError({ code: 'missing', message: 'no model' });
      return call.model === 'res.groups' ? 1 : 0;
    });
    const residue = await store.findResidue(
      'h23_crm',
      'x_h23_',
      new Map([
        ['res.groups', ['CRM H23 / Admin CRM']],
        ['res.groups.privilege', ['CRM H23']],
      ]),
    );
    expect(residue).toEqual({
      models: 0,
      fields: 0,
      views: 0,
      actions: 0,
      externalIds: 0,
      activities: 0,
      messages: 0,
      named: { 'res.groups': 1, 'res.groups.privilege': 0 },
    });
    expect(seen(transport).slice(0, 7)).toEqual([
      { to: 'ir.model.search_count', domain: [['model', '=like', 'x_h23_%']] },
      {
        to: 'ir.model.fields.search_count',
        domain: ['|', ['model', '=like', 'x_h23_%'], ['relation', '=like', 'x_h23_%']],
      },
      { to: 'ir.ui.view.search_count', domain: [['model', '=like', 'x_h23_%']] },
      { to: 'ir.actions.act_window.search_count', domain: [['res_model', '=like', 'x_h23_%']] },
      { to: 'ir.model.data.search_count', domain: [['module', '=', 'h23_crm']] },
      { to: 'mail.activity.search_count', domain: [['res_model', '=like', 'x_h23_%']] },
      { to: 'mail.message.search_count', domain: [['model', '=like', 'x_h23_%']] },
    ]);
  });
});
