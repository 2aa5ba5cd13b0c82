/** The store interface: async get / set with TTL and tags / delete / keys by tag. */
import type { RunResult } from '../run/executor.js';

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
