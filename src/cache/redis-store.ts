/**
 * The Redis store (@redis/client): entries as JSON strings with a PX expiry, and a Redis set per
 * tag listing its keys (expiring with the longest entry), so invalidation finds a tenant's entries
 * without scanning the keyspace. Keys are prefixed (default `metricc:`).
 */
import type { CacheEntry, CacheStore } from './store.js';

/** The few commands used, so any @redis/client v4+ client (or a compatible one) fits. */
export interface RedisLike {
  get(key: string): Promise<string | null | unknown>;
  set(key: string, value: string, options: { PX: number }): Promise<unknown>;
  del(keys: string | string[]): Promise<unknown>;
  sAdd(key: string, members: string | string[]): Promise<unknown>;
  sMembers(key: string): Promise<string[] | unknown>;
  pExpire(key: string, ms: number): Promise<unknown>;
  pTTL(key: string): Promise<number | unknown>;
}

export interface RedisStoreOptions {
  readonly client: RedisLike;
  readonly prefix?: string;
}

export function redisStore(options: RedisStoreOptions): CacheStore {
  const { client } = options;
  const prefix = options.prefix ?? 'metricc:';
  const entryKey = (k: string) => `${prefix}e:${k}`;
  const tagKey = (t: string) => `${prefix}t:${t}`;
  return {
    async get(key) {
      const text = await client.get(entryKey(key));
      return typeof text === 'string' ? (JSON.parse(text) as CacheEntry) : undefined;
    },
    async set(key, entry, ttlMs, tags) {
      const ms = Math.max(1, Math.ceil(ttlMs));
      await client.set(entryKey(key), JSON.stringify(entry), { PX: ms });
      for (const t of tags) {
        await client.sAdd(tagKey(t), key);
        const left = Number(await client.pTTL(tagKey(t)));
        if (left >= 0 && left < ms) await client.pExpire(tagKey(t), ms);
        else if (left < 0) await client.pExpire(tagKey(t), ms);
      }
    },
    async delete(key) {
      await client.del(entryKey(key));
    },
    async keysForTag(tag) {
      const members = await client.sMembers(tagKey(tag));
      return Array.isArray(members) ? (members as string[]) : [];
    },
  };
}
