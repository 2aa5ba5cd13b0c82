/**
 * Canonical number literals: the shortest round-trip decimal form JavaScript prints. Numbers of
 * the formula language are doubles; an integer at or past 2^53 is not exact anyway, and written
 * as digits ClickHouse would type it UInt64 (≥ 2^63), which has no common type with signed
 * integers (`if(c, 9223372036854775807, -1)` fails). Such numbers are written in exponent form,
 * which ClickHouse reads as Float64, like the value they are.
 */
export function sqlNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`internal: non-finite number ${n} reached the emitter`);
  if (Object.is(n, -0)) return '0';
  return isExactInteger(n) || !Number.isInteger(n) ? String(n) : n.toExponential();
}

/** An integer ClickHouse will read as an integer type: exactly representable, |n| < 2^53. */
export function isExactInteger(n: number): boolean {
  return Number.isSafeInteger(n);
}
