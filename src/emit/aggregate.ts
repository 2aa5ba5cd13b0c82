/**
 * Aggregates: the catalogue's ClickHouse function with -OrNull (no present value ⇒ NULL, never
 * 0 or nan) and -If for FILTER / -IF conditions, so a condition reads only the columns it uses
 * (https://clickhouse.com/docs/sql-reference/aggregate-functions/combinators#-if).
 * Event tests in a condition that the WHERE clause already guarantees are dropped: with
 * `WHERE EventName = 'purchase'`, `SUM(amount) FILTER (WHERE event = 'purchase')` is `sumOrNull(…)`.
 */
import type { Ir, IrAggregate } from '../model/ir.js';
import type { AggregateSpec } from '../model/functions.js';
import { emitExpr, emitPredicate } from './expr.js';
import { PREC, at } from './sql.js';
import { sqlNumber } from './numbers.js';
import { finiteOrNull } from './scalar.js';
import { withRowEvents, type EmitScope } from './scope.js';
import { eventSet, intersect, isSubset, union, type EventSet } from '../util/sets.js';

/** The events a condition IR pins rows to, if it is purely an event test. */
function conditionPins(ir: Ir): EventSet | undefined {
  if (ir.kind === 'compare' && ir.op === '=') {
    const [f, v] = ir.left.kind === 'field' ? [ir.left, ir.right] : [ir.right, ir.left];
    if (f.kind === 'field' && f.field === 'event' && v.kind === 'literal' && typeof v.value === 'string') return [v.value];
  }
  if (ir.kind === 'in' && !ir.negated && ir.operand.kind === 'field' && ir.operand.field === 'event') return eventSet(ir.values as string[]);
  if (ir.kind === 'logic' && ir.op === 'or') {
    return ir.operands.reduce<EventSet | undefined>((acc, o, i) => (i === 0 ? conditionPins(o) : union(acc, conditionPins(o))), undefined);
  }
  return undefined;
}

function functionName(spec: AggregateSpec, ir: IrAggregate, conditional: boolean): string {
  const base = ir.distinct && spec.sql.distinctFn ? spec.sql.distinctFn : spec.sql.fn;
  return `${base}${spec.sql.orNull ? 'OrNull' : ''}${conditional ? 'If' : ''}`;
}

export function emitAggregate(outer: EmitScope, ir: IrAggregate): string {
  const spec = ir.spec;
  const known = outer.rowEvents;
  const kept = ir.conditions.filter((c) => {
    const pins = conditionPins(c);
    return pins === undefined || !isSubset(known, pins);
  });
  const scope = withRowEvents(outer, intersect(known, ir.scope));
  // COUNT(x) of a value that is never missing counts rows: count().
  const values = spec.countsRows && !ir.distinct ? ir.args.filter((a) => a.nullable) : ir.args;
  const args = values.map((a) => emitExpr(scope, a).text);
  if (kept.length > 0) args.push(kept.map((c) => at(emitPredicate(scope, c), PREC.and + 1)).join(' AND '));
  const level = ir.level !== undefined ? `(${sqlNumber(ir.level)})` : '';
  const text = `${functionName(spec, ir, kept.length > 0)}${level}(${args.join(', ')})`;
  return spec.sql.finite ? finiteOrNull(text) : text;
}
