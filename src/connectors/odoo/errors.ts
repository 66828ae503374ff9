/**
 * One error type for everything that can go wrong when talking to Odoo.
 * The `code` is set by {@link classifyOdooFault}; callers branch on it, never on messages.
 */
export const ODOO_ERROR_CODES = [
  'auth',
  'access',
  'validation',
  'missing',
  'user',
  'session',
  'network',
  'timeout',
  'server',
  'protocol',
  'conflict',
] as const;

export type OdooErrorCode = (typeof ODOO_ERROR_CODES)[number];

export interface OdooErrorDetails {
  code: OdooErrorCode;
  message: string;
  /** Odoo's exception class, e.g. `odoo.exceptions.AccessError`, or the network error code. */
  odooName?: string | undefined;
  httpStatus?: number | undefined;
  model?: string | undefined;
  method?: string | undefined;
  /** Odoo's server-side traceback: only ever logged at debug level. */
  debug?: string | undefined;
  /** True when the request certainly never reached Odoo (connection refused, DNS failure). */
  notSent?: boolean | undefined;
  cause?: unknown;
}

export class OdooError extends Error {
  override readonly name = 'OdooError';
  readonly code: OdooErrorCode;
  readonly odooName: string | undefined;
  readonly httpStatus: number | undefined;
  readonly model: string | undefined;
  readonly method: string | undefined;
  readonly debug: string | undefined;
  readonly notSent: boolean;

  constructor(details: OdooErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.odooName = details.odooName;
    this.httpStatus = details.httpStatus;
    this.model = details.model;
    this.method = details.method;
    this.debug = details.debug;
    this.notSent = details.notSent ?? false;
  }

  /** Where the error happened, for located messages: `res.partner.write`. */
  get location(): string | undefined {
    if (!this.model) return undefined;
    return this.method ? `${this.model}.${this.method}` : this.model;
  }

  /** A copy that names the model and method, keeping everything else. */
  at(model: string, method: string): OdooError {
    return new OdooError({ ...this.toDetails(), model, method });
  }

  toDetails(): OdooErrorDetails {
    return {
      code: this.code,
      message: this.message,
      odooName: this.odooName,
      httpStatus: this.httpStatus,
      model: this.model,
      method: this.method,
      debug: this.debug,
      notSent: this.notSent,
      cause: this.cause,
    };
  }

  /** A log-safe view: no traceback unless asked, never a request body. */
  toLog(withDebug = false): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      odooName: this.odooName,
      httpStatus: this.httpStatus,
      location: this.location,
      ...(withDebug && this.debug ? { debug: this.debug } : {}),
    };
  }
}

export function isOdooError(value: unknown): value is OdooError {
  return value instanceof OdooError;
}

/** Odoo's refusals that are about the data sent, not the connection: no retry makes them pass. */
export const DATA_ERROR_CODES: ReadonlySet<OdooErrorCode> = new Set<OdooErrorCode>([
  'validation',
  'user',
  'missing',
  'access',
  'protocol',
]);

export function isDataError(value: unknown): value is OdooError {
  return isOdooError(value) && DATA_ERROR_CODES.has(value.code);
}
