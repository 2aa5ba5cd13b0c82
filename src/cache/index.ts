/** metricc/cache — result caching for executors. */
export { withCache, tenantTag, DEFAULT_POLICY, type CachePolicy, type CacheEvent, type CacheEventType, type CachedExecutor, type CacheCounters, type CacheableQuery } from './with-cache.js';
export { memoryStore, type MemoryStoreOptions } from './memory-store.js';
export { redisStore, type RedisLike, type RedisStoreOptions } from './redis-store.js';
export type { CacheEntry, CacheStore } from './store.js';
