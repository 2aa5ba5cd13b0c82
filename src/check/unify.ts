/**
 * Choosing one type for values that must agree (both sides of `=`, IF's branches, COALESCE's
 * arguments). A property recorded with several types may be read as any of them, so a value's
 * *possible* types are computed first and the first value's preferred type wins when it is
 * possible for all; `coerce` then re-reads flexible values as the chosen type.
 */
import type { Ir } from './ir.js';
import { lookupFunction, paramAt } from './functions.js';
import { ANY, type Type } from './types.js';

/** The types `ir` could be read as (ANY for NULL and for poisoned subtrees). */
export function possibleTypes(ir: Ir): readonly Type[] {
  if (ir.type === 'null' || ir.type === 'error') return ANY;
  switch (ir.kind) {
    case 'property':
      return ir.types;
    case 'scalar': {
      const spec = lookupFunction(ir.fn);
      if (spec?.result !== 'T') return [ir.type];
      const tArgs = ir.args.filter((_, i) => paramTypes(spec, i) === 'T');
      return tArgs.reduce<readonly Type[]>((acc, a) => acc.filter((t) => possibleTypes(a).includes(t)), spec.typeVar ?? ANY);
    }
    case 'case':
      return [...ir.branches.map((b) => b.then), ...(ir.otherwise ? [ir.otherwise] : [])].reduce<readonly Type[]>(
        (acc, a) => acc.filter((t) => possibleTypes(a).includes(t)),
        ANY,
      );
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
      const spec = lookupFunction(ir.fn)!;
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
  let common: readonly Type[] = allowed;
  for (const v of values) common = common.filter((t) => possibleTypes(v).includes(t));
  if (common.length === 0) return undefined;
  for (const v of values) {
    if (v.type !== 'null' && v.type !== 'error' && common.includes(v.type)) return v.type;
  }
  return common[0];
}
