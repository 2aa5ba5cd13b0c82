/**
 * CST → AST: the meaning of the grammar. One `visitX` per parser rule, each small; operator
 * levels fold their operand lists left-associatively in loops, and prefix operators wrap in
 * loops, so building the tree never recurses deeper than the source's parentheses. Literal
 * problems (bad escapes, unterminated strings, out-of-range numbers) are reported here, because
 * only here is the token's meaning known.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
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

type Children = Record<string, CstElement[] | undefined>;

function nodes(c: Children, key: string): CstNode[] {
  return (c[key] ?? []) as CstNode[];
}
function node(c: Children, key: string): CstNode | undefined {
  return c[key]?.[0] as CstNode | undefined;
}
function tokens(c: Children, key: string): IToken[] {
  return (c[key] ?? []) as IToken[];
}
function token(c: Children, key: string): IToken | undefined {
  return c[key]?.[0] as IToken | undefined;
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

export function visitExpression(n: CstNode, ctx: VisitContext): A.Expr {
  const operands = nodes(n.children, 'operands').map((o) => visitAnd(o, ctx));
  return fold(operands, operands.map(() => 'or'), (_, l, r) => binary('or', l, r));
}

function visitAnd(n: CstNode, ctx: VisitContext): A.Expr {
  const operands = nodes(n.children, 'operands').map((o) => visitNot(o, ctx));
  return fold(operands, operands.map(() => 'and'), (_, l, r) => binary('and', l, r));
}

function visitNot(n: CstNode, ctx: VisitContext): A.Expr {
  let expr = visitComparison(required(node(n.children, 'comparison')), ctx);
  const nots = tokens(n.children, 'nots');
  for (let i = nots.length - 1; i >= 0; i--) {
    expr = { kind: 'unary', op: 'not', operand: expr, span: join(tokenSpan(nots[i]!), expr.span) };
  }
  return expr;
}

const COMPARE_OPS: Record<string, A.CompareOp> = { '=': '=', '==': '=', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

function visitComparison(n: CstNode, ctx: VisitContext): A.Expr {
  const c = n.children;
  const left = visitAdditive(required(node(c, 'left')), ctx);
  const op = token(c, 'CompareOp');
  if (op) {
    const right = visitAdditive(required(node(c, 'right')), ctx);
    return { kind: 'compare', op: required(COMPARE_OPS[op.image]), left, right, span: join(left.span, right.span) };
  }
  const is = node(c, 'isSuffix');
  if (is) {
    const span = join(left.span, tokenSpan(required(token(is.children, 'NULL'))));
    return { kind: 'isNull', negated: token(is.children, 'NOT') !== undefined, operand: left, span };
  }
  const inn = node(c, 'inSuffix');
  if (inn) {
    const list = nodes(inn.children, 'items').map((i) => visitExpression(i, ctx));
    const span = join(left.span, tokenSpan(required(token(inn.children, 'RParen'))));
    return { kind: 'in', negated: token(inn.children, 'NOT') !== undefined, operand: left, list, span };
  }
  const between = node(c, 'betweenSuffix');
  if (between) {
    const low = visitAdditive(required(node(between.children, 'low')), ctx);
    const high = visitAdditive(required(node(between.children, 'high')), ctx);
    return { kind: 'between', negated: token(between.children, 'NOT') !== undefined, operand: left, low, high, span: join(left.span, high.span) };
  }
  const like = node(c, 'likeSuffix');
  if (like) {
    const pattern = visitAdditive(required(node(like.children, 'pattern')), ctx);
    const caseInsensitive = token(like.children, 'ILIKE') !== undefined;
    return { kind: 'like', negated: token(like.children, 'NOT') !== undefined, caseInsensitive, operand: left, pattern, span: join(left.span, pattern.span) };
  }
  return left;
}

function visitAdditive(n: CstNode, ctx: VisitContext): A.Expr {
  const operands = nodes(n.children, 'operands').map((o) => visitMultiplicative(o, ctx));
  const ops = tokens(n.children, 'ops').map((t) => t.image);
  return fold(operands, ops, (op, l, r) => binary(op as A.ArithOp, l, r));
}

function visitMultiplicative(n: CstNode, ctx: VisitContext): A.Expr {
  const operands = nodes(n.children, 'operands').map((o) => visitUnary(o, ctx));
  const ops = tokens(n.children, 'ops').map((t) => t.image);
  return fold(operands, ops, (op, l, r) => binary(op as A.ArithOp, l, r));
}

function visitUnary(n: CstNode, ctx: VisitContext): A.Expr {
  let expr = visitPrimary(required(node(n.children, 'primary')), ctx);
  const signs = tokens(n.children, 'signs');
  for (let i = signs.length - 1; i >= 0; i--) {
    const sign = signs[i]!;
    expr = { kind: 'unary', op: sign.image as '-' | '+', operand: expr, span: join(tokenSpan(sign), expr.span) };
  }
  return expr;
}

function visitPrimary(n: CstNode, ctx: VisitContext): A.Expr {
  const c = n.children;
  const num = token(c, 'NumberLit');
  if (num) return visitNumber(num, ctx);
  const str = token(c, 'StringLit');
  if (str) return visitString(str, ctx);
  const t = token(c, 'TRUE') ?? token(c, 'FALSE');
  if (t) return { kind: 'boolean', value: t.tokenType === T.Keyword.TRUE, span: tokenSpan(t) };
  const nul = token(c, 'NULL');
  if (nul) return { kind: 'null', span: tokenSpan(nul) };
  const quoted = token(c, 'QuotedName');
  if (quoted) return visitQuotedName(quoted, ctx);
  const kase = node(c, 'caseExpr');
  if (kase) return visitCase(kase, ctx);
  const call = node(c, 'callOrName');
  if (call) return visitCallOrName(call, ctx);
  const paren = required(node(c, 'parenExpr'));
  return visitExpression(required(node(paren.children, 'expression')), ctx);
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

function visitCallOrName(n: CstNode, ctx: VisitContext): A.Expr {
  const c = n.children;
  const id = required(token(c, 'Identifier'));
  const nameSpan = tokenSpan(id);
  if (!token(c, 'LParen')) return { kind: 'name', name: id.image, quoted: false, span: nameSpan };
  const argsNode = node(c, 'callArgs');
  const star = argsNode ? token(argsNode.children, 'Star') !== undefined : false;
  const distinct = argsNode ? token(argsNode.children, 'DISTINCT') !== undefined : false;
  const args = argsNode ? nodes(argsNode.children, 'args').map((a) => visitExpression(a, ctx)) : [];
  const filterNode = node(c, 'filterClause');
  const filter = filterNode ? visitExpression(required(node(filterNode.children, 'expression')), ctx) : undefined;
  const close = required(filterNode ? token(filterNode.children, 'RParen') : token(c, 'RParen'));
  return { kind: 'call', name: id.image, nameSpan, distinct, star, args, filter, span: join(nameSpan, tokenSpan(close)) };
}

function visitCase(n: CstNode, ctx: VisitContext): A.Expr {
  const c = n.children;
  const whens = nodes(c, 'whens').map((w) => visitExpression(w, ctx));
  const thens = nodes(c, 'thens').map((t) => visitExpression(t, ctx));
  const branches = whens.map((when, i) => ({ when, then: required(thens[i]) }));
  const otherwiseNode = node(c, 'otherwise');
  const otherwise = otherwiseNode ? visitExpression(otherwiseNode, ctx) : undefined;
  const span = join(tokenSpan(required(token(c, 'CASE'))), tokenSpan(required(token(c, 'END'))));
  return { kind: 'case', branches, otherwise, span };
}
