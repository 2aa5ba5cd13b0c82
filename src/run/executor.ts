/** The executor interface shared by the embedded (chDB) and server (@clickhouse/client) engines. */
import type { ResultColumn } from '../query/build-select.js';
import type { ParamValue } from '../emit/params.js';

export type Cell = number | string | boolean | null;
export type Row = Record<string, Cell>;

/** What an executor needs from a compiled query. */
export interface Runnable {
  readonly sql: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly columns: readonly ResultColumn[];
}

export interface RunOptions {
  readonly signal?: AbortSignal;
  /** Give up after this many milliseconds (default: the executor's). */
  readonly timeoutMs?: number;
}

export interface RunStats {
  readonly elapsedMs: number;
  readonly rowsRead: number;
  readonly bytesRead: number;
  /** Served from a result cache: the engine read nothing for this call (`metricc/cache`). */
  readonly cached?: boolean;
  /** Incremental caching (`metricc/cache`): buckets read from the store, and computed by the engine. */
  readonly bucketsFromStore?: number;
  readonly bucketsComputed?: number;
}

export interface RunResult {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly Row[];
  readonly stats: RunStats;
}

export interface Executor {
  /** Identifies where queries run (part of cache keys: results differ between targets). */
  readonly target: string;
  run(query: Runnable, options?: RunOptions): Promise<RunResult>;
  close(): Promise<void>;
}

/**
 * What went wrong, to switch on: `engine` (ClickHouse refused or failed the query; `code` says
 * why), `unavailable` (the engine cannot be reached or opened: server down, unknown host, a chDB
 * data directory another process holds), `aborted`, `timeout`, `decode` (unexpected output),
 * `config` (bad options, a missing optional dependency).
 */
export type ExecutionErrorKind = 'engine' | 'unavailable' | 'aborted' | 'timeout' | 'decode' | 'config';

/** A failed execution: never a raw driver stack; `code` is ClickHouse's error code if known. */
export class ExecutionError extends Error {
  readonly kind: ExecutionErrorKind;
  readonly code: number | undefined;

  constructor(kind: ExecutionErrorKind, message: string, options: { code?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ExecutionError';
    this.kind = kind;
    this.code = options.code;
  }
}

/** An engine failure: the message's first line (bounded), the ClickHouse code when known. */
export function engineError(message: string, code: number | undefined, cause: unknown): ExecutionError {
  // TIMEOUT_EXCEEDED: the engine stopped the query at max_execution_time.
  const kind: ExecutionErrorKind = code === 159 ? 'timeout' : 'engine';
  return new ExecutionError(kind, message.split('\n')[0]!.slice(0, 2000), { ...(code !== undefined ? { code } : {}), cause });
}

/** ClickHouse's `Code: 62. DB::Exception: …` → 62. */
export function clickhouseCode(message: string): number | undefined {
  const m = /Code:\s*(\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}
