import {
  ACTIVITY,
  API_KEYS,
  GROUPS,
  MODEL_DATA,
  ODOO_XMLIDS,
  PARTNER,
  USERS,
} from '../../module/odoo-models.js';
import type { OdooClient } from './client.js';
import { OdooError } from './errors.js';
import { ref } from './external-ids.js';
import { decodeRecord, decodeValue, fieldNames } from './schema-codec.js';
import { readEffectiveGroupIds } from './users.js';

export interface UserSummary {
  id: number;
  login: string;
  name: string;
  groups: string[];
}

export interface ApiKeySummary {
  name: string;
  /** UTC, `YYYY-MM-DD HH:MM:SS`; null for a key that never expires. */
  expiresAt: string | null;
}

const USER_FIELDS = ['login', 'name'] as const;

/** The connected user, with the full names of its groups (implied ones included). */
export async function readCurrentUser(client: OdooClient): Promise<UserSummary> {
  const groupField = client.dialect.effectiveGroupsField;
  const [raw] = await client.read(USERS.model, [client.uid], [...fieldNames(USERS, USER_FIELDS), groupField]);
  if (!raw) return { id: client.uid, login: '', name: '', groups: [] };
  const user = decodeRecord(USERS, USER_FIELDS, raw);
  const groupIds = decodeValue('many2many', raw[groupField]) as number[];
  const groups = await client.read(GROUPS.model, groupIds, fieldNames(GROUPS, ['fullName']));
  return {
    id: user.id,
    login: user.login ?? '',
    name: user.name ?? '',
    groups: groups.map((group) => decodeRecord(GROUPS, ['fullName'], group).fullName ?? '').sort(),
  };
}

/** The user's own API keys (Odoo shows a user only its own, administrators all: filter by uid). */
export async function readApiKeys(client: OdooClient): Promise<ApiKeySummary[]> {
  const fields = client.dialect.apiKeyExpiry ? (['name', 'expirationDate'] as const) : (['name'] as const);
  const keys = await client.searchRead(
    API_KEYS.model,
    [[API_KEYS.f.user, '=', client.uid]],
    fieldNames(API_KEYS, fields),
  );
  return keys.map((raw) => {
    const key = decodeRecord(API_KEYS, ['name', 'expirationDate'], raw);
    return { name: key.name ?? '', expiresAt: key.expirationDate };
  });
}

export type Operation = 'read' | 'write' | 'create' | 'unlink';

/** Rights the daily jobs need on standard models; the module's own models come with its bridge group. */
export const BRIDGE_STANDARD_ACCESS: ReadonlyArray<{ model: string; operations: Operation[] }> = [
  { model: PARTNER.model, operations: ['read', 'write', 'create'] },
  { model: ACTIVITY.model, operations: ['read', 'write', 'create'] },
  { model: MODEL_DATA.model, operations: ['read'] },
];

/** The standard rights of BRIDGE_STANDARD_ACCESS the connected user lacks (`write mail.activity`), in its order. */
export async function missingStandardRights(client: OdooClient): Promise<string[]> {
  const missing: string[] = [];
  for (const { model, operations } of BRIDGE_STANDARD_ACCESS) {
    for (const operation of operations) {
      if (!(await hasModelAccess(client, model, operation))) missing.push(`${operation} ${model}`);
    }
  }
  return missing;
}

/** Whether the user may do `operation` on `model` (model access rights, not record rules). */
export async function hasModelAccess(
  client: OdooClient,
  model: string,
  operation: Operation,
): Promise<boolean> {
  if (client.dialect.accessCheck === 'has_access')
    return client.call<boolean>(model, 'has_access', [[]], { operation });
  return client.call<boolean>(model, 'check_access_rights', [], { operation, raise_exception: false });
}

/** Whether the extension module (external IDs under `h23_crm`) is present in this database. */
export async function countModuleRecords(client: OdooClient, module: string): Promise<number> {
  return client.searchCount(MODEL_DATA.model, [[MODEL_DATA.f.module, '=', module]]);
}

/** Whether the connected user is an Odoo administrator (Settings), who may install the extension. */
export async function isAdministrator(client: OdooClient, userId = client.uid): Promise<boolean> {
  const system = await ref(client, ODOO_XMLIDS.settings);
  return system !== null && (await readEffectiveGroupIds(client, userId)).includes(system.id);
}

/**
 * Stops work only an administrator may do (installing the extension, its automation rules,
 * the bridge user) before Odoo answers with its own "You are not allowed to access 'Models'",
 * which names neither the cause nor the fix.
 */
export async function requireAdministrator(client: OdooClient, command: string): Promise<void> {
  if (await isAdministrator(client)) return;
  const [raw] = await client.read(USERS.model, [client.uid], fieldNames(USERS, ['login']));
  const user = raw ? decodeRecord(USERS, ['login'], raw) : undefined;
  throw new OdooError({
    code: 'access',
    message:
      `\`h23-bridge ${command}\` needs an Odoo administrator (Settings rights); the credentials in use are ` +
      `those of "${user?.login ?? client.uid}", who is not one. Run it with an administrator's login and API key, ` +
      `e.g. ODOO_USER=admin ODOO_API_KEY=<the administrator's key> npx h23-bridge ${command}`,
  });
}
