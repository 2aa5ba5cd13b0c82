/**
 * One source text → one tree, or diagnostics. Bounds first (length, nesting), then lexing,
 * parsing with recovery (several syntax errors at once), the CST→AST visit, and finally the
 * tree-depth bound, measured without recursion, so that nothing after this phase can be driven
 * into a stack overflow.
 */
import { parser } from './parser.js';
import { lex, tokenSpan, tooDeepToken } from './lexer.js';
import { syntaxDiagnostics } from './syntax-errors.js';
import { visitExpression } from './cst-to-ast.js';
import type { Expr } from '../ast/nodes.js';
import { children } from '../ast/children.js';
import { diagnostic, hasErrors, type Diagnostic, type SourceName } from '../diagnostics/index.js';
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

export function parseSource(text: string, source: SourceName, limits: Limits = DEFAULT_LIMITS): ParseResult {
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
  let p = parser();
  p.input = lexed.tokens;
  let cst = p.formula();
  if (p.errors.length > 0) {
    p = parser({ recover: true });
    p.input = lexed.tokens;
    cst = p.formula();
  }
  // An unterminated string or name runs to the end of the text: errors after it are its echo.
  const runaway = lexed.diagnostics.find((d) => d.code === 'unterminated-string' || d.code === 'unterminated-quoted-name');
  const parseErrors = syntaxDiagnostics(p.errors, lexed.tokens, text, source).filter((d) => !runaway || d.start < runaway.start);
  const diagnostics: Diagnostic[] = [...lexed.diagnostics, ...parseErrors];
  if (hasErrors(diagnostics)) return { expr: undefined, diagnostics };
  const ctx = { text, source, diagnostics };
  const expr = visitExpression(cst.children['expression']![0] as never, ctx);
  if (hasErrors(diagnostics)) return { expr: undefined, diagnostics };
  const tooDeep = tooDeepNode(expr, limits.maxDepth);
  if (tooDeep) {
    const message = `the ${source} nests more than ${limits.maxDepth} operations deep; split it into simpler parts`;
    diagnostics.push(diagnostic('nesting-too-deep', source, text, tooDeep.span, message));
    return { expr: undefined, diagnostics };
  }
  return { expr, diagnostics };
}
