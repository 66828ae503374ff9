import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { closestWord } from '../src/rules/closest-word.js';
import { type Config, configSchema, type SettingMeta } from './schema.js';
import { describeSettings, type SettingInfo } from './settings.js';

/** A bad configuration: one message naming the key, the value and the fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly key: string,
  ) {
    super(message);
  }
}

export const DEFAULT_CONFIG_FILE = 'h23-bridge.config.json';

export interface LoadOptions {
  /** Config file (JSON); `H23_CONFIG` or ./h23-bridge.config.json when not given. */
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Reads the file, lays the environment over it and validates once, at start-up. */
export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.file ?? env.H23_CONFIG;
  const path = resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE);
  let raw: Record<string, unknown> = {};
  if (explicit !== undefined || existsSync(path)) raw = readConfigFile(path);
  const settings = describeSettings(configSchema);
  const unknown = unknownKeys(raw, configSchema);
  if (unknown[0]) throw unknownKeyError(unknown[0], settings, path);
  const merged = applyEnv(raw, settings, env);
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) throw toConfigError(parsed.error, settings, merged, env);
  return parsed.data;
}

/**
 * Puts the bridge user's credentials in the `odoo` section of a config file (made if absent),
 * keeping every other setting, with no password left beside the key; readable by its owner only
 * (0600), since it then holds a secret. Returns the absolute path.
 */
export function writeOdooCredentials(
  file: string,
  credentials: { url: string; db: string; user: string; apiKey: string },
  cwd = process.cwd(),
): string {
  const path = resolve(cwd, file);
  const raw = existsSync(path) ? readConfigFile(path) : {};
  const odoo = typeof raw.odoo === 'object' && raw.odoo !== null ? { ...(raw.odoo as object) } : {};
  const { password: _dropped, ...rest } = odoo as Record<string, unknown>;
  const next = { ...raw, odoo: { ...rest, ...credentials } };
  // Written to a private file first, then put in place: the key is never readable by others,
  // not even for a moment (writeFileSync's mode applies to new files only).
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  return path;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${path}: ${(error as Error).message}`, 'file');
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`Config file ${path} is not valid JSON: ${(error as Error).message}`, 'file');
  }
}

/** Environment values override the file; they are strings, so convert them to the setting's type. */
function applyEnv(
  raw: Record<string, unknown>,
  settings: SettingInfo[],
  env: NodeJS.ProcessEnv,
): Record<string, unknown> {
  const merged = structuredClone(raw);
  for (const setting of settings) {
    if (!setting.env) continue;
    const value = env[setting.env];
    if (value === undefined || value === '') continue;
    setPath(merged, setting.path, fromEnvString(value, setting.type));
  }
  return merged;
}

function fromEnvString(value: string, type: SettingInfo['type']): unknown {
  if (type === 'number') return value.trim() === '' ? value : Number(value);
  if (type === 'number[]') return value.split(',').map((item) => Number(item.trim()));
  if (type === 'string[]')
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  if (type === 'boolean') return /^(1|true|yes)$/i.test(value.trim());
  return value;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  path.slice(0, -1).forEach((key) => {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}

function getPath(source: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) =>
      node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined,
    source,
  );
}

function toConfigError(
  error: z.ZodError,
  settings: SettingInfo[],
  merged: unknown,
  env: NodeJS.ProcessEnv,
): ConfigError {
  const [issue] = error.issues;
  if (!issue) return new ConfigError('Invalid configuration', '');
  const key = issue.path.map(String).join('.');
  // An item of a list (`odoo.companyIds.0`) belongs to the list's setting and variable.
  const setting = settings
    .filter((item) => key === item.key || key.startsWith(`${item.key}.`))
    .sort((a, b) => b.key.length - a.key.length)[0];
  const fromEnv = setting?.env ? env[setting.env] || undefined : undefined;
  const value = fromEnv ?? getPath(merged, setting && setting.key !== key ? setting.path : issue.path);
  const shown = setting?.secret ? '(hidden)' : value === undefined ? 'nothing' : JSON.stringify(value);
  const shownKey = setting?.key ?? key;
  const source = fromEnv
    ? ` (env ${setting?.env})`
    : setting?.env
      ? ` (file key "${shownKey}" or env ${setting.env})`
      : ` (file key "${shownKey}")`;
  const more = error.issues.length > 1 ? ` [${error.issues.length - 1} more problem(s) after this one]` : '';
  const fix = setting ? ` Expected: ${setting.description}` : '';
  const reason = issue.code === 'invalid_type' && value === undefined ? 'is required' : issue.message;
  return new ConfigError(`Config ${shownKey}${source}: ${reason}; got ${shown}.${fix}${more}`, shownKey);
}

/** Keys of the file that the schema does not know, as dotted paths, in file order. */
function unknownKeys(raw: unknown, schema: z.ZodType, path: string[] = []): string[] {
  const object = unwrapObject(schema);
  if (!object || typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
  const shape = object.shape as Record<string, z.ZodType>;
  return Object.entries(raw as Record<string, unknown>).flatMap(([key, value]) => {
    const child = shape[key];
    return child ? unknownKeys(value, child, [...path, key]) : [[...path, key].join('.')];
  });
}

function unwrapObject(schema: z.ZodType): z.ZodObject | null {
  let current: z.ZodType = schema;
  for (let depth = 0; depth < 10; depth += 1) {
    if (current instanceof z.ZodObject) return current;
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault
    )
      current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else return null;
  }
  return null;
}

/** A mistyped key is named with the closest known one: silently ignoring it would hide the mistake. */
function unknownKeyError(key: string, settings: readonly SettingInfo[], file: string): ConfigError {
  const leaf = (key.split('.').at(-1) ?? key).toLowerCase();
  const parent = key.split('.').slice(0, -1).join('.');
  // Its own section's keys first (odoo.database → odoo.db); a key out of any section against all.
  const siblings = settings.filter((setting) => setting.path.slice(0, -1).join('.') === parent);
  const candidates = siblings.length > 0 ? siblings : settings;
  const best = closestWord(
    leaf,
    candidates,
    (setting) => setting.path.at(-1) ?? '',
    Math.max(leaf.length - 1, 2),
  );
  const hint = best ? ` Did you mean "${best.key}"?` : '';
  return new ConfigError(
    `Config file ${file}: unknown key "${key}".${hint} The keys are listed in the README (Configuration).`,
    key,
  );
}
/** The config with secrets replaced, safe to print. */
export function redactConfig(config: Config): unknown {
  const copy = structuredClone(config) as Record<string, unknown>;
  for (const setting of describeSettings(configSchema)) {
    if (setting.secret && getPath(copy, setting.path) !== undefined)
      setPath(copy, setting.path, '[redacted]');
  }
  return copy;
}

export type { SettingMeta };
