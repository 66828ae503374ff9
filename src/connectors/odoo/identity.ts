import type { OdooClient } from './client.js';
import { OdooError } from './errors.js';
import { ref } from './external-ids.js';
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

/** The connected user, with the full names of its groups (implied ones included). */
export async function readCurrentUser(client: OdooClient): Promise<UserSummary> {
  const groupField = client.dialect.effectiveGroupsField;
  const [user] = await client.read<{ id: number; login: string; name: string } & Record<string, unknown>>(
    'res.users',
    [client.uid],
    ['login', 'name', groupField],
  );
  if (!user) return { id: client.uid, login: '', name: '', groups: [] };
  const groupIds = Array.isArray(user[groupField]) ? (user[groupField] as number[]) : [];
  const groups = await client.read<{ id: number; full_name: string }>('res.groups', groupIds, ['full_name']);
  return {
    id: user.id,
    login: user.login,
    name: user.name,
    groups: groups.map((group) => group.full_name).sort(),
  };
}

/** The user's own API keys (Odoo shows a user only its own, administrators all: filter by uid). */
export async function readApiKeys(client: OdooClient): Promise<ApiKeySummary[]> {
  const keys = await client.searchRead<{ id: number; name: string; expiration_date?: string | false }>(
    'res.users.apikeys',
    [['user_id', '=', client.uid]],
    client.dialect.apiKeyExpiry ? ['name', 'expiration_date'] : ['name'],
  );
  return keys.map((key) => ({ name: key.name, expiresAt: key.expiration_date || null }));
}

export type Operation = 'read' | 'write' | 'create' | 'unlink';

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
  return client.searchCount('ir.model.data', [['module', '=', module]]);
}

/** Whether the connected user is an Odoo administrator (Settings), who may install the extension. */
export async function isAdministrator(client: OdooClient, userId = client.uid): Promise<boolean> {
  const system = await ref(client, 'base.group_system');
  return system !== null && (await readEffectiveGroupIds(client, userId)).includes(system.id);
}

/**
 * Stops work only an administrator may do (installing the extension, its automation rules,
 * the bridge user) before Odoo answers with its own "You are not allowed to access 'Models'",
 * which names neither the cause nor the fix.
 */
export async function requireAdministrator(client: OdooClient, command: string): Promise<void> {
  if (await isAdministrator(client)) return;
  const [user] = await client.read<{ id: number; login: string }>('res.users', [client.uid], ['login']);
  throw new OdooError({
    code: 'access',
    message:
      `\`h23-bridge ${command}\` needs an Odoo administrator (Settings rights); the credentials in use are ` +
      `those of "${user?.login ?? client.uid}", who is not one. Run it with an administrator's login and API key, ` +
      `e.g. ODOO_USER=admin ODOO_API_KEY=<the administrator's key> npx h23-bridge ${command}`,
  });
}
