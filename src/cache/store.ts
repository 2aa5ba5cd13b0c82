/** The store interface: async get / set with TTL and tags / delete / keys by tag. */
import type { RunResult } from '../run/executor.js';
import { sha256Hex } from '../util/sha256.js';

/** What is cached: the result plus what invalidation and the tenant check need. */
export interface CacheEntry {
  readonly tenant: string;
  /** Range of the query, epoch ms, half-open. */
  readonly fromMs: number;
  readonly toMs: number;
  /** Policy clock time after which the entry is stale. */
  readonly expiresAt: number;
  readonly result: RunResult;
}

export interface CacheStore {
  get(key: string): Promise<CacheEntry | undefined>;
  /** Store under `key` for `ttlMs`, remembered under each tag (for invalidation). */
  set(key: string, entry: CacheEntry, ttlMs: number, tags: readonly string[]): Promise<void>;
  delete(key: string): Promise<void>;
  keysForTag(tag: string): Promise<string[]>;
  /** Stores that evict to make room report it here (the wrapper turns it into an `evict` event). */
  onEvict?(listener: (key: string) => void): void;
}

export function entrySize(entry: CacheEntry): number {
  return JSON.stringify(entry.result.rows).length * 2 + 256;
}

/** What a query is to the cache: its key, tenant and the range its rows come from. */
export interface Identity {
  readonly key: string;
  readonly tenant: string;
  readonly fromMs: number;
  readonly toMs: number;
}

/** The tag every entry of a tenant carries (invalidation finds them by it). */
export function tenantTag(tenant: string): string {
  return `tenant:${sha256Hex(tenant).slice(0, 32)}`;
}

/**
 * Results are shared — by every hit of an entry and every caller of one flight — so they are
 * frozen: one caller mutating `rows` cannot change what another sees. Freezing once, where a
 * result enters the cache, costs nothing per hit; a caller that wants to edit copies.
 */
export function frozen(result: RunResult): RunResult {
  if (Object.isFrozen(result)) return result;
  for (const row of result.rows) Object.freeze(row);
  Object.freeze(result.rows);
  Object.freeze(result.columns);
  Object.freeze(result.stats);
  return Object.freeze(result);
}

