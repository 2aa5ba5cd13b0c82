/**
 * Reading a property (LANGUAGE.md §5–6). The value comes from one slot when every row that can
 * reach the read is an event that keeps the property in that slot; otherwise the row's event
 * chooses the slot, and rows of other events read missing. Each slot's text is converted so that
 * anything that does not convert — and for numbers anything non-finite, since
 * `toFloat64OrNull('nan')` is nan — is missing (NULL), never 0:
 * https://clickhouse.com/docs/sql-reference/functions/type-conversion-functions#tofloat64ornull
 */
import type { IrProperty, SlotRead } from '../check/ir.js';
import type { Type } from '../check/types.js';
import { identifier, slotIdentifier } from './quote.js';
import type { EmitScope } from './scope.js';
import { intersect, isSubset, type EventSet } from '../util/sets.js';

/** `EventName = {p}` or `EventName IN {p}`: membership of the row's event in `events`. */
export function eventTest(scope: EmitScope, events: EventSet): string {
  const column = identifier(scope.layout.columns.event);
  if (events.length === 1) return `${column} = ${scope.params.string(events[0]!)}`;
  return `${column} IN ${scope.params.strings(events)}`;
}

const CONVERT: Record<Type, (slot: string) => string> = {
  number: (slot) => `if(isFinite(toFloat64OrNull(${slot})), toFloat64OrNull(${slot}), NULL)`,
  string: (slot) => `nullIf(${slot}, '')`,
  boolean: (slot) => `accurateCastOrNull(${slot}, 'Bool')`,
  datetime: (slot) => `parseDateTime64BestEffortOrNull(${slot}, 3, 'UTC')`,
};

/** One slot's text, converted to the type the property is read as. */
function slotValue(scope: EmitScope, read: SlotRead, type: Type): string {
  return CONVERT[type](slotIdentifier(read.slot, scope.layout.slots.prefix, scope.layout.slots.count));
}

export function emitPropertyRead(scope: EmitScope, ir: IrProperty): string {
  const { reads, type } = ir;
  const value = (r: SlotRead): string => slotValue(scope, r, type);
  const rows = scope.rowEvents;
  if (rows !== undefined && isSubset(rows, reads.flatMap((r) => r.events))) {
    const reached = reads.filter((r) => (intersect(r.events, rows) ?? []).length > 0);
    if (reached.length === 1) return value(reached[0]!);
    if (reached.length > 1) {
      const branches = reached.slice(0, -1).map((r) => `${eventTest(scope, r.events)}, ${value(r)}`);
      return `multiIf(${branches.join(', ')}, ${value(reached[reached.length - 1]!)})`;
    }
  }
  if (reads.length === 1) return `if(${eventTest(scope, reads[0]!.events)}, ${value(reads[0]!)}, NULL)`;
  return `multiIf(${reads.map((r) => `${eventTest(scope, r.events)}, ${value(r)}`).join(', ')}, NULL)`;
}
