/**
 * Time functions (docs/language.md §7): PREVIOUS(m[, n]), ROLLING(m, n), CUMULATIVE(m). They
 * compare buckets, so they need a granularity, sit in the formula outside every aggregate (not in
 * a filter or a condition), do not nest, and take `n` as an integer literal from 1 to 1,000. The
 * checker records how far back before the range they read and whether one reads from its start.
 */
import type * as A from '../ast/nodes.js';
import type { Ir } from '../model/ir.js';
import { signature, type TimeSpec } from '../model/functions.js';
import { checkExpr } from './check-expr.js';
import { POISON, report, snippet, type CheckContext, type Place } from './context.js';

/** The longest reach of a time function, in buckets (docs/language.md §7). */
export const MAX_REACH = 1000;

function placeAllowed(ctx: CheckContext, e: A.Call, spec: TimeSpec, place: Place): boolean {
  if (place.inTime !== undefined) {
    report(ctx, 'nested-time-function', e.span, `${spec.name} is inside ${place.inTime}; TOTAL and the time functions do not nest in each other or themselves (write each over aggregates, as in ${spec.example})`);
    return false;
  }
  if (place.inAggregate) {
    report(ctx, 'time-function-not-allowed', e.span, `${spec.name} ${spec.total ? 'reads every group' : 'compares buckets'} and cannot be inside an aggregate; put the aggregate inside it, as in ${spec.example}`);
    return false;
  }
  if (!place.allowAggregates) {
    report(ctx, 'time-function-not-allowed', e.span, `${spec.name} ${spec.total ? 'reads every group' : 'compares buckets'}; a ${ctx.source === 'filter' ? 'filter' : 'condition'} is checked per event and cannot contain one`);
    return false;
  }
  if (ctx.granularity === undefined && !spec.total) {
    report(ctx, 'time-function-needs-granularity', e.span, `${spec.name} compares buckets: the query needs a granularity (hour, day, week or month)`);
    return false;
  }
  return true;
}

/** `n`: an integer literal (`7`, not `3 + 4` or `7.0`) from 1 to 1,000. */
function reach(ctx: CheckContext, e: A.Expr, spec: TimeSpec): number | undefined {
  const text = snippet(ctx, e.span);
  if (e.kind !== 'number' || !/^[0-9]+$/.test(ctx.text.slice(e.span.start, e.span.end)) || e.value < 1 || e.value > MAX_REACH) {
    report(ctx, 'invalid-reach', e.span, `the n of ${spec.name} must be a whole number written as digits, from 1 to ${MAX_REACH.toLocaleString('en-US')} buckets; got \`${text}\``);
    return undefined;
  }
  return e.value;
}

export function checkTime(ctx: CheckContext, e: A.Call, spec: TimeSpec, place: Place): Ir {
  if (e.filter) report(ctx, 'filter-not-allowed', e.filter.span, `FILTER applies to aggregates; put it on the aggregates inside ${spec.name}`);
  if (e.star) report(ctx, 'star-not-allowed', e.span, `\`*\` is only allowed in COUNT(*)`);
  if (e.distinct) report(ctx, 'distinct-not-allowed', e.span, `DISTINCT is only allowed in COUNT(DISTINCT x)`);
  const min = spec.minArgs ?? spec.params.length;
  if (e.args.length < min || e.args.length > spec.params.length) {
    report(ctx, 'wrong-arity', e.span, `${spec.name} takes ${min === spec.params.length ? min : `${min} to ${spec.params.length}`} argument${spec.params.length === 1 ? '' : 's'} but was given ${e.args.length}: ${signature(spec)}`);
    return POISON;
  }
  // `PREVIOUS(DISTINCT x)` is one mistake: its operand is not checked as well.
  if (e.star || e.distinct) return POISON;
  if (e.filter || !placeAllowed(ctx, e, spec, place)) {
    // The operand is still checked for its own mistakes, as if the function were where it belongs.
    for (const a of e.args.slice(0, 1)) checkExpr(ctx, a, { inAggregate: false, allowAggregates: true, scope: place.scope, inTime: spec.name });
    return POISON;
  }
  const n = e.args.length > 1 ? reach(ctx, e.args[1]!, spec) : 1;
  const operand = checkExpr(ctx, e.args[0]!, { ...place, inTime: spec.name });
  if (n === undefined || operand.type === 'error') return POISON;
  const { first, last } = spec.frame(n);
  ctx.counter.reach = Math.max(ctx.counter.reach, first ?? 0);
  if (spec.total) ctx.counter.total = true;
  else ctx.counter.timeFunctions = true;
  return { kind: 'time', fn: spec.name, spec, operand, first, last, total: spec.total === true, type: operand.type, nullable: operand.nullable };
}
