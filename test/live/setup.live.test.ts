import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { isOdooError } from '../../src/connectors/odoo/errors.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { readApiKeys, readCurrentUser, requireAdministrator } from '../../src/connectors/odoo/identity.js';
import { setupBridge } from '../../src/jobs/setup.js';
import { silentLogger } from '../../src/logging/logger.js';
import { describeLive } from './live-env.js';

describeLive('setup against a real Odoo', (config) => {
  const logger = silentLogger();
  const tag = randomBytes(3).toString('hex');
  const login = `h23-setup-${tag}`;
  const code = `LV${tag}`.toUpperCase();
  const connection = connectionFromConfig(config);
  const request = {
    login,
    date: '2026-12-01',
    timeZone: 'Asia/Jakarta',
    branches: [{ dealerCode: code.toLowerCase(), name: `Cabang Live ${tag}` }],
    loginAs: (user: string, password: string) =>
      OdooClient.connectWebSession({ ...connection, user, password }, logger),
    deliver: async (apiKey: string) => {
      delivered.push(apiKey);
    },
  };
  const delivered: string[] = [];
  let admin: OdooClient;
  const asKey = (apiKey: string) =>
    OdooClient.connect({ ...connection, user: login, apiKey, password: undefined }, logger);

  afterAll(async () => {
    if (!admin) return;
    const branches = await admin.call<number[]>('x_h23_branch', 'search', [[['x_dealer_code', '=', code]]]);
    if (branches.length) await admin.unlink('x_h23_branch', branches);
    const users = await admin.call<number[]>('res.users', 'search', [[['login', '=', login]]]);
    // A user Odoo has written messages for cannot always be deleted: archived then.
    if (users.length)
      await admin
        .unlink('res.users', users)
        .catch(() => admin.call('res.users', 'write', [users, { active: false }]));
  });

  it('makes the bridge user with its own key (bridge group only), the branch by its code; a re-run rotates the key', async () => {
    admin = await OdooClient.connect(connection, logger);
    const first = await setupBridge(admin, logger, request);
    expect(first.user.created).toBe(true);
    expect(first.branchesCreated).toEqual([{ dealerCode: code, name: `Cabang Live ${tag}` }]);
    expect(first.branches.find((branch) => branch.dealerCode === code)?.crmAdminIds).toEqual([]);
    expect(first.todo.some((line) => line.includes(`(${code}): set Admin CRM`))).toBe(true);

    const bridge = await asKey(first.apiKey);
    const me = await readCurrentUser(bridge);
    expect(me.login).toBe(login);
    expect(me.groups).toContain('CRM H23 / Bridge (pengguna teknis)');
    expect(me.groups.some((group) => /Settings|Pengaturan|Administrat/.test(group))).toBe(false);
    const keys = await readApiKeys(bridge);
    expect(keys.map((key) => key.name)).toEqual([first.keyName]);
    // 18+: a year (the bridge group's api_key_duration), not an internal user's 90 days.
    if (bridge.dialect.apiKeyExpiry) expect(keys[0]?.expiresAt?.slice(0, 4)).toBe('2027');
    await expect(requireAdministrator(bridge, 'install')).rejects.toThrow(
      new RegExp(`needs an Odoo administrator .* "${login}", who is not one`),
    );

    expect(delivered).toEqual([first.apiKey]);
    const second = await setupBridge(admin, logger, request);
    expect([second.user.created, second.keysRevoked, second.branchesCreated]).toEqual([false, 1, []]);
    expect((await readCurrentUser(await asKey(second.apiKey))).login).toBe(login);
    const refused = await asKey(first.apiKey).then(
      () => 'accepted',
      (error: unknown) => (isOdooError(error) ? error.code : String(error)),
    );
    expect(refused).toBe('auth');
  });

  it("refuses to take over a person's account or the administrator's, before touching it", async () => {
    admin ??= await OdooClient.connect(connection, logger);
    const [me] = await admin.read<{ id: number; login: string }>('res.users', [admin.uid], ['login']);
    await expect(setupBridge(admin, logger, { ...request, login: me?.login as string })).rejects.toThrow(
      /will not take over the existing user .*: it is the administrator running setup\. Choose another --login/,
    );
    const person = `h23-person-${tag}`;
    await admin.createOne('res.users', {
      login: person,
      name: `Orang ${tag}`,
      password: `pw-${tag}-Rahasia1`,
    });
    try {
      await expect(setupBridge(admin, logger, { ...request, login: person })).rejects.toThrow(
        /not in the group "CRM H23 \/ Bridge \(pengguna teknis\)"/,
      );
      // Its password still works: nothing was written to it.
      await expect(
        OdooClient.connect(
          {
            ...connection,
            user: person,
            password: `pw-${tag}-Rahasia1`,
            apiKey: undefined,
            protocol: 'jsonrpc',
          },
          logger,
        ),
      ).resolves.toBeTruthy();
    } finally {
      const ids = await admin.call<number[]>('res.users', 'search', [[['login', '=', person]]]);
      await admin
        .unlink('res.users', ids)
        .catch(() => admin.call('res.users', 'write', [ids, { active: false }]));
    }
  });
});
