/**
 * Tokenizing: chevrotain's lexer over `tokens.ts`, plus the bound on parser recursion. Lexer
 * errors become `unexpected-character` diagnostics (the lexer skips the character and goes on,
 * so one pass reports every stray character).
 */
import { Lexer, type IToken } from 'chevrotain';
import { ALL_TOKENS, LParen, RParen, Keyword, UnterminatedName, UnterminatedString } from './tokens.js';
import { diagnostic, DiagnosticSink, type Diagnostic, type SourceName, type Span } from '../diagnostics/index.js';

let lexer: Lexer | undefined;

function instance(): Lexer {
  lexer ??= new Lexer(ALL_TOKENS, { positionTracking: 'onlyOffset', ensureOptimizations: false });
  return lexer;
}

const CHARACTER_HINTS: Record<string, string> = {
  ';': 'a formula is one expression; `;` cannot separate statements',
  '[': 'lists are written in parentheses: `x IN (1, 2)`',
  ']': 'lists are written in parentheses: `x IN (1, 2)`',
  '#': 'comments are not part of the formula language',
  '|': 'use OR to combine conditions',
  '&': 'use AND to combine conditions',
  '!': 'use NOT to negate a condition, or `!=` to compare',
  '{': 'braces are not part of the formula language',
  '}': 'braces are not part of the formula language',
};

/** Where a token ends (UTF-16 offset just past its text). */
export function tokenEnd(t: IToken): number {
  return t.startOffset + t.image.length;
}

/** The span a token covers in its source text. */
export function tokenSpan(t: IToken): Span {
  return { start: t.startOffset, end: tokenEnd(t) };
}

export interface LexResult {
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
}

export function lex(text: string, source: SourceName): LexResult {
  const result = instance().tokenize(text);
  const sink = new DiagnosticSink();
  for (const e of result.errors) {
    sink.report('error', () => {
      const ch = text.slice(e.offset, e.offset + 1);
      const hint = CHARACTER_HINTS[ch];
      const shown = /[\x00-\x1f\x7f]/.test(ch) ? `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : ch;
      const span = { start: e.offset, end: e.offset + e.length };
      return diagnostic('unexpected-character', source, text, span, `\`${shown}\` cannot appear here${hint ? `: ${hint}` : ''}`);
    });
  }
  // An unterminated string or name runs to the end of the text, so there is at most one, last.
  const last = result.tokens[result.tokens.length - 1];
  if (last?.tokenType === UnterminatedString) {
    const quote = last.image[0] === '"' ? '`"`' : "`'`";
    sink.push(diagnostic('unterminated-string', source, text, tokenSpan(last), `this string is never closed: add the closing ${quote}`));
  } else if (last?.tokenType === UnterminatedName) {
    sink.push(diagnostic('unterminated-quoted-name', source, text, tokenSpan(last), 'this quoted name is never closed: add the closing backtick'));
  }
  return { tokens: result.tokens, diagnostics: [...sink.list()] };
}

/**
 * The first token at which parentheses plus CASEs nest deeper than `max`, if any. Only these
 * deepen the parser's recursion, so checking them here keeps pathological input away from the
 * call stack.
 */
export function tooDeepToken(tokens: readonly IToken[], max: number): IToken | undefined {
  let depth = 0;
  for (const t of tokens) {
    const type = t.tokenType;
    if (type === LParen || type === Keyword.CASE) {
      if (++depth > max) return t;
    } else if (type === RParen || type === Keyword.END) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}
