/** The direct children of a node, in source order (one exhaustive table). */
import type { Expr, ExprKind, ExprOf } from './nodes.js';

const CHILDREN = {
  number: () => [],
  string: () => [],
  boolean: () => [],
  null: () => [],
  name: () => [],
  unary: (e) => [e.operand],
  binary: (e) => [e.left, e.right],
  compare: (e) => [e.left, e.right],
  in: (e) => [e.operand, ...e.list],
  between: (e) => [e.operand, e.low, e.high],
  like: (e) => [e.operand, e.pattern],
  isNull: (e) => [e.operand],
  call: (e) => [...e.args, ...(e.filter ? [e.filter] : []), ...(e.per ? [e.per] : [])],
  case: (e) => [...e.branches.flatMap((b) => [b.when, b.then]), ...(e.otherwise ? [e.otherwise] : [])],
} satisfies { [K in ExprKind]: (e: ExprOf<K>) => Expr[] };

export function children(e: Expr): Expr[] {
  return (CHILDREN[e.kind] as (x: Expr) => Expr[])(e);
}
