import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../config/schema.js';
import { createBranches, readBranchSetups, staffBranch } from '../connectors/odoo/branch-setup-store.js';
import { OdooClient, type OdooConnection } from '../connectors/odoo/client.js';
import {
  countPartners,
  countUnits,
  openFollowUpsDueBy,
  recordResults,
} from '../connectors/odoo/demo-store.js';
import { requireAdministrator } from '../connectors/odoo/identity.js';
import { readLanguage } from '../connectors/odoo/language.js';
import { LeaseStore } from '../connectors/odoo/lease-store.js';
import { readUsersByLogin, upsertUser } from '../connectors/odoo/users.js';
import type { Logger } from '../logging/logger.js';
import { ODOO_XMLIDS } from '../module/odoo-models.js';
import { GROUPS } from '../module/security.js';
import { demoAdminWork } from '../rules/demo/admin-work.js';
import { addDays } from '../rules/followup/calendar.js';
import { LEASE_KEY, leaseHolderName, runOnce } from './daemon.js';
import { ensureExtension } from './daemon-start.js';
import { importFile } from './import-run.js';
import { writeSample } from './sample.js';

/** The sample's dealer codes (src/sample/generate.ts), each a demo branch. */
type Role = 'pic' | 'crm1' | 'crm2' | 'crm3' | 'bengkel' | 'kepala' | 'koordinator';

export const DEMO_BRANCHES: ReadonlyArray<{ dealerCode: string; name: string; crmAdmin: Role }> = [
  { dealerCode: 'AHS01', name: 'AHASS Demo Sudirman', crmAdmin: 'crm1' },
  { dealerCode: 'AHS02', name: 'AHASS Demo Kaliurang', crmAdmin: 'crm2' },
  { dealerCode: 'AHS03', name: 'AHASS Demo Godean', crmAdmin: 'crm3' },
];

/** One user per role; a CRM admin per branch, so each sees their own follow-ups. */
export const DEMO_USERS: ReadonlyArray<{ role: Role; name: string; group: string; title: string }> = [
  { role: 'pic', name: 'Dewi Lestari', group: GROUPS.pic, title: 'PIC CRM' },
  { role: 'crm1', name: 'Siti Nurhaliza', group: GROUPS.crmAdmin, title: 'Admin CRM, AHASS Demo Sudirman' },
  { role: 'crm2', name: 'Rina Wulandari', group: GROUPS.crmAdmin, title: 'Admin CRM, AHASS Demo Kaliurang' },
  { role: 'crm3', name: 'Agus Prasetyo', group: GROUPS.crmAdmin, title: 'Admin CRM, AHASS Demo Godean' },
  {
    role: 'bengkel',
    name: 'Joko Susanto',
    group: GROUPS.workshopAdmin,
    title: 'Admin Bengkel, all branches',
  },
  { role: 'kepala', name: 'Bambang Wijaya', group: GROUPS.branchHead, title: 'Kepala Cabang, all branches' },
  { role: 'koordinator', name: 'Hendra Gunawan', group: GROUPS.areaCoordinator, title: 'Area Koordinator' },
];

export const demoLogin = (role: Role) => `demo.${role}`;
/** Known passwords: the demo is for a throw-away database, and people log in to look around. */
export const demoPassword = (role: Role) => `h23-demo-${role}`;

/** The demo stopped before writing anything, with the cause and the fix. */
export class DemoRefusal extends Error {
  override readonly name = 'DemoRefusal';

  constructor(
    readonly reason: 'working-database' | 'lease-held',
    message: string,
  ) {
    super(message);
  }
}

/** More contacts than this, and no demo user: a working database, not a throw-away one. */
const WORKING_DATABASE_PARTNERS = 300;

export interface DemoRequest {
  today: string;
  units: number;
  /** Days the daemon runs for, ending today. */
  days: number;
  connection: OdooConnection;
  config: Config;
}

export interface DemoReport {
  dates: string[];
  users: Array<{ login: string; password: string; title: string }>;
  branches: string[];
  imported: { cdb: number; a2: number };
  resultsRecorded: number;
  followUpsOpen: number;
}

/**
 * The product at work on a throw-away database: branches, one user per role (in the
 * bridge's language), the sample's CDB and A2 imported, and the daemon's jobs run over the
 * last days, with the CRM admins' results of the first two recorded in their name
 * so that bookings, SOP activities and summaries exist. Keyed like every job: a re-run
 * adds nothing twice. Refuses a database that holds a dealer's own data.
 */
export async function runDemo(admin: OdooClient, logger: Logger, request: DemoRequest): Promise<DemoReport> {
  await requireAdministrator(admin, 'demo');
  // Before anything is written, the extension included: a dealer's working database is refused.
  // A demo database is one an earlier demo made (its PIC user exists).
  const isDemo = (await readUsersByLogin(admin, [demoLogin('pic')])).size > 0;
  if (!isDemo) {
    const [units, partners] = [await countUnits(admin), await countPartners(admin)];
    if (units > 0 || partners > WORKING_DATABASE_PARTNERS)
      throw new DemoRefusal(
        'working-database',
        `this database holds a dealer's data (${units} units, ${partners} contacts): the demo writes sample customers and users with known passwords, so run it on a throw-away database (Odoo's database manager → Create Database, with the modules of the README)`,
      );
  }
  await ensureExtension(admin, logger);
  // The demo runs the daemon's jobs as of past dates under the lease: a daemon at work on this
  // database would hold it all along. Said before anything is written.
  const lease = await new LeaseStore(admin, LEASE_KEY).acquire(
    leaseHolderName(),
    request.config.daemon.leaseSeconds * 1000,
  );
  if (!lease.held)
    throw new DemoRefusal(
      'lease-held',
      `a daemon runs on this database (${lease.holder}, lease until ${lease.until ? new Date(lease.until).toISOString() : '?'}): stop it (Ctrl-C in its terminal, or systemctl stop), run the demo, then start it again`,
    );
  const existing = await readBranchSetups(admin);
  const demoCodes = new Set<string>(DEMO_BRANCHES.map((branch) => branch.dealerCode));

  const lang =
    admin.language && (await readLanguage(admin, admin.language)).active ? admin.language : undefined;
  const userIds = new Map<Role, number>();
  for (const user of DEMO_USERS) {
    const { id } = await upsertUser(admin, {
      login: demoLogin(user.role),
      name: user.name,
      password: demoPassword(user.role),
      groups: [ODOO_XMLIDS.internalUser, user.group],
      ...(lang ? { lang } : {}),
      tz: request.config.odoo.tz,
    });
    userIds.set(user.role, id);
  }
  const known = new Set(existing.map((branch) => branch.dealerCode));
  await createBranches(
    admin,
    DEMO_BRANCHES.filter((branch) => !known.has(branch.dealerCode)).map(({ dealerCode, name }) => ({
      dealerCode,
      name,
    })),
  );
  const branches = (await readBranchSetups(admin)).filter(
    (branch) => branch.dealerCode && demoCodes.has(branch.dealerCode),
  );
  for (const branch of branches) {
    const own = (role: Role) => userIds.get(role) as number;
    const crmAdmin = DEMO_BRANCHES.find((demo) => demo.dealerCode === branch.dealerCode)?.crmAdmin ?? 'crm1';
    await staffBranch(admin, branch.id, {
      crmAdminIds: [own(crmAdmin)],
      workshopAdminIds: [own('bengkel')],
      headId: own('kepala'),
      areaCoordinatorId: own('koordinator'),
    });
  }

  const folder = await mkdtemp(join(tmpdir(), 'h23-demo-'));
  const report: DemoReport = {
    dates: Array.from({ length: request.days }, (_, index) =>
      addDays(request.today, index - request.days + 1),
    ),
    users: DEMO_USERS.map((user) => ({
      login: demoLogin(user.role),
      password: demoPassword(user.role),
      title: `${user.name}, ${user.title}`,
    })),
    branches: branches.map((branch) => `${branch.dealerCode} ${branch.name}`),
    imported: { cdb: 0, a2: 0 },
    resultsRecorded: 0,
    followUpsOpen: 0,
  };
  try {
    // Clean files: the demo shows the work, `h23-bridge sample --dirty` shows the quarantine.
    const files = await writeSample({
      units: request.units,
      out: folder,
      seed: 23,
      today: request.today,
      format: 'xlsx',
      dirtyShare: 0,
    });
    for (const kind of ['cdb', 'a2'] as const) {
      const run = await importFile(admin, logger, request.config.import, {
        path: files[kind],
        kind,
        today: request.today,
        dryRun: false,
        recordBatch: true,
        fileName: `${kind}-demo.xlsx`,
      });
      report.imported[kind] = run.summary.counts.rows;
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }

  const admins = new Map<number, OdooClient>();
  const adminClient = async (userId: number): Promise<OdooClient | undefined> => {
    const role = [...userIds.entries()].find(([, id]) => id === userId)?.[0];
    if (!role) return undefined;
    let client = admins.get(userId);
    if (!client) {
      client = await OdooClient.connect(
        {
          ...request.connection,
          user: demoLogin(role),
          password: demoPassword(role),
          apiKey: undefined,
          protocol: 'jsonrpc',
        },
        logger,
      );
      admins.set(userId, client);
    }
    return client;
  };
  for (const [index, date] of report.dates.entries()) {
    await runOnce(admin, logger, request.config, date);
    if (index === report.dates.length - 1) break;
    // The admins' day: results on what was due, in their own name.
    const due = await openFollowUpsDueBy(admin, date);
    const work = demoAdminWork(due, date, request.config.odoo.tz);
    const adminOf = new Map(due.map((followUp) => [followUp.id, followUp.adminId]));
    for (const userId of new Set(due.flatMap((followUp) => (followUp.adminId ? [followUp.adminId] : [])))) {
      const client = await adminClient(userId);
      if (client)
        report.resultsRecorded += await recordResults(
          client,
          work.filter((item) => adminOf.get(item.followUpId) === userId),
        );
    }
  }
  report.followUpsOpen = (await openFollowUpsDueBy(admin, request.today)).length;
  return report;
}
