/**
 * The checked intermediate form: where the front end (syntax, ast, check) meets the back end
 * (emit, query). Plain readonly data with a definite type and nullability on every node; names
 * are resolved (built-in column or property slot reads), functions are catalogue entries, and
 * every string is still a value (quoting and parameters are the emitter's business).
 */
import type { IrType, Type } from './types.js';
import type { EventSet } from '../util/sets.js';
import type { AggregateSpec, ScalarSpec, TimeSpec } from './functions.js';
import type { ArithOp, CompareOp } from '../ast/nodes.js';

export type BuiltinField = 'user' | 'event' | 'source' | 'time';

interface IrBase {
  readonly type: IrType;
  /** May evaluate to missing (NULL) on some row. Predicates are never nullable. */
  readonly nullable: boolean;
}

export interface IrLiteral extends IrBase {
  readonly kind: 'literal';
  readonly value: number | string | boolean | null;
}
export interface IrField extends IrBase {
  readonly kind: 'field';
  readonly field: BuiltinField;
}
/** Slots holding the property, each with the events that put it there (sorted by slot). */
export interface SlotRead {
  readonly slot: string;
  readonly events: EventSet;
}
export interface IrProperty extends IrBase {
  readonly kind: 'property';
  readonly name: string;
  /** The type it is read as (one of `types`). */
  readonly type: Type;
  /** Every type the mapping documents in scope record for it. */
  readonly types: readonly Type[];
  readonly reads: readonly SlotRead[];
}
export interface IrNegate extends IrBase {
  readonly kind: 'negate';
  readonly operand: Ir;
}
export interface IrNot extends IrBase {
  readonly kind: 'not';
  readonly operand: Ir;
}
export interface IrArith extends IrBase {
  readonly kind: 'arith';
  readonly op: ArithOp;
  readonly left: Ir;
  readonly right: Ir;
}
export interface IrLogic extends IrBase {
  readonly kind: 'logic';
  readonly op: 'and' | 'or';
  readonly operands: readonly Ir[];
}
export interface IrCompare extends IrBase {
  readonly kind: 'compare';
  readonly op: CompareOp;
  readonly left: Ir;
  readonly right: Ir;
}
export interface IrIn extends IrBase {
  readonly kind: 'in';
  readonly negated: boolean;
  readonly operand: Ir;
  readonly itemType: Type;
  readonly values: readonly (string | number | boolean)[];
}
export interface IrBetween extends IrBase {
  readonly kind: 'between';
  readonly negated: boolean;
  readonly operand: Ir;
  readonly low: Ir;
  readonly high: Ir;
}
export interface IrLike extends IrBase {
  readonly kind: 'like';
  readonly negated: boolean;
  readonly caseInsensitive: boolean;
  readonly operand: Ir;
  readonly pattern: Ir;
}
export interface IrIsNull extends IrBase {
  readonly kind: 'isNull';
  readonly negated: boolean;
  readonly operand: Ir;
}
export interface IrScalar extends IrBase {
  readonly kind: 'scalar';
  /** The function's name (for reading the IR); `spec` is its catalogue entry. */
  readonly fn: string;
  readonly spec: ScalarSpec;
  readonly args: readonly Ir[];
}
export interface IrCase extends IrBase {
  readonly kind: 'case';
  readonly branches: readonly { readonly when: Ir; readonly then: Ir }[];
  readonly otherwise: Ir | undefined;
}
export interface IrAggregate extends IrBase {
  readonly kind: 'aggregate';
  readonly fn: string;
  readonly spec: AggregateSpec;
  /** Value arguments (the predicate of COUNTIF/SUMIF/AVGIF is in `conditions`). */
  readonly args: readonly Ir[];
  /** The constant parameter of a parametric aggregate (PERCENTILE's p, MEDIAN's 0.5). */
  readonly level: number | undefined;
  readonly star: boolean;
  readonly distinct: boolean;
  /** Conjuncts of FILTER (WHERE …) and of an -IF shorthand's predicate. */
  readonly conditions: readonly Ir[];
  /** Per conjunct: the events it tests for when it is nothing but an event test (else undefined). */
  readonly conditionEvents: readonly (EventSet | undefined)[];
  /** Events this aggregate is pinned to by its own conditions and the query filter. */
  readonly scope: EventSet | undefined;
  /**
   * PER (docs/language.md §6). On an aggregate written `… PER key`: the key, read per row. On the
   * aggregate around such aggregates: the key too — it runs over one value per key.
   */
  readonly per?: Ir;
  readonly perOuter?: Ir;
}

/**
 * A time function over `operand` (a formula without time functions): its value over the rows of
 * other buckets of the same group — the buckets `first` … `last` back from this one (`first`
 * undefined: every bucket from the range's start).
 */
export interface IrTime extends IrBase {
  readonly kind: 'time';
  readonly fn: string;
  readonly spec: TimeSpec;
  readonly operand: Ir;
  readonly first: number | undefined;
  readonly last: number;
  /** TOTAL: over every group's rows of this bucket (first and last are 0). */
  readonly total: boolean;
}

export type Ir =
  | IrLiteral
  | IrField
  | IrProperty
  | IrNegate
  | IrNot
  | IrArith
  | IrLogic
  | IrCompare
  | IrIn
  | IrBetween
  | IrLike
  | IrIsNull
  | IrScalar
  | IrCase
  | IrAggregate
  | IrTime;

export type IrKind = Ir['kind'];
export type IrOf<K extends IrKind> = Extract<Ir, { kind: K }>;

/** A column of the result besides `bucket` and `value`. */
export interface CheckedGroup {
  readonly name: string;
  readonly expr: Ir;
}

/** A value column: a checked formula and the column it fills (`value`, or a key of `formulas`). */
export interface CheckedValue {
  readonly name: string;
  readonly ir: Ir;
}

/** The checked query: everything emission needs, nothing of the source text. */
export interface CheckedQuery {
  /** The value columns, in order (one for `formula`, one per entry of `formulas`). */
  readonly values: readonly CheckedValue[];
  readonly filter: Ir | undefined;
  /** Events the query filter pins every row to. */
  readonly filterScope: EventSet | undefined;
  readonly groups: readonly CheckedGroup[];
  /** Buckets before the range's first that time functions read (0: none). */
  readonly reach: number;
  /** Whether the formula has time functions (it is computed over bucket rows). */
  readonly timeFunctions: boolean;
  /** Whether the formula has TOTAL (with groups, it is computed over group rows). */
  readonly total: boolean;
  /** The named metrics the formulas reach (references, and theirs), sorted. */
  readonly metrics: readonly string[];
}
