/** The external-ID namespace of the extension module, like an addon's technical name. */
export const MODULE_NAMESPACE = 'h23_crm';

/** `h23_crm.<name>` */
export function xmlid(name: string): string {
  return `${MODULE_NAMESPACE}.${name}`;
}
