import { USERS } from '../../module/odoo-models.js';
import type { Domain, OdooClient } from './client.js';
import { x2many } from './commands.js';
import { resolveXmlids } from './external-ids.js';
import { decodeRecord, decodeValue, encodeValues, fieldNames } from './schema-codec.js';

/** A user as setup and demo need it. */
export interface UserRecord {
  id: number;
  login: string;
  name: string;
  /** Ids of the groups given directly (not the implied ones). */
  groupIds: number[];
}

export interface NewUser {
  login: string;
  name: string;
  password: string;
  /** External IDs of the groups (`base.group_user`, `h23_crm.group_bridge`, …). */
  groups: readonly string[];
  lang?: string;
  tz?: string;
}

const USER_FIELDS = ['login', 'name'] as const;

/** Users by login, archived ones included (a login is unique among all of them). */
export async function readUsersByLogin(
  client: OdooClient,
  logins: readonly string[],
): Promise<Map<string, UserRecord>> {
  if (logins.length === 0) return new Map();
  // The groups field is the dialect's choice among the schema's (`groups_id` up to 18, `group_ids` from 19).
  const field = client.dialect.groupsField;
  const rows = await client.searchRead(
    USERS.model,
    [[USERS.f.login, 'in', [...logins]]],
    [...fieldNames(USERS, USER_FIELDS), field],
    { context: { active_test: false } },
  );
  return new Map(
    rows.map((row) => {
      const user = decodeRecord(USERS, USER_FIELDS, row);
      const record: UserRecord = {
        id: user.id,
        login: user.login ?? '',
        name: user.name ?? '',
        groupIds: decodeValue('many2many', row[field]) as number[],
      };
      return [record.login, record];
    }),
  );
}

/** The groups' ids, one read for all of them. */
async function groupIds(client: OdooClient, xmlids: readonly string[]): Promise<number[]> {
  const found = await resolveXmlids(client, xmlids);
  return xmlids.map((xmlid) => {
    const group = found.get(xmlid);
    if (!group) throw new Error(`group ${xmlid} is missing in this database: run \`npx h23-bridge install\``);
    return group.id;
  });
}

/** Creates the user, or brings an existing one (by login) back: active, these groups added, this password. */
export async function upsertUser(
  client: OdooClient,
  user: NewUser,
): Promise<{ id: number; created: boolean }> {
  const groups = await groupIds(client, user.groups);
  const field = client.dialect.groupsField;
  const existing = (await readUsersByLogin(client, [user.login])).get(user.login);
  const common = encodeValues(USERS, {
    password: user.password,
    ...(user.lang ? { lang: user.lang } : {}),
    ...(user.tz ? { tz: user.tz } : {}),
  });
  if (existing) {
    await client.call(USERS.model, 'write', [
      [existing.id],
      { ...common, ...encodeValues(USERS, { active: true }), [field]: groups.map((id) => [4, id]) },
    ]);
    return { id: existing.id, created: false };
  }
  // One record: Odoo's own refusal (a login taken by a portal user, a password policy) is thrown as it is.
  const id = await client.createOne(USERS.model, {
    ...common,
    ...encodeValues(USERS, { login: user.login, name: user.name }),
    [field]: [x2many.set(groups)],
  });
  return { id, created: true };
}

/** A user's groups, the implied ones included. */
export async function readEffectiveGroupIds(client: OdooClient, userId: number): Promise<number[]> {
  const field = client.dialect.effectiveGroupsField;
  const [user] = await client.read(USERS.model, [userId], [field]);
  return decodeValue('many2many', user?.[field]) as number[];
}

/** The internal users in a group, given it directly or through a group that implies it. */
export function groupMembersDomain(client: OdooClient, groupId: number): Domain {
  return [
    [client.dialect.effectiveGroupsField, 'in', [groupId]],
    [USERS.f.share, '=', false],
  ];
}
