import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import { classifyOdooFault, wasNeverSent } from './classify.js';
import { OdooError } from './errors.js';

export interface HttpReply {
  status: number;
  contentType: string;
  /** Parsed JSON when the body is JSON, the raw text otherwise. */
  body: unknown;
  /** The `Set-Cookie` headers (the web client's session). */
  setCookie?: string[];
}

export interface HttpOptions {
  baseUrl: string;
  timeoutMs: number;
  maxSockets: number;
}

/**
 * The one place that sends bytes to Odoo. Keep-alive sockets, a deadline per call,
 * and every failure turned into an {@link OdooError}; request bodies (which carry
 * passwords in JSON-RPC) are never attached to errors.
 */
export class HttpChannel {
  private readonly axios: AxiosInstance;
  readonly baseUrl: string;

  constructor(private readonly options: HttpOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.axios = axios.create({
      baseURL: this.baseUrl,
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: options.maxSockets }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets: options.maxSockets }),
      // Odoo answers JSON-RPC errors with 200 and JSON-2 errors with 4xx/5xx JSON: we read them all.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      maxRedirects: 0,
      maxContentLength: Number.POSITIVE_INFINITY,
      maxBodyLength: Number.POSITIVE_INFINITY,
    });
  }

  async post(path: string, payload: unknown, headers: Record<string, string> = {}): Promise<HttpReply> {
    return this.send('POST', path, payload, headers);
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<HttpReply> {
    return this.send('GET', path, undefined, headers);
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    payload: unknown,
    headers: Record<string, string>,
  ): Promise<HttpReply> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const reply = await this.axios.request<string>({
        method,
        url: path,
        data: payload === undefined ? undefined : JSON.stringify(payload),
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
        signal,
      });
      const contentType = String(reply.headers['content-type'] ?? '');
      const setCookie = reply.headers['set-cookie'];
      return {
        status: reply.status,
        contentType,
        body: parseBody(reply.data, contentType),
        ...(setCookie ? { setCookie } : {}),
      };
    } catch (error) {
      throw toNetworkError(error, signal.aborted, this.options.timeoutMs, `${this.baseUrl}${path}`);
    }
  }
}

function parseBody(text: string, contentType: string): unknown {
  if (!contentType.includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toNetworkError(error: unknown, timedOut: boolean, timeoutMs: number, url: string): OdooError {
  const networkCode = isAxiosError(error) ? error.code : undefined;
  const fault = { networkCode: timedOut ? undefined : networkCode, timedOut };
  const reason = timedOut
    ? `no reply within ${timeoutMs} ms`
    : `${networkCode ?? 'network error'}: ${error instanceof Error ? error.message : String(error)}`;
  return new OdooError({
    code: classifyOdooFault(fault),
    message: `Could not reach Odoo at ${url} (${reason})`,
    odooName: networkCode,
    notSent: wasNeverSent(fault),
  });
}
