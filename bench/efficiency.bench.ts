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
import { measurer, sameResult, type Measure } from './engine-measure.js';

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

/** EFF_LAYOUTS=0 skips the JSON-blob and Map layouts (their tables take minutes to build). */
const LAYOUTS = process.env['EFF_LAYOUTS'] !== '0';
for (const [table, type, kind] of LAYOUTS ? ([['events_json', 'String', 'json'], ['events_map', 'Map(String, String)', 'map']] as const) : []) {
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
for (const table of LAYOUTS ? ['events', 'events_json', 'events_map'] : ['events']) {
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

const measure = measurer(s, RUNS);

const fmtBytes = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
console.log(`\nmedian of ${RUNS} runs each; ratios are to the hand-written query on the slot table\n`);
console.log('| metric | layout | rows read | bytes read | median time | bytes ratio | time ratio |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
for (const m of LAYOUTS ? METRICS : []) {
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
// Time intelligence (docs/language.md §7): metricc vs the best hand-written form vs the naive ones
// (N separate queries, summed; row expansion with ARRAY JOIN), on the slot table, 30 daily buckets.
const T_FROM = '2024-02-01';
const T_TO = '2024-03-02';
const T_RANGE = { from: `${T_FROM}T00:00:00Z`, to: `${T_TO}T00:00:00Z` };
const DAYS = Array.from({ length: 30 }, (_, i) => new Date(Date.parse(T_RANGE.from) + i * 86_400_000).toISOString().slice(0, 10));
const day = (d: string, plus: number) => new Date(Date.parse(`${d}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 19).replace('T', ' ');
const TW = (tenant: string, from: string, to: string, events = '') => `ProductID = '${tenant}' AND Time >= '${from}' AND Time < '${to}'${events}`;

interface TimeMetric {
  readonly name: string;
  readonly query: Record<string, unknown>;
  readonly best: string;
  readonly naive: ReadonlyArray<{ readonly label: string; readonly sqls: readonly string[] }>;
}

const TIME_METRICS: TimeMetric[] = [
  {
    name: 'weekly active users, rolling 7 days',
    query: { tenant: 'globex', formula: 'ROLLING(COUNT(DISTINCT user_id), 7)', ...T_RANGE, granularity: 'day' },
    best:
      `SELECT day, value FROM (SELECT day, uniqExactMerge(st) OVER (ORDER BY toRelativeDayNum(day) RANGE BETWEEN 6 PRECEDING AND CURRENT ROW) AS value ` +
      `FROM (SELECT toDate(Time) AS day, uniqExactState(UserRefID) AS st FROM events WHERE ${TW('globex', day(T_FROM, -6), day(T_TO, 0))} GROUP BY day)) WHERE day >= '${T_FROM}' ORDER BY day`,
    naive: [
      { label: '30 queries', sqls: DAYS.map((d) => `SELECT uniqExact(UserRefID) AS value FROM events WHERE ${TW('globex', day(d, -6), day(d, 1))}`) },
      {
        label: 'row expansion',
        sqls: [`SELECT toDate(Time) + k AS day, uniqExact(UserRefID) AS value FROM events ARRAY JOIN range(7) AS k WHERE ${TW('globex', day(T_FROM, -6), day(T_TO, 0))} GROUP BY day HAVING day >= '${T_FROM}' AND day < '${T_TO}' ORDER BY day`],
      },
    ],
  },
  {
    name: 'revenue, week over week',
    query: { tenant: 'acme', formula: '(SUM(amount) - PREVIOUS(SUM(amount), 7)) / PREVIOUS(SUM(amount), 7)', filter: "event = 'purchase'", ...T_RANGE, granularity: 'day' },
    best:
      `SELECT day, (s - p) / nullIf(p, 0) AS value FROM (SELECT day, s, any(s) OVER (ORDER BY toRelativeDayNum(day) RANGE BETWEEN 7 PRECEDING AND 7 PRECEDING) AS p ` +
      `FROM (SELECT toDate(Time) AS day, sumOrNull(${NUM('Prop0')}) AS s FROM events WHERE ${TW('acme', day(T_FROM, -7), day(T_TO, 0), " AND EventName = 'purchase'")} GROUP BY day)) WHERE day >= '${T_FROM}' ORDER BY day`,
    naive: [
      {
        label: '2 queries',
        sqls: [0, -7].map((shift) => `SELECT toDate(Time) AS day, sumOrNull(${NUM('Prop0')}) AS s FROM events WHERE ${TW('acme', day(T_FROM, shift), day(T_TO, shift), " AND EventName = 'purchase'")} GROUP BY day ORDER BY day`),
      },
    ],
  },
  {
    name: 'cumulative signups',
    query: { tenant: 'acme', formula: "CUMULATIVE(COUNTIF(event = 'signup'))", ...T_RANGE, granularity: 'day' },
    best: `SELECT day, sum(c) OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS value FROM (SELECT toDate(Time) AS day, count() AS c FROM events WHERE ${TW('acme', day(T_FROM, 0), day(T_TO, 0), " AND EventName = 'signup'")} GROUP BY day) ORDER BY day`,
    naive: [{ label: '30 queries', sqls: DAYS.map((d) => `SELECT count() AS value FROM events WHERE ${TW('acme', day(T_FROM, 0), day(d, 1), " AND EventName = 'signup'")}`) }],
  },
  {
    // PER inside a time function: each buyer once per 7-day window, however many days they bought on.
    name: 'median 7-day spend per buyer (ROLLING of PER)',
    query: { tenant: 'acme', formula: 'ROLLING(MEDIAN(SUM(amount) PER user_id), 7)', filter: "event = 'purchase'", ...T_RANGE, granularity: 'day' },
    best:
      `SELECT d AS day, quantileExactInclusiveOrNull(0.5)(s) AS value FROM (SELECT day + k AS d, UserRefID, sumOrNull(s) AS s FROM (` +
      `SELECT toDate(Time) AS day, UserRefID, sumOrNull(${NUM('Prop0')}) AS s FROM events WHERE ${TW('acme', day(T_FROM, -6), day(T_TO, 0), " AND EventName = 'purchase'")} GROUP BY day, UserRefID` +
      `) ARRAY JOIN range(7) AS k GROUP BY d, UserRefID) WHERE d >= '${T_FROM}' AND d < '${T_TO}' GROUP BY d ORDER BY d`,
    naive: [
      {
        label: '30 queries',
        sqls: DAYS.map((d) => `SELECT quantileExactInclusiveOrNull(0.5)(s) AS value FROM (SELECT UserRefID, sumOrNull(${NUM('Prop0')}) AS s FROM events WHERE ${TW('acme', day(d, -6), day(d, 1), " AND EventName = 'purchase'")} GROUP BY UserRefID)`),
      },
    ],
  },
];

// A dashboard (docs/language.md §6, `formulas`): 8 metrics over the same range and buckets as one
// query, vs the same 8 as separate queries, vs the best single SELECT written by hand.
const DASH: Record<string, [formula: string, expert: string]> = {
  events: ['COUNT(*)', 'count()'],
  users: ['COUNT(DISTINCT user_id)', 'uniqExact(UserRefID)'],
  purchases: ["COUNTIF(event = 'purchase')", "countIf(EventName = 'purchase')"],
  revenue: ["SUM(amount) FILTER (WHERE event = 'purchase')", `sumOrNullIf(${NUM('Prop0')}, EventName = 'purchase')`],
  buyers: ["COUNT(DISTINCT user_id) FILTER (WHERE event = 'purchase')", "uniqExactIf(UserRefID, EventName = 'purchase')"],
  signups: ["COUNTIF(event = 'signup')", "countIf(EventName = 'signup')"],
  p95_load: ["PERCENTILE(0.95, load_time) FILTER (WHERE event = 'page_view')", `quantileExactInclusiveOrNullIf(0.95)(${NUM('Prop1')}, EventName = 'page_view')`],
  avg_price: ["AVG(price) FILTER (WHERE event = 'add_to_cart')", `avgOrNullIf(${NUM('Prop1')}, EventName = 'add_to_cart')`],
};
{
  const dashQuery = { tenant: 'acme', ...T_RANGE, granularity: 'day' };
  const one = compile({ ...dashQuery, formulas: Object.fromEntries(Object.entries(DASH).map(([k, [f]]) => [k, f])) }, demoSchema);
  const mine = await measure(one.sql, one.params);
  const expert = `SELECT toStartOfDay(Time, 'UTC') AS bucket, ${Object.entries(DASH).map(([k, [, e]]) => `${e} AS ${k}`).join(', ')} FROM events WHERE ${TW('acme', day(T_FROM, 0), day(T_TO, 0))} GROUP BY bucket ORDER BY bucket`;
  const best = await measure(expert);
  const parts: Measure[] = [];
  for (const [, [f]] of Object.entries(DASH)) {
    const c = compile({ ...dashQuery, formula: f }, demoSchema);
    parts.push(await measure(c.sql, c.params));
  }
  const separate = { rowsRead: parts.reduce((a, p) => a + p.rowsRead, 0), bytesRead: parts.reduce((a, p) => a + p.bytesRead, 0), ms: parts.reduce((a, p) => a + p.ms, 0) };
  console.log(`\ndashboard of ${Object.keys(DASH).length} formulas, 30 daily buckets: median of ${RUNS} runs; ratios are to the hand-written single SELECT\n`);
  console.log('| form | queries | rows read | bytes read | median time | bytes ratio | time ratio |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [form, n, r] of [['metricc, one query (`formulas`)', 1, mine], ['hand-written single SELECT', 1, best], ['metricc, separate queries', parts.length, separate]] as const) {
    console.log(`| ${form} | ${n} | ${r.rowsRead.toLocaleString('en-US')} | ${fmtBytes(r.bytesRead)} | ${r.ms.toFixed(1)} ms | ${(r.bytesRead / best.bytesRead).toFixed(2)}× | ${(r.ms / best.ms).toFixed(2)}× |`);
  }
  if (!sameResult(JSON.stringify((JSON.parse(mine.result) as unknown[][]).map((r) => r.slice(1))), JSON.stringify((JSON.parse(best.result) as unknown[][]).map((r) => r.slice(1))))) console.log('| (note) | metricc and the hand-written query differ | | | | | |');
}

/** The value column (the last) of each row, to compare forms whose bucket columns differ in type. */
function lastColumn(result: string): string {
  return JSON.stringify((JSON.parse(result) as unknown[][]).map((r) => [r[r.length - 1]]));
}

// TOTAL and PER (docs/language.md §6) against hand-written equivalents, whole range, no buckets.
const SHAPES: Array<{ name: string; query: Record<string, unknown>; expert: string }> = [
  {
    name: 'share of revenue by country (TOTAL)',
    query: { tenant: 'acme', formula: 'SUM(amount) / TOTAL(SUM(amount))', filter: "event = 'purchase'", ...T_RANGE, groupBy: ['country'] },
    expert: `SELECT country, s / sum(s) OVER () AS value FROM (SELECT nullIf(Prop2, '') AS country, sumOrNull(${NUM('Prop0')}) AS s FROM events WHERE ${TW('acme', day(T_FROM, 0), day(T_TO, 0), " AND EventName = 'purchase'")} GROUP BY country) ORDER BY country`,
  },
  {
    name: 'distinct users, share of all (TOTAL, exact)',
    query: { tenant: 'globex', formula: 'COUNT(DISTINCT user_id) / TOTAL(COUNT(DISTINCT user_id))', ...T_RANGE, groupBy: ['source'] },
    expert: `SELECT Source AS source, u / (SELECT uniqExact(UserRefID) FROM events WHERE ${TW('globex', day(T_FROM, 0), day(T_TO, 0))}) AS value FROM (SELECT Source, uniqExact(UserRefID) AS u FROM events WHERE ${TW('globex', day(T_FROM, 0), day(T_TO, 0))} GROUP BY Source) ORDER BY source`,
  },
  {
    name: 'median spend per buyer (PER)',
    query: { tenant: 'acme', formula: 'MEDIAN(SUM(amount) PER user_id)', filter: "event = 'purchase'", ...T_RANGE },
    expert: `SELECT quantileExactInclusive(0.5)(s) AS value FROM (SELECT UserRefID, sum(${NUM('Prop0')}) AS s FROM events WHERE ${TW('acme', day(T_FROM, 0), day(T_TO, 0), " AND EventName = 'purchase'")} GROUP BY UserRefID)`,
  },
];
console.log(`\nTOTAL and PER over 30 days: median of ${RUNS} runs; ratios are to the hand-written query\n`);
console.log('| metric | form | rows read | bytes read | median time | bytes ratio | time ratio |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
for (const m of SHAPES) {
  const out = compile(m.query, demoSchema);
  const mine = await measure(out.sql, out.params);
  const best = await measure(m.expert);
  for (const [form, r] of [['metricc', mine], ['hand-written', best]] as const) {
    console.log(`| ${m.name} | ${form} | ${r.rowsRead.toLocaleString('en-US')} | ${fmtBytes(r.bytesRead)} | ${r.ms.toFixed(1)} ms | ${(r.bytesRead / best.bytesRead).toFixed(2)}× | ${(r.ms / best.ms).toFixed(2)}× |`);
  }
  if (!sameResult(lastColumn(mine.result), lastColumn(best.result))) console.log(`| ${m.name} | (note) | metricc and the hand-written query differ | | | | |`);
}


console.log(`\ntime functions: median of ${RUNS} runs each; several queries are summed; ratios are to the best hand-written query\n`);
console.log('| metric | form | queries | rows read | bytes read | median time | bytes ratio | time ratio |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const m of TIME_METRICS) {
  const out = compile(m.query, demoSchema);
  const mine = await measure(out.sql, out.params);
  const best = await measure(m.best);
  const rows: Array<[string, number, Measure]> = [
    ['metricc', 1, mine],
    ['best hand-written', 1, best],
  ];
  for (const n of m.naive) {
    const parts = [];
    for (const sql of n.sqls) parts.push(await measure(sql));
    rows.push([n.label, n.sqls.length, { rowsRead: parts.reduce((a, p) => a + p.rowsRead, 0), bytesRead: parts.reduce((a, p) => a + p.bytesRead, 0), ms: parts.reduce((a, p) => a + p.ms, 0), result: '' }]);
  }
  for (const [form, queries, r] of rows) {
    console.log(`| ${m.name} | ${form} | ${queries} | ${r.rowsRead.toLocaleString('en-US')} | ${fmtBytes(r.bytesRead)} | ${r.ms.toFixed(1)} ms | ${(r.bytesRead / best.bytesRead).toFixed(2)}× | ${(r.ms / best.ms).toFixed(2)}× |`);
  }
  if (!sameResult(lastColumn(mine.result), lastColumn(best.result))) console.log(`| ${m.name} | (note) | metricc and the hand-written query differ | | | | | |`);
}
await executor.close();

// Rollups (docs/rollups.md): routed to pre-aggregated tables vs the raw events, same answers.
await import('./rollup.bench.js');
