import { describe, expect, it } from 'vitest';
import { configSchema, type WorConfig } from '../../config/schema.js';
import { FakeTransport } from '../../test/support/fake-transport.js';
import { OdooClient } from '../connectors/odoo/client.js';
import { OdooError } from '../connectors/odoo/errors.js';
import type { RpcCall } from '../connectors/odoo/transport.js';
import type { InstalledRule } from '../connectors/odoo/webhook-rule-store.js';
import { silentLogger } from '../logging/logger.js';
import {
  assessRule,
  hookTargets,
  installWebhookRule,
  manualSteps,
  maskWebhookUrl,
  parseBaseUrl,
  removeWebhookRule,
  tokenOf,
  urlWarnings,
  webhookRuleStatus,
  webhookUrl,
} from './webhook-rule.js';

const TOKEN = 'tok-0123456789abcdef0123456789';
const WOR: WorConfig = configSchema.shape.wor.parse({});

describe('webhook URL', () => {
  it.each([
    ['http://10.0.0.5:9464', 'wor', 'http://10.0.0.5:9464/webhook/wor?token=tok'],
    ['http://10.0.0.5:9464/', 'wor', 'http://10.0.0.5:9464/webhook/wor?token=tok'],
    ['https://bridge.dealer.co.id/h23/', 'wor', 'https://bridge.dealer.co.id/h23/webhook/wor?token=tok'],
    ['http://10.0.0.5:9464', 'import', 'http://10.0.0.5:9464/webhook/import?token=tok'],
    ['https://bridge.dealer.co.id/h23', 'import', 'https://bridge.dealer.co.id/h23/webhook/import?token=tok'],
  ] as const)('%s, job %s → %s', (base, job, url) => {
    expect(webhookUrl(parseBaseUrl(base), 'tok', job)).toBe(url);
  });

  it('escapes the token and masks it for output', () => {
    const url = webhookUrl(parseBaseUrl('http://10.0.0.5:9464'), 'a+b/c=d&e', 'wor');
    expect(url).toBe('http://10.0.0.5:9464/webhook/wor?token=a%2Bb%2Fc%3Dd%26e');
    expect(tokenOf(url)).toBe('a+b/c=d&e');
    expect(maskWebhookUrl(url)).toBe('http://10.0.0.5:9464/webhook/wor?token=***');
  });

  it.each([
    ['bridge:9464', /not a URL|http/],
    ['ftp://10.0.0.5/', /http:\/\/ or https:\/\//],
    ['http://10.0.0.5:9464/?token=x', /base URL only/],
    ['http://user:pw@10.0.0.5:9464', /base URL only/],
    ['not a url', /not a URL/],
  ])('refuses %s', (text, message) => {
    expect(() => parseBaseUrl(text)).toThrow(message);
  });

  it.each([
    { base: 'http://203.0.113.7:9464', odoo: 'https://erp.dealer.co.id', warn: [/clear text/] },
    { base: 'https://bridge.dealer.co.id', odoo: 'https://erp.dealer.co.id', warn: [] },
    { base: 'http://10.0.0.5:9464', odoo: 'https://erp.dealer.co.id', warn: [] },
    { base: 'http://192.168.1.20:9464', odoo: 'http://192.168.1.10:8069', warn: [] },
    { base: 'http://127.0.0.1:9464', odoo: 'https://erp.dealer.co.id', warn: [/loopback/] },
    { base: 'http://localhost:9464', odoo: 'http://127.0.0.1:8069', warn: [] },
  ])('warns about $base for an Odoo at $odoo: $warn', ({ base, odoo, warn }) => {
    const warnings = urlWarnings(parseBaseUrl(base), odoo);
    expect(warnings).toHaveLength(warn.length);
    warn.forEach((pattern, at) => {
      expect(warnings[at]).toMatch(pattern);
    });
  });

  it('the manual steps name the addon, where to find it, both models, their URLs and the fallbacks', () => {
    const text = manualSteps(hookTargets(WOR)).join('\n');
    for (const part of [
      'base_automation',
      'Automation Rules',
      'Apps',
      'model x_h23_wor',
      '/webhook/wor?token=',
      'model x_h23_import_batch, trigger fields x_file',
      '/webhook/import?token=',
      'daemon.worCron',
      'daemon.importCron',
    ])
      expect(text).toContain(part);
  });
});

const GOOD: InstalledRule = {
  rule: {
    id: 1,
    active: true,
    model: 'x_h23_wor',
    trigger: 'on_create_or_write',
    triggerFields: ['x_engine_number'],
    actionIds: [2],
  },
  action: {
    id: 2,
    model: 'x_h23_wor',
    state: 'webhook',
    url: `http://10.0.0.5:9464/webhook/wor?token=${TOKEN}`,
    payloadFields: ['id', 'write_date'],
    ruleId: 1,
  },
};

describe('assessRule', () => {
  const rule = GOOD.rule as NonNullable<InstalledRule['rule']>;
  const action = GOOD.action as NonNullable<InstalledRule['action']>;
  it.each([
    { name: 'installed and consistent', installed: GOOD, token: TOKEN, problems: [] },
    { name: 'no token configured here: not compared', installed: GOOD, token: undefined, problems: [] },
    { name: 'nothing installed', installed: {}, token: TOKEN, problems: [/not installed/] },
    {
      name: 'archived',
      installed: { ...GOOD, rule: { ...rule, active: false } },
      token: TOKEN,
      problems: [/archived/],
    },
    { name: 'another token', installed: GOOD, token: `${TOKEN}x`, problems: [/another token/] },
    {
      name: 'action gone',
      installed: { rule: { ...rule, actionIds: [] } },
      token: TOKEN,
      problems: [/action .* missing/],
    },
    { name: 'rule gone', installed: { action }, token: TOKEN, problems: [/rule .* missing/] },
    {
      name: 'another model',
      installed: { ...GOOD, rule: { ...rule, model: 'dms.wor' } },
      token: TOKEN,
      problems: [/watches dms.wor/],
    },
    {
      name: 'URL of another job (the import rule’s pasted into the WOR one)',
      installed: {
        ...GOOD,
        action: { ...action, url: `http://10.0.0.5:9464/webhook/import?token=${TOKEN}` },
      },
      token: TOKEN,
      problems: [/does not end in \/webhook\/wor/],
    },
    {
      name: 'action no longer run by the rule, and changed by hand',
      installed: { rule: { ...rule, actionIds: [] }, action: { ...action, state: 'code' } },
      token: TOKEN,
      problems: [/does not run/, /type code/],
    },
  ])('$name', ({ installed, token, problems }) => {
    const found = assessRule(installed, { model: 'x_h23_wor', job: 'wor', token });
    expect(found).toHaveLength(problems.length);
    problems.forEach((pattern, at) => {
      expect(found[at]).toMatch(pattern);
    });
  });
});

/**
 * Just enough of Odoo for the rules: the addon's state, the WOR and import
 * batch models and their fields, external IDs, and base.automation /
 * ir.actions.server records through fields_get, read, load, write and unlink.
 */
class OdooDouble {
  addonState = 'installed';
  readonly records = new Map<string, Map<number, Record<string, unknown>>>([
    ['base.automation', new Map()],
    ['ir.actions.server', new Map()],
  ]);
  readonly xmlids: Array<{ id: number; module: string; name: string; model: string; res_id: number }> = [];
  static readonly MODELS = new Map([
    [100, 'x_h23_wor'],
    [101, 'x_h23_import_batch'],
  ]);
  /** Field ids by model id and name: the WOR's from 500, the batch's from 600. */
  readonly fields = new Map([
    [
      100,
      new Map(
        ['id', 'write_date', 'x_name', 'x_engine_number', 'x_carrier_name', 'x_review_choice'].map(
          (name, at) => [name, 500 + at],
        ),
      ),
    ],
    [101, new Map(['id', 'write_date', 'x_name', 'x_file', 'x_state'].map((name, at) => [name, 600 + at]))],
  ]);
  private nextId = 1;
  readonly writes: string[] = [];

  private static readonly TYPES: Record<string, Record<string, string>> = {
    'base.automation': {
      name: 'char',
      description: 'html',
      model_id: 'many2one',
      trigger: 'selection',
      trigger_field_ids: 'many2many',
      active: 'boolean',
    },
    'ir.actions.server': {
      name: 'char',
      model_id: 'many2one',
      usage: 'selection',
      base_automation_id: 'many2one',
      state: 'selection',
      webhook_url: 'char',
      webhook_field_ids: 'many2many',
    },
  };

  handle = (call: RpcCall): unknown => {
    const { model, method, args, kwargs } = call;
    const domain = (kwargs.domain ?? []) as Array<[string, string, unknown]>;
    const where = (field: string) => domain.find((term) => term[0] === field)?.[2];
    if (model === 'ir.module.module') return [{ id: 1, state: this.addonState }];
    if (model === 'ir.model')
      return [...OdooDouble.MODELS].filter(([, name]) => name === where('model')).map(([id]) => ({ id }));
    if (model === 'ir.model.fields' && method === 'search_read') {
      const names = where('name') as string[];
      const fields = this.fields.get(where('model_id') as number) ?? new Map<string, number>();
      return names.filter((name) => fields.has(name)).map((name) => ({ id: fields.get(name), name }));
    }
    if (model === 'ir.model.fields' && method === 'read') {
      const byId = new Map(
        [...this.fields.values()].flatMap((fields) => [...fields].map(([name, id]) => [id, name] as const)),
      );
      return (args[0] as number[]).map((id) => ({ id, name: byId.get(id) }));
    }
    if (model === 'ir.model.data' && method === 'search_read') {
      const modules = [where('module')].flat();
      const names = where('name') as string[];
      return this.xmlids.filter((row) => modules.includes(row.module) && names.includes(row.name));
    }
    if (model === 'ir.model.data' && method === 'unlink') {
      const ids = args[0] as number[];
      this.xmlids.splice(0, this.xmlids.length, ...this.xmlids.filter((row) => !ids.includes(row.id)));
      return true;
    }
    const table = this.records.get(model);
    if (!table) throw new OdooError({ code: 'missing', message: `no model ${model}` });
    const types = OdooDouble.TYPES[model] ?? {};
    if (method === 'fields_get')
      return Object.fromEntries(Object.entries(types).map(([name, type]) => [name, { type, string: name }]));
    if (method === 'read') return (args[0] as number[]).flatMap((id) => this.read(model, id));
    if (method === 'load')
      return this.load(model, kwargs.fields as string[], kwargs.data as string[][], types);
    if (method === 'write') {
      this.writes.push(`${model}.write`);
      for (const id of args[0] as number[])
        Object.assign(table.get(id) ?? {}, this.fromCreate(args[1] as object));
      return true;
    }
    if (method === 'unlink') {
      this.writes.push(`${model}.unlink`);
      for (const id of args[0] as number[]) {
        table.delete(id);
        if (model === 'base.automation')
          for (const [actionId, action] of this.records.get('ir.actions.server') ?? [])
            if (action.base_automation_id === id) this.records.get('ir.actions.server')?.delete(actionId);
      }
      return true;
    }
    throw new Error(`double has no ${model}.${method}`);
  };

  private fromCreate(values: object): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(values).map(([name, value]) => [
        name,
        Array.isArray(value) && Array.isArray(value[0]) ? [...(value[0][2] as number[])] : value,
      ]),
    );
  }

  private read(model: string, id: number): Record<string, unknown>[] {
    const row = this.records.get(model)?.get(id);
    if (!row) return [];
    const link = (value: unknown) => (typeof value === 'number' ? [value, `#${value}`] : false);
    const copy: Record<string, unknown> = {
      ...row,
      id,
      model_name: OdooDouble.MODELS.get(row.model_id as number) ?? '?',
    };
    copy.model_id = link(row.model_id);
    if (model === 'ir.actions.server') copy.base_automation_id = link(row.base_automation_id);
    if (model === 'base.automation')
      copy.action_server_ids = [...(this.records.get('ir.actions.server') ?? [])]
        .filter(([, action]) => action.base_automation_id === id)
        .map(([actionId]) => actionId);
    return [copy];
  }

  private load(model: string, columns: string[], data: string[][], types: Record<string, string>) {
    this.writes.push(`${model}.load`);
    const ids = data.map((cells) => {
      const row: Record<string, unknown> = {};
      let key = '';
      columns.forEach((column, at) => {
        const cell = cells[at] ?? '';
        const name = column.replace('/.id', '');
        if (column === 'id') key = cell;
        else if (types[name] === 'many2many') row[name] = cell ? cell.split(',').map(Number) : [];
        else if (types[name] === 'many2one') row[name] = cell ? Number(cell) : false;
        else if (types[name] === 'boolean') row[name] = cell === '1';
        else row[name] = cell;
      });
      const id = this.nextId++;
      this.records.get(model)?.set(id, row);
      const [module = '', name = ''] = key.split('.');
      this.xmlids.push({ id: 900 + id, module, name, model, res_id: id });
      return id;
    });
    return { ids, messages: [] };
  }
}

function clientOn(odoo: OdooDouble, major = 19) {
  const transport = new FakeTransport(odoo.handle);
  const client = OdooClient.over(
    transport,
    { uid: 2, version: { version: `${major}.0`, major, minor: 0, edition: 'community' }, db: 'test' },
    { maxInFlight: 1, retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 }, context: {} },
    silentLogger(),
  );
  return { client, transport };
}

const options = (base = 'http://10.0.0.5:9464', token = TOKEN) => ({
  baseUrl: parseBaseUrl(base),
  token,
  wor: WOR,
  odooUrl: 'http://10.0.0.2:8069',
});

describe('installWebhookRule against an Odoo double', () => {
  it('creates both rules and their webhook actions, keyed; a re-run changes nothing; another URL updates the actions only', async () => {
    const odoo = new OdooDouble();
    const { client } = clientOn(odoo);
    const first = await installWebhookRule(client, silentLogger(), options());
    expect(first.outcome).toBe('installed');
    expect(first.rules.map((rule) => [rule.job, rule.model, rule.url])).toEqual([
      ['wor', 'x_h23_wor', 'http://10.0.0.5:9464/webhook/wor?token=***'],
      ['import', 'x_h23_import_batch', 'http://10.0.0.5:9464/webhook/import?token=***'],
    ]);
    expect(first.rules.flatMap((rule) => rule.changes.map((change) => change.action))).toEqual([
      'create',
      'create',
      'create',
      'create',
    ]);
    expect(JSON.stringify(first)).not.toContain(TOKEN);
    // Watched: the configured WOR input fields that exist, and the admin's review decision; on a batch, its file.
    expect(first.rules[0]?.watchedFields).toEqual([
      'x_carrier_name',
      'x_engine_number',
      'x_name',
      'x_review_choice',
    ]);
    expect(first.rules[1]?.watchedFields).toEqual(['x_file']);
    const rules = [...(odoo.records.get('base.automation')?.values() ?? [])];
    const actions = [...(odoo.records.get('ir.actions.server')?.values() ?? [])];
    expect(rules).toMatchObject([
      { model_id: 100, trigger: 'on_create_or_write', active: true },
      // The bridge writes the batch's state and counts, never its file: its own writes call nothing.
      { model_id: 101, trigger: 'on_create_or_write', active: true, trigger_field_ids: [603] },
    ]);
    expect(actions).toMatchObject([
      {
        state: 'webhook',
        usage: 'base_automation',
        base_automation_id: 1,
        webhook_url: `http://10.0.0.5:9464/webhook/wor?token=${TOKEN}`,
        webhook_field_ids: [500, 501],
      },
      {
        state: 'webhook',
        usage: 'base_automation',
        base_automation_id: 3,
        webhook_url: `http://10.0.0.5:9464/webhook/import?token=${TOKEN}`,
        webhook_field_ids: [600, 601],
      },
    ]);
    expect(odoo.xmlids.map((row) => `${row.module}.${row.name}`)).toEqual([
      'h23_crm.webhook_wor_rule',
      'h23_crm.webhook_wor_action',
      'h23_crm.webhook_import_rule',
      'h23_crm.webhook_import_action',
    ]);

    odoo.writes.length = 0;
    const again = await installWebhookRule(client, silentLogger(), options());
    expect(again.outcome).toBe('unchanged');
    expect(again.message).toContain('nothing to change');
    expect(odoo.writes).toEqual([]);

    const moved = await installWebhookRule(client, silentLogger(), options('https://bridge.dealer.co.id'));
    expect(moved.outcome).toBe('installed');
    expect(moved.rules.map((rule) => rule.changes)).toEqual([
      [
        { xmlid: 'h23_crm.webhook_wor_rule', action: 'unchanged' },
        { xmlid: 'h23_crm.webhook_wor_action', action: 'update', changed: ['webhook_url'] },
      ],
      [
        { xmlid: 'h23_crm.webhook_import_rule', action: 'unchanged' },
        { xmlid: 'h23_crm.webhook_import_action', action: 'update', changed: ['webhook_url'] },
      ],
    ]);
    expect(odoo.writes).toEqual(['ir.actions.server.write', 'ir.actions.server.write']);
  });

  it('without the module’s import batch model says to install the module first', async () => {
    const odoo = new OdooDouble();
    const { client } = clientOn(odoo);
    OdooDouble.MODELS.delete(101);
    try {
      await expect(installWebhookRule(client, silentLogger(), options())).rejects.toMatchObject({
        code: 'missing',
        message: expect.stringMatching(/x_h23_import_batch does not exist.*h23-bridge install/),
      });
    } finally {
      OdooDouble.MODELS.set(101, 'x_h23_import_batch');
    }
  });

  it('without base_automation writes nothing and gives the manual steps', async () => {
    const odoo = new OdooDouble();
    odoo.addonState = 'uninstalled';
    const { client, transport } = clientOn(odoo);
    const report = await installWebhookRule(client, silentLogger(), options());
    expect(report.outcome).toBe('needs_base_automation');
    expect(report.message).toMatch(/base_automation addon is uninstalled.*daemon.worCron.*daemon.importCron/);
    expect(report.manualSteps?.join('\n')).toContain('Automation Rules');
    expect(report.rules).toEqual([]);
    expect(transport.calls.map((call) => `${call.model}.${call.method}`)).toEqual([
      'ir.module.module.search_read',
    ]);
  });

  it('on Odoo 16 says the daemon polls, without a call', async () => {
    const odoo = new OdooDouble();
    const { client, transport } = clientOn(odoo, 16);
    const report = await installWebhookRule(client, silentLogger(), options());
    expect(report).toMatchObject({ outcome: 'unsupported' });
    expect(report.message).toMatch(/Odoo 16.0 has no webhook actions.*polls/);
    expect(transport.calls).toEqual([]);
  });

  it('turns an access error into "run it as an administrator"', async () => {
    const { client } = clientOn(new OdooDouble());
    const denied = new FakeTransport(() => {
      throw new OdooError({ code: 'access', message: 'You are not allowed to access Module' });
    });
    const bridgeUser = OdooClient.over(
      denied,
      { uid: 5, version: client.version, db: 'test' },
      { maxInFlight: 1, retry: { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1 }, context: {} },
      silentLogger(),
    );
    await expect(installWebhookRule(bridgeUser, silentLogger(), options())).rejects.toMatchObject({
      code: 'access',
      message: expect.stringMatching(/administrator.*ODOO_API_KEY/),
    });
  });

  it('status reports both rules with their tokens hidden, and what is wrong; remove takes them away, twice harmlessly', async () => {
    const odoo = new OdooDouble();
    const { client } = clientOn(odoo);
    await installWebhookRule(client, silentLogger(), options());
    const status = await webhookRuleStatus(client, { wor: WOR, token: TOKEN });
    expect(status).toMatchObject({
      installed: true,
      automationAddon: 'installed',
      tokenMatches: true,
      problems: [],
    });
    expect(status.rules).toMatchObject([
      {
        job: 'wor',
        model: 'x_h23_wor',
        installed: true,
        active: true,
        url: 'http://10.0.0.5:9464/webhook/wor?token=***',
        tokenMatches: true,
        payloadFields: ['id', 'write_date'],
        problems: [],
      },
      {
        job: 'import',
        model: 'x_h23_import_batch',
        installed: true,
        active: true,
        url: 'http://10.0.0.5:9464/webhook/import?token=***',
        tokenMatches: true,
        watchedFields: ['x_file'],
        payloadFields: ['id', 'write_date'],
        problems: [],
      },
    ]);
    expect(JSON.stringify(status)).not.toContain(TOKEN);
    const otherToken = await webhookRuleStatus(client, { wor: WOR, token: `${TOKEN}-new` });
    expect(otherToken.tokenMatches).toBe(false);
    expect(otherToken.problems).toEqual([
      expect.stringMatching(/^wor rule: .*another token/),
      expect.stringMatching(/^import rule: .*another token/),
    ]);

    // One rule removed by hand: status names the one that is missing.
    const importRule = odoo.xmlids.find((row) => row.name === 'webhook_import_rule');
    odoo.records.get('base.automation')?.delete(importRule?.res_id as number);
    const half = await webhookRuleStatus(client, { wor: WOR, token: TOKEN });
    expect(half.installed).toBe(false);
    expect(half.problems).toEqual([expect.stringMatching(/^import rule: the automation rule is missing/)]);

    expect((await removeWebhookRule(client, silentLogger(), { wor: WOR })).removed).toBe(3);
    expect(odoo.records.get('base.automation')?.size).toBe(0);
    expect(odoo.records.get('ir.actions.server')?.size).toBe(0);
    expect(odoo.xmlids).toEqual([]);
    expect(await removeWebhookRule(client, silentLogger(), { wor: WOR })).toMatchObject({
      removed: 0,
      message: 'No webhook rule to remove.',
    });
    expect((await webhookRuleStatus(client, { wor: WOR, token: TOKEN })).problems).toEqual([
      expect.stringMatching(/^wor rule: not installed/),
      expect.stringMatching(/^import rule: not installed/),
    ]);
  });
});
