import { TRANSIENT_CODES } from './classify.js';
import type { OdooError } from './errors.js';

// Methods whose repetition cannot change the outcome: reads, and writes that set
// the same values again. `create`, `copy`, `load` without ids and unknown action
// methods are not here: repeating them may create twice.
const IDEMPOTENT_METHODS = new Set([
  'search_read',
  'search',
  'search_count',
  'read',
  'fields_get',
  'name_search',
  'read_group',
  'formatted_read_group',
  'web_search_read',
  'web_read',
  'get_views',
  'has_access',
  'check_access',
  'check_access_rights',
  'context_get',
  'default_get',
  'exists',
  'session_info',
  'write',
]);

export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method);
}

/**
 * Whether a failed call may be sent again. Only transient failures are retried,
 * and a call that may create a record is retried only when it surely never ran:
 * the request was never sent, or Odoo rolled its transaction back on a conflict.
 */
export function shouldRetry(error: OdooError, idempotent: boolean): boolean {
  if (!TRANSIENT_CODES.has(error.code)) return false;
  if (idempotent || error.notSent) return true;
  // Odoo answers a serialization failure only after rolling the transaction back.
  return error.code === 'conflict';
}

export interface RetrySettings {
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
}
