/**
 * The pipeline: request shape → schema and tenant index → time bounds → parse formula and filter
 * → check → assemble SELECT → cache key. `analyze` collects every diagnostic it can (each stage
 * runs as far as its inputs allow) into one capped sink; `compile` throws them as one
 * CompileError; `check` returns them. Both are synchronous and pure given the schema object, and
 * neither throws for any input: what cannot be read is a diagnostic (`util/own-data.ts`).
 */
import { parseShape } from './util/shape.js';
import { QuerySchema, type Granularity, type Query } from './query/query-shape.js';
import { bucketStart, canonicalTimezone, nextBucketStart, parseInstant, timezoneSuggestions } from './util/time.js';
import { buildSelect, type ResultColumn } from './query/build-select.js';
import { readsFromStart } from './query/select-parts.js';
import { routeQuery, type Route } from './route/route.js';
import type { CheckedQuery } from './model/ir.js';
import { perKeysOf } from './query/per-scan.js';
import { cacheKey } from './query/cache-key.js';
import { tenantIndex, type TenantIndex } from './check/tenant-index.js';
import type { MetricSource, ParsedMetric } from './check/context.js';
import { checkQuery, type QueryTrees, type SourceTree } from './check/check-query.js';
import { parseSource } from './syntax/parse.js';
import { CompileError, DiagnosticSink, fieldDiagnostic, type Diagnostic } from './diagnostics/index.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { ownData } from './util/own-data.js';
import { SqlTooLarge } from './emit/sql-budget.js';
import type { ParamValue } from './emit/params.js';

export interface CompileOptions {
  readonly limits?: Partial<Limits>;
}

export interface CompiledQuery {
  /** One ClickHouse SELECT with `{name:Type}` placeholders. */
  readonly sql: string;
  /** Values for the placeholders, bindable as-is by @clickhouse/client and chDB. */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The result columns, in order. */
  readonly columns: readonly ResultColumn[];
  /** Stable: same meaning ⇒ same key. */
  readonly cacheKey: string;
  /** Warnings (unknown event names, …); errors throw instead. */
  readonly diagnostics: readonly Diagnostic[];
  /** What the query asks, as data (for caches and schedulers): never re-read it from `params`. */
  readonly structure: QueryStructure;
  /** The named metrics of the catalogue the query reaches (its references and theirs), sorted. */
  readonly metrics: readonly string[];
  /** The table the query reads — a rollup when one serves it exactly — and why others did not. */
  readonly route: Route;
  /**
   * Present when the query's buckets can be computed apart and merged (incremental caching,
   * `metricc/cache`): see `BucketParts`. Not enumerable (not part of the query's data).
   */
  readonly incremental?: BucketParts;
}

/**
 * The query's buckets, computed apart (docs/api.md, incremental caching). Every bucket's value
 * depends only on its own window, so a bucket computed for a sub-range is the bucket of the whole
 * query — except next to an unaligned end: the bucket holding an unaligned `from` (it starts at
 * `from`) and the `reach` buckets after it (their windows read it), and the bucket holding an
 * unaligned `to`.
 */
export interface BucketParts {
  /** The same for every query that differs only in its range: the compiled form at a fixed range. */
  readonly key: string;
  /** How many buckets before its own a bucket's value reads (time functions); 0 otherwise. */
  readonly reach: number;
  /** The group-by result columns (between `bucket` and the values). */
  readonly groups: readonly string[];
  /**
   * Whether `rows` gives every bucket of its range (time functions fill their own windows), or
   * only the buckets and groups that have rows in scope — the rest are `empty()`'s values.
   */
  readonly filled: boolean;
  /** The query's rows for [fromMs, toMs): each end a bucket start or the query's own end. */
  rows(fromMs: number, toMs: number): CompiledQuery;
  /** One row, the value columns over no rows: what a bucket or group without rows shows. */
  empty(): CompiledQuery;
}

export interface QueryStructure {
  readonly tenant: string;
  /** The range [from, to) as ISO-8601 instants (UTC) and as epoch milliseconds. */
  readonly from: string;
  readonly to: string;
  readonly fromMs: number;
  readonly toMs: number;
  /**
   * No later than the earliest instant the query reads: `fromMs`, or before it when time
   * functions read buckets before `from` (invalidation of late events uses it).
   */
  readonly readsFromMs: number;
  readonly granularity: Granularity | undefined;
  readonly timezone: string;
  /**
   * Each bucket's value depends only on the rows of its own window, so a bucket computed for one
   * range is the same in any other range that contains it (incremental caching relies on this).
   * False without buckets, and with a `limit` (it keeps the groups that rank highest over the
   * whole range).
   */
  readonly bucketLocal: boolean;
}

export interface Analysis {
  readonly diagnostics: readonly Diagnostic[];
  readonly compiled: CompiledQuery | undefined;
}

type ShapeIssue = { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] };

function queryDiagnostics(issues: readonly ShapeIssue[], out: DiagnosticSink): void {
  for (const i of issues) {
    const path = i.path.map(String).join('.');
    const keys = (i.keys ?? []).slice(0, 10).map((k) => `\`${k.slice(0, 60)}\``);
    const message = i.code === 'unrecognized_keys' ? `unknown query field${keys.length > 1 ? 's' : ''} ${keys.join(', ')}` : `${path || 'query'}: ${i.message}`;
    out.report('error', () => fieldDiagnostic('invalid-query', 'query', path, message));
  }
}

/** The query's own data, validated; undefined (with diagnostics) when it cannot be used. */
function readQuery(query: unknown, out: DiagnosticSink): Query | undefined {
  const own = ownData(query, 100_000);
  if (!own.ok) {
    out.push(fieldDiagnostic('invalid-query', 'query', own.path, `the query ${own.path === '' ? '' : `field \`${own.path.slice(0, 120)}\` `}${own.message}`));
    return undefined;
  }
  const shape = parseShape(QuerySchema, own.value);
  if (shape.success) return shape.data;
  queryDiagnostics(shape.error.issues, out);
  return undefined;
}

function parseOptional(text: string | undefined, source: 'formula' | 'filter', limits: Limits, out: DiagnosticSink): SourceTree | undefined | null {
  if (text === undefined || (source === 'filter' && text.trim() === '')) return undefined;
  const parsed = parseSource(text, source, limits);
  out.pushAll(parsed.diagnostics);
  return parsed.expr ? { expr: parsed.expr, text } : null;
}

/**
 * The tenant's named metrics for the checker, each parsed when first referenced (memoized with the
 * tenant's index); a metric whose text does not parse cannot be used, and says why.
 */
const NO_METRICS: MetricSource = { lookup: () => undefined, names: () => [] };
/** Per tenant index (itself cached per schema object) and parse bounds: metrics parse once. */
const SOURCES = new WeakMap<TenantIndex, Map<string, MetricSource>>();

function metricSource(index: TenantIndex, limits: Limits): MetricSource {
  if (index.metrics.size === 0) return NO_METRICS;
  const bounds = `${limits.maxLength}:${limits.maxNesting}:${limits.maxDepth}`;
  let byBounds = SOURCES.get(index);
  if (!byBounds) SOURCES.set(index, (byBounds = new Map()));
  let source = byBounds.get(bounds);
  if (!source) byBounds.set(bounds, (source = newMetricSource(index, limits)));
  return source;
}

function newMetricSource(index: TenantIndex, limits: Limits): MetricSource {
  const parsed = new Map<string, ParsedMetric>();
  const names = [...index.metrics.keys()];
  const parseText = (text: string, source: 'formula' | 'filter', what: string): SourceTree | string => {
    const out = parseSource(text, source, limits);
    if (out.expr && !out.diagnostics.some((d) => d.severity === 'error')) return { expr: out.expr, text };
    const first = out.diagnostics[0];
    return first ? `its ${what} does not parse (${first.line}:${first.column}: ${first.message})` : `its ${what} does not parse`;
  };
  return {
    names: () => names,
    lookup(name) {
      const entry = index.metrics.get(name);
      if (!entry) return undefined;
      let known = parsed.get(name);
      if (!known) {
        if ('broken' in entry) known = { ok: false, problem: entry.broken };
        else {
          const formula = parseText(entry.formula, 'formula', 'formula');
          const filter = entry.filter !== undefined && entry.filter.trim() !== '' ? parseText(entry.filter, 'filter', 'filter') : undefined;
          if (typeof formula === 'string') known = { ok: false, problem: formula };
          else if (typeof filter === 'string') known = { ok: false, problem: filter };
          else known = { ok: true, formula, filter };
        }
        parsed.set(name, known);
      }
      return known;
    },
  };
}

/**
 * `formula`, or `formulas` (docs/language.md §6: one value column per entry, in order); each
 * entry's diagnostics carry `path: formulas.<key>` and offsets into that entry's text.
 */
function readFormulas(q: Query, limits: Limits, out: DiagnosticSink): Pick<QueryTrees, 'formula' | 'formulas'> | undefined {
  if ((q.formula === undefined) === (q.formulas === undefined)) {
    out.push(fieldDiagnostic('invalid-query', 'query', 'formula', q.formula === undefined ? 'the query needs a `formula` (or `formulas`: several, one column each)' : 'give `formula` or `formulas`, not both'));
    return undefined;
  }
  if (q.formula !== undefined) {
    const formula = parseOptional(q.formula, 'formula', limits, out);
    return formula ? { formula } : undefined;
  }
  const formulas: { name: string; tree: SourceTree }[] = [];
  let ok = true;
  for (const [name, text] of Object.entries(q.formulas!)) {
    const path = `formulas.${name}`;
    const parsed = parseSource(text, 'formula', limits);
    out.pushAll(parsed.diagnostics.map((d) => ({ ...d, path })));
    if (parsed.expr) formulas.push({ name, tree: { expr: parsed.expr, text } });
    else ok = false;
  }
  return ok ? { formulas } : undefined;
}

function queryTimezone(q: Query, out: DiagnosticSink): string | undefined {
  const asked = q.timezone ?? 'UTC';
  const timezone = canonicalTimezone(asked);
  if (timezone !== undefined) return timezone;
  const suggestions = timezoneSuggestions(asked);
  const hint = suggestions.length > 0 ? `; did you mean ${suggestions[0]}?` : '';
  out.push(fieldDiagnostic('invalid-timezone', 'query', 'timezone', `${JSON.stringify(asked)} is not a timezone ClickHouse knows (IANA names such as UTC or Europe/Berlin, spelled exactly)${hint}`, suggestions));
  return undefined;
}

function timeBounds(q: Query, timezone: string, out: DiagnosticSink): { from: string; to: string; fromMs: number; toMs: number } | undefined {
  const from = parseInstant(q.from, timezone);
  const to = parseInstant(q.to, timezone);
  if (!from.ok) out.push(fieldDiagnostic('invalid-time', 'query', 'from', `from: ${from.message}`));
  if (!to.ok) out.push(fieldDiagnostic('invalid-time', 'query', 'to', `to: ${to.message}`));
  if (!from.ok || !to.ok) return undefined;
  if (from.epochMs >= to.epochMs) {
    out.push(fieldDiagnostic('empty-range', 'query', 'to', `the range is empty: \`to\` (${to.text} UTC) must be later than \`from\` (${from.text} UTC)`));
    return undefined;
  }
  return { from: from.text, to: to.text, fromMs: from.epochMs, toMs: to.epochMs };
}

/** The shortest length of a bucket, for an upper bound on how many a range holds. */
const SHORTEST_BUCKET_MS: Record<Granularity, number> = { hour: 3_600_000, day: 23 * 3_600_000, week: 7 * 23 * 3_600_000, month: 28 * 23 * 3_600_000 };
/** Bucket times are ClickHouse DateTime values (1970 … 2106), with a day of margin for timezones. */
const BUCKET_RANGE = { fromMs: Date.UTC(1970, 0, 2), toMs: Date.UTC(2106, 0, 1) };

/** The longest length of a bucket (DST days, 31-day months), for how far back a reach can go. */
const LONGEST_BUCKET_MS: Record<Granularity, number> = { hour: 3_600_000, day: 25 * 3_600_000, week: 7 * 25 * 3_600_000, month: 31 * 25 * 3_600_000 };

/** With a granularity: the range lies where bucket times exist, and holds a bounded number of buckets. */
function bucketBounds(q: Query, range: { fromMs: number; toMs: number }, reach: number, limits: Limits, out: DiagnosticSink): boolean {
  if (!q.granularity) return true;
  if (range.fromMs < BUCKET_RANGE.fromMs || range.toMs > BUCKET_RANGE.toMs) {
    out.push(fieldDiagnostic('invalid-time', 'query', range.fromMs < BUCKET_RANGE.fromMs ? 'from' : 'to', 'with a granularity the range must lie between 1970-01-02 and 2106-01-01 (bucket times are ClickHouse DateTime values)'));
    return false;
  }
  if (reach > 0 && range.fromMs - (reach + 1) * LONGEST_BUCKET_MS[q.granularity] < BUCKET_RANGE.fromMs) {
    out.push(fieldDiagnostic('invalid-time', 'query', 'from', `the formula's time functions read ${reach} ${q.granularity} bucket${reach === 1 ? '' : 's'} before \`from\`, and those must lie after 1970-01-02 (bucket times are ClickHouse DateTime values)`));
    return false;
  }
  const buckets = Math.ceil((range.toMs - range.fromMs) / SHORTEST_BUCKET_MS[q.granularity]) + 1;
  if (buckets > limits.maxBuckets) {
    out.push(fieldDiagnostic('too-many-buckets', 'query', 'granularity', `the range holds up to ${buckets.toLocaleString('en-US')} ${q.granularity} buckets, and every bucket is a row; the limit is ${limits.maxBuckets.toLocaleString('en-US')}: choose a coarser granularity or a shorter range`));
    return false;
  }
  return true;
}

/** What the checker made of a query, for tools built on the compiler (`metricc rollup`). */
export interface Inspected {
  readonly checked: CheckedQuery;
  readonly index: TenantIndex;
  /** Why no rollup can serve the query's shape, if none can. */
  readonly rawOnly: string | undefined;
}

/** Compile, and hand the checked form to `inspect` (not part of the public API). */
export function compileInspected(query: unknown, schema: unknown, inspect: (i: Inspected) => void): Analysis {
  const sink = new DiagnosticSink();
  const compiled = compileInto(query, schema, DEFAULT_LIMITS as Limits, sink, undefined, inspect);
  return { diagnostics: sink.list(), compiled };
}

function compileInto(query: unknown, schema: unknown, limits: Limits, sink: DiagnosticSink, part?: 'rows' | 'empty', inspect?: (i: Inspected) => void): CompiledQuery | undefined {
  const q = readQuery(query, sink);
  if (!q) return undefined;
  const { index, diagnostics: schemaDiagnostics } = tenantIndex(schema, q.tenant);
  sink.pushAll(schemaDiagnostics);
  const timezone = queryTimezone(q, sink);
  const range = timeBounds(q, timezone ?? 'UTC', sink);
  if (q.limit !== undefined && (q.groupBy ?? []).length === 0) {
    sink.push(fieldDiagnostic('limit-needs-group-by', 'query', 'limit', `\`limit\` keeps the top ${q.limit} groups by the formula's value, so it needs \`groupBy\` (a query without groups has one row per bucket)`));
  }
  const filter = parseOptional(q.filter, 'filter', limits, sink);
  const formulas = readFormulas(q, limits, sink);
  if (!index || !formulas || filter === null) return undefined;
  const checked = checkQuery({ ...formulas, filter, groupBy: q.groupBy ?? [], granularity: q.granularity, metrics: metricSource(index, limits) }, index, limits, sink, timezone ?? 'UTC');
  if (!checked || !range || timezone === undefined || !bucketBounds(q, range, checked.reach, limits, sink) || sink.hasErrors()) return undefined;
  const grouped = checked.groups.length > 0;
  const perKeys = perKeysOf(checked.values.map((v) => v.ir));
  const computedFromRaw = rawOnly(checked, perKeys.length > 0, q.limit !== undefined && grouped && q.granularity !== undefined);
  inspect?.({ checked, index, rawOnly: computedFromRaw });
  const { route, read } = index.rollups.length > 0 ? routeQuery({ checked, index, limits, granularity: q.granularity, timezone, fromMs: range.fromMs, toMs: range.toMs, computedFromRaw }) : { route: { table: index.layout.table, refused: [] }, read: undefined };
  let select;
  try {
    select = buildSelect({ checked, layout: index.layout, tenant: q.tenant, from: range.from, to: range.to, timezone, granularity: q.granularity, limit: q.limit, maxSqlBytes: limits.maxSqlBytes, toMs: range.toMs, fromMs: range.fromMs, ...(part ? { part } : {}), ...(read ? { route: read } : {}) });
  } catch (e) {
    if (!(e instanceof SqlTooLarge)) throw e;
    sink.push(fieldDiagnostic('sql-too-large', 'query', 'formula', `the SQL for this query would be larger than ${limits.maxSqlBytes.toLocaleString('en-US')} bytes; simplify the formula (fewer references to properties kept in many slots, shorter lists)`));
    return undefined;
  }
  const structure: QueryStructure = Object.freeze({
    tenant: q.tenant,
    from: new Date(range.fromMs).toISOString(),
    to: new Date(range.toMs).toISOString(),
    fromMs: range.fromMs,
    toMs: range.toMs,
    readsFromMs: checked.reach > 0 && q.granularity ? range.fromMs - (checked.reach + 1) * LONGEST_BUCKET_MS[q.granularity] : range.fromMs,
    granularity: q.granularity,
    timezone,
    // A bucket's row depends on its own window only: not with a top-N limit (it ranks over the
    // whole range), nor with CUMULATIVE (its window starts at `from`).
    bucketLocal: q.granularity !== undefined && q.limit === undefined && !reachesFrom(checked),
  });
  // The cache key hashes the whole query (~20 % of a compile): computed when first read.
  let key: string | undefined;
  const compiled = { ...select, diagnostics: Object.freeze([...sink.list()]), structure, metrics: Object.freeze([...checked.metrics]), route: Object.freeze({ ...route, refused: Object.freeze(route.refused) }) };
  Object.defineProperty(compiled, 'cacheKey', {
    enumerable: true,
    get: () => (key ??= cacheKey({ sql: select.sql, params: select.params, columns: select.columns, mapping: index.fingerprint })),
  });
  if (structure.bucketLocal && !(grouped && (checked.timeFunctions || checked.total))) {
    let plan: BucketParts | undefined;
    Object.defineProperty(compiled, 'incremental', { enumerable: false, get: () => (plan ??= bucketParts(q, schema, limits, checked.reach, checked.timeFunctions, select.columns.slice(1, 1 + checked.groups.length).map((c) => c.name))) });
  }
  return Object.freeze(compiled) as CompiledQuery;
}

/** Why the query's shape is computed from raw rows (no rollup can serve it), if it is. */
function rawOnly(checked: { timeFunctions: boolean; total: boolean; groups: readonly unknown[] }, per: boolean, topNOverBuckets: boolean): string | undefined {
  if (checked.timeFunctions) return 'time functions merge per-bucket states of the raw events';
  if (checked.total && checked.groups.length > 0) return 'TOTAL by groups merges per-group states of the raw events';
  if (topNOverBuckets) return 'a top-N limit over buckets ranks per-bucket states of the raw events';
  if (per) return 'PER groups the raw events by its key';
  return undefined;
}

/** CUMULATIVE reads from the range's start: its buckets depend on `from`. */
function reachesFrom(checked: { values: readonly { ir: Parameters<typeof readsFromStart>[0] }[] }): boolean {
  return checked.values.some((v) => readsFromStart(v.ir));
}

/**
 * Grouped queries with time functions or TOTAL are not split: a group's windowed value in a
 * bucket without its rows still depends on its earlier rows, and TOTAL's empty groups show the
 * bucket's total — neither is a value that can be filled in without the engine.
 */
function bucketParts(q: Query, schema: unknown, limits: Limits, reach: number, filled: boolean, groups: readonly string[]): BucketParts {
  const granularity = q.granularity!;
  const timezone = canonicalTimezone(q.timezone ?? 'UTC')!;
  const at = (fromMs: number, toMs: number, part: 'rows' | 'empty'): CompiledQuery => {
    const sink = new DiagnosticSink();
    const out = compileInto({ ...q, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() }, schema, limits, sink, part === 'empty' || !filled ? part : undefined);
    if (!out) throw new Error(`internal: a bucket range of a compiled query did not compile: ${sink.list()[0]?.message ?? ''}`);
    return out;
  };
  // A fixed range (a bucket in 2100, reach ≤ 1,000 buckets stays after 1970) stands for every range.
  const canonicalFrom = bucketStart(Date.UTC(2100, 0, 4), granularity, timezone);
  const canonical = at(canonicalFrom, nextBucketStart(canonicalFrom, granularity, timezone), 'rows');
  return Object.freeze({
    key: `${canonical.cacheKey}:${filled ? 'filled' : 'rows'}`,
    reach,
    groups: Object.freeze([...groups]),
    filled,
    rows: (fromMs: number, toMs: number) => at(fromMs, toMs, 'rows'),
    empty: () => at(canonicalFrom, nextBucketStart(canonicalFrom, granularity, timezone), 'empty'),
  });
}

export function analyze(query: unknown, schema: unknown, options: CompileOptions = {}): Analysis {
  const sink = new DiagnosticSink();
  const limits = readLimits(options, sink);
  const compiled = limits ? compileInto(query, schema, limits, sink) : undefined;
  return { diagnostics: sink.list(), compiled };
}

/** The bounds for this call: the defaults, tightened (never loosened past them) by `options.limits`. */
function readLimits(options: CompileOptions, sink: DiagnosticSink): Limits | undefined {
  const own = ownData(options, 1_000);
  const given = own.ok && typeof own.value === 'object' && own.value !== null ? (own.value as { limits?: unknown }).limits : undefined;
  if (!own.ok || (given !== undefined && (typeof given !== 'object' || given === null))) {
    sink.push(fieldDiagnostic('invalid-query', 'query', 'options.limits', 'the compile options could not be read: `limits` must be an object of numbers'));
    return undefined;
  }
  const limits: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const [name, value] of Object.entries((given ?? {}) as Record<string, unknown>)) {
    if (!(name in DEFAULT_LIMITS) || typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      sink.push(fieldDiagnostic('invalid-query', 'query', `options.limits.${name.slice(0, 40)}`, `\`${name.slice(0, 40)}\` is not a bound metricc knows, or its value is not a whole number of at least 1`));
      return undefined;
    }
    limits[name] = Math.min(value, DEFAULT_LIMITS[name as keyof Limits]);
  }
  return limits as unknown as Limits;
}

/** Compile a query to ClickHouse SQL, or throw a CompileError with every diagnostic. */
export function compile(query: unknown, schema: unknown, options?: CompileOptions): CompiledQuery {
  const { diagnostics, compiled } = analyze(query, schema, options);
  if (!compiled) throw new CompileError(diagnostics.length > 0 ? diagnostics : [fieldDiagnostic('invalid-query', 'query', '', 'the query could not be compiled')]);
  return compiled;
}

/** Every problem with a query, without throwing (for editors and the playground). */
export function check(query: unknown, schema: unknown, options?: CompileOptions): { readonly diagnostics: readonly Diagnostic[] } {
  return { diagnostics: analyze(query, schema, options).diagnostics };
}
