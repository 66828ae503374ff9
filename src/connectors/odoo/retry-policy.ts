import { TRANSIENT_CODES } from './classify.js';
import type { OdooError } from './errors.js';

/** Methods that only read. */
export const READ_METHODS: ReadonlySet<string> = new Set([
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
]);
// Methods whose repetition cannot change the outcome: reads, and writes that set
// the same values again. `create`, `copy`, `load` without ids and unknown action
// methods are not here: repeating them may create twice.
const IDEMPOTENT_METHODS = new Set([...READ_METHODS, 'write']);

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

/**
 * Whether a failure may have reached Odoo and run there, its reply lost (a reset, a deadline,
 * a 5xx): a create so failed is looked up by its key before it is sent again.
 */
export function mayHaveRun(error: OdooError): boolean {
  return TRANSIENT_CODES.has(error.code) && !error.notSent && error.code !== 'conflict';
}

export interface RetrySettings {
  /** Retries a transient failure gets at least, however soon they fail. */
  retries: number;
  /** First pause; doubles on each retry up to `maxTimeoutMs`. */
  minTimeoutMs: number;
  maxTimeoutMs: number;
  /**
   * Time from a call's first failure during which it is retried however many retries that
   * takes: long enough to ride out an Odoo restart. 0 or absent: `retries` alone counts.
   */
  windowMs?: number;
}

/** The pause before retry `retry` (1 for the first): doubling, capped, times 1–2 for spread. */
export function retryPause(retry: number, settings: RetrySettings, random: number): number {
  const base = Math.min(settings.maxTimeoutMs, settings.minTimeoutMs * 2 ** Math.max(0, retry - 1));
  return Math.round(base * (1 + Math.min(1, Math.max(0, random))));
}

/**
 * Whether the failure is of the way to Odoo rather than Odoo's answer: refused, reset, past the
 * deadline, or a 5xx that is no Odoo exception (a proxy's 502/503 while Odoo restarts). An
 * exception Odoo itself answered (even a 500) says Odoo is up: waiting a minute will not help.
 */
export function isOutage(error: OdooError): boolean {
  if (error.code === 'network' || error.code === 'timeout') return true;
  return error.code === 'server' && error.odooName === undefined;
}

/**
 * Whether a call that has been retried `retried` times, first failing `failingForMs` ago,
 * gets another retry after a pause of `pauseMs`: while its `retries` last, and then, for an
 * outage, while the pause ends inside the window.
 */
export function retryAgain(
  error: OdooError,
  retried: number,
  failingForMs: number,
  pauseMs: number,
  settings: RetrySettings,
): boolean {
  if (retried < settings.retries) return true;
  return isOutage(error) && failingForMs + pauseMs <= (settings.windowMs ?? 0);
}
