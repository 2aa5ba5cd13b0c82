/**
 * Model-based test: random sequences of run / advance-clock / late-data-then-invalidate /
 * concurrent runs / failing runs, against the in-memory store and a real Redis, compared with a
 * simple reference model of what a correct cache must answer and how often it must execute.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile, type CompiledQuery } from '../../src/index.js';
import { memoryStore, redisStore, withCache, type CacheStore, type RedisLike } from '../../src/cache/index.js';
import { schema } from '../fixtures/schema.js';
import { redisServerPath, useRedis } from '../fixtures/redis-server.js';
import { FakeExecutor } from './fake-executor.js';

const NOW = Date.parse('2024-01-10T12:00:00Z');
const RANGES = [
  { from: '2024-01-01', to: '2024-01-05', fromMs: Date.parse('2024-01-01'), toMs: Date.parse('2024-01-05') },
  { from: '2024-01-09', to: '2024-01-11', fromMs: Date.parse('2024-01-09'), toMs: Date.parse('2024-01-11') },
];
const TENANTS = ['acme', 'globex'];
const FORMULAS = ['COUNT(*)', 'SUM(amount)'];
const QUERIES: Array<{ q: CompiledQuery; tenant: string; range: (typeof RANGES)[number]; id: string }> = [];
for (const tenant of TENANTS) for (const range of RANGES) for (const formula of FORMULAS) {
  QUERIES.push({ q: compile({ tenant, formula, from: range.from, to: range.to }, schema), tenant, range, id: `${tenant}|${range.from}|${formula}` });
}

type Command =
  | { kind: 'run'; i: number }
  | { kind: 'concurrent'; i: number; n: number }
  | { kind: 'fail'; i: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'lateData'; tenant: number; range: number | undefined };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: fc.nat(QUERIES.length - 1).map((i) => ({ kind: 'run' as const, i })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('concurrent' as const), i: fc.nat(QUERIES.length - 1), n: fc.integer({ min: 2, max: 5 }) }) },
  { weight: 1, arbitrary: fc.nat(QUERIES.length - 1).map((i) => ({ kind: 'fail' as const, i })) },
  { weight: 2, arbitrary: fc.constantFrom(10_000, 59_000, 61_000, 3_600_000, 90_000_000).map((ms) => ({ kind: 'advance' as const, ms })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('lateData' as const), tenant: fc.nat(1), range: fc.option(fc.nat(1), { nil: undefined }) }) },
);

interface ModelEntry {
  readonly value: string;
  readonly expiresAt: number;
}

async function check(makeStore: () => Promise<CacheStore>, commands: Command[]): Promise<void> {
  const clock = { now: NOW };
  const exec = new FakeExecutor();
  exec.delayMs = 1;
  const cached = withCache(exec, await makeStore(), { now: () => clock.now });
  const model = new Map<string, ModelEntry>();
  const ttl = (range: (typeof RANGES)[number]) => (range.toMs > clock.now - 3_600_000 ? 60_000 : 86_400_000);
  const expectRun = async (i: number, n: number) => {
    const { q, range, id } = QUERIES[i]!;
    const before = exec.executions;
    const hit = model.get(id);
    const fresh = hit && hit.expiresAt > clock.now;
    const results = await Promise.all(Array.from({ length: n }, () => cached.run(q)));
    const expected = fresh ? hit.value : exec.answer(q);
    for (const r of results) expect(r.rows[0]!['value']).toBe(expected);
    expect(exec.executions - before).toBe(fresh ? 0 : 1);
    if (!fresh) model.set(id, { value: expected, expiresAt: clock.now + ttl(range) });
  };
  for (const c of commands) {
    switch (c.kind) {
      case 'run':
        await expectRun(c.i, 1);
        break;
      case 'concurrent':
        await expectRun(c.i, c.n);
        break;
      case 'fail': {
        const { q, id } = QUERIES[c.i]!;
        const hit = model.get(id);
        if (hit && hit.expiresAt > clock.now) break; // served from the cache: nothing runs, nothing fails
        exec.failNext = true;
        await expect(cached.run(q)).rejects.toThrow('engine failed');
        model.delete(id);
        break;
      }
      case 'advance':
        clock.now += c.ms;
        break;
      case 'lateData': {
        const tenant = TENANTS[c.tenant]!;
        exec.version.set(tenant, (exec.version.get(tenant) ?? 0) + 1);
        const r = c.range === undefined ? undefined : RANGES[c.range]!;
        await cached.invalidate({ tenant, ...(r ? { from: r.from, to: r.to } : {}) });
        for (const q of QUERIES) if (q.tenant === tenant && (!r || (q.range.fromMs < r.toMs && r.fromMs < q.range.toMs))) model.delete(q.id);
        break;
      }
    }
  }
}

describe('cache model (in-memory store)', () => {
  it('matches the reference model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 40 }), (cs) => check(async () => memoryStore(), cs)),
      { numRuns: 300 },
    );
  });
});

const binary = redisServerPath();

describe.skipIf(!binary)('Redis store on a real redis-server', () => {
  const redis = useRedis(binary!);
  let prefixCounter = 0;

  it('matches the reference model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 30 }), (cs) => check(async () => redisStore({ client: redis.client() as unknown as RedisLike, prefix: `m${prefixCounter++}:` }), cs)),
      { numRuns: 100 },
    );
  });

  it('stores JSON with a TTL and keeps a tag set per tenant', async () => {
    const store = redisStore({ client: redis.client() as unknown as RedisLike, prefix: 'unit:' });
    const exec = new FakeExecutor();
    const cached = withCache(exec, store);
    await cached.run(QUERIES[0]!.q);
    const keys = await redis.client().keys('unit:*');
    expect(keys.some((k) => k.startsWith('unit:e:v1:'))).toBe(true);
    expect(keys.some((k) => k.startsWith('unit:t:tenant:'))).toBe(true);
    const entryKey = keys.find((k) => k.startsWith('unit:e:'))!;
    expect(Number(await redis.client().pTTL(entryKey))).toBeGreaterThan(80_000_000);
    expect(await cached.invalidate({ tenant: 'acme' })).toBe(1);
    expect(await redis.client().exists(entryKey)).toBe(0);
  });

  it('two tenants with identical formulas never share an entry', async () => {
    const store = redisStore({ client: redis.client() as unknown as RedisLike, prefix: 'tenants:' });
    const exec = new FakeExecutor();
    const cached = withCache(exec, store);
    const a = compile({ tenant: 'acme', formula: 'COUNT(*)', from: '2024-01-01', to: '2024-01-05' }, schema);
    const b = compile({ tenant: 'globex', formula: 'COUNT(*)', from: '2024-01-01', to: '2024-01-05' }, schema);
    expect((await cached.run(a)).rows[0]!['value']).toContain('acme|');
    expect((await cached.run(b)).rows[0]!['value']).toContain('globex|');
    expect((await cached.run(b)).rows[0]!['value']).toContain('globex|');
    expect(exec.executions).toBe(2);
  });
});

if (!binary) {
  describe('Redis store on a real redis-server', () => {
    it.skip('skipped: redis-server is not installed (apt-get install redis-server; .ci/run installs it)', () => {});
  });
}
