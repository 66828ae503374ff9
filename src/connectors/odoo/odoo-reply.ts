import { htmlToText } from '../../rules/html.js';
import { classifyOdooFault } from './classify.js';
import { OdooError } from './errors.js';
import type { HttpReply } from './http.js';

/** The error body Odoo serialises (`odoo.http.serialize_exception`) for both protocols. */
interface SerializedException {
  name?: unknown;
  message?: unknown;
  debug?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Builds the error for an Odoo exception body (JSON-RPC `error.data` or a JSON-2 error reply). */
export function odooExceptionError(data: unknown, httpStatus: number, fallbackMessage: string): OdooError {
  const exception: SerializedException = isRecord(data) ? data : {};
  const odooName = typeof exception.name === 'string' ? exception.name : undefined;
  const message =
    typeof exception.message === 'string' && exception.message ? exception.message : fallbackMessage;
  return new OdooError({
    code: classifyOdooFault({ odooName, message, httpStatus }),
    message: message.trim(),
    odooName,
    httpStatus,
    debug: typeof exception.debug === 'string' ? exception.debug : undefined,
  });
}

/** A reply that is not the JSON we expected: an HTML error page, a proxy's 502, a wrong URL. */
export function unexpectedReplyError(reply: HttpReply, what: string): OdooError {
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  const snippet = htmlToText(text).slice(0, 200);
  const noDatabase = mentionsNoDatabase(reply);
  return new OdooError({
    code: noDatabase ? 'missing' : classifyOdooFault({ httpStatus: reply.status === 200 ? 0 : reply.status }),
    message: noDatabase
      ? `Odoo does not know the database named in the request (${what}: HTTP ${reply.status} "No database is selected")`
      : `Unexpected reply to ${what}: HTTP ${reply.status} ${reply.contentType || 'without content type'}${snippet ? `: ${snippet}` : ''}`,
    httpStatus: reply.status,
  });
}

/** Odoo's 404 page when the database named by the request does not exist (Odoo 17–19). */
export function mentionsNoDatabase(reply: HttpReply): boolean {
  return typeof reply.body === 'string' && /No database is selected/i.test(reply.body);
}

/**
 * The result of a JSON-RPC 2.0 reply (`/jsonrpc`, `/web/session/authenticate`, `/web/dataset/call_kw`):
 * Odoo answers its errors with HTTP 200 and an `error` member, and leaves `result` out when the
 * method returned None.
 */
export function jsonRpcResult(reply: HttpReply, what: string): unknown {
  if (reply.status !== 200 || !isRecord(reply.body)) throw unexpectedReplyError(reply, what);
  const body = reply.body;
  if (isRecord(body.error)) {
    const fallback = typeof body.error.message === 'string' ? body.error.message : 'Odoo Server Error';
    throw odooExceptionError(body.error.data, reply.status, fallback);
  }
  return 'result' in body ? body.result : null;
}

export { isRecord };
