/** The external-ID namespace of the extension module, like an addon's technical name. */
export const MODULE_NAMESPACE = 'h23_crm';

/** `h23_crm.<name>` */
export function xmlid(name: string): string {
  return `${MODULE_NAMESPACE}.${name}`;
}

/** Every model of the module's is named `x_h23_…` (Odoo requires `x_` for models made over RPC). */
export const MODEL_PREFIX = 'x_h23_';
