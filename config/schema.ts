import { z } from 'zod';

/** What the config table and the env loader know of a setting, beside its type. */
export interface SettingMeta {
  description: string;
  /** Environment variable that overrides the file. */
  env?: string;
  /** Never printed, logged or shown in `--json` output. */
  secret?: boolean;
}

function setting<T extends z.ZodType>(schema: T, meta: SettingMeta): T {
  return schema.meta({ ...meta }) as T;
}

const odooSchema = z
  .object({
    url: setting(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }), {
      description: 'Base URL of the Odoo server, e.g. https://erp.dealer.co.id (no /odoo or /web suffix).',
      env: 'ODOO_URL',
    }),
    db: setting(z.string().min(1), { description: 'Odoo database name.', env: 'ODOO_DB' }),
    user: setting(z.string().min(1).optional(), {
      description:
        'Login of the technical bridge user (needed for JSON-RPC; JSON-2 identifies the user by API key).',
      env: 'ODOO_USER',
    }),
    password: setting(z.string().min(1).optional(), {
      description: 'Password of that user (JSON-RPC only). Prefer an API key.',
      env: 'ODOO_PASSWORD',
      secret: true,
    }),
    apiKey: setting(z.string().min(1).optional(), {
      description:
        'API key of that user (Preferences → Account Security → New API Key). Works over both protocols.',
      env: 'ODOO_API_KEY',
      secret: true,
    }),
    protocol: setting(z.enum(['auto', 'jsonrpc', 'json2']).default('auto'), {
      description: '`auto` uses JSON-2 on Odoo 19+ when an API key is set, JSON-RPC otherwise.',
      env: 'ODOO_PROTOCOL',
    }),
    timeoutMs: setting(z.number().int().min(1000).max(600000).default(60000), {
      description: 'Deadline for one call, in milliseconds.',
      env: 'ODOO_TIMEOUT_MS',
    }),
    maxInFlight: setting(z.number().int().min(1).max(32).default(4), {
      description:
        'Calls sent to Odoo at the same time. Keep at or below the Odoo workers free for the bridge.',
      env: 'ODOO_MAX_IN_FLIGHT',
    }),
    retries: setting(z.number().int().min(0).max(10).default(4), {
      description: 'Retries for transient failures (network, timeout, 5xx, serialization conflicts).',
      env: 'ODOO_RETRIES',
    }),
    retryMinMs: setting(z.number().int().min(10).default(500), {
      description: 'First retry delay in milliseconds; doubles on each retry.',
    }),
    retryMaxMs: setting(z.number().int().min(10).default(15000), {
      description: 'Longest retry delay in milliseconds.',
    }),
    lang: setting(
      z
        .string()
        .regex(/^[a-z]{2,3}(_[A-Z]{2})?(@\w+)?$/)
        .default('en_US'),
      {
        description: 'Language of the API context (`lang`): Odoo answers field labels and errors in it.',
        env: 'ODOO_LANG',
      },
    ),
    tz: setting(z.string().min(1).default('Asia/Jakarta'), {
      description: 'Time zone of the API context (`tz`); the dealer works in Asia/Jakarta (WIB).',
      env: 'ODOO_TZ',
    }),
    companyIds: setting(z.array(z.number().int().positive()).optional(), {
      description:
        'Companies the bridge works in (`allowed_company_ids`); unset means the user’s default company.',
      env: 'ODOO_COMPANY_IDS',
    }),
  })
  .refine((odoo) => odoo.password !== undefined || odoo.apiKey !== undefined, {
    path: ['apiKey'],
    message: 'Give an API key (ODOO_API_KEY) or a password (ODOO_PASSWORD)',
  })
  .refine((odoo) => odoo.protocol !== 'json2' || odoo.apiKey !== undefined, {
    path: ['apiKey'],
    message: 'JSON-2 authenticates with an API key only: set ODOO_API_KEY or choose protocol "jsonrpc"',
  })
  .refine(
    (odoo) =>
      odoo.user !== undefined || odoo.protocol === 'json2' || (odoo.protocol === 'auto' && odoo.apiKey),
    { path: ['user'], message: 'JSON-RPC needs the login of the bridge user: set ODOO_USER' },
  );

const logSchema = z.object({
  level: setting(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'), {
    description: 'Log level. `debug` adds Odoo tracebacks and one line per call.',
    env: 'LOG_LEVEL',
  }),
});

export const configSchema = z.object({
  odoo: odooSchema,
  log: logSchema.prefault({}),
});

export type Config = z.output<typeof configSchema>;
export type OdooConfig = Config['odoo'];
