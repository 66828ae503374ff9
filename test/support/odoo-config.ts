import type { OdooConfig } from '../../config/schema.js';

/** An `odoo` config section for tests: no retries, short waits, the dealer's zone; `values` on top. */
export function testOdooConfig(values: Pick<OdooConfig, 'url' | 'db'> & Partial<OdooConfig>): OdooConfig {
  return {
    user: undefined,
    password: undefined,
    apiKey: undefined,
    protocol: 'auto',
    timeoutMs: 30000,
    maxInFlight: 1,
    retries: 0,
    retryWindowMs: 0,
    retryMinMs: 10,
    retryMaxMs: 10,
    lang: 'en_US',
    tz: 'Asia/Jakarta',
    companyIds: undefined,
    ...values,
  };
}
