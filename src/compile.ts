/**
 * The pipeline: request shape → schema and tenant index → time bounds → parse formula and filter
 * → check → assemble SELECT → cache key. `analyze` collects every diagnostic it can (each stage
 * runs as far as its inputs allow); `compile` throws them as one CompileError; `check` returns
 * them. Both are synchronous and pure given the schema object.
 */
import { QuerySchema, type Query } from './query/query-shape.js';
import { canonicalTimezone, parseInstant } from './util/time.js';
import { buildSelect, type ResultColumn } from './query/build-select.js';
import { cacheKey } from './query/cache-key.js';
import { tenantIndex } from './check/tenant-index.js';
import { checkQuery, type SourceTree } from './check/check-query.js';
import { parseSource } from './syntax/parse.js';
import { CompileError, fieldDiagnostic, hasErrors, type Diagnostic } from './diagnostics/index.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
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
}

export interface Analysis {
  readonly diagnostics: readonly Diagnostic[];
  readonly compiled: CompiledQuery | undefined;
}

function queryDiagnostics(issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }[]): Diagnostic[] {
  return issues.map((i) => {
    const path = i.path.map(String).join('.');
    const message = i.code === 'unrecognized_keys' ? `unknown query field${(i.keys?.length ?? 0) > 1 ? 's' : ''} ${(i.keys ?? []).map((k) => `\`${k}\``).join(', ')}` : `${path || 'query'}: ${i.message}`;
    return fieldDiagnostic('invalid-query', 'query', path, message);
  });
}

function parseOptional(text: string | undefined, source: 'formula' | 'filter', limits: Limits, out: Diagnostic[]): SourceTree | undefined | null {
  if (text === undefined || (source === 'filter' && text.trim() === '')) return undefined;
  const parsed = parseSource(text, source, limits);
  out.push(...parsed.diagnostics);
  return parsed.expr ? { expr: parsed.expr, text } : null;
}

function timeBounds(q: Query, timezone: string, out: Diagnostic[]): { from: string; to: string } | undefined {
  const from = parseInstant(q.from, timezone);
  const to = parseInstant(q.to, timezone);
  if (!from.ok) out.push(fieldDiagnostic('invalid-time', 'query', 'from', `from: ${from.message}`));
  if (!to.ok) out.push(fieldDiagnostic('invalid-time', 'query', 'to', `to: ${to.message}`));
  if (!from.ok || !to.ok) return undefined;
  if (from.epochMs >= to.epochMs) {
    out.push(fieldDiagnostic('empty-range', 'query', 'to', `the range is empty: \`to\` (${to.text} UTC) must be later than \`from\` (${from.text} UTC)`));
    return undefined;
  }
  return { from: from.text, to: to.text };
}

export function analyze(query: unknown, schema: unknown, options: CompileOptions = {}): Analysis {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const diagnostics: Diagnostic[] = [];
  const shape = QuerySchema.safeParse(query);
  if (!shape.success) return { diagnostics: queryDiagnostics(shape.error.issues), compiled: undefined };
  const q = shape.data;
  const { index, diagnostics: schemaDiagnostics } = tenantIndex(schema, q.tenant);
  diagnostics.push(...schemaDiagnostics);
  const timezone = canonicalTimezone(q.timezone ?? 'UTC');
  if (timezone === undefined) {
    diagnostics.push(fieldDiagnostic('invalid-timezone', 'query', 'timezone', `${JSON.stringify(q.timezone)} is not an IANA timezone name such as UTC or Europe/Berlin`));
  }
  const range = timeBounds(q, timezone ?? 'UTC', diagnostics);
  const filter = parseOptional(q.filter, 'filter', limits, diagnostics);
  const formula = parseOptional(q.formula, 'formula', limits, diagnostics);
  if (!index || !formula || filter === null) return { diagnostics, compiled: undefined };
  const checked = checkQuery({ formula, filter, groupBy: q.groupBy ?? [] }, index, limits, diagnostics, timezone ?? 'UTC');
  if (!checked || !range || timezone === undefined || hasErrors(diagnostics)) return { diagnostics, compiled: undefined };
  const select = buildSelect({ checked, layout: index.layout, tenant: q.tenant, ...range, timezone, granularity: q.granularity, limit: q.limit });
  const key = cacheKey({ sql: select.sql, params: select.params, columns: select.columns, mapping: index.fingerprint });
  const compiled: CompiledQuery = Object.freeze({ ...select, cacheKey: key, diagnostics: Object.freeze([...diagnostics]) });
  return { diagnostics, compiled };
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
