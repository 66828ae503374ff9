import { join } from 'node:path';
import { type DestinationStream, type Logger, pino } from 'pino';
import { maskPersonal, maskPhonesDeep, maskPhonesInText } from './mask.js';

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

/**
 * `H23_LOG_CAPTURE=<folder>`: every line a process logs also goes to `<folder>/<pid>.log`, and so
 * do the lines of the processes it starts (they inherit the variable). The live suite's log scan
 * (`npm run test:logscan`) reads them for personal data and secrets; in production it is unset.
 */
export const LOG_CAPTURE_ENV = 'H23_LOG_CAPTURE';

const captures = new Map<string, DestinationStream>();

/** The capture file of this process, or null when nothing is captured. */
function captureDestination(): DestinationStream | null {
  const folder = process.env[LOG_CAPTURE_ENV];
  if (!folder) return null;
  let capture = captures.get(folder);
  if (!capture) {
    capture = pino.destination({
      dest: join(folder, `${process.pid}.log`),
      sync: true,
      append: true,
      mkdir: true,
    });
    captures.set(folder, capture);
  }
  return capture;
}

/**
 * With a capture folder, what the process writes to standard error besides its log lines (the
 * command line's error messages, which a service's journal keeps too) is captured as well.
 */
export function captureStandardError(): void {
  const capture = captureDestination();
  if (!capture) return;
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    capture.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
}

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
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => maskPhonesDeep(object) as Record<string, unknown>,
      },
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
    withCapture(options.destination ?? pino.destination({ dest: 2, sync: true })),
  );
}

function withCapture(destination: DestinationStream): DestinationStream {
  const capture = captureDestination();
  if (!capture || capture === destination) return destination;
  return pino.multistream([
    { stream: destination, level: 'trace' },
    { stream: capture, level: 'trace' },
  ]);
}

/**
 * A logger that drops everything, for library use and tests that do not look at logs. Under
 * the log scan it logs at debug level into the capture file only, masked as every logger is:
 * what the jobs the live tests run in-process would log is scanned too.
 */
export function silentLogger(): Logger {
  const capture = captureDestination();
  if (capture) return createLogger({ level: 'debug', destination: capture });
  return pino({ level: 'silent' });
}
