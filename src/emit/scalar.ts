/**
 * Scalar functions from their catalogue SQL forms (a plain call, or a small function: `toHour(x, tz)`).
 * Condition arguments are written as predicates; functions whose result can be non-finite
 * (sqrt of a negative, ln 0, overflow) turn that into NULL with one finiteness test.
 */
import type { IrScalar } from '../model/ir.js';
import { paramAt as paramOf } from '../model/functions.js';
import { atom, type Sql } from './sql.js';
import { emitExpr, emitPredicate } from './expr.js';
import type { EmitScope } from './scope.js';
import { unifyNumbers } from './numeric-kind.js';


/**
 * Non-finite → missing, naming the value once: `if(isFinite(x), x, NULL)` doubled the text at
 * every nesting level (`SQRT(SQRT(…))` twenty deep was 223 MB of SQL).
 * https://clickhouse.com/docs/sql-reference/functions/other-functions#ifnotfinite
 */
export function finiteOrNull(text: string): string {
  return `ifNotFinite(${text}, NULL)`;
}

export function emitScalar(scope: EmitScope, ir: IrScalar): Sql {
  const spec = ir.spec;
  const paramAt = (i: number) => paramOf(spec, i);
  const texts = ir.args.map((a, i) => (paramAt(i).role === 'predicate' ? emitPredicate(scope, a) : emitExpr(scope, a)).text);
  // Arguments sharing the type variable T must also share a ClickHouse type.
  const tIndexes = ir.args.map((_, i) => i).filter((i) => paramAt(i).types === 'T');
  const unified = unifyNumbers(tIndexes.map((i) => ir.args[i]!), tIndexes.map((i) => texts[i]!));
  const args = [...texts];
  tIndexes.forEach((argIndex, k) => (args[argIndex] = unified[k]!));
  const text = typeof spec.sql === 'function' ? spec.sql(args, scope.tz) : `${spec.sql.call}(${args.join(', ')})`;
  // Every SQL form in the catalogue is one call, so its text binds as an atom.
  return atom(spec.finite ? finiteOrNull(text) : text);
}
