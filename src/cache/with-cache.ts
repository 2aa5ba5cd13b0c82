/**
 * `withCache(executor, store, policy)`: an executor with the same interface that serves results
 * from a cache (see README for the contract). Freshness is decided by the policy's clock, not by
 * the store, so a fake clock drives tests and every store behaves the same.
 */
import type { Executor, RunOptions, RunResult, Runnable } from '../run/executor.js';
import { sha256Hex } from '../util/sha256.js';
import { entrySize, type CacheEntry, type CacheStore } from './store.js';

export type CacheEventType = 'hit' | 'miss' | 'coalesced' | 'store' | 'skip' | 'evict' | 'error' | 'invalidate';

export interface CacheEvent {
  readonly type: CacheEventType;
  readonly key: string;
  /** Time spent in the cache operation (or the execution, for `store`), ms. */
  readonly ms: number;
  readonly detail?: string;
}

export interface CachePolicy {
  /** TTL for ranges that touch "now" (default 60 s). */
  readonly shortTtlMs: number;
  /** TTL for closed past ranges (default 24 h). */
  readonly longTtlMs: number;
  /** A range ending less than this before "now" still touches now: late events may arrive (default 1 h). */
  readonly openWindowMs: number;
  /** Results larger than this (serialized, approx. bytes) are not cached (default 1 MB). */
  readonly maxEntryBytes: number;
  readonly now: () => number;
  readonly onEvent?: (event: CacheEvent) => void;
}

export const DEFAULT_POLICY: CachePolicy = {
  shortTtlMs: 60_000,
  longTtlMs: 86_400_000,
  openWindowMs: 3_600_000,
  maxEntryBytes: 1_000_000,
  now: () => Date.now(),
};

export type CacheCounters = Record<CacheEventType, number>;

/** A query the cache can key: a compiled query carries its `cacheKey`. */
/**
 * What the cache needs of a query: compiled queries carry their tenant and range as data
 * (`structure`); a hand-made runnable without it is keyed by its text and kept under no tenant.
 */
export type CacheableQuery = Runnable & {
  readonly cacheKey?: string;
  readonly structure?: { readonly tenant: string; readonly fromMs: number; readonly toMs: number };
};

export interface CachedExecutor extends Executor {
  /** Drop the tenant's entries whose range overlaps [from, to) (all of them without a range). */
  invalidate(scope: { tenant: string; from?: string | Date; to?: string | Date }): Promise<number>;
  readonly counters: Readonly<CacheCounters>;
}

function toMs(v: string | Date | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const ms = v instanceof Date ? v.getTime() : Date.parse(v);
  if (Number.isNaN(ms)) throw new TypeError(`invalid time ${String(v)}`);
  return ms;
}

export function tenantTag(tenant: string): string {
  return `tenant:${sha256Hex(tenant).slice(0, 32)}`;
}

function waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function abortError(): Error {
  const e = new Error('the query was cancelled');
  e.name = 'AbortError';
  return e;
}

/**
 * Results are shared — by every hit of an entry and every caller of one flight — so they are
 * frozen: one caller mutating `rows` cannot change what another sees. Freezing once, where a
 * result enters the cache, costs nothing per hit; a caller that wants to edit copies.
 */
function frozen(result: RunResult): RunResult {
  if (Object.isFrozen(result)) return result;
  for (const row of result.rows) Object.freeze(row);
  Object.freeze(result.rows);
  Object.freeze(result.columns);
  Object.freeze(result.stats);
  return Object.freeze(result);
}

/** A hit's own statistics: the engine read nothing for this call (docs/api.md, incremental caching). */
function asHit(result: RunResult, elapsedMs: number): RunResult {
  return Object.freeze({ ...result, stats: Object.freeze({ elapsedMs, rowsRead: 0, bytesRead: 0, cached: true }) });
}

export function withCache(executor: Executor, store: CacheStore, policy: Partial<CachePolicy> = {}): CachedExecutor {
  const p: CachePolicy = { ...DEFAULT_POLICY, ...policy };
  const counters: CacheCounters = { hit: 0, miss: 0, coalesced: 0, store: 0, skip: 0, evict: 0, error: 0, invalidate: 0 };
  const flights = new Map<string, Promise<RunResult>>();
  const generations = new Map<string, number>();
  const emit = (type: CacheEventType, key: string, started: number, detail?: string) => {
    counters[type]++;
    p.onEvent?.({ type, key, ms: performance.now() - started, ...(detail !== undefined ? { detail } : {}) });
  };

  store.onEvict?.((key) => emit('evict', key, performance.now()));

  function identity(query: CacheableQuery): { key: string; tenant: string; fromMs: number; toMs: number } {
    const tenant = query.structure?.tenant ?? '';
    const inner = query.cacheKey ?? sha256Hex(JSON.stringify([query.sql, query.params, query.columns]));
    const key = `v1:${sha256Hex(`${executor.target}\u0000${tenant}\u0000${inner}`)}`;
    return { key, tenant, fromMs: query.structure?.fromMs ?? NaN, toMs: query.structure?.toMs ?? NaN };
  }

  async function execute(query: CacheableQuery, id: ReturnType<typeof identity>, timeoutMs: number | undefined): Promise<RunResult> {
    const generation = generations.get(id.tenant) ?? 0;
    const started = performance.now();
    const result = frozen(await executor.run(query, timeoutMs !== undefined ? { timeoutMs } : {}));
    const now = p.now();
    const touchesNow = !(id.toMs <= now - p.openWindowMs);
    const ttl = touchesNow ? p.shortTtlMs : p.longTtlMs;
    const entry: CacheEntry = { tenant: id.tenant, fromMs: id.fromMs, toMs: id.toMs, expiresAt: now + ttl, result };
    if ((generations.get(id.tenant) ?? 0) !== generation) emit('skip', id.key, started, 'invalidated while running');
    else if (entrySize(entry) > p.maxEntryBytes) emit('skip', id.key, started, 'result over maxEntryBytes');
    else {
      try {
        await store.set(id.key, entry, ttl, [tenantTag(id.tenant)]);
        emit('store', id.key, started);
      } catch (e) {
        emit('error', id.key, started, `set: ${(e as Error).message}`);
      }
    }
    return result;
  }

  return {
    target: executor.target,
    counters,
    async run(query: CacheableQuery, options: RunOptions = {}): Promise<RunResult> {
      const id = identity(query);
      const started = performance.now();
      let entry: CacheEntry | undefined;
      try {
        entry = await store.get(id.key);
      } catch (e) {
        emit('error', id.key, started, `get: ${(e as Error).message}`);
      }
      if (entry && entry.tenant === id.tenant && entry.expiresAt > p.now()) {
        emit('hit', id.key, started);
        return asHit(frozen(entry.result), performance.now() - started);
      }
      const running = flights.get(id.key);
      if (running) {
        emit('coalesced', id.key, started);
        return waitFor(running, options.signal);
      }
      emit('miss', id.key, started);
      const flight = execute(query, id, options.timeoutMs);
      flights.set(id.key, flight);
      const cleanup = () => {
        if (flights.get(id.key) === flight) flights.delete(id.key);
      };
      flight.then(cleanup, cleanup);
      return waitFor(flight, options.signal);
    },
    async invalidate(scope): Promise<number> {
      const started = performance.now();
      generations.set(scope.tenant, (generations.get(scope.tenant) ?? 0) + 1);
      const from = toMs(scope.from, -Infinity);
      const to = toMs(scope.to, Infinity);
      let dropped = 0;
      for (const key of await store.keysForTag(tenantTag(scope.tenant))) {
        const entry = await store.get(key);
        if (!entry || entry.tenant !== scope.tenant) continue;
        // An entry with an unknown range (no from/to params) overlaps every invalidation.
        const unknown = Number.isNaN(entry.fromMs) || Number.isNaN(entry.toMs);
        if (unknown || (entry.fromMs < to && from < entry.toMs)) {
          await store.delete(key);
          dropped++;
        }
      }
      emit('invalidate', scope.tenant, started, `${dropped} dropped`);
      return dropped;
    },
    close: () => executor.close(),
  };
}
