/**
 * Scalar functions from their catalogue templates (`abs($0)`, `round($*)`, `toHour($0, $tz)`).
 * Condition arguments are written as predicates; functions whose result can be non-finite
 * (sqrt of a negative, ln 0, overflow) turn that into NULL with one finiteness test.
 */
import type { IrScalar } from '../check/ir.js';
import { lookupFunction, type ScalarSpec } from '../check/functions.js';
import { PREC, atom, type Sql } from './sql.js';
import { emitExpr, emitPredicate } from './expr.js';
import type { EmitScope } from './scope.js';

const ONE_CALL = /^[A-Za-z0-9_]+\([^()]*(?:\([^()]*\))*[^()]*\)$/;

export function finiteOrNull(text: string): string {
  return `if(isFinite(${text}), ${text}, NULL)`;
}

export function emitScalar(scope: EmitScope, ir: IrScalar): Sql {
  const spec = lookupFunction(ir.fn) as ScalarSpec;
  const args = ir.args.map((a, i) => {
    const param = spec.params[Math.min(i, spec.params.length - 1)]!;
    return (param.role === 'predicate' ? emitPredicate(scope, a) : emitExpr(scope, a)).text;
  });
  const text = spec.sql.replace(/\$(\*|tz|\d+)/g, (_, slot: string) =>
    slot === '*' ? args.join(', ') : slot === 'tz' ? scope.tz() : (args[Number(slot)] ?? ''),
  );
  if (spec.finite) return atom(finiteOrNull(text));
  return ONE_CALL.test(spec.sql) ? atom(text) : { text, prec: PREC.compare };
}
