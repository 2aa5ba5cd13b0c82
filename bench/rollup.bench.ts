/**
 * Rollups (docs/rollups.md; `npm run bench:rollup`, and the last section of `npm run
 * bench:efficiency`): on the demo dataset of EFF_ROWS events, day rollups built with `rollupDdl`
 * (table, materialized view, backfill), then typical metrics compiled twice — against the events
 * table and routed to a rollup — with rows and bytes read (the engine's statistics), the median
 * time of EFF_RUNS runs, and the sizes of the tables. Results are checked equal (up to float
 * summation order).
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compile, demoSchema, rollupDdl, withMapping, type RollupEntry, type Schema } from '../src/index.js';
import { openDemo } from '../src/run/index.js';
import { measurer, sameResult, type Measure } from './engine-measure.js';

const ROWS = Number(process.env['EFF_ROWS'] ?? 10_000_000);
const RUNS = Number(process.env['EFF_RUNS'] ?? 7);
const { executor } = await openDemo({ path: join(tmpdir(), `metricc-demo-${ROWS}-seed1`), rows: ROWS });
const s = executor.session;
const base = demoSchema as unknown as Schema;

const ROLLUPS: RollupEntry[] = [
  withMapping(base, { table: 'bench_acme_purchases_day', productId: 'acme', event: 'purchase', grain: 'day', dimensions: ['country', 'source'], measures: ['SUM(amount)', 'COUNT(*)', 'COUNT(DISTINCT user_id)', 'APPROX_COUNT_DISTINCT(user_id)'] }),
  withMapping(base, { table: 'bench_acme_page_views_day', productId: 'acme', event: 'page_view', grain: 'day', dimensions: ['country'], measures: ['COUNT(*)', 'PERCENTILE(0.95, load_time)', 'AVG(load_time)', 'COUNT(DISTINCT user_id)', 'APPROX_COUNT_DISTINCT(user_id)'] }),
];
const schema: Schema = { ...base, rollups: ROLLUPS };

for (const r of ROLLUPS) {
  const t = Date.now();
  s.query(`DROP VIEW IF EXISTS ${r.table}_mv`);
  s.query(`DROP TABLE IF EXISTS ${r.table}`);
  for (const statement of rollupDdl(base, r).statements) s.query(statement);
  s.query(`OPTIMIZE TABLE ${r.table} FINAL`);
  console.log(`built rollup ${r.table} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

function size(table: string): { rows: number; bytes: number } {
  const text = s.query(`SELECT sum(rows), sum(bytes_on_disk) FROM system.parts WHERE database = currentDatabase() AND table = '${table}' AND active`, 'TSV').trim();
  const [rows, bytes] = text.split('\t').map(Number);
  return { rows: rows!, bytes: bytes! };
}

const measure = measurer(s, RUNS);
const same = sameResult;

const RANGE = { from: '2024-01-01T00:00:00Z', to: '2024-03-31T00:00:00Z' };
const METRICS: Array<{ name: string; query: Record<string, unknown> }> = [
  { name: 'revenue per day', query: { tenant: 'acme', formula: 'SUM(amount)', filter: "event = 'purchase'", granularity: 'day' } },
  { name: 'revenue by country and source', query: { tenant: 'acme', formula: 'SUM(amount) / COUNT(*)', filter: "event = 'purchase'", groupBy: ['country', 'source'] } },
  { name: 'buyers per week (exact distinct)', query: { tenant: 'acme', formula: 'COUNT(DISTINCT user_id)', filter: "event = 'purchase'", granularity: 'week' } },
  { name: 'buyers per week (APPROX_COUNT_DISTINCT)', query: { tenant: 'acme', formula: 'APPROX_COUNT_DISTINCT(user_id)', filter: "event = 'purchase'", granularity: 'week' } },
  { name: 'p95 page load by country', query: { tenant: 'acme', formula: 'PERCENTILE(0.95, load_time)', filter: "event = 'page_view'", groupBy: ['country'] } },
  { name: 'page views per viewer per day', query: { tenant: 'acme', formula: 'COUNT(*) / COUNT(DISTINCT user_id)', filter: "event = 'page_view'", granularity: 'day' } },
];

const events = size('events');
console.log(`\nrollups: events table ${events.rows.toLocaleString('en-US')} rows, ${(events.bytes / 1e6).toFixed(1)} MB on disk; ${ROLLUPS.map((r) => {
  const t = size(r.table);
  return `${r.table} ${t.rows.toLocaleString('en-US')} rows, ${(t.bytes / 1e6).toFixed(2)} MB (${(events.bytes / t.bytes).toFixed(0)}× smaller)`;
}).join('; ')}`);
console.log(`median of ${RUNS} runs; ratios are routed / raw\n`);
console.log('| metric | reads | rows read | bytes read | median time | bytes ratio | time ratio |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
for (const m of METRICS) {
  const q = { ...m.query, ...RANGE };
  const raw = compile(q, base);
  const routed = compile(q, schema);
  const a = await measure(raw.sql, raw.params);
  const b = await measure(routed.sql, routed.params);
  const fmt = (x: Measure) => `${x.rowsRead.toLocaleString('en-US')} | ${(x.bytesRead / 1e6).toFixed(1)} MB | ${x.ms.toFixed(1)} ms`;
  console.log(`| ${m.name} | events | ${fmt(a)} | 1.00× | 1.00× |`);
  console.log(`| ${m.name} | ${routed.route.rollup ?? `events (${routed.route.refused[0]?.reason ?? ''})`} | ${fmt(b)} | ${(b.bytesRead / a.bytesRead).toFixed(3)}× | ${(b.ms / a.ms).toFixed(2)}× (${(a.ms / b.ms).toFixed(1)}× faster) |`);
  if (!same(a.result, b.result)) console.log(`| ${m.name} | (note) | routed and raw results differ | | | | |`);
}
