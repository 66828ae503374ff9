import { describe, expect, it } from 'vitest';
import { dialectFor } from '../connectors/odoo/dialect.js';
import { buildModule, MODULE_MODELS } from './index.js';
import { EXTENDED_FIELDS, FOLLOWUP, IMPORT_BATCH, MODELS } from './models.js';
import { type DeclaredRecord, isActionRef, isRef, isRefSet } from './types.js';

// Records the module builds on, from the modules a dealer's Odoo has (base, mail, calendar, resource).
const OUTSIDE_REFERENCES = new Set([
  'base.group_user',
  'base.group_system',
  'base.model_res_partner',
  'base.model_ir_attachment',
  'base.model_ir_model_data',
  'base.model_ir_module_module',
  'mail.model_mail_activity',
  'mail.model_mail_mail',
  'calendar.model_calendar_event',
  'resource.model_resource_calendar',
  'resource.model_resource_calendar_leaves',
  // The contact form the consent box is added to.
  'base.view_partner_form',
  // The contacts' search, where marketing filters by segment (issue 15).
  'base.view_res_partner_filter',
  // Customer service registers walk-in customers (Contact Creation).
  'base.group_partner_manager',
  // Odoo's merge wizard, which the duplicate audit merges customers with (issue 17).
  'base.model_base_partner_merge_automatic_wizard',
  'base.model_base_partner_merge_line',
]);

function references(record: DeclaredRecord): string[] {
  return Object.values(record.values).flatMap((value) => {
    if (isRef(value)) return [value.$ref];
    if (isRefSet(value)) return [...value.$refs];
    if (isActionRef(value)) return [value.$action];
    return [];
  });
}

// Fields every mail-enabled or any model has without declaring them.
const BUILTIN_FIELDS = new Set([
  'id',
  'create_date',
  'write_date',
  'activity_ids',
  'message_ids',
  'message_follower_ids',
]);

describe.each([17, 18, 19])('the module for Odoo %i', (major) => {
  const records = buildModule(dialectFor(major));

  it('keys every record under h23_crm, each once (a model’s order aside)', () => {
    for (const record of records) expect(record.xmlid).toMatch(/^h23_crm\.[a-z0-9_]+$/);
    // A model is declared twice: first bare, then its default order once its fields exist.
    const seen = new Set<string>();
    for (const record of records) {
      if (seen.has(record.xmlid)) {
        expect(record.model, record.xmlid).toBe('ir.model');
        expect(Object.keys(record.values)).toEqual(['order']);
      }
      seen.add(record.xmlid);
    }
  });

  it('declares what a record refers to before it, or refers to a standard record', () => {
    const seen = new Set<string>();
    for (const record of records) {
      for (const target of references(record)) {
        if (!target.startsWith('h23_crm.'))
          expect(OUTSIDE_REFERENCES, `${record.xmlid} → ${target}`).toContain(target);
        else expect(seen.has(target), `${record.xmlid} refers to ${target} declared later`).toBe(true);
      }
      seen.add(record.xmlid);
    }
  });

  it('names only declared fields in its views', () => {
    const fieldsByModel = new Map(
      MODELS.map((spec) => [spec.model, new Set(Object.values(spec.fields).map((field) => field.name))]),
    );
    // Fields the module adds to Odoo's models are the ones its views may name there.
    for (const { model, field } of EXTENDED_FIELDS) {
      fieldsByModel.set(model, new Set([...(fieldsByModel.get(model) ?? []), field.name]));
    }
    const expectDeclared = (xmlid: string, model: string, arch: string): void => {
      for (const [, name] of arch.matchAll(/<field name="([^"]+)"/g)) {
        if (BUILTIN_FIELDS.has(name as string)) continue;
        expect(fieldsByModel.get(model)?.has(name as string), `${xmlid} names ${model}.${name}`).toBe(true);
      }
    };
    for (const view of records.filter((record) => record.model === 'ir.ui.view')) {
      const model = view.values.model as string;
      let arch = view.values.arch as string;
      // A one2many's embedded list names the fields of the model it lists.
      for (const [whole, name, inner] of arch.matchAll(/<field name="(\w+)"[^>/]*>([\s\S]*?)<\/field>/g)) {
        const spec = MODELS.find((item) => item.model === model);
        const field = Object.values(spec?.fields ?? {}).find((item) => item.name === name);
        if (field?.type !== 'one2many' || !field.relation) continue;
        expectDeclared(view.xmlid, field.relation, inner as string);
        arch = arch.replace(whole, `<field name="${name}"/>`);
      }
      expectDeclared(view.xmlid, model, arch);
    }
  });

  it('writes views in the dialect of that Odoo', () => {
    const lists = records.filter((record) => record.model === 'ir.ui.view' && record.xmlid.endsWith('_list'));
    expect(lists.length).toBe(MODEL_COUNT);
    for (const view of lists) {
      expect(view.values.type).toBe(major >= 18 ? 'list' : 'tree');
      expect(view.values.arch).toMatch(major >= 18 ? /^<list/ : /^<tree/);
    }
    const menu = records.find((record) => record.xmlid === 'h23_crm.menu_root');
    expect(Object.keys(menu?.values ?? {})).toContain(major >= 19 ? 'group_ids' : 'groups_id');
  });

  it('gives every view balanced tags', () => {
    for (const view of records.filter((record) => record.model === 'ir.ui.view')) {
      const arch = (view.values.arch as string).replace(/<[^>]+\/>/g, '');
      const stack: string[] = [];
      for (const [, closing, tag] of arch.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*>/g)) {
        if (closing) expect(stack.pop(), `${view.xmlid}: </${tag}>`).toBe(tag);
        else stack.push(tag as string);
      }
      expect(stack, view.xmlid).toEqual([]);
    }
  });
});

const MODEL_COUNT = MODULE_MODELS.length;

describe.each([17, 18, 19])('the import batch a PIC uploads in Odoo %i', (major) => {
  const records = buildModule(dialectFor(major));
  const field = (name: string) =>
    records.find((record) => record.xmlid === `h23_crm.field_x_h23_import_batch__${name}`)?.values ?? {};
  const form = String(
    records.find((record) => record.xmlid === 'h23_crm.view_x_h23_import_batch_form')?.values.arch ?? '',
  );

  it('needs no name: a stored compute fills it from kind, file name and upload date, and a typed one is kept', () => {
    expect(field('x_name')).toMatchObject({ required: false, readonly: false, store: true });
    expect(String(field('x_name').depends).split(',')).toEqual(['x_kind', 'x_file_name', 'create_date']);
    const code = String(field('x_name').compute);
    for (const part of ['record.x_kind', 'record.x_file_name', 'record.create_date', "record['x_name'] ="])
      expect(code).toContain(part);
    // Computed fields are declared after the fields they read (Odoo refuses depends on unknown fields).
    const at = (name: string) =>
      records.findIndex((record) => record.xmlid === `h23_crm.field_x_h23_import_batch__${name}`);
    expect(at('x_name')).toBeGreaterThan(at('x_file_name'));
    expect(at('x_name')).toBeGreaterThan(at('x_kind'));
  });

  it('cannot be saved without a file, labelled in Indonesian; the form sets the file name', () => {
    expect(field('x_file')).toMatchObject({ required: true, field_description: 'Berkas Laporan' });
    expect(String(field('x_file').help)).toMatch(/^Wajib diisi/);
    expect(form).toMatch(/<field name="x_file" filename="x_file_name"[^>]*\/>/);
    expect(form).toContain('<field name="x_file_name" invisible="1"/>');
    expect(form).not.toMatch(/<field name="x_name"[^>]*required/);
  });

  it('waits as "Menunggu Diproses" once saved, and a new file puts it back in the queue', () => {
    const state = IMPORT_BATCH.fields.state;
    expect(state?.default).toBe('queued');
    expect(state?.selection?.find(([value]) => value === 'queued')?.[1]).toBe('Menunggu Diproses');
    const byDefault = records.find(
      (record) => record.xmlid === 'h23_crm.default_x_h23_import_batch__x_state',
    );
    expect(byDefault?.values.json_value).toBe('"queued"');
    expect(field('x_state')).toMatchObject({ depends: 'x_file', readonly: false, store: true });
    expect(String(field('x_state').compute)).toContain("record['x_state'] = 'queued'");
    // The state shows once saved; before, the form says what saving does.
    expect(form).toContain('widget="statusbar" statusbar_visible="queued,running,done" invisible="not id"');
    expect(form).toMatch(/invisible="id">\s*Pilih jenis laporan/);
    expect(form).toContain('kurang dari satu menit');
  });
});

describe('model declarations', () => {
  it('use the x_ prefix Odoo requires for models and fields made over RPC', () => {
    for (const spec of MODELS) {
      expect(spec.model).toMatch(/^x_h23_[a-z_]+$/);
      for (const field of Object.values(spec.fields)) expect(field.name).toMatch(/^x_[a-z0-9_]+$/);
    }
  });

  it('label every model, field and choice', () => {
    for (const spec of MODELS) {
      expect(spec.label.trim()).not.toBe('');
      for (const field of Object.values(spec.fields)) {
        expect(field.label.trim(), `${spec.model}.${field.name}`).not.toBe('');
        for (const [value, label] of field.selection ?? [])
          expect(label.trim(), `${field.name}=${value}`).not.toBe('');
      }
    }
  });

  it('point links at models that exist before them or in Odoo', () => {
    const declared = new Set<string>();
    for (const spec of MODELS) declared.add(spec.model);
    for (const spec of MODELS) {
      for (const field of Object.values(spec.fields).filter((f) => f.relation)) {
        const target = field.relation as string;
        expect(declared.has(target) || !target.startsWith('x_'), `${spec.model}.${field.name}`).toBe(true);
      }
    }
  });

  it('record the follow-up outcomes the SOP names', () => {
    const result = FOLLOWUP.fields.result;
    expect(result?.selection?.map(([value]) => value)).toEqual([
      'booked',
      'refused_time',
      'refused_distance',
      'refused_disappointed',
      'refused_other_dealer',
      'no_response',
      'unreachable',
      'wa_failed',
      'already_serviced',
      'other',
    ]);
  });
});

/** The record with this external ID (the last one: a model's order comes after it). */
function recordOf(records: readonly DeclaredRecord[], xmlid: string): DeclaredRecord {
  const found = records.filter((record) => record.xmlid === xmlid).at(-1);
  if (!found) throw new Error(`${xmlid} is not declared`);
  return found;
}
const archOf = (records: readonly DeclaredRecord[], xmlid: string) =>
  String(recordOf(records, xmlid).values.arch);

describe.each([17, 18, 19])('the daily screens on Odoo %i (issue 19)', (major) => {
  const target = dialectFor(major);
  const records = buildModule(target);
  const field = (model: string, name: string) => recordOf(records, `h23_crm.field_${model}__${name}`).values;

  it('Follow Up KPB opens through a landing: the user’s own open follow-ups, else every open one they may see', () => {
    const menu = recordOf(records, 'h23_crm.menu_followups');
    expect(menu.values.action).toEqual({
      $action: 'h23_crm.action_followups_landing',
      model: 'ir.actions.server',
    });
    const landing = recordOf(records, 'h23_crm.action_followups_landing');
    expect(landing.values).toMatchObject({
      state: 'code',
      model_id: { $ref: 'h23_crm.model_x_h23_followup' },
    });
    // Without groups, 17 and 18 let only users who may write follow-ups run it (not a branch head).
    expect(landing.values[target.groupsField]).toEqual({
      $refs: [
        'h23_crm.group_workshop_admin',
        'h23_crm.group_crm_admin',
        'h23_crm.group_pic_crm',
        'h23_crm.group_branch_head',
        'h23_crm.group_area_coordinator',
        'h23_crm.group_customer_service',
        'base.group_system',
      ],
    });
    const code = String(landing.values.code);
    expect(code).toContain("('x_admin_id', '=', env.uid)");
    expect(code).toContain("_for_xml_id('h23_crm.action_followups')");
    expect(code).toMatch(
      /action\['context'\] = "\{'search_default_mine': 1, 'search_default_open': 1\}" if mine else "\{'search_default_open': 1\}"/,
    );
    // safe_eval refuses dunder names on every version.
    expect(code).not.toMatch(/__/);
    // Reached directly (a reload), the window action shows every open follow-up, never an empty "mine".
    expect(recordOf(records, 'h23_crm.action_followups').values.context).toBe("{'search_default_open': 1}");
    const search = archOf(records, 'h23_crm.view_x_h23_followup_search');
    expect(search).toContain('<filter name="mine"');
    expect(search).toContain('<filter name="open"');
  });

  it('the follow-up form, list and calendar show the customer’s phone for tap-to-call and a WhatsApp link', () => {
    for (const view of ['form', 'list']) {
      const arch = archOf(records, `h23_crm.view_x_h23_followup_${view}`);
      expect(arch, view).toMatch(/<field name="x_partner_phone" widget="phone"/);
      expect(arch, view).toMatch(/<field name="x_whatsapp_url" widget="url" text="Chat WhatsApp"/);
    }
    expect(archOf(records, 'h23_crm.view_x_h23_followup_calendar')).toContain(
      'name="x_partner_phone" widget="phone"',
    );
  });

  it('reads the HP number from the partner fields of that version, mobile first where there is one', () => {
    const phone = field('x_h23_followup', 'x_partner_phone');
    expect(phone).toMatchObject({ ttype: 'char', readonly: true, store: false });
    if (major >= 19) {
      expect(phone.depends).toBe('x_partner_id.phone');
      expect(phone.compute).toContain("record['x_partner_phone'] = record.x_partner_id.phone or False");
      // 19 removed res.partner.mobile: naming it anywhere would break the install.
      expect(JSON.stringify(records)).not.toMatch(/\bmobile\b/);
    } else {
      expect(phone.depends).toBe('x_partner_id.mobile,x_partner_id.phone');
      expect(phone.compute).toContain('record.x_partner_id.mobile or record.x_partner_id.phone or False');
    }
    const whatsapp = field('x_h23_followup', 'x_whatsapp_url');
    expect(whatsapp).toMatchObject({ depends: 'x_partner_phone', store: false });
    expect(String(whatsapp.compute)).toContain("'https://wa.me/' + digits");
  });

  it('titles a booking in the calendar with the customer and the unit', () => {
    const calendar = archOf(records, 'h23_crm.view_x_h23_followup_calendar');
    expect(calendar).toContain('create_name_field="x_calendar_title"');
    const title = field('x_h23_followup', 'x_calendar_title');
    expect(String(title.depends).split(',')).toEqual(
      expect.arrayContaining(['x_partner_id.name', 'x_unit_id.x_engine_number', 'x_kpb']),
    );
    expect(String(title.compute)).toContain('record.x_partner_id.name or unit.x_partner_id.name');
  });

  it('shows the kanban columns in the order of the process, empty ones too', () => {
    const state = field('x_h23_followup', 'x_state');
    expect(state.group_expand).toBe(true);
    expect(state.selection).toBe(
      '[("todo", "Belum Dihubungi"), ("contacted", "Sudah Dihubungi"), ("booked", "Booking"), ("done", "Servis Selesai"), ("closed", "Ditutup")]',
    );
    expect(archOf(records, 'h23_crm.view_x_h23_followup_kanban')).toContain('default_group_by="x_state"');
  });

  it('never shows branch lines and admin lines of the summary together (their totals would count twice)', () => {
    const branchLines = recordOf(records, 'h23_crm.action_summaries');
    const adminLines = recordOf(records, 'h23_crm.action_summaries_admin');
    expect(branchLines.values.domain).toBe("[('x_admin_id', '=', False)]");
    expect(adminLines.values.domain).toBe("[('x_admin_id', '!=', False)]");
    for (const name of ['summaries', 'summaries_admin'])
      expect(recordOf(records, `h23_crm.menu_${name}`).values.action).toEqual({
        $action: `h23_crm.action_${name}`,
        model: 'ir.actions.act_window',
      });
  });

  it('the summary pivot and graph show due, contacted, booked and done per day', () => {
    const pivot = archOf(records, 'h23_crm.view_x_h23_daily_summary_pivot');
    expect(pivot).toContain('<field name="x_date" interval="day" type="row"/>');
    const measures = [...pivot.matchAll(/<field name="(\w+)" type="measure"\/>/g)].map(([, name]) => name);
    expect(measures).toEqual(['x_due', 'x_contacted', 'x_booked', 'x_done_services']);
    const graph = archOf(records, 'h23_crm.view_x_h23_daily_summary_graph');
    expect(graph).toMatch(/type="bar"/);
    expect(graph).toContain('<field name="x_date" interval="day"/>');
    // Odoo's graph draws the last measure; the others are in its measure menu.
    const graphMeasures = [...graph.matchAll(/<field name="(\w+)" type="measure"\/>/g)].map(
      ([, name]) => name,
    );
    expect(graphMeasures.at(-1)).toBe('x_due');
    expect(graphMeasures).toEqual(expect.arrayContaining(['x_contacted', 'x_booked', 'x_done_services']));
  });

  it('no pivot offers a percentage as a measure: Odoo sums every number field made over RPC', () => {
    for (const pivot of records.filter(
      (record) => record.model === 'ir.ui.view' && record.values.type === 'pivot',
    )) {
      const spec = MODELS.find((model) => model.model === pivot.values.model);
      for (const share of Object.values(spec?.fields ?? {}).filter((item) => item.label.includes('(%)')) ??
        [])
        expect(String(pivot.values.arch), `${pivot.xmlid}: ${share.name}`).toContain(
          `<field name="${share.name}" invisible="1"/>`,
        );
    }
  });

  it('the data-quality report opens on the latest snapshot, counted by day, never adding dates up', () => {
    expect(recordOf(records, 'h23_crm.action_quality').values.context).toBe("{'search_default_latest': 1}");
    expect(archOf(records, 'h23_crm.view_x_h23_data_quality_search')).toContain(
      `<filter name="latest" string="Data Terbaru" domain="[('x_latest', '=', True)]"/>`,
    );
    expect(field('x_h23_data_quality', 'x_latest')).toMatchObject({ ttype: 'boolean' });
    for (const view of ['pivot', 'graph']) {
      const arch = archOf(records, `h23_crm.view_x_h23_data_quality_${view}`);
      expect(arch, view).toContain('<field name="x_date" interval="day"');
      expect(arch, view).not.toContain('interval="week"');
    }
    // The graph shows the share one record per bar: by branch, then by day.
    const graph = archOf(records, 'h23_crm.view_x_h23_data_quality_graph');
    expect(graph.indexOf('name="x_branch_id"')).toBeLessThan(graph.indexOf('name="x_date"'));
  });

  it('gives a new branch its summary hour, 17:00 as the README says', () => {
    expect(recordOf(records, 'h23_crm.default_x_h23_branch__x_summary_hour').values).toEqual({
      field_id: { $ref: 'h23_crm.field_x_h23_branch__x_summary_hour' },
      json_value: '17',
    });
  });
});

describe('the complaint stage rule (issue 14)', () => {
  const actionOf = (major: number, addons: string[]) =>
    buildModule(dialectFor(major), new Set(addons)).find(
      (record) => record.xmlid === 'h23_crm.action_complaint_stage_rules',
    );

  it('is declared only where Odoo’s Automation Rules addon is installed', () => {
    expect(actionOf(19, [])).toBeUndefined();
    expect(actionOf(19, ['base_automation'])?.values).toMatchObject({
      state: 'code',
      usage: 'base_automation',
    });
  });

  it('17 and 18 name the action themselves: its name is given on create only; 19 keeps it', () => {
    for (const major of [17, 18]) {
      const action = actionOf(major, ['base_automation']);
      expect(action?.values.name).toBeUndefined();
      expect(action?.createValues).toEqual({ name: 'CRM H23: periksa tahap keluhan' });
    }
    expect(actionOf(19, ['base_automation'])?.values.name).toBe('CRM H23: periksa tahap keluhan');
    expect(actionOf(19, ['base_automation'])?.createValues).toBeUndefined();
  });

  it('refuses each stage whose step is incomplete, in Bahasa Indonesia', () => {
    const code = String(actionOf(19, ['base_automation'])?.values.code);
    expect(code).toContain(
      "if stage == 'done' and not (record.x_confirmation == 'satisfied' and record.x_confirmation_channel):",
    );
    expect(code).toContain(
      'raise UserError("Keluhan %s belum dapat ditutup: pelanggan harus menyatakan puas',
    );
    expect(code).toContain("values['x_stage'] = 'reopened'");
  });
});

describe.each([17, 18, 19])('the KPI scorecard menus on Odoo %i (issue 16)', (major) => {
  const target = dialectFor(major);
  const records = buildModule(target);
  const officer = 'h23_crm.group_customer_relations_officer';
  const head = 'h23_crm.group_head_of_marketing';
  const groupsOf = (menu: DeclaredRecord): string[] => {
    const groups = menu.values[target.groupsField];
    return isRefSet(groups) ? [...groups.$refs] : [];
  };
  const menu = (name: string) => recordOf(records, `h23_crm.menu_${name}`);

  it('an officer and the Head of Marketing see the scorecards; the Head of Marketing (or the PIC without one) validates samples', () => {
    expect(groupsOf(menu('root'))).toEqual(expect.arrayContaining([officer, head]));
    expect(groupsOf(menu('kpi'))).toEqual(expect.arrayContaining([officer, head]));
    expect(groupsOf(menu('kpi_scores'))).toEqual([]);
    // The PIC gets the validations when the dealer has no Head of Marketing (KpiStore.reviewers).
    expect(groupsOf(menu('kpi_samples'))).toEqual([head, 'h23_crm.group_pic_crm']);
  });

  it('validates in an editable list whose rows also open the sample form, with the whole conversation', () => {
    const list = String(recordOf(records, 'h23_crm.view_x_h23_kpi_sample_list').values.arch);
    expect(list).toMatch(/editable="bottom" open_form_view="1"/);
    expect(list).toContain(`<field name="x_note" required="x_validation == 'rejected'"/>`);
  });

  it('keeps every other menu of the app from the KPI roles, so the app opens on the scorecards', () => {
    const others = records.filter(
      (record) =>
        record.model === 'ir.ui.menu' &&
        isRef(record.values.parent_id) &&
        record.values.parent_id.$ref === 'h23_crm.menu_root' &&
        record.xmlid !== 'h23_crm.menu_kpi',
    );
    expect(others.length).toBeGreaterThan(5);
    for (const other of others) {
      const groups = groupsOf(other);
      expect(groups.length, `${other.xmlid} has no groups`).toBeGreaterThan(0);
      expect(groups, other.xmlid).not.toContain(officer);
      expect(groups, other.xmlid).not.toContain(head);
    }
  });
});

describe.each([17, 18, 19])('the KPI scorecard rights on Odoo %i (issue 16)', (major) => {
  const records = buildModule(dialectFor(major));
  const readers = (model: string): string[] =>
    records
      .filter(
        (record) =>
          record.model === 'ir.model.access' &&
          isRef(record.values.model_id) &&
          record.values.model_id.$ref === `h23_crm.model_${model}` &&
          record.values.perm_read === true &&
          isRef(record.values.group_id),
      )
      .map((record) => (record.values.group_id as { $ref: string }).$ref)
      .sort();

  it('lets whoever reads a scorecard read its samples: the form lists them (a PIC was refused)', () => {
    expect(readers('x_h23_kpi_score').length).toBeGreaterThan(3);
    expect(readers('x_h23_kpi_sample')).toEqual(expect.arrayContaining(readers('x_h23_kpi_score')));
  });
});

describe.each([17, 18, 19])('the duplicate audit on Odoo %i (issue 17)', (major) => {
  const records = buildModule(dialectFor(major));
  const access = (xmlid: string) => records.find((record) => record.xmlid === xmlid)?.values ?? {};

  it('lets the bridge run Odoo’s merge wizard, and delete contacts only where the wizard deletes as the user', () => {
    expect(access('h23_crm.access_base_partner_merge_automatic_wizard_bridge')).toMatchObject({
      perm_read: true,
      perm_write: true,
      perm_create: true,
      perm_unlink: false,
    });
    expect(access('h23_crm.access_base_partner_merge_line_bridge')).toMatchObject({
      perm_read: true,
      perm_write: false,
    });
    expect(access('h23_crm.access_res_partner_bridge')).toMatchObject({ perm_unlink: major < 19 });
  });

  it('gives the PIC the review (decision on the groups) and the bridge the writes', () => {
    expect(access('h23_crm.access_x_h23_dedupe_group_pic_crm')).toMatchObject({
      perm_write: true,
      perm_create: false,
    });
    expect(access('h23_crm.access_x_h23_dedupe_audit_pic_crm')).toMatchObject({ perm_write: false });
    expect(access('h23_crm.access_x_h23_dedupe_finding_bridge')).toMatchObject({
      perm_create: true,
      perm_unlink: false,
    });
    const menu = records.find((record) => record.xmlid === 'h23_crm.menu_dedupe')?.values ?? {};
    expect(menu.name).toBe('Audit Data Pelanggan');
  });
});

describe.each([
  17, 18, 19,
])('the import batches on Odoo %i: reports with personal data (issue 18)', (major) => {
  const records = buildModule(dialectFor(major));

  it('are read by the PIC, the administrators and the bridge only, and shown in the PIC’s menu only', () => {
    const readers = records
      .filter(
        (record) =>
          record.model === 'ir.model.access' &&
          isRef(record.values.model_id) &&
          record.values.model_id.$ref === 'h23_crm.model_x_h23_import_batch' &&
          record.values.perm_read === true,
      )
      .map((record) => (record.values.group_id as { $ref: string }).$ref)
      .sort();
    expect(readers).toEqual(['base.group_system', 'h23_crm.group_bridge', 'h23_crm.group_pic_crm']);
    const menu = records.find((record) => record.xmlid === 'h23_crm.menu_imports')?.values ?? {};
    const groups = menu[major >= 19 ? 'group_ids' : 'groups_id'];
    expect(groups).toEqual({ $refs: ['h23_crm.group_pic_crm'] });
  });
});
