/**
 * The cache key: SHA-256 of the normalized compiled form — SQL text, parameters, result columns —
 * plus the fingerprint of the tenant's mapping documents. Spelling, whitespace and keyword case
 * of the formula never reach the compiled form, so they cannot change the key; the tenant, range,
 * timezone, granularity, group-by and mapping all do.
 */
import { sha256Hex } from '../util/sha256.js';

export const CACHE_KEY_VERSION = 1;

/**
 * The parts are already normal: the emitter numbers parameters in a fixed order and builds
 * `params` in that order, so plain JSON of a fixed-shape array is canonical.
 */
export function cacheKey(parts: { sql: string; params: Record<string, unknown>; columns: readonly unknown[]; mapping: string }): string {
  const text = JSON.stringify([CACHE_KEY_VERSION, parts.sql, parts.params, parts.columns, parts.mapping]);
  return `metricc:v${CACHE_KEY_VERSION}:${sha256Hex(text)}`;
}
