/**
 * The embedded executor: chDB, ClickHouse in process, with server-side parameter binding
 * (`queryBindAsync`). chDB binds one data directory per process, so this module keeps one
 * shared session: every `openEmbedded` with the same directory shares it (reference-counted);
 * a different directory while one is open is a `config` error that says why.
 * Every query carries the safety settings of `safety.ts` in a SETTINGS clause, so the engine
 * itself enforces the time, row and memory limits: a timed-out query stops in the engine instead
 * of holding the process's one parameterized-query lane after the promise has given up.
 * https://github.com/chdb-io/chdb-node
 */
import { decodeResult, queryTimezone, RESULT_FORMAT, RESULT_SETTINGS } from './decode.js';
import { settingsClause, safetySettings, type SafetySettings } from './safety.js';
import { ExecutionError, clickhouseCode, engineError, type Executor, type RunOptions, type RunResult, type Runnable } from './executor.js';

/** What a chDB query returns (structural: the public types need no `chdb` package). */
export interface EmbeddedQueryResult {
  readonly elapsed: number;
  readonly rowsRead: number;
  readonly bytesRead: number;
  text(): string;
  bytes(): Uint8Array;
}

export interface EmbeddedQueryOptions {
  readonly format?: string;
  readonly signal?: AbortSignal;
  readonly timeout?: number;
}

/**
 * The part of chDB's `Session` this module uses and exposes, declared here so that a TypeScript
 * user of `metricc/run` without `chdb` installed (who uses only the server executor) still
 * type-checks. chDB's own `Session` fits it (checked where the session is created).
 */
export interface EmbeddedSession {
  readonly path: string;
  query(sql: string, format?: string): string;
  queryBind(sql: string, params: object, format?: string): string;
  queryAsync(sql: string, options?: EmbeddedQueryOptions): Promise<EmbeddedQueryResult>;
  queryBindAsync(sql: string, params: object, options?: EmbeddedQueryOptions): Promise<EmbeddedQueryResult>;
  close(): void;
}

interface Shared {
  readonly path: string;
  readonly session: EmbeddedSession;
  users: number;
}

let shared: Shared | undefined;

export interface EmbeddedOptions {
  /** Data directory ('' or omitted: a fresh temporary one). */
  readonly path?: string;
  /** Default per-query timeout (ms); the engine stops the query (max_execution_time). */
  readonly timeoutMs?: number;
  /** Limits sent with every query (defaults: DEFAULT_SAFETY). */
  readonly safety?: Partial<SafetySettings>;
}

async function sharedSession(path: string): Promise<Shared> {
  if (shared) {
    if (shared.path !== path) {
      throw new ExecutionError('config', `chDB binds one data directory per process; ${JSON.stringify(shared.path)} is open, so ${JSON.stringify(path)} cannot be opened too. Close the other executor first.`);
    }
    shared.users++;
    return shared;
  }
  let chdb: typeof import('chdb');
  try {
    chdb = await import('chdb');
  } catch (cause) {
    throw new ExecutionError('config', 'the embedded executor needs the optional dependency `chdb` (npm install chdb)', { cause });
  }
  shared = { path, session: openSession(chdb, path), users: 1 };
  return shared;
}

/** A chDB session on `path`, or an `unavailable` error in one sentence (never the driver's). */
function openSession(chdb: typeof import('chdb'), path: string): EmbeddedSession {
  try {
    const session: EmbeddedSession = new chdb.Session(path);
    return session;
  } catch (cause) {
    const where = path === '' ? 'a temporary chDB data directory' : `the chDB data directory ${JSON.stringify(path)}`;
    throw new ExecutionError('unavailable', `cannot open ${where}: another process may be using it (chDB allows one process per directory), or it cannot be created or written`, { cause });
  }
}

/** Any chDB failure as an ExecutionError (exported for the demo loader). */
export function asExecutionError(e: unknown): ExecutionError {
  if (e instanceof ExecutionError) return e;
  const err = e as { name?: string; message?: string; clickhouseCode?: number };
  const message = err?.message ?? String(e);
  if (err?.name === 'ChdbAbortError') return new ExecutionError('aborted', 'the query was cancelled', { cause: e });
  if (err?.name === 'ChdbTimeoutError') return new ExecutionError('timeout', message, { cause: e });
  if (err?.name === 'ChdbConnectionError' || err?.name === 'ChdbClosedError') return new ExecutionError('unavailable', 'the chDB session is closed or its connection failed', { cause: e });
  const code = err?.clickhouseCode ?? clickhouseCode(message);
  return engineError(message, code, e);
}

/** The output settings in SETTINGS-clause form (constant names and values, no user text). */
const outputSettings = Object.entries(RESULT_SETTINGS).map(([k, v]) => `${k} = '${v}'`).join(', ');

export interface EmbeddedExecutor extends Executor {
  /** The shared chDB session, for loading data. */
  readonly session: EmbeddedSession;
}

export async function openEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedExecutor> {
  const path = options.path ?? '';
  const safety = safetySettings(options.safety);
  const s = await sharedSession(path);
  let closed = false;
  return {
    target: `chdb:${path || 'temporary'}`,
    session: s.session,
    async run(query: Runnable, opts: RunOptions = {}): Promise<RunResult> {
      if (closed) throw new ExecutionError('config', 'this executor is closed');
      if (opts.signal?.aborted) throw new ExecutionError('aborted', 'the query was cancelled');
      const timeout = opts.timeoutMs ?? options.timeoutMs;
      try {
        const sql = `${query.sql}\n${settingsClause(safety, timeout)}, ${outputSettings}`;
        const result = await s.session.queryBindAsync(sql, { ...query.params }, {
          format: RESULT_FORMAT,
          ...(opts.signal ? { signal: opts.signal } : {}),
          // The engine's own limit ends the query; this is only a backstop for the promise.
          ...(timeout ? { timeout: timeout + 5_000 } : {}),
        });
        return { columns: query.columns, ...decodeResult(result.text(), query.columns, queryTimezone(query.params)) };
      } catch (e) {
        // chDB quirk: after a query fails part-way (result_overflow_mode = 'throw'), the next
        // query on the session can return the failed one's leftover output. Drain it.
        await s.session.queryAsync('SELECT 1').catch(() => undefined);
        throw asExecutionError(e);
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (--s.users === 0 && shared === s) {
        shared = undefined;
        s.session.close();
      }
    },
  };
}
