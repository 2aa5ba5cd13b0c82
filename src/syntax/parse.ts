/**
 * One source text → one tree, or diagnostics. Bounds first (length, nesting), then lexing,
 * parsing with recovery (several syntax errors at once), the CST→AST visit, and finally the
 * tree-depth bound, measured without recursion, so that nothing after this phase can be driven
 * into a stack overflow.
 */
import { parser, ParseTooDeep, TooManySyntaxErrors, type FormulaParser, type CstNode } from './parser.js';
import type { IToken } from 'chevrotain';
import { lex, tokenSpan, tooDeepToken } from './lexer.js';
import { syntaxDiagnostics } from './syntax-errors.js';
import { visitExpression } from './cst-to-ast.js';
import type { FormulaCstNode } from './cst.js';
import type { Expr } from '../ast/nodes.js';
import { children } from '../ast/children.js';
import { diagnostic, DiagnosticSink, omittedSummary, type Diagnostic, type SourceName } from '../diagnostics/index.js';
import { DEFAULT_LIMITS, type Limits } from '../limits.js';

export interface ParseResult {
  readonly expr: Expr | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** The deepest node if the tree is deeper than `max`, found with an explicit stack. */
function tooDeepNode(root: Expr, max: number): Expr | undefined {
  const stack: Array<[Expr, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [e, depth] = stack.pop()!;
    if (depth > max) return e;
    for (const c of children(e)) stack.push([c, depth + 1]);
  }
  return undefined;
}

/**
 * The recovering re-parse, which reports every syntax error in one pass. Recovery can skip the
 * closers the nesting pre-check counted, so its depth is bounded by the parser itself; past the
 * bound the strict parser's first error stands alone.
 */
/**
 * Chevrotain's re-sync scans ahead through the remaining tokens at every rule level it unwinds, so
 * recovery costs tokens × depth. Past this many tokens the strict parser's first error is
 * reported alone (it is exact; the errors after it are often its echo anyway).
 */
const RECOVERY_MAX_TOKENS = 20_000;

function recoveringParse(tokens: IToken[], maxNesting: number): { parser: FormulaParser; cst: CstNode; truncated?: boolean } | undefined {
  const p = parser({ recover: true }).bound(maxNesting);
  p.input = tokens;
  try {
    return { parser: p, cst: p.formula() };
  } catch (e) {
    if (e instanceof ParseTooDeep) return undefined;
    // The errors recorded so far are the ones shown; the CST is not used (there are errors).
    if (e instanceof TooManySyntaxErrors) return { parser: p, cst: undefined as unknown as CstNode, truncated: true };
    throw e;
  }
}

export function parseSource(text: string, source: SourceName, limits: Limits = DEFAULT_LIMITS): ParseResult {
  try {
    return parseBounded(text, source, limits);
  } catch (e) {
    // The bounds above keep recursion far from the stack's end on any engine we know of; a caller
    // already deep in its own stack (or a small browser stack) may still hit it. That is the
    // input's nesting, not a bug: say so instead of crashing.
    if (!(e instanceof RangeError)) throw e;
    const message = `the ${source} nests too deeply to read here; simplify it`;
    return { expr: undefined, diagnostics: [diagnostic('nesting-too-deep', source, text, { start: 0, end: text.length }, message)] };
  }
}

function parseBounded(text: string, source: SourceName, limits: Limits): ParseResult {
  if (text.length > limits.maxLength) {
    const span = { start: limits.maxLength, end: text.length };
    const message = `the ${source} is ${text.length} characters long; the limit is ${limits.maxLength}`;
    return { expr: undefined, diagnostics: [diagnostic('input-too-long', source, text, span, message)] };
  }
  const lexed = lex(text, source);
  if (lexed.tokens.length === 0 && lexed.diagnostics.length === 0) {
    const span = { start: 0, end: text.length };
    return { expr: undefined, diagnostics: [diagnostic('empty-formula', source, text, span, `the ${source} is empty`)] };
  }
  const deep = tooDeepToken(lexed.tokens, limits.maxNesting);
  if (deep) {
    const span = tokenSpan(deep);
    const message = `parentheses and CASE nest more than ${limits.maxNesting} levels deep here; simplify the ${source}`;
    return { expr: undefined, diagnostics: [...lexed.diagnostics, diagnostic('nesting-too-deep', source, text, span, message)] };
  }
  let p = parser().bound(limits.maxNesting);
  p.input = lexed.tokens;
  let cst = p.formula();
  let truncated = false;
  if (p.errors.length > 0 && lexed.tokens.length <= RECOVERY_MAX_TOKENS) {
    const strictErrors = p.errors;
    const recovered = recoveringParse(lexed.tokens, limits.maxNesting);
    if (recovered) ({ parser: p, cst, truncated = false } = recovered);
    else p.errors = strictErrors;
  }
  // An unterminated string or name runs to the end of the text: errors after it are its echo.
  const runaway = lexed.diagnostics.find((d) => d.code === 'unterminated-string' || d.code === 'unterminated-quoted-name');
  const parseErrors = syntaxDiagnostics(p.errors, lexed.tokens, text, source).filter((d) => !runaway || d.start < runaway.start);
  const sink = new DiagnosticSink();
  sink.pushAll(lexed.diagnostics);
  sink.pushAll(parseErrors);
  if (truncated) sink.push(omittedSummary(undefined, true, parseErrors[parseErrors.length - 1]));
  if (sink.hasErrors()) return { expr: undefined, diagnostics: sink.list() };
  // The one cast: chevrotain types the root as a plain CstNode; its shape is the generated one.
  const root = (cst as FormulaCstNode).children.expression[0]!;
  const expr = visitExpression(root, { text, source, diagnostics: sink });
  if (sink.hasErrors()) return { expr: undefined, diagnostics: sink.list() };
  const tooDeep = tooDeepNode(expr, limits.maxDepth);
  if (tooDeep) {
    const message = `the ${source} nests more than ${limits.maxDepth} operations deep; split it into simpler parts`;
    sink.push(diagnostic('nesting-too-deep', source, text, tooDeep.span, message));
    return { expr: undefined, diagnostics: sink.list() };
  }
  return { expr, diagnostics: sink.list() };
}
