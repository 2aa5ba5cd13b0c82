/**
 * `compilerFor(layout, loader, options)`: compile against documents kept in a store (README).
 * A tenant's documents become one frozen schema object, cached in process for `ttlMs`; the
 * compiler's own per-schema index cache does the rest, so a warm compile costs what `compile` does.
 */
import { LRUCache } from 'lru-cache';
import { analyze, type Analysis, type CompileOptions, type CompiledQuery } from '../compile.js';
import { CompileError, fieldDiagnostic, type Diagnostic } from '../diagnostics/index.js';
import type { EventMapping, MetricEntry, Schema } from '../model/schema.js';

/** The table layout: the schema without the tenants' documents. */
export type Layout = Omit<Schema, 'events' | 'metrics'>;

/** One tenant's documents as a store holds them (validated by the compiler, like any schema). */
export interface TenantDocuments {
  /** Mapping documents: which property sits in which slot, per event. */
  readonly events: readonly (EventMapping | unknown)[];
  /** Named metrics: the tenant's own and the shared ones (no `productId`). */
  readonly metrics?: readonly (MetricEntry | unknown)[];
}

export interface TenantLoader {
  loadTenant(tenant: string): Promise<TenantDocuments>;
}

export type ProviderEventType = 'hit' | 'load' | 'coalesced' | 'stale' | 'error' | 'invalidate';

export interface ProviderEvent {
  readonly type: ProviderEventType;
  readonly tenant: string;
  readonly ms: number;
  readonly detail?: string;
}

export interface ProviderOptions {
  /** How long a tenant's documents are used before they are loaded again (default 2 minutes). */
  readonly ttlMs?: number;
  /** Tenants kept at most (least recently used dropped first; default 10,000). */
  readonly maxTenants?: number;
  readonly compileOptions?: CompileOptions;
  readonly now?: () => number;
  readonly onEvent?: (event: ProviderEvent) => void;
}

export interface TenantCompiler {
  compile(query: unknown): Promise<CompiledQuery>;
  check(query: unknown): Promise<{ readonly diagnostics: readonly Diagnostic[] }>;
  analyze(query: unknown): Promise<Analysis>;
  /** From the cache alone: undefined when the tenant's documents are not loaded (or expired). */
  compileSync(query: unknown): CompiledQuery | undefined;
  /** The schema object the tenant's queries compile against (loading it if needed). */
  schemaFor(tenant: string): Promise<Schema>;
  /** Drop one tenant's documents (a document changed: a new property claimed a slot), or all. */
  invalidate(tenant?: string): void;
}

interface Held {
  readonly schema: Schema;
  readonly loadedAt: number;
}

/** The query's tenant when it has one that can be read plainly; else undefined. */
function tenantOf(query: unknown): string | undefined {
  if (typeof query !== 'object' || query === null) return undefined;
  try {
    const d = Object.getOwnPropertyDescriptor(query, 'tenant');
    return d && 'value' in d && typeof d.value === 'string' ? d.value : undefined;
  } catch {
    // A revoked Proxy, a throwing trap: the compiler says what is wrong with such a query.
    return undefined;
  }
}

function compiledOrThrow({ diagnostics, compiled }: Analysis): CompiledQuery {
  if (!compiled) throw new CompileError(diagnostics.length > 0 ? diagnostics : [fieldDiagnostic('invalid-query', 'query', '', 'the query could not be compiled')]);
  return compiled;
}

export function compilerFor(layout: Layout, loader: TenantLoader, options: ProviderOptions = {}): TenantCompiler {
  const ttlMs = options.ttlMs ?? 120_000;
  const now = options.now ?? (() => Date.now());
  const held = new LRUCache<string, Held>({ max: options.maxTenants ?? 10_000 });
  const flights = new Map<string, Promise<Schema>>();
  const generations = new Map<string, number>();
  let generationAll = 0;
  const emit = (type: ProviderEventType, tenant: string, started: number, detail?: string) =>
    options.onEvent?.({ type, tenant, ms: performance.now() - started, ...(detail !== undefined ? { detail } : {}) });
  // A schema for queries without a readable tenant: the compiler reports what is wrong with them.
  const bare: Schema = Object.freeze({ ...layout, events: [] }) as Schema;

  async function load(tenant: string): Promise<Schema> {
    const started = performance.now();
    const generation = `${generationAll}:${generations.get(tenant) ?? 0}`;
    try {
      const docs = await loader.loadTenant(tenant);
      const schema = Object.freeze({ ...layout, events: [...(docs?.events ?? [])], ...(docs?.metrics ? { metrics: [...docs.metrics] } : {}) }) as Schema;
      // Invalidated while loading: the documents may be older than the change; use them once.
      if (`${generationAll}:${generations.get(tenant) ?? 0}` === generation) held.set(tenant, { schema, loadedAt: now() });
      emit('load', tenant, started);
      return schema;
    } catch (e) {
      const stale = held.get(tenant);
      emit(stale ? 'stale' : 'error', tenant, started, (e as Error)?.message ?? String(e));
      if (stale) return stale.schema;
      throw e;
    }
  }

  function fresh(tenant: string): Schema | undefined {
    const h = held.get(tenant);
    return h && now() - h.loadedAt < ttlMs ? h.schema : undefined;
  }

  async function schemaFor(tenant: string): Promise<Schema> {
    const started = performance.now();
    const schema = fresh(tenant);
    if (schema) {
      if (options.onEvent) emit('hit', tenant, started);
      return schema;
    }
    const running = flights.get(tenant);
    if (running) {
      emit('coalesced', tenant, started);
      return running;
    }
    const flight = load(tenant);
    flights.set(tenant, flight);
    const done = () => {
      if (flights.get(tenant) === flight) flights.delete(tenant);
    };
    flight.then(done, done);
    return flight;
  }

  async function analyzeAsync(query: unknown): Promise<Analysis> {
    const tenant = tenantOf(query);
    const schema = tenant === undefined ? bare : (fresh(tenant) ?? (await schemaFor(tenant)));
    return analyze(query, schema, options.compileOptions);
  }

  return {
    async compile(query) {
      const tenant = tenantOf(query);
      const schema = tenant === undefined ? bare : (fresh(tenant) ?? (await schemaFor(tenant)));
      return compiledOrThrow(analyze(query, schema, options.compileOptions));
    },
    async check(query) {
      return { diagnostics: (await analyzeAsync(query)).diagnostics };
    },
    analyze: analyzeAsync,
    compileSync(query) {
      const tenant = tenantOf(query);
      const schema = tenant === undefined ? bare : fresh(tenant);
      if (!schema) return undefined;
      return compiledOrThrow(analyze(query, schema, options.compileOptions));
    },
    schemaFor,
    invalidate(tenant) {
      const started = performance.now();
      if (tenant === undefined) {
        generationAll++;
        held.clear();
      } else {
        if (generations.size >= 100_000) generations.clear();
        generations.set(tenant, (generations.get(tenant) ?? 0) + 1);
        held.delete(tenant);
      }
      emit('invalidate', tenant ?? '*', started);
    },
  };
}
