/**
 * Event scoping (docs/language.md §5): the events a predicate pins every row to, read off its
 * conjunctive `event = '…'` and `event IN (…)` tests. An AND pins to the intersection of what its
 * sides pin; an OR pins only when both sides do (to the union) — so `event = 'a' OR event = 'b'`
 * means the same as `event IN ('a', 'b')`. Anything else pins nothing (`undefined`).
 */
import type { Expr } from '../ast/nodes.js';
import type { Ir } from '../model/ir.js';
import { eventSet, intersect, union, type EventSet } from '../util/sets.js';

function isEventName(e: Expr): boolean {
  return e.kind === 'name' && e.name === 'event';
}

/**
 * The events `e` tests for when it is nothing but an event test (`event = 'a'`,
 * `event IN ('a', 'b')`, an OR of such tests), else undefined. Such a condition says nothing a
 * WHERE clause that already pins those events has not said, so the emitter can drop it there.
 */
export function eventTestOnly(e: Expr): EventSet | undefined {
  switch (e.kind) {
    case 'binary': {
      if (e.op !== 'or') return undefined;
      const left = eventTestOnly(e.left);
      const right = eventTestOnly(e.right);
      return left && right ? union(left, right) : undefined;
    }
    case 'compare':
    case 'in':
      return pinnedEvents(e);
    default:
      return undefined;
  }
}

/** The conjuncts of a checked condition: its AND chains flattened, in order (as `conjuncts` does the source's). */
export function flattenConjuncts(ir: Ir): Ir[] {
  return ir.kind === 'logic' && ir.op === 'and' ? ir.operands.flatMap(flattenConjuncts) : [ir];
}

/** The conjuncts of a condition, as the checker flattens its AND chains (in the same order). */
export function conjuncts(e: Expr): Expr[] {
  return e.kind === 'binary' && e.op === 'and' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
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
