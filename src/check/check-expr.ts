/**
 * AST → checked IR for one expression: types (docs/language.md §4), comparisons, predicates and the
 * warnings about event names the tenant never sent. One handler per node kind in an exhaustive
 * table; functions are in `check-call.ts`, names in `check-name.ts`.
 */
import type * as A from '../ast/nodes.js';
import type { Ir } from '../model/ir.js';
import { checkName } from './check-name.js';
import { checkCall } from './check-call.js';
import { coerce, unifiedType } from './unify.js';
import { ORDERED, TYPE_WORDS, type Type } from '../model/types.js';
import { POISON, expectType, fits, report, snippet, type CheckContext, type Place } from './context.js';
import { suggest } from '../diagnostics/index.js';
import { parseInstant } from '../util/time.js';
import { hasEvent } from '../util/sets.js';
import { possibleTypes } from './unify.js';

type Handler<K extends A.ExprKind> = (ctx: CheckContext, e: A.ExprOf<K>, place: Place) => Ir;

const NUMBER: readonly Type[] = ['number'];
const STRING: readonly Type[] = ['string'];

/** Warn when `event` is compared with a name the tenant has no mapping document for. */
function checkEventLiteral(ctx: CheckContext, other: Ir, literal: A.Expr): void {
  if (other.kind !== 'field' || other.field !== 'event' || literal.kind !== 'string') return;
  if (hasEvent(ctx.tenant.events, literal.value)) return;
  if (ctx.diagnostics.full) return ctx.diagnostics.omit(1, false);
  const suggestions = suggest(literal.value, ctx.tenant.events);
  const hint = suggestions.length > 0 ? `; did you mean '${suggestions[0]}'?` : '';
  report(ctx, 'unknown-event', literal.span, `this tenant has no event named ${JSON.stringify(literal.value.slice(0, 60))}${hint}`, { suggestions });
}

/**
 * A string literal compared with a date-time is a date-time: `time >= '2024-01-05'` reads the text
 * in the query's timezone (or at its own offset) and binds it as a DateTime64(3, 'UTC') value.
 */
function asDatetimeLiterals(ctx: CheckContext, irs: Ir[], nodes: readonly A.Expr[]): Ir[] {
  const hasDatetime = irs.some((ir) => ir.kind !== 'literal' && ir.type !== 'error' && possibleTypes(ir).includes('datetime'));
  if (!hasDatetime) return irs;
  return irs.map((ir, i) => {
    if (ir.kind !== 'literal' || typeof ir.value !== 'string') return ir;
    const parsed = parseInstant(ir.value, ctx.timezone);
    if (parsed.ok) return { kind: 'literal', value: parsed.text, type: 'datetime', nullable: false };
    report(ctx, 'type-mismatch', nodes[i]!.span, `\`${snippet(ctx, nodes[i]!.span)}\` is compared with a date-time but is not one; write a date such as '2024-01-05' or an instant such as '2024-01-05T10:00:00Z'`);
    return POISON;
  });
}

/** Check values that must share one type; reports the first value that cannot. */
function checkAlike(ctx: CheckContext, nodes: readonly A.Expr[], place: Place, allowed: readonly Type[], what: string): { irs: Ir[]; type: Type | undefined } {
  const irs = asDatetimeLiterals(ctx, nodes.map((n) => checkExpr(ctx, n, place)), nodes);
  const type = unifiedType(irs, allowed);
  if (type === undefined) {
    const first = irs.findIndex((ir) => ir.type !== 'null' && ir.type !== 'error');
    const firstType = first >= 0 ? irs[first]!.type : undefined;
    const culprit = irs.findIndex((ir, i) => i !== first && ir.type !== 'null' && ir.type !== 'error' && ir.type !== firstType);
    const at = culprit >= 0 ? culprit : Math.max(first, 0);
    const node = nodes[at]!;
    const irType = irs[at]!.type;
    if (firstType !== undefined && culprit >= 0) {
      report(ctx, 'type-mismatch', node.span, `\`${snippet(ctx, node.span)}\` is ${TYPE_WORDS[irType]}, but ${what} needs ${TYPE_WORDS[firstType]} like \`${snippet(ctx, nodes[first]!.span)}\``);
    } else {
      expectType(ctx, irs[at]!, allowed, node.span, what);
    }
    return { irs: irs.map(() => POISON), type: undefined };
  }
  return { irs: irs.map((ir) => coerce(ir, type)), type };
}

function rejectNullLiteral(ctx: CheckContext, nodes: readonly A.Expr[], hint: string): boolean {
  const nul = nodes.find((n) => n.kind === 'null');
  if (!nul) return false;
  report(ctx, 'not-comparable', nul.span, `comparing with NULL is never true; ${hint}`);
  return true;
}

/** Check a condition: a boolean value (NULL reads as false). */
export function checkPredicate(ctx: CheckContext, e: A.Expr, place: Place): Ir {
  const ir = coerce(checkExpr(ctx, e, place), 'boolean');
  if (ir.type === 'null') return { kind: 'literal', value: false, type: 'boolean', nullable: false };
  if (fits(ir.type, ['boolean'])) return ir;
  const example = ir.type === 'number' ? ` > 0` : ir.type === 'string' ? ` = 'value'` : ` IS NOT NULL`;
  report(ctx, 'not-a-predicate', e.span, `\`${snippet(ctx, e.span)}\` is ${TYPE_WORDS[ir.type]}, not a condition; compare it, as in \`${snippet(ctx, e.span)}${example}\``);
  return POISON;
}

function flattenLogic(e: A.Binary): A.Expr[] {
  const out: A.Expr[] = [];
  const stack: A.Expr[] = [e];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === 'binary' && n.op === e.op) stack.push(n.right, n.left);
    else out.push(n);
  }
  return out;
}

const checkBinary: Handler<'binary'> = (ctx, e, place) => {
  if (e.op === 'and' || e.op === 'or') {
    const operands = flattenLogic(e).map((o) => checkPredicate(ctx, o, place));
    return { kind: 'logic', op: e.op, operands, type: 'boolean', nullable: false };
  }
  const left = coerce(checkExpr(ctx, e.left, place), 'number');
  const right = coerce(checkExpr(ctx, e.right, place), 'number');
  const ok = expectType(ctx, left, NUMBER, e.left.span, `\`${e.op}\``) && expectType(ctx, right, NUMBER, e.right.span, `\`${e.op}\``);
  if (!ok) return POISON;
  const nullable = e.op === '/' || e.op === '%' || left.nullable || right.nullable;
  return { kind: 'arith', op: e.op, left, right, type: 'number', nullable };
};

const checkUnary: Handler<'unary'> = (ctx, e, place) => {
  if (e.op === 'not') return { kind: 'not', operand: checkPredicate(ctx, e.operand, place), type: 'boolean', nullable: false };
  const operand = coerce(checkExpr(ctx, e.operand, place), 'number');
  if (!expectType(ctx, operand, NUMBER, e.operand.span, `unary \`${e.op}\``)) return POISON;
  if (e.op === '+') return operand;
  if (operand.kind === 'literal' && typeof operand.value === 'number') return { ...operand, value: -operand.value };
  return { kind: 'negate', operand, type: 'number', nullable: operand.nullable };
};

const checkCompare: Handler<'compare'> = (ctx, e, place) => {
  if (rejectNullLiteral(ctx, [e.left, e.right], e.op === '=' ? 'use `IS NULL`' : 'use `IS NOT NULL`')) return POISON;
  const allowed = e.op === '=' || e.op === '!=' ? (['number', 'string', 'boolean', 'datetime'] as const) : ORDERED;
  const { irs, type } = checkAlike(ctx, [e.left, e.right], place, allowed, `\`${e.op}\``);
  if (type === undefined) return POISON;
  const [left, right] = irs as [Ir, Ir];
  checkEventLiteral(ctx, left, e.right);
  checkEventLiteral(ctx, right, e.left);
  return { kind: 'compare', op: e.op, left, right, type: 'boolean', nullable: false };
};

function literalValue(e: A.Expr): string | number | boolean | undefined {
  if (e.kind === 'string' || e.kind === 'number' || e.kind === 'boolean') return e.value;
  if (e.kind === 'unary' && e.op === '-' && e.operand.kind === 'number') return -e.operand.value;
  if (e.kind === 'unary' && e.op === '+' && e.operand.kind === 'number') return e.operand.value;
  return undefined;
}

function typeOfValue(v: string | number | boolean): Type {
  return typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : 'boolean';
}

const checkIn: Handler<'in'> = (ctx, e, place) => {
  if (e.list.length > ctx.limits.maxListItems) {
    report(ctx, 'list-too-long', e.span, `this IN list has ${e.list.length} items; the limit is ${ctx.limits.maxListItems}`);
    return POISON;
  }
  if (rejectNullLiteral(ctx, e.list, 'use `IS NULL` for missing values')) return POISON;
  const values: (string | number | boolean)[] = [];
  for (const item of e.list) {
    const v = literalValue(item);
    if (v === undefined) {
      report(ctx, 'in-list-not-constant', item.span, 'IN lists hold constants (numbers, strings, TRUE/FALSE); use OR for other comparisons');
      return POISON;
    }
    values.push(v);
  }
  const operand = checkExpr(ctx, e.operand, place);
  const listType = typeOfValue(values[0]!);
  const want = coerce(operand, listType);
  if (!expectType(ctx, want, [listType], e.operand.span, `\`IN (${snippet(ctx, e.list[0]!.span)}, …)\``)) return POISON;
  const bad = e.list.findIndex((_, i) => typeOfValue(values[i]!) !== listType);
  if (bad >= 0) {
    report(ctx, 'type-mismatch', e.list[bad]!.span, `the items of an IN list must all be ${TYPE_WORDS[listType]}`);
    return POISON;
  }
  for (const item of e.list) checkEventLiteral(ctx, want, item);
  if (want.type === 'error') return POISON;
  return { kind: 'in', negated: e.negated, operand: want, itemType: listType, values, type: 'boolean', nullable: false };
};

const checkBetween: Handler<'between'> = (ctx, e, place) => {
  if (rejectNullLiteral(ctx, [e.operand, e.low, e.high], 'use `IS NULL`')) return POISON;
  const { irs, type } = checkAlike(ctx, [e.operand, e.low, e.high], place, ORDERED, 'BETWEEN');
  if (type === undefined) return POISON;
  const [operand, low, high] = irs as [Ir, Ir, Ir];
  return { kind: 'between', negated: e.negated, operand, low, high, type: 'boolean', nullable: false };
};

const checkLike: Handler<'like'> = (ctx, e, place) => {
  const operand = coerce(checkExpr(ctx, e.operand, place), 'string');
  const pattern = coerce(checkExpr(ctx, e.pattern, place), 'string');
  const what = e.caseInsensitive ? 'ILIKE' : 'LIKE';
  const ok = expectType(ctx, operand, STRING, e.operand.span, what) && expectType(ctx, pattern, STRING, e.pattern.span, `the pattern of ${what}`);
  if (!ok || pattern.type === 'null') return POISON;
  return { kind: 'like', negated: e.negated, caseInsensitive: e.caseInsensitive, operand, pattern, type: 'boolean', nullable: false };
};

const checkCase: Handler<'case'> = (ctx, e, place) => {
  if (e.branches.length > ctx.limits.maxListItems) {
    report(ctx, 'list-too-long', e.span, `this CASE has ${e.branches.length} branches; the limit is ${ctx.limits.maxListItems}`);
    return POISON;
  }
  const whens = e.branches.map((b) => checkPredicate(ctx, b.when, place));
  const resultNodes = [...e.branches.map((b) => b.then), ...(e.otherwise ? [e.otherwise] : [])];
  const { irs, type } = checkAlike(ctx, resultNodes, place, ['number', 'string', 'boolean', 'datetime'], 'every THEN and ELSE of a CASE');
  if (type === undefined && irs.length > 0 && resultNodes.some((n) => n.kind !== 'null')) return POISON;
  const branches = whens.map((when, i) => ({ when, then: irs[i]! }));
  const otherwise = e.otherwise ? irs[irs.length - 1] : undefined;
  const nullable = otherwise === undefined || irs.some((ir) => ir.nullable);
  return { kind: 'case', branches, otherwise, type: type ?? 'null', nullable };
};

const HANDLERS: { [K in A.ExprKind]: Handler<K> } = {
  number: (_, e) => ({ kind: 'literal', value: e.value, type: 'number', nullable: false }),
  string: (_, e) => ({ kind: 'literal', value: e.value, type: 'string', nullable: false }),
  boolean: (_, e) => ({ kind: 'literal', value: e.value, type: 'boolean', nullable: false }),
  null: () => ({ kind: 'literal', value: null, type: 'null', nullable: true }),
  name: checkName,
  unary: checkUnary,
  binary: checkBinary,
  compare: checkCompare,
  in: checkIn,
  between: checkBetween,
  like: checkLike,
  isNull: (ctx, e, place) => ({ kind: 'isNull', negated: e.negated, operand: checkExpr(ctx, e.operand, place), type: 'boolean', nullable: false }),
  call: (ctx, e, place) => checkCall(ctx, e, place),
  case: checkCase,
};

export function checkExpr(ctx: CheckContext, e: A.Expr, place: Place): Ir {
  return (HANDLERS[e.kind] as Handler<A.ExprKind>)(ctx, e as never, place);
}
