import type { OdooError } from '../connectors/odoo/errors.js';

/** The doctor's steps, in the order they run. */
export type DoctorStep = 'reach' | 'version' | 'protocol' | 'login' | 'rights';

export interface Advice {
  cause: string;
  fix: string;
}

export interface AdviceInput {
  step: DoctorStep;
  error: Pick<OdooError, 'code' | 'message' | 'odooName' | 'httpStatus'>;
  url: string;
  db: string;
  protocol: 'jsonrpc' | 'json2' | 'auto';
  usesApiKey: boolean;
  /** Databases the server lists, when it lists them. */
  databases?: string[] | null;
}

/**
 * Pure: a failed step and its error → what went wrong in plain words and what to do.
 * Written for the IT person who installs the bridge, not for a developer.
 */
export function adviseOnFailure(input: AdviceInput): Advice {
  const { step, error, url, db } = input;
  if (error.code === 'network') {
    if (/ENOTFOUND|EAI_AGAIN/.test(error.odooName ?? '')) {
      return {
        cause: `The host name in ODOO_URL (${url}) cannot be resolved.`,
        fix: 'Check the spelling of ODOO_URL and that this machine can resolve it (DNS, /etc/hosts, VPN).',
      };
    }
    if (/ECONNREFUSED/.test(error.odooName ?? '')) {
      return {
        cause: `Nothing accepts connections at ${url}.`,
        fix: 'Check the port in ODOO_URL (Odoo listens on 8069 by default, 443 behind a proxy) and that Odoo is running.',
      };
    }
    return {
      cause: `The connection to ${url} failed (${error.odooName ?? 'network error'}).`,
      fix: 'Check the network path to Odoo (firewall, proxy, TLS certificate) and try again.',
    };
  }
  if (error.code === 'timeout') {
    return {
      cause: `Odoo at ${url} did not answer in time.`,
      fix: 'Check that the server is not overloaded or behind a blocking firewall; raise ODOO_TIMEOUT_MS if calls are legitimately slow.',
    };
  }
  if (step === 'reach') {
    return {
      cause: `${url} answers, but not like an Odoo server.`,
      fix: 'Set ODOO_URL to the base address of Odoo, without /web, /odoo or /jsonrpc at the end.',
    };
  }
  if (step === 'protocol') {
    return {
      cause: error.message,
      fix:
        error.code === 'auth'
          ? 'Create an API key for the bridge user and set ODOO_API_KEY, or use ODOO_PROTOCOL=jsonrpc with a password.'
          : 'Set ODOO_PROTOCOL=auto (or jsonrpc): JSON-2 exists only on Odoo 19 and later.',
    };
  }
  if (error.code === 'missing' && /database|No database/i.test(error.message)) {
    const known = input.databases?.length ? ` This server has: ${input.databases.join(', ')}.` : '';
    return {
      cause: `Odoo has no database named "${db}".${known}`,
      fix: 'Set ODOO_DB to the exact database name (as shown on the Odoo login page or in Settings → Technical → Database Structure).',
    };
  }
  if (error.code === 'auth' || error.code === 'session') {
    if (input.usesApiKey) {
      return {
        cause:
          'Odoo rejected the API key: it is wrong, revoked or expired (Odoo answers all three the same way), or it belongs to another user or database.',
        fix: 'Log in to Odoo as the bridge user, Preferences → Account Security → New API Key (with an expiry date), and put it in ODOO_API_KEY. Check ODOO_USER matches that user.',
      };
    }
    return {
      cause: 'Odoo rejected the login and password.',
      fix: 'Check ODOO_USER and ODOO_PASSWORD; better, create an API key for the bridge user and set ODOO_API_KEY instead of a password.',
    };
  }
  if (error.code === 'access') {
    return {
      cause: `The bridge user lacks a right it needs: ${error.message}`,
      fix: 'Add the bridge user to the group "CRM H23 / Bridge (pengguna teknis)" (`npx h23-bridge setup` creates that user in it) or grant the right named above.',
    };
  }
  if (error.code === 'protocol' && error.httpStatus === 404) {
    return {
      cause: error.message,
      fix: 'Use ODOO_PROTOCOL=jsonrpc, or upgrade to Odoo 19 for JSON-2.',
    };
  }
  return {
    cause: `Odoo answered with an error (${error.code}): ${error.message}`,
    fix: 'Run again with LOG_LEVEL=debug to see Odoo’s traceback and report it with the Odoo version.',
  };
}
