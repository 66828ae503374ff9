import { API_KEY_DESCRIPTION, API_KEYS, IDENTITY_CHECK, WINDOW_ACTION } from '../../module/odoo-models.js';
import { BRIDGE_KEY_DAYS } from '../../module/security.js';
import type { OdooClient } from './client.js';
import { encodeValues, fieldNames } from './schema-codec.js';

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

/** The window action a `@check_identity` method or `make_key` answers: fields of `ir.actions.act_window`. */
type WindowAction = Readonly<Record<string, unknown>>;

/** The wizard a window action opens, if it is the identity check's. */
function identityCheckOf(action: unknown): number | null {
  if (typeof action !== 'object' || action === null) return null;
  const shown = action as WindowAction;
  const wizard = shown[WINDOW_ACTION.f.resId];
  return shown[WINDOW_ACTION.f.resModel] === IDENTITY_CHECK.model && typeof wizard === 'number'
    ? wizard
    : null;
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
  const wizard = identityCheckOf(asked);
  if (wizard === null) return asked;
  if (client.dialect.identityCheckPassword === 'field') {
    await client.call(IDENTITY_CHECK.model, 'write', [[wizard], encodeValues(IDENTITY_CHECK, { password })]);
    return client.call(IDENTITY_CHECK.model, 'run_check', [[wizard]], {}, { idempotent: false });
  }
  return client.call(
    IDENTITY_CHECK.model,
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
    API_KEY_DESCRIPTION.model,
    'fields_get',
    [fieldNames(API_KEY_DESCRIPTION, ['duration'])],
    { attributes: ['selection'] },
  );
  const days = (fields[API_KEY_DESCRIPTION.f.duration]?.selection ?? [])
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
  const description = await client.createOne(
    API_KEY_DESCRIPTION.model,
    encodeValues(API_KEY_DESCRIPTION, { name, ...(duration ? { duration } : {}) }),
  );
  const shown = (await withIdentityCheck<WindowAction>(
    client,
    password,
    API_KEY_DESCRIPTION.model,
    'make_key',
    [description],
  )) as WindowAction | undefined;
  const context = shown?.[WINDOW_ACTION.f.context] as Record<string, unknown> | undefined;
  const key = context?.default_key;
  if (typeof key !== 'string' || key.length === 0)
    throw new Error('Odoo made no API key (make_key answered without one)');
  return key;
}

/** The connected user's keys whose name starts with `prefix`, but for `keep`. */
export async function ownApiKeyIds(client: OdooClient, prefix: string, keep: string): Promise<number[]> {
  const keys = await client.searchRead(
    API_KEYS.model,
    [
      [API_KEYS.f.user, '=', client.uid],
      [API_KEYS.f.name, '=like', `${prefix}%`],
    ],
    fieldNames(API_KEYS, ['name']),
  );
  return keys.filter((key) => key[API_KEYS.f.name] !== keep).map((key) => key.id);
}

/** Revokes keys of the connected user (logged in with `password`). */
export async function removeOwnApiKeys(
  client: OdooClient,
  password: string,
  ids: readonly number[],
): Promise<void> {
  if (ids.length > 0) await withIdentityCheck(client, password, API_KEYS.model, 'remove', ids);
}
