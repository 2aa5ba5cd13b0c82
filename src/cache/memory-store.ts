/** The in-memory store: an LRU bounded by entries and bytes (lru-cache), with tag sets. */
import { LRUCache } from 'lru-cache';
import { entrySize, type CacheEntry, type CacheStore } from './store.js';

export interface MemoryStoreOptions {
  readonly maxEntries?: number;
  readonly maxBytes?: number;
}

export function memoryStore(options: MemoryStoreOptions = {}): CacheStore {
  const tags = new Map<string, Set<string>>();
  const evictListeners: Array<(key: string) => void> = [];
  const tagsOf = new Map<string, readonly string[]>();
  const forget = (key: string) => {
    for (const t of tagsOf.get(key) ?? []) tags.get(t)?.delete(key);
    tagsOf.delete(key);
  };
  const lru = new LRUCache<string, CacheEntry>({
    max: options.maxEntries ?? 10_000,
    maxSize: options.maxBytes ?? 256 * 1024 * 1024,
    sizeCalculation: entrySize,
    dispose: (_value, key, reason) => {
      forget(key);
      if (reason === 'evict') for (const l of evictListeners) l(key);
    },
  });
  return {
    async get(key) {
      return lru.get(key);
    },
    async set(key, entry, ttlMs, entryTags) {
      forget(key);
      lru.set(key, entry, { ttl: Math.max(1, Math.ceil(ttlMs)) });
      if (!lru.has(key)) return; // larger than maxBytes: lru-cache refuses it
      tagsOf.set(key, entryTags);
      for (const t of entryTags) {
        let set = tags.get(t);
        if (!set) tags.set(t, (set = new Set()));
        set.add(key);
      }
    },
    async delete(key) {
      lru.delete(key);
    },
    async keysForTag(tag) {
      return [...(tags.get(tag) ?? [])];
    },
    onEvict(listener) {
      evictListeners.push(listener);
    },
  };
}
