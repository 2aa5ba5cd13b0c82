/**
 * The incremental run of a bucketed query (README, docs/api.md "Incremental caching"): closed whole
 * buckets from the store, contiguous runs of the rest from the engine, merged; the closed whole
 * buckets computed are stored, and a closed range is also kept whole. `with-cache.ts` hands it
 * what it shares with whole-result caching (the store, the policy, events, generations).
 */
import type { Executor, Row, RunResult } from '../run/executor.js';
import { sha256Hex } from '../util/sha256.js';
import { entrySize, frozen, tenantTag, type CacheEntry, type CacheStore, type Identity } from './store.js';
import { mergeBuckets, missingRuns, planBuckets, runRange, splitRun, type BucketPlan } from './buckets.js';
import type { CacheableQuery, CacheEventType, CachePolicy } from './with-cache.js';

export interface IncrementalDeps {
  readonly executor: Executor;
  readonly store: CacheStore;
  readonly policy: CachePolicy;
  readonly emit: (type: CacheEventType, key: string, started: number, detail?: string) => void;
  /** The tenant's invalidation generation (a run started before an invalidation stores nothing). */
  readonly generation: (tenant: string) => number;
  readonly storeWhole: (id: Identity, result: RunResult, generation: number, started: number) => Promise<void>;
  /** Run the whole query (cached whole): the fallback when the engine's buckets are not the plan's. */
  readonly execute: (query: CacheableQuery, id: Identity, timeoutMs: number | undefined) => Promise<RunResult>;
}

export function incrementalRunner(deps: IncrementalDeps): (query: CacheableQuery & { incremental: BucketPlan }, id: Identity, timeoutMs: number | undefined) => Promise<RunResult> {
  const { executor, store, policy: p, emit, storeWhole, execute, generation: generationOf } = deps;

  /** The values over no rows of a plan (its `empty()` query reads nothing), per plan key. */
  const empties = new Map<string, Promise<Row>>();
  function emptyRow(plan: BucketPlan, timeoutMs: number | undefined): Promise<Row> {
    let row = empties.get(plan.key);
    if (!row) {
      if (empties.size >= 1_000) empties.clear();
      row = executor.run(plan.empty(), timeoutMs !== undefined ? { timeoutMs } : {}).then((r) => r.rows[0]!);
      row.catch(() => empties.delete(plan.key));
      empties.set(plan.key, row);
    }
    return row;
  }

  const bucketKey = (tenant: string, plan: BucketPlan, start: number) => `v1b:${sha256Hex(`${executor.target}\u0000${tenant}\u0000${plan.key}\u0000${start}`)}`;

  return async function executeIncremental(query: CacheableQuery & { incremental: BucketPlan }, id: Identity, timeoutMs: number | undefined): Promise<RunResult> {
    const started = performance.now();
    const plan = query.incremental;
    const s = query.structure!;
    const shape = { fromMs: s.fromMs, toMs: s.toMs, granularity: s.granularity!, timezone: s.timezone ?? 'UTC' };
    const generation = generationOf(id.tenant);
    const now = p.now();
    const buckets = planBuckets(shape, plan.reach);
    const closed = (i: number) => buckets[i]!.whole && buckets[i]!.end <= now - p.lateWindowMs;
    const found = await Promise.all(
      buckets.map(async (b, i): Promise<CacheEntry | undefined> => {
        if (!closed(i)) return undefined;
        const key = bucketKey(id.tenant, plan, b.start);
        try {
          const entry = await store.get(key);
          if (entry && entry.tenant === id.tenant && entry.fromMs === b.reads && entry.toMs === b.end && entry.expiresAt > p.now()) return entry;
        } catch (e) {
          emit('error', key, started, `get: ${(e as Error).message}`);
        }
        return undefined;
      }),
    );
    const perBucket: Row[][] = found.map((entry) => (entry ? [...entry.result.rows] : []));
    let rowsRead = 0;
    let bytesRead = 0;
    const runs = missingRuns(found.map((f) => f !== undefined));
    emit(runs.length === 0 ? 'hit' : 'miss', id.key, started, `${buckets.length - runs.reduce((n, [a, b]) => n + b - a + 1, 0)} of ${buckets.length} buckets from the store`);
    for (const run of runs) {
      const [from, to] = runRange(buckets, run, shape);
      const result = await executor.run(plan.rows(from, to), timeoutMs !== undefined ? { timeoutMs } : {});
      rowsRead += result.stats.rowsRead;
      bytesRead += result.stats.bytesRead;
      const fresh = splitRun(result, buckets, run, plan.filled);
      if (!fresh) {
        // The engine's buckets are not the planned ones: answer with the whole query, cached whole.
        emit('skip', id.key, started, "the engine's buckets differ from the plan; ran the whole query");
        return execute(query, id, timeoutMs);
      }
      fresh.forEach((rows, k) => (perBucket[run[0] + k] = rows));
    }
    const rows = await mergeBuckets(perBucket, buckets, plan, query.columns, shape.timezone, () => emptyRow(plan, timeoutMs));
    const computed = runs.reduce((n, [a, b]) => n + b - a + 1, 0);
    const result = frozen({
      columns: query.columns,
      rows,
      stats: { elapsedMs: performance.now() - started, rowsRead, bytesRead, ...(runs.length === 0 ? { cached: true } : {}), bucketsFromStore: buckets.length - computed, bucketsComputed: computed },
    });
    if (generationOf(id.tenant) !== generation) {
      emit('skip', id.key, started, 'invalidated while running');
      return result;
    }
    // A closed range is also kept whole: its next read is one lookup, not one per bucket.
    if (id.toMs <= now - p.lateWindowMs) await storeWhole(id, result, generation, started);
    for (const [a, b] of runs) {
      for (let i = a; i <= b; i++) {
        if (!closed(i)) continue;
        const bucket = buckets[i]!;
        const key = bucketKey(id.tenant, plan, bucket.start);
        // Kept under the range its value reads, so that invalidating any of those rows drops it.
        const entry: CacheEntry = { tenant: id.tenant, fromMs: bucket.reads, toMs: bucket.end, expiresAt: p.now() + p.longTtlMs, result: frozen({ columns: query.columns, rows: perBucket[i]!, stats: { elapsedMs: 0, rowsRead: 0, bytesRead: 0 } }) };
        if (entrySize(entry) > p.maxEntryBytes) {
          emit('skip', key, started, 'bucket over maxEntryBytes');
          continue;
        }
        try {
          await store.set(key, entry, p.longTtlMs, [tenantTag(id.tenant)]);
          emit('store', key, started);
        } catch (e) {
          emit('error', key, started, `set: ${(e as Error).message}`);
        }
      }
    }
    return result;
  };
}
