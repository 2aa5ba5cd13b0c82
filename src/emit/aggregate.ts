/**
 * Aggregates: the catalogue's ClickHouse function with -OrNull (no present value ⇒ NULL, never
 * 0 or nan) and -If for FILTER / -IF conditions, so a condition reads only the columns it uses
 * (https://clickhouse.com/docs/sql-reference/aggregate-functions/combinators#-if).
 * Event tests in a condition that the WHERE clause already guarantees are dropped: with
 * `WHERE EventName = 'purchase'`, `SUM(amount) FILTER (WHERE event = 'purchase')` is `sumOrNull(…)`.
 */
import type { IrAggregate } from '../model/ir.js';
import type { AggregateSpec } from '../model/functions.js';
import { emitExpr, emitPredicate } from './expr.js';
import { PREC, at } from './sql.js';
import { sqlNumber } from './numbers.js';
import { finiteOrNull } from './scalar.js';
import { withRowEvents, type EmitScope } from './scope.js';
import { intersect, isSubset } from '../util/sets.js';

export function functionName(spec: AggregateSpec, ir: IrAggregate, conditional: boolean): string {
  const base = ir.distinct && spec.sql.distinctFn ? spec.sql.distinctFn : spec.sql.fn;
  return `${base}${spec.sql.orNull ? 'OrNull' : ''}${conditional ? 'If' : ''}`;
}

/** An aggregate call in parts: `fn` with its combinators, the `(level)` of a parametric one, the arguments. */
export interface AggregateCall {
  readonly fn: string;
  readonly level: string;
  readonly args: string;
  /** Non-finite results are missing: the value is wrapped in `finiteOrNull`. */
  readonly finite: boolean;
}

export function emitAggregate(outer: EmitScope, ir: IrAggregate): string {
  const call = aggregateCall(outer, ir);
  const text = `${call.fn}${call.level}(${call.args})`;
  return call.finite ? finiteOrNull(text) : text;
}

/** The conditions left to test (an event test the rows already pass says nothing), and the scope inside. */
function conditionsIn(outer: EmitScope, ir: IrAggregate): { kept: IrAggregate['conditions']; scope: EmitScope } {
  const known = outer.rowEvents;
  const kept = ir.conditions.filter((_, i) => {
    const pins = ir.conditionEvents[i];
    return pins === undefined || !isSubset(known, pins);
  });
  return { kept, scope: withRowEvents(outer, intersect(known, ir.scope)) };
}

/**
 * An aggregate in its pieces: the function with -OrNull (no -If), the `(level)`, the value
 * arguments, and the row condition left to test (undefined: none), written in `scope` (the
 * aggregate's rows' events).
 */
export interface AggregateParts {
  readonly base: string;
  readonly level: string;
  readonly values: readonly string[];
  readonly condition: string | undefined;
  readonly finite: boolean;
  readonly scope: EmitScope;
}

export function aggregateParts(outer: EmitScope, ir: IrAggregate): AggregateParts {
  const spec = ir.spec;
  const { kept, scope } = conditionsIn(outer, ir);
  // COUNT(x) of a value that is never missing counts rows: count().
  const values = spec.countsRows && !ir.distinct ? ir.args.filter((a) => a.nullable) : ir.args;
  return {
    base: functionName(spec, ir, false),
    level: ir.level !== undefined ? `(${sqlNumber(ir.level)})` : '',
    values: values.map((a) => emitExpr(scope, a).text),
    condition: kept.length > 0 ? kept.map((c) => at(emitPredicate(scope, c), PREC.and + 1)).join(' AND ') : undefined,
    finite: spec.sql.finite === true,
    scope,
  };
}

export function aggregateCall(outer: EmitScope, ir: IrAggregate): AggregateCall {
  const p = aggregateParts(outer, ir);
  const args = p.condition === undefined ? p.values : [...p.values, p.condition];
  return { fn: `${p.base}${p.condition === undefined ? '' : 'If'}`, level: p.level, args: args.join(', '), finite: p.finite };
}

/**
 * Rollups (docs/rollups.md): the aggregate as its state is kept — no conditions (a measure holds
 * every row of its event), the same arguments as the raw aggregate, under `rowEvents`. Two
 * aggregates with the same measure text aggregate the same values: it keys measures, and
 * `metricc rollup` writes `<fn>State<level>(<args>)` from it.
 */
export function measureCall(outer: EmitScope, ir: IrAggregate): AggregateCall {
  return aggregateCall(outer, { ...ir, conditions: [], conditionEvents: [] });
}

/** The aggregate read from a rollup's state column: `<fn>Merge[If](column[, conditions])`. */
export function emitMerge(outer: EmitScope, ir: IrAggregate, column: string): string {
  const { kept, scope } = conditionsIn(outer, ir);
  const args = [column];
  if (kept.length > 0) args.push(kept.map((c) => at(emitPredicate(scope, c), PREC.and + 1)).join(' AND '));
  const level = ir.level !== undefined ? `(${sqlNumber(ir.level)})` : '';
  const text = `${functionName(ir.spec, ir, false)}Merge${kept.length > 0 ? 'If' : ''}${level}(${args.join(', ')})`;
  return ir.spec.sql.finite === true ? finiteOrNull(text) : text;
}
