import { BRIDGE_KEY_DAYS } from '../../module/security.js';
import type { OdooClient } from './client.js';

/**
 * API keys of the connected user, made and revoked the way Preferences → Account Security
 * does, for users who log in with a password (Odoo facts, `res_users.py` 17–19):
 * - Odoo makes a key only for the user asking, in `res.users.apikeys.description.make_key`,
 *   and removes one in `res.users.apikeys.remove`; both are `@check_identity`: without a
 *   recent password check in the HTTP session they return the `res.users.identitycheck`
 *   wizard's action instead, and `run_check` on that wizard runs the method once the password
 *   is right. Every `/jsonrpc` call is a session of its own, so each call gets its wizard.
 * - The password goes in the wizard's `password` field on 17 and 18, in the context of
 *   `run_check` on 19 (the dialect's `identityCheckPassword`).
 * - From 18, a key has a `duration` (days, as a string; the longest a non-administrator may
 *   choose is its groups' `api_key_duration`); 17's keys never expire.
 */

interface WindowAction {
  res_model?: string;
  res_id?: number;
  context?: Record<string, unknown>;
}

/** Runs a `@check_identity` method with the user's password: the method's own result. */
async function withIdentityCheck<T>(
  client: OdooClient,
  password: string,
  model: string,
  method: string,
  ids: readonly number[],
): Promise<T | WindowAction> {
  const asked = await client.call<WindowAction | T>(model, method, [[...ids]], {}, { idempotent: false });
  const action = asked as WindowAction;
  if (action?.res_model !== 'res.users.identitycheck' || typeof action.res_id !== 'number') return asked;
  const wizard = action.res_id;
  if (client.dialect.identityCheckPassword === 'field') {
    await client.call('res.users.identitycheck', 'write', [[wizard], { password }]);
    return client.call('res.users.identitycheck', 'run_check', [[wizard]], {}, { idempotent: false });
  }
  return client.call(
    'res.users.identitycheck',
    'run_check',
    [[wizard]],
    {},
    { idempotent: false, context: { password } },
  );
}

/** The longest key life this user may choose, in days (`duration` choices), or null where keys never expire. */
async function longestDuration(client: OdooClient): Promise<string | null> {
  if (!client.dialect.apiKeyExpiry) return null;
  const fields = await client.call<Record<string, { selection?: Array<[string, string]> }>>(
    'res.users.apikeys.description',
    'fields_get',
    [['duration']],
    { attributes: ['selection'] },
  );
  const days = (fields.duration?.selection ?? [])
    .map(([value]) => Number(value))
    .filter((value) => Number.isInteger(value) && value > 0);
  // Never longer than the bridge group allows (a later Odoo may offer longer choices, and
  // make_key would refuse them: "You cannot exceed … days").
  const allowed = days.filter((value) => value <= BRIDGE_KEY_DAYS);
  return allowed.length ? String(Math.max(...allowed)) : null;
}

/**
 * Makes an API key for the connected user (logged in with `password`), with the longest life
 * it may have, and returns it: Odoo shows a key once and stores only its hash.
 */
export async function createOwnApiKey(client: OdooClient, password: string, name: string): Promise<string> {
  const duration = await longestDuration(client);
  const description = await client.createOne('res.users.apikeys.description', {
    name,
    ...(duration ? { duration } : {}),
  });
  const shown = (await withIdentityCheck<WindowAction>(
    client,
    password,
    'res.users.apikeys.description',
    'make_key',
    [description],
  )) as WindowAction;
  const key = shown?.context?.default_key;
  if (typeof key !== 'string' || key.length === 0)
    throw new Error('Odoo made no API key (make_key answered without one)');
  return key;
}

/** The connected user's keys whose name starts with `prefix`, but for `keep`. */
export async function ownApiKeyIds(client: OdooClient, prefix: string, keep: string): Promise<number[]> {
  const keys = await client.searchRead<{ id: number; name: string }>(
    'res.users.apikeys',
    [
      ['user_id', '=', client.uid],
      ['name', '=like', `${prefix}%`],
    ],
    ['name'],
  );
  return keys.filter((key) => key.name !== keep).map((key) => key.id);
}

/** Revokes keys of the connected user (logged in with `password`). */
export async function removeOwnApiKeys(
  client: OdooClient,
  password: string,
  ids: readonly number[],
): Promise<void> {
  if (ids.length > 0) await withIdentityCheck(client, password, 'res.users.apikeys', 'remove', ids);
}
