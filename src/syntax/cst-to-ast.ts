/**
 * CST → AST: the meaning of the grammar. One `visitX` per parser rule, each small; operator
 * levels fold their operand lists left-associatively in loops, and prefix operators wrap in
 * loops, so building the tree never recurses deeper than the source's parentheses. Literal
 * problems (bad escapes, unterminated strings, out-of-range numbers) are reported here, because
 * only here is the token's meaning known. Children are read through the CST types generated from
 * the grammar (`cst.ts`), so a renamed label is a type error, not a runtime surprise.
 */
import type { IToken } from 'chevrotain';
import type * as C from './cst.js';
import type * as A from '../ast/nodes.js';
import * as T from './tokens.js';
import { decodeQuotedName, decodeString } from './literals.js';
import { tokenSpan } from './lexer.js';
import { diagnostic, type DiagnosticSink, type SourceName, type Span } from '../diagnostics/index.js';

export interface VisitContext {
  readonly text: string;
  readonly source: SourceName;
  readonly diagnostics: DiagnosticSink;
}

function join(a: Span, b: Span): Span {
  return { start: a.start, end: b.end };
}
function required<X>(x: X | undefined): X {
  if (x === undefined) throw new Error('internal: incomplete syntax tree reached the AST builder');
  return x;
}

function fold(operands: A.Expr[], ops: string[], make: (op: string, l: A.Expr, r: A.Expr) => A.Expr): A.Expr {
  let acc = required(operands[0]);
  for (let i = 1; i < operands.length; i++) acc = make(ops[i - 1]!, acc, operands[i]!);
  return acc;
}

function binary(op: A.Binary['op'], left: A.Expr, right: A.Expr): A.Expr {
  return { kind: 'binary', op, left, right, span: join(left.span, right.span) };
}

export function visitExpression(n: C.ExpressionCstNode, ctx: VisitContext): A.Expr {
  const operands = (n.children.operands ?? []).map((o) => visitAnd(o, ctx));
  return fold(operands, operands.map(() => 'or'), (_, l, r) => binary('or', l, r));
}

function visitAnd(n: C.AndExprCstNode, ctx: VisitContext): A.Expr {
  const operands = (n.children.operands ?? []).map((o) => visitNot(o, ctx));
  return fold(operands, operands.map(() => 'and'), (_, l, r) => binary('and', l, r));
}

function visitNot(n: C.NotExprCstNode, ctx: VisitContext): A.Expr {
  let expr = visitComparison(required(n.children.comparison?.[0]), ctx);
  const nots = (n.children.nots ?? []);
  for (let i = nots.length - 1; i >= 0; i--) {
    expr = { kind: 'unary', op: 'not', operand: expr, span: join(tokenSpan(nots[i]!), expr.span) };
  }
  return expr;
}

const COMPARE_OPS: Record<string, A.CompareOp> = { '=': '=', '==': '=', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

function visitComparison(n: C.ComparisonCstNode, ctx: VisitContext): A.Expr {
  const c = n.children;
  const left = visitAdditive(required(c.left?.[0]), ctx);
  const op = c.CompareOp?.[0];
  if (op) {
    const right = visitAdditive(required(c.right?.[0]), ctx);
    return { kind: 'compare', op: required(COMPARE_OPS[op.image]), left, right, span: join(left.span, right.span) };
  }
  const is = c.isSuffix?.[0];
  if (is) {
    const span = join(left.span, tokenSpan(required(is.children.NULL?.[0])));
    return { kind: 'isNull', negated: is.children.NOT?.[0] !== undefined, operand: left, span };
  }
  const inn = c.inSuffix?.[0];
  if (inn) {
    const list = (inn.children.items ?? []).map((i) => visitExpression(i, ctx));
    const span = join(left.span, tokenSpan(required(inn.children.RParen?.[0])));
    return { kind: 'in', negated: inn.children.NOT?.[0] !== undefined, operand: left, list, span };
  }
  const between = c.betweenSuffix?.[0];
  if (between) {
    const low = visitAdditive(required(between.children.low?.[0]), ctx);
    const high = visitAdditive(required(between.children.high?.[0]), ctx);
    return { kind: 'between', negated: between.children.NOT?.[0] !== undefined, operand: left, low, high, span: join(left.span, high.span) };
  }
  const like = c.likeSuffix?.[0];
  if (like) {
    const pattern = visitAdditive(required(like.children.pattern?.[0]), ctx);
    const caseInsensitive = like.children.ILIKE?.[0] !== undefined;
    return { kind: 'like', negated: like.children.NOT?.[0] !== undefined, caseInsensitive, operand: left, pattern, span: join(left.span, pattern.span) };
  }
  return left;
}

function visitAdditive(n: C.AdditiveCstNode, ctx: VisitContext): A.Expr {
  const operands = (n.children.operands ?? []).map((o) => visitMultiplicative(o, ctx));
  const ops = (n.children.ops ?? []).map((t) => t.image);
  return fold(operands, ops, (op, l, r) => binary(op as A.ArithOp, l, r));
}

function visitMultiplicative(n: C.MultiplicativeCstNode, ctx: VisitContext): A.Expr {
  const operands = (n.children.operands ?? []).map((o) => visitUnary(o, ctx));
  const ops = (n.children.ops ?? []).map((t) => t.image);
  return fold(operands, ops, (op, l, r) => binary(op as A.ArithOp, l, r));
}

function visitUnary(n: C.UnaryCstNode, ctx: VisitContext): A.Expr {
  let expr = visitPrimary(required(n.children.primary?.[0]), ctx);
  const signs = (n.children.signs ?? []);
  for (let i = signs.length - 1; i >= 0; i--) {
    const sign = signs[i]!;
    expr = { kind: 'unary', op: sign.image as '-' | '+', operand: expr, span: join(tokenSpan(sign), expr.span) };
  }
  return expr;
}

function visitPrimary(n: C.PrimaryCstNode, ctx: VisitContext): A.Expr {
  const c = n.children;
  const num = c.NumberLit?.[0];
  if (num) return visitNumber(num, ctx);
  const str = c.StringLit?.[0];
  if (str) return visitString(str, ctx);
  const t = c.TRUE?.[0] ?? c.FALSE?.[0];
  if (t) return { kind: 'boolean', value: t.tokenType === T.Keyword.TRUE, span: tokenSpan(t) };
  const nul = c.NULL?.[0];
  if (nul) return { kind: 'null', span: tokenSpan(nul) };
  const quoted = c.QuotedName?.[0];
  if (quoted) return visitQuotedName(quoted, ctx);
  const kase = c.caseExpr?.[0];
  if (kase) return visitCase(kase, ctx);
  const call = c.callOrName?.[0];
  if (call) return visitCallOrName(call, ctx);
  const paren = required(c.parenExpr?.[0]);
  return visitExpression(required(paren.children.expression?.[0]), ctx);
}

function visitNumber(t: IToken, ctx: VisitContext): A.Expr {
  const value = Number(t.image);
  const span = tokenSpan(t);
  if (!Number.isFinite(value)) {
    ctx.diagnostics.report('error', () => diagnostic('invalid-number', ctx.source, ctx.text, span, `the number ${t.image.slice(0, 24)} is too large`));
  }
  return { kind: 'number', value: Number.isFinite(value) ? value : 0, span };
}

function visitString(t: IToken, ctx: VisitContext): A.Expr {
  const span = tokenSpan(t);
  if (t.tokenType === T.UnterminatedString) return { kind: 'string', value: t.image.slice(1), span }; // reported by the lexer
  const decoded = decodeString(t.image, t.startOffset);
  const problem = decoded.problem;
  if (problem) ctx.diagnostics.report('error', () => diagnostic('unknown-escape', ctx.source, ctx.text, problem.span, problem.message));
  return { kind: 'string', value: decoded.value, span };
}

function visitQuotedName(t: IToken, ctx: VisitContext): A.Expr {
  const span = tokenSpan(t);
  if (t.tokenType === T.UnterminatedName) return { kind: 'name', name: t.image.slice(1), quoted: true, span }; // reported by the lexer
  const name = decodeQuotedName(t.image);
  if (name === '') ctx.diagnostics.report('error', () => diagnostic('empty-quoted-name', ctx.source, ctx.text, span, 'a quoted name cannot be empty'));
  return { kind: 'name', name, quoted: true, span };
}

function visitCallOrName(n: C.CallOrNameCstNode, ctx: VisitContext): A.Expr {
  const c = n.children;
  const id = required(c.Identifier?.[0]);
  const nameSpan = tokenSpan(id);
  if (!c.LParen?.[0]) return { kind: 'name', name: id.image, quoted: false, span: nameSpan };
  const argsNode = c.callArgs?.[0];
  const star = argsNode ? argsNode.children.Star?.[0] !== undefined : false;
  const distinct = argsNode ? argsNode.children.DISTINCT?.[0] !== undefined : false;
  const args = argsNode ? (argsNode.children.args ?? []).map((a) => visitExpression(a, ctx)) : [];
  const filterNode = c.filterClause?.[0];
  const filter = filterNode ? visitExpression(required(filterNode.children.expression?.[0]), ctx) : undefined;
  const close = required(filterNode ? filterNode.children.RParen?.[0] : c.RParen?.[0]);
  const perNode = c.perClause?.[0];
  if (!perNode) return { kind: 'call', name: id.image, nameSpan, distinct, star, args, filter, span: join(nameSpan, tokenSpan(close)) };
  const keyToken = perNode.children.Identifier?.[0];
  const key = keyToken ? ({ kind: 'name', name: keyToken.image, quoted: false, span: tokenSpan(keyToken) } as const) : visitQuotedName(required(perNode.children.QuotedName?.[0]), ctx);
  if (key.kind !== 'name') throw new Error('internal: a PER key that is not a name');
  return { kind: 'call', name: id.image, nameSpan, distinct, star, args, filter, per: key, span: join(nameSpan, key.span) };
}

function visitCase(n: C.CaseExprCstNode, ctx: VisitContext): A.Expr {
  const c = n.children;
  const whens = (c.whens ?? []).map((w) => visitExpression(w, ctx));
  const thens = (c.thens ?? []).map((t) => visitExpression(t, ctx));
  const branches = whens.map((when, i) => ({ when, then: required(thens[i]) }));
  const otherwiseNode = c.otherwise?.[0];
  const otherwise = otherwiseNode ? visitExpression(otherwiseNode, ctx) : undefined;
  const span = join(tokenSpan(required(c.CASE?.[0])), tokenSpan(required(c.END?.[0])));
  return { kind: 'case', branches, otherwise, span };
}
