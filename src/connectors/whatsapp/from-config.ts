import type { OdooConfig, WhatsAppConfig } from '../../../config/schema.js';
import { CloudApi } from './cloud-api.js';

/** The Cloud API client of the config; `whatsapp.mode` must be `api` (the schema then requires its ids and token). */
export function cloudApiFromConfig(
  config: WhatsAppConfig,
  odoo: Pick<OdooConfig, 'retries' | 'retryMinMs' | 'retryMaxMs'>,
): CloudApi {
  if (config.mode !== 'api' || !config.phoneNumberId || !config.businessAccountId || !config.token) {
    throw new Error(
      'WhatsApp Cloud API is not configured: set whatsapp.mode to api (WHATSAPP_MODE=api) with its ids and token',
    );
  }
  return new CloudApi({
    baseUrl: config.apiUrl,
    apiVersion: config.apiVersion,
    phoneNumberId: config.phoneNumberId,
    businessAccountId: config.businessAccountId,
    token: config.token,
    timeoutMs: config.timeoutMs,
    retries: odoo.retries,
    minTimeoutMs: odoo.retryMinMs,
    maxTimeoutMs: odoo.retryMaxMs,
  });
}

/** The messaging limit as a number of customers per 24 hours; null when unlimited. */
export function messagingLimitOf(config: WhatsAppConfig): number | null {
  return config.messagingLimit === 'unlimited' ? null : Number(config.messagingLimit);
}
