/**
 * Choosing one type for values that must agree (both sides of `=`, IF's branches, COALESCE's
 * arguments). A property recorded with several types may be read as any of them, so a value's
 * *possible* types are computed first and the first value's preferred type wins when it is
 * possible for all; `coerce` then re-reads flexible values as the chosen type.
 */
import type { Ir } from '../model/ir.js';
import { lookupFunction, paramAt } from '../model/functions.js';
import { ANY, type Type } from '../model/types.js';

/**
 * Possible types are computed once per node: nested CASE/IF/COALESCE would otherwise recompute
 * every subtree at every level (exponential in the nesting). IR nodes are immutable, so a node's
 * answer never changes; `coerce` makes new nodes, which get their own entry.
 */
const POSSIBLE = new WeakMap<Ir, readonly Type[]>();

/** The types `ir` could be read as (ANY for NULL and for poisoned subtrees). */
export function possibleTypes(ir: Ir): readonly Type[] {
  let known = POSSIBLE.get(ir);
  if (known === undefined) {
    known = computePossibleTypes(ir);
    POSSIBLE.set(ir, known);
  }
  return known;
}

/** Types every one of `values` could be read as, within `start`. */
function commonTypes(values: readonly Ir[], start: readonly Type[]): readonly Type[] {
  let common = start;
  for (const v of values) {
    const possible = possibleTypes(v);
    common = common.filter((t) => possible.includes(t));
  }
  return common;
}

function computePossibleTypes(ir: Ir): readonly Type[] {
  if (ir.type === 'null' || ir.type === 'error') return ANY;
  switch (ir.kind) {
    case 'property':
      return ir.types;
    case 'scalar': {
      const spec = ir.spec;
      if (spec.result !== 'T') return [ir.type];
      return commonTypes(
        ir.args.filter((_, i) => paramTypes(spec, i) === 'T'),
        spec.typeVar ?? ANY,
      );
    }
    case 'case':
      return commonTypes([...ir.branches.map((b) => b.then), ...(ir.otherwise ? [ir.otherwise] : [])], ANY);
    default:
      return [ir.type];
  }
}

export function paramTypes(spec: NonNullable<ReturnType<typeof lookupFunction>>, index: number): readonly Type[] | 'T' {
  return paramAt(spec, index).types;
}

/** Re-read `ir` as `want` where it is flexible; otherwise return it unchanged. */
export function coerce(ir: Ir, want: Type): Ir {
  if (ir.type === want || ir.type === 'error' || ir.type === 'null') return ir;
  if (!possibleTypes(ir).includes(want)) return ir;
  switch (ir.kind) {
    case 'property':
      return { ...ir, type: want };
    case 'scalar': {
      const spec = ir.spec;
      const args = ir.args.map((a, i) => (paramTypes(spec, i) === 'T' ? coerce(a, want) : a));
      return { ...ir, type: want, args };
    }
    case 'case':
      return {
        ...ir,
        type: want,
        branches: ir.branches.map((b) => ({ when: b.when, then: coerce(b.then, want) })),
        otherwise: ir.otherwise ? coerce(ir.otherwise, want) : undefined,
      };
    default:
      return ir;
  }
}

/**
 * The one type for `values`: the first value's preferred type if every value can take it, else
 * the first type they all share. `undefined` when they share none (a type mismatch).
 */
export function unifiedType(values: readonly Ir[], allowed: readonly Type[] = ANY): Type | undefined {
  const common = commonTypes(values, allowed);
  if (common.length === 0) return undefined;
  for (const v of values) {
    if (v.type !== 'null' && v.type !== 'error' && common.includes(v.type)) return v.type;
  }
  return common[0];
}
