import { ConfigError, loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { isCalendarDate } from '../rules/calendar-date.js';
import { EXIT } from './exit-codes.js';

export interface GlobalOptions {
  config?: string;
  logLevel?: string;
}

export interface Runtime {
  config: Config;
  logger: Logger;
}

/** Thrown to stop a command with an exit code and a message for the user. */
export class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** A `--date`-like option checked where it enters: a real calendar day, or exit 2 naming the option. */
export function checkedDate(option: string, value: string | undefined): string | undefined {
  if (value !== undefined && !isCalendarDate(value))
    throw new CliExit(EXIT.usage, `${option} must be a calendar date like 2026-11-23, got "${value}"`);
  return value;
}

/**
 * A `--date` that may not lie ahead of the dealer's today (in `timeZone`): the date, or today
 * without one.
 */
export function pastOrToday(
  option: string,
  value: string | undefined,
  today: string,
  timeZone: string,
): string {
  checkedDate(option, value);
  if (value !== undefined && value > today)
    throw new CliExit(EXIT.usage, `${option} ${value} is in the future (today is ${today} in ${timeZone})`);
  return value ?? today;
}

/** Validated config and a logger bound to the job and a run id; a bad config stops here. */
export function loadRuntime(options: GlobalOptions, job: string): Runtime {
  let config: Config;
  try {
    config = loadConfig({ file: options.config });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliExit(EXIT.usage, error.message);
    throw error;
  }
  const level = options.logLevel ?? config.log.level;
  const logger = createLogger({ level }).child({ job, runId: newRunId() });
  return { config, logger };
}

function newRunId(): string {
  return `${new Date()
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .slice(0, 14)}-${Math.random().toString(36).slice(2, 8)}`;
}

export function writeLine(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
