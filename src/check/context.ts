/**
 * What the checker carries while it walks one source: the tenant's index, the diagnostics sink,
 * the bounds, and per node the `Place` — whether we are inside an aggregate, whether aggregates
 * are allowed, and the events in scope there.
 */
import type { TenantIndex } from './tenant-index.js';
import type { Ir } from '../model/ir.js';
import { TYPE_WORDS, type IrType, type Type } from '../model/types.js';
import { diagnostic, DIAGNOSTIC_CODES, type DiagnosticSink, type DiagnosticCode, type DiagnosticExtras, type Span } from '../diagnostics/index.js';
import type { Limits } from '../limits.js';
import type { EventSet } from '../util/sets.js';
import type { Expr } from '../ast/nodes.js';

export interface CheckContext {
  readonly source: 'formula' | 'filter';
  readonly text: string;
  readonly tenant: TenantIndex;
  readonly diagnostics: DiagnosticSink;
  readonly limits: Limits;
  readonly counter: { aggregates: number; reach: number; timeFunctions: boolean; total: boolean; metricText: number; metricRefs?: number; metricsTooLarge?: boolean; metrics?: Set<string> };
  /** The query's granularity (time functions need one). */
  readonly granularity: string | undefined;
  /** The query's timezone: date-time literals without a zone are read in it. */
  readonly timezone: string;
  /** Resolved properties per scope (by identity) and name: see `check-name.ts`. */
  readonly properties: Map<readonly string[], Map<string, Ir>>;
  /** The query field this source is (`formulas.<key>`), put on its diagnostics. */
  readonly path?: string;
  /** Named metrics, parsed on demand (the checker does not parse): see `check-metric.ts`. */
  readonly metrics: MetricSource;
  /**
   * Inside a referenced metric: where the reference is in the query's own text, and the chain of
   * metric names that led here. Diagnostics point at the reference and name the metric.
   */
  readonly via?: { readonly outer: CheckContext; readonly span: Span; readonly chain: readonly string[] };
}

/** A metric's source, parsed: its formula and filter trees, or why it cannot be used. */
export type ParsedMetric =
  | { readonly ok: true; readonly formula: { readonly expr: Expr; readonly text: string }; readonly filter: { readonly expr: Expr; readonly text: string } | undefined }
  | { readonly ok: false; readonly problem: string };

export interface MetricSource {
  /** The metric the tenant sees by this name, parsed (memoized), or undefined. */
  lookup(name: string): ParsedMetric | undefined;
  /** Every metric name the tenant sees (for suggestions). */
  names(): readonly string[];
}

/** The conditions a referenced metric's filter puts on every aggregate inside it. */
export interface InheritedConditions {
  readonly conditions: readonly Ir[];
  readonly events: readonly (EventSet | undefined)[];
}

export interface Place {
  readonly inAggregate: boolean;
  readonly allowAggregates: boolean;
  readonly scope: EventSet | undefined;
  /** The time function this node is inside, if any (they do not nest). */
  readonly inTime?: string;
  /** Filters of the metrics this node is inside: they restrict every aggregate (docs/language.md §6). */
  readonly inherited?: InheritedConditions;
  /** In an aggregate's argument, where `… PER key` aggregates may be (one level). */
  readonly perOuter?: boolean;
  /** In a `… PER key` aggregate (PER does not nest). */
  readonly inPer?: boolean;
}

export function report(ctx: CheckContext, code: DiagnosticCode, span: Span, message: string, extras?: DiagnosticExtras): void {
  if (ctx.via) {
    // Inside a metric: at the reference in the query's text, naming the metric (and the way there).
    const { outer, span: at, chain } = ctx.via;
    const where = chain.length === 1 ? `metric \`${chain[0]}\`` : `metric \`${chain[chain.length - 1]}\` (via ${chain.slice(0, -1).map((n) => `\`${n}\``).join(' → ')})`;
    ctx.diagnostics.report(DIAGNOSTIC_CODES[code], () => diagnostic(code, outer.source, outer.text, at, `in ${where}: ${message}`, { ...extras, metric: chain[chain.length - 1], ...(outer.path ? { path: outer.path } : {}) }));
    return;
  }
  ctx.diagnostics.report(DIAGNOSTIC_CODES[code], () => diagnostic(code, ctx.source, ctx.text, span, message, ctx.path ? { ...extras, path: ctx.path } : extras));
}

/** A stand-in for a subtree that already has a diagnostic; it fits anywhere. */
export const POISON: Ir = { kind: 'literal', value: null, type: 'error', nullable: true };

/** The source text of a span, shortened for messages. */
export function snippet(ctx: CheckContext, span: Span): string {
  const s = ctx.text.slice(span.start, span.end).replace(/\s+/g, ' ');
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

export function fits(type: IrType, accepted: readonly Type[]): boolean {
  return type === 'error' || type === 'null' || accepted.includes(type as Type);
}

export function typeList(types: readonly Type[]): string {
  const words = types.map((t) => TYPE_WORDS[t]);
  return words.length <= 1 ? (words[0] ?? 'nothing') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** Report a type mismatch unless `ir` fits; returns whether it fits. */
export function expectType(ctx: CheckContext, ir: Ir, accepted: readonly Type[], span: Span, what: string): boolean {
  if (fits(ir.type, accepted)) return true;
  report(ctx, 'type-mismatch', span, `\`${snippet(ctx, span)}\` is ${TYPE_WORDS[ir.type]}, but ${what} needs ${typeList(accepted)}`);
  return false;
}
