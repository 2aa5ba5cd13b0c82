/**
 * Whether a numeric expression is an integer or a float in ClickHouse. ClickHouse finds no common
 * type for a 64-bit integer (count(), uniqExact(), lengthUTF8()) and Float64 in `greatest`,
 * `least`, `coalesce`, `if`, `multiIf` or `nullIf` (error NO_COMMON_TYPE), so where such values
 * meet floats the integers are converted with `toFloat64`. Small integer literals always find a
 * common type and stay as they are.
 */
import type { Ir } from '../model/ir.js';
import { isExactInteger } from './numbers.js';

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

/** The catalogue says: an integer, a float, or an integer when every numeric argument is one. */
function byCatalogue(numeric: 'integer' | 'float' | 'args' | undefined, args: readonly Ir[]): boolean {
  if (numeric === 'integer') return true;
  if (numeric === 'float') return false;
  return args.filter((a) => a.type === 'number').every(isInteger);
}

function computeIsInteger(ir: Ir): boolean {
  switch (ir.kind) {
    case 'literal':
      return typeof ir.value === 'number' && isExactInteger(ir.value);
    case 'aggregate':
      return byCatalogue(ir.spec.numeric, ir.args);
    case 'negate':
    case 'time':
      return isInteger(ir.operand);
    case 'arith':
      return ir.op !== '/' && isInteger(ir.left) && isInteger(ir.right);
    case 'scalar':
      return byCatalogue(ir.spec.numeric, ir.args);
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
