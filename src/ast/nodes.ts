/** Node types of the formula language. Every node is readonly, `kind`-tagged and has a span. */
import type { Span } from '../diagnostics/index.js';

export type { Span };

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type ArithOp = '+' | '-' | '*' | '/' | '%';
export type LogicOp = 'and' | 'or';
export type UnaryOp = '-' | '+' | 'not';

interface NodeBase {
  readonly span: Span;
}

export interface NumberLit extends NodeBase {
  readonly kind: 'number';
  readonly value: number;
}
export interface StringLit extends NodeBase {
  readonly kind: 'string';
  readonly value: string;
}
export interface BooleanLit extends NodeBase {
  readonly kind: 'boolean';
  readonly value: boolean;
}
export interface NullLit extends NodeBase {
  readonly kind: 'null';
}
/** A name: built-in field or tenant property. `quoted` records backticks (spelling only). */
export interface Name extends NodeBase {
  readonly kind: 'name';
  readonly name: string;
  readonly quoted: boolean;
}
export interface Unary extends NodeBase {
  readonly kind: 'unary';
  readonly op: UnaryOp;
  readonly operand: Expr;
}
export interface Binary extends NodeBase {
  readonly kind: 'binary';
  readonly op: ArithOp | LogicOp;
  readonly left: Expr;
  readonly right: Expr;
}
export interface Compare extends NodeBase {
  readonly kind: 'compare';
  readonly op: CompareOp;
  readonly left: Expr;
  readonly right: Expr;
}
export interface In extends NodeBase {
  readonly kind: 'in';
  readonly negated: boolean;
  readonly operand: Expr;
  readonly list: readonly Expr[];
}
export interface Between extends NodeBase {
  readonly kind: 'between';
  readonly negated: boolean;
  readonly operand: Expr;
  readonly low: Expr;
  readonly high: Expr;
}
export interface Like extends NodeBase {
  readonly kind: 'like';
  readonly negated: boolean;
  readonly caseInsensitive: boolean;
  readonly operand: Expr;
  readonly pattern: Expr;
}
export interface IsNull extends NodeBase {
  readonly kind: 'isNull';
  readonly negated: boolean;
  readonly operand: Expr;
}
/** A function call. `star` is `COUNT(*)`; `filter` is the `FILTER (WHERE …)` suffix. */
export interface Call extends NodeBase {
  readonly kind: 'call';
  readonly name: string;
  readonly nameSpan: Span;
  readonly distinct: boolean;
  readonly star: boolean;
  readonly args: readonly Expr[];
  readonly filter: Expr | undefined;
  /** `… PER key` (docs/language.md §6): the aggregate computed once per distinct key. */
  readonly per?: Name;
}
export interface CaseBranch {
  readonly when: Expr;
  readonly then: Expr;
}
export interface Case extends NodeBase {
  readonly kind: 'case';
  readonly branches: readonly CaseBranch[];
  readonly otherwise: Expr | undefined;
}

export type Expr =
  | NumberLit
  | StringLit
  | BooleanLit
  | NullLit
  | Name
  | Unary
  | Binary
  | Compare
  | In
  | Between
  | Like
  | IsNull
  | Call
  | Case;

export type ExprKind = Expr['kind'];
export type ExprOf<K extends ExprKind> = Extract<Expr, { kind: K }>;
