import type { OdooErrorCode } from '../connectors/odoo/errors.js';

/** Exit codes of every `h23-bridge` command (also listed in the README and in `--help`). */
export const EXIT = {
  ok: 0,
  /** A bug or an unexpected failure: please report it. */
  internal: 1,
  /** Wrong command line or configuration. */
  usage: 2,
  /** Odoo cannot be reached, or the URL is not an Odoo server. */
  unreachable: 3,
  /** Odoo refused the login: database, user, password or API key. */
  auth: 4,
  /** The user lacks rights the command needs. */
  access: 5,
  /** Odoo refused the work (validation, user or server error). */
  odoo: 6,
  /** The input file cannot be read (format, encoding, truncated, no header). */
  input: 7,
  /** The import ran, but some rows were quarantined (see the report). */
  quarantined: 8,
  /** WhatsApp refused the work for a dealer-side reason (token, template, account): IT's to fix. */
  whatsapp: 9,
} as const;

export const EXIT_CODE_HELP = `Exit codes:
  0  success
  1  unexpected failure (a bug: please report it)
  2  wrong command line or configuration
  3  Odoo unreachable, or the URL is not an Odoo server
  4  login refused (database, user, password or API key)
  5  missing access rights
  6  Odoo refused the work (validation, user or server error)
  7  the input file cannot be read (format, encoding, truncated, no header)
  8  import done, but rows were quarantined (see the quarantine report)
  9  WhatsApp refused the work (token, template or account: see the message)`;

/** The exit code for an Odoo failure. */
export function exitCodeFor(code: OdooErrorCode): number {
  switch (code) {
    case 'network':
    case 'timeout':
      return EXIT.unreachable;
    case 'auth':
    case 'session':
      return EXIT.auth;
    case 'access':
      return EXIT.access;
    case 'missing':
      return EXIT.auth;
    default:
      return EXIT.odoo;
  }
}
