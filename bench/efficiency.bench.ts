/**
 * Efficiency benchmark (npm run bench:efficiency): on a demo dataset of EFF_ROWS events (default
 * 10 million), typical metrics run as (a) metricc's SQL, (b) expert hand-written SQL on the same
 * slot table, (c) the same metric on a JSON-blob layout (`Properties String`, JSONExtract*) and
 * (d) a `Map(String, String)` layout. Reports rows and bytes read (the engine's own statistics)
 * and the median time of EFF_RUNS runs, with ratios to the hand-written query.
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compile, demoSchema } from '../src/index.js';
import { openDemo } from '../src/run/index.js';

const ROWS = Number(process.env['EFF_ROWS'] ?? 10_000_000);
const RUNS = Number(process.env['EFF_RUNS'] ?? 7);
const dir = join(tmpdir(), `metricc-demo-${ROWS}-seed1`);

const started = Date.now();
const { executor, reused } = await openDemo({
  path: dir,
  rows: ROWS,
  onProgress: (n, total) => process.stdout.write(`\rbuilding ${n.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} events`),
});
const s = executor.session;
console.log(`${reused ? 'reused' : '\nbuilt'} slot table: ${ROWS.toLocaleString('en-US')} events (${((Date.now() - started) / 1000).toFixed(0)} s)`);

/** Per (tenant, event): the property → slot pairs, as SQL building the other layouts. */
function propertiesExpr(kind: 'json' | 'map'): string {
  const branches = demoSchema.events.map((d) => {
    const pairs = Object.entries(d.propertyMapping).map(([name, e]) => `'${name}', ${e.column}`);
    const m = `mapFilter((k, v) -> v != '', map(${pairs.join(', ')}))`;
    return `ProductID = '${d.productId}' AND EventName = '${d.name}', ${kind === 'json' ? `toJSONString(${m})` : m}`;
  });
  return `multiIf(${branches.join(', ')}, ${kind === 'json' ? "'{}'" : 'map()'})`;
}

for (const [table, type, kind] of [['events_json', 'String', 'json'], ['events_map', 'Map(String, String)', 'map']] as const) {
  const have = Number(s.query(`SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = '${table}'`, 'TSV').trim()) === 1;
  if (reused && have && Number(s.query(`SELECT count() FROM ${table}`, 'TSV').trim()) === ROWS) continue;
  const t0 = Date.now();
  s.query(`DROP TABLE IF EXISTS ${table}`);
  s.query(
    `CREATE TABLE ${table} (ProductID LowCardinality(String), UserRefID String, EventName LowCardinality(String), Source LowCardinality(String), Time DateTime64(3, 'UTC'), Properties ${type}) ` +
      `ENGINE = MergeTree PARTITION BY toDate(Time) ORDER BY (ProductID, EventName, UserRefID, Time)`,
  );
  await s.queryAsync(`INSERT INTO ${table} SELECT ProductID, UserRefID, EventName, Source, Time, ${propertiesExpr(kind)} FROM events`);
  console.log(`built ${table} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

// Measure merged tables: the slot table is loaded in chunks, so without this the layouts would
// differ in part counts (and background merges would move the numbers between runs).
for (const table of ['events', 'events_json', 'events_map']) {
  const t0 = Date.now();
  await s.queryAsync(`OPTIMIZE TABLE ${table} FINAL`);
  console.log(`merged ${table} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

const RANGE = { from: '2024-01-01T00:00:00Z', to: '2024-03-31T00:00:00Z' };
const WHERE = (tenant: string, events: string) => `ProductID = '${tenant}' AND Time >= '2024-01-01 00:00:00' AND Time < '2024-03-31 00:00:00'${events}`;
const NUM = (x: string) => `if(isFinite(toFloat64OrNull(${x})), toFloat64OrNull(${x}), NULL)`;
const JNUM = (k: string) => NUM(`JSONExtractString(Properties, '${k}')`);
const MNUM = (k: string) => NUM(`Properties['${k}']`);

interface Metric {
  readonly name: string;
  readonly query: Record<string, unknown>;
  readonly expert: string;
  readonly json: string;
  readonly map: string;
}

const METRICS: Metric[] = [
  {
    name: 'revenue per user (daily)',
    query: { tenant: 'acme', formula: 'SUM(amount) / COUNT(DISTINCT user_id)', filter: "event = 'purchase'", ...RANGE, granularity: 'day' },
    expert: `SELECT toStartOfDay(Time, 'UTC') AS bucket, sumOrNull(${NUM('Prop0')}) / nullIf(uniqExact(UserRefID), 0) AS value FROM events WHERE ${WHERE('acme', " AND EventName = 'purchase'")} GROUP BY bucket ORDER BY bucket`,
    json: `SELECT toStartOfDay(Time, 'UTC') AS bucket, sumOrNull(${JNUM('amount')}) / nullIf(uniqExact(UserRefID), 0) AS value FROM events_json WHERE ${WHERE('acme', " AND EventName = 'purchase'")} GROUP BY bucket ORDER BY bucket`,
    map: `SELECT toStartOfDay(Time, 'UTC') AS bucket, sumOrNull(${MNUM('amount')}) / nullIf(uniqExact(UserRefID), 0) AS value FROM events_map WHERE ${WHERE('acme', " AND EventName = 'purchase'")} GROUP BY bucket ORDER BY bucket`,
  },
  {
    name: 'conversion signup → purchase',
    query: { tenant: 'acme', formula: "COUNT(DISTINCT user_id) FILTER (WHERE event = 'purchase') / COUNT(DISTINCT user_id) FILTER (WHERE event = 'signup')", ...RANGE },
    expert: `SELECT uniqExactIf(UserRefID, EventName = 'purchase') / nullIf(uniqExactIf(UserRefID, EventName = 'signup'), 0) AS value FROM events WHERE ${WHERE('acme', " AND EventName IN ('purchase', 'signup')")}`,
    json: `SELECT uniqExactIf(UserRefID, EventName = 'purchase') / nullIf(uniqExactIf(UserRefID, EventName = 'signup'), 0) AS value FROM events_json WHERE ${WHERE('acme', " AND EventName IN ('purchase', 'signup')")}`,
    map: `SELECT uniqExactIf(UserRefID, EventName = 'purchase') / nullIf(uniqExactIf(UserRefID, EventName = 'signup'), 0) AS value FROM events_map WHERE ${WHERE('acme', " AND EventName IN ('purchase', 'signup')")}`,
  },
  {
    name: 'p95 load time by country',
    query: { tenant: 'acme', formula: 'PERCENTILE(0.95, load_time)', filter: "event = 'page_view'", ...RANGE, groupBy: ['country'] },
    expert: `SELECT nullIf(Prop2, '') AS country, quantileExactInclusiveOrNull(0.95)(${NUM('Prop1')}) AS value FROM events WHERE ${WHERE('acme', " AND EventName = 'page_view'")} GROUP BY country ORDER BY country`,
    json: `SELECT nullIf(JSONExtractString(Properties, 'country'), '') AS country, quantileExactInclusiveOrNull(0.95)(${JNUM('load_time')}) AS value FROM events_json WHERE ${WHERE('acme', " AND EventName = 'page_view'")} GROUP BY country ORDER BY country`,
    map: `SELECT nullIf(Properties['country'], '') AS country, quantileExactInclusiveOrNull(0.95)(${MNUM('load_time')}) AS value FROM events_map WHERE ${WHERE('acme', " AND EventName = 'page_view'")} GROUP BY country ORDER BY country`,
  },
  {
    name: 'daily active users',
    query: { tenant: 'globex', formula: 'COUNT(DISTINCT user_id)', ...RANGE, granularity: 'day' },
    expert: `SELECT toStartOfDay(Time, 'UTC') AS bucket, uniqExact(UserRefID) AS value FROM events WHERE ${WHERE('globex', '')} GROUP BY bucket ORDER BY bucket`,
    json: `SELECT toStartOfDay(Time, 'UTC') AS bucket, uniqExact(UserRefID) AS value FROM events_json WHERE ${WHERE('globex', '')} GROUP BY bucket ORDER BY bucket`,
    map: `SELECT toStartOfDay(Time, 'UTC') AS bucket, uniqExact(UserRefID) AS value FROM events_map WHERE ${WHERE('globex', '')} GROUP BY bucket ORDER BY bucket`,
  },
];

interface Measure {
  readonly rowsRead: number;
  readonly bytesRead: number;
  readonly ms: number;
  readonly result: string;
}

async function measure(sql: string, params: Record<string, unknown> = {}): Promise<Measure> {
  const times: number[] = [];
  let last: { rows_read: number; bytes_read: number } = { rows_read: 0, bytes_read: 0 };
  let result = '';
  for (let i = 0; i < RUNS + 1; i++) {
    const r = await s.queryBindAsync(sql, params as Record<string, string>, { format: 'JSONCompact' });
    const doc = JSON.parse(r.text()) as { data: unknown[]; statistics: { elapsed: number; rows_read: number; bytes_read: number } };
    if (i > 0) times.push(doc.statistics.elapsed * 1000); // the first run warms caches
    last = doc.statistics;
    result = JSON.stringify(doc.data);
  }
  times.sort((a, b) => a - b);
  return { rowsRead: last.rows_read, bytesRead: last.bytes_read, ms: times[Math.floor(times.length / 2)]!, result };
}

/** Results agree up to float summation order (1e-9 relative). */
function sameResult(a: string, b: string): boolean {
  const x = JSON.parse(a) as unknown[][];
  const y = JSON.parse(b) as unknown[][];
  return x.length === y.length && x.every((row, i) => row.every((v, j) => {
    const w = y[i]![j];
    return typeof v === 'number' && typeof w === 'number' ? Math.abs(v - w) <= 1e-9 * Math.max(Math.abs(v), Math.abs(w)) : v === w;
  }));
}

const fmtBytes = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
console.log(`\nmedian of ${RUNS} runs each; ratios are to the hand-written query on the slot table\n`);
console.log('| metric | layout | rows read | bytes read | median time | bytes ratio | time ratio |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
for (const m of METRICS) {
  const out = compile(m.query, demoSchema);
  const results: Array<[string, Measure]> = [
    ['metricc (slots)', await measure(out.sql, out.params)],
    ['hand-written (slots)', await measure(m.expert)],
    ['JSON blob', await measure(m.json)],
    ['Map(String, String)', await measure(m.map)],
  ];
  const base = results[1]![1];
  for (const [layout, r] of results) {
    console.log(`| ${m.name} | ${layout} | ${r.rowsRead.toLocaleString('en-US')} | ${fmtBytes(r.bytesRead)} | ${r.ms.toFixed(1)} ms | ${(r.bytesRead / base.bytesRead).toFixed(2)}× | ${(r.ms / base.ms).toFixed(2)}× |`);
  }
  const same = results.every(([, r]) => sameResult(r.result, results[0]![1].result));
  if (!same) console.log(`| ${m.name} | (note) | results differ between layouts | | | | |`);
}
await executor.close();
