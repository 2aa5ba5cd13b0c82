/** The direct children of an IR node (one exhaustive table), and a walk over a tree. */
import type { Ir, IrKind, IrOf } from './ir.js';

const CHILDREN = {
  literal: () => [],
  field: () => [],
  property: () => [],
  negate: (ir) => [ir.operand],
  not: (ir) => [ir.operand],
  arith: (ir) => [ir.left, ir.right],
  logic: (ir) => [...ir.operands],
  compare: (ir) => [ir.left, ir.right],
  in: (ir) => [ir.operand],
  between: (ir) => [ir.operand, ir.low, ir.high],
  like: (ir) => [ir.operand, ir.pattern],
  isNull: (ir) => [ir.operand],
  scalar: (ir) => [...ir.args],
  case: (ir) => [...ir.branches.flatMap((b) => [b.when, b.then]), ...(ir.otherwise ? [ir.otherwise] : [])],
  aggregate: (ir) => [...ir.args, ...ir.conditions],
  time: (ir) => [ir.operand],
} satisfies { [K in IrKind]: (ir: IrOf<K>) => Ir[] };

export function irChildren(ir: Ir): Ir[] {
  return (CHILDREN[ir.kind] as (x: Ir) => Ir[])(ir);
}

/** The key of the first `… PER key` aggregate in the tree (docs/language.md §6), if any. */
/** A PER key's identity (what it reads), to tell keys apart in the checker and the emitter. */
export function perKeyName(k: Ir): string {
  return k.kind === 'property' ? `p:${k.name}` : k.kind === 'field' ? `f:${k.field}` : JSON.stringify(k.kind);
}

export function perKeyIn(root: Ir): Ir | undefined {
  for (const node of walkIr(root)) if (node.kind === 'aggregate' && node.per) return node.per;
  return undefined;
}

/** Every node of the tree, parents before children. */
export function* walkIr(root: Ir): Generator<Ir> {
  const stack: Ir[] = [root];
  while (stack.length > 0) {
    const ir = stack.pop()!;
    yield ir;
    const kids = irChildren(ir);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}
