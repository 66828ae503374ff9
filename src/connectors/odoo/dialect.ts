import { CRM_STAGE, PARTNER, USERS } from '../../module/odoo-models.js';

/**
 * What differs between the Odoo versions the bridge supports, in one place.
 * Every fact names the versions it holds for and where it was seen; callers ask
 * the dialect (`client.dialect`) instead of comparing version numbers.
 */

/** The oldest Odoo the bridge is written and tested for. */
export const OLDEST_SUPPORTED_MAJOR = 17;
/** The newest Odoo the bridge has been run against in full. */
export const NEWEST_VERIFIED_MAJOR = 19;

export type Support = 'supported' | 'unsupported' | 'unverified';

/** The facts name fields declared in the schema (`src/module/odoo-models.ts`), and choose among them. */
type UsersField<K extends keyof typeof USERS.f> = (typeof USERS.f)[K];
type PartnerPhoneField = typeof PARTNER.f.phone | typeof PARTNER.f.mobile;

export interface Dialect {
  major: number;
  /** supported: 17–19; unsupported: 16 and older; unverified: 20 and newer (may work, not tested). */
  support: Support;
  /**
   * The many2many of groups on `res.users`, `ir.ui.menu`, `ir.ui.view` and `ir.actions`:
   * `groups_id` up to 18, renamed `group_ids` in 19.
   */
  groupsField: UsersField<'groupsFrom19' | 'groupsUpTo18'>;
  /**
   * A user's groups with the implied ones: 19 added `res.users.all_group_ids`; up to 18
   * `groups_id` already holds the implied groups (Odoo adds them on write).
   */
  effectiveGroupsField: UsersField<'allGroups' | 'groupsUpTo18'>;
  /**
   * How the module's groups are grouped in the user form. 19: under a `res.groups.privilege`
   * of its own (`privilege_id`). 17 and 18 group by `ir.module.category`, which nobody may
   * create over RPC (base's access rights give read only, to Access Rights managers): the
   * groups stay without a category and carry the application's name in their own
   * (`CRM H23 / Admin CRM`, the full name 19 shows too).
   */
  groupGrouping: 'privilege' | 'name';
  /** `res.groups.sequence` (order of groups within the privilege) exists from 19 on. */
  groupSequence: boolean;
  /** The list view's arch tag and view type: `tree` up to 17, renamed `list` in 18. */
  listView: 'list' | 'tree';
  /** Form chatter: 18 added the `<chatter/>` shorthand; 17 needs the three fields in `div.oe_chatter`. */
  chatter: string;
  /**
   * Kanban card template: 18 renders `<t t-name="card">` and opens the record on click;
   * 17 renders `kanban-box` and needs `oe_kanban_global_click` on the card for the click.
   */
  kanbanCard: { template: 'card' | 'kanban-box'; clickClass: string };
  /**
   * Grouped counts: 19 added `formatted_read_group(domain, groupby, aggregates)` and
   * deprecated `read_group`; up to 18 `read_group(domain, fields, groupby, lazy=False)`
   * answers the count as `__count` (lazy gives `<field>_count`).
   */
  readGroup: 'formatted_read_group' | 'read_group';
  /**
   * Model access check without raising: 18 added `has_access(operation)` on recordsets;
   * 17 has `check_access_rights(operation, raise_exception=False)` on the model.
   */
  accessCheck: 'has_access' | 'check_access_rights';
  /**
   * Where a partner's phone numbers live: 17 and 18 have `phone` and `mobile` (Indonesian
   * dealers keep the HP number in `mobile`); 19 removed `res.partner.mobile`.
   */
  partnerPhoneFields: readonly PartnerPhoneField[];
  /** The field a new owner's HP (mobile) number goes to: `mobile` where it exists. */
  partnerMobileField: PartnerPhoneField;
  /**
   * Who deletes the merged contacts in Odoo's partner merge (base wizard/base_partner_merge.py
   * `_merge`): 17 and 18 `src_partners.unlink()` as the merging user (who needs unlink on
   * res.partner); 19 `src_partners.sudo().unlink()`.
   */
  partnerMergeUnlink: 'as_user' | 'sudo';
  /**
   * What marking an activity done does: 19 always archives it (`active` false, kept as
   * history); 17 and 18 delete it unless its type has `keep_done`, which the module sets.
   */
  doneActivities: 'archived' | 'keep_done';
  /** JSON-2 (`/json/2/<model>/<method>`, bearer API key) exists from 19 on. */
  json2: boolean;
  /**
   * API keys expire: 18 added `res.users.apikeys.expiration_date` (and the wizard's
   * `duration`); 17's keys never expire and have no such field.
   */
  apiKeyExpiry: boolean;
  /**
   * The identity check before a new API key (`res.users.identitycheck`): 18 reads the
   * password from the wizard's `password` field; 19 from the context key `password`.
   */
  identityCheckPassword: 'field' | 'context';
  /**
   * Server actions of type `webhook` (Send Webhook Notification), used by `base.automation`,
   * exist from 17 on.
   */
  webhookAction: boolean;
  /**
   * 17 and 18's base_automation computes the name of a rule's server action from its type
   * ("Send Webhook Notification", recomputed on every write of the URL): a name of one's own
   * does not stay. 19 leaves the name as written.
   */
  automationActionNames: 'computed' | 'free';
  /**
   * Attendance lines of one resource inside a calendar (`resource_id` on
   * resource.calendar.attendance): 17 and 18 have them; 19 removed the field.
   */
  attendanceResource: boolean;
  /**
   * A CRM stage's sales team: `team_id` (one team) on 17 and 18; 19 made it `team_ids`
   * (many2many).
   */
  stageTeams: (typeof CRM_STAGE.f)['team' | 'teams'];
}

export function dialectFor(major: number): Dialect {
  const support: Support =
    major < OLDEST_SUPPORTED_MAJOR
      ? 'unsupported'
      : major > NEWEST_VERIFIED_MAJOR
        ? 'unverified'
        : 'supported';
  const from18 = major >= 18;
  const from19 = major >= 19;
  return {
    major,
    support,
    groupsField: from19 ? USERS.f.groupsFrom19 : USERS.f.groupsUpTo18,
    effectiveGroupsField: from19 ? USERS.f.allGroups : USERS.f.groupsUpTo18,
    groupGrouping: from19 ? 'privilege' : 'name',
    groupSequence: from19,
    listView: from18 ? 'list' : 'tree',
    chatter: from18
      ? '<chatter/>'
      : '<div class="oe_chatter"><field name="message_follower_ids"/><field name="activity_ids"/><field name="message_ids"/></div>',
    kanbanCard: from18
      ? { template: 'card', clickClass: '' }
      : { template: 'kanban-box', clickClass: 'oe_kanban_global_click' },
    readGroup: from19 ? 'formatted_read_group' : 'read_group',
    accessCheck: from18 ? 'has_access' : 'check_access_rights',
    partnerPhoneFields: from19 ? [PARTNER.f.phone] : [PARTNER.f.phone, PARTNER.f.mobile],
    partnerMobileField: from19 ? PARTNER.f.phone : PARTNER.f.mobile,
    partnerMergeUnlink: from19 ? 'sudo' : 'as_user',
    doneActivities: from19 ? 'archived' : 'keep_done',
    json2: from19,
    apiKeyExpiry: from18,
    identityCheckPassword: from19 ? 'context' : 'field',
    webhookAction: major >= 17,
    automationActionNames: from19 ? 'free' : 'computed',
    attendanceResource: !from19,
    stageTeams: from19 ? CRM_STAGE.f.teams : CRM_STAGE.f.team,
  };
}

/** What `doctor` says about the version: nothing when supported. */
export function supportNotice(dialect: Dialect, version: string): string | undefined {
  if (dialect.support === 'unsupported')
    return `Odoo ${version} is not supported: the bridge needs Odoo ${OLDEST_SUPPORTED_MAJOR}.0 or later (${OLDEST_SUPPORTED_MAJOR}, 18 and ${NEWEST_VERIFIED_MAJOR} are tested).`;
  if (dialect.support === 'unverified')
    return `Odoo ${version} is newer than the versions the bridge is verified on (${OLDEST_SUPPORTED_MAJOR}–${NEWEST_VERIFIED_MAJOR}): it may work; run the live test matrix against a copy first.`;
  return undefined;
}
