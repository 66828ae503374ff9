import type { Logger } from '../../logging/logger.js';
import { chunk, groupWrites, type RecordUpdate } from './batching.js';
import { type Dialect, dialectFor } from './dialect.js';
import { isDataError, isOdooError, OdooError } from './errors.js';
import type { FieldMap } from './field-values.js';
import { HttpChannel } from './http.js';
import { JsonRpcTransport } from './json-rpc-transport.js';
import { Json2Transport } from './json2-transport.js';
import { Limiter } from './limiter.js';
import { OdooLink } from './link-state.js';
import {
  isIdempotentMethod,
  isOutage,
  mayHaveRun,
  type RetrySettings,
  retryAgain,
  retryPause,
  shouldRetry,
} from './retry-policy.js';
import type { OdooContext, Protocol, ServerVersion, Transport } from './transport.js';
import { parseServerVersion } from './version.js';
import { WebSessionTransport } from './web-session-transport.js';

export type Domain = readonly unknown[];
export type OdooRecord = Record<string, unknown> & { id: number };
export type ProtocolChoice = Protocol | 'auto';

export interface OdooConnection {
  url: string;
  db: string;
  /** Login; needed for JSON-RPC, unused by JSON-2 (the API key names the user). */
  user?: string | undefined;
  password?: string | undefined;
  apiKey?: string | undefined;
  protocol: ProtocolChoice;
  timeoutMs: number;
  maxInFlight: number;
  retry: RetrySettings;
  /** Merged into every call's context: `lang`, `tz`, `allowed_company_ids`. */
  context: OdooContext;
}

export interface CallOptions {
  context?: OdooContext;
  /**
   * Whether sending the call twice is harmless. Defaults from the method name;
   * pass `true` for a create guarded by a stable key (e.g. `load` with external IDs).
   */
  idempotent?: boolean;
}

export interface SearchOptions {
  limit?: number;
  offset?: number;
  order?: string;
  context?: OdooContext;
  /**
   * Many2one values as bare ids instead of `[id, display name]` (`load=None`):
   * Odoo then computes no display names, which makes wide reads several times faster.
   */
  idsOnly?: boolean;
}

export interface ItemOutcome {
  index: number;
  id?: number;
  error?: OdooError;
}

/** Throws the first row Odoo refused, with Odoo's own message: what the caller needs whole. */
export function throwFirstRefusal(outcomes: readonly ItemOutcome[]): void {
  const refused = outcomes.find((outcome) => outcome.error);
  if (refused?.error) throw refused.error;
}

/** Failures that point at the data sent (not at the connection): worth isolating row by row. */

/**
 * Typed client for Odoo's external API. One entry point, {@link call}, over a
 * swappable transport (JSON-RPC or JSON-2), with a bound on calls in flight,
 * retries for transient failures only, and batch helpers that never make one
 * call per record.
 */
export class OdooClient {
  private callCount = 0;
  /** What differs on this server's version (field names, view markup, methods). */
  readonly dialect: Dialect;

  private constructor(
    private readonly transport: Transport,
    readonly version: ServerVersion,
    readonly uid: number,
    readonly db: string,
    private readonly connection: OdooConnection,
    private readonly logger: Logger,
    private readonly limiter: Limiter = new Limiter(connection.maxInFlight),
    /** How calls to this server have gone lately: shared by every view of the session. */
    readonly link: OdooLink = new OdooLink(),
  ) {
    this.dialect = dialectFor(version.major);
  }

  /** The language of the API context: what Odoo writes its own texts in (chatter, mails). */
  get language(): string | undefined {
    const lang = this.connection.context.lang;
    return typeof lang === 'string' ? lang : undefined;
  }

  /**
   * The same session with `context` laid over every call's (sharing the bound on calls in
   * flight): e.g. the module's labels are written as source terms (`lang: en_US`) whatever
   * language the jobs work in.
   */
  withContext(context: OdooContext): OdooClient {
    return new OdooClient(
      this.transport,
      this.version,
      this.uid,
      this.db,
      { ...this.connection, context: { ...this.connection.context, ...context } },
      this.logger,
      this.limiter,
      this.link,
    );
  }

  /** Detects the server version, picks the protocol and authenticates. */
  static async connect(connection: OdooConnection, logger: Logger): Promise<OdooClient> {
    const http = channelFor(connection);
    const version = await detectVersion(http, connection);
    const protocol = chooseProtocol(connection.protocol, version, connection.apiKey !== undefined);
    const transport = createTransport(protocol, http, connection);
    const identity = await transport.authenticate();
    logger.debug({ protocol, version: version.version, uid: identity.uid }, 'connected to Odoo');
    return new OdooClient(transport, version, identity.uid, connection.db, connection, logger);
  }

  /**
   * Logs in as the web client does (password, session cookie): only for the methods Odoo
   * serves inside a web session, such as making one's own API key (see WebSessionTransport).
   */
  static async connectWebSession(
    connection: OdooConnection & { user: string; password: string },
    logger: Logger,
  ): Promise<OdooClient> {
    const http = channelFor(connection);
    const version = await detectVersion(http, connection);
    const transport = new WebSessionTransport(http, {
      db: connection.db,
      login: connection.user,
      password: connection.password,
    });
    const identity = await transport.authenticate();
    return new OdooClient(transport, version, identity.uid, connection.db, connection, logger);
  }

  /** Builds a client over a given transport (tests, or a transport of one's own). */
  static over(
    transport: Transport,
    identity: { uid: number; version: ServerVersion; db: string },
    connection: Pick<OdooConnection, 'maxInFlight' | 'retry' | 'context'>,
    logger: Logger,
  ): OdooClient {
    const full: OdooConnection = {
      url: '',
      protocol: transport.protocol,
      timeoutMs: 0,
      ...connection,
      db: identity.db,
    };
    return new OdooClient(transport, identity.version, identity.uid, identity.db, full, logger);
  }

  get protocol(): Protocol {
    return this.transport.protocol;
  }

  /** Calls made so far, retries included: benchmarks report calls per 1,000 rows from it. */
  get calls(): number {
    return this.callCount;
  }

  /** `execute_kw`-style call: positional args (ids first for record methods) and named kwargs. */
  async call<T = unknown>(
    model: string,
    method: string,
    args: readonly unknown[] = [],
    kwargs: Readonly<Record<string, unknown>> = {},
    options: CallOptions = {},
  ): Promise<T> {
    const context = { ...this.connection.context, ...options.context };
    const idempotent = options.idempotent ?? isIdempotentMethod(method);
    const attempt = async (): Promise<T> => {
      this.callCount += 1;
      const started = performance.now();
      try {
        const result = await this.limiter.run(() =>
          this.transport.execute({ model, method, args, kwargs, context }),
        );
        this.link.answered();
        this.logger.debug({ model, method, ms: Math.round(performance.now() - started) }, 'odoo call');
        return result as T;
      } catch (error) {
        const located = isOdooError(error)
          ? error.at(model, method)
          : new OdooError({ code: 'protocol', message: String(error), model, method, cause: error });
        if (isOutage(located)) this.link.failed(located);
        else this.link.answered();
        this.logger.debug({ err: located.toLog(true) }, 'odoo call failed');
        throw located;
      }
    };
    return this.retrying(attempt, (error) => shouldRetry(error, idempotent), { model, method });
  }

  /**
   * Runs `attempt` until it succeeds or fails in a way `retryable` refuses, pausing (doubling)
   * between tries: at least `retry.retries` times, and for as long as `retry.windowMs` from the
   * first failure, so that an Odoo restart of under a minute is ridden out rather than fatal.
   */
  private async retrying<T>(
    attempt: () => Promise<T>,
    retryable: (error: OdooError) => boolean,
    where: { model: string; method: string },
  ): Promise<T> {
    const { retry } = this.connection;
    let firstFailure: number | null = null;
    for (let retried = 0; ; retried += 1) {
      try {
        return await attempt();
      } catch (error) {
        if (!isOdooError(error) || !retryable(error)) throw error;
        firstFailure ??= performance.now();
        const pause = retryPause(retried + 1, retry, Math.random());
        if (!retryAgain(error, retried, performance.now() - firstFailure, pause, retry)) throw error;
        this.logger.warn(
          { ...where, code: error.code, attemptNumber: retried + 1, pauseMs: pause },
          'transient Odoo failure, retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  async searchRead<T extends OdooRecord = OdooRecord>(
    model: string,
    domain: Domain,
    fields: readonly string[],
    options: SearchOptions = {},
  ): Promise<T[]> {
    const kwargs: Record<string, unknown> = { domain, fields };
    if (options.limit !== undefined) kwargs.limit = options.limit;
    if (options.offset !== undefined) kwargs.offset = options.offset;
    if (options.order !== undefined) kwargs.order = options.order;
    if (options.idsOnly) kwargs.load = null;
    return this.call<T[]>(model, 'search_read', [], kwargs, withContext(options.context));
  }

  /**
   * Pages a whole result set by id cursor (`id > last`), so pages stay stable
   * while records are added and memory holds one page at a time.
   */
  async *searchPages<T extends OdooRecord = OdooRecord>(
    model: string,
    domain: Domain,
    fields: readonly string[],
    options: {
      pageSize?: number;
      context?: OdooContext;
      /**
       * Page on until a page comes back empty, not just short: `mail.message` filters what a
       * non-administrator may read in Python after the SQL limit (mail_message.py `_search`,
       * 17–19), so a short page says nothing about the next.
       */
      untilEmpty?: boolean;
    } = {},
  ): AsyncGenerator<T[], void, undefined> {
    const pageSize = options.pageSize ?? 2000;
    let lastId = 0;
    for (;;) {
      const page = await this.searchRead<T>(model, [...domain, ['id', '>', lastId]], fields, {
        limit: pageSize,
        order: 'id asc',
        ...withContext(options.context),
      });
      if (page.length === 0) return;
      yield page;
      const last = page[page.length - 1];
      if (!last || (page.length < pageSize && !options.untilEmpty)) return;
      lastId = last.id;
    }
  }

  async searchCount(model: string, domain: Domain, options: { context?: OdooContext } = {}): Promise<number> {
    return this.call<number>(model, 'search_count', [], { domain }, withContext(options.context));
  }

  async read<T extends OdooRecord = OdooRecord>(
    model: string,
    ids: readonly number[],
    fields: readonly string[],
    options: { context?: OdooContext; chunkSize?: number } = {},
  ): Promise<T[]> {
    const rows: T[] = [];
    for (const part of chunk(ids, options.chunkSize ?? 2000)) {
      rows.push(...(await this.call<T[]>(model, 'read', [part], { fields }, withContext(options.context))));
    }
    return rows;
  }

  /** `fields_get` with the attributes the bridge needs, for some fields or all; cached per model. */
  async fieldsGet(model: string, names?: readonly string[]): Promise<FieldMap> {
    const cached = this.fieldCache.get(model) ?? {};
    const wanted = names ?? [];
    if (names && wanted.every((name) => name in cached)) return cached;
    const fields = await this.call<FieldMap>(model, 'fields_get', [], {
      ...(names ? { allfields: wanted } : {}),
      attributes: ['type', 'string', 'relation', 'required', 'readonly', 'selection'],
    });
    const merged = { ...cached, ...fields };
    this.fieldCache.set(model, merged);
    return merged;
  }

  private readonly fieldCache = new Map<string, FieldMap>();

  /** Rows (by position) that Odoo already has, found by the value of their `key` field. */
  private async findCreated(
    model: string,
    key: string,
    positions: readonly number[],
    valsList: readonly Record<string, unknown>[],
    context: OdooContext | undefined,
  ): Promise<Map<number, number>> {
    const byKey = new Map<unknown, number>();
    for (const index of positions) byKey.set(valsList[index]?.[key], index);
    const rows = await this.searchRead(model, [[key, 'in', [...byKey.keys()]]], [key], {
      context: { ...context, active_test: false },
      order: 'id',
    });
    const found = new Map<number, number>();
    for (const row of rows) {
      const index = byKey.get(row[key]);
      if (index !== undefined && !found.has(index)) found.set(index, row.id);
    }
    return found;
  }

  /**
   * Creates records in chunks, one call per chunk. A chunk that Odoo refuses for
   * its data is split in halves until the offending records are isolated, so one
   * bad row costs a few calls and never the rest of the batch. Outcomes come back
   * in input order. Creates are not retried unless the request surely never ran, or `key`
   * names a field that holds a unique key in every row: then a chunk whose reply was lost is
   * looked up by its keys, and only the rows Odoo does not have are sent again.
   */
  async create(
    model: string,
    valsList: readonly Record<string, unknown>[],
    options: { chunkSize?: number; context?: OdooContext; key?: string } = {},
  ): Promise<ItemOutcome[]> {
    const outcomes: ItemOutcome[] = [];
    const { key } = options;
    /** Positions with an outcome: a bisection after a recovered chunk sends none of them again. */
    const done = new Set<number>();
    const record = (index: number, id: number | undefined) => {
      done.add(index);
      outcomes.push(id === undefined ? { index } : { index, id });
    };
    const createChunk = async (positions: readonly number[]): Promise<void> => {
      const values = positions.map((position) => valsList[position]);
      const ids = await this.call<number[]>(model, 'create', [values], {}, withContext(options.context));
      for (const [at, index] of positions.entries()) record(index, ids[at]);
    };
    /** After a lost reply: what Odoo has is taken as created, the rest sent again (and so on). */
    const recover = (positions: readonly number[]): Promise<void> =>
      this.retrying(
        async () => {
          const pending = positions.filter((index) => !done.has(index));
          const found = await this.findCreated(model, key as string, pending, valsList, options.context);
          for (const [index, id] of found) record(index, id);
          const rest = pending.filter((index) => !done.has(index));
          if (rest.length > 0) await createChunk(rest);
        },
        mayHaveRun,
        { model, method: 'create' },
      );
    const send = async (positions: number[]): Promise<void> => {
      const pending = positions.filter((index) => !done.has(index));
      if (pending.length === 0) return;
      try {
        await createChunk(pending);
      } catch (error) {
        if (key === undefined || !isOdooError(error) || !mayHaveRun(error)) throw error;
        this.logger.warn(
          { model, method: 'create', code: error.code, rows: pending.length },
          'reply to a create lost: looking its rows up by key before sending them again',
        );
        await recover(pending);
      }
    };
    const refuse = (index: number, error: OdooError) => outcomes.push({ index, error });
    for (const part of chunk(
      valsList.map((_, index) => index),
      options.chunkSize ?? 500,
    )) {
      await this.isolateFailures(part, send, refuse);
    }
    return outcomes.sort((a, b) => a.index - b.index);
  }

  /**
   * Creates one record and returns its id, or throws Odoo's refusal as it is (for the few
   * records made one at a time: a user, a wizard). Sent as a list: given a dict, JSON-RPC
   * answers an id and JSON-2 a list of ids.
   */
  async createOne(
    model: string,
    values: Record<string, unknown>,
    options: CallOptions = {},
  ): Promise<number> {
    const [id] = await this.call<number[]>(model, 'create', [[values]], {}, options);
    if (typeof id !== 'number')
      throw new OdooError({ code: 'protocol', message: `Odoo created no ${model}`, model, method: 'create' });
    return id;
  }

  /**
   * Writes updates grouped by identical values: one `write(ids, values)` per
   * group and chunk. Outcomes per update, in input order.
   */
  async write(
    model: string,
    updates: readonly RecordUpdate[],
    options: { chunkSize?: number; context?: OdooContext } = {},
  ): Promise<ItemOutcome[]> {
    const outcomes: ItemOutcome[] = [];
    for (const group of groupWrites(updates)) {
      const positionsOf = (id: number) => group.positions.filter((position) => updates[position]?.id === id);
      const send = async (ids: number[]): Promise<void> => {
        await this.call(model, 'write', [ids, group.values], {}, withContext(options.context));
        for (const id of ids) for (const index of positionsOf(id)) outcomes.push({ index, id });
      };
      const refuse = (id: number, error: OdooError) => {
        for (const index of positionsOf(id)) outcomes.push({ index, id, error });
      };
      for (const part of chunk(group.ids, options.chunkSize ?? 1000)) {
        await this.isolateFailures(part, send, refuse);
      }
    }
    return outcomes.sort((a, b) => a.index - b.index);
  }

  async unlink(
    model: string,
    ids: readonly number[],
    options: { chunkSize?: number; context?: OdooContext } = {},
  ): Promise<number> {
    let removed = 0;
    for (const part of chunk(ids, options.chunkSize ?? 1000)) {
      await this.call(model, 'unlink', [part], {}, { idempotent: true, ...withContext(options.context) });
      removed += part.length;
    }
    return removed;
  }

  /**
   * Runs `send` on a batch; when Odoo refuses it for its data, halves it until
   * each refused item stands alone with its own error.
   */
  private async isolateFailures<K>(
    keys: K[],
    send: (keys: K[]) => Promise<void>,
    refuse: (key: K, error: OdooError) => void,
  ): Promise<void> {
    try {
      await send(keys);
    } catch (error) {
      if (!isDataError(error)) throw error;
      const [only] = keys;
      if (keys.length === 1 && only !== undefined) {
        refuse(only, error);
        this.logger.warn({ err: error.toLog() }, 'Odoo refused one item');
        return;
      }
      const middle = Math.ceil(keys.length / 2);
      await this.isolateFailures(keys.slice(0, middle), send, refuse);
      await this.isolateFailures(keys.slice(middle), send, refuse);
    }
  }
}

function channelFor(connection: OdooConnection): HttpChannel {
  return new HttpChannel({
    baseUrl: connection.url,
    timeoutMs: connection.timeoutMs,
    maxSockets: connection.maxInFlight,
  });
}

/** The server's version, without logging in: the first thing `doctor` asks. */
export async function probeServer(connection: OdooConnection): Promise<ServerVersion> {
  return detectVersion(channelFor(connection), connection);
}

/** Databases the server lists, or null where the listing is disabled (`list_db = False`). */
export async function listDatabases(connection: OdooConnection): Promise<string[] | null> {
  const rpc = new JsonRpcTransport(channelFor(connection), { db: connection.db, login: '', secret: '' });
  try {
    const names = await rpc.service('db', 'list', []);
    return Array.isArray(names) ? names.filter((name): name is string => typeof name === 'string') : null;
  } catch {
    return null;
  }
}

function withContext(context: OdooContext | undefined): CallOptions {
  return context ? { context } : {};
}

/**
 * `auto` picks JSON-2 when the server has it (19+) and an API key is configured,
 * JSON-RPC otherwise. An explicit choice that cannot work fails here, clearly.
 */
export function chooseProtocol(choice: ProtocolChoice, version: ServerVersion, hasApiKey: boolean): Protocol {
  const json2Available = dialectFor(version.major).json2;
  if (choice === 'auto') return json2Available && hasApiKey ? 'json2' : 'jsonrpc';
  if (choice === 'json2' && !json2Available) {
    throw new OdooError({
      code: 'protocol',
      message: `JSON-2 needs Odoo 19 or later; this server runs Odoo ${version.version}. Set protocol to "jsonrpc" or "auto".`,
    });
  }
  if (choice === 'json2' && !hasApiKey) {
    throw new OdooError({
      code: 'auth',
      message: 'JSON-2 authenticates with an API key only: set ODOO_API_KEY.',
    });
  }
  return choice;
}

function createTransport(protocol: Protocol, http: HttpChannel, connection: OdooConnection): Transport {
  if (protocol === 'json2') {
    if (!connection.apiKey)
      throw new OdooError({ code: 'auth', message: 'JSON-2 needs an API key (ODOO_API_KEY).' });
    return new Json2Transport(http, { db: connection.db, apiKey: connection.apiKey });
  }
  const secret = connection.apiKey ?? connection.password;
  if (!connection.user || !secret) {
    throw new OdooError({
      code: 'auth',
      message:
        'JSON-RPC needs a login (ODOO_USER) and a password or API key (ODOO_PASSWORD or ODOO_API_KEY).',
    });
  }
  return new JsonRpcTransport(http, { db: connection.db, login: connection.user, secret });
}

/**
 * `common.version` over `/jsonrpc` (Odoo 8–21), falling back to `GET /web/version`
 * (Odoo 16+; the only one left once `/jsonrpc` is removed in Odoo 22).
 */
async function detectVersion(http: HttpChannel, connection: OdooConnection): Promise<ServerVersion> {
  const rpc = new JsonRpcTransport(http, { db: connection.db, login: '', secret: '' });
  try {
    const info = (await rpc.service('common', 'version', [])) as {
      server_version?: unknown;
      server_version_info?: unknown;
    };
    return parseServerVersion(info?.server_version, info?.server_version_info);
  } catch (error) {
    if (isOdooError(error) && (error.code === 'network' || error.code === 'timeout')) throw error;
    const reply = await http.get('/web/version');
    const body = reply.body as { version?: unknown; version_info?: unknown } | string;
    if (reply.status !== 200 || typeof body !== 'object') {
      throw new OdooError({
        code: 'protocol',
        message: `${http.baseUrl} does not answer like an Odoo server (no /jsonrpc, /web/version gave HTTP ${reply.status})`,
        httpStatus: reply.status,
      });
    }
    return parseServerVersion(body.version, body.version_info);
  }
}
