import { describe, expect, it } from 'vitest';
import { buildModule } from '../../module/index.js';
import type { Schema } from '../../module/model-spec.js';
import { PARTNER, USERS } from '../../module/odoo-models.js';
import { dialectFor, supportNotice } from './dialect.js';
import { partnerPhoneDomain, partnerPhonesOf, partnerPhoneValues } from './partner-phones.js';

const v17 = dialectFor(17);
const v18 = dialectFor(18);
const v19 = dialectFor(19);

/** One test per version fact, named after it; the module declaration is checked where it carries the fact. */
describe('Odoo dialects', () => {
  it('17–19 are supported, 16 and older are not, 20 and newer are unverified', () => {
    expect([16, 17, 18, 19, 20].map((major) => dialectFor(major).support)).toEqual([
      'unsupported',
      'supported',
      'supported',
      'supported',
      'unverified',
    ]);
    expect(supportNotice(dialectFor(16), '16.0')).toMatch(/not supported.*17\.0 or later/);
    expect(supportNotice(dialectFor(20), '20.0')).toMatch(
      /newer than the versions the bridge is verified on/,
    );
    expect(supportNotice(v18, '18.0')).toBeUndefined();
  });

  it.each([17, 18, 19])('Odoo %i: the field names of its facts are fields of the schema', (major) => {
    const dialect = dialectFor(major);
    const declared = (schema: Schema) => Object.values(schema.fields).map((field) => field.name);
    expect(declared(USERS)).toEqual(
      expect.arrayContaining([dialect.groupsField, dialect.effectiveGroupsField]),
    );
    expect(declared(PARTNER)).toEqual(
      expect.arrayContaining([...dialect.partnerPhoneFields, dialect.partnerMobileField]),
    );
  });

  it('res.users.groups_id was renamed group_ids in 19 (menus and users alike)', () => {
    expect([v17.groupsField, v18.groupsField, v19.groupsField]).toEqual([
      'groups_id',
      'groups_id',
      'group_ids',
    ]);
    const menu = buildModule(v18).find((record) => record.model === 'ir.ui.menu');
    expect(Object.keys(menu?.values ?? {})).toContain('groups_id');
  });

  it('19 added res.users.all_group_ids (groups with the implied ones)', () => {
    expect([v17.effectiveGroupsField, v18.effectiveGroupsField, v19.effectiveGroupsField]).toEqual([
      'groups_id',
      'groups_id',
      'all_group_ids',
    ]);
  });

  it('nobody may create ir.module.category over RPC: 17/18 groups carry the application in their name, 19 a privilege', () => {
    for (const dialect of [v17, v18]) {
      const records = buildModule(dialect);
      expect(records.some((record) => record.model === 'ir.module.category')).toBe(false);
      const groups = records.filter((record) => record.model === 'res.groups');
      expect(groups.every((group) => String(group.values.name).startsWith('CRM H23 / '))).toBe(true);
      expect(groups.every((group) => !('category_id' in group.values))).toBe(true);
    }
    const groups19 = buildModule(v19).filter((record) => record.model === 'res.groups');
    expect(groups19.every((group) => 'privilege_id' in group.values)).toBe(true);
  });

  it('res.groups.sequence exists from 19 on only', () => {
    const sequenced = (major: number) =>
      buildModule(dialectFor(major))
        .filter((record) => record.model === 'res.groups')
        .every((group) => 'sequence' in group.values);
    expect([sequenced(17), sequenced(18), sequenced(19)]).toEqual([false, false, true]);
  });

  it('the tree view became list in 18', () => {
    expect([v17.listView, v18.listView, v19.listView]).toEqual(['tree', 'list', 'list']);
    const actions = buildModule(v17).filter((record) => record.model === 'ir.actions.act_window');
    expect(actions.every((action) => !String(action.values.view_mode).includes('list'))).toBe(true);
  });

  it('18 added the <chatter/> shorthand; 17 needs div.oe_chatter with its three fields', () => {
    expect(v18.chatter).toBe('<chatter/>');
    expect(v17.chatter).toContain('message_follower_ids');
    const forms = buildModule(v17).filter(
      (record) => record.model === 'ir.ui.view' && record.values.type === 'form',
    );
    expect(forms.every((form) => !String(form.values.arch).includes('<chatter/>'))).toBe(true);
  });

  it('kanban cards: 18 renders t-name="card", 17 kanban-box with oe_kanban_global_click', () => {
    expect(v17.kanbanCard).toEqual({ template: 'kanban-box', clickClass: 'oe_kanban_global_click' });
    expect(v18.kanbanCard.template).toBe('card');
  });

  it('19 added formatted_read_group; 17 and 18 count with read_group', () => {
    expect([v17.readGroup, v18.readGroup, v19.readGroup]).toEqual([
      'read_group',
      'read_group',
      'formatted_read_group',
    ]);
  });

  it('18 replaced check_access_rights by has_access', () => {
    expect([v17.accessCheck, v18.accessCheck, v19.accessCheck]).toEqual([
      'check_access_rights',
      'has_access',
      'has_access',
    ]);
  });

  it('the partner merge deletes the merged contacts as the user on 17 and 18, with sudo on 19', () => {
    expect([v17, v18, v19].map((dialect) => dialect.partnerMergeUnlink)).toEqual([
      'as_user',
      'as_user',
      'sudo',
    ]);
  });

  it('res.partner.mobile exists on 17 and 18 and was removed in 19', () => {
    expect(v17.partnerPhoneFields).toEqual(['phone', 'mobile']);
    expect(v18.partnerPhoneFields).toEqual(['phone', 'mobile']);
    expect(v19.partnerPhoneFields).toEqual(['phone']);
    // Read: the HP first, wherever it is.
    expect(partnerPhonesOf(v18, { id: 1, phone: '021 555 0101', mobile: '+6281290000017' })).toEqual({
      primary: '+6281290000017',
      others: ['021 555 0101'],
    });
    expect(partnerPhonesOf(v18, { id: 1, phone: '+6281290000017', mobile: false })).toEqual({
      primary: '+6281290000017',
      others: [],
    });
    expect(partnerPhonesOf(v19, { id: 1, phone: '+6281290000017', mobile: '+6281111111111' })).toEqual({
      primary: '+6281290000017',
      others: [],
    });
    // Written: a new owner's HP goes to mobile on 17/18, a landline to phone.
    expect(partnerPhoneValues(v17, '+6281290000017')).toEqual({ mobile: '+6281290000017' });
    expect(partnerPhoneValues(v17, '+62215550101')).toEqual({ phone: '+62215550101' });
    expect(partnerPhoneValues(v19, '+6281290000017')).toEqual({ phone: '+6281290000017' });
    expect(partnerPhoneValues(v19, null)).toEqual({});
    // Found: in either field (neither is indexed: one scan either way).
    expect(partnerPhoneDomain(v18, ['+6281290000017'])).toEqual([
      '|',
      ['phone', 'in', ['+6281290000017']],
      ['mobile', 'in', ['+6281290000017']],
    ]);
    expect(partnerPhoneDomain(v19, ['+6281290000017'])).toEqual([['phone', 'in', ['+6281290000017']]]);
  });

  it('a done activity is archived on 19, deleted on 17/18 unless its type keeps done ones', () => {
    expect([v17.doneActivities, v18.doneActivities, v19.doneActivities]).toEqual([
      'keep_done',
      'keep_done',
      'archived',
    ]);
    const keeps = (major: number) =>
      buildModule(dialectFor(major))
        .filter((record) => record.model === 'mail.activity.type')
        .map((type) => type.values.keep_done);
    expect(new Set(keeps(17))).toEqual(new Set([true]));
    // 19 has no keep_done field any more.
    expect(new Set(keeps(19))).toEqual(new Set([undefined]));
  });

  it('JSON-2 exists from 19 on', () => {
    expect([v17.json2, v18.json2, v19.json2]).toEqual([false, false, true]);
  });

  it('API keys expire from 18 on (res.users.apikeys.expiration_date)', () => {
    expect([v17.apiKeyExpiry, v18.apiKeyExpiry, v19.apiKeyExpiry]).toEqual([false, true, true]);
  });

  it('the identity check reads the password from the wizard field up to 18, from the context in 19', () => {
    expect([v17.identityCheckPassword, v18.identityCheckPassword, v19.identityCheckPassword]).toEqual([
      'field',
      'field',
      'context',
    ]);
  });

  it("17/18's base_automation names a rule's server action itself; 19 keeps the name given", () => {
    expect([v17.automationActionNames, v18.automationActionNames, v19.automationActionNames]).toEqual([
      'computed',
      'computed',
      'free',
    ]);
  });

  it('17 and 18 keep attendance lines per resource; 19 removed the field', () => {
    expect([v17.attendanceResource, v18.attendanceResource, v19.attendanceResource]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('webhook server actions exist from 17 on', () => {
    expect([v17.webhookAction, v18.webhookAction, v19.webhookAction]).toEqual([true, true, true]);
  });
});
