/** Canonical number literals: the shortest round-trip decimal form JavaScript prints. */
export function sqlNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`internal: non-finite number ${n} reached the emitter`);
  return Object.is(n, -0) ? '0' : String(n);
}
