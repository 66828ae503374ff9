import { type DestinationStream, type Logger, pino } from 'pino';
import { maskPersonal, maskPhonesInText } from './mask.js';

export type { Logger } from 'pino';

// Keys that hold secrets: removed outright. pino's redaction matches exact paths, with `*` for one level.
const SECRET_KEYS = [
  'password',
  'apiKey',
  'api_key',
  'secret',
  'appSecret',
  'token',
  'verifyToken',
  'authorization',
  'Authorization',
  'key',
];
// Keys that hold personal data: masked, not removed, so a record can still be recognised.
const PERSONAL_KEYS = [
  'name',
  'partnerName',
  'partner_name',
  'customerName',
  'carrierName',
  'ownerName',
  'phone',
  'mobile',
  'whatsapp',
  'carrierPhone',
  'ownerPhone',
];

function pathsFor(keys: readonly string[]): string[] {
  return keys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
}

export const SECRET_PATHS = [...pathsFor(SECRET_KEYS), 'headers.authorization', 'headers.Authorization'];
export const PERSONAL_PATHS = pathsFor(PERSONAL_KEYS);

export interface LoggerOptions {
  level?: string;
  /** Where lines go; standard error by default so `--json` output on stdout stays clean. */
  destination?: DestinationStream;
  base?: Record<string, unknown>;
}

/**
 * Structured JSON logs with `job` and `runId` bound by callers. Secrets are
 * removed, names and phone numbers masked, and phone numbers inside messages too.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [...SECRET_PATHS, ...PERSONAL_PATHS],
        censor: (value, path) => {
          const key = path[path.length - 1] ?? '';
          return PERSONAL_KEYS.includes(key) ? maskPersonal(value, key) : '[redacted]';
        },
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg) => (typeof arg === 'string' ? maskPhonesInText(arg) : arg));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

/** A logger that drops everything, for library use and tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
