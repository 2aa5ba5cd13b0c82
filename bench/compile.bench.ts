/**
 * Compile benchmark (npm run bench): the headline query's median / p99 compile time and
 * compiles per second, 10 KB and 100 KB formulas (cost must grow linearly), node-sql-parser's
 * parse + print round trip of the equivalent SQL in the same run, and heap after 1,000,000
 * compiles. Speed goals live here, never in timed tests.
 */
import { performance } from 'node:perf_hooks';
import NodeSqlParser from 'node-sql-parser';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { schema } from '../test/fixtures/schema.js';

// The built package (what users install), typed from the sources; `npm run bench` builds first.
const dist = pathToFileURL(join(import.meta.dirname, '../dist/index.js')).href;
const { compile, analyze } = (await import(dist)) as typeof import('../src/index.js');

const HEADLINE = {
  tenant: 'acme',
  formula: 'SUM(amount) / COUNT(DISTINCT user_id)',
  filter: "event = 'purchase'",
  from: '2024-01-01T00:00:00Z',
  to: '2024-02-01T00:00:00Z',
  granularity: 'day',
} as const;

const EQUIVALENT_SQL =
  "SELECT toStartOfDay(Time) AS bucket, SUM(amount) / COUNT(DISTINCT user_id) AS value FROM events WHERE ProductID = 'acme' AND Time >= '2024-01-01 00:00:00' AND Time < '2024-02-01 00:00:00' AND EventName = 'purchase' GROUP BY bucket ORDER BY bucket";

function timeEach(n: number, fn: () => void): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    out[i] = performance.now() - t0;
  }
  return out.sort((a, b) => a - b);
}

const quantile = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

function bigFormula(targetBytes: number): string {
  const branches: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const b = `WHEN currency = 'C${i}' THEN amount * ${(1 + i / 1000).toFixed(3)} `;
    branches.push(b);
    size += b.length;
  }
  return `SUM(CASE ${branches.join('')}ELSE amount END) FILTER (WHERE event = 'purchase')`;
}

function medianMs(runs: number, fn: () => void): number {
  return quantile(timeEach(runs, fn), 0.5);
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const lines: string[] = [];
const say = (s: string) => {
  lines.push(s);
  console.log(s);
};

say(`metricc compile benchmark — node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);

// Warm up the parser (built once per process), the schema index and the JIT.
for (let i = 0; i < 20_000; i++) compile(HEADLINE, schema);

const headline = timeEach(100_000, () => compile(HEADLINE, schema));
const median = quantile(headline, 0.5);
say(`headline compile: median ${us(median)}, p99 ${us(quantile(headline, 0.99))} (100,000 runs)`);

// The provider (metricc/provider) on a warm cache: what it adds to compile() (goal ≤ 1 µs).
// Both sides compile against the same schema object (the one the provider holds), interleaved in
// batches so that drift of the machine hits both alike.
{
  const { compilerFor } = (await import(pathToFileURL(join(import.meta.dirname, '../dist/provider/index.js')).href)) as typeof import('../src/provider/index.js');
  const { events, ...layoutOnly } = schema;
  const provider = compilerFor(layoutOnly, { loadTenant: async (t: string) => ({ events: events.filter((e) => e.productId === t) }) });
  const held = await provider.schemaFor(HEADLINE.tenant);
  const BATCH = 5_000;
  const direct: number[] = [];
  const via: number[] = [];
  for (let round = 0; round < 40; round++) {
    let t = performance.now();
    for (let i = 0; i < BATCH; i++) compile(HEADLINE, held);
    direct.push((performance.now() - t) / BATCH);
    t = performance.now();
    for (let i = 0; i < BATCH; i++) await provider.compile(HEADLINE);
    via.push((performance.now() - t) / BATCH);
  }
  const d = quantile([...direct].sort((a, b) => a - b), 0.5);
  const v = quantile([...via].sort((a, b) => a - b), 0.5);
  say(`provider on a warm cache: compile ${us(d)}, through compilerFor ${us(v)} → adds ${((v - d) * 1000).toFixed(2)} µs (median of 40 interleaved batches of ${BATCH.toLocaleString('en-US')})`);
}

const t0 = performance.now();
let n = 0;
while (performance.now() - t0 < 2000) {
  compile(HEADLINE, schema);
  n++;
}
say(`throughput: ${Math.round(n / ((performance.now() - t0) / 1000)).toLocaleString('en-US')} compiles/s (one core)`);

const parser = new NodeSqlParser.Parser();
for (let i = 0; i < 2_000; i++) parser.sqlify(parser.astify(EQUIVALENT_SQL));
const nsp = timeEach(20_000, () => parser.sqlify(parser.astify(EQUIVALENT_SQL)));
const nspMedian = quantile(nsp, 0.5);
say(`node-sql-parser parse+print of the equivalent SQL: median ${us(nspMedian)} → metricc is ${(nspMedian / median).toFixed(1)}× faster`);

const f10 = bigFormula(10_000);
const f100 = bigFormula(50_000);
const q10 = { ...HEADLINE, formula: f10 };
const q100 = { ...HEADLINE, formula: f100 };
for (let i = 0; i < 20; i++) {
  compile(q10, schema);
  compile(q100, schema);
}
const m10 = medianMs(200, () => compile(q10, schema));
const m100 = medianMs(30, () => compile(q100, schema));
say(`10 KB formula (${f10.length} chars): median ${m10.toFixed(2)} ms; 50 KB (${f100.length} chars): ${m100.toFixed(2)} ms; ratio ${(m100 / m10).toFixed(1)}× for ${(f100.length / f10.length).toFixed(1)}× the text`);

const perKb: string[] = [];
for (const kb of [10, 20, 35, 50]) {
  const q = { ...HEADLINE, formula: bigFormula(kb * 1000) };
  for (let i = 0; i < 5; i++) compile(q, schema);
  perKb.push(`${kb} KB ${(medianMs(15, () => compile(q, schema)) / kb).toFixed(3)}`);
}
say(`cost per KB of formula (ms/KB): ${perKb.join(', ')} (flat = linear; run with --max-semi-space-size=64 to take young-generation GC out of the picture)`);

// Worst cases (issue 10): hostile families at 1×, 4× and 16× their size, compile() and check().
// Growth must be linear (16× the input ⇒ ≤ ~16× the time) and every input within the default
// bounds must stay under ~100 ms.
const fanSchema = (slots: number) => ({ ...schema, events: Array.from({ length: slots }, (_, i) => ({ productId: 'acme', name: `e${i}`, propertyMapping: { a: { type: ['Float64'], column: `Prop${i}` } } })) });
const fan = fanSchema(100);
const families: [string, (n: number) => [unknown, unknown], number][] = [
  ['nested COALESCE in SUM (depth)', (n) => [{ ...HEADLINE, formula: 'SUM(' + 'COALESCE('.repeat(n) + 'amount' + ', 0)'.repeat(n) + ')' }, schema], 3],
  ['nested CASE in SUM (depth)', (n) => [{ ...HEADLINE, formula: 'SUM(' + 'CASE WHEN amount > 1 THEN '.repeat(n) + 'amount' + ' ELSE 0 END'.repeat(n) + ')' }, schema], 3],
  ['recovery garbage CASE WHEN END +', (n) => [{ ...HEADLINE, formula: 'CASE WHEN END + '.repeat(n) + '1' }, schema], 250],
  ['diagnostic flood #a', (n) => [{ ...HEADLINE, formula: '#a'.repeat(n) }, schema], 2000],
  ['unbalanced )))', (n) => [{ ...HEADLINE, formula: ')'.repeat(n) }, schema], 4000],
  ['multi-slot fan-out (100 slots) COALESCE(a, …)', (n) => [{ ...HEADLINE, filter: undefined, formula: 'SUM(COALESCE(' + Array(n).fill('a').join(', ') + '))' }, fan], 600],
  ['IN list of event names', (n) => [{ ...HEADLINE, formula: 'COUNTIF(event IN (' + Array.from({ length: n }, (_, i) => `'e${i}'`).join(', ') + '))' }, schema], 600],
  ['aggregates SUM(amount) + …', (n) => [{ ...HEADLINE, formula: Array(n).fill('SUM(amount)').join(' + ') }, schema], 12],
  ['mapping documents (new schema each call)', (n) => [HEADLINE, fanSchema(Math.min(n, 1000))], 60],
];
const worst: string[] = [];
let maxMs = 0;
for (const [name, make, base] of families) {
  const times = [1, 4, 16].map((k) => {
    const [q, s] = make(base * k);
    const fresh = () => (name.startsWith('mapping') ? structuredClone(s) : s);
    for (let i = 0; i < 2; i++) analyze(q, fresh());
    return medianMs(5, () => analyze(q, fresh()));
  });
  maxMs = Math.max(maxMs, ...times);
  worst.push(`| ${name} | ${base} | ${times.map((t) => t.toFixed(2)).join(' | ')} | ${(times[2]! / Math.max(times[0]!, 0.001)).toFixed(1)}× |`);
}
say('worst cases: analyze() (= check; compile throws the same diagnostics) median ms at 1×, 4×, 16× the base size');
say('| family | base | 1× | 4× | 16× | 16×/1× |');
say('| --- | --- | --- | --- | --- | --- |');
for (const line of worst) say(line);
say(`slowest input of the worst cases: ${maxMs.toFixed(1)} ms (goal: under 100 ms)`);

const total = Number(process.env['HEAP_COMPILES'] ?? 1_000_000);
const before = heapMb();
const samples: string[] = [];
for (let i = 1; i <= total; i++) {
  compile(HEADLINE, schema);
  if (i % (total / 4) === 0) samples.push(`${(i / 1000).toLocaleString('en-US')}k: ${heapMb().toFixed(1)} MB`);
}
const after = heapMb();
say(`heap over ${total.toLocaleString('en-US')} compiles: start ${before.toFixed(1)} MB; ${samples.join('; ')} → growth ${(after - before).toFixed(1)} MB`);
if (!(globalThis as { gc?: () => void }).gc) say('(run with --expose-gc for exact heap figures: npm run bench does)');
