/**
 * Event scoping (docs/language.md §5): the events a predicate pins every row to, read off its
 * conjunctive `event = '…'` and `event IN (…)` tests. An AND pins to the intersection of what its
 * sides pin; an OR pins only when both sides do (to the union) — so `event = 'a' OR event = 'b'`
 * means the same as `event IN ('a', 'b')`. Anything else pins nothing (`undefined`).
 */
import type { Expr } from '../ast/nodes.js';
import { eventSet, intersect, union, type EventSet } from '../util/sets.js';

function isEventName(e: Expr): boolean {
  return e.kind === 'name' && e.name === 'event';
}

export function pinnedEvents(e: Expr | undefined): EventSet | undefined {
  if (e === undefined) return undefined;
  switch (e.kind) {
    case 'binary':
      if (e.op === 'and') return intersect(pinnedEvents(e.left), pinnedEvents(e.right));
      if (e.op === 'or') return union(pinnedEvents(e.left), pinnedEvents(e.right));
      return undefined;
    case 'compare': {
      if (e.op !== '=') return undefined;
      if (isEventName(e.left) && e.right.kind === 'string') return [e.right.value];
      if (isEventName(e.right) && e.left.kind === 'string') return [e.left.value];
      return undefined;
    }
    case 'in': {
      if (e.negated || !isEventName(e.operand)) return undefined;
      const values: string[] = [];
      for (const item of e.list) {
        if (item.kind !== 'string') return undefined;
        values.push(item.value);
      }
      return eventSet(values);
    }
    default:
      return undefined;
  }
}
