/**
 * Checking a whole query: the filter first (its event tests set the scope for everything else),
 * then the formula, then the group-by names. Returns the checked query, or undefined when an
 * error was reported.
 */
import type { Expr } from '../ast/nodes.js';
import type { CheckedGroup, CheckedQuery, CheckedValue, Ir } from '../model/ir.js';
import type { TenantIndex } from './tenant-index.js';
import { checkExpr, checkPredicate } from './check-expr.js';
import { pinnedEvents } from './scope.js';
import { lookupBuiltin, BUILTINS } from '../model/builtins.js';
import { resolveProperty, slotReads } from './check-name.js';
import type { CheckContext, MetricSource } from './context.js';
import { invalidColumnNameMessage, isColumnName } from '../util/column-name.js';
import { fieldDiagnostic, suggest, type DiagnosticSink } from '../diagnostics/index.js';
import type { Limits } from '../limits.js';
import type { EventSet } from '../util/sets.js';

export interface SourceTree {
  readonly expr: Expr;
  readonly text: string;
}

export interface QueryTrees {
  /** The formula (one value column, `value`); ignored when `formulas` is given. */
  readonly formula?: SourceTree;
  /** Several formulas, one value column each, named by `name` (docs/language.md §6). */
  readonly formulas?: readonly { readonly name: string; readonly tree: SourceTree }[];
  readonly filter: SourceTree | undefined;
  readonly groupBy: readonly string[];
  /** The query's granularity: time functions need one. */
  readonly granularity?: string | undefined;
  /** The named metrics the tenant sees, parsed on demand (none when absent). */
  readonly metrics?: MetricSource;
}

const NO_METRICS: MetricSource = { lookup: () => undefined, names: () => [] };


function checkGroup(name: string, i: number, tenant: TenantIndex, scope: EventSet | undefined, out: DiagnosticSink): Ir | undefined {
  const path = `groupBy[${i}]`;
  const builtin = lookupBuiltin(name);
  if (builtin) return { kind: 'field', field: builtin.field, type: builtin.type, nullable: false };
  const all = tenant.properties.get(name);
  if (!all && tenant.broken.has(name)) return undefined;
  if (!all) {
    const suggestions = suggest(name, [...Object.keys(BUILTINS), ...tenant.properties.keys()]);
    const hint = suggestions.length > 0 ? `; did you mean \`${suggestions[0]}\`?` : '';
    out.push(fieldDiagnostic('unknown-name', 'query', path, `cannot group by unknown name \`${name.slice(0, 80)}\`${hint}`, suggestions));
    return undefined;
  }
  const resolved = resolveProperty(all, name, scope);
  if (!resolved.ok) {
    out.push(fieldDiagnostic(resolved.code, 'query', path, `cannot group by it: ${resolved.message}`));
    return undefined;
  }
  return { kind: 'property', name, type: resolved.types[0]!, types: resolved.types, reads: slotReads(resolved.entries), nullable: true };
}

function checkGroups(names: readonly string[], tenant: TenantIndex, scope: EventSet | undefined, limits: Limits, out: DiagnosticSink, named: boolean): CheckedGroup[] {
  if (names.length > limits.maxGroupBy) {
    out.push(fieldDiagnostic('list-too-long', 'query', 'groupBy', `a query can group by at most ${limits.maxGroupBy} names; got ${names.length}`));
    return [];
  }
  const groups: CheckedGroup[] = [];
  const seen = new Set<string>();
  names.forEach((name, i) => {
    // `bucket` is always a result column; `value` is one unless the formulas are named.
    if (name.toLowerCase() === 'bucket' || (!named && name.toLowerCase() === 'value')) {
      out.push(fieldDiagnostic('reserved-group-by', 'query', `groupBy[${i}]`, name.toLowerCase() === 'bucket' ? `\`${name}\` is the name of the result's bucket column; it cannot also be a group-by column` : `\`${name}\` is the name of the result's value column (name the formulas with \`formulas\` to free it); it cannot also be a group-by column`));
      return;
    }
    if (!isColumnName(name)) {
      out.push(fieldDiagnostic('invalid-column-name', 'query', `groupBy[${i}]`, invalidColumnNameMessage(name)));
      return;
    }
    if (seen.has(name)) {
      out.push(fieldDiagnostic('duplicate-group-by', 'query', `groupBy[${i}]`, `\`${name.slice(0, 80)}\` is listed twice in groupBy`));
      return;
    }
    seen.add(name);
    const expr = checkGroup(name, i, tenant, scope, out);
    if (expr) groups.push({ name, expr });
  });
  return groups;
}

/** A key of `formulas` names a result column: the group-by naming rules, not `bucket`, and no group's name. */
function valueNameOk(name: string, groupBy: readonly string[], path: string, out: DiagnosticSink): boolean {
  const shown = name.slice(0, 80).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  if (name.toLowerCase() === 'bucket') {
    out.push(fieldDiagnostic('invalid-column-name', 'query', path, `\`${shown}\` is the name of the result's bucket column; name the formula's column otherwise`));
    return false;
  }
  if (!isColumnName(name)) {
    out.push(fieldDiagnostic('invalid-column-name', 'query', path, invalidColumnNameMessage(name)));
    return false;
  }
  if (groupBy.includes(name)) {
    out.push(fieldDiagnostic('invalid-column-name', 'query', path, `\`${shown}\` is also a group-by name; a result column has one name`));
    return false;
  }
  return true;
}

export function checkQuery(trees: QueryTrees, tenant: TenantIndex, limits: Limits, diagnostics: DiagnosticSink, timezone = 'UTC'): CheckedQuery | undefined {
  const counter = { aggregates: 0, reach: 0, timeFunctions: false, total: false, metricText: 0 };
  const granularity = trees.granularity;
  const filterScope = pinnedEvents(trees.filter?.expr);
  let filter: Ir | undefined;
  if (trees.filter) {
    const ctx: CheckContext = { source: 'filter', text: trees.filter.text, tenant, diagnostics, limits, counter, timezone, granularity, properties: new Map(), metrics: trees.metrics ?? NO_METRICS };
    filter = checkPredicate(ctx, trees.filter.expr, { inAggregate: false, allowAggregates: false, scope: filterScope });
  }
  const groups = checkGroups(trees.groupBy, tenant, filterScope, limits, diagnostics, trees.formulas !== undefined);
  const entries = trees.formulas ?? (trees.formula ? [{ name: 'value', tree: trees.formula }] : []);
  const named = trees.formulas !== undefined;
  const values: CheckedValue[] = [];
  const reached = new Set<string>();
  let ok = true;
  for (const { name, tree } of entries) {
    const path = named ? `formulas.${name}` : undefined;
    if (named && !valueNameOk(name, trees.groupBy, path!, diagnostics)) {
      ok = false;
      continue;
    }
    // Bounds count per formula; what the query needs (reach, time functions, TOTAL) is combined.
    const own: CheckContext['counter'] = { aggregates: 0, reach: 0, timeFunctions: false, total: false, metricText: 0 };
    const ctx: CheckContext = { source: 'formula', text: tree.text, tenant, diagnostics, limits, counter: own, timezone, granularity, properties: new Map(), metrics: trees.metrics ?? NO_METRICS, ...(path ? { path } : {}) };
    const ir = checkExpr(ctx, tree.expr, { inAggregate: false, allowAggregates: true, scope: filterScope });
    counter.reach = Math.max(counter.reach, own.reach);
    counter.timeFunctions ||= own.timeFunctions;
    counter.total ||= own.total;
    for (const m of own.metrics ?? []) reached.add(m);
    if (ir.type === 'null') diagnostics.push(fieldDiagnostic('type-mismatch', 'query', path ?? 'formula', `the formula${named ? ` \`${name.slice(0, 80)}\`` : ''} is always missing (NULL); it needs a value`));
    if (ir.type === 'error' || ir.type === 'null') ok = false;
    values.push({ name, ir });
  }
  if (diagnostics.hasErrors() || !ok || values.length === 0) return undefined;
  return { values, filter, filterScope, groups, reach: counter.reach, timeFunctions: counter.timeFunctions, total: counter.total, metrics: [...reached].sort() };
}
