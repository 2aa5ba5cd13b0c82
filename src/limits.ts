/**
 * Input bounds (docs/language.md §8). Going past one is a diagnostic, never a crash: the parser's
 * recursion is bounded by `maxNesting` before parsing, the tree's depth by `maxDepth` before any
 * recursive phase runs, and ClickHouse's own `max_ast_depth` (1000) stays far away.
 */
export interface Limits {
  /** Characters (UTF-16 code units) in a formula or filter. */
  readonly maxLength: number;
  /** Open parentheses plus open CASEs at any point. */
  readonly maxNesting: number;
  /** Depth of the syntax tree (a chain `a + b + c` is as deep as it is long). */
  readonly maxDepth: number;
  /** Aggregate calls in one formula. */
  readonly maxAggregates: number;
  /** Items in one IN list, branches in one CASE, arguments of one call. */
  readonly maxListItems: number;
  /** Group-by names in one query. */
  readonly maxGroupBy: number;
  /**
   * Bytes of emitted SQL. Well below ClickHouse's default `max_query_size` (262,144), leaving
   * room for the SETTINGS and FORMAT an executor adds.
   */
  readonly maxSqlBytes: number;
  /** Buckets in the range (every bucket is a row, per group, once buckets are filled). */
  readonly maxBuckets: number;
}

export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxLength: 65_536,
  maxNesting: 64,
  maxDepth: 200,
  maxAggregates: 256,
  maxListItems: 10_000,
  maxGroupBy: 10,
  maxSqlBytes: 200_000,
  maxBuckets: 50_000,
});
