/**
 * SQL fragments with their binding strength, so the emitter writes parentheses only where
 * ClickHouse's precedence needs them (the same levels as the formula language).
 * https://clickhouse.com/docs/sql-reference/operators#operator-precedence
 */
export const PREC = { or: 1, and: 2, not: 3, compare: 4, additive: 5, multiplicative: 6, unary: 7, atom: 8 } as const;

export interface Sql {
  readonly text: string;
  readonly prec: number;
}

export function atom(text: string): Sql {
  return { text, prec: PREC.atom };
}

/** The fragment's text, parenthesized if it binds looser than `min`. */
export function at(s: Sql, min: number): string {
  return s.prec < min ? `(${s.text})` : s.text;
}
