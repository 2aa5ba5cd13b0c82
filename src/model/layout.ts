/**
 * The table layout: the one place that says what a slot column is called and which result names
 * are metricc's own. The checker validates mapping documents with these rules, the emitter
 * refuses to write anything else, and the query assembly chooses aliases around them.
 */
import type { Schema } from './schema.js';

export interface Layout {
  readonly table: string;
  readonly columns: Schema['columns'];
  readonly slots: Schema['slots'];
}

/** Result column names every query may use itself (case-insensitively reserved). */
export const RESERVED_RESULT_NAMES: ReadonlySet<string> = new Set(['bucket', 'value']);

/** Whether `name` is (case-insensitively) a reserved result name or a metricc-internal alias (`__…`). */
export function isReservedName(name: string): boolean {
  return RESERVED_RESULT_NAMES.has(name.toLowerCase()) || name.startsWith('__');
}

/**
 * The slot index of `column` when it is exactly a declared slot name (`Prop0` … `Prop{count-1}`:
 * the prefix as declared, digits without leading zeros), else undefined.
 */
export function slotIndex(column: string, slots: Layout['slots']): number | undefined {
  if (!column.startsWith(slots.prefix)) return undefined;
  const digits = column.slice(slots.prefix.length);
  if (!/^(?:0|[1-9]\d{0,3})$/.test(digits)) return undefined;
  const index = Number(digits);
  return index < slots.count ? index : undefined;
}

/** Whether `name` has the shape of a slot column (`Prop` + digits), declared or not. */
export function looksLikeSlot(name: string, slots: Layout['slots']): boolean {
  return name.startsWith(slots.prefix) && /^\d+$/.test(name.slice(slots.prefix.length));
}
