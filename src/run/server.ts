/**
 * The server executor: `@clickhouse/client` against a ClickHouse server or cluster. Parameters
 * go as `query_params`; every query carries safety settings (configurable): `readonly = 2`
 * (read-only, yet the client may still send its own settings — `readonly = 1` would refuse
 * those), `max_execution_time`, `max_result_rows` with `result_overflow_mode = 'throw'`,
 * `max_memory_usage`, and `cancel_http_readonly_queries_on_client_close` so an aborted request
 * stops the server's work too. https://clickhouse.com/docs/operations/settings/permissions-for-queries
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { decodeResult, queryTimezone, RESULT_FORMAT, RESULT_SETTINGS } from './decode.js';
import { ExecutionError, clickhouseCode, engineError, type Executor, type RunOptions, type RunResult, type Runnable } from './executor.js';

import { executionSeconds, safetySettings, type SafetySettings } from './safety.js';

export interface ServerOptions {
  readonly url?: string;
  readonly username?: string;
  readonly password?: string;
  readonly database?: string;
  readonly safety?: Partial<SafetySettings>;
  readonly timeoutMs?: number;
  /**
   * Where the client's own log goes. Quiet by default: failures reach the caller as one
   * `ExecutionError` each, so the client's multi-line dumps (a server that is down, a query
   * error) would only repeat them. Pass a function to see the client's warnings and errors.
   */
  readonly log?: (entry: { readonly level: 'warn' | 'error'; readonly message: string; readonly module: string }) => void;
  /** Environment to read CLICKHOUSE_* from (default: process.env when there is one). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function environment(options: ServerOptions): Readonly<Record<string, string | undefined>> {
  if (options.env) return options.env;
  const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return p?.env ?? {};
}

interface ClientErrorShape {
  message?: string;
  code?: string;
  type?: string;
  name?: string;
}

/** Node's socket error codes → the reason a server could not be reached. */
const NETWORK: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPROTO: 'TLS or protocol error',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
};

/** http(s) with a host; anything else is a `config` error before any connection is tried. */
const UrlSchema = z
  .string()
  .max(2048)
  .refine((text) => {
    try {
      const u = new URL(text);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch {
      return false;
    }
  });

/** The URL without credentials, for messages and the executor's target. */
function shownUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
}

/**
 * Credentials written in the URL (`http://user:pass@host`) taken out of it: they win over the
 * options, as they would in the client, but the client is handed them as options so it has no
 * "overridden by a URL parameter" warning to print.
 */
function splitCredentials(url: string): { url: string; username?: string; password?: string } {
  const u = new URL(url);
  if (u.username === '' && u.password === '') return { url };
  const username = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  u.username = '';
  u.password = '';
  return { url: u.toString(), ...(username !== '' ? { username } : {}), password };
}

function parseUrl(url: string): string {
  if (UrlSchema.safeParse(url).success) return url;
  const shown = url.includes('@') ? '(with credentials, not shown)' : JSON.stringify(url.slice(0, 200));
  throw new ExecutionError('config', `the ClickHouse URL ${shown} is not valid: give http[s]://host:port`);
}

function asExecutionError(e: unknown, signal: AbortSignal | undefined, where: string): ExecutionError {
  const err = e as ClientErrorShape;
  const message = err?.message ?? String(e);
  if (signal?.aborted || err?.name === 'AbortError' || /aborted/i.test(message)) return new ExecutionError('aborted', 'the query was cancelled', { cause: e });
  const network = err?.code !== undefined ? NETWORK[err.code] : /socket hang up/i.test(message) ? 'connection reset' : undefined;
  if (network) return new ExecutionError('unavailable', `cannot reach ClickHouse at ${where} (${network})`, { cause: e });
  if (/timeout/i.test(message) && !/Code:/.test(message)) return new ExecutionError('timeout', message, { cause: e });
  const code = err?.code !== undefined && /^\d+$/.test(err.code) ? Number(err.code) : clickhouseCode(message);
  return engineError(message, code, e);
}

/** The client's log configuration: off, or warnings and errors forwarded to `log`. */
function clientLog(log: ServerOptions['log']): { level: 127 } | { level: 3; LoggerClass: new () => unknown } {
  if (!log) return { level: 127 };
  const forward = (level: 'warn' | 'error') => (p: { module: string; message: string }) => log({ level, message: p.message, module: p.module });
  class Forward {
    trace(): void {}
    debug(): void {}
    info(): void {}
    warn = forward('warn');
    error = forward('error');
  }
  return { level: 3, LoggerClass: Forward };
}

export async function openServer(options: ServerOptions = {}): Promise<Executor> {
  const env = environment(options);
  const given = splitCredentials(parseUrl(options.url ?? env['CLICKHOUSE_URL'] ?? 'http://localhost:8123'));
  const url = given.url;
  const where = shownUrl(url);
  let mod: typeof import('@clickhouse/client');
  try {
    mod = await import('@clickhouse/client');
  } catch (cause) {
    throw new ExecutionError('config', 'the server executor needs the optional dependency `@clickhouse/client` (npm install @clickhouse/client)', { cause });
  }
  const safety = safetySettings(options.safety);
  let client: ClickHouseClient;
  try {
    client = mod.createClient({
      url,
      username: given.username ?? options.username ?? env['CLICKHOUSE_USER'] ?? 'default',
      password: given.password ?? options.password ?? env['CLICKHOUSE_PASSWORD'] ?? '',
      database: options.database ?? env['CLICKHOUSE_DATABASE'] ?? 'default',
      ...(options.timeoutMs ? { request_timeout: options.timeoutMs } : {}),
      log: clientLog(options.log) as { level: 127 },
    });
  } catch (cause) {
    throw new ExecutionError('config', `the ClickHouse client refused its configuration for ${where}`, { cause });
  }
  return {
    target: `clickhouse:${where}/${options.database ?? env['CLICKHOUSE_DATABASE'] ?? 'default'}`,
    async run(query: Runnable, opts: RunOptions = {}): Promise<RunResult> {
      const controller = new AbortController();
      const timeoutMs = opts.timeoutMs ?? options.timeoutMs;
      const timer = timeoutMs ? setTimeout(() => controller.abort(new ExecutionError('timeout', `the query took longer than ${timeoutMs} ms`)), timeoutMs) : undefined;
      const onAbort = () => controller.abort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const started = Date.now();
      try {
        if (opts.signal?.aborted) throw new ExecutionError('aborted', 'the query was cancelled');
        const result = await client.query({
          query: query.sql,
          query_params: { ...query.params },
          format: RESULT_FORMAT,
          abort_signal: controller.signal,
          clickhouse_settings: {
            readonly: String(safety.readonly) as '2',
            max_execution_time: executionSeconds(safety, timeoutMs),
            max_result_rows: String(safety.max_result_rows),
            result_overflow_mode: 'throw',
            max_memory_usage: String(safety.max_memory_usage),
            cancel_http_readonly_queries_on_client_close: 1,
            ...RESULT_SETTINGS,
          },
        });
        const decoded = decodeResult(await result.text(), query.columns, queryTimezone(query.params));
        const stats = decoded.stats.elapsedMs > 0 ? decoded.stats : { ...decoded.stats, elapsedMs: Date.now() - started };
        return { columns: query.columns, rows: decoded.rows, stats };
      } catch (e) {
        if (controller.signal.reason instanceof ExecutionError) throw controller.signal.reason;
        if (e instanceof ExecutionError) throw e;
        throw asExecutionError(e, opts.signal, where);
      } finally {
        if (timer) clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
      }
    },
    async close(): Promise<void> {
      await client.close();
    },
  };
}
