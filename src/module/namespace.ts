/** The external-ID namespace of the extension module, like an addon's technical name. */
export const MODULE_NAMESPACE = 'h23_crm';
