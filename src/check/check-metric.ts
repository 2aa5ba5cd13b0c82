/**
 * Named metrics (docs/language.md §6): outside any aggregate, a name of the catalogue is a
 * reference, checked as its formula in place — the metric's filter restricts every aggregate
 * inside it (ANDed with their own FILTER and the query filter; metrics it references included),
 * and its event tests scope the properties inside it as a FILTER's would. References nest to
 * depth 16; a cycle names its chain (`a → b → a`); a problem inside a metric is reported at the
 * reference, naming the metric. A broken entry is reported only when it is referenced.
 * Expansion is bounded: every reference re-checks the metric's text, so the texts checked add up
 * to at most 4 × the formula length bound, and at most 4,096 references are expanded per formula
 * (`metrics-too-large` past either: nested references that double cannot blow up a compile).
 */
import type { Name } from '../ast/nodes.js';
import type { Ir } from '../model/ir.js';
import { checkExpr, checkPredicate } from './check-expr.js';
import { conjuncts, eventTestOnly, flattenConjuncts, pinnedEvents } from './scope.js';
import { POISON, report, type CheckContext, type InheritedConditions, type ParsedMetric, type Place } from './context.js';
import { intersect } from '../util/sets.js';

/** How many formula lengths of metric text one formula may expand to. */
const EXPANSION = 4;
/** How many references one formula may expand. */
const MAX_REFERENCES = 4096;

/** The deepest chain of references (docs/language.md §10). */
export const MAX_METRIC_DEPTH = 16;

export function checkMetricReference(ctx: CheckContext, e: Name, metric: ParsedMetric, place: Place): Ir {
  const chain = ctx.via?.chain ?? [];
  if (chain.includes(e.name)) {
    report(ctx, 'metric-cycle', e.span, `the metric references itself: ${[...chain.slice(chain.indexOf(e.name)), e.name].map((n) => `\`${n}\``).join(' → ')}`);
    return POISON;
  }
  if (chain.length >= MAX_METRIC_DEPTH) {
    report(ctx, 'metric-too-deep', e.span, `metric references nest more than ${MAX_METRIC_DEPTH} deep: ${[...chain, e.name].map((n) => `\`${n}\``).join(' → ')}`);
    return POISON;
  }
  if (!metric.ok) {
    report(ctx, 'invalid-metric', e.span, `the metric \`${e.name}\` cannot be used: ${metric.problem}`);
    return POISON;
  }
  (ctx.counter.metrics ??= new Set()).add(e.name);
  const size = metric.formula.text.length + (metric.filter?.text.length ?? 0);
  const before = ctx.counter.metricText;
  ctx.counter.metricText += size;
  ctx.counter.metricRefs = (ctx.counter.metricRefs ?? 0) + 1;
  const budget = ctx.limits.maxLength * EXPANSION;
  if (ctx.counter.metricText > budget || ctx.counter.metricRefs > MAX_REFERENCES) {
    // Reported once: the first reference past either bound.
    if (before <= budget && ctx.counter.metricRefs <= MAX_REFERENCES + 1 && !ctx.counter.metricsTooLarge) {
      ctx.counter.metricsTooLarge = true;
      report(ctx, 'metrics-too-large', e.span, `the metrics this formula references expand to more than ${budget.toLocaleString('en-US')} characters of formulas and filters or more than ${MAX_REFERENCES.toLocaleString('en-US')} references to check`);
    }
    return POISON;
  }
  const via = { outer: ctx.via?.outer ?? ctx, span: ctx.via?.span ?? e.span, chain: [...chain, e.name] };
  const inner: CheckContext = { ...ctx, source: 'formula', text: metric.formula.text, via };
  let scope = place.scope;
  let inherited = place.inherited;
  if (metric.filter) {
    const filterCtx: CheckContext = { ...inner, source: 'filter', text: metric.filter.text };
    scope = intersect(place.scope, pinnedEvents(metric.filter.expr));
    const filter = checkPredicate(filterCtx, metric.filter.expr, { inAggregate: false, allowAggregates: false, scope });
    if (filter.type === 'error') return POISON;
    const conditions = flattenConjuncts(filter);
    const events = conjuncts(metric.filter.expr).map(eventTestOnly);
    if (events.length !== conditions.length) throw new Error('internal: a metric filter and its event tests are out of step');
    inherited = join(inherited, { conditions, events });
  }
  return checkExpr(inner, metric.formula.expr, { inAggregate: false, allowAggregates: true, scope, inTime: place.inTime, inherited });
}

function join(a: InheritedConditions | undefined, b: InheritedConditions): InheritedConditions {
  return a ? { conditions: [...a.conditions, ...b.conditions], events: [...a.events, ...b.events] } : b;
}
