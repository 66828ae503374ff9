import { expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { readBranchSetups } from '../../src/connectors/odoo/branch-setup-store.js';
import { OdooClient } from '../../src/connectors/odoo/client.js';
import { countUnits } from '../../src/connectors/odoo/demo-store.js';
import { connectionFromConfig } from '../../src/connectors/odoo/from-config.js';
import { readUsersByLogin } from '../../src/connectors/odoo/users.js';
import { DEMO_BRANCHES, runDemo } from '../../src/jobs/demo.js';
import { silentLogger } from '../../src/logging/logger.js';
import { describeLive } from './live-env.js';

describeLive('demo against a real Odoo', (odoo) => {
  it("refuses a database that holds a dealer's units, before writing anything", async () => {
    const logger = silentLogger();
    const connection = connectionFromConfig(odoo);
    const admin = await OdooClient.connect(connection, logger);
    const codes = new Set<string>(DEMO_BRANCHES.map((branch) => branch.dealerCode));
    // The live suites' database holds units of other tests; a demo database is the one case it runs on.
    if ((await readUsersByLogin(admin, ['demo.pic'])).size > 0 || (await countUnits(admin)) === 0) return;
    const config = loadConfig({ env: { ODOO_URL: odoo.url, ODOO_DB: odoo.db, ODOO_API_KEY: 'unused' } });
    await expect(
      runDemo(admin, logger, { today: '2026-12-01', units: 20, days: 1, connection, config }),
    ).rejects.toThrow(/this database holds a dealer's data \(\d+ units, \d+ contacts\).*throw-away database/);
    expect((await readBranchSetups(admin)).filter((b) => b.dealerCode && codes.has(b.dealerCode))).toEqual(
      [],
    );
    expect((await readUsersByLogin(admin, ['demo.pic', 'demo.crm1'])).size).toBe(0);
  });
});
