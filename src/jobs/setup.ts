import { randomBytes } from 'node:crypto';
import { readHolidayFile } from '../connectors/data/holiday-file.js';
import { createOwnApiKey, ownApiKeyIds, removeOwnApiKeys } from '../connectors/odoo/api-keys.js';
import { type BranchSetup, createBranches, readBranchSetups } from '../connectors/odoo/branch-setup-store.js';
import type { OdooClient } from '../connectors/odoo/client.js';
import { ref } from '../connectors/odoo/external-ids.js';
import { OdooHolidayStore } from '../connectors/odoo/holiday-store.js';
import { isAdministrator, requireAdministrator } from '../connectors/odoo/identity.js';
import { readLanguage } from '../connectors/odoo/language.js';
import { readEffectiveGroupIds, readUsersByLogin, upsertUser } from '../connectors/odoo/users.js';
import { openReport } from '../connectors/reports/open-report.js';
import type { Logger } from '../logging/logger.js';
import { ODOO_XMLIDS } from '../module/odoo-models.js';
import { GROUPS } from '../module/security.js';
import { dealerCodeKey } from '../rules/dealer-code.js';
import { CDB_REQUIRED, type CdbField } from '../rules/import/cdb.js';
import type { ColumnAliases } from '../rules/import/layout.js';
import { cellText } from '../rules/import/normalize.js';
import { type ExtensionState, ensureExtension } from './daemon-start.js';
import { findLayout } from './import-pipeline.js';
import { ensureHolidays } from './load-holidays.js';

/** Setup stopped before writing anything to the user: the cause and the fix, for the command line (exit 2). */
export class SetupRefusal extends Error {
  override readonly name = 'SetupRefusal';
}

/** The name every key `setup` makes starts with: a re-run revokes the earlier ones. */
export const SETUP_KEY_PREFIX = 'h23-bridge';

export interface SetupRequest {
  /** Login of the technical user. */
  login: string;
  /** The dealer's date (names the key). */
  date: string;
  timeZone: string;
  /** Branches by dealer code, with a name where one was given. */
  branches: ReadonlyArray<{ dealerCode: string; name?: string }>;
  /** Logs in as the technical user with its password (a web session): keys are made by their owner only. */
  loginAs: (login: string, password: string) => Promise<OdooClient>;
  /** Hands the new key over (config file or screen) before the earlier keys are revoked. */
  deliver: (apiKey: string) => Promise<void>;
}

export interface SetupReport {
  extension: ExtensionState;
  user: { id: number; login: string; created: boolean };
  /** The technical user's new API key: Odoo shows it once. */
  apiKey: string;
  keyName: string;
  /** Earlier keys `setup` made for that user, revoked once the new one worked. */
  keysRevoked: number;
  branchesCreated: Array<{ dealerCode: string; name: string }>;
  branches: BranchSetup[];
  /** What is left to do in Odoo, in the order it matters. */
  todo: string[];
}

/**
 * The dealer's first setup, as an administrator: the extension installed (or upgraded), the
 * least-privilege technical user in the bridge group with an API key of its own (made as that
 * user, with a one-time random password nobody sees; an earlier setup's keys revoked), the
 * branches by dealer code, and the list of what only people can do in Odoo.
 */
export async function setupBridge(
  admin: OdooClient,
  logger: Logger,
  request: SetupRequest,
): Promise<SetupReport> {
  await requireAdministrator(admin, 'setup');
  const extension = await ensureExtension(admin, logger);
  // The company's holidays, which only an administrator may write: the bridge user reads them.
  await ensureHolidays(
    new OdooHolidayStore(admin),
    (year) => readHolidayFile(year),
    { today: request.date, timeZone: request.timeZone },
    logger,
  );

  // The branches first: a failure here leaves the bridge's current key working.
  const existing = await readBranchSetups(admin);
  const known = new Set(existing.flatMap((branch) => (branch.dealerCode ? [branch.dealerCode] : [])));
  const branchesCreated = uniqueByCode(request.branches)
    .filter((branch) => !known.has(branch.dealerCode))
    .map((branch) => ({ dealerCode: branch.dealerCode, name: branch.name ?? `Cabang ${branch.dealerCode}` }));
  await createBranches(admin, branchesCreated);
  const branches = branchesCreated.length ? await readBranchSetups(admin) : existing;

  await refuseTakeover(admin, request.login);
  const password = randomBytes(24).toString('base64url');
  // A user's language must be one the database has loaded (ensureExtension loads the bridge's).
  const lang =
    admin.language && (await readLanguage(admin, admin.language)).active ? admin.language : undefined;
  const user = await upsertUser(admin, {
    login: request.login,
    name: 'H23 Bridge (pengguna teknis)',
    password,
    groups: [ODOO_XMLIDS.internalUser, GROUPS.bridge],
    ...(lang ? { lang } : {}),
    tz: request.timeZone,
  });
  const bridge = await request.loginAs(request.login, password);
  const keyName = `${SETUP_KEY_PREFIX} ${request.date} ${randomBytes(3).toString('hex')}`;
  const apiKey = await createOwnApiKey(bridge, password, keyName);
  // Odoo shows a key once: it is handed over (written or printed) before the earlier ones go.
  await request.deliver(apiKey);
  const stale = await ownApiKeyIds(bridge, SETUP_KEY_PREFIX, keyName);
  await removeOwnApiKeys(bridge, password, stale);
  logger.info({ user: user.id, created: user.created, revoked: stale.length }, 'bridge user ready');

  return {
    extension,
    user: { id: user.id, login: request.login, created: user.created },
    apiKey,
    keyName,
    keysRevoked: stale.length,
    branchesCreated,
    branches,
    todo: leftToDo(branches),
  };
}

/**
 * Setup gives the technical user a new password nobody sees: never to a person's account. An
 * existing user is taken only when it is already a bridge user (in the bridge group), not the
 * administrator running setup, and not an administrator at all.
 */
async function refuseTakeover(admin: OdooClient, login: string): Promise<void> {
  const existing = (await readUsersByLogin(admin, [login])).get(login);
  if (!existing) return;
  const bridgeGroup = (await ref(admin, GROUPS.bridge))?.id;
  const why =
    existing.id === admin.uid
      ? 'it is the administrator running setup'
      : (await isAdministrator(admin, existing.id))
        ? 'it is an Odoo administrator'
        : bridgeGroup === undefined ||
            !(await readEffectiveGroupIds(admin, existing.id)).includes(bridgeGroup)
          ? 'it is not in the group "CRM H23 / Bridge (pengguna teknis)" (a person\'s account?)'
          : null;
  if (why)
    throw new SetupRefusal(
      `setup will not take over the existing user "${login}": ${why}. Choose another --login (the default is h23-bridge), or add that user to the bridge group in Odoo first if it is meant to be the bridge`,
    );
}

function uniqueByCode(
  branches: ReadonlyArray<{ dealerCode: string; name?: string }>,
): Array<{ dealerCode: string; name?: string }> {
  const byCode = new Map<string, { dealerCode: string; name?: string }>();
  for (const branch of branches) {
    const dealerCode = dealerCodeKey(branch.dealerCode);
    if (dealerCode && !byCode.has(dealerCode)) byCode.set(dealerCode, { ...branch, dealerCode });
  }
  return [...byCode.values()];
}

/** The roles the SOPs need per branch that only people can fill, in Odoo's own words. */
export function leftToDo(branches: readonly BranchSetup[]): string[] {
  if (branches.length === 0)
    return [
      'Create the branches: CRM H23 → Konfigurasi → Cabang, one per workshop with its Kode Dealer (or run setup again with --branch CODE=Name or --cdb FILE). Until then imported units are held and get no follow-up.',
    ];
  const todo: string[] = [];
  for (const branch of branches) {
    const where = `Cabang "${branch.name}"${branch.dealerCode ? ` (${branch.dealerCode})` : ' (no Kode Dealer: units cannot be placed in it)'}`;
    const missing = [
      branch.crmAdminIds.length === 0
        ? 'Admin CRM (who gets the KPB follow-ups; until set, they are held)'
        : '',
      branch.workshopAdminIds.length === 0 ? 'Admin Bengkel (who reviews WORs)' : '',
      branch.headId === null ? 'Kepala Cabang (gets the daily summary)' : '',
      branch.areaCoordinatorId === null ? 'Area Koordinator (in copy of the summary)' : '',
      branch.calendarId === null ? 'Kalender Kerja (else Monday–Saturday, no holidays)' : '',
    ].filter(Boolean);
    if (missing.length) todo.push(`${where}: set ${missing.join('; ')} — CRM H23 → Konfigurasi → Cabang.`);
  }
  if (todo.length)
    todo.push(
      'Give each of those people the matching group in Settings → Users (CRM H23 / Admin CRM, Admin Bengkel, PIC CRM, Kepala Cabang, Area Koordinator).',
    );
  return todo;
}

/** The dealer codes in a CDB report (its `sheet`, XLSX), with how many rows name each: the branches a first import needs. */
export async function dealerCodesInCdb(
  path: string,
  aliases: ColumnAliases<CdbField>,
  sheet?: string,
): Promise<Array<{ dealerCode: string; rows: number }>> {
  const source = await openReport(path, undefined, sheet ? { sheet } : {});
  const layout = await findLayout(source, aliases, CDB_REQUIRED, 'cdb');
  const column = layout.columns.dealerCode;
  if (column === undefined) return [];
  const counts = new Map<string, number>();
  for await (const row of source.rows()) {
    if (row.row <= layout.headerRow) continue;
    const code = dealerCodeKey(cellText(row.cells[column] ?? null));
    if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return [...counts.entries()].map(([dealerCode, rows]) => ({ dealerCode, rows }));
}
