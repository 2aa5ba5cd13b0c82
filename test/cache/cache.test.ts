/** Result caching: one test per rule, on the in-memory store, with a fake clock. */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/index.js';
import { memoryStore, withCache, type CacheEvent, type CacheStore } from '../../src/cache/index.js';
import { schema } from '../fixtures/schema.js';
import { FakeExecutor } from './fake-executor.js';

const NOW = Date.parse('2024-01-10T12:00:00Z');
const past = (formula = 'SUM(amount)', tenant = 'acme') => compile({ tenant, formula, from: '2024-01-01', to: '2024-01-08' }, schema);
const recent = (formula = 'SUM(amount)', tenant = 'acme') => compile({ tenant, formula, from: '2024-01-09', to: '2024-01-11' }, schema);

function setup(extra: Partial<Parameters<typeof withCache>[2]> = {}, store: CacheStore = memoryStore()) {
  const clock = { now: NOW };
  const events: CacheEvent[] = [];
  const exec = new FakeExecutor();
  const cached = withCache(exec, store, { now: () => clock.now, onEvent: (e) => events.push(e), ...extra });
  return { clock, events, exec, cached };
}

describe('keys', () => {
  it('formula spelling, whitespace and keyword case share an entry', async () => {
    const { exec, cached } = setup();
    await cached.run(past('SUM(amount)'));
    await cached.run(past('sum( amount )'));
    await cached.run(past('Sum(amount)\n'));
    expect(exec.executions).toBe(1);
    expect(cached.counters.hit).toBe(2);
  });
  it('two tenants with identical formulas never share an entry', async () => {
    const { exec, cached } = setup();
    const a = await cached.run(past('COUNT(*)', 'acme'));
    const b = await cached.run(past('COUNT(*)', 'globex'));
    expect(exec.executions).toBe(2);
    expect(a.rows[0]!['value']).toContain('acme|');
    expect(b.rows[0]!['value']).toContain('globex|');
    expect((await cached.run(past('COUNT(*)', 'globex'))).rows[0]!['value']).toContain('globex|');
  });
  it('an entry stored under another tenant is never served, even on a key collision', async () => {
    const store = memoryStore();
    const { cached, exec } = setup({}, { ...store, get: async (k) => {
      const e = await store.get(k);
      return e ? { ...e, tenant: 'someone-else' } : undefined;
    } });
    await cached.run(past());
    await cached.run(past());
    expect(exec.executions).toBe(2);
  });
  it('different ranges, mappings and executor targets do not share', async () => {
    const { exec, cached } = setup();
    await cached.run(past());
    await cached.run(recent());
    const remapped = compile({ tenant: 'acme', formula: 'SUM(amount)', from: '2024-01-01', to: '2024-01-08' }, { ...schema, events: schema.events.map((e, i) => (i === 0 ? { ...e, propertyMapping: { ...e.propertyMapping, extra: { type: ['String'], column: 'Prop70' } } } : e)) });
    await cached.run(remapped);
    expect(exec.executions).toBe(3);
    const store = memoryStore();
    const one = withCache(new FakeExecutor('server-a'), store);
    const other = new FakeExecutor('server-b');
    await one.run(past());
    await withCache(other, store).run(past());
    expect(other.executions).toBe(1);
  });
});

describe('freshness', () => {
  it('ranges touching now live shortTtlMs; closed past ranges live longTtlMs', async () => {
    const { clock, exec, cached } = setup();
    await cached.run(recent());
    await cached.run(past());
    clock.now += 61_000;
    await cached.run(recent());
    await cached.run(past());
    expect(exec.executions).toBe(3);
    clock.now += 86_400_000;
    await cached.run(past());
    expect(exec.executions).toBe(4);
  });
  it('invalidate drops the tenant entries whose range overlaps, and only those', async () => {
    const { exec, cached } = setup();
    await cached.run(past());
    await cached.run(recent());
    await cached.run(past('SUM(amount)', 'globex'));
    expect(await cached.invalidate({ tenant: 'acme', from: '2024-01-09T00:00:00Z', to: '2024-01-10T00:00:00Z' })).toBe(1);
    exec.version.set('acme', 1);
    expect((await cached.run(recent())).rows[0]!['value']).toMatch(/v1$/);
    expect((await cached.run(past())).rows[0]!['value']).toMatch(/v0$/);
    expect(await cached.invalidate({ tenant: 'acme' })).toBe(2);
    expect((await cached.run(past())).rows[0]!['value']).toMatch(/v1$/);
    await cached.run(past('SUM(amount)', 'globex'));
    expect(exec.executions).toBe(5);
  });
  it('an entry without a known range is dropped by any invalidation of its tenant', async () => {
    const { exec, cached } = setup();
    const bare = { sql: 'SELECT 1 AS value', params: {}, columns: [{ name: 'value', type: 'number' as const }], structure: { tenant: 'acme', fromMs: NaN, toMs: NaN } };
    await cached.run(bare);
    expect(await cached.invalidate({ tenant: 'acme', from: '2024-01-01', to: '2024-01-02' })).toBe(1);
    await cached.run(bare);
    expect(exec.executions).toBe(2);
  });
  it('a result computed while its tenant was invalidated is not stored', async () => {
    const { exec, cached } = setup();
    exec.delayMs = 30;
    const running = cached.run(past());
    await new Promise((r) => setTimeout(r, 5));
    await cached.invalidate({ tenant: 'acme' });
    await running;
    await cached.run(past());
    expect(exec.executions).toBe(2);
  });
});

describe('what is not cached', () => {
  it('errors', async () => {
    const { exec, cached } = setup();
    exec.failNext = true;
    await expect(cached.run(past())).rejects.toThrow('engine failed');
    await cached.run(past());
    await cached.run(past());
    expect(exec.executions).toBe(2);
  });
  it('results over maxEntryBytes', async () => {
    const { exec, cached, events } = setup({ maxEntryBytes: 10 });
    await cached.run(past());
    await cached.run(past());
    expect(exec.executions).toBe(2);
    expect(events.filter((e) => e.type === 'skip').map((e) => e.detail)).toEqual(['result over maxEntryBytes', 'result over maxEntryBytes']);
  });
});

describe('single flight', () => {
  it('concurrent identical queries run once and share the result', async () => {
    const { exec, cached } = setup();
    exec.delayMs = 20;
    const results = await Promise.all(Array.from({ length: 10 }, () => cached.run(past())));
    expect(exec.executions).toBe(1);
    expect(new Set(results.map((r) => r.rows[0]!['value'])).size).toBe(1);
    expect(cached.counters.coalesced).toBe(9);
  });
  it('one caller cancelling does not cancel the others', async () => {
    const { exec, cached } = setup();
    exec.delayMs = 30;
    const controller = new AbortController();
    const first = cached.run(past(), { signal: controller.signal });
    const second = cached.run(past());
    controller.abort();
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    expect((await second).rows).toHaveLength(1);
    expect(exec.executions).toBe(1);
  });
  it('a failed execution releases every waiter with the error', async () => {
    const { exec, cached } = setup();
    exec.delayMs = 20;
    exec.failNext = true;
    const all = await Promise.allSettled(Array.from({ length: 5 }, () => cached.run(past())));
    expect(all.every((r) => r.status === 'rejected')).toBe(true);
    expect(exec.executions).toBe(1);
  });
});

describe('observability', () => {
  it('reports hit, miss, store, evict and error with timings, and counts them', async () => {
    const { cached, events } = setup({}, memoryStore({ maxEntries: 1 }));
    await cached.run(past());
    await cached.run(past());
    await cached.run(recent());
    expect(events.map((e) => e.type)).toEqual(['miss', 'store', 'hit', 'miss', 'evict', 'store']);
    expect(events.every((e) => e.ms >= 0)).toBe(true);
    expect(cached.counters).toMatchObject({ hit: 1, miss: 2, store: 2, evict: 1 });
  });
  it('a failing store never fails the query', async () => {
    const broken: CacheStore = {
      get: async () => Promise.reject(new Error('down')),
      set: async () => Promise.reject(new Error('down')),
      delete: async () => undefined,
      keysForTag: async () => [],
    };
    const { cached, events } = setup({}, broken);
    expect((await cached.run(past())).rows).toHaveLength(1);
    expect(events.filter((e) => e.type === 'error').map((e) => e.detail)).toEqual(['get: down', 'set: down']);
  });
});

describe('shared results are safe to hand out (issue 10 item 9, issue 11 item 15)', () => {
  it('hits are frozen, marked cached, and report what the engine read for this call', async () => {
    const { withCache, memoryStore } = await import('../../src/cache/index.js');
    const inner = {
      target: 'fake',
      run: async () => ({ columns: [{ name: 'value', type: 'number' as const }], rows: [{ value: 1 }], stats: { elapsedMs: 50, rowsRead: 10, bytesRead: 100 } }),
      close: async () => undefined,
    };
    const cached = withCache(inner, memoryStore());
    const query = { sql: 'SELECT 1', params: { tenant: 'acme', from: '2024-01-01 00:00:00.000', to: '2024-01-02 00:00:00.000' }, columns: [{ name: 'value', type: 'number' as const }], cacheKey: 'k' };
    const first = await cached.run(query);
    expect(Object.isFrozen(first.rows)).toBe(true);
    expect(() => {
      (first.rows as { value: number }[])[0]!.value = 99;
    }).toThrow(TypeError);
    const hit = await cached.run(query);
    expect(hit.rows).toEqual([{ value: 1 }]);
    expect(hit.stats).toMatchObject({ cached: true, rowsRead: 0, bytesRead: 0 });
    expect(first.stats.cached).toBeUndefined();
  });
});
