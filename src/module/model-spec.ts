import { xmlid } from './namespace.js';
import { type DeclaredRecord, ref, type TargetOdoo } from './types.js';

export type FieldType =
  | 'char'
  | 'text'
  | 'integer'
  | 'float'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'selection'
  | 'many2one'
  | 'many2many'
  | 'one2many'
  | 'binary'
  | 'html';

/** Types of Odoo's own fields the bridge reads, beyond those the module declares. */
export type OdooFieldType = FieldType | 'monetary' | 'reference';

/** A field as the bridge reads and writes it: Odoo's name and type (and the model a link points to). */
export interface OdooFieldSpec {
  name: string;
  type: OdooFieldType;
  relation?: string;
}

/** A field the module declares (`ir.model.fields`). */
export interface FieldSpec extends OdooFieldSpec {
  type: FieldType;
  /** Label shown to users, in Bahasa Indonesia. */
  label: string;
  help?: string;
  required?: boolean;
  index?: boolean;
  readonly?: boolean;
  /** Changes are written to the chatter; the number orders tracking lines. */
  tracking?: number;
  onDelete?: 'cascade' | 'set null' | 'restrict';
  selection?: ReadonlyArray<readonly [string, string]>;
  /** A one2many's inverse many2one on the related model (declared before it: see buildModule). */
  relationField?: string;
  /** Custom many2many fields need their own relation table when a model has two towards the same model. */
  relationTable?: string;
  /** Python run by Odoo's safe_eval to compute the value (Studio does the same): no module to deploy. */
  compute?: string;
  depends?: string;
  /**
   * A computed field is stored unless this is false: then Odoo computes it on every read, so
   * it is never stale (changing its code recomputes nothing stored) and costs no column.
   */
  store?: boolean;
  /** Value of new records (an `ir.default`, as Studio makes): `x_active` true, states at their first step. */
  default?: string | number | boolean;
  /**
   * Grouping by this selection shows every choice, in the selection's order (kanban columns in
   * the order of the process, empty ones too): `ir.model.fields.group_expand`, 17–19.
   */
  groupExpand?: boolean;
  /** What differs on the target's Odoo version (the dialect): merged over this spec. */
  forTarget?: (target: TargetOdoo) => Partial<Omit<FieldSpec, 'name' | 'forTarget'>>;
}

/**
 * An Odoo model as the bridge uses it: its name and its fields, keyed by the
 * name the rest of the bridge speaks (`engineNumber`, not `x_engine_number`).
 * `f` maps those keys to Odoo's field names, for domains and field lists.
 */
export interface Schema<
  F extends Readonly<Record<string, OdooFieldSpec>> = Readonly<Record<string, OdooFieldSpec>>,
> {
  model: string;
  fields: F;
  f: { readonly [K in keyof F]: F[K]['name'] };
}

export interface ModelSpec<
  F extends Readonly<Record<string, FieldSpec>> = Readonly<Record<string, FieldSpec>>,
> extends Schema<F> {
  /** Model description shown to users, in Bahasa Indonesia. */
  label: string;
  /** Chatter and activities (mail.thread, mail.activity.mixin). */
  mail: boolean;
  order?: string;
}

function namesOf<F extends Readonly<Record<string, OdooFieldSpec>>>(fields: F): Schema<F>['f'] {
  return Object.fromEntries(
    Object.entries(fields).map(([key, field]) => [key, field.name]),
  ) as Schema<F>['f'];
}

/** One of the module's models, its schema and declaration in one. */
export function defineModel<const F extends Readonly<Record<string, FieldSpec>>>(
  spec: Omit<ModelSpec<F>, 'f'>,
): ModelSpec<F> {
  return { ...spec, f: namesOf(spec.fields) };
}

/** One of Odoo's own models, as far as the bridge reads or writes it. */
export function odooModel<const F extends Readonly<Record<string, OdooFieldSpec>>>(
  model: string,
  fields: F,
): Schema<F> {
  return { model, fields, f: namesOf(fields) };
}

export function modelXmlid(model: string): string {
  return xmlid(`model_${model}`);
}

export function fieldXmlid(model: string, field: string): string {
  return xmlid(`field_${model.replace(/\./g, '_')}__${field}`);
}

/** Odoo reads a field's selection from a Python literal list of pairs. */
export function selectionLiteral(pairs: ReadonlyArray<readonly [string, string]>): string {
  return `[${pairs.map(([value, label]) => `(${JSON.stringify(value)}, ${JSON.stringify(label)})`).join(', ')}]`;
}

/** The ir.model record of a model, then one ir.model.fields record per field. */
export function modelRecords(spec: ModelSpec, target: TargetOdoo): DeclaredRecord[] {
  const model: DeclaredRecord = {
    xmlid: modelXmlid(spec.model),
    model: 'ir.model',
    naturalKey: { model: spec.model },
    values: {
      name: spec.label,
      model: spec.model,
      is_mail_thread: spec.mail,
      is_mail_activity: spec.mail,
    },
  };
  return [model, ...Object.values(spec.fields).map((field) => fieldRecord(spec.model, field, target))];
}

/**
 * The model's default order: set once its fields exist, since Odoo refuses an
 * order on fields it does not know yet. Same external ID as the model record.
 */
export function modelOrderRecord(spec: ModelSpec): DeclaredRecord {
  return { xmlid: modelXmlid(spec.model), model: 'ir.model', values: { order: spec.order ?? 'id desc' } };
}

/** The field as declared for the target's Odoo version. */
export function fieldForTarget(field: FieldSpec, target: TargetOdoo): FieldSpec {
  return field.forTarget ? { ...field, ...field.forTarget(target) } : field;
}

/** `modelRef` is the model's external ID: ours by default, Odoo's (`base.model_res_partner`) for fields added to its models. */
export function fieldRecord(
  model: string,
  declared: FieldSpec,
  target: TargetOdoo,
  modelRef = modelXmlid(model),
): DeclaredRecord {
  const field = fieldForTarget(declared, target);
  const values: Record<string, DeclaredRecord['values'][string]> = {
    model_id: ref(modelRef),
    model,
    name: field.name,
    field_description: field.label,
    ttype: field.type,
    required: field.required ?? false,
    index: field.index ?? false,
    readonly: field.readonly ?? false,
    help: field.help ?? null,
    tracking: field.tracking ?? 0,
  };
  if (field.relation) values.relation = field.relation;
  if (field.relationField) values.relation_field = field.relationField;
  if (field.type === 'many2one') values.on_delete = field.onDelete ?? 'set null';
  if (field.selection) values.selection = selectionLiteral(field.selection);
  if (field.groupExpand) values.group_expand = true;
  if (field.relationTable) {
    values.relation_table = field.relationTable;
    values.column1 = `${model}_id`;
    values.column2 = `${field.relation?.replace(/\./g, '_')}_id`;
  }
  if (field.compute) {
    values.compute = field.compute;
    values.depends = field.depends ?? null;
    values.store = field.store ?? true;
  }
  // Odoo gives every new custom model an x_name field of its own: adopt it.
  return {
    xmlid: fieldXmlid(model, field.name),
    model: 'ir.model.fields',
    values,
    naturalKey: { model, name: field.name },
  };
}

/** The `ir.default` giving a field its value on new records. */
export function defaultRecord(model: string, field: FieldSpec): DeclaredRecord | null {
  if (field.default === undefined) return null;
  return {
    xmlid: xmlid(`default_${model.replace(/\./g, '_')}__${field.name}`),
    model: 'ir.default',
    values: { field_id: ref(fieldXmlid(model, field.name)), json_value: JSON.stringify(field.default) },
  };
}
