/**
 * Whether a numeric expression is an integer or a float in ClickHouse. ClickHouse finds no common
 * type for a 64-bit integer (count(), uniqExact(), lengthUTF8()) and Float64 in `greatest`,
 * `least`, `coalesce`, `if`, `multiIf` or `nullIf` (error NO_COMMON_TYPE), so where such values
 * meet floats the integers are converted with `toFloat64`. Small integer literals always find a
 * common type and stay as they are.
 */
import type { Ir } from '../model/ir.js';
import { isExactInteger } from './numbers.js';

const INTEGER_AGGREGATES = new Set(['COUNT', 'COUNTIF', 'APPROX_COUNT_DISTINCT']);
const INTEGER_SCALARS = new Set(['LENGTH', 'HOUR', 'DAY_OF_WEEK']);
const FLOAT_SCALARS = new Set(['SQRT', 'LN', 'LOG10', 'POWER', 'ROUND']);

/** Answers per node: nested CASE/IF ask again for every enclosing level (quadratic otherwise). */
const KNOWN = new WeakMap<Ir, boolean>();

export function isInteger(ir: Ir): boolean {
  let known = KNOWN.get(ir);
  if (known === undefined) {
    known = computeIsInteger(ir);
    KNOWN.set(ir, known);
  }
  return known;
}

function computeIsInteger(ir: Ir): boolean {
  switch (ir.kind) {
    case 'literal':
      return typeof ir.value === 'number' && isExactInteger(ir.value);
    case 'aggregate':
      return INTEGER_AGGREGATES.has(ir.fn) || ((ir.fn === 'MIN' || ir.fn === 'MAX') && ir.args.every(isInteger));
    case 'negate':
      return isInteger(ir.operand);
    case 'arith':
      return ir.op !== '/' && isInteger(ir.left) && isInteger(ir.right);
    case 'scalar':
      if (INTEGER_SCALARS.has(ir.fn)) return true;
      if (FLOAT_SCALARS.has(ir.fn)) return false;
      return ir.args.filter((a) => a.type === 'number').every(isInteger);
    case 'case':
      return [...ir.branches.map((b) => b.then), ...(ir.otherwise ? [ir.otherwise] : [])].filter((v) => v.type === 'number').every(isInteger);
    default:
      return false;
  }
}

/** The SQL texts of values that must share a type, with integers widened where floats are present. */
export function unifyNumbers(values: readonly Ir[], texts: readonly string[]): string[] {
  const numeric = values.map((v) => v.type === 'number');
  const anyFloat = values.some((v, i) => numeric[i] && !isInteger(v));
  if (!anyFloat) return [...texts];
  return texts.map((t, i) => (numeric[i] && isInteger(values[i]!) && values[i]!.kind !== 'literal' ? `toFloat64(${t})` : t));
}
