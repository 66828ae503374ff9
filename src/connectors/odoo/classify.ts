import type { OdooErrorCode } from './errors.js';

/** What we know about a failed call, gathered from whichever layer failed. */
export interface OdooFault {
  /** Odoo's `error.data.name` (JSON-RPC) or the `name` of a JSON-2 error body. */
  odooName?: string | undefined;
  message?: string | undefined;
  /** HTTP status of the reply; JSON-RPC answers errors with 200. */
  httpStatus?: number | undefined;
  /** Node's network error code (`ECONNREFUSED`, `ETIMEDOUT`, …) when the request never got a reply. */
  networkCode?: string | undefined;
  /** True when our own deadline aborted the request. */
  timedOut?: boolean | undefined;
}

// Odoo's exception classes (odoo/exceptions.py, Odoo 14–19) and the werkzeug
// exceptions its HTTP layer raises. Names are matched exactly first.
const BY_ODOO_NAME: Readonly<Record<string, OdooErrorCode>> = {
  'odoo.exceptions.AccessDenied': 'auth',
  'odoo.exceptions.AccessError': 'access',
  'odoo.exceptions.ValidationError': 'validation',
  'odoo.exceptions.MissingError': 'missing',
  'odoo.exceptions.UserError': 'user',
  'odoo.exceptions.RedirectWarning': 'user',
  'odoo.exceptions.except_orm': 'user',
  'odoo.exceptions.Warning': 'user',
  'odoo.exceptions.LockError': 'conflict',
  'odoo.exceptions.ConcurrencyError': 'conflict',
  'odoo.http.SessionExpiredException': 'session',
  'werkzeug.exceptions.Unauthorized': 'auth',
  'werkzeug.exceptions.Forbidden': 'access',
  'werkzeug.exceptions.NotFound': 'missing',
  'werkzeug.exceptions.UnprocessableEntity': 'protocol',
  'werkzeug.exceptions.BadRequest': 'protocol',
  'werkzeug.exceptions.MethodNotAllowed': 'protocol',
  'werkzeug.exceptions.RequestEntityTooLarge': 'protocol',
  'werkzeug.exceptions.ServiceUnavailable': 'server',
  'werkzeug.exceptions.GatewayTimeout': 'timeout',
};

// PostgreSQL errors that Odoo lets through: concurrency ones are worth a retry,
// constraint ones are the caller's data.
const PG_CONFLICT = /(SerializationFailure|DeadlockDetected|LockNotAvailable|TransactionRollbackError)$/;
const PG_CONSTRAINT = /(IntegrityError|UniqueViolation|NotNullViolation|ForeignKeyViolation|CheckViolation)$/;
const DATABASE_MISSING = /database "[^"]*" does not exist|KeyError: .?db.?|database .* not found/i;

// Python exceptions raised by a wrongly shaped call (unknown method, wrong arguments, bad domain).
const CALLER_BUGS = new Set([
  'builtins.TypeError',
  'builtins.ValueError',
  'builtins.KeyError',
  'builtins.AttributeError',
  'builtins.NameError',
  'builtins.IndexError',
]);

const NETWORK_TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'ECONNABORTED',
  'ESOCKETTIMEDOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

const UNKNOWN_MODEL = /^(Object \S+ doesn't exist|Objek '?\S+?'? tidak ada)/;

/** Network failures that prove the request never reached Odoo, so even a create may be re-sent. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function wasNeverSent(fault: OdooFault): boolean {
  return fault.networkCode !== undefined && NOT_SENT_CODES.has(fault.networkCode);
}

/**
 * Pure classifier: from whatever the failing layer saw, the one code callers act on.
 * Order matters: the exception name is the most precise signal, the HTTP status next.
 */
export function classifyOdooFault(fault: OdooFault): OdooErrorCode {
  if (fault.timedOut) return 'timeout';
  if (fault.networkCode) return NETWORK_TIMEOUT_CODES.has(fault.networkCode) ? 'timeout' : 'network';

  const name = fault.odooName;
  // JSON-RPC reports an unknown model as a UserError ("Object <model> doesn't exist"); JSON-2 as a 404.
  // Odoo translates the text into the user's language: Indonesian "Objek '<model>' tidak ada" (seen
  // on 17 for an id_ID admin even with lang en_US in the context, en_US not being active there).
  if (name === 'odoo.exceptions.UserError' && UNKNOWN_MODEL.test(fault.message ?? '')) return 'missing';
  if (name) {
    const exact = BY_ODOO_NAME[name];
    if (exact) return exact;
    if (PG_CONFLICT.test(name)) return 'conflict';
    if (PG_CONSTRAINT.test(name)) return 'validation';
    if (DATABASE_MISSING.test(fault.message ?? '')) return 'missing';
    if (CALLER_BUGS.has(name)) return 'protocol';
  }

  const status = fault.httpStatus;
  if (status !== undefined && status !== 200) {
    if (status === 401) return 'auth';
    if (status === 403) return 'access';
    if (status === 404) return 'missing';
    if (status === 409) return 'conflict';
    if (status === 408 || status === 504) return 'timeout';
    if (status === 422) return 'user';
    if (status === 429 || status >= 500) return 'server';
    if (status >= 400) return 'protocol';
  }
  return name ? 'server' : 'protocol';
}

/** Codes worth trying again after a pause. */
export const TRANSIENT_CODES: ReadonlySet<OdooErrorCode> = new Set([
  'network',
  'timeout',
  'server',
  'conflict',
]);
