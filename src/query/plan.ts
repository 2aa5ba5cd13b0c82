/**
 * The event plan: which events can reach the result at all. Each aggregate sees only rows of its
 * *domain* — the events its conditions pin it to, narrowed (for aggregates that skip missing
 * values) to the events where its argument can be present, since rows of other events read the
 * property as missing and contribute nothing. When every aggregate has a domain, their union is
 * pushed into WHERE as `EventName IN (…)`: it prunes through the primary key
 * (ORDER BY (ProductID, EventName, …)) and lets every read inside use its slot directly.
 * A consequence, documented in docs/language.md: with group-by or buckets, a group appears only
 * when some event relevant to the formula falls in it.
 */
import type { CheckedQuery, Ir, IrAggregate } from '../model/ir.js';
import { walkIr } from '../model/ir-children.js';
import { eventSet, intersect, sameSet, union, type EventSet } from '../util/sets.js';

const EMPTY: EventSet = [];

/** Events on which `ir` can be present (undefined: any event). */
function presence(ir: Ir): EventSet | undefined {
  switch (ir.kind) {
    case 'literal':
      return ir.value === null ? EMPTY : undefined;
    case 'property':
      return eventSet(ir.reads.flatMap((r) => r.events));
    case 'negate':
      return presence(ir.operand);
    case 'arith':
      return intersect(presence(ir.left), presence(ir.right));
    case 'scalar': {
      return ir.spec.nulls === 'strict' ? ir.args.reduce<EventSet | undefined>((acc, a) => intersect(acc, presence(a)), undefined) : undefined;
    }
    default:
      return undefined;
  }
}

function domain(agg: IrAggregate): EventSet | undefined {
  const skipsMissing = agg.args.length > 0 && !agg.star;
  const present = skipsMissing ? agg.args.reduce<EventSet | undefined>((acc, a) => intersect(acc, presence(a)), undefined) : undefined;
  return intersect(agg.scope, present);
}

export interface EventPlan {
  /** An event set to add to WHERE (not already implied by the filter), if any. */
  readonly pushed: EventSet | undefined;
  /** What every row passing WHERE is known to be. */
  readonly rowEvents: EventSet | undefined;
}

export function planEvents(q: CheckedQuery): EventPlan {
  const aggregates = q.values.flatMap((v) => [...walkIr(v.ir)]).filter((ir): ir is IrAggregate => ir.kind === 'aggregate');
  if (aggregates.length === 0) return { pushed: undefined, rowEvents: q.filterScope };
  const all = aggregates.map(domain).reduce<EventSet | undefined>((acc, d, i) => (i === 0 ? d : union(acc, d)), undefined);
  const rowEvents = intersect(q.filterScope, all);
  const pushed = all !== undefined && !sameSet(rowEvents, q.filterScope) ? rowEvents : undefined;
  return { pushed, rowEvents };
}
