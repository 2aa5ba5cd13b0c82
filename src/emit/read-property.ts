/**
 * Reading a property (docs/language.md §4–5). The value comes from one slot when every row that can
 * reach the read is an event that keeps the property in that slot; otherwise the row's event
 * chooses the slot, and rows of other events read missing. Each slot's text is converted so that
 * anything that does not convert — and for numbers anything non-finite, since
 * `toFloat64OrNull('nan')` is nan — is missing (NULL), never 0:
 * https://clickhouse.com/docs/sql-reference/functions/type-conversion-functions#tofloat64ornull
 * (`ifNotFinite(x, NULL)` names `x` once, where `if(isFinite(x), x, NULL)` would write it twice:
 * https://clickhouse.com/docs/sql-reference/functions/other-functions#ifnotfinite)
 */
import type { IrProperty, SlotRead } from '../model/ir.js';
import type { Type } from '../model/types.js';
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
  number: (slot) => `ifNotFinite(toFloat64OrNull(${slot}), NULL)`,
  string: (slot) => `nullIf(${slot}, '')`,
  boolean: (slot) => `accurateCastOrNull(${slot}, 'Bool')`,
  datetime: (slot) => `parseDateTime64BestEffortOrNull(${slot}, 3, 'UTC')`,
};

/** One slot's text, converted to the type the property is read as. */
function slotValue(scope: EmitScope, read: SlotRead, type: Type): string {
  return CONVERT[type](slotIdentifier(read.slot, scope.layout.slots));
}

/**
 * Reads narrowed to the events that can reach them: a branch for an event no row can be is
 * dropped, and an event test names only reachable events. `covered`: every reachable row is an
 * event that records the property, so no NULL fallback is needed.
 */
function reachableReads(reads: readonly SlotRead[], rows: EventSet | undefined): { reads: readonly SlotRead[]; covered: boolean } {
  if (rows === undefined) return { reads, covered: false };
  const narrowed = reads.map((r) => ({ slot: r.slot, events: intersect(r.events, rows) ?? [] })).filter((r) => r.events.length > 0);
  if (narrowed.length === 0) return { reads, covered: false };
  return { reads: narrowed, covered: isSubset(rows, narrowed.flatMap((r) => r.events)) };
}

export function emitPropertyRead(scope: EmitScope, ir: IrProperty): string {
  const { reads, covered } = reachableReads(ir.reads, scope.rowEvents);
  const value = (r: SlotRead): string => slotValue(scope, r, ir.type);
  const branches = (rs: readonly SlotRead[]): string => rs.map((r) => `${eventTest(scope, r.events)}, ${value(r)}`).join(', ');
  if (covered) {
    if (reads.length === 1) return value(reads[0]!);
    return `multiIf(${branches(reads.slice(0, -1))}, ${value(reads[reads.length - 1]!)})`;
  }
  if (reads.length === 1) return `if(${branches(reads)}, NULL)`;
  return `multiIf(${branches(reads)}, NULL)`;
}
