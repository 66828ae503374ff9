import { describe, expect, it } from 'vitest';
import { dialectFor } from '../connectors/odoo/dialect.js';
import { buildModule, MODULE_MODELS } from './index.js';
import { MODELS } from './models.js';
import { type DeclaredRecord, isActionRef, isRef, isRefSet } from './types.js';

// Records the module builds on, from the modules a dealer's Odoo has (base, mail, calendar, resource).
const OUTSIDE_REFERENCES = new Set([
  'base.group_user',
  'base.group_system',
  'base.model_res_partner',
  'base.model_ir_attachment',
  'base.model_ir_model_data',
  'mail.model_mail_activity',
  'mail.model_mail_mail',
  'calendar.model_calendar_event',
  'resource.model_resource_calendar',
  'resource.model_resource_calendar_leaves',
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
      MODELS.map((spec) => [spec.model, new Set(spec.fields.map((field) => field.name))]),
    );
    for (const view of records.filter((record) => record.model === 'ir.ui.view')) {
      const model = view.values.model as string;
      const arch = view.values.arch as string;
      for (const [, name] of arch.matchAll(/<field name="([^"]+)"/g)) {
        if (BUILTIN_FIELDS.has(name as string)) continue;
        expect(fieldsByModel.get(model)?.has(name as string), `${view.xmlid} names ${model}.${name}`).toBe(
          true,
        );
      }
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
    const state = MODELS.find((spec) => spec.model === 'x_h23_import_batch')?.fields.find(
      (candidate) => candidate.name === 'x_state',
    );
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
      for (const field of spec.fields) expect(field.name).toMatch(/^x_[a-z0-9_]+$/);
    }
  });

  it('label every model, field and choice', () => {
    for (const spec of MODELS) {
      expect(spec.label.trim()).not.toBe('');
      for (const field of spec.fields) {
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
      for (const field of spec.fields.filter((f) => f.relation)) {
        const target = field.relation as string;
        expect(declared.has(target) || !target.startsWith('x_'), `${spec.model}.${field.name}`).toBe(true);
      }
    }
  });

  it('record the follow-up outcomes the SOP names', () => {
    const result = MODELS.find((spec) => spec.model === 'x_h23_followup')?.fields.find(
      (field) => field.name === 'x_result',
    );
    expect(result?.selection?.map(([value]) => value)).toEqual([
      'booked',
      'refused_time',
      'refused_distance',
      'refused_disappointed',
      'refused_other_dealer',
      'no_response',
      'unreachable',
      'already_serviced',
      'other',
    ]);
  });
});
