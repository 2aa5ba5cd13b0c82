/**
 * `withCache(executor, store, policy)`: an executor with the same interface that serves results
 * from a cache (see README for the contract). Freshness is decided by the policy's clock, not by
 * the store, so a fake clock drives tests and every store behaves the same.
 */
import type { Executor, RunOptions, RunResult, Runnable } from '../run/executor.js';
import { sha256Hex } from '../util/sha256.js';
import { entrySize, frozen, tenantTag, type CacheEntry, type CacheStore, type Identity } from './store.js';
export { tenantTag } from './store.js';
import type { BucketPlan } from './buckets.js';
import { incrementalRunner } from './incremental.js';
import type { BucketUnit } from '../util/time.js';

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
  /**
   * Late events may still arrive for this long (default 1 h): a range ending less than this
   * before "now" touches now (short TTL), and a bucket is closed — kept for incremental
   * caching — only when it ends at least this long before now.
   */
  readonly lateWindowMs: number;
  /** @deprecated the former name of `lateWindowMs` (used when `lateWindowMs` is not given). */
  readonly openWindowMs?: number;
  /** Results larger than this (serialized, approx. bytes) are not cached (default 1 MB). */
  readonly maxEntryBytes: number;
  readonly now: () => number;
  readonly onEvent?: (event: CacheEvent) => void;
}

export const DEFAULT_POLICY: CachePolicy = {
  shortTtlMs: 60_000,
  longTtlMs: 86_400_000,
  lateWindowMs: 3_600_000,
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
  readonly structure?: { readonly tenant: string; readonly fromMs: number; readonly toMs: number; readonly readsFromMs?: number; readonly granularity?: BucketUnit | undefined; readonly timezone?: string };
  /** A compiled query whose buckets can be computed apart (src/compile.ts `BucketParts`). */
  readonly incremental?: BucketPlan;
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

/** A hit's own statistics: the engine read nothing for this call (docs/api.md, incremental caching). */
function asHit(result: RunResult, elapsedMs: number): RunResult {
  return Object.freeze({ ...result, stats: Object.freeze({ elapsedMs, rowsRead: 0, bytesRead: 0, cached: true }) });
}

export function withCache(executor: Executor, store: CacheStore, policy: Partial<CachePolicy> = {}): CachedExecutor {
  const p: CachePolicy = { ...DEFAULT_POLICY, ...policy, lateWindowMs: policy.lateWindowMs ?? policy.openWindowMs ?? DEFAULT_POLICY.lateWindowMs };
  const counters: CacheCounters = { hit: 0, miss: 0, coalesced: 0, store: 0, skip: 0, evict: 0, error: 0, invalidate: 0 };
  const flights = new Map<string, Promise<RunResult>>();
  const generations = new Map<string, number>();
  const emit = (type: CacheEventType, key: string, started: number, detail?: string) => {
    counters[type]++;
    p.onEvent?.({ type, key, ms: performance.now() - started, ...(detail !== undefined ? { detail } : {}) });
  };

  store.onEvict?.((key) => emit('evict', key, performance.now()));

  function identity(query: CacheableQuery): Identity {
    const tenant = query.structure?.tenant ?? '';
    const inner = query.cacheKey ?? sha256Hex(JSON.stringify([query.sql, query.params, query.columns]));
    const key = `v1:${sha256Hex(`${executor.target}\u0000${tenant}\u0000${inner}`)}`;
    // An entry is kept under the range its rows come from (time functions read before `from`).
    const s = query.structure;
    return { key, tenant, fromMs: s?.readsFromMs ?? s?.fromMs ?? NaN, toMs: s?.toMs ?? NaN };
  }

  async function execute(query: CacheableQuery, id: Identity, timeoutMs: number | undefined): Promise<RunResult> {
    const generation = generations.get(id.tenant) ?? 0;
    const started = performance.now();
    const result = frozen(await executor.run(query, timeoutMs !== undefined ? { timeoutMs } : {}));
    await storeWhole(id, result, generation, started);
    return result;
  }

  /** Keep a whole result: short TTL when its range touches now, long when closed. */
  async function storeWhole(id: Identity, result: RunResult, generation: number, started: number): Promise<void> {
    const now = p.now();
    const touchesNow = !(id.toMs <= now - p.lateWindowMs);
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
  }

  /** One execution per key at a time: later callers wait for it (single flight). */
  function fly(key: string, flight: Promise<RunResult>): Promise<RunResult> {
    flights.set(key, flight);
    const cleanup = () => {
      if (flights.get(key) === flight) flights.delete(key);
    };
    flight.then(cleanup, cleanup);
    return flight;
  }

  const incremental = incrementalRunner({ executor, store, policy: p, emit, generation: (tenant) => generations.get(tenant) ?? 0, storeWhole, execute });

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
      if (query.incremental && query.structure?.granularity) {
        return waitFor(fly(id.key, incremental(query as CacheableQuery & { incremental: BucketPlan }, id, options.timeoutMs)), options.signal);
      }
      emit('miss', id.key, started);
      return waitFor(fly(id.key, execute(query, id, options.timeoutMs)), options.signal);
    },
    async invalidate(scope): Promise<number> {
      const started = performance.now();
      generations.set(scope.tenant, (generations.get(scope.tenant) ?? 0) + 1);
      const from = toMs(scope.from, -Infinity);
      const to = toMs(scope.to, Infinity);
      let dropped = 0;
      for (const key of await store.keysForTag(tenantTag(scope.tenant))) {
        // An entry that cannot be read is dropped: dropping too much is always safe.
        const entry = await store.get(key).catch(() => 'unreadable' as const);
        if (entry === 'unreadable') {
          await store.delete(key);
          dropped++;
          continue;
        }
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
