/**
 * Cache benchmark (npm run bench:cache): the overhead of a hit on the in-memory store, a Redis
 * round trip (real redis-server on loopback, when installed), a dashboard of 20 metrics on the
 * demo dataset, cold (empty cache) versus warm, and incremental caching: refreshing a 30-day daily
 * dashboard whose last bucket is open, against a full run (rows read from the engine's statistics).
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createClient } from '@redis/client';
import { compile, demoSchema, DEMO_NOW } from '../src/index.js';
import { openDemo } from '../src/run/index.js';
import { memoryStore, redisStore, withCache, type RedisLike } from '../src/cache/index.js';
import { FakeExecutor } from '../test/cache/fake-executor.js';
import { redisServerPath, startRedis } from '../test/fixtures/redis-server.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const query = compile({ tenant: 'acme', formula: 'SUM(amount) / COUNT(DISTINCT user_id)', filter: "event = 'purchase'", from: '2024-01-01', to: '2024-02-01', granularity: 'day' }, demoSchema);

// 1. Hit overhead on the in-memory store (the executor is never reached on a hit).
const memory = withCache(new FakeExecutor(), memoryStore());
await memory.run(query);
for (let i = 0; i < 50_000; i++) await memory.run(query);
const N = 200_000;
const t0 = performance.now();
for (let i = 0; i < N; i++) await memory.run(query);
console.log(`in-memory hit: ${(((performance.now() - t0) / N) * 1000).toFixed(2)} µs per query (${N.toLocaleString('en-US')} hits, key hashing included)`);

// 2. Redis round trip.
const binary = redisServerPath();
if (binary) {
  const redis = await startRedis(binary);
  const client = createClient({ url: redis.url });
  await client.connect();
  const cached = withCache(new FakeExecutor(), redisStore({ client: client as unknown as RedisLike }));
  await cached.run(query);
  const times: number[] = [];
  for (let i = 0; i < 2_000; i++) {
    const t = performance.now();
    await cached.run(query);
    times.push(performance.now() - t);
  }
  console.log(`Redis hit (loopback, real redis-server): median ${(median(times) * 1000).toFixed(0)} µs, p99 ${(([...times].sort((a, b) => a - b)[Math.floor(times.length * 0.99)]!) * 1000).toFixed(0)} µs`);
  await client.close();
  await redis.stop();
} else console.log('Redis: skipped (redis-server not installed)');

// 3. A dashboard of 20 metrics on the demo dataset: cold, then warm.
const rows = Number(process.env['DEMO_ROWS'] ?? 1_000_000);
const { executor } = await openDemo({ path: join(tmpdir(), `metricc-demo-${rows}-seed1`), rows });
const now = Date.parse(DEMO_NOW);
const range = { from: new Date(now - 30 * 86_400_000).toISOString(), to: DEMO_NOW };
const formulas = [
  'SUM(amount) / COUNT(DISTINCT user_id)', 'COUNT(DISTINCT user_id)', 'COUNT(*)', 'AVG(amount)', 'PERCENTILE(0.95, load_time)', 'MEDIAN(load_time)',
  "COUNT(DISTINCT user_id) FILTER (WHERE event = 'purchase') / COUNT(DISTINCT user_id) FILTER (WHERE event = 'signup')", "SUM(amount) FILTER (WHERE event = 'refund') / SUM(amount) FILTER (WHERE event = 'purchase')",
  "COUNTIF(coupon IS NOT NULL) / COUNTIF(event = 'purchase')", 'AVG(items)', "COUNTIF(source = 'ios') / COUNT(*)", 'MAX(amount)', 'STDDEV(amount)', 'COUNT(DISTINCT country)',
  "COUNT(*) FILTER (WHERE event = 'add_to_cart')", 'SUM(price * quantity)', "COUNTIF(HOUR(time) >= 18) / COUNT(*)", 'APPROX_COUNT_DISTINCT(user_id)', "AVG(load_time) FILTER (WHERE country = 'US')", 'COUNT(DISTINCT $session_id)',
];
const dashboard = formulas.map((formula, i) => compile({ tenant: 'acme', formula, ...range, ...(i % 3 === 0 ? { granularity: 'day' as const } : {}), ...(i % 4 === 1 ? { groupBy: ['source'] } : {}) }, demoSchema));
const cached = withCache(executor, memoryStore());
const load = async () => {
  const t = performance.now();
  for (const q of dashboard) await cached.run(q);
  return performance.now() - t;
};
const cold = await load();
const warm = median([await load(), await load(), await load(), await load(), await load()]);
console.log(`dashboard of ${dashboard.length} metrics on ${rows.toLocaleString('en-US')} demo events: cold ${cold.toFixed(0)} ms, warm ${warm.toFixed(2)} ms → ${(cold / warm).toFixed(0)}× faster (${cached.counters.hit} hits, ${cached.counters.miss} misses)`);

// 4. Incremental caching: a 30-day daily dashboard refreshed while its last day is open.
{
  const policyNow = Date.parse('2024-03-30T12:00:00Z');
  const daily = [
    { formula: 'SUM(amount)', filter: "event = 'purchase'" },
    { formula: 'COUNT(DISTINCT user_id)' },
    { formula: 'PERCENTILE(0.95, load_time)', groupBy: ['country'] },
    { formula: 'ROLLING(COUNT(DISTINCT user_id), 7)' },
    { formula: "COUNTIF(event = 'purchase') / COUNT(DISTINCT user_id)", groupBy: ['source'] },
    { formula: 'AVG(SUM(amount) PER user_id)', filter: "event = 'purchase'" },
  ].map((m) => compile({ tenant: 'acme', ...m, from: '2024-03-01', to: '2024-03-31', granularity: 'day' }, demoSchema));
  const runAll = async (run: (q: (typeof daily)[number]) => Promise<{ stats: { rowsRead: number } }>) => {
    const t = performance.now();
    const each: number[] = [];
    for (const q of daily) each.push((await run(q)).stats.rowsRead);
    return { ms: performance.now() - t, rowsRead: each.reduce((a, b) => a + b, 0), each };
  };
  const fulls: Awaited<ReturnType<typeof runAll>>[] = [];
  for (let i = 0; i < 5; i++) fulls.push(await runAll((q) => executor.run(q)));
  const inc = withCache(executor, memoryStore(), { now: () => policyNow, lateWindowMs: 3_600_000 });
  const first = await runAll((q) => inc.run(q));
  const refreshes: Awaited<ReturnType<typeof runAll>>[] = [];
  for (let i = 0; i < 5; i++) refreshes.push(await runAll((q) => inc.run(q)));
  const full = { ms: median(fulls.map((f) => f.ms)), rowsRead: fulls[0]!.rowsRead };
  const refresh = { ms: median(refreshes.map((f) => f.ms)), rowsRead: refreshes[0]!.rowsRead };
  console.log(
    `incremental refresh of ${daily.length} daily metrics over 30 days (29 closed + 1 open bucket) on ${rows.toLocaleString('en-US')} demo events:\n` +
      `  full run ${full.ms.toFixed(0)} ms, ${full.rowsRead.toLocaleString('en-US')} rows read; first cached run ${first.ms.toFixed(0)} ms, ${first.rowsRead.toLocaleString('en-US')} rows;\n` +
      `  refresh ${refresh.ms.toFixed(1)} ms, ${refresh.rowsRead.toLocaleString('en-US')} rows read → ${(full.rowsRead / Math.max(1, refresh.rowsRead)).toFixed(1)}× fewer rows, ${(full.ms / refresh.ms).toFixed(1)}× faster`,
  );
  console.log(`  per metric, rows read full → refresh: ${daily.map((q, i) => `${q.structure.granularity && i === 3 ? 'ROLLING 7 days ' : ''}${fulls[0]!.each[i]!.toLocaleString('en-US')} → ${refreshes[0]!.each[i]!.toLocaleString('en-US')} (${(fulls[0]!.each[i]! / Math.max(1, refreshes[0]!.each[i]!)).toFixed(0)}×)`).join('; ')}`);
}
await executor.close();
