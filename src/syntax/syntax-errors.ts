/**
 * Chevrotain's recognition exceptions → plain-word diagnostics. The parser's message provider
 * records only what was expected (`expected:RParen`, `no-viable-alt`, …); here the offending
 * token, its neighbours and the open parentheses before it turn that into a sentence a
 * non-expert understands, such as "missing `)` to close `SUM(` opened at 1:4".
 */
import { tokenMatcher, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import * as T from './tokens.js';
import { tokenSpan } from './lexer.js';
import { diagnostic, DiagnosticSink, lineColumn, type Diagnostic, type DiagnosticCode, type SourceName, type Span } from '../diagnostics/index.js';

const EXPECTED_LABEL: Record<string, string> = {
  RParen: '`)`',
  LParen: '`(`',
  THEN: '`THEN`',
  END: '`END`',
  AND: '`AND`',
  WHERE: '`WHERE`',
  NULL: '`NULL`',
  IN: '`IN`',
  Comma: '`,`',
};

function isEof(token: IToken): boolean {
  return token.tokenType.name === 'EOF' || Number.isNaN(token.startOffset);
}

function errorSpan(token: IToken, text: string): Span {
  if (isEof(token)) return { start: text.length, end: text.length };
  return tokenSpan(token);
}

function clip(s: string, n = 24): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** "the end of the formula", "the number 12", "the string 'x'", "`amount`", "`)`". */
export function describeToken(token: IToken, source: SourceName): string {
  if (isEof(token)) return `the end of the ${source}`;
  if (tokenMatcher(token, T.NumberLit)) return `the number ${clip(token.image)}`;
  if (tokenMatcher(token, T.StringLit)) return `the string ${clip(token.image)}`;
  return `\`${clip(token.image)}\``;
}

const COMPARISON_STARTERS: TokenType[] = [T.CompareOp, T.Keyword.IN, T.Keyword.BETWEEN, T.Keyword.LIKE, T.Keyword.ILIKE, T.Keyword.IS];
const OPERAND_STARTERS: TokenType[] = [T.Identifier, T.NumberLit, T.StringLit, T.QuotedName, T.LParen, T.Keyword.CASE, T.Keyword.TRUE, T.Keyword.FALSE, T.Keyword.NULL];

function matchesAny(token: IToken, types: TokenType[]): boolean {
  return !isEof(token) && types.some((t) => tokenMatcher(token, t));
}

/** The innermost `(` still open just before `offset`, with the name called if it opens a call. */
function unclosedParen(tokens: readonly IToken[], offset: number): { open: IToken; callee?: IToken } | undefined {
  const stack: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.startOffset >= offset) break;
    if (t.tokenType === T.LParen) stack.push(i);
    else if (t.tokenType === T.RParen) stack.pop();
  }
  const index = stack.pop();
  if (index === undefined) return undefined;
  const before = tokens[index - 1];
  const callee = before && (before.tokenType === T.Identifier || before.tokenType === T.Keyword.FILTER || before.tokenType === T.Keyword.IN) ? before : undefined;
  return { open: tokens[index]!, ...(callee ? { callee } : {}) };
}

interface Described {
  readonly code: DiagnosticCode;
  readonly message: string;
}

const CHAINED: Described = { code: 'chained-comparison', message: '' };

function chained(found: string): Described {
  return { ...CHAINED, message: `comparisons cannot be chained: join them with AND, as in \`a < b AND b < c\` (found ${found} after a comparison)` };
}

/** `XOR` reads as a name; say what to write instead. */
function isXor(token: IToken): boolean {
  return token.tokenType === T.Identifier && token.image.toUpperCase() === 'XOR';
}

const XOR: Described = { code: 'missing-operator', message: '`XOR` is not an operator; write `(a OR b) AND NOT (a AND b)`' };

function describeMismatch(expected: string, token: IToken, tokens: readonly IToken[], text: string, source: SourceName): Described {
  const found = describeToken(token, source);
  // A comparison operator where a closer is expected follows a complete comparison: the
  // grammar's comparison takes one operator, so this is a chain (`1 < amount < 5`), wherever it
  // sits — call arguments, FILTER, IF, parentheses.
  if (matchesAny(token, COMPARISON_STARTERS)) return chained(found);
  if (isXor(token)) return XOR;
  const index = tokens.indexOf(token);
  if (expected === 'RParen' && token.tokenType === T.Comma && index > 0 && tokens[index - 1]!.tokenType === T.LParen) {
    return { code: 'unexpected-token', message: 'expected an argument before this `,`' };
  }
  if (expected === 'RParen') {
    const offset = isEof(token) ? text.length : token.startOffset;
    const open = unclosedParen(tokens, offset);
    if (open) {
      const { line, column } = lineColumn(text, open.open.startOffset);
      const callee = open.callee ? (open.callee.tokenType === T.Identifier ? `${clip(open.callee.image)}(` : `${open.callee.image.toUpperCase()} (`) : '(';
      const what = `\`${callee}\``;
      return { code: 'missing-close-paren', message: `missing \`)\` to close ${what} opened at ${line}:${column}; found ${found}` };
    }
  }
  const label = EXPECTED_LABEL[expected] ?? `\`${expected}\``;
  if (isEof(token)) return { code: 'unexpected-end', message: `the ${source} ends too early: expected ${label}` };
  if (expected === 'RParen' && matchesAny(token, OPERAND_STARTERS)) {
    return { code: 'missing-operator', message: `expected \`,\` or \`)\` but found ${found}; is an operator or a comma missing?` };
  }
  return { code: 'unexpected-token', message: `expected ${label} but found ${found}` };
}

function describeExtra(token: IToken, source: SourceName): Described {
  const found = describeToken(token, source);
  if (token.tokenType === T.RParen) return { code: 'unmatched-close-paren', message: 'this `)` has no matching `(`' };
  if (matchesAny(token, COMPARISON_STARTERS)) return chained(found);
  if (isXor(token)) return XOR;
  if (matchesAny(token, OPERAND_STARTERS)) {
    return { code: 'missing-operator', message: `missing an operator (such as \`+\` or AND) before ${found}` };
  }
  return { code: 'unexpected-token', message: `unexpected ${found} after the end of the expression` };
}

/** "At least one" failed: which list was empty depends on the rule it happened in. */
function describeEarlyExit(ex: IRecognitionException, token: IToken, source: SourceName): Described {
  const rule = ex.context.ruleStack[ex.context.ruleStack.length - 1];
  const found = describeToken(token, source);
  const what =
    rule === 'caseExpr'
      ? 'CASE needs at least one `WHEN … THEN …`'
      : rule === 'inSuffix'
        ? 'an IN list needs at least one value, as in `x IN (1, 2)`'
        : rule === 'callArgs'
          ? 'DISTINCT needs a value, as in `COUNT(DISTINCT user_id)`'
          : 'a value is missing';
  if (isEof(token)) return { code: 'unexpected-end', message: `the ${source} ends too early: ${what}` };
  return { code: 'unexpected-token', message: `${what}, but found ${found}` };
}

function describe(ex: IRecognitionException, tokens: readonly IToken[], text: string, source: SourceName): Described {
  const token = ex.token;
  const found = describeToken(token, source);
  const kind = ex.message;
  if (kind.startsWith('expected:')) return describeMismatch(kind.slice('expected:'.length), token, tokens, text, source);
  if (kind === 'not-all-input') return describeExtra(token, source);
  if (kind === 'early-exit') return describeEarlyExit(ex, token, source);
  if (isEof(token)) return { code: 'unexpected-end', message: `the ${source} ends where a value was expected` };
  if (token.tokenType === T.RParen) return { code: 'unexpected-token', message: 'expected a value before this `)`' };
  return { code: 'unexpected-token', message: `expected a value (a number, a string, a name or a function call) but found ${found}` };
}

/** Start offsets of the `)` tokens that close a `(` before them (plain counting over the tokens). */
function closersWithOpeners(tokens: readonly IToken[]): Set<number> {
  const out = new Set<number>();
  let depth = 0;
  for (const t of tokens) {
    if (t.tokenType === T.LParen) depth++;
    else if (t.tokenType === T.RParen && depth > 0) {
      depth--;
      out.add(t.startOffset);
    }
  }
  return out;
}

export function syntaxDiagnostics(
  errors: readonly IRecognitionException[],
  tokens: readonly IToken[],
  text: string,
  source: SourceName,
): Diagnostic[] {
  const seen = new Set<number>();
  const sink = new DiagnosticSink();
  const balanced = closersWithOpeners(tokens);
  // Recovery reports errors in text order; only those that will be shown are described (a
  // description looks back over the tokens, so describing every one would be quadratic).
  for (const ex of errors) {
    const span = errorSpan(ex.token, text);
    if (seen.has(span.start)) continue;
    seen.add(span.start);
    // Recovery after an earlier error can leave a `)` that does close a `(` of the text looking
    // unmatched to the parser: that is an echo of the first error, not a second mistake.
    if (ex.message === 'not-all-input' && ex.token.tokenType === T.RParen && balanced.has(ex.token.startOffset) && sink.size > 0) continue;
    sink.report('error', () => {
      const { code, message } = describe(ex, tokens, text, source);
      return diagnostic(code, source, text, span, message);
    });
  }
  return [...sink.list()].sort((a, b) => a.start - b.start);
}
