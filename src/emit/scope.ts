/**
 * What the emitter knows while writing one expression: the parameter collector, the table
 * layout, the query's timezone parameter, and `rowEvents` — a set every row reaching this
 * expression is known to belong to (from the WHERE clause and the aggregate's own condition),
 * which lets a property read use its slot directly instead of testing the event.
 */
import type { ParamCollector } from './params.js';
import type { SqlBudget } from './sql-budget.js';
import type { SharedReads } from './shared-reads.js';
import type { Layout } from '../model/layout.js';
import type { EventSet } from '../util/sets.js';
import type { IrAggregate } from '../model/ir.js';

export interface EmitScope {
  readonly params: ParamCollector;
  readonly layout: Layout;
  readonly rowEvents: EventSet | undefined;
  /** The `{tz:String}` placeholder (registered on first use). */
  readonly tz: () => string;
  /** The bound on the emitted SQL, checked as it is written. */
  readonly budget: SqlBudget;
  /** Property reads, each written once however often it is referenced. */
  readonly reads: SharedReads;
  /**
   * Write the expression as it is over no rows (a filled bucket): every aggregate becomes its
   * value over nothing — 0 for the counting ones, a typed NULL for the rest — and the rest of the
   * formula is computed from those by ClickHouse, so `COALESCE(SUM(x), 0)` is 0 and `COUNT(*) + 1`
   * is 1 without a guess per function.
   */
  readonly overNoRows?: boolean;
  /**
   * Set while writing a formula over bucket rows (a query with time functions): aggregates are
   * read from their per-bucket states, merged over the frame of the time function they are in.
   */
  readonly windows?: WindowReads;
  /** The frame of the time function being written (undefined: this bucket). */
  readonly frame?: Frame;
}

/**
 * Which bucket rows an aggregate is merged over: buckets back from this one, `first` … `last`
 * (first undefined: from the range's first bucket); or every bucket of the range (`range`: the
 * group's value over the whole range, which ranks groups for a top-N `limit`).
 */
export type Frame =
  | { readonly kind: 'buckets'; readonly first: number | undefined; readonly last: number }
  | { readonly kind: 'range' }
  /** TOTAL: every group's rows of this bucket; `rangeTotal`: every group's rows of the range. */
  | { readonly kind: 'total' }
  | { readonly kind: 'rangeTotal' };

export interface WindowReads {
  /** The SQL for an aggregate's value over the frame's buckets. */
  aggregate(ir: IrAggregate, frame: Frame | undefined): string;
}

export function withRowEvents(scope: EmitScope, rowEvents: EventSet | undefined): EmitScope {
  return { ...scope, rowEvents };
}
