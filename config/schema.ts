import { z } from 'zod';
import { BRANCH, WOR } from '../src/module/models.js';
import { OCCASIONS } from '../src/rules/notices/greetings.js';

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

/** Whether the runtime knows the IANA zone (`Asia/Jakarta`); abbreviations such as WIB are not zones. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

/**
 * The Odoo base URL as people copy it from the browser, with Odoo's own routes taken off
 * (`/odoo/action-…`, `/web#…`, `/web/login`, `/jsonrpc`) and no trailing slash: every
 * command then talks to the server's root, as `doctor` would advise.
 */
export function odooBaseUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  parsed.search = '';
  parsed.pathname = parsed.pathname.replace(/\/(odoo|web|jsonrpc|json)(\/.*)?$/, '').replace(/\/+$/, '');
  return parsed.toString().replace(/\/+$/, '');
}

const odooSchema = z
  .object({
    url: setting(
      z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).transform(odooBaseUrl),
      {
        description:
          'Base URL of the Odoo server, e.g. https://erp.dealer.co.id (a URL copied from the browser, ending in /odoo/… or /web, is cut back to it).',
        env: 'ODOO_URL',
      },
    ),
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
      description:
        'Retries a transient failure (network, timeout, 5xx, serialization conflict) gets at least; `retryWindowMs` may give more.',
      env: 'ODOO_RETRIES',
    }),
    retryWindowMs: setting(z.number().int().min(0).max(600000).default(60000), {
      description:
        'How long a call is retried while Odoo is out of reach (connection refused or reset, no reply within `timeoutMs`, a proxy answering 502/503), from its first failure, pauses doubling up to `retryMaxMs`: rides out an Odoo restart. A keyed create whose reply was lost is looked up by its key before it is sent again. 0: `retries` alone.',
      env: 'ODOO_RETRY_WINDOW_MS',
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
        .default('id_ID'),
      {
        description:
          "Language the bridge works in (the API context's `lang`): Odoo writes its own texts the bridge triggers (activity feedback, mail subjects) and its errors in it. Loaded into Odoo at install when missing.",
        env: 'ODOO_LANG',
      },
    ),
    tz: setting(
      z
        .string()
        .min(1)
        .refine(isTimeZone, {
          message:
            'must be an IANA time zone such as "Asia/Jakarta" (WIB), "Asia/Makassar" (WITA) or "Asia/Jayapura" (WIT)',
        })
        .default('Asia/Jakarta'),
      {
        description: 'Time zone of the API context (`tz`); the dealer works in Asia/Jakarta (WIB).',
        env: 'ODOO_TZ',
      },
    ),
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

const aliases = (names: string[], description: string) =>
  setting(z.array(z.string().min(1)).min(1).default(names), { description });

/**
 * Header texts by which each value's column is recognised (case, spaces and
 * punctuation ignored). The portal's layout is not fixed: add the headers your
 * export uses.
 */
const ENGINE_HEADERS = ['No Mesin', 'Nomor Mesin', 'Engine No', 'Engine Number', 'No Engine'];

const cdbColumns = z.object({
  engineNumber: aliases(ENGINE_HEADERS, 'CDB column headers of the engine number (required).'),
  frameNumber: aliases(
    ['No Rangka', 'Nomor Rangka', 'Frame No', 'No Chassis', 'No Chasis'],
    'CDB: frame number.',
  ),
  ownerName: aliases(
    ['Nama Konsumen', 'Nama Pemilik', 'Nama Customer', 'Nama Pelanggan', 'Nama'],
    'CDB: owner name.',
  ),
  phone: aliases(
    ['No HP', 'Nomor HP', 'No Handphone', 'HP', 'No Telp', 'Telepon', 'No WA'],
    'CDB: phone number.',
  ),
  address: aliases(['Alamat', 'Alamat Konsumen', 'Alamat Pemilik'], 'CDB: street address.'),
  city: aliases(['Kota/Kabupaten', 'Kota', 'Kabupaten', 'Kab/Kota'], 'CDB: city or regency.'),
  modelName: aliases(['Tipe Motor', 'Tipe', 'Type', 'Tipe Unit', 'Model'], 'CDB: motorcycle model.'),
  color: aliases(['Warna'], 'CDB: colour.'),
  purchaseDate: aliases(
    [
      'Tgl Beli',
      'Tanggal Beli',
      'Tgl Pembelian',
      'Tanggal Pembelian',
      'Tgl Faktur',
      'Tanggal Faktur',
      'Tgl Jual',
    ],
    'CDB column headers of the purchase date (required).',
  ),
  dealerCode: aliases(
    ['Kode Dealer', 'Kode AHASS', 'Dealer'],
    'CDB: selling dealer code, matched to a branch’s dealer code.',
  ),
});

const kpbHeaders = (n: number) => [`Tgl KPB ${n}`, `Tanggal KPB ${n}`, `KPB ${n}`, `Tgl Servis KPB ${n}`];

const a2Columns = z.object({
  engineNumber: aliases(ENGINE_HEADERS, 'A2 column headers of the engine number (required).'),
  kpb1Date: aliases(kpbHeaders(1), 'A2, one row per unit: date KPB 1 was done.'),
  kpb2Date: aliases(kpbHeaders(2), 'A2, one row per unit: date KPB 2 was done.'),
  kpb3Date: aliases(kpbHeaders(3), 'A2, one row per unit: date KPB 3 was done.'),
  kpb4Date: aliases(kpbHeaders(4), 'A2, one row per unit: date KPB 4 was done.'),
  kpbNumber: aliases(['KPB Ke', 'Jenis KPB', 'No KPB', 'KPB'], 'A2, one row per service: which KPB (1–4).'),
  serviceDate: aliases(
    ['Tgl Servis', 'Tanggal Servis', 'Tgl Service', 'Tanggal Service'],
    'A2, one row per service: the service date.',
  ),
  km: aliases(['KM Terakhir', 'KM', 'Kilometer', 'Odometer'], 'A2: odometer reading at the service.'),
});

/** Paper pre-work-orders (Pra WO) typed into a spreadsheet by a workshop admin (`import --kind wor`). */
const worColumns = z.object({
  woNumber: aliases(
    ['No WO', 'Nomor WO', 'No Pra WO', 'No. WO'],
    'Pra WO: work-order number (the WOR’s key within its branch; without it, visit date and engine number).',
  ),
  visitDate: aliases(
    ['Tanggal', 'Tgl Servis', 'Tanggal Kunjungan', 'Tgl WO'],
    'Pra WO column headers of the visit date (required).',
  ),
  dealerCode: aliases(
    ['Kode Dealer', 'Kode AHASS', 'Cabang'],
    'Pra WO: the workshop’s dealer code, matched to a branch’s dealer code (or `--branch` for the whole file).',
  ),
  engineNumber: aliases(ENGINE_HEADERS, 'Pra WO column headers of the engine number (required).'),
  carrierName: aliases(
    ['Nama Pembawa', 'Nama', 'Nama Konsumen', 'Nama Customer'],
    'Pra WO column headers of the name of the person who brought the unit (required).',
  ),
  carrierPhone: aliases(
    ['No HP', 'No HP Pembawa', 'Nomor HP', 'HP', 'No WA', 'Telepon'],
    'Pra WO: that person’s phone.',
  ),
  carrierAddress: aliases(['Alamat', 'Alamat Pembawa'], 'Pra WO: that person’s address.'),
  frameNumber: aliases(
    ['No Rangka', 'Nomor Rangka', 'Frame No', 'No Chassis', 'No Chasis'],
    'Pra WO: frame number.',
  ),
  modelName: aliases(['Tipe Motor', 'Tipe', 'Type'], 'Pra WO: motorcycle model.'),
  serviceType: aliases(
    ['Jenis Servis', 'Jenis Service', 'Servis', 'KPB'],
    'Pra WO: service type (`KPB 1`…`KPB 4`, `1`…`4`, `Reguler`).',
  ),
  advisor: aliases(
    ['Service Advisor', 'SA', 'Nama SA'],
    'Pra WO: the service advisor who took the unit in (optional; the satisfaction evaluation per SA).',
  ),
});

const importSchema = z.object({
  chunkSize: setting(z.number().int().min(100).max(20000).default(2000), {
    description: 'Report rows per batch of Odoo reads and writes (about four calls per chunk).',
    env: 'IMPORT_CHUNK_SIZE',
  }),
  defaultBranch: setting(
    z
      .string()
      .trim()
      .min(1)
      .transform((code) => code.toUpperCase())
      .optional(),
    {
      description:
        'Dealer code (a branch’s *Kode Dealer*) of the branch that takes units whose CDB dealer code is empty or names no branch; for a dealer with a single branch. Unset: such units stay without a branch and get no KPB follow-up until a branch carries their code. A code no branch has stops the import and the schedule with an error.',
      env: 'IMPORT_DEFAULT_BRANCH',
    },
  ),
  sheet: setting(z.string().trim().min(1).optional(), {
    description:
      'XLSX only: the name of the worksheet to import (as on its tab, e.g. `Data`); unset: the first worksheet. A workbook without a sheet of that name fails its import with the sheets it has.',
    env: 'IMPORT_SHEET',
  }),
  cdbColumns: cdbColumns.prefault({}),
  a2Columns: a2Columns.prefault({}),
  worColumns: worColumns.prefault({}),
});

const cron = (value: string, description: string) =>
  setting(
    z
      .string()
      .regex(/^(\S+\s+){4,5}\S+$/, { message: 'must be a cron expression such as "*/5 * * * *"' })
      .default(value),
    { description },
  );

const daemonSchema = z.object({
  host: setting(z.string().min(1).default('127.0.0.1'), {
    description:
      'Address of the health, metrics and webhook endpoint (`/healthz`, `/metrics`, `/webhook/wor`, `/webhook/import`); keep it local, or on a private network when Odoo runs on another machine and calls the webhook.',
    env: 'DAEMON_HOST',
  }),
  port: setting(z.number().int().min(1).max(65535).default(9464), {
    description: 'Port of the health and metrics endpoint.',
    env: 'DAEMON_PORT',
  }),
  leaseSeconds: setting(z.number().int().min(10).max(3600).default(120), {
    description:
      'How long the daemon’s lease in Odoo lasts without renewal; a second daemon on the same database takes over after it.',
    env: 'DAEMON_LEASE_SECONDS',
  }),
  importCron: cron(
    '* * * * *',
    'When to look for import batches uploaded in Odoo and process them (dealer time zone); a look that finds none is one search. A webhook from Odoo runs it at once.',
  ),
  scheduleCron: cron(
    '0 6 * * *',
    'When to create the day’s KPB follow-ups (dealer time zone); the daemon also runs it right after import batches wrote rows.',
  ),
  outcomesCron: cron(
    '*/10 * * * *',
    'When to apply the SOP to recorded follow-up results (dealer time zone).',
  ),
  worCron: cron(
    '*/5 * * * *',
    'When to reconcile new and changed WORs (polling; a webhook from Odoo runs it at once).',
  ),
  summariesCron: cron(
    '*/15 * * * *',
    'When to refresh the daily summaries; each branch’s is e-mailed once its end-of-day hour has passed.',
  ),
  careCron: cron(
    '*/5 * * * *',
    'Customer care (dealer time zone): write new contacts on the customers’ chatter, open complaints from disappointed follow-ups, count the complaints’ service-level deadlines in working hours and escalate the late ones.',
  ),
  kpiCron: cron(
    '15 7 * * *',
    'When to recompute the KPI scorecards of the Customer Relations Officers (dealer time zone); on the first working day of an audit week it draws the samples and gives the Head of Marketing the validation activities.',
  ),
  leadsCron: cron(
    '*/10 * * * *',
    'When to check the leads of the H23 team (dealer time zone): missing data, possible duplicates, quotation dates, leads without progress. Needs Odoo’s CRM.',
  ),
  greetingsCron: cron(
    '0 8 * * *',
    'When to send the holiday greetings (dealer time zone); on other days the job does nothing.',
  ),
  remindersCron: cron(
    '45 1 * * *',
    'When to make the reminders after KPB 4 and the win-backs (dealer time zone): nightly, after the segments.',
  ),
  segmentsCron: cron(
    '30 1 * * *',
    'When to recompute the customer segments from service history (dealer time zone): nightly, after the day’s WORs are in.',
  ),
  loyaltyCron: cron(
    '45 1 * * *',
    'When to run the loyalty programme (dealer time zone): nightly, after the segments (`segmentsCron`) it reads.',
  ),
  auditCron: cron(
    '0 2 1 1,7 *',
    'When to run the data-hygiene audit (duplicates and inaccurate customer data, SOP LD-6 "every 6 months"; dealer time zone): 1 January and 1 July at 02:00 by default.',
  ),
  surveysCron: cron(
    '45 * * * *',
    'Satisfaction surveys (dealer time zone): invite the customers of the day’s done services, read the answers back, open complaints for detractors, count the monthly evaluation and e-mail last month’s to the branch heads.',
  ),
  qualityCron: cron(
    '30 * * * *',
    'When to refresh the data-quality records per branch (customer data complete, WORs of the day).',
  ),
  webhookToken: setting(z.string().min(24, { message: 'must be at least 24 characters' }).optional(), {
    description:
      'Shared secret Odoo’s webhook rule sends (`h23-bridge webhook install` puts it in the rule’s URL); unset disables `/webhook/*` (404). Use a long random string, e.g. `openssl rand -hex 24`.',
    env: 'H23_WEBHOOK_TOKEN',
    secret: true,
  }),
});

const worField = (name: string | null, description: string) =>
  setting(z.string().regex(/^\w+$/, { message: 'must be a field name' }).nullable().default(name), {
    description,
  });

/**
 * Where workshop registrations (WOR) are read. By default the module's own
 * `WOR`; a dealer whose DMS sync already fills a WOR model of its own
 * names it and its fields here: the bridge mirrors those records into
 * `WOR`, where the reconciliation and the admin's review happen.
 * The defaults are the module's WOR fields (src/module/models.ts).
 */
const { f: worDefaults } = WOR;
const worFields = z.object({
  name: worField(worDefaults.name, 'WOR field: work-order number.'),
  visitDate: worField(worDefaults.visitDate, 'WOR field: visit date (date or datetime).'),
  branch: worField(
    worDefaults.branch,
    `WOR field: branch (a link to ${BRANCH.model}, or a char holding the branch’s dealer code).`,
  ),
  engineNumber: worField(worDefaults.engineNumber, 'WOR field: engine number (required).'),
  carrierName: worField(
    worDefaults.carrierName,
    'WOR field: name of the person who brought the unit (required).',
  ),
  carrierPhone: worField(worDefaults.carrierPhone, 'WOR field: that person’s phone.'),
  carrierAddress: worField(worDefaults.carrierAddress, 'WOR field: that person’s address.'),
  frameNumber: worField(worDefaults.frameNumber, 'WOR field: frame number.'),
  modelName: worField(worDefaults.modelName, 'WOR field: motorcycle model.'),
  serviceType: worField(
    worDefaults.serviceType,
    'WOR field: service type (values kpb1…kpb4 or regular; `KPB 1` and `1` are understood too).',
  ),
});

const worSchema = z.object({
  model: setting(
    z
      .string()
      .regex(/^[a-z_][a-z0-9_.]*$/, { message: `must be an Odoo model name such as ${WOR.model}` })
      .default(WOR.model),
    {
      description: `Odoo model the WORs are read from. Another model (the dealer’s own) is mirrored into ${WOR.model}.`,
      env: 'WOR_MODEL',
    },
  ),
  fields: worFields.prefault({}),
  batchSize: setting(z.number().int().min(10).max(5000).default(500), {
    description: 'WORs read and reconciled per batch (about ten Odoo calls per batch).',
    env: 'WOR_BATCH_SIZE',
  }),
});

/**
 * FU1 by WhatsApp (SOP 4.2.3). `api`: the bridge sends the approved template through the
 * WhatsApp Business Cloud API and reads deliveries and replies from its webhook. `manual`: for
 * dealers on the WhatsApp Business app, the FU1 activity carries a wa.me link with the same text
 * prefilled and the admin records what happened. `off`: FU1 stays a plain activity.
 */
const whatsappSchema = z
  .object({
    mode: setting(z.enum(['off', 'manual', 'api']).default('manual'), {
      description:
        '`api` sends FU1 through the Cloud API; `manual` puts a wa.me link with the text in the FU1 activity; `off` neither.',
      env: 'WHATSAPP_MODE',
    }),
    apiUrl: setting(z.url({ protocol: /^https?$/ }).default('https://graph.facebook.com'), {
      description: 'Graph API base URL (a test emulator’s URL in tests).',
      env: 'WHATSAPP_API_URL',
    }),
    apiVersion: setting(
      z
        .string()
        .regex(/^v\d+\.\d+$/, { message: 'must be a Graph API version such as v23.0' })
        .default('v23.0'),
      { description: 'Graph API version.', env: 'WHATSAPP_API_VERSION' },
    ),
    phoneNumberId: setting(z.string().regex(/^\d+$/, { message: 'must be digits' }).optional(), {
      description: 'The business phone number’s ID (WhatsApp Manager → API Setup).',
      env: 'WHATSAPP_PHONE_NUMBER_ID',
    }),
    businessAccountId: setting(z.string().regex(/^\d+$/, { message: 'must be digits' }).optional(), {
      description: 'The WhatsApp Business Account ID, to read the templates’ approval state.',
      env: 'WHATSAPP_BUSINESS_ACCOUNT_ID',
    }),
    token: setting(z.string().min(20).optional(), {
      description:
        'System-user access token with whatsapp_business_messaging and whatsapp_business_management.',
      env: 'WHATSAPP_TOKEN',
      secret: true,
    }),
    appSecret: setting(z.string().min(16).optional(), {
      description: 'The Meta app’s secret: webhook posts are accepted only when signed with it.',
      env: 'WHATSAPP_APP_SECRET',
      secret: true,
    }),
    verifyToken: setting(z.string().min(16).optional(), {
      description:
        'The token Meta sends when the webhook URL is verified (your choice, also entered in the app’s webhook settings).',
      env: 'WHATSAPP_VERIFY_TOKEN',
      secret: true,
    }),
    messagesPerSecond: setting(z.number().int().min(1).max(1000).default(80), {
      description:
        'Sending rate of the business number (Meta’s default throughput is 80 messages per second).',
      env: 'WHATSAPP_MESSAGES_PER_SECOND',
    }),
    messagingLimit: setting(z.enum(['250', '2000', '10000', '100000', 'unlimited']).default('250'), {
      description:
        'The portfolio’s messaging limit (WhatsApp Manager → Insights): different customers reached outside a service window per rolling 24 hours. FU1s over it wait for the next days, oldest due first.',
      env: 'WHATSAPP_MESSAGING_LIMIT',
    }),
    marketingEndpoint: setting(z.boolean().default(true), {
      description:
        'Send templates whose latest category is MARKETING to /marketing_messages, as Meta asks; off for an account not onboarded to the Marketing Messages API.',
      env: 'WHATSAPP_MARKETING_ENDPOINT',
    }),
    blastCron: cron(
      '0 8-19 * * 1-6',
      'When to send the FU1 WhatsApp blast (dealer time zone): hourly within the sending hours, Monday–Saturday, so what the messaging limit held back goes as soon as the limit allows; a run with nothing due sends nothing.',
    ),
    sendFromHour: setting(z.number().int().min(0).max(23).default(8), {
      description:
        'No FU1 WhatsApp goes out before this hour (dealer time), also when the daemon catches up after a stop.',
      env: 'WHATSAPP_SEND_FROM_HOUR',
    }),
    sendUntilHour: setting(z.number().int().min(1).max(24).default(20), {
      description:
        'No FU1 WhatsApp goes out from this hour on (dealer time); what is left goes the next morning.',
      env: 'WHATSAPP_SEND_UNTIL_HOUR',
    }),
    spoolDir: setting(z.string().min(1).default('.h23-bridge/whatsapp'), {
      description:
        'Folder (relative to the working directory, or absolute) where webhook bodies wait between Meta’s call and their processing, so none is lost if the daemon stops.',
      env: 'WHATSAPP_SPOOL_DIR',
    }),
    timeoutMs: setting(z.number().int().min(1000).max(120000).default(20000), {
      description:
        'Deadline for one Cloud API request; a send without a reply by then is uncertain and never repeated.',
      env: 'WHATSAPP_TIMEOUT_MS',
    }),
    maxWebhookBytes: setting(z.number().int().min(1024).max(10_000_000).default(1_000_000), {
      description: 'Largest webhook body accepted; a bigger one is refused (413) before it is read.',
      env: 'WHATSAPP_MAX_WEBHOOK_BYTES',
    }),
  })
  .superRefine((value, context) => {
    if (value.mode !== 'api') return;
    for (const key of ['phoneNumberId', 'businessAccountId', 'token', 'appSecret', 'verifyToken'] as const) {
      if (!value[key])
        context.addIssue({ code: 'custom', path: [key], message: 'required when whatsapp.mode is api' });
    }
  });

const serviceLevel = (acknowledgeHours: number, solutionHours: number, severity: string, env: string) =>
  z
    .object({
      acknowledgeHours: setting(z.number().positive().max(2000).default(acknowledgeHours), {
        description: `${severity} complaints: working hours to acknowledge (leave Diterima) from when it was received.`,
        env: `${env}_ACKNOWLEDGE_HOURS`,
      }),
      solutionHours: setting(z.number().positive().max(2000).default(solutionHours), {
        description: `${severity} complaints: working hours to deliver the solution from when it was received.`,
        env: `${env}_SOLUTION_HOURS`,
      }),
    })
    .prefault({})
    .refine((level) => level.solutionHours >= level.acknowledgeHours, {
      path: ['solutionHours'],
      message: 'must be at least acknowledgeHours',
    });

/**
 * Complaint service levels (SOP CRM Tahap 3), in the branch's working hours (its calendar, its
 * holidays and cuti bersama; a working day is about 8 hours).
 */
const complaintsSchema = z.object({
  serviceLevels: z
    .object({
      critical: serviceLevel(1, 8, 'Critical (Kritis)', 'COMPLAINT_CRITICAL'),
      high: serviceLevel(2, 16, 'High (Tinggi)', 'COMPLAINT_HIGH'),
      medium: serviceLevel(4, 16, 'Medium (Sedang)', 'COMPLAINT_MEDIUM'),
      low: serviceLevel(8, 40, 'Low (Rendah)', 'COMPLAINT_LOW'),
    })
    .prefault({}),
});

const kpiWeight = (kpi: string, weight: number, what: string) =>
  setting(z.number().min(0).max(100).default(weight), {
    description: `${kpi} (${what}): its weight ("Bobot") in points; the seed's weights sum to 70.`,
    env: `KPI_WEIGHT_${kpi.replace('-', '')}`,
  });

const share = (value: number, description: string, env: string) =>
  setting(z.number().gt(0).max(1).default(value), { description, env });

/** The KPI scorecard of the Customer Relations Officer (seed 003): targets, weights, windows. */
const kpiSchema = z.object({
  revenueSource: setting(z.enum(['auto', 'invoices', 'orders']).default('auto'), {
    description:
      'Where KPI-3 revenue (and KPI-4 to KPI-6 sales) come from: posted customer invoices, confirmed sales orders, or `auto` (invoices where Invoicing is installed, else orders).',
    env: 'KPI_REVENUE_SOURCE',
  }),
  repliedInTimeTarget: share(
    0.9,
    'KPI-1 target: share of sampled messages approved and answered within 1×24 working hours.',
    'KPI_REPLIED_IN_TIME_TARGET',
  ),
  fastAndRepresentativeTarget: share(
    0.9,
    'KPI-2 target: share of sampled messages approved, representative and answered fast.',
    'KPI_FAST_REPRESENTATIVE_TARGET',
  ),
  fastReplyWorkingHours: setting(z.number().positive().max(200).nullable().default(null), {
    description:
      'KPI-2 "waktu tercepat": a reply counts as fast within this many working hours; unset: within 1×24 jam, as the seed words it.',
    env: 'KPI_FAST_REPLY_WORKING_HOURS',
  }),
  revenueGrowthTarget: setting(z.number().positive().max(10).default(0.1), {
    description: 'KPI-3 target: revenue growth over the previous quarter (0.1 = +10%).',
    env: 'KPI_REVENUE_GROWTH_TARGET',
  }),
  newCustomersPerYear: setting(z.number().positive().max(100000).default(5), {
    description: 'KPI-4 target: new customers a year per officer (a quarter counts a quarter of it).',
    env: 'KPI_NEW_CUSTOMERS_PER_YEAR',
  }),
  followUpsPerMonth: setting(z.number().int().positive().max(10000).default(15), {
    description: 'KPI-5 target: past buyers followed up for a re-order per officer and month.',
    env: 'KPI_FOLLOW_UPS_PER_MONTH',
  }),
  reorderConversionTarget: share(
    0.3,
    'KPI-6 target: share of followed-up customers who order again. The seed names none; set the dealer’s own.',
    'KPI_REORDER_CONVERSION_TARGET',
  ),
  reorderWindowDays: setting(z.number().int().min(1).max(365).default(30), {
    description: 'KPI-6: an order within this many days after the follow-up counts as its re-order.',
    env: 'KPI_REORDER_WINDOW_DAYS',
  }),
  weights: z
    .object({
      'KPI-1': kpiWeight('KPI-1', 10, 'messages answered within 1×24 jam'),
      'KPI-2': kpiWeight('KPI-2', 5, 'fast and representative replies'),
      'KPI-3': kpiWeight('KPI-3', 20, 'revenue growth'),
      'KPI-4': kpiWeight('KPI-4', 15, 'new customers'),
      'KPI-5': kpiWeight('KPI-5', 10, 're-order follow-ups'),
      'KPI-6': kpiWeight('KPI-6', 10, 're-order conversion'),
    })
    .prefault({}),
});

const months = (value: number, description: string, env: string) =>
  setting(z.number().int().min(1).max(120).default(value), { description, env });

/** Customer segments from service history (issue 15, SOP CRM stage 4). */
const segmentsSchema = z
  .object({
    loyalVisits: setting(z.number().int().min(1).max(100).default(4), {
      description:
        'Loyal: an active customer with at least this many service visits (distinct days) within `loyalWindowMonths`.',
      env: 'SEGMENTS_LOYAL_VISITS',
    }),
    activeMonths: months(
      12,
      'Aktif: serviced within this many months (the day that many months ago included); older: Berisiko.',
      'SEGMENTS_ACTIVE_MONTHS',
    ),
    lostAfterMonths: months(
      24,
      'Hilang: last service longer ago than this many months (from the day after); between: Berisiko.',
      'SEGMENTS_LOST_AFTER_MONTHS',
    ),
    loyalWindowMonths: months(
      24,
      'The months in which visits count towards Loyal and the frequency score, and spend towards the monetary score.',
      'SEGMENTS_LOYAL_WINDOW_MONTHS',
    ),
  })
  .refine((segments) => segments.lostAfterMonths >= segments.activeMonths, {
    message: 'lostAfterMonths must be at least activeMonths',
    path: ['lostAfterMonths'],
  });

/** Reminders after KPB 4 and win-backs (issue 15, SOP CRM stage 4). */
const remindersSchema = z.object({
  intervalMonths: months(
    2,
    'Months between regular services after KPB 4: a reminder follow-up is due this long after the customer’s last service.',
    'REMINDERS_INTERVAL_MONTHS',
  ),
  intervalKm: setting(z.number().int().min(0).max(50_000).default(2000), {
    description:
      'Kilometres between regular services: where the A2 report gave an odometer, the reminder comes when either this or `intervalMonths` is due first (0: months only).',
    env: 'REMINDERS_INTERVAL_KM',
  }),
  noResponseGraceDays: setting(z.number().int().min(1).max(60).default(14), {
    description: 'Days after its due date an unanswered reminder closes, so that the next one can come.',
    env: 'REMINDERS_NO_RESPONSE_GRACE_DAYS',
  }),
  winBack: setting(z.boolean().default(true), {
    description: 'A win-back follow-up once per lapse for a customer who turns Berisiko.',
    env: 'REMINDERS_WIN_BACK',
  }),
});

/** The leads pipeline (issue 17, SOP Manajemen Hubungan Pelanggan). */
const leadsSchema = z.object({
  staleDays: setting(z.number().int().min(1).max(90).default(7), {
    description:
      'Days without any change (a stage, a note, a logged call) after which a lead of the H23 team gets a reminder activity for its salesperson.',
    env: 'LEADS_STALE_DAYS',
  }),
  recontactMonths: setting(z.array(z.number().int().min(1).max(120)).min(1).max(6).default([12, 24]), {
    description:
      'Months after a project’s completion (the handover, BAST) its client, now a past client, gets a re-contact activity for the salesperson; once each (SOP LD-5: after 1–2 years).',
    env: 'LEADS_RECONTACT_MONTHS',
  }),
});
/** Holiday greetings and promos to every contact (issue 17, SOP LD-5). */
const greetingsSchema = z.object({
  enabled: setting(z.boolean().default(true), {
    description:
      'Greet every contact with a phone or e-mail on the national holidays of `greetings.occasions` (from the holiday data), once per contact per occasion, by WhatsApp template (purpose Ucapan) or e-mail; never to one who opted out.',
    env: 'GREETINGS_ENABLED',
  }),
  occasions: setting(
    z
      .array(z.enum(OCCASIONS))
      .default(['tahun_baru', 'imlek', 'nyepi', 'idul_fitri', 'waisak', 'idul_adha', 'natal']),
    {
      description: `The holidays greeted: ${OCCASIONS.join(', ')}.`,
      env: 'GREETINGS_OCCASIONS',
    },
  ),
  promo: setting(z.string().min(1).max(500).optional(), {
    description:
      'A promo line added to the greeting e-mail (Bahasa Indonesia), e.g. "Diskon jasa servis 20% sampai akhir bulan". A WhatsApp template carries its own text.',
    env: 'GREETINGS_PROMO',
  }),
});

/**
 * The loyalty programme (issue 15, SOP CRM stage 4): tiers from the stored segment and the visits
 * in the segments' loyal window, enrolment, downgrades, effectiveness. Gold is the segment Loyal
 * (`segments.loyalVisits`); Silver and Platinum are set here.
 */
const loyaltySchema = z
  .object({
    enabled: setting(z.boolean().default(true), {
      description:
        'Run the loyalty programme: enrol members nightly after the segments, announce enrolments and upgrades, count the month. Off: the daemon skips it.',
      env: 'LOYALTY_ENABLED',
    }),
    silverVisits: setting(z.number().int().min(1).max(100).default(2), {
      description:
        'Silver: an Aktif customer with at least this many service visits (distinct days) within `segments.loyalWindowMonths`. Gold is every Loyal customer.',
      env: 'LOYALTY_SILVER_VISITS',
    }),
    platinumVisits: setting(z.number().int().min(2).max(200).default(8), {
      description:
        'Platinum: a Loyal customer with at least this many visits within `segments.loyalWindowMonths` (8 in 24 months: a service every quarter).',
      env: 'LOYALTY_PLATINUM_VISITS',
    }),
    platinumSpend: setting(z.number().min(0).default(5_000_000), {
      description:
        'Platinum too: a Loyal customer whose posted invoices within `segments.loyalWindowMonths` total at least this many rupiah (untaxed), where the dealer invoices in Odoo; 0 = by visits only.',
      env: 'LOYALTY_PLATINUM_SPEND',
    }),
    downgradeAfterDays: setting(z.number().int().min(0).max(730).default(90), {
      description:
        'A member is downgraded only after qualifying for a lower tier this many days in a row (never below Silver while not Hilang); upgrades are at once, a Hilang member lapses at once.',
      env: 'LOYALTY_DOWNGRADE_AFTER_DAYS',
    }),
    effectMonths: setting(z.number().int().min(1).max(12).default(6), {
      description:
        'Effectiveness: visits in this many months before enrolment against as many after, for members enrolled at least that long ago (at most 12: the visits the segments read in full).',
      env: 'LOYALTY_EFFECT_MONTHS',
    }),
    notify: setting(z.boolean().default(true), {
      description:
        'Announce enrolments and upgrades to the customer (WhatsApp template or e-mail, through the customer notices; opted-out customers get none).',
      env: 'LOYALTY_NOTIFY',
    }),
  })
  .refine((loyalty) => loyalty.platinumVisits > loyalty.silverVisits, {
    message: 'platinumVisits must be above silverVisits',
    path: ['platinumVisits'],
  });

/** The data-hygiene audit: duplicates and inaccurate customer data (issue 17, SPEC LD-6, CRM-1). */
const auditSchema = z.object({
  intervalMonths: setting(z.number().int().min(1).max(60).default(6), {
    description:
      'The daemon audits when the last audit (scheduled or `h23-bridge audit duplicates`) is this many months old or more, checked at `daemon.auditCron` and at start-up; SOP LD-6: every 6 months.',
    env: 'AUDIT_INTERVAL_MONTHS',
  }),
  autoMerge: setting(z.boolean().default(true), {
    description:
      'Let the bridge merge the duplicate groups at or above `autoMergeCertainty` itself (Odoo’s merge wizard); false: only the groups the PIC marked Gabungkan are merged.',
    env: 'AUDIT_AUTO_MERGE',
  }),
  autoMergeCertainty: setting(z.number().int().min(50).max(100).default(95), {
    description:
      'The certainty (0–100) from which the bridge merges a group without review. 95 takes the same name (titles aside) with two shared identifiers (phone and e-mail, phone and engine number…); one identifier scores at most 90.',
    env: 'AUDIT_AUTO_MERGE_CERTAINTY',
  }),
  minNameSimilarity: setting(z.number().min(0.5).max(1).default(0.8), {
    description:
      'The least name similarity (0–1, titles removed; a typing error costs 0.05, an initial 0.1, a missing word 10–20%) for two customers to be proposed as duplicates.',
    env: 'AUDIT_MIN_NAME_SIMILARITY',
  }),
  minPairScore: setting(z.number().int().min(1).max(100).default(60), {
    description: 'The least score (0–100) of a pair of customers for a duplicate group.',
    env: 'AUDIT_MIN_PAIR_SCORE',
  }),
  maxBlockSize: setting(z.number().int().min(2).max(1000).default(25), {
    description:
      'Customers sharing one phone, e-mail, address or engine number beyond this many are not compared (an office or leasing number typed for all its customers).',
    env: 'AUDIT_MAX_BLOCK_SIZE',
  }),
});

const days = (value: number, max: number, description: string, env: string) =>
  setting(z.number().int().min(1).max(max).default(value), { description, env });

/** Satisfaction surveys after a service (issue 15, SOP CRM stage 5) in Odoo's Surveys app. */
const surveysSchema = z.object({
  maxAgeDays: days(
    7,
    90,
    'A done service older than this many days gets no survey invitation (the first run does not ask last year’s customers).',
    'SURVEYS_MAX_AGE_DAYS',
  ),
  matchDays: days(
    3,
    30,
    'A KPB follow-up marked done within this many days of a WOR of its unit is that visit (one invitation, answers on both).',
    'SURVEYS_MATCH_DAYS',
  ),
  answerDays: days(
    30,
    180,
    'How long after the visit the survey link stays open and its answer is read back.',
    'SURVEYS_ANSWER_DAYS',
  ),
  reportDay: setting(z.number().int().min(1).max(28).default(5), {
    description:
      'From this day of a month on, last month’s satisfaction evaluation is e-mailed (once) to each branch head, the area coordinator in copy.',
    env: 'SURVEYS_REPORT_DAY',
  }),
});

export const configSchema = z.object({
  odoo: odooSchema,
  import: importSchema.prefault({}),
  wor: worSchema.prefault({}),
  daemon: daemonSchema.prefault({}),
  whatsapp: whatsappSchema.prefault({}),
  complaints: complaintsSchema.prefault({}),
  kpi: kpiSchema.prefault({}),
  segments: segmentsSchema.prefault({}),
  reminders: remindersSchema.prefault({}),
  leads: leadsSchema.prefault({}),
  loyalty: loyaltySchema.prefault({}),
  greetings: greetingsSchema.prefault({}),
  audit: auditSchema.prefault({}),
  surveys: surveysSchema.prefault({}),
  log: logSchema.prefault({}),
});

export type Config = z.output<typeof configSchema>;
export type OdooConfig = Config['odoo'];
export type ImportConfig = Config['import'];
export type DaemonConfig = Config['daemon'];
export type WorConfig = Config['wor'];
export type WhatsAppConfig = Config['whatsapp'];
export type ComplaintsConfig = Config['complaints'];
export type KpiConfig = Config['kpi'];
export type SegmentsConfig = Config['segments'];
export type RemindersConfig = Config['reminders'];
export type LeadsConfig = Config['leads'];
export type LoyaltyConfig = Config['loyalty'];
export type SurveysConfig = Config['surveys'];
