import type { OdooConfig } from '../../../config/schema.js';
import type { OdooConnection } from './client.js';

/** The connection settings the client takes, from the validated config. */
export function connectionFromConfig(odoo: OdooConfig): OdooConnection {
  const context: Record<string, unknown> = { lang: odoo.lang, tz: odoo.tz };
  if (odoo.companyIds?.length) context.allowed_company_ids = odoo.companyIds;
  return {
    url: odoo.url,
    db: odoo.db,
    user: odoo.user,
    password: odoo.password,
    apiKey: odoo.apiKey,
    protocol: odoo.protocol,
    timeoutMs: odoo.timeoutMs,
    maxInFlight: odoo.maxInFlight,
    retry: {
      retries: odoo.retries,
      minTimeoutMs: odoo.retryMinMs,
      maxTimeoutMs: odoo.retryMaxMs,
      windowMs: odoo.retryWindowMs,
    },
    context,
  };
}
