import type { Dialect } from '../connectors/odoo/dialect.js';
/**
 * The extension module is declared as data, the way an Odoo addon declares its
 * XML and CSV records: each record has an external ID under the module's
 * namespace, a target Odoo model and values. Values may point at other records
 * by external ID; the installer resolves those to database ids at apply time.
 */

export interface Ref {
  readonly $ref: string;
}

/** A link to another record by external ID (`h23_crm.x` or `base.group_user`). */
export function ref(xmlid: string): Ref {
  return { $ref: xmlid };
}

/** A many2many value: exactly these records. */
export interface RefSet {
  readonly $refs: readonly string[];
}

export function refs(...xmlids: string[]): RefSet {
  return { $refs: xmlids };
}

/** A reference field value (`ir.ui.menu.action`): `<model>,<id>` of the record behind the external ID. */
export interface ActionRef {
  readonly $action: string;
  readonly model: string;
}

export function actionRef(xmlid: string, model = 'ir.actions.act_window'): ActionRef {
  return { $action: xmlid, model };
}

export type DeclaredValue = string | number | boolean | null | Ref | RefSet | ActionRef;

export interface DeclaredRecord {
  /** Full external ID: `h23_crm.model_x_h23_unit`. */
  xmlid: string;
  /** The Odoo model holding the record: `ir.model`, `ir.ui.view`, … */
  model: string;
  values: Readonly<Record<string, DeclaredValue>>;
  /**
   * Fields that identify the record when it exists without its external ID (Odoo
   * made it itself, like the `x_name` field of a new model, or a run stopped
   * between two steps): the installer adopts it instead of creating a twin.
   */
  naturalKey?: Readonly<Record<string, string>>;
  /**
   * Values given only when the record is created, never compared or written again: what Odoo
   * computes itself afterwards (17 and 18 name an automation rule's action) but requires on create.
   */
  createValues?: Readonly<Record<string, string | number | boolean>>;
  /**
   * Models Odoo makes a parent record of for this one (`_inherits`, such as the mail alias of a
   * sales team) and gives the external ID `<xmlid>_<parent model with underscores>`: the module's
   * own, never obsolete.
   */
  inherits?: readonly string[];
}

/** The Odoo the module is built for: arch and field names differ between versions (the dialect). */
export type TargetOdoo = Dialect;

export function isRef(value: unknown): value is Ref {
  return typeof value === 'object' && value !== null && '$ref' in value;
}

export function isRefSet(value: unknown): value is RefSet {
  return typeof value === 'object' && value !== null && '$refs' in value;
}

export function isActionRef(value: unknown): value is ActionRef {
  return typeof value === 'object' && value !== null && '$action' in value;
}
